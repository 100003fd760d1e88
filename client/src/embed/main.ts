/**
 * The embed's entry (client/embed.html, served at /{hromada}/embed?…): the hromada's map alone,
 * filling its frame — the layers, view, district, object and filter the URL names
 * (server/rules/embed.ts), the controls it asks for, "open the full map" at the same view, and the
 * postMessage interface for the host page (bridge.ts). It loads no editor, sidebar or sign-in,
 * and sends no cookies: an embed never carries a session.
 */
import 'ol/ol.css';
import './embed.css';
import Zoom from 'ol/control/Zoom.js';
import { transformExtent, fromLonLat, toLonLat } from 'ol/proj.js';
import type { Extent } from 'ol/extent.js';
import { parseEmbedParams, type EmbedParams } from '../../../server/rules/embed.js';
import type { HostMessage, MapView } from '../../../server/rules/embed-messages.js';
import { municipalityFromPath, type CatalogCollection, type CatalogDocument } from '../catalog.js';
import { byId, el } from '../dom.js';
import { lonLatExtent, type OgcFeature } from '../features/ogcItems.js';
import { Selection } from '../features/selection.js';
import { language, pick, say, setLanguage, translatePage } from '../i18n.js';
import { createCollectionMap, type CollectionMap } from '../map/collectionMap.js';
import { LayerFilters } from '../map/layerFilter.js';
import { wirePointer } from '../map/pointer.js';
import { exposeMapHandle } from '../mapHandle.js';
import { announce } from '../panels/status.js';
import { formatHash } from '../permalink.js';
import { EmbedCard } from './card.js';
import { HostBridge } from './bridge.js';
import { renderLegend } from './legend.js';
import { WORDS } from './words.js';

/** No cookie goes with any request of the embed. */
const PUBLIC: RequestInit = { credentials: 'omit', headers: { accept: 'application/json, application/geo+json' } };
/** Padding around a fitted district or box, CSS pixels. */
const FIT_PADDING = [24, 24, 24, 24];

async function getJson<T>(url: string): Promise<T | null> {
  const response = await fetch(url, PUBLIC);
  return response.ok ? ((await response.json()) as T) : null;
}

class EmbeddedMap {
  private readonly selection = new Selection();
  private readonly parts: CollectionMap;
  private readonly card: EmbedCard;
  private readonly link = byId<HTMLAnchorElement>('open-full');
  private readonly bridge: HostBridge;
  /** What each layer draws: the URL's `filter`, then the host's (map/layerFilter.ts, the full map's own syntax). */
  private readonly filters: LayerFilters;
  private district: { number: number; id: string } | null = null;

  constructor(private readonly slug: string, private readonly catalog: CatalogDocument, private readonly params: EmbedParams) {
    const initial = { layers: params.layers ?? undefined, zoom: params.view?.zoom, center: params.view?.center };
    this.filters = new LayerFilters(catalog);
    this.filters.replaceWith(params.filter);
    this.parts = createCollectionMap(catalog, byId('map'), initial, this.selection, this.filters, () => undefined, { credentials: 'omit' });
    this.filters.onChange((ids) => {
      for (const id of ids) this.parts.layers.collectionLayer(id)?.changed();
      this.updateLink();
    });
    this.card = new EmbedCard(byId('embed-card'), () => this.select(null));
    this.bridge = new HostBridge((message) => void this.apply(message));
    const { map } = this.parts;
    if (!params.controls.includes('zoom')) map.getControls().getArray().filter((c) => c instanceof Zoom).forEach((c) => map.removeControl(c));
    this.link.hidden = !params.controls.includes('link');
    this.link.textContent = say(WORDS.openFull);
    this.link.title = say(WORDS.openFullHint);
    if (params.controls.includes('legend')) renderLegend(byId('embed-legend'), catalog, this.parts.layers.visibleIds());
    this.selection.onChange((selected, previous) => {
      if (previous) this.parts.layers.collectionLayer(previous.collection)?.changed();
      if (selected) this.parts.layers.collectionLayer(selected.collection)?.changed();
    });
    wirePointer(map, {
      collectionOf: (layer) => this.parts.collectionOf(layer),
      held: () => false,
      feature: (collection, id, properties) => this.select({ collection, id, properties }),
      cluster: (_collection, centre) => this.parts.view.animate({ center: centre, zoom: this.parts.view.getZoom()! + 2, duration: 250 }),
      nothing: () => this.select(null),
    });
    map.on('moveend', () => {
      this.updateLink();
      this.bridge.tell({ type: 'prozore:moved', view: this.currentView() });
    });
    exposeMapHandle(map, this.parts.layers);
  }

  async start(): Promise<void> {
    if (this.params.bbox) this.fit(transformExtent(this.params.bbox, 'EPSG:4326', 'EPSG:3857'));
    if (this.params.district !== null) await this.showDistrict(this.params.district, this.params.view === null && this.params.bbox === null);
    if (this.params.feature) await this.showFeature(this.params.feature.collection, this.params.feature.id, this.params.view === null && this.params.bbox === null);
    this.updateLink();
    this.bridge.tell({ type: 'prozore:ready', hromada: this.slug, view: this.currentView() });
  }

  private collection(id: string): CatalogCollection | undefined {
    return this.catalog.collections.find((c) => c.id === id);
  }

  private fit(extent: Extent): void {
    this.parts.view.fit(extent, { padding: FIT_PADDING, maxZoom: 18 });
  }

  private currentView(): MapView {
    const { view, map } = this.parts;
    const [lon, lat] = toLonLat(view.getCenter()!);
    const bbox = transformExtent(view.calculateExtent(map.getSize()), 'EPSG:3857', 'EPSG:4326') as [number, number, number, number];
    return { zoom: view.getZoom()!, center: [lon, lat], bbox };
  }

  /** The full map at the same view, layers, selection and language. */
  private fullMapUrl(feature = this.selection.get()): string {
    const { zoom, center } = this.currentView();
    const hash = formatHash({ zoom, center, layers: this.parts.layers.visibleIds(), feature, lang: language(), filter: this.filters.toParam() });
    return `/${encodeURIComponent(this.slug)}/${hash}`;
  }

  private updateLink(): void {
    this.link.href = this.fullMapUrl();
  }

  /** Selects a feature (or none): ringed on the map, shown in the card, told to the host. */
  private select(selected: { collection: CatalogCollection; id: string; properties: Record<string, unknown> } | null, announceIt = true): void {
    if (!selected) {
      if (this.district) this.selection.set({ collection: 'districts', id: this.district.id });
      else this.selection.set(null);
      if (this.card.isOpen) this.card.hide();
      this.bridge.tell({ type: 'prozore:selected', feature: null });
      this.updateLink();
      return;
    }
    const { collection, id, properties } = selected;
    this.selection.set({ collection: collection.id, id });
    const title = this.card.show(collection, id, properties, this.fullMapUrl({ collection: collection.id, id }));
    if (announceIt) announce(title);
    this.bridge.tell({ type: 'prozore:selected', feature: { collection: collection.id, id, title, properties: plain(properties) } });
    this.updateLink();
  }

  private async showDistrict(number: number, fit: boolean): Promise<void> {
    const districts = this.collection('districts');
    if (!districts) return;
    const found = await getJson<{ features: OgcFeature[] }>(`${districts.items}?number=${number}&f=json&limit=1`);
    const feature = found?.features[0];
    if (!feature) {
      this.district = null;
      return announce(say(WORDS.districtMissing, { n: number }));
    }
    this.district = { number, id: String(feature.id) };
    this.parts.layers.setVisible('districts', true);
    this.selection.set({ collection: 'districts', id: this.district.id });
    const box = lonLatExtent(feature.geometry);
    if (fit && box) this.fit(transformExtent(box, 'EPSG:4326', 'EPSG:3857'));
    announce(say(WORDS.district, { n: number }));
  }

  private async showFeature(collectionId: string, id: string, centre: boolean): Promise<void> {
    const collection = this.collection(collectionId);
    if (!collection) return;
    const feature = await getJson<OgcFeature>(`${collection.items}/${encodeURIComponent(id)}?f=json`);
    if (!feature) return announce(say(WORDS.featureMissing));
    this.parts.layers.setVisible(collection.id, true);
    const box = lonLatExtent(feature.geometry);
    if (centre && box) {
      const view = this.parts.view;
      view.setCenter(fromLonLat([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2]));
      // Close enough that the object is drawn by itself, not in a cluster.
      view.setZoom(Math.max(view.getZoom()!, collection.clusterBelowZoom ?? collection.minZoom, 17));
    }
    this.select({ collection, id: String(feature.id), properties: feature.properties });
  }

  /** What the host asked for (already validated against the schema). */
  private async apply(message: HostMessage): Promise<void> {
    const view = this.parts.view;
    switch (message.type) {
      case 'prozore:view':
        if (message.bbox) this.fit(transformExtent(message.bbox, 'EPSG:4326', 'EPSG:3857'));
        else {
          if (message.center) view.setCenter(fromLonLat(message.center));
          if (message.zoom !== undefined) view.setZoom(message.zoom);
        }
        break;
      case 'prozore:layers':
        this.parts.layers.showOnly(message.layers);
        if (this.params.controls.includes('legend')) renderLegend(byId('embed-legend'), this.catalog, this.parts.layers.visibleIds());
        this.updateLink();
        break;
      case 'prozore:district':
        if (message.district === null) {
          this.district = null;
          this.select(null);
        } else await this.showDistrict(message.district, true);
        break;
      case 'prozore:filter':
        this.filters.replaceWith(message.filter);
        break;
    }
  }
}

/** Tile properties as plain JSON (structured clone would copy them anyway; this keeps out the geometry). */
function plain(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)));
}

async function start(): Promise<void> {
  const { params } = parseEmbedParams(new URLSearchParams(location.search));
  setLanguage(params.lang);
  translatePage();
  const slug = municipalityFromPath(location.pathname);
  const catalog = slug ? await getJson<CatalogDocument>(`/${encodeURIComponent(slug)}/api/catalog`).catch(() => null) : null;
  if (!slug || !catalog) {
    byId('map').replaceChildren(el('p', { class: 'embed-fatal', role: 'alert' }, [say(WORDS.failed)]));
    return;
  }
  const m = catalog.municipality;
  byId('map').setAttribute('aria-label', `${pick({ uk: m.nameUk, en: m.nameEn })}: ${byId('map').getAttribute('aria-label') ?? ''}`);
  await new EmbeddedMap(slug, catalog, params).start();
}

void start();
