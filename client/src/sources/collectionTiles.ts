/**
 * One collection's vector tiles: the server's MVT endpoint for the collection (one tile layer named
 * by the collection id). Below the catalog's minZoom the layer is hidden (see layers/), above its
 * maxZoom the last tiles are over-zoomed, which MVT allows without loss.
 *
 * The tiles are 256 px, not OpenLayers' vector default of 512: the server clusters, filters and
 * answers by the tile's z, and the catalog's zooms (minZoom, clusterBelowZoom) are view zooms, so
 * tile z must equal view z. With 512 px tiles the map at zoom 14 would draw z13 tiles — still
 * clustered — and at zoom 10 ask for z9, which the server leaves empty.
 *
 * After a write the tiles are fetched again at the same URL, and asked for with `cache:
 * 'no-cache'`: the browser sends the ETag it holds and the server answers 304 when the tile did not
 * change, or the new tile — whatever the tile's Cache-Control still allowed the browser to reuse.
 */
import type { FeatureLike } from 'ol/Feature.js';
import MVT from 'ol/format/MVT.js';
import type { Extent } from 'ol/extent.js';
import type Projection from 'ol/proj/Projection.js';
import type Tile from 'ol/Tile.js';
import type VectorTile from 'ol/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import type { CatalogCollection } from '../catalog.js';

/** Sources whose tiles changed on the server since the browser may have cached them. */
const revalidating = new WeakSet<VectorTileSource>();

/** The catalog's tile URLs are absolute paths; OpenLayers wants the template whole (no %7Bz%7D). */
function absoluteTemplate(template: string): string {
  return template.startsWith('/') ? `${location.origin}${template}` : template;
}

/** `credentials: 'omit'`: an embed's tiles go without cookies (embeds never carry a session). */
export function createCollectionSource(collection: CatalogCollection, { credentials = 'same-origin' }: { credentials?: RequestCredentials } = {}): VectorTileSource {
  const format = new MVT({ layers: [collection.id] });
  const source: VectorTileSource = new VectorTileSource({
    format,
    url: absoluteTemplate(collection.tiles),
    tileSize: 256,
    maxZoom: collection.maxZoom,
    // A hromada never straddles the antimeridian: no wrapped copies of the world to request.
    wrapX: false,
    tileLoadFunction: (tile: Tile, url: string) => {
      const vectorTile = tile as VectorTile<FeatureLike>;
      vectorTile.setLoader((extent: Extent, _resolution: number, projection: Projection) => {
        fetch(url, { cache: revalidating.has(source) ? 'no-cache' : 'default', credentials })
          .then((response) => {
            if (!response.ok) throw new Error(`tile: HTTP ${response.status}`);
            return response.arrayBuffer();
          })
          .then((bytes) => vectorTile.onLoad(format.readFeatures(bytes, { extent, featureProjection: projection }), projection))
          .catch(() => vectorTile.onError());
      });
    },
  });
  return source;
}

/** Drops the source's tiles and fetches them again, revalidated (see above): the map shows a write at once. */
export function revalidateCollectionSource(source: VectorTileSource): void {
  revalidating.add(source);
  source.refresh();
}
