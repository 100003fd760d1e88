/**
 * Migration 0060 on a database that already holds comments of the old model: every row keeps
 * its place and text and gets the new life — answered → resolved, refuted → disputed, a hidden one
 * → rejected with a reason, a visible new one → published (it was public already) — with its
 * history as steps, and the hromada gets its default categories and settings.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { migrate, readMigrations } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { backends } from '../support/backends.js';
import { withDatabase } from '../support/template.js';

const OLD = [
  { status: 'new', hidden: false, answer: null, verdict: false },
  { status: 'new', hidden: true, answer: null, verdict: false },
  { status: 'answered', hidden: false, answer: 'Передано до відділу', verdict: false },
  { status: 'resolved', hidden: false, answer: 'Полагоджено', verdict: false },
  { status: 'confirmed', hidden: false, answer: 'Полагоджено', verdict: true },
  { status: 'refuted', hidden: false, answer: 'Полагоджено', verdict: true },
  { status: 'rejected', hidden: false, answer: 'Не в компетенції ради', verdict: false },
];

describe.each(backends())('migration 0060 keeps the old comments (%s)', (kind) => {
  let db: Database;
  let drop = async () => {};

  beforeAll(async () => {
    if (kind === 'embedded') {
      db = await openEmbedded({});
    } else {
      const name = `pm_comments_migration_${process.pid}`;
      const admin = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL!, 'postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      db = await openPostgres({ connectionString: withDatabase(process.env.DATABASE_URL!, name) });
      drop = async () => {
        const a = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL!, 'postgres') });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      };
    }
    const all = readMigrations();
    await migrate(db, { migrations: all.filter((m) => m.name < '0060') });
    const { rows: [m] } = await db.query<{ id: number }>(
      `INSERT INTO municipality (slug, name_uk, name_en, boundary, view_center, view_zoom, local_srid)
       VALUES ('old-town', 'Старе місто', 'Old Town', ST_Multi(ST_MakeEnvelope(37.5, 48.8, 37.7, 48.9, 4326)), ST_SetSRID(ST_MakePoint(37.6, 48.85), 4326), 13, 6387)
       RETURNING id`);
    for (const [i, c] of OLD.entries()) {
      await db.query(
        `INSERT INTO comment (municipality_id, geom, category, body, status, author_name, author_email, hidden, created_at, answer, answered_at, verdict_at)
         VALUES ($1, ST_SetSRID(ST_MakePoint(37.6, 48.85 + $2 * 0.001), 4326), 'damage', $3, $4, 'Автор', 'old@example.org', $5,
                 now() - interval '20 days', $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() - interval '10 days' END,
                 CASE WHEN $7 THEN now() - interval '5 days' END)`,
        [m.id, i, `Старе звернення ${i}`, c.status, c.hidden, c.answer, c.verdict]);
    }
    await migrate(db, { migrations: all });
  }, 240_000);
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  test('each old status becomes its new one, with its history and reason; the public view shows the public ones', async () => {
    const { rows } = await db.query<{ body: string; status: string; reject_reason: string | null; answer: string | null; steps: string[] }>(
      `SELECT c.body, c.status, c.reject_reason, c.answer,
              (SELECT array_agg(s.action ORDER BY s.id) FROM comment_step s WHERE s.comment_id = c.id) AS steps
       FROM comment c ORDER BY c.body`);
    expect(rows.map((r) => [r.status, r.reject_reason, r.answer, r.steps])).toEqual([
      ['published', null, null, ['submit']],
      ['rejected', 'Приховано модератором', null, ['submit', 'reject']],
      ['resolved', null, 'Передано до відділу', ['submit', 'resolve']],
      ['resolved', null, 'Полагоджено', ['submit', 'resolve']],
      ['confirmed', null, 'Полагоджено', ['submit', 'resolve', 'confirm']],
      ['disputed', null, 'Полагоджено', ['submit', 'resolve', 'dispute']],
      ['rejected', 'Не в компетенції ради', null, ['submit', 'reject']],
    ]);
    const { rows: shown } = await db.query<{ body: string }>('SELECT body FROM pub_comments ORDER BY body');
    expect(shown.map((r) => r.body)).toEqual(['Старе звернення 0', 'Старе звернення 2', 'Старе звернення 3', 'Старе звернення 4', 'Старе звернення 5']);
    const { rows: categories } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM comment_category');
    expect(categories[0].n).toBe(6);
    const { rows: settings } = await db.query<{ response_days: number }>('SELECT response_days FROM comment_settings');
    expect(settings).toEqual([{ response_days: 15 }]);
  });
});
