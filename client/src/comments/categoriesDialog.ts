/**
 * The admin's editor of the hromada's comment topics (PUT …/comments/categories/{code}) and of its
 * time to answer (PUT …/comments/settings, per hromada: past it a comment is overdue). A topic is
 * renamed, moved under another kind (its colour on the map) or hidden from residents; a topic in
 * use is never deleted, so its comments keep it. One small form per topic, one for a new topic.
 */
import { ApiError } from '../auth/session.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../panels/status.js';
import { COMMENT_CATEGORIES } from '../../../server/rules/vocabularies.js';
import type { AdminCategory, CategoryChange, CommentsApi } from './api.js';
import { pick, say, W } from './words.js';

function field(id: string, label: string, input: HTMLElement): HTMLElement[] {
  return [el('label', { for: id }, [label]), input];
}

function kindSelect(id: string, value: string): HTMLSelectElement {
  const select = el('select', { id }, COMMENT_CATEGORIES.map((k) => el('option', { value: k.value, selected: k.value === value }, [pick(k.label)])));
  select.value = value;
  return select;
}

export class CategoriesDialog {
  private readonly dialog = new Dialog('comment-dialog comment-categories', () => t('close'));

  /** `changed`: the topics changed (the comment form and the map's legend read them). */
  constructor(private readonly api: CommentsApi, private readonly changed: () => void) {}

  async open(): Promise<void> {
    await this.fill();
    this.dialog.open(pick(W.categories));
  }

  private async fill(): Promise<void> {
    const { responseDays, categories } = await this.api.allCategories();
    replaceChildren(this.dialog.body, [
      this.daysForm(responseDays),
      el('ul', { class: 'category-list' }, categories.map((c) => el('li', { 'data-category': c.code }, [this.categoryForm(c)]))),
      this.newForm(),
    ]);
  }

  /** A form whose submit runs `save`, reporting success or the server's words in its own status line. */
  private form(name: string, children: (HTMLElement | null)[], submitLabel: string, save: () => Promise<void>): HTMLFormElement {
    const status = el('p', { class: 'form-status', role: 'status' });
    const submit = el('button', { type: 'submit', class: 'editor-button' }, [submitLabel]);
    const form = el('form', { class: 'comment-form', 'data-form': name }, [...children, el('div', { class: 'form-actions' }, [submit]), status]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await save();
        status.textContent = pick(W.saved);
        announce(pick(W.saved));
      } catch (err) {
        status.textContent = say(W.failed, { why: err instanceof ApiError ? err.message : String(err) });
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  private daysForm(days: number): HTMLFormElement {
    const input = el('input', { id: 'comment-response-days', type: 'number', min: 1, max: 365, required: true, inputmode: 'numeric' });
    input.value = String(days);
    return this.form('response-days', field(input.id, pick(W.responseDays), input), pick(W.saveDays), async () => {
      await this.api.saveResponseDays(Number(input.value));
      this.changed();
    });
  }

  private inputs(prefix: string, c: Partial<AdminCategory>) {
    const nameUk = el('input', { id: `${prefix}-uk`, type: 'text', maxlength: 120, required: true, value: c.nameUk ?? '' });
    const nameEn = el('input', { id: `${prefix}-en`, type: 'text', maxlength: 120, required: true, value: c.nameEn ?? '' });
    const kind = kindSelect(`${prefix}-kind`, c.kind ?? 'other');
    const active = el('input', { id: `${prefix}-active`, type: 'checkbox', checked: c.active ?? true });
    const change = (): CategoryChange => ({ kind: kind.value, nameUk: nameUk.value.trim(), nameEn: nameEn.value.trim(), active: active.checked });
    const fields = [
      ...field(nameUk.id, pick(W.nameUk), nameUk), ...field(nameEn.id, pick(W.nameEn), nameEn), ...field(kind.id, pick(W.kind), kind),
      el('div', { class: 'checkbox-row' }, [active, el('label', { for: active.id }, [pick(W.shown)])]),
    ];
    return { fields, change };
  }

  private categoryForm(c: AdminCategory): HTMLFormElement {
    const { fields, change } = this.inputs(`category-${c.code}`, c);
    return this.form(`category-${c.code}`, [
      el('fieldset', {}, [el('legend', {}, [`${c.code} · ${say(W.inUse, { n: c.comments })}`]), ...fields]),
    ], pick(W.save), async () => {
      await this.api.saveCategory(c.code, { ...change(), descriptionUk: c.descriptionUk, position: c.position });
      this.changed();
    });
  }

  private newForm(): HTMLFormElement {
    const code = el('input', { id: 'category-new-code', type: 'text', maxlength: 41, required: true, pattern: '[a-z][a-z0-9_]{1,40}', autocapitalize: 'off', spellcheck: 'false' });
    const { fields, change } = this.inputs('category-new', {});
    return this.form('category-new', [
      el('fieldset', {}, [el('legend', {}, [pick(W.addCategory)]), ...field(code.id, pick(W.code), code), ...fields]),
    ], pick(W.addTopic), async () => {
      await this.api.saveCategory(code.value.trim(), change());
      this.changed();
      await this.fill();
      this.dialog.heading.focus();
    });
  }
}
