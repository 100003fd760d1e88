/**
 * Opening and closing a feature's card on the map: the selection and the URL follow it, the full
 * record replaces the tile's few properties as it arrives, the feature's service adds its section
 * and actions, the map moves so the feature shows beside (or above) the card, and focus goes
 * back where a keyboard user expects it when the card closes.
 */
import type OlMap from 'ol/Map.js';
import { containsCoordinate, getCenter, type Extent } from 'ol/extent.js';
import { transformExtent } from 'ol/proj.js';
import type { CatalogCollection } from '../catalog.js';
import { fetchFeature, lonLatExtent } from '../features/ogcItems.js';
import type { Selection } from '../features/selection.js';
import { onLanguageChange, t } from '../i18n.js';
import { FeaturePanel } from '../panels/featurePanel.js';
import { announce } from '../panels/status.js';
import type { CardSection, MapService } from '../services/mapService.js';
import { centreFor, coverOf, hiddenByCard, type Cover } from './placement.js';

export interface OpenHow {
  /** Focus the card's heading (the user opened it), else announce it (the URL did). */
  focus: boolean;
  /** Where focus returns when the card closes; `openerKey` finds a list entry again after a rebuild. */
  opener?: HTMLElement | null;
  openerKey?: string | null;
  /** Where the feature is (view projection), to bring it into sight beside the card. */
  anchor?: Extent;
  isPoint?: boolean;
  /** Move the map only when the card hides the feature (a click on the map). */
  onlyIfHidden?: boolean;
  /** Bring the full geometry into sight once loaded (a card opened from a link or after a save). */
  fitWhenLoaded?: boolean;
}

export interface FeatureCardOptions {
  element: HTMLElement;
  map: OlMap;
  selection: Selection;
  serviceFor(collection: CatalogCollection): MapService | undefined;
  /** Every mounted service: each may add actions and a section to any card (MapService.anyCard…). */
  services: readonly MapService[];
  /** The list's entry with this key, if it is listed now. */
  listEntry(key: string): HTMLElement | null;
  /** The URL records the new state. */
  record(): void;
}

const motion = () => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 250);

export class FeatureCard {
  private readonly panel: FeaturePanel;
  private pending: AbortController | null = null;
  private opener: { element: HTMLElement | null; key: string | null } = { element: null, key: null };
  private section: CardSection | null = null;
  private gliding = false;

  constructor(private readonly options: FeatureCardOptions) {
    this.panel = new FeaturePanel(options.element, () => this.close(true));
    onLanguageChange(() => {
      if (!this.panel.isOpen) return;
      this.refreshActions();
      this.panel.setDetails(this.section?.() ?? null);
    });
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  /** True once after the map glided to a card just opened: that move belongs to the card's history entry. */
  takeGlide(): boolean {
    const glided = this.gliding;
    this.gliding = false;
    return glided;
  }

  async open(collection: CatalogCollection, id: string, tileProperties: Record<string, unknown>, how: OpenHow): Promise<void> {
    const { selection, serviceFor, record } = this.options;
    this.pending?.abort();
    const request = new AbortController();
    this.pending = request;
    if (how.focus) this.opener = { element: how.opener ?? null, key: how.openerKey ?? null };
    selection.set({ collection: collection.id, id });
    const service = serviceFor(collection);
    this.section = null;
    this.panel.setActions(this.actionsFor(collection, id));
    this.panel.setDetails(null);
    this.panel.show(collection, id, tileProperties, 'loading', how.focus);
    void this.loadSection(service, collection, id, request);
    record();
    if (how.anchor) this.bringIntoView(how.anchor, how.isPoint ?? true, how.onlyIfHidden);
    try {
      const feature = await fetchFeature(collection, id, request.signal);
      if (this.pending !== request) return;
      this.panel.show(collection, id, feature.properties, 'complete', false);
      if (!how.focus) announce(t('opened', { name: this.panel.titleText() }));
      const lonLat = lonLatExtent(feature.geometry);
      if (how.fitWhenLoaded && lonLat) this.bringIntoView(transformExtent(lonLat, 'EPSG:4326', 'EPSG:3857'), feature.geometry?.type === 'Point');
    } catch (error) {
      if ((error as Error).name === 'AbortError' || this.pending !== request) return;
      this.panel.show(collection, id, tileProperties, 'partial', false);
    }
  }

  close(restoreFocus: boolean): void {
    if (!this.panel.isOpen) return;
    this.pending?.abort();
    this.pending = null;
    this.options.selection.set(null);
    this.panel.hide();
    this.options.record();
    if (!restoreFocus) return;
    // The list may have been rebuilt while the card was open: find the entry again by its key.
    const entry = this.opener.key ? this.options.listEntry(this.opener.key) : null;
    const element = this.opener.element?.isConnected ? this.opener.element : this.options.map.getTargetElement()!;
    (entry ?? element).focus();
  }

  /** Asks the shown feature's service again what the user may do with it (after a sign-in, say). */
  refreshActions(): void {
    const shown = this.panel.current;
    if (!shown || !this.panel.isOpen) return;
    this.panel.setActions(this.actionsFor(shown.collection, shown.id));
  }

  /** The owner service's actions, then what any service offers on every card, in one block. */
  private actionsFor(collection: CatalogCollection, id: string): HTMLElement | null {
    const parts = [
      this.options.serviceFor(collection)?.cardActions?.(collection, id) ?? null,
      ...this.options.services.map((s) => s.anyCardActions?.(collection, id) ?? null),
    ].filter((p): p is HTMLElement => p !== null);
    if (parts.length <= 1) return parts[0] ?? null;
    const block = document.createElement('div');
    block.className = 'card-action-groups';
    block.append(...parts);
    return block;
  }

  private async loadSection(service: MapService | undefined, collection: CatalogCollection, id: string, request: AbortController): Promise<void> {
    const loaders = [
      service?.cardSection ? service.cardSection(collection, id, request.signal) : null,
      ...this.options.services.map((s) => (s.anyCardSection ? s.anyCardSection(collection, id, request.signal) : null)),
    ].filter((p): p is Promise<CardSection | null> => p !== null);
    if (loaders.length === 0) return;
    // each service's section is an addition: one that fails leaves the card and the others
    const sections = (await Promise.allSettled(loaders))
      .flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
    if (this.pending !== request || sections.length === 0) return;
    this.section = sections.length === 1 ? sections[0] : () => {
      const block = document.createElement('div');
      for (const section of sections) {
        const part = section();
        if (part) block.append(part);
      }
      return block;
    };
    this.panel.setDetails(this.section());
  }

  /** Where the card is, as CSS laid it out; null when it is closed. */
  private cover(): Cover | null {
    if (!this.panel.isOpen) return null;
    const { element, map } = this.options;
    return coverOf({
      map: map.getTargetElement()!.getBoundingClientRect(),
      card: element.getBoundingClientRect(),
      cardMaxHeight: parseFloat(getComputedStyle(element).maxHeight),
      viewportHeight: window.innerHeight,
    });
  }

  /**
   * Moves the map so a feature shows beside (or above) its card. Points are centred in the free
   * part of the map; an area is left alone while it covers the middle of the view. With
   * `onlyIfHidden`, a feature already in sight stays where the user tapped it.
   */
  private bringIntoView(extent: Extent, isPoint: boolean, onlyIfHidden = false): void {
    const { map } = this.options;
    const view = map.getView();
    const size = map.getSize()!;
    if (!isPoint && containsCoordinate(extent, getCenter(view.calculateExtent(size)))) return;
    const cover = this.cover();
    const target = getCenter(extent);
    if (onlyIfHidden && !hiddenByCard(map.getPixelFromCoordinate(target) ?? [-1, -1], size, cover)) return;
    this.gliding = true;
    view.animate({ center: centreFor(target, size, view.getResolution()!, cover), duration: motion() });
  }
}
