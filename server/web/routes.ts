import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import type { AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { mapPageHead } from '../embed/social.js';

/** Where `vite build --config client/vite.config.ts` writes the client. */
export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist/', import.meta.url));

const NOT_BUILT = 'Клієнт не зібрано: npm run build\nThe map client is not built: npm run build\n';

export interface WebRoutesOptions {
  /** The built client; default CLIENT_DIST (tests point it elsewhere). */
  distDir?: string;
}

/**
 * The built map client:
 *   /                  → 302 to the map of DEFAULT_MUNICIPALITY, else of the first hromada by slug
 *   /{municipality}    → 301 to /{municipality}/, so each map has one address (links, caches)
 *   /{municipality}/   → index.html, revalidated on every visit (Cache-Control: no-cache), so a
 *                        new release reaches people at once
 *   /assets/…          → the bundle; file names carry a content hash, so they never change:
 *                        cached for a year, immutable
 * Without a build, pages answer 503 with the command that makes one. Unknown hromadas are 404s
 * like any other unknown path.
 */
export function webRoutes(ctx: AppContext, { distDir = CLIENT_DIST }: WebRoutesOptions = {}): Router {
  // Not strict: /:municipality matches with and without the trailing slash; the handler tells them apart.
  const router = Router();
  const indexPath = join(distDir, 'index.html');

  // index.html is small and read on each page view, so a rebuild is served without a restart.
  async function sendIndex(res: Response, head: (html: string) => string = (html) => html): Promise<void> {
    let html: string;
    try {
      html = head(await readFile(indexPath, 'utf8'));
    } catch {
      res.status(503).set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(NOT_BUILT);
      return;
    }
    res.set('Cache-Control', 'no-cache').type('html').send(html);
  }

  router.get('/', (_req, res, next) => {
    const configured = ctx.config.DEFAULT_MUNICIPALITY;
    // A default that names no hromada (a typo, a removed one) must not turn the front door into a 404.
    const slug = configured && ctx.municipalities.get(configured) ? configured : ctx.municipalities.list()[0]?.slug;
    if (!slug) return next(notFound('На цьому сервері ще немає жодної громади. No hromada on this server yet.'));
    res.redirect(302, `/${encodeURIComponent(slug)}/`);
  });

  router.use(
    '/assets',
    express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, redirect: false, fallthrough: true }),
    async (_req, res, next) => {
      // A missing asset with no build at all is the 503, not a 404 that hides the cause.
      if (await stat(distDir).then(() => true, () => false)) return next();
      res.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    },
  );

  router.get('/:municipality', async (req, res, next) => {
    const slug = String(req.params.municipality);
    if (!ctx.municipalities.get(slug)) return next(notFound(`Громаду «${slug}» не знайдено. Unknown hromada: ${slug}`));
    const [path, query = ''] = req.originalUrl.split(/\?(.*)/s);
    if (!path.endsWith('/')) return res.redirect(301, `${path}/${query ? `?${query}` : ''}`);
    await sendIndex(res, (html) => mapPageHead(html, req, ctx));
  });

  return router;
}
