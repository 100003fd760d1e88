/**
 * The OpenLayers map of one hromada, built from its catalog: the basemap, one vector tile source,
 * style and layer per collection in catalog order, a view kept near the hromada, and the controls
 * and interactions without rotation.
 */
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import { buffer, getHeight, getWidth } from 'ol/extent.js';
import { defaults as defaultInteractions } from 'ol/interaction/defaults.js';
import type BaseLayer from 'ol/layer/Base.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import type VectorTileSource from 'ol/source/VectorTile.js';
import { BASEMAP_ID, type CatalogCollection, type CatalogDocument } from '../catalog.js';
import type { Selection } from '../features/selection.js';
import type { LayerFilters } from './layerFilter.js';
import { t } from '../i18n.js';
import { createBasemapLayer, createCollectionLayer, MapLayers, type CollectionLayer } from '../layers/collectionLayers.js';
import type { UrlState } from '../permalink.js';
import { createBasemapSource } from '../sources/basemap.js';
import { createCollectionSource } from '../sources/collectionTiles.js';
import { createStyleFunction } from '../styles/collectionStyle.js';

export interface CollectionMap {
  map: OlMap;
  view: View;
  layers: MapLayers;
  collectionLayers: { collection: CatalogCollection; source: VectorTileSource; layer: CollectionLayer }[];
  /** The collection a drawn layer shows (the basemap and editor sketches have none). */
  collectionOf(layer: BaseLayer): CatalogCollection | undefined;
  /** What the map shows when its URL names no layers: the basemap and the catalog's defaults. */
  defaultLayers: string[];
}

/** The basemap's attribution is configuration text; OpenLayers writes attributions as HTML. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createCollectionMap(
  catalog: CatalogDocument,
  target: HTMLElement,
  initial: UrlState,
  selection: Selection,
  filters: LayerFilters,
  onBasemapDown: () => void,
  /** How tiles are fetched: an embed omits cookies. */
  fetching: { credentials?: RequestCredentials } = {},
): CollectionMap {
  const m = catalog.municipality;
  const collectionLayers = catalog.collections.map((collection) => {
    const source = createCollectionSource(collection, fetching);
    const style = createStyleFunction(collection, (id) => selection.is(collection.id, id), (feature) => filters.matches(collection.id, (p) => feature.get(p)));
    return { collection, source, layer: createCollectionLayer(collection, source, style, false) };
  });
  const byLayer = new Map(collectionLayers.map(({ collection, layer }) => [layer as BaseLayer, collection]));
  // The hromada's own base map (streets, buildings) stands in for an outside basemap: shown by
  // default without one, and switched on when it fails to load, if it was meant to be seen.
  const underlay = ownBaseMap(collectionLayers.map((l) => l.collection));
  let layers: MapLayers | undefined;
  const basemapDown = () => {
    if (layers?.isVisible(BASEMAP_ID)) for (const id of underlay) layers.setVisible(id, true);
    onBasemapDown();
  };
  const basemap = catalog.basemap
    ? createBasemapLayer(createBasemapSource({ url: catalog.basemap.url, attribution: escapeHtml(catalog.basemap.attribution) }, basemapDown), false)
    : null;
  // Drawing order: the basemap, the own base map under everything else, then the catalog's order.
  const place = (id: string, i: number) => (underlay.includes(id) ? underlay.indexOf(id) : underlay.length + i);
  const drawn = collectionLayers.map((l, i) => ({ l, at: place(l.collection.id, i) })).sort((a, b) => a.at - b.at).map(({ l }) => l);
  layers = new MapLayers([...(basemap ? [basemap] : []), ...drawn.map((l) => l.layer)]);
  const defaultLayers = [...(basemap ? [BASEMAP_ID] : underlay), ...catalog.collections.filter((c) => c.visibleByDefault).map((c) => c.id)];
  layers.showOnly(initial.layers ?? defaultLayers);

  const bbox = transformExtent(m.bbox, 'EPSG:4326', 'EPSG:3857');
  const view = new View({
    center: fromLonLat(initial.center ?? m.center),
    zoom: initial.zoom ?? m.zoom,
    minZoom: 8,
    maxZoom: 20,
    // The centre may wander past the hromada by its own size, no further: a stray swipe on a phone
    // cannot fling the city out of reach.
    extent: buffer(bbox, Math.max(getWidth(bbox), getHeight(bbox))),
    constrainOnlyCenter: true,
  });
  const map = new OlMap({
    target,
    view,
    layers: layers.all,
    controls: defaultControls({
      rotate: false,
      attributionOptions: { collapsible: false },
      zoomOptions: { zoomInTipLabel: t('zoomIn'), zoomOutTipLabel: t('zoomOut') },
    }),
    interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }),
  });
  localizeControls(target);
  return { map, view, layers, collectionLayers, collectionOf: (layer) => byLayer.get(layer), defaultLayers };
}

/** The underlay collections' ids, areas before lines (buildings under the streets' names). */
function ownBaseMap(collections: readonly CatalogCollection[]): string[] {
  const rank = (c: CatalogCollection) => (c.geometryType === 'MultiLineString' ? 1 : 0);
  return collections.filter((c) => c.style.underlay).sort((a, b) => rank(a) - rank(b)).map((c) => c.id);
}

/** OpenLayers writes its zoom buttons' titles once; they follow the interface language from here. */
export function localizeControls(mapElement: HTMLElement): void {
  for (const [selector, key] of [['.ol-zoom-in', 'zoomIn'], ['.ol-zoom-out', 'zoomOut']] as const) {
    const button = mapElement.querySelector<HTMLButtonElement>(selector);
    button?.setAttribute('title', t(key));
    button?.setAttribute('aria-label', t(key));
  }
}
