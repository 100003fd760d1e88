/**
 * One collection's vector tiles: the server's MVT endpoint for the collection (one tile layer named
 * by the collection id). Below the catalog's minZoom the layer is hidden (see layers/), above its
 * maxZoom the last tiles are over-zoomed, which MVT allows without loss.
 *
 * The tiles are 256 px, not OpenLayers' vector default of 512: the server clusters, filters and
 * answers by the tile's z, and the catalog's zooms (minZoom, clusterBelowZoom) are view zooms, so
 * tile z must equal view z. With 512 px tiles the map at zoom 14 would draw z13 tiles — still
 * clustered — and at zoom 10 ask for z9, which the server leaves empty.
 */
import MVT from 'ol/format/MVT.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import type { CatalogCollection } from '../catalog.js';

/** The catalog's tile URLs are absolute paths; OpenLayers wants the template whole (no %7Bz%7D). */
function absoluteTemplate(template: string): string {
  return template.startsWith('/') ? `${location.origin}${template}` : template;
}

export function createCollectionSource(collection: CatalogCollection): VectorTileSource {
  return new VectorTileSource({
    format: new MVT({ layers: [collection.id] }),
    url: absoluteTemplate(collection.tiles),
    tileSize: 256,
    maxZoom: collection.maxZoom,
    // A hromada never straddles the antimeridian: no wrapped copies of the world to request.
    wrapX: false,
  });
}

/**
 * Makes the source fetch its tiles anew after an edit: the server has already built the new tiles,
 * but the browser keeps the old ones for a minute (Cache-Control of the tiles), so the URL gets a
 * new `v` the server ignores and the browser's cache does not know.
 */
export function reloadCollectionSource(source: VectorTileSource, collection: CatalogCollection, version: number): void {
  source.setUrl(`${absoluteTemplate(collection.tiles)}?v=${version}`);
  source.refresh();
}
