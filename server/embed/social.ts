/**
 * The <head> of a shared link: Open Graph (ogp.me) and Twitter card tags, so that a map link
 * pasted into Facebook, Telegram, Viber or X previews with the hromada's name and what the map
 * shows; and the oEmbed discovery link (oembed.com §4), so that a CMS given the same link finds
 * the endpoint that returns the <iframe>. Written into the served HTML before </head>; every value
 * is escaped, since titles come from the database.
 */
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { publicOrigin } from '../http/public-url.js';
import type { Municipality } from '../municipalities/directory.js';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SocialCard {
  title: string;
  description: string;
  /** The page's own absolute URL (og:url). */
  url: string;
  lang: 'uk' | 'en';
  municipality: Municipality;
  /** The oEmbed endpoint for this page, absolute; absent: no discovery link. */
  oembed?: string;
}

const SITE = { uk: 'Прозоре місто', en: 'Transparent City' };

export function socialTags(card: SocialCard): string {
  const tags: [string, string, string][] = [
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', `${SITE[card.lang]} · ${card.lang === 'en' ? card.municipality.nameEn : card.municipality.nameUk}`],
    ['property', 'og:title', card.title],
    ['property', 'og:description', card.description],
    ['property', 'og:url', card.url],
    ['property', 'og:locale', card.lang === 'en' ? 'en_GB' : 'uk_UA'],
    ['name', 'twitter:card', 'summary'],
    ['name', 'twitter:title', card.title],
    ['name', 'twitter:description', card.description],
    ['name', 'description', card.description],
  ];
  const lines = tags.map(([attribute, key, value]) => `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`);
  if (card.oembed) {
    lines.push(`<link rel="alternate" type="application/json+oembed" href="${escapeHtml(`${card.oembed}&format=json`)}" title="${escapeHtml(card.title)}">`);
    lines.push(`<link rel="alternate" type="text/xml+oembed" href="${escapeHtml(`${card.oembed}&format=xml`)}" title="${escapeHtml(card.title)}">`);
  }
  return lines.join('\n    ');
}

/** The page's HTML with the tags before </head> and its <title> replaced. */
export function withHead(html: string, tags: string, title: string): string {
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace('</head>', `    ${tags}\n  </head>`);
}

/** One sentence on what the hromada's map holds, for previews. */
export function mapDescription(m: Municipality, lang: 'uk' | 'en'): string {
  return lang === 'en'
    ? `Open map of ${m.nameEn}: kiosks and billboards with their owners, permits and revenue; accessibility of buildings; electoral districts and deputies; residents’ comments.`
    : `Відкрита карта громади ${m.nameUk}: МАФ і реклама з власниками, дозволами й надходженнями; доступність будівель; виборчі округи й депутати; звернення мешканців.`;
}

/** The full map page's head: its card and the discovery link (the hash's view is the browser's, not ours to see). */
export function mapPageHead(html: string, req: Request, ctx: Pick<AppContext, 'config' | 'municipalities'>): string {
  const municipality = ctx.municipalities.get(String(req.params.municipality));
  if (!municipality) return html;
  const origin = publicOrigin(req, ctx.config);
  const url = `${origin}/${municipality.slug}/`;
  const title = `${municipality.nameUk} — ${SITE.uk}`;
  const tags = socialTags({
    title, description: mapDescription(municipality, 'uk'), url, lang: 'uk', municipality,
    oembed: `${origin}/oembed?url=${encodeURIComponent(url)}`,
  });
  return withHead(html, tags, title);
}
