/**
 * The map host: the hromada's map with its panels — layer switcher and legend, the list of what is
 * in view, the feature card, the language switch — kept in step with each other and with the URL,
 * and the services mounted on it (see services/mapService.ts). This is the one module that knows
 * all of the map's parts; it knows no service but through that interface.
 */
import type { FeatureLike } from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import type View from 'ol/View.js';
import { getCenter, type Extent } from 'ol/extent.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import type { Session } from '../auth/session.js';
import type { CatalogCollection, CatalogDocument } from '../catalog.js';
import { byId } from '../dom.js';
import { featuresInView, type ViewItem } from '../features/inView.js';
import { Selection } from '../features/selection.js';
import { language, onLanguageChange, pick, setLanguage, t, translatePage } from '../i18n.js';
import type { MapLayers } from '../layers/collectionLayers.js';
import { exposeMapHandle } from '../mapHandle.js';
import { FeatureList } from '../panels/featureList.js';
import { mountLanguageSwitch } from '../panels/languageSwitch.js';
import { LayerSwitcher } from '../panels/layerSwitcher.js';
import { announce } from '../panels/status.js';
import { Permalink, type MapState, type UrlState } from '../permalink.js';
import type { MapService, ServiceHost, ShowFeature } from '../services/mapService.js';
import { revalidateCollectionSource } from '../sources/collectionTiles.js';
import { createCollectionMap, localizeControls, type CollectionMap } from './collectionMap.js';
import { FeatureCard } from './featureCard.js';
import { LayerFilters } from './layerFilter.js';
import { wirePointer } from './pointer.js';

/** Entries in the list of features in view; the rest are counted ("показано 50 з 345"). */
const LIST_LIMIT = 50;
/** Quiet time after the last drawn frame before the list is rebuilt. */
const LIST_DELAY_MS = 120;
/** A feature shown from a service (a table row) opens at least at street zoom. */
const SHOW_ZOOM = 17;

const motion = () => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 250);

export class MapHost implements ServiceHost {
  readonly map: OlMap;
  readonly tools = byId('service-tools');
  private readonly view: View;
  private readonly layers: MapLayers;
  private readonly parts: CollectionMap;
  private readonly mapElement = byId('map');
  private readonly selection = new Selection();
  /** What each layer draws (the legend's tick boxes, the URL's `filter`, the services). */
  readonly filters: LayerFilters;
  private readonly switcher: LayerSwitcher;
  private readonly list: FeatureList;
  private readonly card: FeatureCard;
  private readonly permalink = new Permalink((state) => this.applyUrlState(state));
  /** Tile refreshes after a write, by collection (the map handle reports them). */
  private readonly refreshes = new Map<string, number>();

  constructor(readonly catalog: CatalogDocument, readonly session: Session, private readonly services: readonly MapService[], private readonly initial: UrlState) {
    let switcher: LayerSwitcher | undefined;
    this.filters = new LayerFilters(catalog);
    this.filters.replaceWith(initial.filter);
    this.parts = createCollectionMap(catalog, this.mapElement, initial, this.selection, this.filters, () => {
      switcher?.markBasemapUnavailable();
      announce(t('basemapUnavailable'));
      if (switcher) this.record(); // the own base map may have been switched on in its place
    });
    ({ map: this.map, view: this.view, layers: this.layers } = this.parts);
    this.switcher = switcher = new LayerSwitcher(byId('layer-switcher'), {
      catalog,
      filters: this.filters,
      isVisible: (id) => this.layers.isVisible(id),
      onToggle: (id, visible) => {
        this.layers.setVisible(id, visible);
        const collection = catalog.collections.find((c) => c.id === id);
        announce(t(visible ? 'layerOn' : 'layerOff', { name: collection ? pick(collection.title) : t('basemap') }));
        this.record();
      },
    });
    this.list = new FeatureList(byId<HTMLUListElement>('list-entries'), byId('list-summary'), (item, button) => this.openFromList(item, button),
      (item) => this.serviceOf(item.collection)?.listEntry?.(item.collection, item.properties) ?? null);
    this.card = new FeatureCard({
      element: byId('feature-panel'),
      map: this.map,
      selection: this.selection,
      serviceFor: (collection) => services.find((s) => s.groups.includes(collection.group)),
      services,
      listEntry: (key) => this.list.buttonFor(key),
      record: () => this.record(),
    });
    this.selection.onChange((selected, previous) => {
      if (previous) this.layers.collectionLayer(previous.collection)?.changed();
      if (selected) this.layers.collectionLayer(selected.collection)?.changed();
      this.list.markSelected(selected ? `${selected.collection}/${selected.id}` : null);
    });
    this.filters.onChange((ids) => {
      for (const id of ids) this.layers.collectionLayer(id)?.changed();
      this.switcher.syncFilters();
      this.record();
    });
    this.wireMap();
    mountLanguageSwitch(byId('language-switch'), (lang) => {
      setLanguage(lang);
      this.record();
    });
    this.writeNames();
    onLanguageChange(() => this.writeNames());
  }

  /** Mounts the services, then shows what the URL asks for. */
  start(): void {
    for (const service of this.services) service.applyUrlState?.(this.initial.extras ?? {});
    for (const service of this.services) service.mount(this);
    this.permalink.markApplying();
    this.record();
    const first = this.initial.feature;
    const collection = first && this.collection(first.collection);
    if (first && collection) void this.card.open(collection, first.id, {}, { focus: false, fitWhenLoaded: this.initial.center === undefined });
    exposeMapHandle(this.map, this.layers, (id) => this.refreshes.get(id) ?? 0);
  }

  showFeature(collectionId: string, id: string, how: ShowFeature = {}): void {
    const collection = this.collection(collectionId);
    if (!collection) return;
    if (!this.layers.isVisible(collection.id)) {
      this.layers.setVisible(collection.id, true);
      this.switcher.sync(this.view.getZoom()!);
    }
    this.selection.set(null);
    const opener = how.opener ?? this.mapElement;
    if (!how.at) return void this.card.open(collection, id, {}, { focus: true, opener, fitWhenLoaded: true });
    // Close enough that the feature is drawn by itself, not in a cluster.
    this.view.setZoom(Math.max(this.view.getZoom() ?? this.catalog.municipality.zoom, collection.clusterBelowZoom ?? collection.minZoom, SHOW_ZOOM));
    const anchor = fromLonLat(how.at);
    this.view.setCenter(anchor);
    void this.card.open(collection, id, {}, { focus: true, opener, anchor: [...anchor, ...anchor] as Extent, isPoint: true });
  }

  refresh(collectionIds: readonly string[]): void {
    for (const { collection, source } of this.parts.collectionLayers) {
      if (!collectionIds.includes(collection.id)) continue;
      revalidateCollectionSource(source);
      this.refreshes.set(collection.id, (this.refreshes.get(collection.id) ?? 0) + 1);
    }
  }

  cardChanged(): void {
    this.card.refreshActions();
  }

  presentationChanged(): void {
    this.list.redraw();
    this.record();
  }

  private serviceOf(collection: CatalogCollection): MapService | undefined {
    return this.services.find((s) => s.groups.includes(collection.group));
  }

  setFilter(collectionId: string, property: string, values: readonly string[] | null): void {
    this.filters.set(collectionId, property, values);
  }

  private collection(id: string): CatalogCollection | undefined {
    return this.catalog.collections.find((c) => c.id === id);
  }

  private currentState(): MapState {
    return {
      zoom: this.view.getZoom() ?? this.catalog.municipality.zoom,
      center: toLonLat(this.view.getCenter()!) as [number, number],
      layers: this.layers.visibleIds(),
      feature: this.selection.get(),
      lang: language(),
      extras: Object.assign({}, ...this.services.map((s) => s.urlState?.() ?? {})),
      filter: this.filters.toParam(),
    };
  }

  private record(): void {
    this.permalink.record(this.currentState());
  }

  private held(): boolean {
    return this.services.some((s) => s.holdsPointer?.() ?? false);
  }

  private wireMap(): void {
    const { map, view, mapElement } = this;
    wirePointer(map, {
      collectionOf: (layer) => this.parts.collectionOf(layer),
      held: () => this.held(),
      feature: (collection, id, properties, pointExtent) => void this.card.open(collection, id, properties, {
        focus: true, opener: mapElement, openerKey: null, anchor: pointExtent, onlyIfHidden: true,
      }),
      cluster: (collection, centre) => this.zoomIntoCluster(collection, centre),
      nothing: () => this.card.close(false),
    });
    let listTimer = 0;
    map.on('rendercomplete', () => {
      window.clearTimeout(listTimer);
      listTimer = window.setTimeout(() => {
        const shown = (collection: CatalogCollection, feature: FeatureLike) => this.filters.matches(collection.id, (p) => feature.get(p));
        this.list.update(featuresInView(this.catalog, this.parts.collectionLayers, view, view.calculateExtent(map.getSize()), LIST_LIMIT, shown));
      }, LIST_DELAY_MS);
    });
    map.on('moveend', () => {
      this.switcher.sync(view.getZoom()!);
      this.permalink.record(this.currentState(), this.card.takeGlide());
    });
    document.addEventListener('keydown', (event) => {
      // An open dialog takes its own Esc (the browser closes it); the card stays.
      if (event.key === 'Escape' && this.card.isOpen && !this.held() && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        this.card.close(true);
      }
    });
  }

  private zoomIntoCluster(collection: CatalogCollection, centre: number[]): void {
    const zoom = this.view.getZoom()!;
    const below = collection.clusterBelowZoom ?? zoom + 2;
    this.view.animate({ center: centre, zoom: below > zoom ? Math.min(zoom + 2, below) : zoom + 1, duration: motion() });
  }

  private openFromList(item: ViewItem, button: HTMLButtonElement): void {
    // On a phone the list is below the map: scroll the map back into sight (the card is fixed).
    const rect = this.mapElement.getBoundingClientRect();
    if (rect.top < 0 || rect.top > window.innerHeight / 2) this.mapElement.scrollIntoView({ block: 'start' });
    if (item.clusterSize !== null) return this.zoomIntoCluster(item.collection, getCenter(item.extent));
    void this.card.open(item.collection, item.id, item.properties, { focus: true, opener: button, openerKey: item.key, anchor: item.extent, isPoint: item.isPoint });
  }

  /** Back, forward, an edited address: the URL says where to be. */
  private applyUrlState(state: UrlState): void {
    const m = this.catalog.municipality;
    setLanguage(state.lang ?? 'uk');
    for (const service of this.services) service.applyUrlState?.(state.extras ?? {});
    this.view.setZoom(state.zoom ?? m.zoom);
    this.view.setCenter(fromLonLat(state.center ?? m.center));
    this.layers.showOnly(state.layers ?? this.parts.defaultLayers);
    this.filters.replaceWith(state.filter);
    this.switcher.sync(this.view.getZoom()!);
    const wanted = state.feature;
    const collection = wanted && this.collection(wanted.collection);
    if (wanted && collection) {
      if (!this.selection.is(wanted.collection, wanted.id)) void this.card.open(collection, wanted.id, {}, { focus: false });
    } else this.card.close(false);
    this.record();
  }

  private writeNames(): void {
    const m = this.catalog.municipality;
    const name = language() === 'en' ? m.nameEn : m.nameUk;
    byId('hromada-name').textContent = name;
    document.title = `${name} — ${t('appName')}`;
    translatePage();
    localizeControls(this.mapElement);
  }
}
