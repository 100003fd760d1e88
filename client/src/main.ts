/**
 * The map client's entry: reads the hromada from the path and the map state from the URL, fetches
 * the catalog, and mounts the map host (map/host.ts) with the services that plug into it
 * (services/mapService.ts). Each service is one line in SERVICES.
 */
import 'ol/ol.css';
import './app.css';
import { mountAccount } from './auth/signIn.js';
import { Session } from './auth/session.js';
import { CatalogError, fetchCatalog, municipalityFromPath, type CatalogDocument } from './catalog.js';
import { byId, el } from './dom.js';
import { setLanguage, t, translatePage } from './i18n.js';
import { MapHost } from './map/host.js';
import { parseHash } from './permalink.js';
import { RegistryService } from './registry/service.js';
import { AccessibilityService } from './accessibility/service.js';
import { DistrictsService } from './districts/service.js';
import { CommentsService } from './comments/service.js';
import type { MapService } from './services/mapService.js';
import { ShareService } from './share/service.js';
import { AccountsService } from './accounts/service.js';

/** The services on the map, in the order their tools appear in the sidebar. */
const SERVICES: (() => MapService)[] = [() => new RegistryService(), () => new AccessibilityService(), () => new DistrictsService(), () => new CommentsService(), () => new ShareService(), () => new AccountsService()];

function showFatal(message: string): void {
  byId('map').replaceChildren(el('p', { class: 'fatal', role: 'alert' }, [message]));
  byId('list-summary').textContent = '';
}

function wireSkipLink(): void {
  // The hash holds the map state, so the skip link moves focus itself instead of navigating.
  byId('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    const target = byId('feature-list');
    target.scrollIntoView({ block: 'start' });
    target.focus();
  });
}

async function start(): Promise<void> {
  const initial = parseHash(location.hash);
  if (initial.lang) setLanguage(initial.lang);
  translatePage();
  wireSkipLink();
  const slug = municipalityFromPath(location.pathname);
  if (!slug) return showFatal(t('unknownHromada'));
  let catalog: CatalogDocument;
  try {
    catalog = await fetchCatalog(slug);
  } catch (error) {
    return showFatal(t(error instanceof CatalogError && error.status === 404 ? 'unknownHromada' : 'catalogFailed'));
  }
  const session = new Session(slug);
  mountAccount(byId('account'), session);
  new MapHost(catalog, session, SERVICES.map((create) => create()), initial).start();
  void session.restore();
}

void start();
