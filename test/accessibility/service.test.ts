/**
 * The accessibility map through the real server and a real PostGIS: the demo's measured
 * entrances and stored grades, the card, unknown kept unknown from the database to the tile and
 * the exports, the nearest search against a brute-force count, the survey edits through the one
 * write core, and thresholds that regrade the hromada.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import SimpleSchema from '@sozialhelden/simpl-schema';
import sharp from 'sharp';
import { getPlaceInfoSchemaDefinition } from '@sozialhelden/a11yjson';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';
import { createUser } from '../../server/auth/users.js';
import { THRESHOLD_CODES } from '../../server/rules/accessibility.js';
import { tileAt } from '../../tiles/tile-grid.js';
import { DEFAULTS } from './fixtures.js';
import { pointAwayFromBuildings } from '../import/support.js';

const SLUG = 'slovyansk';
const api = (path: string) => `/${SLUG}/api/accessibility${path}`;

describe.each(backends())('The accessibility map on %s', (kind) => {
  let server: TestServer;
  let surveyor: Session;
  let admin: Session;
  let m: number;
  const get = async <T = any>(path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as T };
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    for (const slug of [SLUG, 'kryvyi-rih']) {
      await createUser(server.db, { municipalitySlug: slug, login: 'surveyor', displayName: 'Тест обстежувач', password: TEST_PASSWORD, roles: ['accessibility_editor'] });
    }
    surveyor = await signIn(server, SLUG, 'surveyor');
    admin = await signIn(server, SLUG, 'admin');
    ({ rows: [{ id: m }] } = await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG]));
  }, 180_000);
  afterAll(async () => server?.close());

  it('keeps the national default thresholds, with their sources, for exactly the codes the rules read', async () => {
    const { rows } = await server.db.query<{ code: string; value: number; source_uk: string }>('SELECT code, value, source_uk FROM accessibility_threshold_default ORDER BY code');
    expect(rows.map((r) => r.code)).toEqual([...THRESHOLD_CODES].sort());
    for (const r of rows) expect(Number(r.value)).toBe(DEFAULTS[r.code as keyof typeof DEFAULTS]);
    expect(rows.every((r) => /ДБН|OpenStreetMap/.test(r.source_uk))).toBe(true);
  });

  it('gives every demo facility a measured main entrance, grades every facility, and keeps real unknowns', async () => {
    const { rows: [c] } = await server.db.query<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM facility_entrance e WHERE e.facility_id = f.id AND e.is_main AND e.level IS NOT NULL
                                                   AND num_nonnulls(e.door_width_cm, e.step_height_cm, e.ramp_slope_pct, e.threshold_height_cm) > 0))::integer AS without_measured_main,
              count(*) FILTER (WHERE f.graded_at IS NULL)::integer AS ungraded,
              count(*) FILTER (WHERE f.grade_wheelchair = 'unknown')::integer AS wheelchair_unknown,
              count(*) FILTER (WHERE f.accessible_toilet IS NULL)::integer AS toilet_unknown,
              (SELECT count(*) FROM facility_entrance e WHERE e.municipality_id = $1 AND e.call_button IS NULL)::integer AS button_unknown,
              (SELECT count(*) FROM facility_entrance e WHERE e.municipality_id = $1 AND e.door_width_cm IS NULL)::integer AS door_unmeasured,
              (SELECT count(*) FROM facility_entrance e WHERE e.municipality_id = $1 AND e.ramp AND e.ramp_slope_pct IS NOT NULL)::integer AS measured_ramps,
              (SELECT count(DISTINCT grade_wheelchair) FROM pub_facilities WHERE municipality_id = $1)::integer AS wheelchair_grades
       FROM facility f WHERE f.municipality_id = $1`, [m]);
    expect(c).toMatchObject({ without_measured_main: 0, ungraded: 0, wheelchair_grades: 4 });
    expect(c.wheelchair_unknown).toBeGreaterThan(100);
    expect(c.toilet_unknown).toBeGreaterThan(300);
    expect(c.button_unknown).toBeGreaterThan(100);
    expect(c.door_unmeasured).toBeGreaterThan(100);
    expect(c.measured_ramps).toBeGreaterThan(300);
  });

  it('shows a facility’s card with its entrances’ measurements and each grade explained in words', async () => {
    const { rows: [{ id }] } = await server.db.query<{ id: number }>(
      `SELECT f.id FROM facility f JOIN facility_entrance e ON e.facility_id = f.id
       WHERE f.municipality_id = $1 AND e.ramp AND e.ramp_slope_pct > 8 ORDER BY f.id LIMIT 1`, [m]);
    const { status, body } = await get<any>(api(`/facilities/${id}`));
    expect(status).toBe(200);
    expect(body.facility.entrances.length).toBeGreaterThan(0);
    expect(body.facility.entrances.some((e: any) => e.ramp && e.ramp_slope_pct > 8)).toBe(true);
    expect(Object.keys(body.grades)).toEqual(['wheelchair', 'mobility', 'vision', 'hearing']);
    expect(body.grades.wheelchair.reasons.map((r: any) => r.uk).join(' ')).toMatch(/ухил пандуса [\d.]+ % — більше за 8 %/);
    expect(body.grades.wheelchair.grade).toBe(body.facility.grade_wheelchair);
  });

  it('keeps unknown unknown and "none" none, in the database, the API, the tile and both exports', async () => {
    const pick = async (where: string) => (await server.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facility WHERE municipality_id = $1 AND ${where} ORDER BY id LIMIT 1`, [m])).rows[0];
    // known only from a quick look: entrance measured, a ramp and the inside not, so unknown for a wheelchair
    const unknown = await pick("accessible_toilet IS NULL AND grade_wheelchair = 'unknown'");
    const none = await pick('accessible_toilet = false');
    const card = async (id: number) => (await get<any>(api(`/facilities/${id}`))).body.facility;
    expect((await card(unknown.id)).accessible_toilet).toBeNull();
    expect((await card(none.id)).accessible_toilet).toBe(false);
    expect((await card(unknown.id)).grade_wheelchair).toBe('unknown');

    const tileProps = async (f: { id: number; lon: number; lat: number }) => {
      const { x, y } = tileAt(f.lon, f.lat, 16);
      const res = await fetch(`${server.url}/${SLUG}/tiles/facilities/16/${x}/${y}.mvt`);
      const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.facilities;
      for (let i = 0; i < layer.length; i++) if (layer.feature(i).id === f.id) return layer.feature(i).properties;
      throw new Error(`facility ${f.id} not in its tile`);
    };
    expect('accessible_toilet' in (await tileProps(unknown))).toBe(false);
    expect((await tileProps(none)).accessible_toilet).toBe(false);

    const a11y = (await get<any>(api('/export.a11y.geojson'))).body;
    const a11yOf = (id: number) => a11y.features.find((f: any) => f.properties.originalId === String(id));
    expect(a11yOf(unknown.id).properties.accessibility?.restrooms).toBeUndefined();
    expect(a11yOf(unknown.id).properties.accessibility?.wheelchairAccessibilityGrade).toBeUndefined();
    expect(a11yOf(none.id).properties.accessibility.restrooms[0].isAccessibleWithWheelchair).toBe(false);

    const osm = (await get<any>(api('/export.osm.geojson'))).body;
    const osmOf = (id: number) => osm.features.find((f: any) => f.properties['ref:prozore_misto'] === String(id)).properties;
    expect(osmOf(unknown.id)['toilets:wheelchair']).toBeUndefined();
    expect(osmOf(unknown.id).wheelchair).toBeUndefined();
    expect(osmOf(none.id)['toilets:wheelchair']).toBe('no');
  });

  it('finds the nearest pharmacies with a step-free entrance, ranked by metres, as a brute-force count agrees', async () => {
    const from = { lon: 37.6, lat: 48.855 };
    const { status, body } = await get<any>(api(`/nearest?lon=${from.lon}&lat=${from.lat}&need=wheelchair&category=pharmacy&feature=step_free_entrance&limit=5`));
    expect(status).toBe(200);
    expect(body.items.length).toBe(5);
    const distances = body.items.map((i: any) => i.distance_m);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const { rows } = await server.db.query<{ id: number }>(
      `SELECT id FROM pub_facilities WHERE municipality_id = $1 AND category = 'pharmacy' AND step_free_entrance
         AND grade_wheelchair IN ('full', 'partial')
       ORDER BY ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography), id LIMIT 5`, [m, from.lon, from.lat]);
    expect(body.items.map((i: any) => i.id)).toEqual(rows.map((r) => r.id));
    expect(body.items.every((i: any) => ['full', 'partial'].includes(i.grade) && i.category === 'pharmacy')).toBe(true);
    expect((await get(api(`/nearest?lon=${from.lon}&lat=${from.lat}&feature=teleporter`))).status).toBe(400);
  });

  it('lets a surveyor add a facility with entrances, re-measure a ramp, and keeps the history; the grade follows', async () => {
    const [lon, lat] = (await server.db.query<{ lon: number; lat: number }>('SELECT ST_X(view_center) AS lon, ST_Y(view_center) AS lat FROM municipality WHERE id = $1', [m])).rows.map((r) => [r.lon, r.lat])[0];
    const created = await surveyor.fetch(api('/facilities'), {
      method: 'POST',
      body: JSON.stringify({
        name: 'Аптека «Тест»', category: 'pharmacy', address: 'вул. Тестова, 1', geometry: { type: 'Point', coordinates: [lon, lat] },
        accessible_toilet: true, toilet_turning_cm: 160, surveyed_on: '2026-11-30', survey_source: 'survey',
        entrances: [{ is_main: true, level: false, step_count: 3, step_height_cm: 15, ramp: true, ramp_slope_pct: 12, ramp_width_cm: 120,
          ramp_handrails: true, door_width_cm: 95, threshold_height_cm: 1, call_button: true, call_button_height_cm: 100 }],
      }),
    });
    expect(created.status).toBe(201);
    const facility = await created.json() as any;
    expect(facility.grade_wheelchair).toBe('partial');
    const entrance = facility.entrances[0];
    const fixed = await surveyor.fetch(api(`/facilities/${facility.id}/entrances/${entrance.id}`), {
      method: 'PATCH', body: JSON.stringify({ row_version: entrance.row_version, ramp_slope_pct: 7.5 }),
    });
    expect(fixed.status).toBe(200);
    expect(((await fixed.json()) as any).grade_wheelchair).toBe('full');
    const stale = await surveyor.fetch(api(`/facilities/${facility.id}/entrances/${entrance.id}`), {
      method: 'PATCH', body: JSON.stringify({ row_version: entrance.row_version, ramp_slope_pct: 20 }),
    });
    expect(stale.status).toBe(409);
    const history = (await (await surveyor.fetch(api(`/facilities/${facility.id}/history`))).json()) as any;
    expect(history.entries.some((e: any) => e.changes.some((c: any) => c.field === 'ramp_slope_pct' && c.from === 12 && c.to === 7.5))).toBe(true);
    const bad = await surveyor.fetch(api('/facilities'), { method: 'POST', body: JSON.stringify({ name: 'X', category: 'pharmacy', geometry: { type: 'Point', coordinates: [lat, lon] } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).field).toBe('geometry');
  });

  it('ties a facility to the building it is in: inside a footprint or at its wall it gets the building, in the open none', async () => {
    const { rows: [b] } = await server.db.query<{ id: number; address: string; levels: number; lon: number; lat: number; wall_lon: number; wall_lat: number }>(
      `SELECT b.id, b.address, b.levels, ST_X(p) AS lon, ST_Y(p) AS lat, ST_X(w) AS wall_lon, ST_Y(w) AS wall_lat
       FROM (SELECT * FROM pub_buildings WHERE municipality_id = $1 AND address IS NOT NULL AND levels = 5 ORDER BY id LIMIT 50) b,
            LATERAL (SELECT ST_PointOnSurface(b.geom) AS p) inner_point,
            -- 2 m outside the wall: the centroid pushed out past the boundary's nearest point
            LATERAL (SELECT ST_Project(ST_ClosestPoint(ST_Boundary(b.geom), ST_Centroid(b.geom))::geography, 2,
                       ST_Azimuth(ST_Centroid(b.geom)::geography, ST_ClosestPoint(ST_Boundary(b.geom), ST_Centroid(b.geom))::geography))::geometry AS w) wall
       WHERE building_at($1, w) = b.id
       ORDER BY b.id LIMIT 1`, [m]);
    const open = await pointAwayFromBuildings(server.db, m);
    const add = async (name: string, lon: number, lat: number) => {
      const res = await surveyor.fetch(api('/facilities'), {
        method: 'POST', body: JSON.stringify({ name, category: 'shop', geometry: { type: 'Point', coordinates: [lon, lat] } }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as any;
    };
    const inside = await add('Магазин у будинку', b.lon, b.lat);
    const atWall = await add('Магазин біля стіни', b.wall_lon, b.wall_lat);
    const inOpen = await add('Кіоск у полі', open.lon, open.lat);
    expect([inside.building_id, atWall.building_id, inOpen.building_id]).toEqual([b.id, b.id, null]);

    // the card names the building and carries its footprint; the OGC feature has its id
    const card = (await get<any>(api(`/facilities/${inside.id}`))).body;
    expect(card.building).toMatchObject({ id: b.id, address: b.address, levels: 5, geometry: { type: 'MultiPolygon' } });
    expect((await get<any>(api(`/facilities/${inOpen.id}`))).body.building).toBeNull();
    const ogc = (await get<any>(`/${SLUG}/ogc/collections/facilities/items/${inside.id}`)).body;
    expect(ogc.properties.building_id).toBe(b.id);

    // moved into the open, it leaves the building
    const moved = await surveyor.fetch(api(`/facilities/${inside.id}`), {
      method: 'PATCH', body: JSON.stringify({ row_version: inside.row_version, geometry: { type: 'Point', coordinates: [open.lon, open.lat] } }),
    });
    expect(((await moved.json()) as any).building_id).toBeNull();

    // the demo's facilities were found their buildings the same way
    const { rows: [d] } = await server.db.query<{ share: number }>(
      `SELECT avg((building_id IS NOT NULL)::integer)::float8 AS share FROM facility WHERE municipality_id = $1 AND external_id IS NOT NULL`, [m]);
    expect(d.share).toBeGreaterThan(0.8);
  });

  it('refuses survey edits to a registry editor and to another hromada’s surveyor', async () => {
    const registryEditor = await signIn(server, SLUG, 'editor');
    const body = JSON.stringify({ name: 'X', category: 'shop', geometry: { type: 'Point', coordinates: [37.6, 48.85] } });
    expect((await registryEditor.fetch(api('/facilities'), { method: 'POST', body })).status).toBe(403);
    const stranger = await signIn(server, 'kryvyi-rih', 'surveyor');
    expect((await stranger.fetch(api('/facilities'), { method: 'POST', body })).status).toBe(403);
  });

  it('regrades every facility of the hromada when an admin changes a threshold, and back', async () => {
    // a ramp of 8-12 % (within the code's width) becomes a step-free entrance: stored by the regrade
    const count = async () => (await server.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM facility WHERE municipality_id = $1 AND step_free_entrance`, [m])).rows[0].n;
    const before = await count();
    expect((await surveyor.fetch(api('/thresholds/ramp_max_slope_pct'), { method: 'PUT', body: JSON.stringify({ value: 12 }) })).status).toBe(403);
    const changed = await admin.fetch(api('/thresholds/ramp_max_slope_pct'), { method: 'PUT', body: JSON.stringify({ value: 12 }) });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as any).regraded).toBeGreaterThan(0);
    expect(await count()).toBeGreaterThan(before);
    const shown = (await get<any>(api('/thresholds'))).body.thresholds.find((t: any) => t.code === 'ramp_max_slope_pct');
    expect(shown).toMatchObject({ value: 12, default_value: 8, overridden: true });
    await admin.fetch(api('/thresholds/ramp_max_slope_pct'), { method: 'PUT', body: JSON.stringify({ value: null }) });
    expect(await count()).toBe(before);
  });

  it('imports facilities from a spreadsheet through the shared importer: empty cells stay unknown, bad rows are named', async () => {
    const csv = [
      'Назва;Категорія;Адреса;Обліковий номер;Довгота;Широта;Вхід без сходинок;Пандус;Ухил пандуса, %;Ширина дверей, см;Висота порога, см;Кнопка виклику;Доступна вбиральня',
      'Аптека «Імпорт»;Аптека;вул. Імпортна, 1;IMP-1;37.6;48.855;ні;так;6,5;95;1;так;',
      'Банк «Імпорт»;bank;вул. Імпортна, 2;IMP-2;37.601;48.855;так;;;100;0;ні;ні',
    ].join('\n');
    const upload = (body: string, query = '') => surveyor.fetch(api(`/import?fileName=facilities.csv${query}`), { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
    const res = await upload(csv);
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report).toMatchObject({ written: true, rows: { created: 2 } });
    const { rows } = await server.db.query<any>(
      `SELECT f.external_id, f.accessible_toilet, f.survey_source, f.grade_wheelchair, e.level, e.ramp, e.ramp_slope_pct, e.door_width_cm, e.call_button
       FROM facility f JOIN facility_entrance e ON e.facility_id = f.id AND e.is_main WHERE f.municipality_id = $1 AND f.external_id LIKE 'IMP-%' ORDER BY 1`, [m]);
    expect(rows).toEqual([
      { external_id: 'IMP-1', accessible_toilet: null, survey_source: 'import', grade_wheelchair: 'partial', level: false, ramp: true, ramp_slope_pct: 6.5, door_width_cm: 95, call_button: true },
      { external_id: 'IMP-2', accessible_toilet: false, survey_source: 'import', grade_wheelchair: 'partial', level: true, ramp: null, ramp_slope_pct: null, door_width_cm: 100, call_button: false },
    ]);
    const bad = await upload(csv.replace('IMP-1;37.6;48.855;ні;так;6,5;95', 'IMP-3;37.6;48.855;може;так;6,5;9500').replace('IMP-2', 'IMP-4'), '&dryRun=true');
    const problems = ((await bad.json()) as any).problems;
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ line: 2, field: 'Вхід без сходинок', value: 'може' }),
      expect.objectContaining({ line: 2, field: 'Ширина дверей, см', value: '9500' }),
    ]));
  });

  it('keeps a surveyor’s photo of an entrance, re-encoded, shown on the card; refuses what is not a picture', async () => {
    const { rows: [e] } = await server.db.query<{ id: number; facility_id: number }>(
      'SELECT id, facility_id FROM facility_entrance WHERE municipality_id = $1 ORDER BY id LIMIT 1', [m]);
    const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#8899aa' } })
      .jpeg().withExif({ IFD0: { Copyright: 'test' } }).toBuffer();
    const path = api(`/facilities/${e.facility_id}/entrances/${e.id}/photos?caption=${encodeURIComponent('Пандус, вигляд знизу')}`);
    expect((await fetch(`${server.url}${path}`, { method: 'POST', body: jpeg, headers: { 'content-type': 'image/jpeg' } })).status).toBe(401);
    const res = await surveyor.fetch(path, { method: 'POST', body: jpeg, headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(201);
    const photo = (await res.json()) as any;
    const image = await fetch(`${server.url}${api(`/photos/${photo.id}`)}`);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    const card = (await get<any>(api(`/facilities/${e.facility_id}`))).body;
    expect(card.facility.entrances.find((x: any) => x.id === e.id).photos).toEqual([{ id: photo.id, caption: 'Пандус, вигляд знизу' }]);
    const text = await surveyor.fetch(path, { method: 'POST', body: 'not a picture', headers: { 'content-type': 'image/jpeg' } });
    expect(text.status).toBe(415);
  });

  it('counts facilities by category and grade for the national monitoring', async () => {
    const { status, body } = await get<string>(api('/monitoring.csv'));
    expect(status).toBe(200);
    const lines = body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Категорія,Код категорії,Доступно,Частково доступно,Недоступно,Невідомо (бракує замірів),Усього');
    const total = Number(lines[lines.length - 1].split(',').pop());
    const { rows: [{ n }] } = await server.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM facility WHERE municipality_id = $1', [m]);
    expect(total).toBe(n);
    // the same table for Excel in a Ukrainian locale: semicolons; an unknown parameter is named
    const excel = (await get<string>(api('/monitoring.csv?delimiter=semicolon'))).body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(excel.map((l) => l.split(';'))).toEqual(lines.map((l) => l.split(',')));
    expect((await get<string>(api('/monitoring.csv?delimiter=tab'))).status).toBe(400);
  });

  it('exports OSM tags that come back unchanged through GDAL’s GeoJSON driver, entrances as entrance=* nodes', async () => {
    const { body } = await get<any>(api('/export.osm.geojson'));
    const dir = mkdtempSync(join(tmpdir(), 'pm-osm-'));
    try {
      writeFileSync(join(dir, 'in.geojson'), JSON.stringify(body));
      execFileSync('ogr2ogr', ['-f', 'GeoJSON', join(dir, 'out.geojson'), join(dir, 'in.geojson')]);
      const fields = execFileSync('ogrinfo', ['-ro', '-al', '-so', join(dir, 'in.geojson')]).toString();
      for (const tag of ['wheelchair', 'toilets:wheelchair', 'ramp:wheelchair', 'door:width', 'automatic_door', 'tactile_paving', 'hearing_loop', 'entrance']) {
        expect(fields).toMatch(new RegExp(`^${tag}: String`, 'm'));
      }
      const back = JSON.parse(readFileSync(join(dir, 'out.geojson'), 'utf8'));
      expect(back.features.length).toBe(body.features.length);
      back.features.forEach((f: any, i: number) => {
        expect(f.properties).toEqual(body.features[i].properties);
        expect(f.geometry.coordinates[0]).toBeCloseTo(body.features[i].geometry.coordinates[0], 7);
      });
      expect(body.features.filter((f: any) => f.properties.entrance === 'main').length).toBeGreaterThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // last: the schema's validation holds the event loop (and the in-process server) for seconds
  it('exports A11yJSON that the library’s own PlaceInfo schema accepts, for every facility and every shape of document', async () => {
    const { body } = await get<any>(api('/export.a11y.geojson'));
    const schema = new SimpleSchema(getPlaceInfoSchemaDefinition(), { humanizeAutoLabels: false });
    const { rows: [{ n }] } = await server.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM facility WHERE municipality_id = $1', [m]);
    expect(body.features.length).toBe(n);
    // The schema validates about one document a second here, so one document of each shape: the
    // facilities whose properties have the same key paths are written by the same branches.
    const paths = (v: unknown, prefix = ''): string[] => (v !== null && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => paths(x, Array.isArray(v) ? prefix : `${prefix}.${k}`))
      : [prefix]);
    const byShape = new Map<string, any>();
    for (const feature of body.features) {
      const shape = [...new Set(paths(feature.properties))].sort().join('|');
      if (!byShape.has(shape)) byShape.set(shape, feature);
    }
    // the richest shapes first (they cover the most fields), and the barest (the unsurveyed)
    const shapes = [...byShape.entries()].sort((a, b) => b[0].length - a[0].length).map(([, f]) => f);
    const sample = [...shapes.slice(0, 8), ...shapes.slice(-2)];
    const invalid: string[] = [];
    for (const feature of sample) {
      const place = { properties: feature.properties, geometry: feature.geometry };
      const context = schema.newContext();
      context.validate(schema.clean(structuredClone(place), { getAutoValues: true, filter: false, mutate: true }));
      if (!context.isValid()) invalid.push(`${feature.properties.originalId}: ${JSON.stringify(context.validationErrors().slice(0, 2))}`);
    }
    expect(invalid.slice(0, 5)).toEqual([]);
    const withRamp = body.features.find((f: any) => f.properties.accessibility?.entrances?.some((e: any) => e.properties.hasFixedRamp && e.properties.slopeAngle));
    expect(withRamp).toBeDefined();
  }, 180_000);
});
