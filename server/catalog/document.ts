/**
 * The catalog document, GET /{municipality}/api/catalog: what the map client needs to draw one
 * hromada — its view, the basemap, the groups in their order, and every collection with labels,
 * legend, style and the URLs of its tiles and items. Typed by server/rules/catalog.ts, which the
 * client reads with the same types.
 */
import type { CatalogCollection, CatalogDocument } from '../rules/catalog.js';
import type { Config } from '../config.js';
import type { Municipality } from '../municipalities/directory.js';
import type { Catalog } from './catalog.js';
import type { Collection } from './collections.js';

function collectionEntry(c: Collection, slug: string): CatalogCollection {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    group: c.group,
    geometryType: c.geometryType,
    titleProperty: c.titleProperty,
    minZoom: c.minZoom,
    maxZoom: c.maxZoom,
    clusterBelowZoom: c.clusterBelowZoom ?? null,
    style: c.style,
    visibleByDefault: c.visibleByDefault,
    properties: c.properties.map((p) => ({ name: p.name, type: p.type, label: p.label, unit: p.unit ?? null, values: p.values ?? null, inTiles: p.inTiles ?? false, legendFilter: p.legendFilter ?? false, inCard: p.inCard ?? true })),
    tiles: `/${slug}/tiles/${c.id}/{z}/{x}/{y}.mvt`,
    tilejson: `/${slug}/tiles/${c.id}.json`,
    items: `/${slug}/ogc/collections/${c.id}/items`,
  };
}

export function catalogDocument(catalog: Catalog, m: Municipality, config: Pick<Config, 'BASEMAP_URL' | 'BASEMAP_ATTRIBUTION'>): CatalogDocument {
  return {
    municipality: { slug: m.slug, nameUk: m.nameUk, nameEn: m.nameEn, bbox: m.bbox, center: m.center, zoom: m.zoom, localSrid: m.localSrid },
    basemap: config.BASEMAP_URL ? { url: config.BASEMAP_URL, attribution: config.BASEMAP_ATTRIBUTION } : null,
    groups: [...catalog.groups],
    collections: catalog.collections.map((c) => collectionEntry(c, m.slug)),
  };
}
