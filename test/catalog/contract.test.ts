/**
 * The catalog against the database it describes: each collection's view exists with the columns
 * and types the catalog declares, its sources are every table the view reads, each source carries
 * the version trigger (else an edit would not reach tiles and ETags until midnight), and the
 * vocabularies are the database's own lists.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CATALOG, collectionsOfTables } from '../../server/catalog/catalog.js';
import type { PropertyType } from '../../server/catalog/collections.js';
import type { Database } from '../../server/db/database.js';
import {
  COMMENT_CATEGORIES, COMMENT_STATUSES, FACILITY_CATEGORIES, OWNER_KINDS,
} from '../../server/rules/vocabularies.js';
import type { EnumValue } from '../../server/rules/catalog.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

/** The SQL types a value of each catalog type may come from (information_schema's data_type). */
const COMPATIBLE: Record<PropertyType, string[]> = {
  string: ['text', 'character varying', 'character'],
  integer: ['integer', 'bigint', 'smallint'],
  number: ['numeric', 'double precision', 'real', 'integer', 'bigint', 'smallint'],
  boolean: ['boolean'],
  date: ['date'],
  datetime: ['timestamp with time zone'],
};

// pg_trigger.tgtype bits (PostgreSQL's include/catalog/pg_trigger.h)
const EVENT_BITS = { INSERT: 4, DELETE: 8, UPDATE: 16 } as const;

describe.each(backends())('The catalog matches the database on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 120_000);
  afterAll(() => db?.close());

  async function columnsOf(view: string): Promise<Map<string, string>> {
    const { rows } = await db.query<{ column_name: string; data_type: string; udt_name: string }>(
      `SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [view],
    );
    return new Map(rows.map((r) => [r.column_name, r.data_type === 'USER-DEFINED' ? r.udt_name : r.data_type]));
  }

  /** The base tables a view reads, through the views it reads (pg_rewrite → pg_depend, recursively). */
  async function tablesRead(view: string): Promise<string[]> {
    const { rows } = await db.query<{ relname: string }>(
      `WITH RECURSIVE reads(oid) AS (
         SELECT $1::regclass::oid
         UNION
         SELECT d.refobjid FROM reads
         JOIN pg_rewrite r ON r.ev_class = reads.oid
         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
         WHERE d.refobjid <> reads.oid)
       SELECT DISTINCT c.relname FROM reads JOIN pg_class c ON c.oid = reads.oid WHERE c.relkind IN ('r', 'p') ORDER BY 1`,
      [view],
    );
    return rows.map((r) => r.relname);
  }

  test('every collection is a public pub_* view with municipality_id, id, geom and each declared property in a compatible type', async () => {
    for (const c of CATALOG.collections) {
      const { rows: [relation] } = await db.query<{ relkind: string }>(
        `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1`,
        [c.view],
      );
      expect([c.id, c.view, relation?.relkind]).toEqual([c.id, expect.stringMatching(/^pub_/), 'v']);
      const columns = await columnsOf(c.view);
      expect([c.id, columns.get('municipality_id'), columns.get('id'), columns.get('geom')]).toEqual([c.id, 'integer', 'integer', 'geometry']);
      for (const p of c.properties) {
        const type = columns.get(p.name);
        expect([c.id, p.name, p.type, type !== undefined && COMPATIBLE[p.type].includes(type) ? 'compatible' : type ?? 'missing'])
          .toEqual([c.id, p.name, p.type, 'compatible']);
      }
    }
  });

  test("a collection's sources are every table its view reads", async () => {
    for (const c of CATALOG.collections) {
      const read = await tablesRead(c.view);
      expect(read.length).toBeGreaterThan(0);
      expect([c.id, read.filter((t) => !c.sources.includes(t))]).toEqual([c.id, []]);
    }
  });

  test('every source table carries the version trigger of its collections, for inserts, updates and deletes', async () => {
    for (const c of CATALOG.collections) {
      for (const table of c.sources) {
        const { rows } = await db.query<{ tgtype: number; definition: string; body: string }>(
          `SELECT t.tgtype, pg_get_triggerdef(t.oid) AS definition, p.prosrc AS body
           FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
           WHERE t.tgrelid = $1::regclass AND NOT t.tgisinternal`,
          [table],
        );
        const bumps = rows.filter((r) => r.body.includes('bump_collection_versions')
          && (r.definition.includes(`'${c.id}'`) || r.body.includes(`'${c.id}'`)));
        // A hromada's own row is never deleted while it has collections (collection_version refers to it).
        const events = table === 'municipality' ? (['INSERT', 'UPDATE'] as const) : (['INSERT', 'UPDATE', 'DELETE'] as const);
        for (const event of events) {
          expect([c.id, table, event, bumps.some((r) => (r.tgtype & EVENT_BITS[event]) !== 0)]).toEqual([c.id, table, event, true]);
        }
      }
    }
  });

  test('renaming a national object type (no hromada of its own) moves the registry layers of every hromada', async () => {
    const versions = async () => (await db.query<{ municipality_id: number; collection: string; version: number }>(
      `SELECT m.id AS municipality_id, c AS collection, COALESCE(v.version, 1)::int AS version
       FROM municipality m CROSS JOIN unnest(ARRAY['maf', 'advertising', 'facilities']) c
       LEFT JOIN collection_version v ON v.municipality_id = m.id AND v.collection = c ORDER BY 1, 2`,
    )).rows;
    const before = await versions();
    await db.query(`UPDATE object_type SET name_uk = name_uk || ' (нова назва)' WHERE code = 'kiosk' AND municipality_id IS NULL`);
    const after = await versions();
    const moved = after.filter((v, i) => v.version !== before[i].version).map((v) => `${v.municipality_id}:${v.collection}`);
    const municipalities = [...new Set(before.map((v) => v.municipality_id))];
    expect(municipalities.length).toBeGreaterThan(1);
    expect(moved.sort()).toEqual(municipalities.flatMap((m) => [`${m}:advertising`, `${m}:maf`]).sort());
  });

  test('collectionsOfTables names the collections a write to those tables changes', () => {
    expect(collectionsOfTables(['owner'])).toEqual(['maf', 'maf_footprints', 'advertising']);
    expect(collectionsOfTables(['deputy', 'facility'])).toEqual(['districts', 'facilities']);
    expect(collectionsOfTables(['audit_log'])).toEqual([]);
  });

  /** The values a CHECK constraint on table.column allows. */
  async function allowed(table: string, column: string): Promise<string[]> {
    const { rows } = await db.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
      [table],
    );
    const check = rows.map((r) => r.definition).find((d) => new RegExp(`\\(\\(?${column}\\b`).test(d) && d.includes('ARRAY'));
    return [...(check ?? '').matchAll(/'([^']+)'::text/g)].map((m) => m[1]).sort();
  }

  const codes = (vocabulary: readonly EnumValue[]) => vocabulary.map((v) => v.value).sort();

  test('the stored vocabularies are exactly the values the tables allow', async () => {
    expect(await allowed('owner', 'kind')).toEqual(codes(OWNER_KINDS));
    expect(await allowed('facility', 'category')).toEqual(codes(FACILITY_CATEGORIES));
    expect(await allowed('comment_category', 'kind')).toEqual(codes(COMMENT_CATEGORIES));
    expect(await allowed('comment', 'status')).toEqual(codes(COMMENT_STATUSES));
  });

  test('every value a view shows for a property with a vocabulary is in it (the computed ones too: legality, grades)', async () => {
    for (const c of CATALOG.collections) {
      for (const p of c.properties.filter((q) => q.values)) {
        const { rows } = await db.query<{ value: string }>(`SELECT DISTINCT "${p.name}"::text AS value FROM ${c.view} WHERE "${p.name}" IS NOT NULL`);
        const known = new Set(p.values!.map((v) => v.value));
        expect([c.id, p.name, rows.map((r) => r.value).filter((v) => !known.has(v))]).toEqual([c.id, p.name, []]);
      }
    }
  });
});
