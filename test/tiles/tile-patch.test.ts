/**
 * An edit no longer rebuilds whole collections (issue 8): the index is patched with the features
 * the edit changed, a tile the edit touches shows it at once, a cached tile it does not touch is
 * not cut again, and the same data gives the same bytes however it was reached.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { encodeTile } from '../../tiles/encode.js';
import { LayerIndex, type LayerSpec, type SourceFeature } from '../../tiles/tile-index.js';
import { tileAt, tileBounds, tilesCovering, type TileAddress } from '../../tiles/tile-grid.js';
import { tileServiceFor } from '../../server/tiles/tile-service.js';
import { markChanged } from '../../server/catalog/changes.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

const CITY: [number, number, number, number] = [37.575, 48.83, 37.655, 48.87];
const registry: LayerSpec = { name: 'maf', minZoom: 10, maxZoom: 20, clusterBelowZoom: 14 };
const blocks: LayerSpec = { name: 'buildings', minZoom: 12, maxZoom: 20 };

function scatter(count: number): SourceFeature[] {
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i) => {
    const lon = CITY[0] + next() * (CITY[2] - CITY[0]);
    const lat = CITY[1] + next() * (CITY[3] - CITY[1]);
    const d = 0.0002;
    const geometry = i % 4 === 0
      ? { type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] }
      : { type: 'Point' as const, coordinates: [lon, lat] };
    return { type: 'Feature', id: i + 1, geometry, properties: { legality: i % 3 ? 'legal' : 'expired', levels: i % 9 } };
  });
}

/** Every tile of the city at these zooms, encoded. */
function allTiles(index: LayerIndex, zooms: number[]): Map<string, Uint8Array | null> {
  const out = new Map<string, Uint8Array | null>();
  for (const z of zooms) for (const t of tilesCovering(CITY, z)) out.set(`${z}/${t.x}/${t.y}`, encodeTile([[index.spec.name, index.getTile(z, t.x, t.y)]], 4096));
  return out;
}

describe('A patched index', () => {
  const features = scatter(3000);
  // move 5, delete 3, add 2, change a property of 4
  const moved = [11, 400, 1201, 2002, 2999];
  const deleted = [17, 1500, 2500];
  const edited = [5, 6, 7, 8];
  const added: SourceFeature[] = [
    { type: 'Feature', id: 3001, geometry: { type: 'Point', coordinates: [37.61, 48.85] }, properties: { legality: 'legal', levels: 2 } },
    { type: 'Feature', id: 3002, geometry: { type: 'Point', coordinates: [37.62, 48.851] }, properties: { legality: 'expired', levels: 1 } },
  ];
  const now = features.flatMap((f): SourceFeature[] => {
    if (deleted.includes(f.id)) return [];
    if (moved.includes(f.id)) return [{ ...f, geometry: { type: 'Point', coordinates: [37.6 + f.id / 1e5, 48.845] } }];
    if (edited.includes(f.id)) return [{ ...f, properties: { ...f.properties, legality: 'no_permit' } }];
    return [f];
  }).concat(added);
  const changedNow = now.filter((f) => [...moved, ...edited].includes(f.id) || f.id > 3000);

  test.each([['a clustered layer', registry], ['a layer of shapes', blocks]])('gives %s the very bytes of an index built afresh from the same data, tile by tile', (_name, spec) => {
    const first = new LayerIndex(spec, features);
    // two edits in a row, as two versions would come
    const step1 = first.patch([...moved, ...deleted], changedNow.filter((f) => moved.includes(f.id)));
    const step2 = step1.index!.patch([...edited, 3001, 3002], changedNow.filter((f) => !moved.includes(f.id)));
    const fresh = new LayerIndex(spec, now);
    expect(step2.index!.size).toBe(fresh.size);
    const zooms = [12, 13, 14, 15, 16];
    const patched = allTiles(step2.index!, zooms);
    const rebuilt = allTiles(fresh, zooms);
    expect([...patched.keys()]).toEqual([...rebuilt.keys()]);
    const differing = [...patched.keys()].filter((k) => Buffer.compare(Buffer.from(patched.get(k) ?? []), Buffer.from(rebuilt.get(k) ?? [])) !== 0);
    expect(differing).toEqual([]);
    // …and the dirty boxes cover the moved feature's old and new place
    const old = features.find((f) => f.id === 11)!.geometry as { coordinates: number[] };
    expect(step1.dirty.some((b) => b[0] <= old.coordinates[0] && b[2] >= old.coordinates[0] && b[1] <= old.coordinates[1] && b[3] >= old.coordinates[1])).toBe(true);
  });

  test('over many edits grows its overlay only so far, then asks for a rebuild; the tiles stay the same as built afresh', () => {
    let index = new LayerIndex(blocks, features);
    let data = features;
    let rebuilds = 0;
    for (let round = 0; round < 8; round++) {
      const ids = data.slice(round * 100, round * 100 + 100).map((f) => f.id);
      const changed = data.filter((f) => ids.includes(f.id)).map((f) => ({ ...f, properties: { ...f.properties, levels: round } }));
      data = data.map((f) => changed.find((c) => c.id === f.id) ?? f);
      const next = index.patch(ids, changed).index;
      if (!next) rebuilds++;
      index = next ?? new LayerIndex(blocks, data); // as the tile service does: from the source
    }
    expect(rebuilds).toBe(1); // 600 changed features > 512
    const a = allTiles(index, [15]);
    const b = allTiles(new LayerIndex(blocks, data), [15]);
    expect([...a].every(([k, v]) => Buffer.compare(Buffer.from(v ?? []), Buffer.from(b.get(k) ?? [])) === 0)).toBe(true);
  });
});

describe.each(backends())('Edits patch the tiles on %s', (kind) => {
  let server: TestServer;
  let slovyansk: number;
  const url = (t: TileAddress, layer = 'maf') => `${server.url}/slovyansk/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;
  const get = async (t: TileAddress, layer = 'maf') => {
    const res = await fetch(url(t, layer));
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), etag: res.headers.get('etag') };
  };
  const ids = (bytes: Uint8Array, layer = 'maf') => {
    const l = bytes.length ? new VectorTile(new PbfReader(bytes)).layers[layer] : undefined;
    return l ? Array.from({ length: l.length }, (_, i) => l.feature(i).id!) : [];
  };
  const stats = () => ({ ...tileServiceFor(server.ctx).stats });

  beforeAll(async () => {
    server = await startTestServer(kind);
    slovyansk = (await server.db.query<{ id: number }>(`SELECT id FROM municipality WHERE slug = 'slovyansk'`)).rows[0].id;
  }, 120_000);
  afterAll(() => server?.close());

  test('a moved kiosk shows in its new tile and leaves its old one; a far tile stays cached, not cut again; the index is patched, not rebuilt', async () => {
    const { rows: [kiosk] } = await server.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_maf WHERE municipality_id = $1 AND GeometryType(geom) = 'POINT' ORDER BY id LIMIT 1`, [slovyansk]);
    const home = tileAt(kiosk.lon, kiosk.lat, 16);
    const [west, south, east, north] = tileBounds(home);
    const target: [number, number] = [(west + east) / 2 + 3 * (east - west), (south + north) / 2];
    const away = tileAt(...target, 16);
    // a tile of MAFs far from both places
    const { rows: [far] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_maf WHERE municipality_id = $1 AND GeometryType(geom) = 'POINT'
       AND ST_Distance(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) > 0.05 ORDER BY id LIMIT 1`, [slovyansk, kiosk.lon, kiosk.lat]);
    const unrelated = tileAt(far.lon, far.lat, 16);

    expect(ids((await get(home)).bytes)).toContain(kiosk.id);
    const farBefore = await get(unrelated);
    expect(ids(farBefore.bytes).length).toBeGreaterThan(0);
    expect(ids((await get(away)).bytes)).not.toContain(kiosk.id);
    const before = stats();

    await server.db.query('UPDATE registry_object SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326), updated_at = now() WHERE id = $1', [kiosk.id, ...target]);
    server.ctx.versions.invalidate(slovyansk, 'maf'); // as the write core marks it (markChanged)
    server.ctx.versions.invalidate(slovyansk, 'advertising');

    const started = performance.now();
    expect(ids((await get(away)).bytes)).toContain(kiosk.id);
    const visibleMs = performance.now() - started;
    expect(ids((await get(home)).bytes)).not.toContain(kiosk.id);
    const farAfter = await get(unrelated);
    expect(Buffer.from(farAfter.bytes).equals(Buffer.from(farBefore.bytes))).toBe(true);
    expect(farAfter.etag).toBe(farBefore.etag); // the layer's version moved, but not this tile's bytes…
    expect((await fetch(url(unrelated), { headers: { 'if-none-match': farBefore.etag! } })).status).toBe(304);
    const after = stats();
    expect(after.builds - before.builds).toBe(0); // …and nothing was rebuilt
    expect(after.patches - before.patches).toBe(1);
    expect(after.kept - before.kept).toBe(1); // the far tile's bytes were kept, not cut again
    expect(after.encoded - before.encoded).toBe(2); // the two tiles the move touched
    expect(visibleMs).toBeLessThan(2000); // generous for a loaded machine; the bench measures it
  });

  test('the same data gives the same bytes: a rebuild after the rows moved on disk, by a write that changed nothing, cuts identical tiles', async () => {
    const central: TileAddress = { z: 15, x: 19806, y: 11273 };
    const list = [central, { z: 13, x: 4951, y: 2818 }, { z: 12, x: 2475, y: 1409 }];
    const first = await Promise.all(list.map((t) => get(t)));
    expect(first.some((r) => r.status === 200)).toBe(true);
    // rewrite every MAF row (new heap positions, so a scan without ORDER BY returns another order),
    // then a change that names no features (as the daily legality publisher's): a full rebuild
    await server.db.query('UPDATE registry_object SET id = id WHERE municipality_id = $1', [slovyansk]);
    await server.db.query(`SELECT bump_collection_versions(ARRAY[$1]::integer[], ARRAY['maf'])`, [slovyansk]);
    server.ctx.versions.invalidateAll();
    const buildsBefore = stats().builds;
    const second = await Promise.all(list.map((t) => get(t)));
    expect(stats().builds).toBeGreaterThan(buildsBefore);
    expect(second.map((r) => r.status)).toEqual(first.map((r) => r.status));
    for (let i = 0; i < list.length; i++) expect(Buffer.from(second[i].bytes).equals(Buffer.from(first[i].bytes))).toBe(true);
  });
  test('after an edit of a comment, a registry tile, alone or with the comments layer, still answers 304 to the ETag its client holds; the comment\'s own tile does not', async () => {
    const { rows: [comment] } = await server.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_comments WHERE municipality_id = $1 ORDER BY id LIMIT 1`, [slovyansk]);
    const { rows: [kiosk] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_maf WHERE municipality_id = $1
       AND ST_Distance(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) > 0.02 ORDER BY id LIMIT 1`, [slovyansk, comment.lon, comment.lat]);
    const registryTile = tileAt(kiosk.lon, kiosk.lat, 16);
    const commentTile = tileAt(comment.lon, comment.lat, 16);
    const held = {
      maf: await get(registryTile),
      both: await get(registryTile, 'maf,comments'),
      own: await get(commentTile, 'maf,comments'),
    };
    expect(ids(held.maf.bytes).length).toBeGreaterThan(0);
    expect(ids(held.own.bytes, 'comments')).toContain(comment.id);

    await server.db.query('UPDATE comment SET supporters = supporters + 1 WHERE id = $1', [comment.id]);
    markChanged(server.ctx.versions, slovyansk, ['comment']);

    const revalidate = (t: TileAddress, layers: string, etag: string) => fetch(url(t, layers), { headers: { 'if-none-match': etag } });
    expect((await revalidate(registryTile, 'maf', held.maf.etag!)).status).toBe(304);
    const both = await revalidate(registryTile, 'maf,comments', held.both.etag!);
    expect([both.status, both.headers.get('etag')]).toEqual([304, held.both.etag]);
    const own = await revalidate(commentTile, 'maf,comments', held.own.etag!);
    expect(own.status).toBe(200);
    expect(own.headers.get('etag')).not.toBe(held.own.etag);
  });

  test('renaming an owner patches the registry layer with its objects, not a rebuild; the renamed owner shows in its object\'s tile, other tiles answer 304', async () => {
    const { rows: [object] } = await server.db.query<{ id: number; owner_id: number; lon: number; lat: number }>(
      `SELECT p.id, p.owner_id, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM pub_maf p
       WHERE p.municipality_id = $1 AND p.owner_id IN (
         SELECT owner_id FROM registry_object WHERE owner_id IS NOT NULL GROUP BY owner_id HAVING count(*) = 1)
       ORDER BY p.id LIMIT 1`, [slovyansk]);
    const { rows: [far] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_maf WHERE municipality_id = $1
       AND ST_Distance(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) > 0.02 ORDER BY id LIMIT 1`, [slovyansk, object.lon, object.lat]);
    const own = tileAt(object.lon, object.lat, 16);
    const other = tileAt(far.lon, far.lat, 16);
    await get(own);
    const held = await get(other);
    const before = stats();

    await server.db.query(`UPDATE owner SET name = 'ТОВ «Нова назва»' WHERE id = $1`, [object.owner_id]);
    markChanged(server.ctx.versions, slovyansk, ['owner']);

    const now = await get(own);
    const layer = new VectorTile(new PbfReader(now.bytes)).layers.maf;
    const feature = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => f.id === object.id);
    expect(feature?.properties.owner_name).toBe('ТОВ «Нова назва»');
    expect((await fetch(url(other), { headers: { 'if-none-match': held.etag! } })).status).toBe(304);
    const after = stats();
    expect(after.builds - before.builds).toBe(0);
    expect(after.patches - before.patches).toBeGreaterThan(0);
  });

  test('a registry write marks only the layers that hold its objects: a kiosk maf, a billboard advertising, a terrace drawn as a footprint maf and maf_footprints; a new owner both registry layers, naming no features', async () => {
    const versions = async () => new Map((await server.db.query<{ collection: string; version: string }>(
      `SELECT collection, version::text AS version FROM collection_version WHERE municipality_id = $1 AND collection IN ('maf', 'advertising', 'maf_footprints')`,
      [slovyansk])).rows.map((r) => [r.collection, r.version]));
    const moved = async (write: () => Promise<unknown>) => {
      const before = await versions();
      await write();
      const after = await versions();
      return [...after.keys()].filter((c) => after.get(c) !== before.get(c)).sort();
    };
    const first = async (sql: string) => (await server.db.query<{ id: number }>(sql, [slovyansk])).rows[0].id;
    const point = await first(`SELECT id FROM pub_maf WHERE municipality_id = $1 AND id NOT IN (SELECT id FROM pub_maf_footprints) ORDER BY id LIMIT 1`);
    const footprint = await first(`SELECT id FROM pub_maf_footprints WHERE municipality_id = $1 ORDER BY id LIMIT 1`);
    const billboard = await first(`SELECT id FROM pub_advertising WHERE municipality_id = $1 ORDER BY id LIMIT 1`);
    const touch = (id: number) => () => server.db.query(`UPDATE registry_object SET address = address || '.' WHERE id = $1`, [id]);

    expect(await moved(touch(point))).toEqual(['maf']);
    expect(await moved(touch(billboard))).toEqual(['advertising']);
    expect(await moved(touch(footprint))).toEqual(['maf', 'maf_footprints']);
    expect(await moved(() => server.db.query(`INSERT INTO payment (municipality_id, object_id, amount_uah, paid_on) VALUES ($1, $2, 100, current_date)`, [slovyansk, footprint])))
      .toEqual(['maf', 'maf_footprints']);
    expect(await moved(() => server.db.query(`INSERT INTO owner (municipality_id, kind, name) VALUES ($1, 'legal_entity', 'ТОВ «Без об’єктів»')`, [slovyansk])))
      .toEqual(['advertising', 'maf']);
    const { rows } = await server.db.query<{ ids: number[] | null }>(
      `SELECT ids FROM collection_change WHERE municipality_id = $1 AND collection = 'maf' ORDER BY version DESC LIMIT 1`, [slovyansk]);
    expect(rows[0].ids).toEqual([]); // "none of its features", which a tile server patches as nothing, not "unknown"
  });
});
