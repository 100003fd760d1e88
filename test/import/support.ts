import iconv from 'iconv-lite';
import type { Queryable } from '../../server/db/database.js';

/** Spreadsheets as departments make them, and what to look at in the database afterwards. */

/** A CSV text: cells quoted where they must be, CR LF line ends (as Excel writes). */
export function csv(rows: readonly (readonly (string | number | null)[])[], delimiter = ','): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
export const utf8WithBom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
export const windows1251 = (text: string): Buffer => iconv.encode(text, 'win1251');

/** A number with a decimal comma, as Ukrainian Excel writes it. */
export const comma = (v: number, digits = 2): string => v.toFixed(digits).replace('.', ',');

/**
 * Points inside a hromada, near its map centre (a few hundred metres apart), so a test file's
 * objects stand in the city whatever shape the demo boundary takes: each is checked with
 * ST_Covers and the ones outside are skipped.
 */
export async function pointsInside(db: Queryable, slug: string, count: number): Promise<[number, number][]> {
  const { rows } = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
     FROM municipality m,
          LATERAL (SELECT ST_SetSRID(ST_MakePoint(ST_X(m.view_center) + 0.004 * (i % 7 - 3), ST_Y(m.view_center) + 0.003 * (i / 7 - 3)), 4326) AS p, i
                   FROM generate_series(0, 48) i) g
     WHERE m.slug = $1 AND ST_Covers(m.boundary, g.p)
     ORDER BY abs(i - 24), i LIMIT $2`,
    [slug, count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} test points inside ${slug}`);
  return rows.map((r) => [Number(r.lon.toFixed(6)), Number(r.lat.toFixed(6))]);
}

/**
 * The point of a grid around the hromada's map centre nearest to it with no building footprint
 * within 30 m: where a facility belongs to no building until a footprint is drawn around it.
 */
export async function pointAwayFromBuildings(db: Queryable, municipalityId: number): Promise<{ lon: number; lat: number }> {
  const { rows: [open] } = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM municipality mu,
            LATERAL (SELECT ST_SetSRID(ST_MakePoint(ST_X(mu.view_center) + i * 0.0007, ST_Y(mu.view_center) + j * 0.0005), 4326) AS p
                     FROM generate_series(-30, 30) i, generate_series(-30, 30) j) grid
     WHERE mu.id = $1 AND ST_Contains(mu.boundary, p)
       AND NOT EXISTS (SELECT 1 FROM building x WHERE x.municipality_id = $1 AND x.geom && ST_Expand(p, 0.0005)
                         AND ST_DWithin(x.geom::geography, p::geography, 30))
     ORDER BY ST_Distance(p, mu.view_center) LIMIT 1`, [municipalityId]);
  if (!open) throw new Error(`no point away from buildings in hromada ${municipalityId}`);
  return open;
}

/** A point in a projected CRS, as PostGIS's ST_Transform puts it (the reference). */
export async function projected(db: Queryable, [lon, lat]: [number, number], srid: number): Promise<[number, number]> {
  const { rows } = await db.query<{ x: number; y: number }>(
    'SELECT ST_X(g) AS x, ST_Y(g) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), $3::integer) g',
    [lon, lat, srid],
  );
  return [rows[0].x, rows[0].y];
}

export interface RegistryCounts {
  objects: number;
  owners: number;
  permits: number;
  imports: number;
}

export async function registryCounts(db: Queryable, slug: string): Promise<RegistryCounts> {
  const { rows } = await db.query<RegistryCounts>(
    `SELECT (SELECT count(*) FROM registry_object WHERE municipality_id = m.id)::integer AS objects,
            (SELECT count(*) FROM owner WHERE municipality_id = m.id)::integer AS owners,
            (SELECT count(*) FROM permit WHERE municipality_id = m.id)::integer AS permits,
            (SELECT count(*) FROM audit_log WHERE municipality_id = m.id AND action = 'import')::integer AS imports
     FROM municipality m WHERE m.slug = $1`,
    [slug],
  );
  return rows[0];
}

/** Everything of a hromada's registry, as one hash: equal hashes, untouched data. */
export async function registryFingerprint(db: Queryable, slug: string): Promise<string> {
  const { rows } = await db.query<{ h: string }>(
    `SELECT md5(concat_ws('|',
       (SELECT string_agg(o::text, ',' ORDER BY o.id) FROM registry_object o WHERE o.municipality_id = m.id),
       (SELECT string_agg(w::text, ',' ORDER BY w.id) FROM owner w WHERE w.municipality_id = m.id),
       (SELECT string_agg(p::text, ',' ORDER BY p.id) FROM permit p WHERE p.municipality_id = m.id),
       (SELECT string_agg(v::text, ',' ORDER BY v.collection) FROM collection_version v WHERE v.municipality_id = m.id))) AS h
     FROM municipality m WHERE m.slug = $1`,
    [slug],
  );
  return rows[0].h;
}

/** Days from today, as ISO and as dd.mm.yyyy (permits in test files stay legal, expiring or expired whenever the suite runs). */
export async function dayFromToday(db: Queryable, days: number): Promise<{ iso: string; ua: string }> {
  const { rows } = await db.query<{ d: string }>('SELECT (current_date + $1::integer)::text AS d', [days]);
  const [y, m, d] = rows[0].d.split('-');
  return { iso: rows[0].d, ua: `${d}.${m}.${y}` };
}
