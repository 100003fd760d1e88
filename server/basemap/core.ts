/**
 * The base map's write core: streets (named centre lines) and buildings (footprints with address
 * and levels). The importer (data-import/basemap/) and the demo generator both write through
 * here, so the checks, row_version and the collections marked changed cannot drift between them.
 *
 * A write is a set of rows matched beforehand to what the hromada already has (`id`, or null for
 * a new one): changed rows are updated in place (their ids stay, a link or an export may name
 * them, and the tiles patch only those features), unchanged ones are left alone, so importing the
 * same file again changes nothing. Geometry arrives as WGS 84 WKT and is stored as the table's
 * multi-type (ST_Multi), whatever single or multi form the file used.
 */
import type { Actor } from '../audit/audit.js';
import type { Queryable } from '../db/database.js';
import type { Written } from '../catalog/write.js';
import { relinkFacilityBuildings } from '../accessibility/core/buildings.js';

/**
 * 'facility': a footprint written re-finds the building of the hromada's facilities (their link is
 * derived from the footprints, server/accessibility/core/buildings.ts), so every writer of
 * buildings — the importer, the demo — keeps it right.
 */
export type BaseMapTable = 'street' | 'building' | 'facility';

export interface StreetRow {
  /** The existing street this row is, or null for a new one. */
  id: number | null;
  name_uk: string;
  name_en: string | null;
  /** WGS 84 WKT of a LINESTRING or MULTILINESTRING. */
  wkt: string;
}

export interface BuildingRow {
  id: number | null;
  street_uk: string | null;
  house_number: string | null;
  levels: number | null;
  /** WGS 84 WKT of a POLYGON or MULTIPOLYGON. */
  wkt: string;
}

export interface BaseMapChanges {
  created: number[];
  updated: number[];
}

/** What the table holds and how each column travels through unnest(). */
interface TableShape<R> {
  table: BaseMapTable;
  columns: readonly { name: keyof R & string; sql: 'text' | 'smallint' }[];
}

const STREETS: TableShape<StreetRow> = {
  table: 'street',
  columns: [{ name: 'name_uk', sql: 'text' }, { name: 'name_en', sql: 'text' }],
};

const BUILDINGS: TableShape<BuildingRow> = {
  table: 'building',
  columns: [{ name: 'street_uk', sql: 'text' }, { name: 'house_number', sql: 'text' }, { name: 'levels', sql: 'smallint' }],
};

/** Rows per statement: one statement per chunk, its columns as arrays (see data-import/demo/batch.ts). */
const CHUNK = 10_000;

async function writeRows<R extends { id: number | null; wkt: string }>(
  tx: Queryable, written: Written<BaseMapTable>, actor: Actor, shape: TableShape<R>, rows: readonly R[],
): Promise<BaseMapChanges> {
  const names = shape.columns.map((c) => c.name);
  // $1 municipality, $2 ids, then a parameter per column, then the WKT; all values, never SQL text.
  const unnest = `unnest($2::integer[], ${shape.columns.map((c, i) => `$${i + 3}::${c.sql}[]`).join(', ')}, $${names.length + 3}::text[]) AS u(id, ${names.join(', ')}, wkt)`;
  const params = (chunk: readonly R[]) => [actor.municipalityId, chunk.map((r) => r.id), ...names.map((n) => chunk.map((r) => r[n])), chunk.map((r) => r.wkt)];
  const geom = 'ST_Multi(ST_GeomFromText(u.wkt, 4326))';
  const changes: BaseMapChanges = { created: [], updated: [] };
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const existing = chunk.filter((r) => r.id !== null);
    if (existing.length > 0) {
      const { rows: updated } = await tx.query<{ id: number }>(
        `UPDATE ${shape.table} t SET (${names.join(', ')}, geom, row_version, updated_at) = (${names.map((n) => `u.${n}`).join(', ')}, ${geom}, t.row_version + 1, now())
         FROM ${unnest}
         WHERE t.id = u.id AND t.municipality_id = $1
           AND (${names.map((n) => `t.${n}`).join(', ')}, ST_AsBinary(t.geom)) IS DISTINCT FROM (${names.map((n) => `u.${n}`).join(', ')}, ST_AsBinary(${geom}))
         RETURNING t.id`,
        params(existing),
      );
      changes.updated.push(...updated.map((r) => r.id));
    }
    const fresh = chunk.filter((r) => r.id === null);
    if (fresh.length > 0) {
      const { rows: created } = await tx.query<{ id: number }>(
        `INSERT INTO ${shape.table} (municipality_id, ${names.join(', ')}, geom)
         SELECT $1, ${names.map((n) => `u.${n}`).join(', ')}, ${geom} FROM ${unnest}
         RETURNING id`,
        params(fresh),
      );
      changes.created.push(...created.map((r) => r.id));
    }
  }
  if (changes.created.length + changes.updated.length > 0) written.wrote(shape.table);
  return changes;
}

/** Adds new streets and updates changed ones of the actor's hromada. */
export function writeStreets(tx: Queryable, written: Written<BaseMapTable>, actor: Actor, rows: readonly StreetRow[]): Promise<BaseMapChanges> {
  return writeRows(tx, written, actor, STREETS, rows);
}

/** Adds new buildings and updates changed ones of the actor's hromada. */
export async function writeBuildings(tx: Queryable, written: Written<BaseMapTable>, actor: Actor, rows: readonly BuildingRow[]): Promise<BaseMapChanges> {
  const changes = await writeRows(tx, written, actor, BUILDINGS, rows);
  // facilities surveyed before their footprints arrived find their building now
  await relinkFacilityBuildings(tx, written, actor, [...changes.created, ...changes.updated]);
  return changes;
}

/** The hromada's streets by name, for matching an import's rows (first id of a name wins). */
export async function streetIdsByName(tx: Queryable, municipalityId: number): Promise<{ id: number; name_uk: string }[]> {
  const { rows } = await tx.query<{ id: number; name_uk: string }>('SELECT id, name_uk FROM street WHERE municipality_id = $1 ORDER BY id', [municipalityId]);
  return rows;
}

/** The hromada's addressed buildings, for matching an import's rows by address. */
export async function addressedBuildings(tx: Queryable, municipalityId: number): Promise<{ id: number; street_uk: string; house_number: string }[]> {
  const { rows } = await tx.query<{ id: number; street_uk: string; house_number: string }>(
    'SELECT id, street_uk, house_number FROM building WHERE municipality_id = $1 AND street_uk IS NOT NULL ORDER BY id', [municipalityId]);
  return rows;
}

/**
 * The existing building without an address whose footprint is exactly this one, per WKT (null:
 * none). An outbuilding has nothing else to be known by; the same file imported again finds them all.
 */
export async function unaddressedBuildingIds(tx: Queryable, municipalityId: number, wkts: readonly string[]): Promise<(number | null)[]> {
  if (wkts.length === 0) return [];
  const { rows } = await tx.query<{ n: number; id: number }>(
    `SELECT u.n, min(b.id) AS id
     FROM unnest($2::text[]) WITH ORDINALITY AS u(wkt, n)
     JOIN building b ON b.municipality_id = $1 AND b.street_uk IS NULL
      AND b.geom && ST_GeomFromText(u.wkt, 4326)
      AND ST_AsBinary(b.geom) = ST_AsBinary(ST_Multi(ST_GeomFromText(u.wkt, 4326)))
     GROUP BY u.n`,
    [municipalityId, wkts],
  );
  const ids: (number | null)[] = wkts.map(() => null);
  for (const r of rows) ids[Number(r.n) - 1] = r.id;
  return ids;
}
