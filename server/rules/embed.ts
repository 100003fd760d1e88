/**
 * What an embedded map shows, as its URL says it: /{hromada}/embed?… The web team writes these
 * parameters into an <iframe> (by hand or with the share dialog); the server checks them before
 * it serves the page, the oEmbed endpoint reads them from a pasted link, and the embed client
 * reads them to draw the map. One definition for the three, dependency-free (server/rules).
 *
 *   layers=maf,advertising     visible layers (catalog ids, and `basemap`); absent: the defaults
 *   map=15/48.853/37.617       zoom/lat/lon, OpenStreetMap's order (as the full map's #map=)
 *   bbox=37.5,48.8,37.7,48.9   minLon,minLat,maxLon,maxLat: fit this box (instead of map=)
 *   district=3                 one electoral district: outlined, the view fitted to it
 *   feature=maf/123            one object, selected, the view centred on it
 *   filter=advertising.legality:expired|no_permit   the map's per-layer filter syntax
 *   lang=en                    interface language (Ukrainian when absent)
 *   controls=zoom,link         which controls appear: zoom, link ("open the full map"), legend;
 *                              `none` for none; absent: zoom and link
 */

export const EMBED_CONTROLS = ['zoom', 'link', 'legend'] as const;
export type EmbedControl = (typeof EMBED_CONTROLS)[number];
export const DEFAULT_CONTROLS: readonly EmbedControl[] = ['zoom', 'link'];

export interface EmbedParams {
  /** Visible layer ids; null: the catalog's defaults. */
  layers: string[] | null;
  /** Zoom and [lon, lat] of the centre. */
  view: { zoom: number; center: [number, number] } | null;
  /** [minLon, minLat, maxLon, maxLat] to fit, EPSG:4326. */
  bbox: [number, number, number, number] | null;
  /** An electoral district's number. */
  district: number | null;
  feature: { collection: string; id: string } | null;
  /** The map's filter expression, as the full map's URL writes it; checked by the map's filter module. */
  filter: string | null;
  lang: 'uk' | 'en';
  controls: EmbedControl[];
}

/** A parameter the embed refuses, named with its value, in both languages. */
export interface EmbedProblem {
  parameter: string;
  value: string;
  uk: string;
  en: string;
}

/** Collection ids, `basemap` included: the catalog's own shape of an id. */
const LAYER_ID = /^[a-z][a-z0-9_-]{0,39}$/;
const FEATURE_ID = /^[A-Za-z0-9_.:-]{1,80}$/;
/** Longest filter expression accepted: a few layers with a handful of values each. */
const MAX_FILTER_LENGTH = 500;
/** Districts of a council election are numbered from 1; a few hundred at most. */
const MAX_DISTRICT = 9999;
/** ~1 m at the equator: as the full map's permalink. */
const DECIMALS = 5;

const inRange = (n: number, min: number, max: number) => Number.isFinite(n) && n >= min && n <= max;

/** Reads the parameters; every one it cannot use is a problem (the server refuses, the client ignores it). */
export function parseEmbedParams(query: URLSearchParams): { params: EmbedParams; problems: EmbedProblem[] } {
  const problems: EmbedProblem[] = [];
  const refuse = (parameter: string, value: string, uk: string, en: string) => problems.push({ parameter, value, uk, en });
  const params: EmbedParams = { layers: null, view: null, bbox: null, district: null, feature: null, filter: null, lang: 'uk', controls: [...DEFAULT_CONTROLS] };

  const layers = query.get('layers');
  if (layers !== null) {
    const ids = layers.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = ids.find((id) => !LAYER_ID.test(id));
    if (bad !== undefined) refuse('layers', bad, 'не схоже на назву шару', 'is not a layer id');
    else params.layers = [...new Set(ids)];
  }

  const map = query.get('map');
  if (map !== null) {
    const [zoom, lat, lon] = map.split('/').map(Number);
    if (map.split('/').length === 3 && inRange(zoom, 0, 22) && inRange(lat, -90, 90) && inRange(lon, -180, 180)) params.view = { zoom, center: [lon, lat] };
    else refuse('map', map, 'має бути масштаб/широта/довгота, напр. 15/48.853/37.617', 'must be zoom/lat/lon, e.g. 15/48.853/37.617');
  }

  const bbox = query.get('bbox');
  if (bbox !== null) {
    const box = bbox.split(',').map(Number);
    const ok = box.length === 4 && inRange(box[0], -180, 180) && inRange(box[2], -180, 180) && inRange(box[1], -90, 90) && inRange(box[3], -90, 90)
      && box[0] < box[2] && box[1] < box[3];
    if (ok) params.bbox = box as [number, number, number, number];
    else refuse('bbox', bbox, 'має бути мінДовгота,мінШирота,максДовгота,максШирота', 'must be minLon,minLat,maxLon,maxLat');
  }

  const district = query.get('district');
  if (district !== null) {
    const n = Number(district);
    if (/^\d{1,4}$/.test(district) && inRange(n, 1, MAX_DISTRICT)) params.district = n;
    else refuse('district', district, 'має бути номером округу (ціле число від 1)', 'must be a district number (a whole number from 1)');
  }

  const feature = query.get('feature');
  if (feature !== null) {
    const slash = feature.indexOf('/');
    const collection = feature.slice(0, slash);
    const id = feature.slice(slash + 1);
    if (slash > 0 && LAYER_ID.test(collection) && FEATURE_ID.test(id)) params.feature = { collection, id };
    else refuse('feature', feature, 'має бути шар/ідентифікатор, напр. maf/123', 'must be layer/id, e.g. maf/123');
  }

  const filter = query.get('filter');
  if (filter !== null && filter !== '') {
    // eslint-disable-next-line no-control-regex
    if (filter.length <= MAX_FILTER_LENGTH && !/[\u0000-\u001f<>"]/.test(filter)) params.filter = filter;
    else refuse('filter', filter.slice(0, 80), `задовгий або має недозволені символи (до ${MAX_FILTER_LENGTH})`, `is too long or has forbidden characters (up to ${MAX_FILTER_LENGTH})`);
  }

  const lang = query.get('lang');
  if (lang === 'en' || lang === 'uk') params.lang = lang;
  else if (lang !== null) refuse('lang', lang, 'має бути uk або en', 'must be uk or en');

  const controls = query.get('controls');
  if (controls !== null) {
    const names = controls.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = names.find((n) => n !== 'none' && !(EMBED_CONTROLS as readonly string[]).includes(n));
    if (bad !== undefined) refuse('controls', bad, `невідомий елемент; можна: ${EMBED_CONTROLS.join(', ')}, none`, `is unknown; allowed: ${EMBED_CONTROLS.join(', ')}, none`);
    else params.controls = EMBED_CONTROLS.filter((c) => names.includes(c));
  }
  return { params, problems };
}

/** The query string (without `?`) for these parameters; defaults are left out. */
export function formatEmbedQuery(params: Partial<EmbedParams>): string {
  const parts: string[] = [];
  // Commas, slashes, colons and bars are kept readable: the snippet is read by people.
  const keep = (s: string) => encodeURIComponent(s).replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%7C/g, '|');
  if (params.layers) parts.push(`layers=${params.layers.map(keep).join(',')}`);
  if (params.view) {
    const [lon, lat] = params.view.center;
    parts.push(`map=${Number(params.view.zoom.toFixed(2))}/${lat.toFixed(DECIMALS)}/${lon.toFixed(DECIMALS)}`);
  }
  if (params.bbox) parts.push(`bbox=${params.bbox.map((n) => Number(n.toFixed(DECIMALS))).join(',')}`);
  if (params.district != null) parts.push(`district=${params.district}`);
  if (params.feature) parts.push(`feature=${keep(params.feature.collection)}/${keep(params.feature.id)}`);
  if (params.filter) parts.push(`filter=${keep(params.filter)}`);
  if (params.lang === 'en') parts.push('lang=en');
  if (params.controls && (params.controls.length !== DEFAULT_CONTROLS.length || params.controls.some((c) => !DEFAULT_CONTROLS.includes(c)))) {
    parts.push(`controls=${params.controls.length ? params.controls.join(',') : 'none'}`);
  }
  return parts.join('&');
}

/**
 * One entry of the hromada's list of sites that may frame its maps, as CSP `frame-ancestors`
 * takes a host-source (CSP Level 3, §2.3.1): scheme, host (a leading `*.` for any subdomain), an
 * optional port; no path, query, quotes or semicolons (which would smuggle other directives into
 * the header). Returns the normalized origin, or null.
 */
export function normalizeFrameAncestor(text: string): string | null {
  const s = text.trim().toLowerCase().replace(/\/$/, '');
  const m = /^(https?):\/\/((?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return null;
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535)) return null;
  return s;
}

/** Most sites a hromada may list (the database holds to it too). */
export const MAX_FRAME_ANCESTORS = 50;

/** What a shown map is called: the iframe's title (read by screen readers), the oEmbed and social title. */
export interface EmbedNames {
  hromada: { uk: string; en: string };
  /** Catalog titles of the layers, by id. */
  layers: Record<string, { uk: string; en: string }>;
}

const WORDS = {
  map: { uk: 'Карта громади', en: 'Map of' },
  district: { uk: 'виборчий округ №', en: 'electoral district No. ' },
  object: { uk: 'об’єкт', en: 'object' },
  filtered: { uk: 'з фільтром', en: 'filtered' },
};

/**
 * "Карта громади Слов'янськ: виборчий округ №3 — Малі архітектурні форми, Рекламні конструкції":
 * the hromada, then the district or object, then the visible layers (the basemap unnamed).
 */
export function describeEmbed(
  params: Pick<EmbedParams, 'layers' | 'district' | 'feature' | 'filter'>, names: EmbedNames, lang: 'uk' | 'en',
  /** The object's own name ("Кіоск, вулиця Грушевського, 44"), when known; else it is named by its id. */
  featureName?: string,
): string {
  const pick = (t: { uk: string; en: string }) => (lang === 'en' ? t.en || t.uk : t.uk);
  const parts: string[] = [];
  if (params.district != null) parts.push(`${pick(WORDS.district)}${params.district}`);
  if (params.feature) parts.push(featureName ?? `${pick(WORDS.object)} ${params.feature.collection}/${params.feature.id}`);
  const layers = (params.layers ?? []).filter((id) => names.layers[id]).map((id) => pick(names.layers[id]));
  const what = [parts.join(', '), layers.join(', ')].filter(Boolean).join(' — ');
  const filtered = params.filter ? ` (${pick(WORDS.filtered)})` : '';
  return `${pick(WORDS.map)} ${pick(names.hromada)}${what ? `: ${what}` : ''}${filtered}`;
}

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Sizes a snippet may ask for, in CSS pixels. */
export const SNIPPET_LIMITS = { minWidth: 200, maxWidth: 2000, minHeight: 200, maxHeight: 2000 } as const;

/**
 * The <iframe> the web team pastes (and the oEmbed `html`): a title for screen readers (WCAG 2.1
 * SC 4.1.2: a frame needs an accessible name), lazy loading, no border, the referrer cut to the
 * origin. `width` may be a percentage ('100%') for a page column of unknown width.
 */
export function embedSnippet(o: { src: string; width: number | string; height: number; title: string }): string {
  return `<iframe src="${escapeAttribute(o.src)}" width="${escapeAttribute(String(o.width))}" height="${o.height}" title="${escapeAttribute(o.title)}" `
    + 'style="border:0;max-width:100%" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>';
}
