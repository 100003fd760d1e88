/**
 * The registry of MAFs and advertising as a map service: on the card of a registry object, the
 * registry's own data (owner, permit in words, revenue, photos …) and, for a signed-in registry
 * editor, the editor's buttons; in the sidebar, the button to the registry's table, owner pages,
 * figures and downloads, and the editor's bar. The editor's code (drawing, forms, import) loads
 * only when a registry editor signs in, so a resident's phone never downloads it. After a write
 * the registry's tiles are fetched again and the saved object's card opens.
 */
import type { CatalogCollection } from '../catalog.js';
import { el } from '../dom.js';
import { onLanguageChange, pick } from '../i18n.js';
import { announce } from '../panels/status.js';
import { collectionsOf, type CardSection, type MapService, type ServiceHost } from '../services/mapService.js';
import { RegistryApi, type ObjectRecord } from './api.js';
import type { RegistryEditor } from './editor.js';
import { objectDetails } from './objectDetails.js';
import { PublicRegistry, type TableQuery } from './publicApi.js';
import { parseTableParam, RegistryBrowser, tableParam } from './registryBrowser.js';

const W = {
  open: { uk: 'Реєстр: таблиця, власники, показники, дані', en: 'Registry: table, owners, figures, data' },
  reloaded: { uk: 'Шари реєстру оновлено', en: 'The registry layers were refreshed' },
};

export class RegistryService implements MapService {
  readonly id = 'registry';
  readonly groups = ['registry'] as const;
  private host: ServiceHost | null = null;
  private collectionIds: string[] = [];
  private publicRegistry: PublicRegistry | null = null;
  private browser: RegistryBrowser | null = null;
  private editor: RegistryEditor | null = null;
  /** `owner=` and `table=` of the URL the map started with. */
  private ownerFromUrl: number | null = null;
  private tableFromUrl: TableQuery | null = null;
  private readonly editorBar = el('section', { id: 'editor-bar', class: 'editor-bar', 'aria-labelledby': 'editor-title', hidden: true });

  mount(host: ServiceHost): void {
    const collections = collectionsOf(host.catalog, this.groups);
    if (!collections.length) return;
    this.host = host;
    this.collectionIds = collections.map((c) => c.id);
    const { session } = host;
    this.publicRegistry = new PublicRegistry(session);
    // The table filters by legality in the words of the layer coloured by it.
    const colored = collections.find((c) => c.style.colorBy);
    const legality = colored?.properties.find((p) => p.name === colored.style.colorBy)?.values ?? [];
    const open = el('button', { type: 'button', id: 'open-registry', class: 'editor-button' }, [pick(W.open)]);
    this.browser = new RegistryBrowser(this.publicRegistry, new RegistryApi(session), legality.map(({ value, label }) => ({ value, label })), (row) => {
      host.showFeature(row.category, String(row.id), { at: row.point, opener: open });
    }, (ownerName) => {
      // the map's filter (layerFilter.ts) on the tiles' owner_name, in the URL; its separators
      // cannot be inside a value
      if (/[,|]/.test(ownerName)) return false;
      for (const id of this.collectionIds) host.setFilter(id, 'owner_name', [ownerName]);
      return true;
    });
    open.addEventListener('click', () => void this.browser!.open());
    // The table and an owner's page have their own URL (`table=…`, `owner=<id>`): shareable, and
    // back steps through them (from an owner's page back to the table it was opened from).
    this.browser.onViewChange = () => host.presentationChanged();
    if (this.ownerFromUrl !== null) void this.browser.openOwner(this.ownerFromUrl, true);
    else if (this.tableFromUrl) void this.browser.open(true, this.tableFromUrl);
    onLanguageChange(() => {
      open.textContent = pick(W.open);
    });
    host.tools.append(this.editorBar, el('div', { class: 'registry-tools' }, [open]));
    session.onChange(() => {
      host.cardChanged();
      void this.loadEditor();
    });
  }

  urlState(): Record<string, string> {
    const owner = this.browser?.shownOwner ?? null;
    if (owner !== null) return { owner: String(owner) };
    const table = this.browser?.shownTable ?? null;
    return table === null ? {} : { table };
  }

  applyUrlState(extras: Record<string, string>): void {
    const id = /^[1-9][0-9]{0,9}$/.test(extras.owner ?? '') ? Number(extras.owner) : null;
    const table = extras.table ? parseTableParam(extras.table) : null;
    if (!this.browser) {
      // at start, before mount: opened once the browser exists
      this.ownerFromUrl = id;
      this.tableFromUrl = table;
      return;
    }
    if (id !== null) {
      if (id !== this.browser.shownOwner) void this.browser.openOwner(id, true);
    } else if (table) {
      if (tableParam(table) !== this.browser.shownTable) void this.browser.open(true, table);
    } else this.browser.closeFromUrl();
  }

  holdsPointer(): boolean {
    return this.editor?.busy ?? false;
  }

  cardActions(_collection: CatalogCollection, id: string): HTMLElement | null {
    return this.editor?.actionsFor(id) ?? null;
  }

  async cardSection(_collection: CatalogCollection, id: string): Promise<CardSection | null> {
    if (!this.publicRegistry) return null;
    const details = await this.publicRegistry.object(id);
    return () => objectDetails(details, (ownerId) => void this.browser?.openOwner(ownerId));
  }

  private async loadEditor(): Promise<void> {
    const host = this.host!;
    if (this.editor || !host.session.canEditRegistry) return;
    const { RegistryEditor } = await import('./editor.js');
    this.editor ??= new RegistryEditor(host.map, host.session, this.editorBar, (record) => this.saved(record));
    host.cardChanged();
  }

  /** After a write: the record saved, or null after an import of many. */
  private saved(record: ObjectRecord | null): void {
    const host = this.host!;
    host.refresh(this.collectionIds);
    if (!record) return announce(pick(W.reloaded));
    host.showFeature(record.category, String(record.id));
  }
}
