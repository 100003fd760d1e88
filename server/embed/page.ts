/**
 * The embed page, /{hromada}/embed?…: the built client's embed.html (client/embed.html, a light
 * entry of its own) with the social tags of what it shows, and the headers that let the hromada's
 * chosen sites — and only them — frame it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { badRequest } from '../errors.js';
import { publicOrigin } from '../http/public-url.js';
import { describeEmbed, formatEmbedQuery, parseEmbedParams, type EmbedParams } from '../rules/embed.js';
import { frameAncestorsDirective, readFraming } from './framing.js';
import { namesOf } from './oembed.js';
import { featureName } from './subject.js';
import { mapDescription, socialTags, withHead } from './social.js';

const NOT_BUILT = 'Клієнт не зібрано: npm run build\nThe map client is not built: npm run build\n';

/** The parameters, checked against the catalog too: a typo in the snippet is a clear 400, not a blank map. */
export function embedParamsOf(req: Request, ctx: AppContext): EmbedParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') query.set(key, value);
  const { params, problems } = parseEmbedParams(query);
  const known = (id: string) => id === 'basemap' || ctx.catalog.get(id) !== undefined;
  const unknownLayer = params.layers?.find((id) => !known(id));
  if (unknownLayer) problems.push({ parameter: 'layers', value: unknownLayer, uk: 'немає такого шару', en: 'is no layer of this map' });
  if (params.feature && !ctx.catalog.get(params.feature.collection)) {
    problems.push({ parameter: 'feature', value: params.feature.collection, uk: 'немає такого шару', en: 'is no layer of this map' });
  }
  // The filter names collections and tile properties of the catalog, as the map's filter reads it
  // (client/src/map/layerFilter.ts): one it would silently drop is a typo worth naming.
  for (const condition of params.filter?.split(',') ?? []) {
    const m = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*):[^:]+$/.exec(condition);
    const collection = m ? ctx.catalog.get(m[1]) : undefined;
    if (!m || !collection?.properties.some((p) => p.name === m[2] && p.inTiles)) {
      problems.push({
        parameter: 'filter', value: condition,
        uk: 'має бути шар.властивість:значення|значення, з властивістю, яку несуть тайли шару',
        en: 'must be layer.property:value|value, with a property the layer’s tiles carry',
      });
      break;
    }
  }
  if (problems.length > 0) {
    const p = problems[0];
    throw badRequest(`Параметр «${p.parameter}» (${p.value}) ${p.uk}. Parameter ${p.parameter} (${p.value}) ${p.en}.`, { parameter: p.parameter, value: p.value });
  }
  return params;
}

/** Replaces the frame-ancestors directive of the CSP the app's helmet already set. */
function withFrameAncestors(csp: string, sources: string[]): string {
  const directives = csp.split(';').map((d) => d.trim()).filter((d) => d && !/^frame-ancestors\b/i.test(d));
  return [...directives, `frame-ancestors ${sources.join(' ')}`].join(';');
}

export async function sendEmbedPage(req: Request, res: Response, ctx: AppContext, distDir: string): Promise<void> {
  const params = embedParamsOf(req, ctx);
  const municipality = req.municipality;
  let html: string;
  try {
    html = await readFile(join(distDir, 'embed.html'), 'utf8');
  } catch {
    res.status(503).set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(NOT_BUILT);
    return;
  }
  const framing = await readFraming(ctx.db, municipality.id);
  const origin = publicOrigin(req, ctx.config);
  const query = formatEmbedQuery(params);
  const url = `${origin}/${municipality.slug}/embed${query ? `?${query}` : ''}`;
  const subject = params.feature && (await featureName(ctx.db, ctx.catalog.get(params.feature.collection)!, municipality.id, params.feature.id, params.lang));
  const title = describeEmbed(params, namesOf(municipality, ctx.catalog), params.lang, subject || undefined);
  const tags = socialTags({
    title, description: mapDescription(municipality, params.lang), url, lang: params.lang, municipality,
    oembed: `${origin}/oembed?url=${encodeURIComponent(url)}`,
  });
  const csp = String(res.getHeader('Content-Security-Policy') ?? "default-src 'self'");
  res.set('Content-Security-Policy', withFrameAncestors(csp, frameAncestorsDirective(framing)));
  // X-Frame-Options knows only DENY and SAMEORIGIN; frame-ancestors above says who may frame.
  res.removeHeader('X-Frame-Options');
  // The page's HTML depends on the setting and the release: revalidated on every load.
  res.set('Cache-Control', 'no-cache');
  res.type('html').send(withHead(html.replace('<html lang="uk">', `<html lang="${params.lang}">`), tags, title));
}
