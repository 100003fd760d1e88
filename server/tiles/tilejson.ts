import type { Collection, PropertyType } from '../catalog/collections.js';
import type { Municipality } from '../municipalities/directory.js';

/** Field types as TileJSON producers (tippecanoe, GDAL) write them. */
const FIELD_TYPE: Record<PropertyType, string> = {
  string: 'String',
  integer: 'Number',
  number: 'Number',
  boolean: 'Boolean',
  date: 'String',
  datetime: 'String',
};

const CLUSTER_FIELDS = { cluster: 'Boolean', cluster_id: 'Number', point_count: 'Number' };

/**
 * TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for a tile URL of
 * one collection or a combined one: everything from the catalog and the hromada. `baseUrl` is the
 * public origin (server/http/public-url.ts), since TileJSON URLs are absolute.
 */
export function tileJson(baseUrl: string, municipality: Municipality, collections: readonly Collection[]) {
  const ids = collections.map((c) => c.id).join(',');
  const minzoom = Math.min(...collections.map((c) => c.minZoom));
  const maxzoom = Math.max(...collections.map((c) => c.maxZoom));
  const zoom = Math.min(maxzoom, Math.max(minzoom, municipality.zoom));
  const title = (lang: 'uk' | 'en') => collections.map((c) => c.title[lang]).join(', ');
  return {
    tilejson: '3.0.0',
    name: `${title('uk')} — ${municipality.nameUk}`,
    description: collections.length === 1 ? `${collections[0].description.uk} ${collections[0].description.en}` : `${title('uk')}. ${title('en')}.`,
    attribution: `Дані: ${municipality.nameUk} / Data: ${municipality.nameEn}`,
    scheme: 'xyz',
    tiles: [`${baseUrl}/${municipality.slug}/tiles/${ids}/{z}/{x}/{y}.mvt`],
    minzoom,
    maxzoom,
    bounds: municipality.bbox,
    center: [municipality.center[0], municipality.center[1], zoom],
    vector_layers: collections.map((c) => ({
      id: c.id,
      description: `${c.title.uk} / ${c.title.en}`,
      minzoom: c.minZoom,
      maxzoom: c.maxZoom,
      fields: {
        ...Object.fromEntries(c.properties.filter((p) => p.inTiles).map((p) => [p.name, FIELD_TYPE[p.type]])),
        ...(c.clusterBelowZoom !== undefined ? CLUSTER_FIELDS : {}),
      },
    })),
  };
}
