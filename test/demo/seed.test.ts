/**
 * The demo hromadas at scale 1, as every test database holds them (test/support seeds its
 * template with them), checked for the properties the map services rely on: districts tile the
 * hromada, everything lies inside it, owners' codes are valid and private ones stay private, every
 * legality state and every comment status occurs. Then the demo is cleared and seeded again from
 * the template's seed, which must give the same data as the template holds (one seeding, not two:
 * a seeding is most of this file's time). On PostgreSQL as well when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HromadaReport } from '../../data-import/demo/hromada.js';
import type { Database } from '../../server/db/database.js';
import { isValidEdrpou } from '../../server/rules/edrpou.js';
import { clearAllData, hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

/** The seed test/support/prepare-templates.ts seeds the template with. */
const SEED = 1;

/**
 * Counts and digests of everything seeded, keyed by natural keys (ids differ between seedings).
 * Payments are left out: how many months have been paid depends on the calendar.
 */
async function fingerprint(db: Database): Promise<Record<string, unknown>> {
  const one = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;
  return {
    counts: await one(`
      SELECT m.slug,
        (SELECT count(*) FROM address_point a WHERE a.municipality_id = m.id) AS addresses,
        (SELECT count(*) FROM electoral_district d WHERE d.municipality_id = m.id) AS districts,
        (SELECT count(*) FROM deputy d WHERE d.municipality_id = m.id) AS deputies,
        (SELECT count(*) FROM owner o WHERE o.municipality_id = m.id) AS owners,
        (SELECT count(*) FROM registry_object o WHERE o.municipality_id = m.id) AS objects,
        (SELECT count(*) FROM permit p WHERE p.municipality_id = m.id) AS permits,
        (SELECT count(*) FROM facility f WHERE f.municipality_id = m.id) AS facilities,
        (SELECT count(*) FROM comment c WHERE c.municipality_id = m.id) AS comments,
        (SELECT count(*) FROM street s WHERE s.municipality_id = m.id) AS streets,
        (SELECT count(*) FROM building b WHERE b.municipality_id = m.id) AS buildings
      FROM municipality m ORDER BY m.slug`),
    boundaries: await one(`SELECT slug, md5(ST_AsText(boundary)) AS boundary FROM municipality ORDER BY slug`),
    firstAddresses: await one(`
      SELECT street_uk, house_number, ST_AsText(geom) AS geom FROM address_point
      ORDER BY street_uk, house_number, ST_X(geom) LIMIT 3`),
    firstObjects: await one(`
      SELECT o.external_id, o.type_code, ST_AsText(o.geom) AS geom, w.name AS owner
      FROM registry_object o LEFT JOIN owner w ON w.id = o.owner_id ORDER BY o.external_id LIMIT 3`),
    digests: await one(`
      SELECT
        (SELECT md5(string_agg(street_uk || house_number || ST_AsText(geom), ',' ORDER BY street_uk, house_number, ST_X(geom), ST_Y(geom))) FROM address_point) AS addresses,
        (SELECT md5(string_agg(e.held_on::text || d.number || ST_AsText(d.geom) || coalesce(d.description_uk, ''), ',' ORDER BY e.held_on, d.number, ST_X(ST_Centroid(d.geom))))
           FROM electoral_district d JOIN election e ON e.id = d.election_id) AS districts,
        (SELECT md5(string_agg(full_name || coalesce(faction, '') || public_email, ',' ORDER BY public_email)) FROM deputy) AS deputies,
        (SELECT md5(string_agg(o.external_id || ST_AsText(o.geom) || coalesce(o.address, '') || coalesce(o.monthly_fee_uah::text, ''), ',' ORDER BY o.external_id, ST_X(ST_Centroid(o.geom))))
           FROM registry_object o) AS objects,
        (SELECT md5(string_agg(f.external_id || f.name || ST_AsText(f.geom), ',' ORDER BY f.external_id, ST_X(f.geom))) FROM facility f) AS facilities,
        (SELECT md5(string_agg(c.body || c.status || ST_AsText(c.geom), ',' ORDER BY c.body, c.status, ST_X(c.geom), ST_Y(c.geom))) FROM comment c) AS comments,
        (SELECT md5(string_agg(s.name_uk || ST_AsText(s.geom), ',' ORDER BY s.name_uk, ST_AsText(s.geom))) FROM street s) AS streets,
        (SELECT md5(string_agg(coalesce(b.street_uk || b.house_number, '') || b.levels || ST_AsText(b.geom), ',' ORDER BY ST_AsText(b.geom))) FROM building b) AS buildings`),
  };
}

describe.each(backends())('the demo hromadas at scale 1 on %s', (kind) => {
  let db: Database;
  let seededByTemplate: Record<string, unknown>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    seededByTemplate = await fingerprint(db);
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('have valid boundaries, and Kryvyi Rih is elongated north-south', async () => {
    const { rows } = await db.query<{ slug: string; valid: boolean; km2: number; dx: number; dy: number }>(`
      SELECT slug, ST_IsValid(boundary) AS valid, ST_Area(boundary::geography) / 1e6 AS km2,
             ST_XMax(b) - ST_XMin(b) AS dx, ST_YMax(b) - ST_YMin(b) AS dy
      FROM municipality, LATERAL ST_Transform(boundary, local_srid) AS b ORDER BY slug`);
    const [kryvyiRih, slovyansk] = rows;
    expect(rows.every((r) => r.valid)).toBe(true);
    expect(slovyansk.km2).toBeGreaterThan(70);
    expect(slovyansk.km2).toBeLessThan(130);
    expect(kryvyiRih.dy).toBeGreaterThan(55_000);
    expect(kryvyiRih.dy / kryvyiRih.dx).toBeGreaterThan(4);
  });

  it('keep every address point, object, facility and comment inside its hromada', async () => {
    const { rows } = await db.query<{ outside: number }>(`
      SELECT (SELECT count(*) FROM address_point x JOIN municipality m ON m.id = x.municipality_id WHERE NOT ST_CoveredBy(x.geom, m.boundary))
           + (SELECT count(*) FROM registry_object x JOIN municipality m ON m.id = x.municipality_id WHERE NOT ST_CoveredBy(x.geom, m.boundary))
           + (SELECT count(*) FROM facility x JOIN municipality m ON m.id = x.municipality_id WHERE NOT ST_CoveredBy(x.geom, m.boundary))
           + (SELECT count(*) FROM comment x JOIN municipality m ON m.id = x.municipality_id WHERE NOT ST_CoveredBy(x.geom, m.boundary))
           AS outside`);
    expect(rows[0].outside).toBe(0);
  });

  it('give each election districts that tile the boundary without gaps or overlaps', async () => {
    const { rows } = await db.query<{ held_on: string; slug: string; districts: number; gap_or_excess: number; overlap: number }>(`
      WITH d AS (
        SELECT d.*, e.held_on, m.slug, m.boundary FROM electoral_district d
        JOIN election e ON e.id = d.election_id JOIN municipality m ON m.id = d.municipality_id
      )
      SELECT slug, held_on, count(*)::integer AS districts,
             ST_Area(ST_SymDifference(ST_Union(geom), min(boundary::text)::geometry)) / ST_Area(min(boundary::text)::geometry) AS gap_or_excess,
             (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM d a JOIN d b
                ON a.election_id = b.election_id AND a.id < b.id AND ST_Intersects(a.geom, b.geom)
              WHERE a.election_id = d.election_id) / ST_Area(min(boundary::text)::geometry) AS overlap
      FROM d GROUP BY slug, held_on, election_id ORDER BY slug, held_on`);
    expect(rows).toHaveLength(4); // a current (2020) and a past (2015) election in each hromada
    for (const r of rows) {
      expect(r.districts).toBeGreaterThanOrEqual(30);
      expect(r.districts).toBeLessThanOrEqual(40);
      expect(r.gap_or_excess).toBeLessThan(1e-9);
      expect(r.overlap).toBeLessThan(1e-9);
    }
  });

  it('describe every current district by its streets and give it its deputies', async () => {
    const { rows } = await db.query<{ slug: string; description_uk: string | null; deputy_count: number; deputies: string }>(`
      SELECT m.slug, p.description_uk, p.deputy_count, p.deputies FROM pub_districts p JOIN municipality m ON m.id = p.municipality_id`);
    const { rows: current } = await db.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current');
    expect(rows.length).toBe(current[0].n); // the current election only
    for (const r of rows) {
      expect(r.description_uk).toMatch(/^(вулиця|провулок|проспект|бульвар|\d+-й) .+, \d/);
      if (r.slug === 'slovyansk') expect(r.deputy_count).toBe(1); // 'single'
      else expect([2, 3]).toContain(r.deputy_count); // 'multi'
      expect(r.deputies.length).toBeGreaterThan(5);
    }
    const { rows: deputies } = await db.query<{ missing: number }>(`
      SELECT count(*)::integer AS missing FROM deputy
      WHERE reception_hours IS NULL OR public_email IS NULL OR public_phone IS NULL OR cardinality(committees) = 0`);
    expect(deputies[0].missing).toBe(0);
  });

  it('give companies and municipal enterprises valid ЄДРПОУ codes, and sole proprietors a private РНОКПП', async () => {
    const { rows } = await db.query<{ kind: string; edrpou: string | null; rnokpp: string | null }>('SELECT kind, edrpou, rnokpp FROM owner');
    expect(rows.length).toBeGreaterThanOrEqual(2 * 140);
    for (const o of rows) {
      if (o.kind === 'sole_proprietor') {
        expect(o.edrpou).toBeNull();
        expect(o.rnokpp).toMatch(/^[0-9]{10}$/);
      } else {
        expect(isValidEdrpou(o.edrpou ?? '')).toBe(true);
        expect(o.rnokpp).toBeNull();
      }
    }
    expect(new Set(rows.map((o) => o.kind))).toEqual(new Set(['legal_entity', 'sole_proprietor', 'municipal_enterprise']));
  });

  it('never show a sole proprietor’s РНОКПП or private phone in pub_registry', async () => {
    const { rows: secrets } = await db.query<{ value: string }>(`
      SELECT rnokpp AS value FROM owner WHERE rnokpp IS NOT NULL
      UNION SELECT private_phone FROM owner WHERE private_phone IS NOT NULL
      UNION SELECT private_email FROM owner WHERE private_email IS NOT NULL`);
    const secret = new Set(secrets.map((s) => s.value));
    const { rows } = await db.query<{ row: string; owner_kind: string | null; owner_edrpou: string | null }>(
      'SELECT row_to_json(p)::text AS row, owner_kind, owner_edrpou FROM pub_registry p');
    let soleProprietors = 0;
    for (const r of rows) {
      if (r.owner_kind === 'sole_proprietor') {
        soleProprietors++;
        expect(r.owner_edrpou).toBeNull();
      }
      for (const candidate of r.row.match(/[0-9]{10}|\+380[0-9 ]+|[\w.]+@[\w.-]+/g) ?? []) expect(secret.has(candidate.trim())).toBe(false);
    }
    expect(soleProprietors).toBeGreaterThan(100);
  });

  it('cover every legality state as of today in each hromada, with permit histories', async () => {
    const { rows } = await db.query<{ slug: string; states: string[] }>(`
      SELECT m.slug, array_agg(DISTINCT p.legality ORDER BY p.legality) AS states
      FROM pub_registry p JOIN municipality m ON m.id = p.municipality_id GROUP BY m.slug`);
    for (const r of rows) expect(r.states).toEqual(['dismantled', 'expired', 'expiring', 'legal', 'no_permit']);
    const { rows: statuses } = await db.query<{ status: string }>('SELECT DISTINCT status FROM permit ORDER BY status');
    expect(statuses.map((s) => s.status)).toEqual(['active', 'annulled', 'expired', 'reissued']);
    const { rows: kinds } = await db.query<{ kind: string }>('SELECT DISTINCT kind FROM permit ORDER BY kind');
    expect(kinds.map((k) => k.kind)).toEqual(['contract', 'passport', 'permit']);
    const { rows: future } = await db.query<{ n: number }>(`
      SELECT count(*)::integer AS n FROM permit WHERE issued_on > current_date OR valid_from > current_date`);
    expect(future[0].n).toBe(0);
  });

  it('record three years of payments, some objects in arrears', async () => {
    // "today" is the database's day in Kyiv (the demo's), which runs ahead of UTC's by 2-3 hours
    const { rows } = await db.query<{ oldest: string; newest: string; today: string; paying: number; in_arrears: number }>(`
      SELECT min(paid_on)::text AS oldest, max(paid_on)::text AS newest, current_date::text AS today,
             (SELECT count(*) FROM pub_registry WHERE revenue_total_uah > 0)::integer AS paying,
             (SELECT count(*) FROM pub_registry r WHERE r.legality IN ('legal', 'expiring') AND r.monthly_fee_uah > 0
                AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.object_id = r.id AND p.period_to >= current_date - 75))::integer AS in_arrears
      FROM payment`);
    const r = rows[0];
    expect(r.newest <= r.today).toBe(true);
    expect(r.oldest >= new Date(Date.now() - 3.1 * 365 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
    expect(r.paying).toBeGreaterThan(2000);
    expect(r.in_arrears).toBeGreaterThan(50);
  });

  it('give every facility a main entrance with measurements, and every accessibility grade, unknown among them', async () => {
    const { rows } = await db.query<{ grade: string }>('SELECT DISTINCT grade_wheelchair AS grade FROM pub_facilities ORDER BY 1');
    expect(rows.map((r) => r.grade)).toEqual(['full', 'none', 'partial', 'unknown']);
    const { rows: [c] } = await db.query<Record<string, number>>(`
      SELECT count(*)::integer AS facilities,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM facility_entrance e WHERE e.facility_id = f.id AND e.is_main AND e.level IS NOT NULL AND e.step_count IS NOT NULL
                                              AND num_nonnulls(e.door_width_cm, e.step_height_cm, e.ramp_slope_pct, e.threshold_height_cm) > 0
                                              AND e.surveyed_on IS NOT NULL))::integer AS measured,
             count(*) FILTER (WHERE f.surveyed_on IS NULL)::integer AS unsurveyed,
             count(*) FILTER (WHERE f.grade_wheelchair = 'unknown')::integer AS wheelchair_unknown,
             count(*) FILTER (WHERE f.accessible_toilet IS NULL)::integer AS inside_unknown,
             count(*) FILTER (WHERE f.parking_spaces IS NULL)::integer AS parking_unknown
      FROM facility f`);
    expect(c.measured).toBe(c.facilities);
    expect(c.unsurveyed).toBe(0);
    // unknown stays alive as in real data: unknown values inside surveyed entrances and facilities
    expect(c.wheelchair_unknown).toBeGreaterThan(300);
    expect(c.inside_unknown).toBeGreaterThan(600);
    expect(c.parking_unknown).toBeGreaterThan(600);
    const { rows: [e] } = await db.query<Record<string, number>>(`
      SELECT count(*) FILTER (WHERE door_width_cm IS NULL)::integer AS door, count(*) FILTER (WHERE call_button IS NULL)::integer AS button,
             count(*) FILTER (WHERE threshold_height_cm IS NULL)::integer AS threshold
      FROM facility_entrance`);
    expect(Math.min(e.door, e.button, e.threshold)).toBeGreaterThan(100);
  });

  it('have comments in every status, answered where the status says so, with their steps', async () => {
    const { rows } = await db.query<{ slug: string; statuses: string[] }>(`
      SELECT m.slug, array_agg(DISTINCT c.status ORDER BY c.status) AS statuses
      FROM comment c JOIN municipality m ON m.id = c.municipality_id GROUP BY m.slug`);
    for (const r of rows) {
      expect(r.statuses).toEqual(['confirmed', 'disputed', 'in_progress', 'new', 'published', 'rejected', 'resolved']);
    }
    const { rows: checks } = await db.query<Record<string, number>>(`
      SELECT
        count(*) FILTER (WHERE (answer IS NOT NULL) <> (status IN ('resolved','confirmed','disputed')))::integer AS answer_mismatch,
        count(*) FILTER (WHERE (reject_reason IS NOT NULL) <> (status = 'rejected'))::integer AS reason_mismatch,
        count(*) FILTER (WHERE (verdict_at IS NOT NULL) <> (status IN ('confirmed','disputed')))::integer AS verdict_mismatch,
        count(*) FILTER (WHERE answered_at < created_at OR verdict_at < answered_at OR created_at > now())::integer AS out_of_order,
        count(*) FILTER (WHERE created_at < now() - interval '731 days')::integer AS too_old,
        count(*) FILTER (WHERE status IN ('new','rejected'))::integer AS not_public,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM comment_step s WHERE s.comment_id = comment.id AND s.to_status = comment.status))::integer AS without_step,
        count(*) FILTER (WHERE registry_object_id IS NOT NULL)::integer AS on_objects,
        count(*) FILTER (WHERE facility_id IS NOT NULL)::integer AS on_facilities
      FROM comment`);
    expect(checks[0]).toMatchObject({ answer_mismatch: 0, reason_mismatch: 0, verdict_mismatch: 0, out_of_order: 0, too_old: 0, without_step: 0 });
    expect(checks[0].not_public).toBeGreaterThan(0);
    expect(checks[0].on_objects).toBeGreaterThan(300);
    expect(checks[0].on_facilities).toBeGreaterThan(300);
    const { rows: shown } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM pub_comments');
    expect(shown[0].n).toBe(4000 - checks[0].not_public);
  });

  it('refuse to seed a hromada that already exists, and change nothing', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM address_point');
    await expect(seedDemo(db)).rejects.toThrow(/already holds kryvyi-rih, slovyansk/);
    await expect(seedDemo(db, { slugs: ['kryvyi-rih'] })).rejects.toThrow(/kryvyi-rih/);
    const after = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM address_point');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('clear every hromada’s rows and accounts but keep the national object types', async () => {
    const counts = () => db.query<{ objects: number; deputies: number; users: number; types: number }>(`
      SELECT (SELECT count(*) FROM registry_object)::integer AS objects, (SELECT count(*) FROM deputy)::integer AS deputies,
             (SELECT count(*) FROM app_user)::integer AS users, (SELECT count(*) FROM object_type)::integer AS types`);
    const typesBefore = (await counts()).rows[0].types;
    expect(await hasAnyMunicipality(db)).toBe(true);
    await clearAllData(db);
    expect(await hasAnyMunicipality(db)).toBe(false);
    expect((await counts()).rows[0]).toEqual({ objects: 0, deputies: 0, users: 0, types: typesBefore });
  });

  it('seed again what the report says (about 5,000 addresses, 30-40 districts, the stated objects per hromada) and, from the same seed, the same data', async () => {
    const report = await seedDemo(db, { seed: SEED });
    for (const m of report.municipalities as (typeof report.municipalities[number] & HromadaReport)[]) {
      expect(m.addresses).toBeGreaterThan(4500);
      expect(m.addresses).toBeLessThan(5500);
      expect(m.districts).toBeGreaterThanOrEqual(30);
      expect(m.districts).toBeLessThanOrEqual(40);
      expect(m).toMatchObject({ maf: 1500, advertising: 700, facilities: 3000, comments: 2000 });
      // the own base map: a named centre line per street with houses, ~30,000 footprints (buildings.ts)
      expect(m.buildings).toBeGreaterThan(29_000);
      expect(m.buildings).toBeLessThan(31_000);
      expect(m.streets).toBeGreaterThan(50);
    }
    const { rows } = await db.query(`
      SELECT m.slug,
        (SELECT count(*) FROM address_point a WHERE a.municipality_id = m.id)::integer AS addresses,
        (SELECT count(*) FROM pub_districts d WHERE d.municipality_id = m.id)::integer AS districts,
        (SELECT count(*) FROM deputy d JOIN election e ON e.id = d.election_id AND e.is_current
          WHERE d.municipality_id = m.id)::integer AS deputies,
        (SELECT count(*) FROM pub_maf p WHERE p.municipality_id = m.id)::integer AS maf,
        (SELECT count(*) FROM pub_advertising p WHERE p.municipality_id = m.id)::integer AS advertising,
        (SELECT count(*) FROM facility f WHERE f.municipality_id = m.id)::integer AS facilities,
        (SELECT count(*) FROM comment c WHERE c.municipality_id = m.id)::integer AS comments,
        (SELECT count(*) FROM pub_streets s WHERE s.municipality_id = m.id)::integer AS streets,
        (SELECT count(*) FROM pub_buildings b WHERE b.municipality_id = m.id)::integer AS buildings
      FROM municipality m ORDER BY m.id`);
    expect(rows).toEqual(report.municipalities);
    expect(report.municipalities.map((m) => m.slug)).toEqual(['slovyansk', 'kryvyi-rih']);
    // the same seed gives the same data: what the template was seeded with, again
    expect(await fingerprint(db)).toEqual(seededByTemplate);
  }, 120_000);

});
