/**
 * What a pointer does on the map: a click opens the topmost feature's card, a click on a cluster
 * zooms into it, a click on nothing closes the card, and a mouse over a feature shows it is
 * clickable. A service holding the pointer (an editor placing a point) takes the click instead.
 */
import type { FeatureLike } from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import { getCenter, type Extent } from 'ol/extent.js';
import type BaseLayer from 'ol/layer/Base.js';
import type { CatalogCollection } from '../catalog.js';
import { featureId, isCluster } from '../styles/collectionStyle.js';

/** Pixels around a click that still hit a feature: a fingertip needs more than a mouse. */
const HIT_TOLERANCE = { mouse: 4, touch: 10 };

export interface PointerHandlers {
  /** The layer's collection, if it is one of the catalog's. */
  collectionOf(layer: BaseLayer): CatalogCollection | undefined;
  /** True while a click belongs to someone else. */
  held(): boolean;
  /** A point's extent comes with it (it may end up under the card); an area the user tapped is in sight by definition. */
  feature(collection: CatalogCollection, id: string, properties: Record<string, unknown>, pointExtent: Extent | undefined): void;
  cluster(collection: CatalogCollection, centre: number[]): void;
  nothing(): void;
}

export function wirePointer(map: OlMap, on: PointerHandlers): void {
  map.on('singleclick', (event) => {
    if (on.held()) return;
    const touch = (event.originalEvent as PointerEvent).pointerType === 'touch';
    let hit: { feature: FeatureLike; collection: CatalogCollection } | undefined;
    map.forEachFeatureAtPixel(event.pixel, (feature, layer) => {
      const collection = on.collectionOf(layer);
      if (!collection || featureId(feature) === undefined) return false;
      hit = { feature, collection };
      return true;
    }, { hitTolerance: touch ? HIT_TOLERANCE.touch : HIT_TOLERANCE.mouse });
    if (!hit) return on.nothing();
    const { feature, collection } = hit;
    const geometry = feature.getGeometry()!;
    if (isCluster(feature)) return on.cluster(collection, getCenter(geometry.getExtent()));
    const { geometry: _geometry, ...properties } = feature.getProperties() as Record<string, unknown>;
    const isPoint = geometry.getType() === 'Point' || geometry.getType() === 'MultiPoint';
    on.feature(collection, featureId(feature)!, properties, isPoint ? geometry.getExtent() : undefined);
  });
  map.on('pointermove', (event) => {
    if (event.dragging || (event.originalEvent as PointerEvent).pointerType === 'touch') return;
    const over = map.hasFeatureAtPixel(event.pixel, { layerFilter: (layer) => on.collectionOf(layer) !== undefined, hitTolerance: HIT_TOLERANCE.mouse });
    map.getTargetElement()!.style.cursor = over ? 'pointer' : '';
  });
}
