/**
 * The JSON documents of the OGC API other than features: landing page, conformance, the
 * collections and one collection (Part 1 and Part 2), queryables (Part 3). Pure functions of the
 * catalog, the hromada and the base URL; routes.ts serves them and html.ts draws them.
 */
import type { Collection, CollectionProperty } from '../catalog/collections.js';
import { isQueryable } from '../catalog/collections.js';
import type { Municipality } from '../municipalities/directory.js';
import { CRS84_URI, SUPPORTED_CRS } from './crs.js';
import { GEOMETRY_QUERYABLE } from './cql2-sql.js';
import type { CollectionExtent } from './features.js';
import { MEDIA, selfAndAlternate, type Link } from './links.js';
import { crsDefinitionsOf } from './crs-definitions.js';
import { schemaLinks } from './schemas.js';

/** What we implement, by conformance class (Part 1, Part 2, Part 3 and CQL2 1.0). */
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/property-property',
  // Part 4 on the registry's collections (transactions.ts)
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
] as const;

/** A page of the API as the routes hand it over: where it is, in which format, with which query. */
export interface Place {
  base: string;
  municipality: Municipality;
  format: 'json' | 'html';
  params: URLSearchParams;
}

export function landingPage({ base, municipality: m, format, params }: Place) {
  return {
    title: `Прозоре місто — ${m.nameUk}: відкриті геодані`,
    description: `Відкриті дані громади «${m.nameUk}» за стандартом OGC API – Features: реєстр МАФ і реклами, доступність закладів, виборчі округи, звернення мешканців. Open geodata of ${m.nameEn}.`,
    links: [
      ...selfAndAlternate(base, params, format),
      { href: `${base}/api`, rel: 'service-desc', type: MEDIA.openapi, title: 'Опис API (OpenAPI 3.0)' },
      { href: `${base}/api?f=html`, rel: 'service-doc', type: MEDIA.html, title: 'Документація API' },
      { href: `${base}/conformance`, rel: 'conformance', type: MEDIA.json, title: 'Класи відповідності' },
      { href: `${base}/collections`, rel: 'data', type: MEDIA.json, title: 'Колекції' },
      { href: `${base}/project.qgs`, rel: 'related', type: 'application/x-qgis-project', title: 'Проєкт QGIS з усіма шарами' },
      { href: `${base}/crs`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/crs', type: MEDIA.json, title: 'Системи координат: визначення proj4 і PROJJSON' },
    ] satisfies Link[],
  };
}

export function conformance(place: Place) {
  return { links: selfAndAlternate(`${place.base}/conformance`, place.params, place.format), conformsTo: [...CONFORMANCE_CLASSES] };
}

/** One collection's description (Part 1 /req/core/sfc-md-op, Part 2 crs/storageCrs). */
export function collectionDocument(base: string, collection: Collection, extent: CollectionExtent, municipality: Municipality) {
  const url = `${base}/collections/${collection.id}`;
  const temporal = extent.interval ? { temporal: { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {};
  return {
    id: collection.id,
    title: collection.title.uk,
    description: collection.description.uk,
    itemType: 'feature',
    extent: {
      spatial: { bbox: [extent.bbox ?? municipality.bbox], crs: CRS84_URI },
      ...temporal,
    },
    crs: SUPPORTED_CRS.map((c) => c.uri),
    // where each CRS of the list is defined (proj4, PROJJSON): crs-definitions.ts
    crsDefinitions: crsDefinitionsOf(base),
    storageCrs: CRS84_URI,
    links: [
      { href: url, rel: 'self', type: MEDIA.json, title: collection.title.uk },
      { href: `${url}?f=html`, rel: 'alternate', type: MEDIA.html, title: collection.title.uk },
      { href: `${url}/items`, rel: 'items', type: MEDIA.geojson, title: 'Об’єкти (GeoJSON)' },
      { href: `${url}/items?f=html`, rel: 'items', type: MEDIA.html, title: 'Об’єкти (HTML)' },
      // the registered relation type of Part 3, and the short one clients written before it look for
      { href: `${url}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: MEDIA.schema, title: 'Властивості для фільтрів' },
      { href: `${url}/queryables`, rel: 'queryables', type: MEDIA.schema, title: 'Властивості для фільтрів' },
      ...schemaLinks(url),
    ] satisfies Link[],
  };
}

export function collectionsDocument(place: Place, collections: readonly Collection[], extents: Map<string, CollectionExtent>) {
  return {
    links: selfAndAlternate(`${place.base}/collections`, place.params, place.format),
    crs: SUPPORTED_CRS.map((c) => c.uri),
    crsDefinitions: crsDefinitionsOf(place.base),
    collections: collections.map((c) => collectionDocument(place.base, c, extents.get(c.id)!, place.municipality)),
  };
}

/** JSON Schema of one property, as queryables and the OpenAPI parameters describe it. */
export function propertySchema(p: CollectionProperty): Record<string, unknown> {
  const base = { title: p.label.uk, description: p.label.en };
  switch (p.type) {
    case 'string': return { ...base, type: 'string', ...(p.values ? { enum: p.values.map((v) => v.value) } : {}) };
    case 'integer': return { ...base, type: 'integer' };
    case 'number': return { ...base, type: 'number' };
    case 'boolean': return { ...base, type: 'boolean' };
    case 'date': return { ...base, type: 'string', format: 'date' };
    case 'datetime': return { ...base, type: 'string', format: 'date-time' };
  }
}

const GEOMETRY_FORMAT: Record<Collection['geometryType'], string> = {
  Point: 'geometry-point', Polygon: 'geometry-polygon', MultiPolygon: 'geometry-multipolygon', Geometry: 'geometry-any',
  MultiLineString: 'geometry-multilinestring',
};

/** Queryables (Part 3): the properties a filter may name, as a JSON Schema (2020-12). */
export function queryables(base: string, collection: Collection) {
  const properties: Record<string, Record<string, unknown>> = {
    id: { title: 'Ідентифікатор', description: 'Feature id', type: 'integer', 'x-ogc-role': 'id' },
    [GEOMETRY_QUERYABLE]: { title: 'Геометрія', description: 'Geometry', format: GEOMETRY_FORMAT[collection.geometryType], 'x-ogc-role': 'primary-geometry' },
  };
  for (const p of collection.properties.filter(isQueryable)) properties[p.name] = propertySchema(p);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/collections/${collection.id}/queryables`,
    type: 'object',
    title: collection.title.uk,
    description: `Властивості колекції «${collection.title.uk}», за якими можна фільтрувати (CQL2, параметри запиту). Queryables of ${collection.title.en}.`,
    properties,
    additionalProperties: false,
    links: schemaLinks(`${base}/collections/${collection.id}`),
  };
}
