/**
 * «Облікові записи / Accounts», a hromada admin's page in a dialog: a form for a new account
 * (login, name, password or a one-time one shown once, roles, the deputy it is for, found by
 * name) and the hromada's accounts, each with its roles, its deputy and whether it is active;
 * «Змінити» opens the same choices for one account, and «Вимкнути» ends its sessions at once.
 * The server decides what is allowed (roles, the hromada, no self-lockout): a refusal is shown in
 * the form's own alert, beside the field it names. Every text is a text node.
 */
import { ApiError } from '../auth/session.js';
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { pick, say } from '../i18n.js';
import { announce } from '../panels/status.js';
import type { Account, AccountsApi, Role } from './api.js';
import { deputyLabel, DeputyPicker } from './deputyPicker.js';
import { A, ROLE_WORDS, TICKED_ROLES } from './words.js';

let forms = 0;

/** Checkboxes of the roles an admin ticks, with their current state. */
function roleBoxes(checked: readonly Role[]): { element: HTMLFieldSetElement; value: () => Role[] } {
  const n = ++forms;
  const boxes = TICKED_ROLES.map((role) => {
    const input = el('input', { type: 'checkbox', id: `role-${role}-${n}`, value: role, checked: checked.includes(role) });
    return { role, input, row: el('div', { class: 'field-checkbox' }, [input, el('label', { for: input.id }, [pick(ROLE_WORDS[role])])]) };
  });
  return {
    element: el('fieldset', { class: 'account-roles' }, [el('legend', {}, [pick(A.roles)]), ...boxes.map((b) => b.row)]),
    value: () => boxes.filter((b) => b.input.checked).map((b) => b.role),
  };
}

function field(label: string, input: HTMLInputElement, hint?: string): HTMLElement {
  const hintId = hint ? `${input.id}-hint` : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return el('div', { class: 'field' }, [el('label', { for: input.id }, [label]), input, hint ? el('p', { class: 'field-hint', id: hintId }, [hint]) : null]);
}

/** A refusal in the form's alert; the field it names marked invalid. */
function showRefusal(error: unknown, alert: HTMLElement, form: HTMLElement): void {
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  alert.textContent = say(A.failed, { message: error instanceof Error ? error.message : String(error) });
  if (error instanceof ApiError) {
    for (const f of error.fields) form.querySelector(`[name="${f.field}"]`)?.setAttribute('aria-invalid', 'true');
  }
}

export class AccountsDialog {
  private readonly dialog = new Dialog('accounts-dialog', () => pick(A.close));
  private readonly list = el('ul', { class: 'account-list' });
  private readonly listStatus = el('p', { class: 'list-summary', 'aria-live': 'polite' });

  constructor(private readonly api: AccountsApi) {}

  async open(): Promise<void> {
    const form = this.newAccountForm();
    replaceChildren(this.dialog.body, [
      el('h3', {}, [pick(A.newTitle)]), form.element,
      el('h3', {}, [pick(A.listTitle)]), this.listStatus, this.list,
    ]);
    this.dialog.open(pick(A.title), form.first);
    await this.fill();
  }

  private async fill(): Promise<void> {
    this.listStatus.textContent = pick(A.loading);
    try {
      const accounts = await this.api.list();
      this.listStatus.textContent = '';
      replaceChildren(this.list, accounts.map((a) => this.entry(a)));
    } catch (error) {
      this.listStatus.textContent = say(A.failed, { message: (error as Error).message });
    }
  }

  private newAccountForm(): { element: HTMLFormElement; first: HTMLInputElement } {
    const login = el('input', { id: 'account-login', name: 'login', required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', minlength: 3, maxlength: 80 });
    const name = el('input', { id: 'account-name', name: 'displayName', required: true, autocomplete: 'off', maxlength: 120 });
    const password = el('input', { id: 'account-password', name: 'password', type: 'password', autocomplete: 'new-password', minlength: 10, maxlength: 200 });
    const roles = roleBoxes([]);
    const deputy = new DeputyPicker(this.api, null);
    deputy.element.querySelector('input[type=search]')?.setAttribute('name', 'deputyId');
    const alert = el('p', { class: 'form-error', role: 'alert' });
    const result = el('div', { class: 'account-created', role: 'status' });
    const submit = el('button', { type: 'submit', class: 'primary' }, [pick(A.create)]);
    const form = el('form', { class: 'account-form', novalidate: true }, [
      field(pick(A.login), login, pick(A.loginHint)),
      field(pick(A.displayName), name),
      field(pick(A.password), password, pick(A.passwordHint)),
      roles.element,
      deputy.element,
      alert,
      el('div', { class: 'form-actions' }, [submit]),
      result,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      alert.textContent = '';
      replaceChildren(result, []);
      const deputyId = deputy.value;
      this.api.create({
        login: login.value.trim(), displayName: name.value.trim(), roles: [...roles.value(), ...(deputyId ? ['deputy' as const] : [])], deputyId,
        ...(password.value ? { password: password.value } : {}),
      }).then(({ user, oneTimePassword }) => {
        replaceChildren(result, [
          el('p', {}, [say(A.created, { login: user.login }), user.deputy ? ` ${say(A.tiedTo, { name: deputyLabel(user.deputy) })}` : '']),
          oneTimePassword ? el('p', { class: 'one-time-password' }, [say(A.oneTime, { login: user.login }), ' ', el('code', {}, [oneTimePassword])]) : null,
          oneTimePassword ? el('p', { class: 'field-hint' }, [pick(A.oneTimeHint)]) : null,
        ]);
        login.value = '';
        name.value = '';
        password.value = '';
        form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
        void this.fill();
      }, (error: unknown) => showRefusal(error, alert, form)).finally(() => {
        submit.disabled = false;
      });
    });
    return { element: form, first: login };
  }

  private entry(account: Account): HTMLLIElement {
    const headingId = `account-${account.id}-name`;
    const editId = `account-${account.id}-edit`;
    const edit = el('button', { type: 'button', class: 'editor-button', 'aria-expanded': 'false', 'aria-controls': editId, 'aria-label': say(A.editOf, { login: account.login }) }, [pick(A.edit)]);
    const toggle = el('button', { type: 'button', class: 'editor-button', 'aria-describedby': headingId }, [pick(account.active ? A.deactivate : A.activate)]);
    const alert = el('p', { class: 'form-error', role: 'alert' });
    const panel = el('div', { class: 'account-edit', id: editId, hidden: true });
    const item = el('li', { class: `account${account.active ? '' : ' account-inactive'}`, 'data-login': account.login }, [
      el('h4', { id: headingId, class: 'account-title' }, [account.displayName, ' ', el('span', { class: 'account-login' }, [`(${account.login})`])]),
      el('p', {}, [account.roles.length ? account.roles.map((r) => pick(ROLE_WORDS[r])).join(', ') : pick(A.noRoles), ' · ', pick(account.active ? A.active : A.inactive)]),
      account.deputy ? el('p', {}, [say(A.tiedTo, { name: deputyLabel(account.deputy) })]) : null,
      el('div', { class: 'form-actions' }, [edit, toggle]),
      alert,
      panel,
    ]);
    edit.addEventListener('click', () => {
      const opening = panel.hidden;
      panel.hidden = !opening;
      edit.setAttribute('aria-expanded', String(opening));
      if (opening) this.editForm(account, panel, alert);
    });
    toggle.addEventListener('click', () => {
      toggle.disabled = true;
      this.api.change(account.id, { active: !account.active }).then((changed) => {
        announce(say(A.saved, { login: changed.login }));
        item.replaceWith(this.entry(changed));
      }, (error: unknown) => showRefusal(error, alert, item)).finally(() => {
        toggle.disabled = false;
      });
    });
    return item;
  }

  private editForm(account: Account, panel: HTMLElement, alert: HTMLElement): void {
    const roles = roleBoxes(account.roles);
    roles.element.querySelector('input')?.setAttribute('name', 'roles');
    const deputy = new DeputyPicker(this.api, account.deputy && { ...account.deputy, faction: null });
    const save = el('button', { type: 'submit', class: 'primary' }, [pick(A.save)]);
    const form = el('form', { class: 'account-form' }, [roles.element, deputy.element, el('div', { class: 'form-actions' }, [save])]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save.disabled = true;
      alert.textContent = '';
      const deputyId = deputy.value;
      this.api.change(account.id, { roles: [...roles.value(), ...(deputyId ? ['deputy' as const] : [])], deputyId }).then((changed) => {
        announce(say(A.saved, { login: changed.login }));
        const item = panel.closest('li');
        const fresh = this.entry(changed);
        item?.replaceWith(fresh);
        fresh.querySelector<HTMLElement>('button')?.focus();
      }, (error: unknown) => showRefusal(error, alert, form)).finally(() => {
        save.disabled = false;
      });
    });
    replaceChildren(panel, [form]);
  }
}
