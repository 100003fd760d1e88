/**
 * The OpenAPI 3.0 definition of one hromada's OGC API (Part 1, /req/oas30). Clients read it:
 * GDAL takes the page size from the `limit` parameter's maximum, and which query parameters a
 * collection's items take (its queryables) from the per-collection paths. Generated from the
 * catalog, so it cannot drift from what the handlers accept.
 */
import { DISTRICTS_TAG, districtApiPaths } from '../districts/openapi.js';
import type { Collection } from '../catalog/collections.js';
import { isQueryable } from '../catalog/collections.js';
import type { Municipality } from '../municipalities/directory.js';
import { CRS84_URI, SUPPORTED_CRS } from './crs.js';
import { propertySchema } from './documents.js';
import { MEDIA } from './links.js';
import { FILTER_LANGUAGES, LIMIT } from './params.js';

type Parameter = Record<string, unknown>;

const query = (name: string, description: string, schema: Record<string, unknown>, extra: Parameter = {}): Parameter =>
  ({ name, in: 'query', required: false, description, schema, style: 'form', explode: false, ...extra });

const crsUris = SUPPORTED_CRS.map((c) => c.uri);

const f = query('f', 'Формат відповіді (geojson — те саме, що json). Response format.', { type: 'string', enum: ['json', 'geojson', 'html'] });
const crs = query('crs', 'CRS координат у відповіді (Part 2). CRS of the coordinates in the response.', { type: 'string', format: 'uri', enum: crsUris, default: CRS84_URI });

const itemsParameters = (collection: Collection): Parameter[] => [
  f,
  query('limit', `Розмір сторінки: від 1 до ${LIMIT.max}, типово ${LIMIT.default}. Page size.`,
    { type: 'integer', minimum: 1, maximum: LIMIT.max, default: LIMIT.default }),
  query('offset', 'Скільки об’єктів пропустити (посилання next/prev роблять це самі). Features to skip.', { type: 'integer', minimum: 0, default: 0 }),
  query('bbox', 'Прямокутник: 4 (або 6) чисел у порядку осей bbox-crs. Bounding box in the axis order of bbox-crs.',
    { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }),
  query('bbox-crs', 'CRS параметра bbox. CRS of bbox.', { type: 'string', format: 'uri', enum: crsUris, default: CRS84_URI }),
  crs,
  ...(collection.temporalProperty
    ? [query('datetime', `Момент або інтервал (RFC 3339, «..» — відкритий кінець) для «${collection.temporalProperty}». Instant or interval.`, { type: 'string' })]
    : []),
  query('filter', 'Фільтр CQL2 (текст або JSON) за властивостями з /queryables. A CQL2 filter over the queryables.', { type: 'string' }),
  // 'cql-text', the draft's name, is what GDAL 3.6 looks for here before it sends -where as CQL
  query('filter-lang', 'Мова фільтра (cql-text — давня назва cql2-text). Filter language.', { type: 'string', enum: [...FILTER_LANGUAGES], default: 'cql2-text' }),
  query('filter-crs', 'CRS геометрій у фільтрі. CRS of the geometries in the filter.', { type: 'string', format: 'uri', enum: crsUris, default: CRS84_URI }),
  query('id', 'Ідентифікатор об’єкта. Feature id.', { type: 'integer' }),
  query('skipGeometry', 'Без геометрії (true). Omit the geometry.', { type: 'boolean', default: false }),
  query('sortby', 'Порядок: назви з /sortables через кому, «-» — за спаданням. Sort order, e.g. -installed_on,address.', { type: 'array', items: { type: 'string' } }),
  query('properties', 'Лише ці властивості, через кому. Only these properties.', { type: 'array', items: { type: 'string', enum: collection.properties.map((p) => p.name) } }),
  ...collection.properties.filter(isQueryable).map((p) => query(p.name, `${p.label.uk}. ${p.label.en}.`, propertySchema(p))),
];

const jsonResponse = (description: string, type: string = MEDIA.json) => ({
  description,
  content: { [type]: { schema: { type: 'object' } }, [MEDIA.html]: { schema: { type: 'string' } } },
});

const errors = {
  400: { description: 'Неприпустимий параметр. Invalid parameter.', content: { 'application/problem+json': { schema: { type: 'object' } } } },
  404: { description: 'Не знайдено. Not found.', content: { 'application/problem+json': { schema: { type: 'object' } } } },
};

function collectionPaths(collection: Collection): Record<string, unknown> {
  const at = `/collections/${collection.id}`;
  const tag = [collection.id];
  return {
    [at]: { get: { tags: tag, summary: collection.title.uk, operationId: `describe_${collection.id}`, parameters: [f], responses: { 200: jsonResponse('Опис колекції'), ...errors } } },
    [`${at}/items`]: {
      get: {
        tags: tag, summary: `${collection.title.uk}: об’єкти`, operationId: `items_${collection.id}`,
        parameters: itemsParameters(collection),
        responses: { 200: jsonResponse('Сторінка об’єктів (GeoJSON FeatureCollection)', MEDIA.geojson), ...errors },
      },
    },
    [`${at}/items/{featureId}`]: {
      get: {
        tags: tag, summary: `${collection.title.uk}: один об’єкт`, operationId: `item_${collection.id}`,
        parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'integer' } }, f, crs],
        responses: { 200: jsonResponse('Об’єкт (GeoJSON Feature)', MEDIA.geojson), ...errors },
      },
    },
    [`${at}/queryables`]: {
      get: { tags: tag, summary: `${collection.title.uk}: властивості для фільтрів`, operationId: `queryables_${collection.id}`, parameters: [f], responses: { 200: jsonResponse('JSON Schema', MEDIA.schema), ...errors } },
    },
  };
}

export function openApiDocument(base: string, municipality: Municipality, collections: readonly Collection[]) {
  return {
    openapi: '3.0.3',
    info: {
      title: `Прозоре місто — ${municipality.nameUk}: OGC API – Features`,
      description: `Відкриті геодані громади «${municipality.nameUk}». Open geodata of ${municipality.nameEn} (OGC API – Features, Parts 1, 2 and 3).`,
      version: '1.0.0',
      license: { name: 'Відкриті дані / Open data' },
    },
    servers: [{ url: base }],
    tags: [...collections.map((c) => ({ name: c.id, description: c.title.uk })), DISTRICTS_TAG],
    paths: {
      '/': { get: { summary: 'Головна сторінка API', operationId: 'landingPage', parameters: [f], responses: { 200: jsonResponse('Landing page') } } },
      '/conformance': { get: { summary: 'Класи відповідності', operationId: 'conformance', parameters: [f], responses: { 200: jsonResponse('Conformance') } } },
      '/api': { get: { summary: 'Цей документ', operationId: 'api', parameters: [f], responses: { 200: jsonResponse('OpenAPI 3.0', MEDIA.openapi) } } },
      '/collections': { get: { summary: 'Колекції', operationId: 'collections', parameters: [f], responses: { 200: jsonResponse('Collections') } } },
      ...Object.assign({}, ...collections.map(collectionPaths)),
      ...districtApiPaths(base.replace(/\/ogc\/?$/, '/api')),
    },
  };
}
