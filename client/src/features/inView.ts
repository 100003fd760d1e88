/**
 * What the map shows right now, as a list: the features of the visible layers in the rendered
 * tiles that intersect the view, so the list names exactly what a sighted user sees (clusters
 * included, as "a group of N"). A feature cut by tile edges or repeated in a tile's buffer is one
 * entry, its extent the union of its pieces. Nearest to the view's centre first.
 */
import type { FeatureLike } from 'ol/Feature.js';
import type View from 'ol/View.js';
import { containsCoordinate, getCenter, type Extent } from 'ol/extent.js';
import type { Coordinate } from 'ol/coordinate.js';
import { groupRank, type CatalogCollection, type CatalogDocument } from '../catalog.js';
import type { CollectionLayer } from '../layers/collectionLayers.js';
import { clusterCount, featureId, isCluster } from '../styles/collectionStyle.js';

export interface ViewItem {
  /** Stable across re-renders: `collection/id`, or `collection/cluster/id`. */
  key: string;
  collection: CatalogCollection;
  id: string;
  /** Points in the group when the item is a cluster, else null. */
  clusterSize: number | null;
  /** The tile's properties (the catalog's `inTiles` ones). */
  properties: Record<string, unknown>;
  /** In the view's projection. */
  extent: Extent;
  isPoint: boolean;
  /** Map units from the view centre; 0 when an area covers the centre. */
  distance: number;
}

export interface InView {
  /** The nearest `limit` items. */
  items: ViewItem[];
  /** Features in view, a cluster counting as its points. */
  total: number;
  /** Features the listed items stand for (a listed cluster counts as its points). */
  shown: number;
}

function distanceTo(extent: Extent, point: Coordinate): number {
  if (containsCoordinate(extent, point)) return 0;
  const dx = Math.max(extent[0] - point[0], 0, point[0] - extent[2]);
  const dy = Math.max(extent[1] - point[1], 0, point[1] - extent[3]);
  return Math.hypot(dx, dy);
}

export function featuresInView(
  catalog: CatalogDocument,
  layers: readonly { collection: CatalogCollection; layer: CollectionLayer }[],
  view: View,
  extent: Extent,
  limit: number,
  /** The layers' filters: a feature they hide is not listed either (groups are). */
  isShown: (collection: CatalogCollection, feature: FeatureLike) => boolean = () => true,
): InView {
  const center = getCenter(extent);
  const byKey = new Map<string, ViewItem>();
  for (const { collection, layer } of layers) {
    // The own base map (streets, buildings) is the background, as an outside basemap would be: not listed.
    if (!layer.isVisible(view) || collection.style.underlay) continue;
    for (const feature of layer.getFeaturesInExtent(extent) as FeatureLike[]) {
      const id = featureId(feature);
      if (id === undefined) continue;
      const cluster = isCluster(feature);
      if (!cluster && !isShown(collection, feature)) continue;
      const key = cluster ? `${collection.id}/cluster/${id}` : `${collection.id}/${id}`;
      const pieceExtent = feature.getGeometry()!.getExtent().slice() as Extent;
      const known = byKey.get(key);
      if (known) {
        known.extent = [
          Math.min(known.extent[0], pieceExtent[0]), Math.min(known.extent[1], pieceExtent[1]),
          Math.max(known.extent[2], pieceExtent[2]), Math.max(known.extent[3], pieceExtent[3]),
        ];
        continue;
      }
      const type = feature.getGeometry()!.getType();
      const { geometry: _geometry, ...properties } = feature.getProperties() as Record<string, unknown>;
      byKey.set(key, {
        key, collection, id, properties,
        clusterSize: cluster ? clusterCount(feature) : null,
        extent: pieceExtent,
        isPoint: type === 'Point' || type === 'MultiPoint',
        distance: 0,
      });
    }
  }
  const all = [...byKey.values()];
  let total = 0;
  for (const item of all) {
    item.distance = distanceTo(item.extent, center);
    total += item.clusterSize ?? 1;
  }
  const rank = (item: ViewItem) => groupRank(catalog, item.collection.group);
  all.sort((a, b) => a.distance - b.distance || rank(a) - rank(b) || a.key.localeCompare(b.key));
  const items = all.slice(0, limit);
  const shown = items.reduce((sum, item) => sum + (item.clusterSize ?? 1), 0);
  return { items, total, shown };
}
