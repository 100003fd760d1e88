/**
 * A feature's full public record from the OGC API – Features endpoint
 * (…/collections/{id}/items/{featureId}): tiles carry only what the map draws, the card shows
 * everything the public may see.
 */
import type { CatalogCollection } from '../catalog.js';

export interface OgcFeature {
  type: 'Feature';
  id: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

export class FeatureUnavailable extends Error {}

export async function fetchFeature(collection: CatalogCollection, id: string, signal?: AbortSignal): Promise<OgcFeature> {
  const url = `${collection.items}/${encodeURIComponent(id)}?f=json`;
  let response: Response;
  try {
    // 'no-cache': the OGC API lets caches keep an item for a minute (max-age=60), but a card
    // opened after an edit must show the edit — the editor's own at once, and a resident's view
    // too: revalidating costs one conditional request, answered 304 from the collection's
    // version without a query when nothing changed.
    response = await fetch(url, { headers: { accept: 'application/geo+json, application/json' }, cache: 'no-cache', signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new FeatureUnavailable(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new FeatureUnavailable(`${url}: HTTP ${response.status}`);
  const feature = (await response.json()) as OgcFeature;
  if (!feature || typeof feature.properties !== 'object') throw new FeatureUnavailable(`${url}: not a GeoJSON feature`);
  return feature;
}

/** [minLon, minLat, maxLon, maxLat] of a GeoJSON geometry, or null when it has no coordinates. */
export function lonLatExtent(geometry: OgcFeature['geometry']): [number, number, number, number] | null {
  if (!geometry) return null;
  const extent: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (typeof node[0] === 'number') {
      extent[0] = Math.min(extent[0], node[0]);
      extent[1] = Math.min(extent[1], node[1] as number);
      extent[2] = Math.max(extent[2], node[0]);
      extent[3] = Math.max(extent[3], node[1] as number);
    } else node.forEach(visit);
  };
  visit(geometry.coordinates);
  if (geometry.type === 'GeometryCollection') visit((geometry as unknown as { geometries: { coordinates: unknown }[] }).geometries?.map((g) => g.coordinates));
  return Number.isFinite(extent[0]) ? extent : null;
}
