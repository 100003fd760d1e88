/**
 * What the registry tests build on: today as the database sees it, points inside a hromada (or a
 * district of it), and owners, objects, permits and payments made through the API as an editor
 * would make them. Tests make their own records (with a unique mark in their text) rather than
 * lean on the demo data's particulars, so they hold whatever the demo generator draws.
 */
import { randomBytes } from 'node:crypto';
import type { Session, TestServer } from '../support/server.js';

export const api = (slug: string) => `/${slug}/api/registry`;

/**
 * A short unique mark for names, addresses and permit numbers made by one test. It begins with a
 * letter: search matches a number at the start of any word, so a mark like "2B4C…" would make a
 * search for house "2" find every house on the test's street.
 */
export const mark = () => `M${randomBytes(4).toString('hex').toUpperCase()}`;

export async function today(server: TestServer): Promise<string> {
  const { rows } = await server.db.query<{ today: string }>('SELECT current_date::text AS today');
  return rows[0].today;
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function municipalityId(server: TestServer, slug: string): Promise<number> {
  const { rows } = await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [slug]);
  return rows[0].id;
}

/** Points spread inside the hromada's boundary (the same ones for the same seed). */
export async function pointsInside(server: TestServer, slug: string, count: number, seed = 7): Promise<[number, number][]> {
  const { rows } = await server.db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
     FROM municipality m, ST_Dump(ST_GeneratePoints(m.boundary, $2, $3)) p WHERE m.slug = $1`,
    [slug, count, seed],
  );
  return rows.map((r) => [Number(r.lon.toFixed(7)), Number(r.lat.toFixed(7))]);
}

/** A district of the current election and a point inside it. */
export async function districtWithPoint(server: TestServer, slug: string): Promise<{ number: number; point: [number, number] }> {
  const { rows } = await server.db.query<{ number: number; lon: number; lat: number }>(
    `SELECT d.number, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat
     FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current
     JOIN municipality m ON m.id = d.municipality_id
     WHERE m.slug = $1 AND ST_CoveredBy(ST_PointOnSurface(d.geom), m.boundary)
     ORDER BY d.number LIMIT 1`,
    [slug],
  );
  return { number: rows[0].number, point: [rows[0].lon, rows[0].lat] };
}

export async function send(s: Session, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await s.fetch(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** POST and expect success; the thrown error shows the server's problem document. */
export async function created(s: Session, path: string, body: unknown): Promise<any> {
  const { status, json } = await send(s, 'POST', path, body);
  if (status !== 201) throw new Error(`POST ${path} → ${status}: ${JSON.stringify(json)}`);
  return json;
}

export async function getJson(server: TestServer, path: string): Promise<any> {
  const res = await fetch(`${server.url}${path}`);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
  return res.json();
}

export const point = (p: [number, number]) => ({ type: 'Point', coordinates: p });

/** A small square footprint (about 4 × 4 m) around a point. */
export function footprint([lon, lat]: [number, number]) {
  const d = 0.00003;
  return { type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields; a leading BOM is dropped. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { row.push(field); field = ''; }
    else if (ch === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV rows as records keyed by the header. */
export const csvRecords = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(r.map((v, i) => [rows[0][i], v])));
