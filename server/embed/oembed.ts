/**
 * oEmbed (oembed.com, spec 1.0): GET /oembed?url=…&maxwidth=…&maxheight=…&format=json|xml.
 * A CMS (WordPress, Drupal, a news site's editor) that is given a map link asks this endpoint —
 * found through the page's discovery <link> — for the HTML to embed, and gets a `rich` answer
 * whose `html` is the <iframe> of /{hromada}/embed showing the same view.
 *
 * The URL may be an embed link (/{hromada}/embed?layers=…) or a full map link (/{hromada}/#map=…:
 * the map's state travels in the hash, which the CMS passes on). Per the spec, a URL this provider
 * does not serve is a 404, an unsupported format a 501; a bad maxwidth is a 400.
 */
import type { Municipality, MunicipalityDirectory } from '../municipalities/directory.js';
import type { Catalog } from '../catalog/catalog.js';
import type { AppContext } from '../context.js';
import { featureName } from './subject.js';
import { AppError, badRequest, notFound } from '../errors.js';
import {
  describeEmbed, embedSnippet, formatEmbedQuery, parseEmbedParams, SNIPPET_LIMITS, type EmbedNames, type EmbedParams,
} from '../rules/embed.js';

/** The frame a CMS gets when it names no size: a page column's width, 4:3. */
const DEFAULT_SIZE = { width: 600, height: 450 };
/** How long a consumer may cache the answer (s): the view of a link does not change. */
const CACHE_AGE_S = 86_400;

export interface OEmbedRequest {
  url?: string;
  maxwidth?: string;
  maxheight?: string;
  format?: string;
}

export interface OEmbedAnswer {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: string;
  provider_url: string;
  cache_age: number;
  html: string;
  width: number;
  height: number;
}

export function namesOf(m: Municipality, catalog: Catalog): EmbedNames {
  return {
    hromada: { uk: m.nameUk, en: m.nameEn },
    layers: Object.fromEntries(catalog.collections.map((c) => [c.id, c.title])),
  };
}

function size(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n < min) throw badRequest(`Параметр «${name}» має бути цілим числом від ${min}. Parameter ${name} must be a whole number from ${min}.`, { parameter: name, value });
  return Math.min(n, max);
}

/** Reads what a map URL of this server shows; undefined when the URL is not one. */
export function embedOfUrl(url: string, origin: string, municipalities: MunicipalityDirectory): { municipality: Municipality; params: EmbedParams } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // Only our own maps: the origin (and PUBLIC_URL's path prefix) must be this server's.
  const base = new URL(`${origin}/`);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
  const rest = parsed.pathname.slice(base.pathname.length);
  const m = /^([a-z][a-z0-9-]{1,40})\/(embed\/?)?$/.exec(rest);
  const municipality = m ? municipalities.get(m[1]) : undefined;
  if (!m || !municipality) return undefined;
  // A full map link keeps its state in the hash; an embed link in the query.
  const query = m[2] ? parsed.searchParams : new URLSearchParams(parsed.hash.replace(/^#/, ''));
  const { params, problems } = parseEmbedParams(query);
  if (problems.length > 0) {
    const p = problems[0];
    throw badRequest(`Посилання: параметр «${p.parameter}» (${p.value}) ${p.uk}. Link: parameter ${p.parameter} (${p.value}) ${p.en}.`, { parameter: `url.${p.parameter}`, value: p.value });
  }
  return { municipality, params };
}

export async function oembedAnswer(request: OEmbedRequest, origin: string, { municipalities, catalog, db }: Pick<AppContext, 'municipalities' | 'catalog' | 'db'>): Promise<OEmbedAnswer> {
  if (request.format !== undefined && request.format !== 'json' && request.format !== 'xml') {
    throw new AppError(501, 'NotImplemented', `Формат «${request.format}» не підтримується: json або xml. Format ${request.format} is not supported: json or xml.`, { parameter: 'format' });
  }
  if (!request.url) throw badRequest('Потрібен параметр url. Parameter url is required.', { parameter: 'url' });
  const maxWidth = size(request.maxwidth, 'maxwidth', SNIPPET_LIMITS.minWidth, SNIPPET_LIMITS.maxWidth);
  const maxHeight = size(request.maxheight, 'maxheight', SNIPPET_LIMITS.minHeight, SNIPPET_LIMITS.maxHeight);
  const found = embedOfUrl(request.url, origin, municipalities);
  if (!found) throw notFound('Це посилання не на карту цього сервера. The URL is not a map of this server.');
  const { municipality, params } = found;
  const width = Math.min(DEFAULT_SIZE.width, maxWidth ?? Infinity);
  // Keep 4:3 when only the width is limited; never past maxheight.
  const height = Math.min(Math.round((width * DEFAULT_SIZE.height) / DEFAULT_SIZE.width), maxHeight ?? Infinity);
  const collection = params.feature && catalog.get(params.feature.collection);
  const subject = params.feature && collection ? await featureName(db, collection, municipality.id, params.feature.id, params.lang) : undefined;
  const title = describeEmbed(params, namesOf(municipality, catalog), params.lang, subject);
  const query = formatEmbedQuery(params);
  const src = `${origin}/${municipality.slug}/embed${query ? `?${query}` : ''}`;
  return {
    version: '1.0',
    type: 'rich',
    title,
    provider_name: params.lang === 'en' ? `Transparent City · ${municipality.nameEn}` : `Прозоре місто · ${municipality.nameUk}`,
    provider_url: `${origin}/${municipality.slug}/`,
    cache_age: CACHE_AGE_S,
    html: embedSnippet({ src, width, height, title }),
    width,
    height,
  };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The spec's XML form: <oembed> with one element per member. */
export function oembedXml(answer: OEmbedAnswer): string {
  const members = Object.entries(answer).map(([key, value]) => `  <${key}>${xmlEscape(String(value))}</${key}>`);
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<oembed>\n${members.join('\n')}\n</oembed>\n`;
}
