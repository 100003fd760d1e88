/**
 * Every dataset's file can be uploaded from the map with a preview, by the role that keeps it:
 * the registry by registry editors, the address register by admins; GeoJSON as well as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { pointsInside } from './support.js';

const SLUG = 'slovyansk';

describe.each(backends())('uploading a dataset on %s', (kind) => {
  let server: TestServer;
  let admin: Session;
  let editor: Session;
  let points: [number, number][];

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = await signIn(server, SLUG, 'admin');
    editor = await signIn(server, SLUG, 'editor');
    points = await pointsInside(server.db, SLUG, 2);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const geojson = () => JSON.stringify({
    type: 'FeatureCollection',
    features: points.map((p, i) => ({ type: 'Feature', properties: { street: 'вулиця Завантажена', house_number: String(i + 1), postcode: '84100' }, geometry: { type: 'Point', coordinates: p } })),
  });
  const upload = (s: Session, query: string) => s.fetch(`/${SLUG}/api/places/addresses/import?fileName=houses.geojson&${query}`, {
    method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: geojson(),
  });

  it('an admin previews an address register in GeoJSON, then imports it; the addresses layer shows it', async () => {
    const m = (await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG])).rows[0].id;
    const before = await server.ctx.versions.get(m, 'addresses');
    const preview = await (await upload(admin, 'dryRun=true')).json();
    expect(preview).toMatchObject({ format: 'geojson', written: false, dryRun: true, rows: { total: 2, created: 2 } });
    const done = await (await upload(admin, 'dryRun=false')).json();
    expect(done).toMatchObject({ written: true, rows: { created: 2 } });
    expect(await server.ctx.versions.get(m, 'addresses')).toBeGreaterThan(before);
    const items = await (await fetch(`${server.url}/${SLUG}/ogc/collections/addresses/items?street_uk=${encodeURIComponent('вулиця Завантажена')}`)).json();
    expect(items.features.map((f: any) => f.properties.house_number).sort()).toEqual(['1', '2']);
  });

  it('a registry editor may not replace the address register', async () => {
    expect((await upload(editor, 'dryRun=true')).status).toBe(403);
  });
});
