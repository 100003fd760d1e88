/**
 * Atom feeds of a hromada's public comments (RFC 4287): all of them, per category, per district —
 * a deputy follows their district's in any feed reader. Public items only: the feed reads
 * pub_comments. Every text is XML-escaped and sent as type="text", so a comment holding markup is
 * shown as the characters it is, never as markup.
 *
 *   GET /:municipality/api/comments/feed.atom?category=damage&district=3
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { badRequest } from '../errors.js';
import { publicOrigin } from '../http/public-url.js';
import { feedComments } from './queries.js';

const FEED_SIZE = 100;

/** XML 1.0 text: the five specials escaped, and characters XML cannot carry dropped. */
export function xmlText(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function feedRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/feed.atom', async (req, res) => {
    const category = req.query.category === undefined ? undefined : String(req.query.category);
    if (category !== undefined && !/^[a-z][a-z0-9_]{1,40}$/.test(category)) throw badRequest('Параметр category. Parameter category.', { parameter: 'category' });
    const districtText = req.query.district === undefined ? undefined : String(req.query.district);
    if (districtText !== undefined && !/^\d{1,4}$/.test(districtText)) throw badRequest('Параметр district: номер округу. Parameter district: a district number.', { parameter: 'district' });
    const district = districtText === undefined ? undefined : Number(districtText);
    const m = req.municipality;
    const items = await feedComments(ctx.db, m.id, { category, district, limit: FEED_SIZE });
    const origin = publicOrigin(req, ctx.config);
    const self = `${origin}${req.originalUrl.split('#')[0]}`;
    const idBase = `${origin}/${m.slug}/api/comments`;
    const title = [`Звернення мешканців — ${m.nameUk}`, category ? `тема: ${category}` : '', district !== undefined ? `округ №${district}` : ''].filter(Boolean).join(', ');
    const updated = items[0]?.updatedAt ?? new Date(0);
    const entries = items.map((c) => {
      const summary = [c.body, c.answer ? `Відповідь: ${c.answer}` : ''].filter(Boolean).join('\n\n');
      return `  <entry>
    <id>${xmlText(`${idBase}/${c.id}`)}</id>
    <title type="text">${xmlText(`№${c.id} · ${c.categoryUk} · ${c.status}${c.district !== null ? ` · округ №${c.district}` : ''}`)}</title>
    <updated>${c.updatedAt.toISOString()}</updated>
    <published>${c.createdAt.toISOString()}</published>
    <author><name>${xmlText(c.authorName)}</name></author>
    <category term="${xmlText(c.categoryCode)}" label="${xmlText(c.categoryUk)}"/>
    <link rel="alternate" type="text/html" href="${xmlText(`${origin}/${m.slug}/#feature=comments/${c.id}`)}"/>
    <summary type="text">${xmlText(summary)}</summary>
  </entry>`;
    });
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">
  <id>${xmlText(self)}</id>
  <title type="text">${xmlText(title)}</title>
  <updated>${updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(`${origin}/${m.slug}/`)}"/>
  <generator>Прозоре місто</generator>
${entries.join('\n')}
</feed>
`;
    res.type('application/atom+xml; charset=utf-8').send(xml);
  });
  return router;
}
