/**
 * One form in the editor's dialog: labelled fields that check themselves, one submit, the server's
 * refusal marked at its fields, and a conflict (409 with the other editor's changes) handed to the
 * caller. Shared by the card's actions (editor.ts) and the permit, payment and owner editors
 * (recordEditors.ts).
 */
import { ApiError } from '../auth/session.js';
import type { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { pick, say } from '../i18n.js';
import type { FieldSet } from './fields.js';
import { M } from './messages.js';

export interface FormDialogOptions {
  title: string;
  intro?: HTMLElement[];
  fields: FieldSet;
  submitLabel: string;
  /** Sends the form; its result goes to `done`. */
  send: () => Promise<unknown>;
  done: (result: unknown) => void | Promise<void>;
  /** A 409 with the other editor's changes. */
  conflict?: (error: ApiError) => void;
  /** Shown under the form (e.g. "back to the list"). */
  extra?: HTMLElement[];
}

export function openFormDialog(dialog: Dialog, o: FormDialogOptions): void {
  const status = el('p', { class: 'form-status', role: 'status' });
  const submit = el('button', { type: 'submit', class: 'primary' }, [o.submitLabel]);
  const form = el('form', { novalidate: true }, [...(o.intro ?? []), o.fields.element, status, el('div', { class: 'form-actions' }, [submit, ...(o.extra ?? [])])]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const invalid = o.fields.validateAll();
    if (invalid) {
      status.textContent = pick(M.fixFields);
      return invalid.focus();
    }
    submit.disabled = true;
    status.textContent = pick(M.saving);
    o.send().then(async (result) => {
      await o.done(result);
    }, (error: unknown) => {
      if (error instanceof ApiError && error.status === 409 && error.problem.changes && o.conflict) return o.conflict(error);
      const marked = error instanceof ApiError ? o.fields.showServerErrors(error.fields) : null;
      status.textContent = say(M.failed, { message: (error as Error).message });
      marked?.focus();
    }).finally(() => {
      submit.disabled = false;
    });
  });
  replaceChildren(dialog.body, [form]);
  dialog.open(o.title, form.querySelector<HTMLElement>('input, select, textarea'));
}
