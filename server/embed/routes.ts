import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { badRequest } from '../errors.js';
import { publicOrigin } from '../http/public-url.js';
import { MESSAGES_SCHEMA } from '../rules/embed-messages.js';
import { CLIENT_DIST } from '../web/routes.js';
import { readFraming, writeFraming } from './framing.js';
import { oembedAnswer, oembedXml } from './oembed.js';
import { sendEmbedPage } from './page.js';

export interface EmbedRoutesOptions {
  /** The built client; default CLIENT_DIST (tests point it elsewhere). */
  distDir?: string;
}

/**
 * The public faces of embedding, mounted on the app before the hromada-scoped routers:
 *   GET /oembed?url=…                       oEmbed 1.0 (json, xml)
 *   GET /api/embed/messages.schema.json     the postMessage interface as JSON Schema
 *   GET /{hromada}/embed?…                  the embed page (no session is read for it)
 */
export function embedRoutes(ctx: AppContext, { distDir = CLIENT_DIST }: EmbedRoutesOptions = {}): Router {
  const router = Router();

  router.get('/oembed', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const answer = await oembedAnswer(q, publicOrigin(req, ctx.config), ctx);
    // Consumers fetch it server-side and from browsers (oEmbed's JS clients): readable from any origin.
    res.set('Access-Control-Allow-Origin', '*').set('Cache-Control', 'public, max-age=3600');
    if (q.format === 'xml') res.type('text/xml; charset=utf-8').send(oembedXml(answer));
    else res.json(answer);
  });

  router.get('/api/embed/messages.schema.json', (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').set('Cache-Control', 'public, max-age=3600').type('application/schema+json').send(JSON.stringify(MESSAGES_SCHEMA, null, 2));
  });

  router.get('/:municipality/embed', ctx.municipalities.scope(), async (req, res) => {
    await sendEmbedPage(req, res, ctx, distDir);
  });

  return router;
}

const settingsBody = z.object({
  frameAncestors: z.array(z.string().max(300)).max(50).nullable(),
  version: z.number().int().min(0),
}).strict();

/**
 * /{hromada}/api/embed/settings — which sites may frame the hromada's maps; the hromada's admin
 * reads and changes it (through the one write path, framing.ts).
 */
export function embedSettingsRoutes({ db }: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/settings', requireRole('admin'), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await readFraming(db, req.municipality.id));
  });

  router.put('/settings', requireRole('admin'), async (req, res) => {
    const parsed = settingsBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.') || '(тіло запиту)';
      throw badRequest(`Поле «${field}»: ${issue.message}. Field ${field}: ${issue.message}.`, { field });
    }
    const saved = await writeFraming(db, { municipalityId: req.municipality.id, userId: req.user!.id }, {
      frameAncestors: parsed.data.frameAncestors, expectedVersion: parsed.data.version,
    });
    res.set('Cache-Control', 'no-store').json(saved);
  });

  return router;
}
