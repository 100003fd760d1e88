/**
 * JSON Schemas of a collection beyond its queryables: the schema of its features (what the
 * `describedBy` link names) and its sortables.
 *
 * The feature schema is what lets a desktop client type every field as the catalog does instead
 * of guessing from the first page: GDAL 3.6 (ogroapifdriver.cpp, GetSchema) follows a collection
 * link with rel "describedBy" and type application/schema+json, builds an example feature from
 * the schema and types each property by it — a string with format "date" becomes a Date field,
 * "date-time" a DateTime, boolean an Integer(Boolean). It reads only a plain "type" (no
 * ["string","null"] unions), so nullability is said by leaving properties out of "required".
 */
import type { Collection } from '../catalog/collections.js';
import { propertySchema } from './documents.js';
import { MEDIA, type Link } from './links.js';
import { sortableProperties } from './params.js';

/** GeoJSON geometry schema of each catalog geometry type (after the GeoJSON JSON Schemas, RFC 7946). */
const position = { type: 'array', minItems: 2, items: { type: 'number' } };
const GEOMETRY: Record<Collection['geometryType'], Record<string, unknown>> = {
  Point: { type: 'object', required: ['type', 'coordinates'], properties: { type: { type: 'string', enum: ['Point'] }, coordinates: position } },
  Polygon: {
    type: 'object', required: ['type', 'coordinates'],
    properties: { type: { type: 'string', enum: ['Polygon'] }, coordinates: { type: 'array', items: { type: 'array', minItems: 4, items: position } } },
  },
  MultiPolygon: {
    type: 'object', required: ['type', 'coordinates'],
    properties: {
      type: { type: 'string', enum: ['MultiPolygon'] },
      coordinates: { type: 'array', items: { type: 'array', items: { type: 'array', minItems: 4, items: position } } },
    },
  },
  MultiLineString: {
    type: 'object', required: ['type', 'coordinates'],
    properties: { type: { type: 'string', enum: ['MultiLineString'] }, coordinates: { type: 'array', items: { type: 'array', minItems: 2, items: position } } },
  },
  Geometry: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
};

/** The schema of one feature of the collection, as its items (GeoJSON) carry it. */
export function featureSchema(base: string, collection: Collection) {
  const url = `${base}/collections/${collection.id}`;
  const properties: Record<string, Record<string, unknown>> = {};
  for (const p of collection.properties) properties[p.name] = propertySchema(p);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${url}/schema`,
    title: collection.title.uk,
    description: `Схема об’єктів колекції «${collection.title.uk}» (GeoJSON Feature). Порожнє значення — null. Schema of the features of ${collection.title.en}; an empty value is null.`,
    type: 'object',
    required: ['type', 'id', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'integer', title: 'Ідентифікатор', description: 'Feature id' },
      geometry: { ...GEOMETRY[collection.geometryType], title: `Геометрія: ${collection.geometryType}`, 'x-ogc-role': 'primary-geometry' },
      properties: { type: 'object', properties },
    },
    links: [{ href: url, rel: 'collection', type: MEDIA.json, title: collection.title.uk }] satisfies Link[],
  };
}

/** Sortables (Part 8 draft, OGC API Records): what `sortby` may name, as a JSON Schema. */
export function sortables(base: string, collection: Collection) {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const p of sortableProperties(collection)) properties[p.name] = propertySchema(p);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/collections/${collection.id}/sortables`,
    type: 'object',
    title: collection.title.uk,
    description: `Властивості, за якими можна впорядкувати об’єкти (sortby=-installed_on,address). Sortables of ${collection.title.en}.`,
    properties,
    additionalProperties: false,
  };
}

/** The links a collection gives to its schemas; `describedBy` spelled as GDAL 3.6 compares it, and as IANA registers it. */
export function schemaLinks(url: string): Link[] {
  return [
    { href: `${url}/schema`, rel: 'describedBy', type: MEDIA.schema, title: 'Схема об’єктів (JSON Schema)' },
    { href: `${url}/schema`, rel: 'describedby', type: MEDIA.schema, title: 'Схема об’єктів (JSON Schema)' },
    { href: `${url}/sortables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/sortables', type: MEDIA.schema, title: 'Властивості для впорядкування' },
  ];
}
