/**
 * The hromada's geocoder forgives what residents type: abbreviations, case and apostrophes,
 * typos, the Latin spelling of a street, and a street's name from before it was renamed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseQuery } from '../../server/places/core/search.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';

interface Result { id: number; label: string; street: string; houseNumber: string; lon: number; lat: number; score: number; matched?: { kind: string; name: string } }

describe('parseQuery', () => {
  it('splits the street from the house number, keeping a numbered lane whole', () => {
    expect(parseQuery('вул. Шевченка, буд. 12-А')).toEqual({ street: 'вулиця шевченка', house: '12 а' });
    expect(parseQuery('2-й пров. Садовий 5')).toEqual({ street: '2 й провулок садовий', house: '5' });
    expect(parseQuery('просп. Миру')).toEqual({ street: 'проспект миру', house: '' });
  });
});

describe.each(backends())('address search on %s', (kind) => {
  let server: TestServer;
  let municipalityId: number;

  beforeAll(async () => {
    server = await startTestServer(kind);
    municipalityId = (await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG])).rows[0].id;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  async function search(q: string, limit = 5): Promise<Result[]> {
    const res = await fetch(`${server.url}/${SLUG}/api/places/search?q=${encodeURIComponent(q)}&limit=${limit}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: Result[] }).results;
  }

  /** A house on a "вулиця <name>" street with a plain number and a long name (room for a typo). */
  async function house(extra = ''): Promise<{ id: number; street_uk: string; street_en: string; house_number: string }> {
    const { rows } = await server.db.query<{ id: number; street_uk: string; street_en: string; house_number: string }>(
      `SELECT id, street_uk, street_en, house_number FROM address_point
       WHERE municipality_id = $1 AND street_uk LIKE 'вулиця %' AND length(street_uk) >= 18 AND house_number ~ '^[0-9]+$' ${extra}
       ORDER BY id LIMIT 1`, [municipalityId]);
    return rows[0];
  }

  it('finds an address written out, abbreviated, in capitals, and with a typo', async () => {
    const h = await house();
    const name = h.street_uk.slice('вулиця '.length);
    expect((await search(`${h.street_uk}, ${h.house_number}`))[0]).toMatchObject({ id: h.id, label: `${h.street_uk}, ${h.house_number}`, score: 1 });
    expect((await search(`вул. ${name} ${h.house_number}`))[0].id).toBe(h.id);
    expect((await search(`ВУЛ.${name.toUpperCase()}, буд.${h.house_number}`))[0].id).toBe(h.id);
    // one letter dropped from the middle of the name
    const middle = Math.floor(name.length / 2);
    const typo = name.slice(0, middle) + name.slice(middle + 1);
    expect((await search(`${typo} ${h.house_number}`))[0].id).toBe(h.id);
  });

  it('finds an address by the Latin spelling of its street (2010 national system)', async () => {
    const h = await house();
    expect(h.street_en).toMatch(/^vulytsia /);
    const [first] = await search(`${h.street_en}, ${h.house_number}`);
    expect(first).toMatchObject({ id: h.id, matched: { kind: 'latin', name: h.street_en } });
    // without the street type, as a visitor writes it
    expect((await search(`${h.street_en.replace(/^vulytsia /, '')} ${h.house_number}`))[0].id).toBe(h.id);
  });

  it('gives an imported street without a Latin name one by the 2010 system, so a Latin query finds it', async () => {
    const { rows: [near] } = await server.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point WHERE municipality_id = $1 ORDER BY id LIMIT 1', [municipalityId]);
    const csv = `Вулиця,Номер будинку,Довгота,Широта\nвулиця Зеленобережна,7,${near.lon},${near.lat}\nпровулок Щасливий,3,${near.lon},${near.lat}\n`;
    const admin = await signIn(server, SLUG, 'admin');
    const res = await admin.fetch(`/${SLUG}/api/places/addresses/import?fileName=new-streets.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ written: true, rows: { created: 2 } });
    const { rows } = await server.db.query<{ street_en: string }>(
      "SELECT street_en FROM address_point WHERE municipality_id = $1 AND street_uk IN ('вулиця Зеленобережна', 'провулок Щасливий') ORDER BY street_uk", [municipalityId]);
    expect(rows.map((r) => r.street_en)).toEqual(['vulytsia Zelenoberezhna', 'provulok Shchaslyvyi']);
    const [first] = await search('Zelenoberezhna 7');
    expect(first).toMatchObject({ street: 'вулиця Зеленобережна', houseNumber: '7', matched: { kind: 'latin', name: 'vulytsia Zelenoberezhna' } });
    expect((await search('provulok Shchaslyvyi 3'))[0]).toMatchObject({ street: 'провулок Щасливий', houseNumber: '3' });
  });

  it('finds a renamed street by its former name and answers with the current one', async () => {
    const { rows } = await server.db.query<{ old_name: string; street_uk: string; id: number; house_number: string }>(
      `SELECT s.old_name, s.street_uk, a.id, a.house_number FROM street_alias s
       JOIN address_point a ON a.municipality_id = s.municipality_id AND a.street_uk = s.street_uk AND a.house_number ~ '^[0-9]+$'
       WHERE s.municipality_id = $1 AND s.old_name LIKE 'вулиця %' ORDER BY s.id, a.id LIMIT 1`, [municipalityId]);
    expect(rows.length).toBe(1);
    const old = rows[0];
    const [first] = await search(`${old.old_name.replace(/^вулиця /, 'вул. ')}, ${old.house_number}`);
    expect(first).toMatchObject({ id: old.id, street: old.street_uk, matched: { kind: 'former', name: old.old_name } });
  });

  it('ranks the exact house first, then the same number with a letter, and finds nothing for nonsense', async () => {
    const h = await house();
    const results = await search(`${h.street_uk} ${h.house_number}`, 10);
    expect(results[0].houseNumber).toBe(h.house_number);
    expect(results.every((r, i) => i === 0 || r.score <= results[i - 1].score)).toBe(true);
    expect(await search('qqqqqqqq zzzzzz 12')).toEqual([]);
  });

  it('refuses a bad query with a problem naming the parameter', async () => {
    const res = await fetch(`${server.url}/${SLUG}/api/places/search?q=&limit=5`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await res.json()).toMatchObject({ field: 'q' });
    const tooMany = await fetch(`${server.url}/${SLUG}/api/places/search?q=abc&limit=500`);
    expect(await tooMany.json()).toMatchObject({ status: 400, field: 'limit' });
  });
});
