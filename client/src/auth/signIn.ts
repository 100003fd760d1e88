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
    const change = el('button', { type: 'button', class: 'account-button', id: 'change-password' }, [pick(M.changePassword)]);
    change.addEventListener('click', () => openPasswordChange());
    replaceChildren(container, [el('span', { class: 'account-name' }, [user.displayName]), ...(user.mustChangePassword ? [change] : []), out]);
  };

  /** A one-time password's holder sets their own (server/auth/routes.ts POST /password). */
  function openPasswordChange(): void {
    const field = (id: string, label: string, autocomplete: string) => {
      const input = el('input', { id, name: id, type: 'password', autocomplete, required: true });
      return { input, box: el('div', { class: 'field' }, [el('label', { for: id }, [label]), input]) };
    };
    const current = field('password-current', pick(M.currentPassword), 'current-password');
    const next = field('password-new', pick(M.newPassword), 'new-password');
    const again = field('password-again', pick(M.repeatPassword), 'new-password');
    next.input.minLength = 10;
    const error = el('p', { class: 'form-error', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'primary' }, [pick(M.changePassword)]);
    const form = el('form', { class: 'sign-in-form' }, [
      el('p', {}, [pick(M.changePasswordWhy)]), current.box, next.box, again.box, error, el('div', { class: 'form-actions' }, [submit]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      if (next.input.value !== again.input.value) {
        error.textContent = pick(M.passwordsDiffer);
        again.input.focus();
        return;
      }
      submit.disabled = true;
      session.changePassword(current.input.value, next.input.value).then(() => {
        dialog.close();
        announce(pick(M.passwordChanged));
        container.querySelector<HTMLElement>('#sign-out')?.focus();
      }, (e: unknown) => {
        error.textContent = e instanceof ApiError ? e.message : String(e);
        const wrong = e instanceof ApiError && e.problem.field === 'currentPassword' ? current.input : next.input;
        wrong.select();
        wrong.focus();
      }).finally(() => {
        submit.disabled = false;
      });
    });
    replaceChildren(dialog.body, [form]);
    dialog.open(pick(M.changePasswordTitle), current.input);
  }

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
        announce(say(M.signedInAs, { name: user.displayName }));
        // a one-time password: the same dialog goes on to the change, nothing else is allowed yet
        if (user.mustChangePassword) return openPasswordChange();
        dialog.close();
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
