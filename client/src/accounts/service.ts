/**
 * The accounts page as a service of the map: for a signed-in admin of the hromada, a button among
 * the sidebar's tools opens «Облікові записи» (accountsDialog.ts). Everyone else never sees it,
 * and the server refuses them anyway.
 */
import { el } from '../dom.js';
import { onLanguageChange, pick } from '../i18n.js';
import type { MapService, ServiceHost } from '../services/mapService.js';
import { AccountsApi } from './api.js';
import { AccountsDialog } from './accountsDialog.js';
import { A } from './words.js';
import './accounts.css';

export class AccountsService implements MapService {
  readonly id = 'accounts';
  readonly groups = [] as const;

  mount(host: ServiceHost): void {
    const dialog = new AccountsDialog(new AccountsApi(host.session));
    const open = el('button', { type: 'button', id: 'accounts-open', class: 'editor-button', hidden: true }, [pick(A.open)]);
    open.addEventListener('click', () => void dialog.open());
    host.tools.append(el('div', { class: 'account-tools' }, [open]));
    onLanguageChange(() => {
      open.textContent = pick(A.open);
    });
    host.session.onChange((user) => {
      open.hidden = !user?.roles.includes('admin');
    });
  }
}
