/**
 * Sharing and embedding as a map service: one button among the services' tools that opens the
 * share dialog (shareDialog.ts); for the hromada's admin the dialog also holds the setting of
 * which sites may frame its maps (framingSettings.ts). It serves no layer group: it only reads the
 * map's state from the URL.
 */
import { municipalityFromPath } from '../catalog.js';
import { el } from '../dom.js';
import { onLanguageChange, say } from '../i18n.js';
import type { MapService, ServiceHost } from '../services/mapService.js';
import { framingSettings } from './framingSettings.js';
import { ShareDialog } from './shareDialog.js';
import { WORDS } from './words.js';
import './share.css';

export class ShareService implements MapService {
  readonly id = 'share';
  readonly groups = [] as const;

  mount(host: ServiceHost): void {
    const slug = municipalityFromPath(location.pathname);
    if (!slug) return;
    const dialog = new ShareDialog(host.catalog, slug, () => framingSettings(host.session));
    const button = el('button', { type: 'button', id: 'open-share', class: 'editor-button' }, [say(WORDS.open)]);
    button.addEventListener('click', () => dialog.open());
    onLanguageChange(() => {
      button.textContent = say(WORDS.open);
    });
    host.tools.append(el('div', { class: 'share-tools' }, [button]));
  }
}
