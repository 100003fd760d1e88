import express, { type Express, type RequestHandler } from 'express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './context.js';
import { badRequest, errorHandler, notFoundHandler } from './errors.js';
import { loginHashing } from './auth/hash-gate.js';
import { trustedProxies } from './config.js';
import { findForbiddenText } from './rules/text.js';
import { healthRoutes } from './health/routes.js';
import { authRoutes, loginBusy, sessionReader } from './auth/routes.js';
import { accountRoutes } from './auth/account-routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { municipalityRoutes } from './municipalities/routes.js';
import { registryRoutes } from './registry/routes.js';
import { accessibilityRoutes } from './accessibility/routes.js';
import { placeRoutes } from './places/routes.js';
import { baseMapRoutes } from './basemap/routes.js';
import { districtRoutes } from './districts/routes.js';
import { ogcRoutes } from './ogc/routes.js';
import { tileRoutes } from './tiles/routes.js';
import { webRoutes } from './web/routes.js';
import { embedRoutes, embedSettingsRoutes } from './embed/routes.js';
import { commentRoutes } from './comments/routes.js';
import { open311Routes } from './open311/routes.js';

/** Origins the basemap tiles come from, for the Content-Security-Policy. */
function basemapOrigin(url: string): string[] {
  try {
    const origin = new URL(url.replace(/\{[a-z]\}/g, 'a')).origin;
    // {s} subdomains (a.tile…, b.tile…) are allowed by a wildcard on the parent domain
    return [origin, origin.replace('//a.', '//*.')];
  } catch {
    return [];
  }
}

/**
 * No query parameter and no string of a JSON body may hold NUL, a bidirectional override or a
 * lone surrogate (rules/text.ts): one check here instead of a 500 from the database in whichever
 * handler meets it first, and the refusal names the parameter or field.
 */
const refuseForbiddenText: RequestHandler = (req, _res, next) => {
  const inQuery = findForbiddenText(req.query);
  if (inQuery) {
    const parameter = inQuery.path[0];
    return next(badRequest(`Параметр «${parameter}» ${inQuery.uk}. Parameter ${parameter} ${inQuery.en}.`, { parameter }));
  }
  const inBody = req.body !== undefined && typeof req.body === 'object' ? findForbiddenText(req.body) : undefined;
  if (inBody) {
    const field = inBody.path.join('.') || '(тіло запиту)';
    return next(badRequest(`Поле «${field}» ${inBody.uk}. Field ${field} ${inBody.en}.`, { field }));
  }
  next();
};

/**
 * The HTTP application: security headers, compression, request logs, then one router per part
 * of the domain, all hromada-scoped routes under /:municipality, and one error middleware.
 */
/** A request as pino-http serialized it, less the client's address and port. */
function withoutAddress(req: { remoteAddress?: unknown; remotePort?: unknown }) {
  delete req.remoteAddress;
  delete req.remotePort;
  return req;
}

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers only from the configured proxies (config.ts), never from whoever sends them.
  app.set('trust proxy', trustedProxies(ctx.config));
  // Query strings parsed flat: a[b]=c stays a literal key, so no handler meets nested objects.
  app.set('query parser', 'simple');

  // A sign-in flood past the hashing queue is turned away before logging, headers and body
  // parsing: at that rate the work of refusing each one would take the event loop from the map.
  app.use((req, res, next) => {
    if (req.method !== 'POST' || !loginHashing.full || !/^\/[^/]+\/api\/auth\/login\/?$/.test(req.path)) return next();
    res.set('Cache-Control', 'no-store');
    next(loginBusy()); // straight to the error handler, past everything else
  });
  app.use(pinoHttp({
    logger: ctx.logger,
    // health probes every few seconds would drown the log
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    // 503 is a refusal we chose (a full sign-in queue, a probe saying not ready), not a fault
    customLogLevel: (_req, res, err) => (err || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // A client's address is never stored raw (issue 12): not the socket's, not a proxy's header
    // (those are redacted by createLogger). Limits and duplicates use the comments' keyed hash.
    serializers: { req: withoutAddress },
  }));
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', ...basemapOrigin(ctx.config.BASEMAP_URL)],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'"],
        'worker-src': ["'self'", 'blob:'],
        // No page may be framed — the full map with its sign-in and editing, the API — but the embed
        // page (/{hromada}/embed), which sets its hromada's own list (server/embed/page.ts).
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  }));
  // Tiles gzip themselves once and keep the result (server/tiles/tile-response.ts).
  app.use(compression({ threshold: 512 }));
  app.use(cookieParser());
  // Photo uploads bring their own larger parser (server/registry/photos.ts); everything else is small JSON.
  const json = express.json({ limit: '1mb' });
  app.use((req, res, next) => (/^\/[^/]+\/api\/registry\/objects\/[^/]+\/photos\/?$/.test(req.path) ? next() : json(req, res, next)));
  app.use(refuseForbiddenText);

  app.use(healthRoutes(ctx));
  app.get('/api/municipalities', (_req, res) => {
    res.json(ctx.municipalities.list().map(({ slug, nameUk, nameEn, bbox, center, zoom }) => ({ slug, nameUk, nameEn, bbox, center, zoom })));
  });

  const scoped = express.Router({ mergeParams: true });
  scoped.use(ctx.municipalities.scope());
  // Only the JSON API knows people; tiles and OGC are public and skip the session lookup.
  scoped.use('/api', sessionReader(ctx));
  scoped.use('/api/auth', authRoutes(ctx));
  scoped.use('/api/admin/users', accountRoutes(ctx));
  scoped.use('/api/municipality', municipalityRoutes(ctx));
  scoped.use('/api/registry', registryRoutes(ctx));
  scoped.use('/api/accessibility', accessibilityRoutes(ctx));
  scoped.use('/api/places', placeRoutes(ctx));
  scoped.use('/api/embed', embedSettingsRoutes(ctx));
  scoped.use('/api/basemap', baseMapRoutes(ctx));
  scoped.use('/api/districts', districtRoutes(ctx));
  scoped.use('/api/comments', commentRoutes(ctx));
  scoped.use('/api', catalogRoutes(ctx));
  scoped.use('/ogc', ogcRoutes(ctx));
  scoped.use('/tiles', tileRoutes(ctx));
  scoped.use('/open311/v2', open311Routes(ctx));
  app.use(embedRoutes(ctx)); // /oembed and /:municipality/embed, framable by the hromada's chosen sites
  app.use(webRoutes(ctx)); // the built client: /, /assets/…, /:municipality/ pages
  app.use('/:municipality', scoped);

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
