/**
 * What residents read: the table with its filters and search, an owner's page, the city's
 * figures (whose sums must match SQL's), the open-data exports — and never a private field.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { addDays, api, created, csvRecords, districtWithPoint, getJson, mark, municipalityId, parseCsv, point, pointsInside, send, today } from './fixtures.js';
import { EXTENSION_FIELDS, STANDARD_FIELDS } from '../../server/registry/opendata.js';

const SLUG = 'slovyansk';

/** Private values of the owner this file creates; no public answer may contain them. */
const RNOKPP = '2987654321';
const PRIVATE_PHONE = '+380631234567';
const PRIVATE_EMAIL = 'petrenko.private@mail.example';

describe.each(backends())('the public registry on %s', (kind) => {
  let server: TestServer;
  let editor: Session;
  let now: string;
  let m: number;
  const tag = mark();
  const fop: { id?: number; name: string } = { name: `ФОП Приватна-${tag} О. О.` };
  const company: { id?: number; name: string } = { name: `ТОВ «Світло-${tag}»` };
  const objects: { id: number; address: string; permit?: string }[] = [];
  let district: { number: number; point: [number, number] };

  beforeAll(async () => {
    server = await startTestServer(kind);
    editor = await signIn(server, SLUG, 'editor');
    now = await today(server);
    m = await municipalityId(server, SLUG);
    district = await districtWithPoint(server, SLUG);
    const spots = await pointsInside(server, SLUG, 10, 31);

    fop.id = (await created(editor, `${api(SLUG)}/owners`, {
      kind: 'sole_proprietor', name: fop.name, rnokpp: RNOKPP, private_phone: PRIVATE_PHONE, private_email: PRIVATE_EMAIL, public_contact: 'через ЦНАП',
    })).id;
    company.id = (await created(editor, `${api(SLUG)}/owners`, { kind: 'legal_entity', name: company.name, edrpou: '14360570' })).id;

    // two kiosks of the sole proprietor, two billboards of the company (one in the known district)
    const plan = [
      { type_code: 'kiosk', owner_id: fop.id, geometry: point(spots[0]), valid: 100, fee: 800 },
      { type_code: 'kiosk', owner_id: fop.id, geometry: point(spots[1]), valid: -3, fee: null },
      { type_code: 'billboard', owner_id: company.id, geometry: point(district.point), valid: 15, fee: 2000, sides: 2, width_m: 6, height_m: 3 },
      { type_code: 'billboard', owner_id: company.id, geometry: point(spots[2]), valid: null, fee: null },
    ];
    for (const [i, p] of plan.entries()) {
      const address = `вулиця Пошукова-${tag}, ${i + 1}`;
      const { valid, fee, ...fields } = p;
      const o = await created(editor, `${api(SLUG)}/objects`, { ...fields, address, monthly_fee_uah: fee, installed_on: '2018-04-01' });
      const entry: { id: number; address: string; permit?: string } = { id: o.id, address };
      if (valid !== null) {
        entry.permit = `РЗ-${tag}-${i + 1}`;
        await created(editor, `${api(SLUG)}/objects/${o.id}/permits`, {
          kind: p.type_code === 'kiosk' ? 'passport' : 'permit', number: entry.permit, issued_on: '2024-01-10', valid_from: '2024-01-15',
          valid_until: addDays(now, valid), contract_number: `Д-${i + 1}`, contract_date: '2024-01-12',
        });
      }
      await created(editor, `${api(SLUG)}/objects/${o.id}/payments`, { amount_uah: 100 * (i + 1), paid_on: now, document: `ПД-${tag}` });
      await created(editor, `${api(SLUG)}/objects/${o.id}/payments`, { amount_uah: 50.5, paid_on: `${Number(now.slice(0, 4)) - 2}-03-01` });
      objects.push(entry);
    }
    // an old, replaced permit of the first billboard: search finds the object by it too
    await created(editor, `${api(SLUG)}/objects/${objects[2].id}/permits`, { number: `СТАРИЙ-${tag}`, valid_until: '2023-12-31', status: 'reissued' });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id).sort((a, b) => a - b);
  const table = (query: string) => getJson(server, `${api(SLUG)}/objects?${query}`);

  describe('the table', () => {
    it('finds objects by permit number — current or past — by address, and by owner name', async () => {
      expect(ids(await table(`q=${encodeURIComponent(`РЗ-${tag}-3`)}`))).toEqual([objects[2].id]);
      expect(ids(await table(`q=${encodeURIComponent(`старий-${tag}`)}`))).toEqual([objects[2].id]);
      expect(ids(await table(`q=${encodeURIComponent(`Пошукова-${tag}, 2`)}`))).toEqual([objects[1].id]);
      expect(ids(await table(`q=${encodeURIComponent(`Світло-${tag}`)}`))).toEqual([objects[2].id, objects[3].id]);
      // LIKE's wildcards are searched for as themselves
      expect((await table(`q=${encodeURIComponent('%')}`)).total).toBe(0);
    });

    it('search forgives quotes, hyphens, case, street-type abbreviations, word order and a typo in a name', async () => {
      const tagLower = tag.toLowerCase();
      // «ТОВ «Світло-TAG»» by its plain words, in any case, without quotes or hyphen
      expect(ids(await table(`q=${encodeURIComponent(`тов світло ${tagLower}`)}`))).toEqual([objects[2].id, objects[3].id]);
      expect(ids(await table(`q=${encodeURIComponent(`СВІТЛО-${tag}`)}`))).toEqual([objects[2].id, objects[3].id]);
      // "вулиця Пошукова-TAG, 3" by "вул. пошукова tag 3", and house 3 does not find house 1
      expect(ids(await table(`q=${encodeURIComponent(`вул. пошукова ${tagLower} 3`)}`))).toEqual([objects[2].id]);
      // words of the address and the owner together, in any order
      expect(ids(await table(`q=${encodeURIComponent(`${tagLower} світло пошукова`)}`))).toEqual([objects[2].id, objects[3].id]);
      // a typo in the owner's name
      expect(ids(await table(`q=${encodeURIComponent(`Свтло ${tag}`)}`))).toEqual([objects[2].id, objects[3].id]);
      // permit numbers with other dashes and case
      expect(ids(await table(`q=${encodeURIComponent(`рз ${tagLower} 3`)}`))).toEqual([objects[2].id]);
      // the owners' picker forgives the same way
      const owners = await getJson(server, `${api(SLUG)}/owners?q=${encodeURIComponent(`тов світло ${tagLower}`)}`);
      expect(owners.items.map((o: { id: number }) => o.id)).toEqual([company.id]);
    });

    it('search reads stored keys, which follow an editor\'s change of an address and agree with search_key() everywhere', async () => {
      const [spot] = await pointsInside(server, SLUG, 1, 77);
      const o = await created(editor, `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spot), address: `вулиця Ключова-${tag}, 5` });
      expect(ids(await table(`q=${encodeURIComponent(`вул. ключова ${tag}`)}`))).toEqual([o.id]);
      const res = await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: o.row_version, address: `просп. Перейменований-${tag}, 7` });
      expect(res.status).toBe(200);
      expect(ids(await table(`q=${encodeURIComponent(`проспект перейменований ${tag} 7`)}`))).toEqual([o.id]);
      expect((await table(`q=${encodeURIComponent(`Ключова-${tag}`)}`)).total).toBe(0);
      const { rows: [wrong] } = await server.db.query<{ n: number }>(
        `SELECT ((SELECT count(*) FROM registry_object WHERE search_address <> search_key(coalesce(address, ''))
                   OR search_external_id <> search_key(coalesce(external_id, '')))
               + (SELECT count(*) FROM owner WHERE search_name <> search_key(name))
               + (SELECT count(*) FROM permit WHERE search_number <> search_key(number)))::int AS n`,
      );
      expect(wrong.n).toBe(0);
    });

    it('filters by type, category, legality, owner and electoral district, with a total for paging', async () => {
      const q = `q=${encodeURIComponent(`Пошукова-${tag}`)}`;
      expect((await table(q)).total).toBe(4);
      expect(ids(await table(`${q}&type=kiosk`))).toEqual([objects[0].id, objects[1].id]);
      expect(ids(await table(`${q}&category=advertising`))).toEqual([objects[2].id, objects[3].id]);
      expect(ids(await table(`${q}&legality=expired,no_permit`))).toEqual([objects[1].id, objects[3].id]);
      expect(ids(await table(`${q}&legality=expiring`))).toEqual([objects[2].id]);
      expect(ids(await table(`owner=${company.id}`))).toEqual([objects[2].id, objects[3].id]);
      const inDistrict = await table(`district=${district.number}&${q}`);
      expect(ids(inDistrict)).toEqual([objects[2].id]);
      // every object the district filter returns lies in that district
      const { rows } = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM registry_object o JOIN electoral_district d ON ST_Intersects(d.geom, ST_PointOnSurface(o.geom))
         JOIN election e ON e.id = d.election_id AND e.is_current WHERE o.municipality_id = $1 AND d.number = $2`,
        [m, district.number],
      );
      expect((await table(`district=${district.number}&limit=1`)).total).toBe(rows[0].n);
    });

    it('pages and sorts: the same total on every page, stable order, sort by revenue descending', async () => {
      const all = await table('limit=500&sort=id');
      const { rows: [{ n }] } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_object WHERE municipality_id = $1', [m]);
      expect(all.total).toBe(n);
      const p1 = await table('limit=7&offset=0&sort=-revenue_total');
      const p2 = await table('limit=7&offset=7&sort=-revenue_total');
      expect(p2.total).toBe(p1.total);
      const revenue = [...p1.items, ...p2.items].map((i: { revenue_total_uah: number }) => i.revenue_total_uah);
      expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
      expect(new Set([...ids(p1), ...ids(p2)]).size).toBe(14);
    });

    it('a bad parameter is refused naming it', async () => {
      const res = await fetch(`${server.url}${api(SLUG)}/objects?legality=illegalish`);
      expect(res.status).toBe(400);
      expect((await res.json()).field).toBe('legality.0');
      expect((await (await fetch(`${server.url}${api(SLUG)}/objects?sort=password`)).json()).field).toBe('sort');
      expect((await (await fetch(`${server.url}${api(SLUG)}/objects?limit=100000`)).json()).field).toBe('limit');
    });

    it('answers carry an ETag; a revalidation gets 304 until an editor changes the registry', async () => {
      const url = `${server.url}${api(SLUG)}/objects?owner=${company.id}`;
      const first = await fetch(url);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"reg\./);
      expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
      const object = (await send(editor, 'GET', `${api(SLUG)}/objects/${objects[3].id}/record`)).json;
      await send(editor, 'PATCH', `${api(SLUG)}/objects/${objects[3].id}`, { row_version: object.row_version, lighting: true });
      const after = await fetch(url, { headers: { 'if-none-match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
    });
  });

  describe('revenue and figures', () => {
    it('an owner\'s page lists all their objects with legality, and revenue that matches SQL', async () => {
      const page = await getJson(server, `${api(SLUG)}/owners/${company.id}`);
      expect(page).toMatchObject({ id: company.id, name: company.name, kind: 'legal_entity', edrpou: '14360570', objects_count: 2 });
      expect(page.objects.map((o: { id: number; legality: string }) => [o.id, o.legality])).toEqual([[objects[2].id, 'expiring'], [objects[3].id, 'no_permit']]);
      const { rows: [sql] } = await server.db.query<{ total: number; this_year: number }>(
        `SELECT sum(p.amount_uah)::float8 AS total, (sum(p.amount_uah) FILTER (WHERE p.paid_on >= date_trunc('year', current_date)))::float8 AS this_year
         FROM payment p JOIN registry_object o ON o.id = p.object_id WHERE o.owner_id = $1`,
        [company.id],
      );
      expect(page.revenue).toEqual({ total_uah: sql.total, this_year_uah: sql.this_year });
      expect(sql.total).toBe(300 + 400 + 50.5 * 2);
    });

    it('a sole proprietor\'s page shows no ЄДРПОУ and no personal data', async () => {
      const page = await getJson(server, `${api(SLUG)}/owners/${fop.id}`);
      expect(page).toMatchObject({ kind: 'sole_proprietor', edrpou: null, public_contact: 'через ЦНАП' });
      expect(Object.keys(page).sort()).toEqual(['by_legality', 'edrpou', 'id', 'kind', 'name', 'objects', 'objects_count', 'public_contact', 'revenue']);
    });

    it('the city\'s figures: counts by legality add up to all objects, revenue by year and type matches SQL', async () => {
      const stats = await getJson(server, `${api(SLUG)}/stats`);
      const { rows: [{ n }] } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_object WHERE municipality_id = $1', [m]);
      expect(stats.objects).toBe(n);
      expect(stats.by_legality.reduce((s: number, l: { objects: number }) => s + l.objects, 0)).toBe(n);
      const { rows } = await server.db.query<{ year: number; type_code: string; revenue: number }>(
        `SELECT extract(year FROM p.paid_on)::int AS year, o.type_code, sum(p.amount_uah)::float8 AS revenue
         FROM payment p JOIN registry_object o ON o.id = p.object_id WHERE p.municipality_id = $1 GROUP BY 1, 2`,
        [m],
      );
      for (const r of rows) {
        const year = stats.revenue.by_year.find((y: { year: number }) => y.year === r.year);
        expect([r.year, r.type_code, year?.by_type[r.type_code]]).toEqual([r.year, r.type_code, r.revenue]);
      }
      const { rows: [{ total }] } = await server.db.query<{ total: number }>('SELECT sum(amount_uah)::float8 AS total FROM payment WHERE municipality_id = $1', [m]);
      expect(stats.revenue.total_uah).toBeCloseTo(total, 2);
      // figures for one district, as its deputy sees them
      const mine = await getJson(server, `${api(SLUG)}/stats?district=${district.number}`);
      expect(mine.objects).toBe((await table(`district=${district.number}&limit=1`)).total);
    });
  });

  describe('the open-data exports', () => {
    const text = async (path: string) => {
      const res = await fetch(`${server.url}${api(SLUG)}${path}`);
      expect(res.status).toBe(200);
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };

    it('the CSV is UTF-8 with a BOM, headed by the dataset\'s field names, one row per object the filters select', async () => {
      const { res, body } = await text(`/export.csv?q=${encodeURIComponent(`Пошукова-${tag}`)}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="reklamni-zasoby-slovyansk-\d{4}-\d{2}-\d{2}\.csv"/);
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = parseCsv(body.toString('utf8'));
      expect(csv[0]).toEqual([...STANDARD_FIELDS, ...EXTENSION_FIELDS]);
      expect(csv).toHaveLength(1 + 4);
      expect(csv.every((r) => r.length === csv[0].length)).toBe(true);
      const rows = csvRecords(csv);
      const billboard = rows.find((r) => r.objectId === String(objects[2].id))!;
      expect(billboard).toMatchObject({
        id: `РЗ-${tag}-3`, distributorName: company.name, distributorId: '14360570',
        status: 'Чинний', validFrom: '2024-01-15', validThrough: addDays(now, 15), contractNumber: 'Д-3', contractSignedDate: '2024-01-12',
        type: 'Білборд 3×6 м', planesValue: '2', horizontalSize: '6', verticalSize: '3', area: '36', addressAdminUnitL1: 'Україна',
        addressThoroughfare: `вулиця Пошукова-${tag}`, addressLocatorDesignator: '3', legality: 'expiring',
      });
      expect(Number(billboard.lat)).toBeCloseTo(district.point[1], 6);
      // a sole proprietor's code is depersonalised: the РНОКПП never appears, the column stays empty
      const kioskRow = rows.find((r) => r.objectId === String(objects[1].id))!;
      expect(kioskRow).toMatchObject({ distributorId: '', status: 'Втратив чинність за терміном дії', legality: 'expired' });
    });

    it('the whole export has as many rows as the table has objects; semicolons on request', async () => {
      const { total } = await table('limit=1');
      const { body } = await text('/export.csv?delimiter=semicolon');
      const csv = parseCsv(body.toString('utf8'), ';');
      expect(csv).toHaveLength(1 + total);
      expect(csv[0].slice(0, 3)).toEqual(['id', 'issuedDate', 'authorityName']);
      expect(csv.every((r) => r.length === csv[0].length)).toBe(true);
    });

    it('the opendata profile is exactly the standard: 30 columns, one row per permit of an advertising structure', async () => {
      const { body } = await text('/export.csv?profile=opendata');
      const csv = parseCsv(body.toString('utf8'));
      expect(csv[0]).toEqual([...STANDARD_FIELDS]);
      expect(csv.every((r) => r.length === 30)).toBe(true);
      expect(STANDARD_FIELDS).toHaveLength(30);
      const { rows: [{ n }] } = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM permit p JOIN registry_object o ON o.id = p.object_id JOIN object_type t ON t.code = o.type_code
         WHERE o.municipality_id = $1 AND t.category = 'advertising' AND p.kind = 'permit'`,
        [m],
      );
      expect(csv).toHaveLength(1 + n);
    });

    it('the GeoJSON has a feature per object with the dataset\'s field names as properties', async () => {
      const { res, body } = await text(`/export.geojson?owner=${company.id}`);
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      const fc = JSON.parse(body.toString('utf8'));
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.map((f: { id: number }) => f.id).sort()).toEqual([objects[2].id, objects[3].id].sort());
      expect(Object.keys(fc.features[0].properties)).toEqual([...STANDARD_FIELDS, ...EXTENSION_FIELDS]);
      expect(fc.features[0].geometry.type).toBe('Point');
    });

    it('the open-data CSV names the demo hromada\'s issuing body on every row and never writes the word "null"', async () => {
      const { body } = await text('/export.csv?profile=opendata');
      const csv = parseCsv(body.toString('utf8'));
      const rows = csvRecords(csv);
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.every((r) => r.authorityName === 'Управління архітектури та містобудування Слов’янської міської ради')).toBe(true);
      expect(csv.slice(1).some((r) => r.includes('null'))).toBe(false);
    });

    it('a text cell a spreadsheet would run as a formula goes out neutralised in CSV, verbatim in GeoJSON; numbers stay numbers', async () => {
      const evil = `=HYPERLINK("http://evil.example/${tag}","Дозвіл")`;
      const owner = (await created(editor, `${api(SLUG)}/owners`, { kind: 'legal_entity', name: evil })).id;
      const spot = (await pointsInside(server, SLUG, 1, 77))[0];
      const o = await created(editor, `${api(SLUG)}/objects`, {
        type_code: 'billboard', owner_id: owner, geometry: point(spot), address: `@вулиця Формульна-${tag}, +1`, sides: 2, width_m: 6, height_m: 3, area_m2: 18,
      });
      await created(editor, `${api(SLUG)}/objects/${o.id}/permits`, { number: `-ПД-${tag}`, issued_on: '2024-01-10', valid_until: addDays(now, 100) });
      for (const delimiter of ['comma', 'semicolon']) {
        for (const profile of ['registry', 'opendata']) {
          const { body } = await text(`/export.csv?owner=${owner}&profile=${profile}&delimiter=${delimiter}`);
          const [row] = csvRecords(parseCsv(body.toString('utf8'), delimiter === 'comma' ? ',' : ';'));
          expect(row).toMatchObject({ distributorName: `'${evil}`, id: `'-ПД-${tag}`, addressThoroughfare: `'@вулиця Формульна-${tag}`, area: '36' });
          if (profile === 'registry') expect(row).toMatchObject({ areaOneSideM2: '18', landAreaM2: '' });
        }
      }
      // decimals as the delimiter's locale writes them: points with commas, commas with semicolons
      // (Ukrainian Excel would open a width of "4.12" as the 4th of December)
      const spot2 = (await pointsInside(server, SLUG, 1, 78))[0];
      const decimal = await created(editor, `${api(SLUG)}/objects`, { type_code: 'billboard', owner_id: owner, geometry: point(spot2), width_m: 4.12, height_m: 3, sides: 1 });
      const widthIn = async (delimiter: string) => {
        const { body } = await text(`/export.csv?owner=${owner}&delimiter=${delimiter}`);
        const rows = csvRecords(parseCsv(body.toString('utf8'), delimiter === 'comma' ? ',' : ';'));
        return rows.find((r) => r.objectId === String(decimal.id))!;
      };
      expect(await widthIn('comma')).toMatchObject({ horizontalSize: '4.12', area: '12.36' });
      expect(await widthIn('semicolon')).toMatchObject({ horizontalSize: '4,12', area: '12,36' });
      expect((await widthIn('semicolon')).lat).toMatch(/^\d+,\d+$/);
      const { body } = await text(`/export.geojson?owner=${owner}`);
      expect(JSON.parse(body.toString('utf8')).features[0].properties).toMatchObject({ distributorName: evil, id: `-ПД-${tag}`, area: 36 });
    });

    it('the publisher\'s details, set by the admin, fill the authority and address columns', async () => {
      const admin = await signIn(server, SLUG, 'admin');
      const set = await send(admin, 'PATCH', `${api(SLUG)}/publisher`, {
        authority_name: 'Управління архітектури та містобудування Слов’янської міської ради', authority_edrpou: '00032129',
        katottg: 'UA14040170010081446', region_uk: 'Донецька область', district_uk: 'Краматорський район', locality_uk: 'Слов’янськ',
      });
      expect(set.status).toBe(200);
      expect((await send(editor, 'PATCH', `${api(SLUG)}/publisher`, { region_uk: 'Інша' })).status).toBe(403);
      const { body } = await text(`/export.geojson?owner=${company.id}`);
      expect(JSON.parse(body.toString('utf8')).features[0].properties).toMatchObject({
        authorityId: '00032129', CATUTTC: 'UA14040170010081446', addressAdminUnitL2: 'Донецька область', addressPostName: 'Слов’янськ',
      });
    });
  });

  it('no public answer carries a private field: the РНОКПП, private phones and e-mails stay out', async () => {
    const paths = [
      `/objects?owner=${fop.id}`, `/objects?q=${encodeURIComponent(fop.name)}`, `/objects?limit=500`, `/objects?limit=500&offset=500`,
      `/objects/${objects[0].id}`, `/objects/${objects[1].id}`, `/owners`, `/owners?q=${encodeURIComponent('Приватна')}`, `/owners?limit=500`,
      `/owners/${fop.id}`, '/stats', `/stats?owner=${fop.id}`, '/export.csv', '/export.csv?profile=opendata', '/export.geojson',
      `/export.geojson?owner=${fop.id}`, '/types', '/publisher',
    ];
    // the demo's private values too, not only this file's
    const { rows } = await server.db.query<{ value: string }>(
      `SELECT DISTINCT v AS value FROM owner, unnest(ARRAY[rnokpp, private_phone, private_email]) v
       WHERE municipality_id = $1 AND v IS NOT NULL AND length(v) >= 6`,
      [m],
    );
    const secrets = [RNOKPP, PRIVATE_PHONE, PRIVATE_EMAIL, ...rows.map((r) => r.value)];
    expect(secrets.length).toBeGreaterThan(3);
    for (const path of paths) {
      const res = await fetch(`${server.url}${api(SLUG)}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      const body = await res.text();
      const leaked = secrets.filter((s) => body.includes(s));
      expect([path, leaked]).toEqual([path, []]);
      expect([path, /rnokpp|private_phone|private_email/.test(body)]).toEqual([path, false]);
    }
  });
});
