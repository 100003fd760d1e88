/**
 * The moderator's steps that need more than a line, as small forms opened under a queue entry:
 *   redact  an editable copy of the text, where personal data is replaced (the server keeps the
 *           original for admins);
 *   merge   the comment this one duplicates: the nearby ones offered as radio buttons, or a number;
 *   route   a department (the hromada's list grows from use; any name may be typed) and/or a
 *           deputy, the comment's district's deputies first.
 * Each is a <form> with labelled fields, so Enter sends it and a screen reader names every field;
 * errors come back in a role=alert paragraph. Texts are text nodes.
 */
import { ApiError } from '../auth/session.js';
import { el } from '../dom.js';
import type { CommentsApi, QueueEntry } from './api.js';
import { pick, say, statusWord, W } from './words.js';

export const FORM_ACTIONS = ['redact', 'merge', 'route'] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];

type Send = (body: Record<string, unknown>) => Promise<void>;

function shell(e: QueueEntry, action: FormAction, fields: (HTMLElement | null)[], submitLabel: string, collect: () => Record<string, unknown> | string, send: Send, cancel: () => void): HTMLFormElement {
  const error = el('p', { class: 'form-error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'editor-button', 'data-submit': action }, [submitLabel]);
  const back = el('button', { type: 'button', class: 'editor-button' }, [pick(W.cancel)]);
  back.addEventListener('click', cancel);
  const form = el('form', { class: 'moderation-form', 'data-form': action, 'data-comment': e.id, novalidate: true }, [
    ...fields, error, el('div', { class: 'form-actions' }, [submit, back]),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = collect();
    if (typeof body === 'string') {
      error.textContent = body;
      return;
    }
    submit.disabled = true;
    try {
      await send(body);
    } catch (err) {
      error.textContent = say(W.failed, { why: err instanceof ApiError ? err.message : String(err) });
      submit.disabled = false;
    }
  });
  return form;
}

function redactForm(e: QueueEntry, send: Send, cancel: () => void): HTMLFormElement {
  const id = `redact-${e.id}`;
  const text = el('textarea', { id, rows: 4, maxlength: 4000, 'aria-describedby': `${id}-hint` });
  text.value = e.body;
  return shell(e, 'redact', [
    el('label', { for: id }, [pick(W.redactLabel)]), text, el('p', { id: `${id}-hint`, class: 'form-hint' }, [pick(W.redactHint)]),
  ], pick(W.redactSave), () => (text.value.trim().length >= 3 ? { body: text.value.trim() } : say(W.failed, { why: pick(W.redactLabel) })), send, cancel);
}

async function mergeForm(api: CommentsApi, e: QueueEntry, send: Send, cancel: () => void): Promise<HTMLFormElement> {
  const candidates = await api.duplicates(e.id).catch(() => []);
  const name = `merge-into-${e.id}`;
  const number = el('input', { id: `${name}-number`, type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' });
  const options = candidates.map((c) => {
    const radio = el('input', { type: 'radio', name, value: c.id, id: `${name}-${c.id}` });
    radio.addEventListener('change', () => { number.value = ''; });
    return el('li', {}, [radio, ' ', el('label', { for: radio.id }, [
      `№${c.id} · ${statusWord(c.status)} · ${c.distanceM} м · ${say(W.supporters, { n: c.supporters })}: `, el('span', { class: 'comment-body' }, [c.body]),
    ])]);
  });
  return shell(e, 'merge', [
    el('fieldset', {}, [
      el('legend', {}, [say(W.mergeLegend, { id: e.id })]),
      el('p', {}, [pick(candidates.length ? W.mergeNearby : W.mergeNone)]),
      options.length ? el('ul', { class: 'merge-candidates' }, options) : null,
      el('label', { for: number.id }, [pick(W.mergeNumber)]), number,
    ]),
  ], pick(W.mergeSave), () => {
    const typed = number.value.trim().replace(/^№/, '');
    const chosen = (document.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value;
    const into = typed ? Number(typed) : chosen ? Number(chosen) : NaN;
    return Number.isInteger(into) && into > 0 ? { into } : pick(W.mergeChoose);
  }, send, cancel);
}

async function routeForm(api: CommentsApi, e: QueueEntry, send: Send, cancel: () => void): Promise<HTMLFormElement> {
  const options = await api.routeOptions(e.id).catch(() => ({ departments: [], deputies: [] }));
  const id = `route-${e.id}`;
  const department = el('input', { id: `${id}-department`, type: 'text', maxlength: 200, list: `${id}-departments`, autocomplete: 'off' });
  department.value = e.routedDepartment ?? '';
  const list = el('datalist', { id: `${id}-departments` }, options.departments.map((d) => el('option', { value: d })));
  const deputyOption = (d: (typeof options.deputies)[number]) =>
    el('option', { value: d.id, selected: d.id === e.routedDeputyId }, [d.district !== null ? `${d.name} (${say(W.district, { n: d.district })})` : d.name]);
  const ours = options.deputies.filter((d) => d.ofThisDistrict);
  const others = options.deputies.filter((d) => !d.ofThisDistrict);
  const deputy = el('select', { id: `${id}-deputy` }, [
    el('option', { value: '' }, [pick(W.noDeputy)]),
    ours.length ? el('optgroup', { label: pick(W.districtDeputies) }, ours.map(deputyOption)) : null,
    others.length ? el('optgroup', { label: pick(W.otherDeputies) }, others.map(deputyOption)) : null,
  ]);
  return shell(e, 'route', [
    el('fieldset', {}, [
      el('legend', {}, [say(W.routeLegend, { id: e.id })]),
      el('label', { for: department.id }, [pick(W.department)]), department, list,
      el('label', { for: deputy.id }, [pick(W.deputy)]), deputy,
    ]),
  ], pick(W.routeSave), () => {
    const body: Record<string, unknown> = {};
    if (department.value.trim()) body.department = department.value.trim();
    if (deputy.value) body.deputyId = Number(deputy.value);
    return Object.keys(body).length ? body : pick(W.routeChoose);
  }, send, cancel);
}

/** The form of a step that needs one, filled from the server where it offers choices. */
export function moderationForm(api: CommentsApi, action: FormAction, e: QueueEntry, send: Send, cancel: () => void): Promise<HTMLFormElement> {
  if (action === 'redact') return Promise.resolve(redactForm(e, send, cancel));
  return action === 'merge' ? mergeForm(api, e, send, cancel) : routeForm(api, e, send, cancel);
}
