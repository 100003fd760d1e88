/**
 * OGC API – Features under /{municipality}/ogc (Parts 1, 2 and 3): landing page, conformance,
 * OpenAPI, collections, items, one item, queryables — each as JSON (GeoJSON for features) or
 * HTML. A handler reads like its route: check parameters, answer from cache when it can, read,
 * render. Errors are AppErrors (status, OGC code, safe message) for the one error middleware.
 */
import { Router, type Request, type Response } from 'express';
import type { Catalog } from '../catalog/catalog.js';
import type { Collection } from '../catalog/collections.js';
import type { AppContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { answerIfNotModified, sendRevalidated } from '../http/conditional.js';
import type { Municipality } from '../municipalities/directory.js';
import { contentCrsHeader } from './crs.js';
import { collectionDocument, collectionsDocument, conformance, landingPage, queryables, type Place } from './documents.js';
import { MatchCounts, readExtent, readItem, readItems, type CollectionExtent, type ItemsPage } from './features.js';
import {
  apiHtml, collectionHtml, collectionsHtml, conformanceHtml, errorHtml, itemHtml, itemsHtml, landingHtml, queryablesHtml,
} from './html.js';
import { crsAtPath, crsDocument, crsListDocument, projjsonOf } from './crs-definitions.js';
import { featureSchema, sortables } from './schemas.js';
import { MEDIA, ogcBase, requestParams, selfAndAlternate, withParams, type Link } from './links.js';
import { openApiDocument } from './openapi.js';
import { dataStamp } from './stamp.js';
import { qgisProject } from './qgis-project.js';
import { featureEtag, isEditable, ogcTransactionRoutes, rowVersionOf } from './transactions.js';
import { ITEMS_PARAMETERS, outputFormat, parseCrsParameter, parseItemsQuery, queryableNames, rejectUnknown, type ItemsQuery } from './params.js';

/** Public data, shared caches welcome; a minute keeps edits visible soon. */
const CACHE_CONTROL = 'public, max-age=60';

export function ogcRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  const extents = new ExtentCache(ctx);
  const counts = new MatchCounts();

  /**
   * Where a metadata page is. These resources take `f` and ignore the parameters of items (and
   * the queryables): GDAL appends the query of a dataset URL (`…/collections/maf?filter=…`) to every
   * request it makes, the collection's and the API document's too.
   */
  const metadataParameters = ['f', ...ITEMS_PARAMETERS, ...new Set(ctx.catalog.collections.flatMap(queryableNames))];
  const placeOf = (req: Request): Place => {
    rejectUnknown(req.query, metadataParameters);
    return { base: ogcBase(req, ctx.config, req.municipality), municipality: req.municipality, format: outputFormat(req), params: requestParams(req) };
  };

  router.use((_req, res, next) => {
    // open data, for any web page or map client to fetch (a `*` origin never carries cookies)
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'Content-Crs, ETag',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    res.vary('Accept');
    next();
  });

  // CORS preflight: what a map page on another origin may send (a conditional GET, a JSON body)
  router.options('/{*rest}', (req, res) => {
    // Allow says what the resource itself takes: QGIS looks for POST here before it offers editing
    const editable = /^\/collections\/([^/]+)\/items(\/[^/]+)?\/?$/.exec(req.path);
    const collection = editable ? ctx.catalog.get(editable[1]) : undefined;
    const writes = collection && isEditable(collection) ? (editable![2] ? ', PUT, PATCH, DELETE' : ', POST') : '';
    res.set({
      Allow: `GET, HEAD, OPTIONS${writes}`,
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE',
      'Access-Control-Allow-Headers': 'Accept, Accept-Language, Content-Type, Content-Crs, If-Match, If-None-Match, X-CSRF-Token',
      'Access-Control-Max-Age': '86400',
    }).status(204).end();
  });

  const collectionOf = (req: Request) => collectionNamed(ctx.catalog, String(req.params.collectionId));

  router.get('/', (req, res) => {
    const place = placeOf(req);
    const doc = landingPage(place);
    send(req, res, place, doc, () => landingHtml(place.base, place.municipality, doc));
  });

  router.get('/conformance', (req, res) => {
    const place = placeOf(req);
    const doc = conformance(place);
    send(req, res, place, doc, () => conformanceHtml(place.base, place.municipality, doc));
  });

  router.get('/api', (req, res) => {
    const place = placeOf(req);
    const doc = openApiDocument(place.base, place.municipality, ctx.catalog.collections);
    const links = selfAndAlternate(`${place.base}/api`, place.params, place.format, MEDIA.openapi);
    send(req, res, place, doc, () => apiHtml(place.base, place.municipality, doc, links), MEDIA.openapi);
  });

  router.get('/collections', async (req, res) => {
    const place = placeOf(req);
    const doc = collectionsDocument(place, ctx.catalog.collections, await extents.all(req.municipality));
    send(req, res, place, doc, () => collectionsHtml(place.base, place.municipality, doc));
  });

  router.get('/collections/:collectionId', async (req, res) => {
    const collection = collectionOf(req);
    const place = placeOf(req);
    const doc = collectionDocument(place.base, collection, await extents.get(req.municipality, collection), place.municipality);
    const links = selfAndAlternate(`${place.base}/collections/${collection.id}`, place.params, place.format);
    send(req, res, place, { ...doc, links: [...links, ...doc.links.filter((l) => l.rel !== 'self' && l.rel !== 'alternate')] },
      () => collectionHtml(place.base, place.municipality, { ...doc, links }));
  });

  router.get('/collections/:collectionId/queryables', (req, res) => {
    const collection = collectionOf(req);
    const place = placeOf(req);
    const doc = queryables(place.base, collection);
    const links = selfAndAlternate(`${place.base}/collections/${collection.id}/queryables`, place.params, place.format, MEDIA.schema);
    send(req, res, place, doc, () => queryablesHtml(place.base, place.municipality, collection, doc, links), MEDIA.schema);
  });

  router.get('/collections/:collectionId/schema', (req, res) => {
    const collection = collectionOf(req);
    const place = placeOf(req);
    const doc = featureSchema(place.base, collection);
    const links = selfAndAlternate(`${place.base}/collections/${collection.id}/schema`, place.params, place.format, MEDIA.schema);
    send(req, res, place, doc, () => queryablesHtml(place.base, place.municipality, collection, doc.properties.properties, links, 'Схема об’єктів'), MEDIA.schema);
  });

  router.get('/collections/:collectionId/sortables', (req, res) => {
    const collection = collectionOf(req);
    const place = placeOf(req);
    const doc = sortables(place.base, collection);
    const links = selfAndAlternate(`${place.base}/collections/${collection.id}/sortables`, place.params, place.format, MEDIA.schema);
    send(req, res, place, doc, () => queryablesHtml(place.base, place.municipality, collection, doc, links, 'Властивості для впорядкування'), MEDIA.schema);
  });

  router.get('/crs', (req, res) => {
    rejectUnknown(req.query, ['f']);
    res.set('Cache-Control', CACHE_CONTROL).type(MEDIA.json).send(JSON.stringify(crsListDocument(ogcBase(req, ctx.config, req.municipality))));
  });

  router.get('/crs/:authority/:code{/:encoding}', (req, res) => {
    rejectUnknown(req.query, ['f']);
    const crs = crsAtPath(String(req.params.authority), String(req.params.code));
    const encoding = req.params.encoding;
    if (!crs || (encoding !== undefined && encoding !== 'proj4' && encoding !== 'projjson')) {
      throw notFound(`Немає визначення системи координат ${req.params.authority}:${req.params.code}. No definition of that CRS here (see ${ogcBase(req, ctx.config, req.municipality)}/crs).`);
    }
    res.set('Cache-Control', CACHE_CONTROL);
    if (encoding === 'proj4') res.type('text/plain').send(`${crs.proj4}\n`);
    else if (encoding === 'projjson') res.type(MEDIA.json).send(JSON.stringify(projjsonOf(crs)));
    else res.type(MEDIA.json).send(JSON.stringify(crsDocument(ogcBase(req, ctx.config, req.municipality), crs)));
  });

  router.get('/project.qgs', (req, res) => {
    rejectUnknown(req.query, []);
    const base = ogcBase(req, ctx.config, req.municipality);
    const project = qgisProject({
      municipality: req.municipality, ogcBase: base, tilesBase: base.replace(/\/ogc$/, '/tiles'),
      collections: ctx.catalog.collections, groups: ctx.catalog.groups,
    });
    res.set({ 'Cache-Control': CACHE_CONTROL, 'Content-Disposition': `attachment; filename="prozore-misto-${req.municipality.slug}.qgs"` })
      .type('application/x-qgis-project').send(project);
  });

  router.get('/collections/:collectionId/items', async (req, res) => {
    const collection = collectionOf(req);
    const format = outputFormat(req);
    const query = parseItemsQuery(collection, req.query);
    const m = req.municipality;
    const stamp = await dataStamp(ctx, m, collection);
    if (notModified(req, res, stamp, format)) return;

    const page = await readItems(ctx.db, collection, m, query, { counts, stamp });
    // set only now, so that an error the database raises goes out uncached
    res.set({ ETag: etagOf(stamp, format), 'Cache-Control': CACHE_CONTROL, 'Content-Crs': contentCrsHeader(query.crs) });
    const base = ogcBase(req, ctx.config, m);
    const links = itemsLinks(`${base}/collections/${collection.id}`, requestParams(req), format, query, page);
    if (format === 'html') {
      res.type('html').send(itemsHtml({
        base, municipality: m, collection, features: JSON.parse(page.featuresJson), numberMatched: page.numberMatched, offset: query.offset, links,
      }));
      return;
    }
    // the features arrive as JSON text from the database and go out without being parsed
    const head = JSON.stringify({
      type: 'FeatureCollection', numberMatched: page.numberMatched, numberReturned: page.numberReturned, timeStamp: new Date().toISOString(), links,
    });
    res.type(MEDIA.geojson).send(`${head.slice(0, -1)},"features":${page.featuresJson}}`);
  });

  router.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    const collection = collectionOf(req);
    rejectUnknown(req.query, ['f', 'crs']);
    const format = outputFormat(req);
    const crs = parseCrsParameter(req.query, 'crs');
    const id = /^\d{1,10}$/.test(req.params.featureId) ? Number(req.params.featureId) : NaN;
    const m = req.municipality;
    if (!(id <= 2_147_483_647)) throw featureNotFound(collection, req.params.featureId);
    const stamp = await dataStamp(ctx, m, collection);
    // an editable feature's ETag also names its row_version: what Part 4's If-Match compares
    const rowVersion = isEditable(collection) ? await rowVersionOf(ctx.db, collection, m.id, id) : undefined;
    const etag = rowVersion === undefined ? etagOf(stamp, format) : featureEtag(stamp, format, rowVersion);
    if (answerIfNotModified(req, res, etag, { 'Cache-Control': CACHE_CONTROL })) return;

    const text = await readItem(ctx.db, collection, m, id, crs);
    if (!text) throw featureNotFound(collection, req.params.featureId);
    res.set({ ETag: etag, 'Cache-Control': CACHE_CONTROL, 'Content-Crs': contentCrsHeader(crs) });
    const base = ogcBase(req, ctx.config, m);
    const url = `${base}/collections/${collection.id}`;
    const links: Link[] = [
      ...selfAndAlternate(`${url}/items/${id}`, requestParams(req), format, MEDIA.geojson),
      { href: url, rel: 'collection', type: MEDIA.json, title: collection.title.uk },
    ];
    const feature = JSON.parse(text);
    if (format === 'html') {
      res.type('html').send(itemHtml(base, m, collection, feature, links, crs.title));
      return;
    }
    res.type(MEDIA.geojson).send(JSON.stringify({ ...feature, links }));
  });

  // Part 4: create, replace, update, delete on the registry's collections (transactions.ts)
  router.use(ogcTransactionRoutes(ctx));

  router.use((req) => {
    throw notFound(`Немає такої адреси. No such path: ${req.originalUrl.split('?')[0]}`);
  });

  // an error asked for as HTML is a page (a person followed a link), else problem+json
  router.use((error: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    let format: 'json' | 'html';
    try {
      format = outputFormat(req);
    } catch {
      format = 'json';
    }
    if (format !== 'html' || !(error instanceof AppError) || res.headersSent) return next(error);
    res.status(error.status).set('Cache-Control', 'no-store').type('html')
      .send(errorHtml(ogcBase(req, ctx.config, req.municipality), req.municipality, error.status, error.code, error.message));
  });

  return router;
}

function collectionNamed(catalog: Catalog, id: string): Collection {
  const collection = catalog.get(id);
  if (!collection) {
    throw notFound(`Колекції «${id}» немає. No such collection: ${id} (there are: ${catalog.collections.map((c) => c.id).join(', ')})`);
  }
  return collection;
}

const featureNotFound = (collection: Collection, id: string) =>
  notFound(`У колекції «${collection.id}» немає об’єкта ${id}. No feature ${id} in ${collection.id}.`);

/** A metadata document, tagged by its own bytes (they change with a release, not with the data). */
function send(req: Request, res: Response, place: Place, doc: unknown, renderHtml: () => string, jsonType: string = MEDIA.json): void {
  const headers = { 'Cache-Control': CACHE_CONTROL };
  // A JSON Schema to a client that accepts JSON but not schema+json is sent as JSON: GDAL 3.6 asks
  // for queryables with "Accept: application/geo+json, application/json" and refuses other types.
  if (jsonType === MEDIA.schema && req.get('Accept') && req.accepts([MEDIA.schema, MEDIA.json]) === MEDIA.json) jsonType = MEDIA.json;
  if (place.format === 'html') sendRevalidated(req, res, renderHtml(), 'html', headers);
  else sendRevalidated(req, res, JSON.stringify(doc), jsonType, headers);
}

/** Weak: the body's timeStamp differs between two requests for the same data. */
const etagOf = (stamp: string, format: string) => `W/"${stamp}-${format}"`;

/** Answers 304 when the client holds this data in this format already. */
function notModified(req: Request, res: Response, stamp: string, format: string): boolean {
  return answerIfNotModified(req, res, etagOf(stamp, format), { 'Cache-Control': CACHE_CONTROL });
}

/** self, alternate, prev/next (every query parameter kept, only offset and f changed), collection. */
function itemsLinks(collectionUrl: string, params: URLSearchParams, format: 'json' | 'html', query: ItemsQuery, page: ItemsPage): Link[] {
  const url = `${collectionUrl}/items`;
  const type = format === 'json' ? MEDIA.geojson : MEDIA.html;
  const links = selfAndAlternate(url, params, format, MEDIA.geojson);
  if (query.offset > 0) {
    const offset = String(Math.max(0, query.offset - query.limit));
    links.push({ href: withParams(url, params, { offset, f: format }), rel: 'prev', type, title: 'Попередня сторінка' });
  }
  if (query.offset + page.numberReturned < page.numberMatched) {
    const offset = String(query.offset + query.limit);
    links.push({ href: withParams(url, params, { offset, f: format }), rel: 'next', type, title: 'Наступна сторінка' });
  }
  links.push({ href: collectionUrl, rel: 'collection', type: MEDIA.json, title: 'Колекція' });
  return links;
}

/** Collection extents, kept until the collection's version changes. */
class ExtentCache {
  private cache = new Map<string, { version: number; extent: CollectionExtent }>();

  constructor(private readonly ctx: AppContext) {}

  async get(m: Municipality, collection: Collection): Promise<CollectionExtent> {
    const key = `${m.id}:${collection.id}`;
    const version = await this.ctx.versions.get(m.id, collection.id);
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.extent;
    const extent = await readExtent(this.ctx.db, collection, m);
    this.cache.set(key, { version, extent });
    return extent;
  }

  async all(m: Municipality): Promise<Map<string, CollectionExtent>> {
    const entries = await Promise.all(this.ctx.catalog.collections.map(async (c) => [c.id, await this.get(m, c)] as const));
    return new Map(entries);
  }
}
