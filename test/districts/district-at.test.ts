/**
 * Point in district agrees with brute force: for thousands of random points, on the districts'
 * shared vertices and edges and outside the hromada, districtAt answers what checking ST_Covers
 * against every district of the election and taking the lowest number answers — and a point on a
 * shared line is covered by two districts, so the tie rule is exercised, not assumed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../server/db/database.js';
import { districtAt, locate } from '../../server/districts/core/district-at.js';
import { electionFor, listElections } from '../../server/districts/core/elections.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

const SLUG = 'slovyansk';

/** A small deterministic generator (mulberry32): the same points on every run and database. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(backends())('districtAt on %s', (kind) => {
  let db: Database;
  let municipalityId: number;
  let electionId: number;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const { rows } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG]);
    municipalityId = rows[0].id;
    electionId = (await electionFor(db, municipalityId))!.id;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** Every district's number that covers each point, checked one by one (no index, no LIMIT). */
  async function bruteForce(points: [number, number][], election: number): Promise<(number | null)[]> {
    const { rows } = await db.query<{ i: number; covering: number[] | null }>(
      `SELECT p.i::integer AS i,
              array_agg(d.number ORDER BY d.number) FILTER (WHERE ST_Covers(d.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))) AS covering
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)
       CROSS JOIN electoral_district d
       WHERE d.election_id = $3
       GROUP BY p.i ORDER BY p.i`,
      [points.map((p) => p[0]), points.map((p) => p[1]), election],
    );
    return rows.map((r) => (r.covering && r.covering.length ? Math.min(...r.covering) : null));
  }

  async function lookups(points: [number, number][], election?: number): Promise<(number | null)[]> {
    const out: (number | null)[] = [];
    for (const [lon, lat] of points) out.push((await districtAt(db, municipalityId, lon, lat, election))?.number ?? null);
    return out;
  }

  it('agrees with brute force on 3,000 random points in and around the hromada', async () => {
    const { rows } = await db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
      'SELECT ST_XMin(boundary) AS xmin, ST_YMin(boundary) AS ymin, ST_XMax(boundary) AS xmax, ST_YMax(boundary) AS ymax FROM municipality WHERE id = $1',
      [municipalityId],
    );
    const b = rows[0];
    const next = random(11);
    // 10 % beyond the bounding box on every side: many points fall outside the hromada
    const dx = (b.xmax - b.xmin) * 0.1;
    const dy = (b.ymax - b.ymin) * 0.1;
    const points: [number, number][] = Array.from({ length: 3000 }, () => [
      b.xmin - dx + next() * (b.xmax - b.xmin + 2 * dx), b.ymin - dy + next() * (b.ymax - b.ymin + 2 * dy),
    ]);
    const expected = await bruteForce(points, electionId);
    expect(await lookups(points)).toEqual(expected);
    // the sample reaches both inside and outside
    expect(expected.filter((n) => n === null).length).toBeGreaterThan(100);
    expect(new Set(expected.filter((n) => n !== null)).size).toBeGreaterThan(30);
  }, 300_000);

  it('agrees on shared vertices and on points along shared edges, where two districts cover the point', async () => {
    // Vertices of every ring, and points a quarter, half and 70 % of the way along each segment, of the current districts.
    const { rows } = await db.query<{ lon: number; lat: number }>(
      `WITH v AS (
         SELECT d.number, (dp).path AS path, ST_X((dp).geom) AS lon, ST_Y((dp).geom) AS lat
         FROM (SELECT number, ST_DumpPoints(geom) AS dp FROM electoral_district WHERE election_id = $1) d
       ), seg AS (
         SELECT lon, lat, lead(lon) OVER w AS lon2, lead(lat) OVER w AS lat2
         FROM v WINDOW w AS (PARTITION BY number, path[1], path[2] ORDER BY path[3])
       )
       SELECT lon, lat FROM seg
       UNION ALL
       SELECT lon + (lon2 - lon) * f, lat + (lat2 - lat) * f FROM seg, unnest(ARRAY[0.25, 0.5, 0.7]) AS f WHERE lon2 IS NOT NULL`,
      [electionId],
    );
    const points = rows.map((r) => [r.lon, r.lat] as [number, number]);
    expect(points.length).toBeGreaterThan(1000);
    const expected = await bruteForce(points, electionId);
    expect(await lookups(points)).toEqual(expected);

    // Many of them lie on lines two districts share: the tie rule decides them.
    const { rows: shared } = await db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM unnest($1::float8[], $2::float8[]) AS p(lon, lat)
       WHERE (SELECT count(*) FROM electoral_district d WHERE d.election_id = $3 AND ST_Covers(d.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))) >= 2`,
      [points.map((p) => p[0]), points.map((p) => p[1]), electionId],
    );
    expect(shared[0].n).toBeGreaterThan(100);
  }, 300_000);

  it('gives a point on a shared vertex the lowest number, every time', async () => {
    const { rows } = await db.query<{ lon: number; lat: number; numbers: number[] }>(
      `SELECT ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat, array_agg(DISTINCT d.number ORDER BY d.number) AS numbers
       FROM (SELECT (ST_DumpPoints(geom)).geom FROM electoral_district WHERE election_id = $1) v
       JOIN electoral_district d ON d.election_id = $1 AND ST_Covers(d.geom, v.geom)
       GROUP BY v.geom HAVING count(DISTINCT d.number) >= 3 LIMIT 5`,
      [electionId],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      for (let i = 0; i < 3; i++) expect((await districtAt(db, municipalityId, r.lon, r.lat))?.number).toBe(Math.min(...r.numbers));
    }
  });

  it('says "outside" outside the hromada and reads another election by id or by date', async () => {
    const outside = await locate(db, municipalityId, 30.5, 50.45); // Kyiv
    expect(outside).toEqual({ kind: 'outside', hromada: expect.objectContaining({ nameUk: expect.stringContaining('Слов') }) });
    expect(await districtAt(db, municipalityId, 30.5, 50.45)).toBeNull();
    expect(await districtAt(db, municipalityId, Number.NaN, 48)).toBeNull();

    const elections = await listElections(db, municipalityId);
    expect(elections.map((e) => e.heldOn)).toEqual(['2020-10-25', '2015-10-25']);
    const older = elections[1];
    expect((await electionFor(db, municipalityId, { date: '2017-06-01' }))?.id).toBe(older.id);
    expect((await electionFor(db, municipalityId, { date: '2023-06-01' }))?.id).toBe(electionId);
    expect(await electionFor(db, municipalityId, { date: '2001-01-01' })).toBeNull();
    const next = random(3);
    const { rows } = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point WHERE municipality_id = $1 ORDER BY id LIMIT 400`, [municipalityId]);
    const points = rows.filter(() => next() < 0.5).map((r) => [r.lon, r.lat] as [number, number]);
    expect(await lookups(points, older.id)).toEqual(await bruteForce(points, older.id));
  }, 120_000);
});
