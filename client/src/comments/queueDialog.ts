/**
 * The staff's queue: a hromada's comments for a moderator or an official, a district's for a
 * deputy, filtered by status; each with the steps the server says this person may take (publish,
 * reject with a reason, start, resolve or answer with a text; redact, merge and route through a
 * form of their own, moderationForms.ts). No resident's contact is here: the server does not send
 * one. Every text is a text node.
 */
import { ApiError } from '../auth/session.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { formatDate } from '../format.js';
import { t } from '../i18n.js';
import { announce } from '../panels/status.js';
import type { CommentsApi, QueueEntry } from './api.js';
import { FORM_ACTIONS, moderationForm, type FormAction } from './moderationForms.js';
import { ACTION_WORDS, pick, say, statusWord, W } from './words.js';

/** What each step asks of the person taking it: a field of the step's body, with its label. */
const NEEDS: Record<string, { field: string; label: { uk: string; en: string } } | undefined> = {
  reject: { field: 'reason', label: W.reason },
  resolve: { field: 'answer', label: W.answer },
  answer: { field: 'answer', label: W.answer },
  start: { field: 'note', label: W.note },
};
/** Steps taken by a button with the entry's one text field; redact, merge and route open a form. */
const OFFERED = ['publish', 'reject', 'start', 'resolve', 'answer'];
const STATUSES = ['new', 'published', 'in_progress', 'disputed', 'resolved', 'confirmed', 'rejected'];

export class QueueDialog {
  private readonly dialog = new Dialog('comment-dialog comment-queue', () => t('close'));
  private status = 'new';

  constructor(private readonly api: CommentsApi, private readonly changed: () => void, private readonly show: (entry: QueueEntry) => void) {}

  async open(): Promise<void> {
    const select = el('select', { id: 'queue-status' }, [
      el('option', { value: '' }, [pick(W.all)]),
      ...STATUSES.map((s) => el('option', { value: s, selected: s === this.status }, [statusWord(s)])),
    ]);
    select.value = this.status;
    const list = el('ul', { class: 'comment-queue-list' });
    select.addEventListener('change', () => {
      this.status = select.value;
      void this.fill(list);
    });
    replaceChildren(this.dialog.body, [el('label', { for: select.id }, [pick(W.filterStatus)]), ' ', select, list]);
    this.dialog.open(pick(W.queue), select);
    await this.fill(list);
  }

  private async fill(list: HTMLUListElement): Promise<void> {
    const entries = await this.api.queue(this.status ? `status=${this.status}` : '');
    replaceChildren(list, entries.length === 0 ? [el('li', {}, [pick(W.queueEmpty)])] : entries.map((e) => this.entry(e, list)));
  }

  private entry(e: QueueEntry, list: HTMLUListElement): HTMLLIElement {
    const error = el('p', { class: 'form-error', role: 'alert' });
    const text = el('textarea', { rows: 2, maxlength: 4000, 'aria-label': `${pick(W.answer)} №${e.id}` });
    const buttons = e.actions.filter((a) => OFFERED.includes(a)).map((action) => {
      const button = el('button', { type: 'button', class: 'editor-button', 'data-action': action, 'data-comment': e.id }, [pick(ACTION_WORDS[action])]);
      button.addEventListener('click', async () => {
        const need = NEEDS[action];
        const body = need && text.value.trim() ? { [need.field]: text.value.trim() } : {};
        try {
          await this.api.step(e.id, action, body);
          announce(`№${e.id}: ${pick(ACTION_WORDS[action])}`);
          this.changed();
          await this.fill(list);
        } catch (err) {
          error.textContent = say(W.failed, { why: err instanceof ApiError ? err.message : String(err) });
        }
      });
      return button;
    });
    // redact, merge, route: a button that opens (and closes) the step's form under the entry
    const formSlot = el('div', { id: `moderation-${e.id}`, class: 'moderation-slot' });
    const formButtons = e.actions.filter((a): a is FormAction => (FORM_ACTIONS as readonly string[]).includes(a)).map((action) => {
      const button = el('button', { type: 'button', class: 'editor-button', 'data-action': action, 'data-comment': e.id,
        'aria-expanded': 'false', 'aria-controls': formSlot.id }, [pick(ACTION_WORDS[action])]);
      button.addEventListener('click', async () => {
        const wasOpen = button.getAttribute('aria-expanded') === 'true';
        for (const b of formButtons) b.setAttribute('aria-expanded', 'false');
        formSlot.replaceChildren();
        if (wasOpen) return;
        button.setAttribute('aria-expanded', 'true');
        const close = () => {
          formSlot.replaceChildren();
          button.setAttribute('aria-expanded', 'false');
          button.focus();
        };
        const form = await moderationForm(this.api, action, e, async (body) => {
          await this.api.step(e.id, action, body);
          announce(`№${e.id}: ${pick(ACTION_WORDS[action])}`);
          this.changed();
          await this.fill(list);
        }, close);
        formSlot.replaceChildren(form);
        form.querySelector<HTMLElement>('textarea, input, select')?.focus();
      });
      return button;
    });
    const where = el('button', { type: 'button', class: 'link-button' }, [`№${e.id}`]);
    where.addEventListener('click', () => this.show(e));
    return el('li', { class: 'comment-queue-entry', 'data-comment': e.id }, [
      el('p', {}, [where, ` · ${statusWord(e.status)} · ${formatDate(e.createdAt)}`,
        e.district !== null ? ` · ${say(W.district, { n: e.district })}` : '', e.overdue ? ` · ${pick(W.overdue)}` : '',
        e.supporters ? ` · ${say(W.supporters, { n: e.supporters })}` : '']),
      el('p', { class: 'comment-body' }, [e.body]),
      e.answer ? el('p', {}, [`${pick(W.answer)}: `, e.answer]) : null,
      e.routedDepartment || e.routedDeputyId ? el('p', {}, [say(W.routed, { to: [e.routedDepartment, e.routedDeputyName].filter(Boolean).join('; ') })]) : null,
      buttons.length ? text : null,
      el('div', { class: 'form-actions' }, [...buttons, ...formButtons]),
      formSlot,
      error,
    ]);
  }
}
