/**
 * The two references the benchmark measures our tile server against, each a bare `node:http`
 * server in a child process, answering the same tile paths (/{slug}/tiles/maf/{z}/{x}/{y}.mvt):
 *
 *   memory    the tiles' bytes from a Map: the most any Node server can do here (the ceiling);
 *   st_asmvt  PostGIS's own ST_AsMVT for each request, through a pool of 16 connections, with
 *             the same layer, properties, extent and buffer as ours: the database floor, what a
 *             minimal pg_tileserv-like server does.
 *
 * Started with REFERENCE=memory TILES_FILE=… or REFERENCE=st_asmvt DATABASE_URL=… MUNICIPALITY_ID=…
 * PROPERTIES=a,b,c VIEW=pub_maf; it sends { ready, url } over IPC.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const MVT = 'application/vnd.mapbox-vector-tile';
const TILE_PATH = /^\/[^/]+\/tiles\/[^/]+\/(\d+)\/(\d+)\/(\d+)\.mvt$/;

type Answer = (path: string) => Promise<Buffer | null | undefined> | Buffer | null | undefined;

function fromMemory(): Answer {
  const tiles = new Map<string, Buffer | null>();
  const stored = JSON.parse(readFileSync(process.env.TILES_FILE!, 'utf8')) as Record<string, string | null>;
  for (const [path, base64] of Object.entries(stored)) tiles.set(path, base64 === null ? null : Buffer.from(base64, 'base64'));
  return (path) => tiles.get(path);
}

function fromStAsMvt(): Answer {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
  const view = process.env.VIEW!;
  const properties = process.env.PROPERTIES!.split(',').filter(Boolean);
  if (![view, ...properties].every((name) => /^[a-z_][a-z0-9_]*$/.test(name))) throw new Error('VIEW and PROPERTIES must be plain SQL names');
  const sql = `SELECT ST_AsMVT(q, 'maf', 4096, 'geom', 'id') AS tile FROM (
      SELECT id, ${properties.map((p) => `${p}, `).join('')}
             ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($2, $3, $4), 4096, 64, true) AS geom
      FROM ${view}
      WHERE municipality_id = $1 AND geom && ST_Transform(ST_TileEnvelope($2, $3, $4, margin => 64.0 / 4096), 4326)
    ) q`;
  const municipalityId = Number(process.env.MUNICIPALITY_ID);
  return async (path) => {
    const m = TILE_PATH.exec(path);
    if (!m) return undefined;
    const { rows } = await pool.query<{ tile: Buffer }>(sql, [municipalityId, Number(m[1]), Number(m[2]), Number(m[3])]);
    return rows[0].tile.length ? rows[0].tile : null;
  };
}

const answer = process.env.REFERENCE === 'st_asmvt' ? fromStAsMvt() : fromMemory();

const server = createServer((req, res) => {
  Promise.resolve(answer(req.url ?? '')).then(
    (tile) => {
      if (tile === undefined) res.writeHead(404).end();
      else if (tile === null) res.writeHead(204).end();
      else res.writeHead(200, { 'Content-Type': MVT, 'Content-Length': tile.length }).end(tile);
    },
    (error: Error) => res.writeHead(500).end(error.message),
  );
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ ok: true, result: user + system });
  }
  if (message.cmd === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
// If the benchmark dies, do not outlive it.
process.on('disconnect', () => process.exit(0));
