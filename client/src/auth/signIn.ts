/**
 * The header's account control: "Увійти" opens a small sign-in dialog (labelled fields, focus on
 * the login, Esc closes, a wrong password said in the dialog's own alert); once signed in it
 * names the user and offers "Вийти".
 */
import { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { onLanguageChange, pick, say } from '../i18n.js';
import { announce } from '../panels/status.js';
import { M } from '../registry/messages.js';
import { ApiError, type Session } from './session.js';

export function mountAccount(container: HTMLElement, session: Session): void {
  const dialog = new Dialog('sign-in-dialog', () => pick(M.close));
  const render = () => {
    const user = session.user;
    if (!user) {
      const open = el('button', { type: 'button', class: 'account-button', id: 'sign-in' }, [pick(M.signIn)]);
      open.addEventListener('click', () => openDialog());
      replaceChildren(container, [open]);
      return;
    }
    const out = el('button', { type: 'button', class: 'account-button', id: 'sign-out' }, [pick(M.signOut)]);
    out.addEventListener('click', () => {
      void session.signOut().then(() => announce(pick(M.signedOut)));
    });
    replaceChildren(container, [el('span', { class: 'account-name' }, [user.displayName]), out]);
  };

  function openDialog(): void {
    const login = el('input', { id: 'sign-in-login', name: 'login', autocomplete: 'username', required: true });
    const password = el('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = el('p', { class: 'form-error', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'primary' }, [pick(M.signIn)]);
    const form = el('form', { class: 'sign-in-form' }, [
      el('div', { class: 'field' }, [el('label', { for: login.id }, [pick(M.login)]), login]),
      el('div', { class: 'field' }, [el('label', { for: password.id }, [pick(M.password)]), password]),
      error,
      el('div', { class: 'form-actions' }, [submit]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      session.signIn(login.value.trim(), password.value).then((user) => {
        dialog.close();
        announce(say(M.signedInAs, { name: user.displayName }));
        container.querySelector<HTMLElement>('#sign-out')?.focus();
      }, (e: unknown) => {
        error.textContent = e instanceof ApiError ? e.message : String(e);
        password.select();
        password.focus();
      }).finally(() => {
        submit.disabled = false;
      });
    });
    replaceChildren(dialog.body, [form]);
    dialog.open(pick(M.signInTitle), login);
  }

  session.onChange(render);
  onLanguageChange(render);
  render();
}
