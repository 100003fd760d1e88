/**
 * One write path: the same kiosk added through the editor API and through a one-row spreadsheet
 * upload lands the same — the stored row, its row_version, its history entry and the layer's
 * version — and a change made by an import is one an editor's stale form is told about (409),
 * for objects, owners and permits alike.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { edrpouCheckDigit } from '../../server/rules/edrpou.js';
import { OBJECT_FIELDS, PAYMENT_FIELDS } from '../../server/rules/registry.js';
import { Written } from '../../server/catalog/write.js';
import { insertObjects } from '../../server/registry/core/bulk.js';
import { csv } from '../import/support.js';
import { addDays, api, created, mark, municipalityId, point, pointsInside, send, today } from './fixtures.js';

const SLUG = 'slovyansk';

const ua = (iso: string) => iso.split('-').reverse().join('.');

describe.each(backends())('the registry write core on %s', (kind) => {
  let server: TestServer;
  let editor: Session;
  let spots: [number, number][];
  let now: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    editor = await signIn(server, SLUG, 'editor');
    spots = await pointsInside(server, SLUG, 10, 41);
    now = await today(server);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  async function upload(rows: (string | number | null)[][]): Promise<any> {
    const res = await editor.fetch(`${api(SLUG)}/import?fileName=one-row.csv`, {
      method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv(rows),
    });
    const report = await res.json();
    if (res.status !== 200 || !report.written) throw new Error(`import: ${res.status} ${JSON.stringify(report.problems ?? report)}`);
    return report;
  }

  const storedRow = async (id: number) => (await server.db.query(
    `SELECT type_code, address, width_m, height_m, sides, area_m2, lighting, installed_on, dismantled_on, owner_id,
            monthly_fee_uah, description, row_version, GeometryType(geom) AS geometry_type, municipality_id
     FROM registry_object WHERE id = $1`, [id])).rows[0];

  const auditOf = async (entity: string, id: number) => (await server.db.query<{ action: string; user_id: number; before: any; after: any }>(
    'SELECT action, user_id, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id', [entity, String(id)])).rows;

  it('an object added by the API and the same object in a one-row CSV are stored, versioned and audited alike', async () => {
    const m = await municipalityId(server, SLUG);
    const tag = mark();
    const fields = { address: `вулиця Контрактна, ${tag}`, width_m: 2.5, height_m: 2.8, installed_on: addDays(now, -30), monthly_fee_uah: 1234.5, description: 'Кіоск з пресою' };

    const mafBefore = await server.ctx.versions.get(m, 'maf');
    const viaApi = await created(editor, `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spots[0]), external_id: `API-${tag}`, ...fields });
    const mafAfterApi = await server.ctx.versions.get(m, 'maf');

    await upload([
      ['Обліковий номер', 'Тип', 'Адреса', 'Ширина, м', 'Висота, м', 'Дата встановлення', 'Плата за місяць, грн', 'Опис', 'Довгота', 'Широта'],
      [`CSV-${tag}`, 'Кіоск', fields.address, '2,5', '2,8', ua(fields.installed_on), '1234,50', fields.description, spots[1][0], spots[1][1]],
    ]);
    const mafAfterCsv = await server.ctx.versions.get(m, 'maf');
    const { rows: [{ id: csvId }] } = await server.db.query<{ id: number }>('SELECT id FROM registry_object WHERE external_id = $1', [`CSV-${tag}`]);

    // the stored rows: the same in every field the two writers were given
    expect(await storedRow(csvId)).toEqual(await storedRow(viaApi.id));
    expect((await storedRow(csvId)).row_version).toBe(1);

    // one history entry each, by the same editor, with the same fields but for record number and
    // place; the import's is recorded in the import's own audit row, which lists the object it created
    const historyOf = async (id: number) => (await send(editor, 'GET', `${api(SLUG)}/objects/${id}/history`)).json.entries;
    const [apiHistory, csvHistory] = [await historyOf(viaApi.id), await historyOf(csvId)];
    expect(apiHistory).toHaveLength(1);
    expect(csvHistory).toHaveLength(1);
    const comparable = ({ id: _i, at: _a, import_file: _f, changes, ...rest }: any) =>
      ({ ...rest, changes: changes.filter((c: any) => !['external_id', 'geometry'].includes(c.field)) });
    expect(comparable(csvHistory[0])).toEqual({ ...comparable(apiHistory[0]), entity_id: String(csvId) });
    expect(csvHistory[0]).toMatchObject({ action: 'create', login: 'editor', import_file: 'one-row.csv' });
    expect(csvHistory[0].changes.map((c: any) => c.field).sort()).toEqual(apiHistory[0].changes.map((c: any) => c.field).sort());
    expect(csvHistory[0].changes.find((c: any) => c.field === 'geometry').to).toEqual({ type: 'Point', coordinates: spots[1] });
    expect(await auditOf('registry_object', viaApi.id)).toHaveLength(1);
    expect(await auditOf('registry_object', csvId)).toHaveLength(0);
    const { rows: [importRow] } = await server.db.query<{ after: { objectsCreated: [number, number][] } }>(
      "SELECT after FROM audit_log WHERE action = 'import' AND entity_id = 'import:one-row.csv' ORDER BY id DESC LIMIT 1");
    expect(importRow.after.objectsCreated).toEqual([[csvId, csvId]]);

    // and both moved the layer's version on
    expect(mafAfterApi).toBeGreaterThan(mafBefore);
    expect(mafAfterCsv).toBeGreaterThan(mafAfterApi);
  });

  it('an object changed by an import refuses the stale editor with 409, naming the import\'s change', async () => {
    const tag = mark();
    const o = await created(editor, `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spots[2]), external_id: `STALE-${tag}`, width_m: 2 });
    await upload([
      ['Обліковий номер', 'Тип', 'Ширина', 'Довгота', 'Широта'],
      [`STALE-${tag}`, 'Кіоск', '3', spots[2][0], spots[2][1]],
    ]);
    const stale = await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: o.row_version, address: 'вулиця Застаріла, 1' });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ field: 'row_version', your_row_version: 1, current_row_version: 2 });
    expect(stale.json.changes.flatMap((c: any) => c.changes.map((f: any) => f.field))).toContain('width_m');
  });

  it('an owner and a permit changed by an import are versioned and audited, so stale edits of them are refused too', async () => {
    const tag = mark();
    const first7 = String(parseInt(tag.slice(1), 16) % 9_000_000 + 1_000_000);
    const code = `${first7}${edrpouCheckDigit(first7)}`; // a code of this test's own
    const owner = await created(editor, `${api(SLUG)}/owners`, { kind: 'legal_entity', name: `ТОВ «Контракт ${tag}»`, edrpou: code });
    const o = await created(editor, `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spots[3]), owner_id: owner.id });
    const permit = (await created(editor, `${api(SLUG)}/objects/${o.id}/permits`, { number: `П-${tag}`, valid_until: addDays(now, 200) })).permit;
    const ownerVersion = (await server.db.query<{ row_version: number }>('SELECT row_version FROM owner WHERE id = $1', [owner.id])).rows[0].row_version;

    await upload([
      ['Номер дозволу', 'Тип', 'Власник', 'ЄДРПОУ', 'Публічний контакт', 'Чинний до', 'Довгота', 'Широта'],
      [`П-${tag}`, 'Кіоск', owner.name, code, `контакт ${tag}`, ua(addDays(now, 400)), spots[3][0], spots[3][1]],
    ]);

    const { rows: [w] } = await server.db.query<{ row_version: number; public_contact: string }>('SELECT row_version, public_contact FROM owner WHERE id = $1', [owner.id]);
    expect(w).toEqual({ row_version: ownerVersion + 1, public_contact: `контакт ${tag}` });
    expect((await auditOf('owner', owner.id)).at(-1)).toMatchObject({ action: 'update', before: { row_version: ownerVersion }, after: { row_version: ownerVersion + 1, public_contact: `контакт ${tag}` } });
    const staleOwner = await send(editor, 'PATCH', `${api(SLUG)}/owners/${owner.id}`, { row_version: ownerVersion, name: 'ТОВ «Застаріле»' });
    expect(staleOwner.status).toBe(409);

    expect((await auditOf('permit', permit.id)).at(-1)).toMatchObject({ action: 'update', after: { row_version: 2, valid_until: addDays(now, 400) } });
    const stalePermit = await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}/permits/${permit.id}`, { row_version: permit.row_version, decision: 'Рішення №1' });
    expect(stalePermit.status).toBe(409);
  });

  it('the demo generator writes through the same core: every seeded record has its audit entry, and a record breaking a rule stops the batch', async () => {
    const m = await municipalityId(server, SLUG);
    // (an object this file's uploads created is audited by the upload's import row)
    const { rows: [c] } = await server.db.query<{ objects: number; audited: number; owners: number; owners_audited: number }>(
      `SELECT (SELECT count(*) FROM registry_object o WHERE o.municipality_id = $1
                 AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'registry_object' AND a.entity_id = o.id::text AND a.action = 'create')
                 AND NOT EXISTS (SELECT 1 FROM audit_log i, jsonb_array_elements(i.after->'objectsCreated') r
                                 WHERE i.municipality_id = $1 AND i.action = 'import' AND o.id BETWEEN (r->>0)::int AND (r->>1)::int))::int AS objects,
              (SELECT count(*) FROM audit_log WHERE municipality_id = $1 AND entity = 'registry_object' AND action = 'create' AND user_id IS NULL)::int AS audited,
              (SELECT count(*) FROM owner w WHERE w.municipality_id = $1 AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'owner' AND a.entity_id = w.id::text))::int AS owners,
              (SELECT count(*) FROM audit_log WHERE municipality_id = $1 AND entity = 'owner' AND action = 'create' AND user_id IS NULL)::int AS owners_audited`, [m]);
    expect(c.objects).toBe(0);
    expect(c.owners).toBe(0);
    expect(c.audited).toBeGreaterThan(2000);
    expect(c.owners_audited).toBeGreaterThan(100);

    const base = { type_code: 'kiosk', address: 'вулиця Масова, 1', width_m: 2, height_m: 2.5, sides: null, area_m2: 5, lighting: null,
      installed_on: null, dismantled_on: null, external_id: null, owner_id: null, monthly_fee_uah: null, description: null };
    const actor = { municipalityId: m, userId: null };
    const { rows: [{ id }] } = await server.db.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('registry_object', 'id'))::int AS id");
    await expect(server.db.transaction((tx) => insertObjects(tx, new Written(), actor, [
      { ...base, id, wkt: `POINT(${spots[6][0]} ${spots[6][1]})` },
      { ...base, id: id + 1, wkt: 'POINT(30.52 50.45)' },
    ]))).rejects.toThrow(/registry_object №2, поле geometry .*поза межами громади/);
    await expect(server.db.transaction((tx) => insertObjects(tx, new Written(), actor, [{ ...base, id, wkt: `POINT(${spots[6][0]} ${spots[6][1]})`, width_m: 0.001 }])))
      .rejects.toThrow(/поле width_m \(0.001\)/);
    expect((await server.db.query('SELECT count(*)::int AS n FROM registry_object WHERE id IN ($1, $2)', [id, id + 1])).rows[0].n).toBe(0);
  });

  it('the database keeps what the shared field rules allow: every decimal rule fits its numeric(p, s) column exactly', async () => {
    const decimals = [
      ...Object.entries(OBJECT_FIELDS).map(([name, rule]) => ['registry_object', name, rule] as const),
      ...Object.entries(PAYMENT_FIELDS).map(([name, rule]) => ['payment', name, rule] as const),
    ].filter(([, , rule]) => rule.kind === 'decimal');
    expect(decimals.map(([, c]) => c)).toEqual(['width_m', 'height_m', 'area_m2', 'monthly_fee_uah', 'amount_uah']);
    for (const [table, column, rule] of decimals) {
      const { rows: [c] } = await server.db.query<{ p: number; s: number }>(
        'SELECT numeric_precision AS p, numeric_scale AS s FROM information_schema.columns WHERE table_name = $1 AND column_name = $2', [table, column]);
      if (rule.kind !== 'decimal') continue;
      expect({ column, scale: c.s, max: 10 ** (c.p - c.s) - 10 ** -c.s }).toEqual({ column, scale: rule.scale, max: rule.max });
    }
    // and a value the column would round to nothing is refused, not stored as 0
    const tiny = await send(editor, 'POST', `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spots[5]), width_m: 0.001 });
    expect(tiny.status).toBe(400);
    expect(tiny.json.field).toBe('width_m');
  });

  it('the API and the import refuse a footprint reaching out of the hromada by the same rule', async () => {
    const { rows: [{ wkt, geojson }] } = await server.db.query<{ wkt: string; geojson: any }>(
      `SELECT ST_AsText(g) AS wkt, ST_AsGeoJSON(g, 7)::json AS geojson FROM municipality m,
         LATERAL (SELECT ST_Buffer(ST_PointOnSurface(ST_Boundary(m.boundary)), 0.0003, 'quad_segs=2') AS g) x
       WHERE m.slug = $1`, [SLUG]);
    const viaApi = await send(editor, 'POST', `${api(SLUG)}/objects`, { type_code: 'summer_terrace', geometry: geojson });
    expect(viaApi.status).toBe(400);
    expect(viaApi.json.field).toBe('geometry');
    const res = await editor.fetch(`${api(SLUG)}/import?fileName=edge.csv&crs=EPSG:4326`, {
      method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv([['Обліковий номер', 'Тип', 'WKT'], [`EDGE-${mark()}`, 'Літній майданчик', wkt]]),
    });
    const report = await res.json();
    expect(report.written).toBe(false);
    expect(report.problems.map((p: any) => p.code)).toEqual(['outside']);
  });
});
