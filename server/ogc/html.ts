/**
 * The HTML face of the OGC API (Part 1, /conf/html): plain, accessible pages in Ukrainian for a
 * person who opens an API link in a browser. No scripts; one heading per page, breadcrumbs in a
 * labelled nav, tables with captions and header scopes. Every piece of text from data or from the
 * request goes through escapeHtml — there is no other way into the page.
 */
import type { Collection, CollectionProperty } from '../catalog/collections.js';
import type { Municipality } from '../municipalities/directory.js';
import type { Link } from './links.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A tagged template that escapes every interpolation, except fragments already made by it. */
class Safe { constructor(readonly html: string) {} }
export function html(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0];
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (x instanceof Safe ? x.html : escapeHtml(x))).join('') : v instanceof Safe ? v.html : escapeHtml(v);
    out += part + strings[i + 1];
  });
  return new Safe(out);
}

interface Crumb { label: string; href?: string }

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
nav ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
nav li+li::before{content:"/";padding-right:.25rem;color:#555}
a{color:#0b3d91}a:focus-visible{outline:3px solid #b35900;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:1rem 0;display:block;overflow-x:auto}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #c4c4c4;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f3f6}code{word-break:break-all}
.pager{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}`;

function page(title: string, crumbs: Crumb[], links: Link[], body: Safe): string {
  const json = links.find((l) => l.rel === 'alternate' && l.type !== 'text/html');
  return `<!doctype html>${html`<html lang="uk"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${new Safe(STYLE)}</style></head>
<body><header><nav aria-label="Навігація"><ol>${crumbs.map((c) => (c.href ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li aria-current="page">${c.label}</li>`))}</ol></nav></header>
<main><h1>${title}</h1>${body}</main>
<footer>${json ? html`<p><a href="${json.href}">Цей документ у форматі JSON</a></p>` : ''}</footer></body></html>`.html}`;
}

const crumbsOf = (base: string, m: Municipality, ...rest: Crumb[]): Crumb[] => [{ label: `API: ${m.nameUk}`, href: base }, ...rest];

export function landingHtml(base: string, m: Municipality, doc: { title: string; description: string; links: Link[] }): string {
  return page(doc.title, [{ label: `API: ${m.nameUk}` }], doc.links, html`<p>${doc.description}</p>
<ul><li><a href="${base}/collections?f=html">Колекції</a></li>
<li><a href="${base}/conformance?f=html">Класи відповідності</a></li>
<li><a href="${base}/api?f=html">Документація API</a> (<a href="${base}/api?f=json">OpenAPI 3.0, JSON</a>)</li></ul>`);
}

export function conformanceHtml(base: string, m: Municipality, doc: { conformsTo: string[]; links: Link[] }): string {
  return page('Класи відповідності', crumbsOf(base, m, { label: 'Класи відповідності' }), doc.links,
    html`<ul>${doc.conformsTo.map((c) => html`<li><code>${c}</code></li>`)}</ul>`);
}

interface CollectionDoc { id: string; title: string; description: string; crs: string[]; extent: { spatial: { bbox: number[][] }; temporal?: { interval: (string | null)[][] } } }

export function collectionsHtml(base: string, m: Municipality, doc: { collections: CollectionDoc[]; links: Link[] }): string {
  return page('Колекції', crumbsOf(base, m, { label: 'Колекції' }), doc.links, html`<table><caption>Колекції громади «${m.nameUk}»</caption>
<thead><tr><th scope="col">Колекція</th><th scope="col">Опис</th><th scope="col">Об’єкти</th></tr></thead>
<tbody>${doc.collections.map((c) => html`<tr><th scope="row"><a href="${base}/collections/${c.id}?f=html">${c.title}</a></th><td>${c.description}</td><td><a href="${base}/collections/${c.id}/items?f=html">Переглянути об’єкти «${c.title}»</a></td></tr>`)}</tbody></table>`);
}

export function collectionHtml(base: string, m: Municipality, doc: CollectionDoc & { links: Link[] }): string {
  const [minX, minY, maxX, maxY] = doc.extent.spatial.bbox[0];
  const interval = doc.extent.temporal?.interval[0];
  return page(doc.title, crumbsOf(base, m, { label: 'Колекції', href: `${base}/collections?f=html` }, { label: doc.title }), doc.links, html`<p>${doc.description}</p>
<ul><li><a href="${base}/collections/${doc.id}/items?f=html">Об’єкти</a></li>
<li><a href="${base}/collections/${doc.id}/queryables?f=html">Властивості для фільтрів</a></li></ul>
<table><caption>Про колекцію</caption><tbody>
<tr><th scope="row">Ідентифікатор</th><td><code>${doc.id}</code></td></tr>
<tr><th scope="row">Охоплення (довгота, широта)</th><td>${minX.toFixed(5)}, ${minY.toFixed(5)} — ${maxX.toFixed(5)}, ${maxY.toFixed(5)}</td></tr>
${interval ? html`<tr><th scope="row">Період</th><td>${interval[0] ?? '…'} — ${interval[1] ?? '…'}</td></tr>` : ''}
<tr><th scope="row">Системи координат</th><td><ul>${doc.crs.map((c) => html`<li><code>${c}</code></li>`)}</ul></td></tr>
</tbody></table>`);
}

/** A property value as a resident reads it: labels for codes, так/ні, units, a dash for nothing. */
export function displayValue(p: CollectionProperty, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (p.values) return p.values.find((v) => v.value === value)?.label.uk ?? String(value);
  if (typeof value === 'boolean') return value ? 'так' : 'ні';
  if (typeof value === 'number') return `${value.toLocaleString('uk-UA')}${p.unit ? ` ${p.unit}` : ''}`;
  return String(value);
}

interface Feature { id: number; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }

function geometryText(g: Feature['geometry']): string {
  if (!g) return '—';
  if (g.type === 'Point') return (g.coordinates as number[]).join(', ');
  return g.type;
}

export interface ItemsHtmlInput {
  base: string;
  municipality: Municipality;
  collection: Collection;
  features: Feature[];
  numberMatched: number;
  offset: number;
  links: Link[];
}

export function itemsHtml({ base, municipality: m, collection: c, features, numberMatched, offset, links }: ItemsHtmlInput): string {
  const columns = c.properties.filter((p) => p.inTiles && p.name !== c.titleProperty);
  const title = c.properties.find((p) => p.name === c.titleProperty)!;
  const prev = links.find((l) => l.rel === 'prev' && l.type === 'text/html');
  const next = links.find((l) => l.rel === 'next' && l.type === 'text/html');
  const range = features.length ? `${offset + 1}–${offset + features.length}` : '0';
  return page(`${c.title.uk}: об’єкти`, crumbsOf(base, m, { label: 'Колекції', href: `${base}/collections?f=html` },
    { label: c.title.uk, href: `${base}/collections/${c.id}?f=html` }, { label: 'Об’єкти' }), links, html`
<p>Показано ${range} з ${numberMatched}.</p>
<table><caption>${c.title.uk}</caption>
<thead><tr><th scope="col">№</th><th scope="col">${title.label.uk}</th>${columns.map((p) => html`<th scope="col">${p.label.uk}</th>`)}</tr></thead>
<tbody>${features.map((f) => html`<tr><td><a href="${base}/collections/${c.id}/items/${f.id}?f=html">${f.id}</a></td><th scope="row">${displayValue(title, f.properties[title.name])}</th>${columns.map((p) => html`<td>${displayValue(p, f.properties[p.name])}</td>`)}</tr>`)}</tbody></table>
<nav class="pager" aria-label="Сторінки">${prev ? html`<a href="${prev.href}" rel="prev">Попередня сторінка</a>` : ''}${next ? html`<a href="${next.href}" rel="next">Наступна сторінка</a>` : ''}</nav>`);
}

export function itemHtml(base: string, m: Municipality, c: Collection, feature: Feature, links: Link[], crsTitle: string): string {
  const title = c.properties.find((p) => p.name === c.titleProperty)!;
  const heading = `${c.title.uk}: ${displayValue(title, feature.properties[title.name])} (№ ${feature.id})`;
  return page(heading, crumbsOf(base, m, { label: 'Колекції', href: `${base}/collections?f=html` },
    { label: c.title.uk, href: `${base}/collections/${c.id}/items?f=html` }, { label: `№ ${feature.id}` }), links, html`
<table><caption>Властивості</caption><tbody>
${c.properties.map((p) => html`<tr><th scope="row">${p.label.uk}</th><td>${displayValue(p, feature.properties[p.name])}</td></tr>`)}
<tr><th scope="row">Геометрія (${crsTitle})</th><td>${geometryText(feature.geometry)}</td></tr>
</tbody></table>`);
}

export function queryablesHtml(base: string, m: Municipality, c: Collection, doc: { properties: Record<string, Record<string, unknown>> }, links: Link[], what = 'Властивості для фільтрів'): string {
  const intro = what === 'Властивості для фільтрів'
    ? html`<p>Ці властивості можна використовувати у фільтрі CQL2 (<code>filter=</code>) або як параметри запиту (<code>?legality=expired</code>).</p>`
    : '';
  return page(`${c.title.uk}: ${what.toLowerCase()}`, crumbsOf(base, m, { label: 'Колекції', href: `${base}/collections?f=html` },
    { label: c.title.uk, href: `${base}/collections/${c.id}?f=html` }, { label: what }), links, html`
${intro}
<table><caption>Властивості</caption><thead><tr><th scope="col">Назва</th><th scope="col">Опис</th><th scope="col">Тип</th><th scope="col">Значення</th></tr></thead>
<tbody>${Object.entries(doc.properties).map(([name, s]) => html`<tr><th scope="row"><code>${name}</code></th><td>${s.title}</td><td>${s.format ?? s.type}</td><td>${Array.isArray(s.enum) ? s.enum.join(', ') : ''}</td></tr>`)}</tbody></table>`);
}

export function apiHtml(base: string, m: Municipality, doc: { info: { title: string; description: string }; paths: Record<string, Record<string, { summary?: string }>> }, links: Link[]): string {
  return page(doc.info.title, crumbsOf(base, m, { label: 'Опис API' }), links, html`<p>${doc.info.description}</p>
<p><a href="${base}/api?f=json">Опис у форматі OpenAPI 3.0 (JSON)</a></p>
<table><caption>Операції</caption><thead><tr><th scope="col">Шлях</th><th scope="col">Що повертає</th></tr></thead>
<tbody>${Object.entries(doc.paths).map(([path, ops]) => html`<tr><th scope="row"><code>GET ${path}</code></th><td>${ops.get?.summary ?? ''}</td></tr>`)}</tbody></table>`);
}

/** An error asked for as HTML (`f=html`, or a browser's Accept): the same words as the problem+json. */
export function errorHtml(base: string, m: Municipality, status: number, title: string, detail: string): string {
  return page(`${status}: ${title}`, crumbsOf(base, m, { label: String(status) }), [], html`<p>${detail}</p>
<p><a href="${base}?f=html">На головну сторінку API</a></p>`);
}
