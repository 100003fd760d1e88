/**
 * Does a CQL2 filter on legality cost more than an unfiltered page? (issue 9: before 0020 the
 * current permit was computed across every hromada on each OGC items request.)
 *
 *   BENCH_DATABASE_URL=postgres://…/empty_db BENCH_SCALE=20 npx tsx test/registry/bench-ogc.ts
 *
 * Seeds the demo at BENCH_SCALE (once; a database that already has it is reused), ANALYZEs, then
 * fetches each path 15 times through the real server and reports the median. It then times the
 * same SQL against 0006's definitions of the views (recreated under other names), so the figure
 * before the rewrite comes from the same data and machine.
 */
import { openBenchDatabase } from './bench-database.js';
import { loadConfig } from '../../server/config.js';
import { createContext, createLogger, listen } from '../../server/server.js';

const db = await openBenchDatabase();
const { rows: [{ permits, objects }] } = await db.query<{ permits: number; objects: number }>(
  'SELECT (SELECT count(*) FROM permit)::int AS permits, (SELECT count(*) FROM registry_object)::int AS objects',
);
console.log(`registry on ${db.kind}: ${objects} objects, ${permits} permits in all hromadas`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(label: string, run: () => Promise<number>) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    bytes = await run();
    times.push(performance.now() - t);
  }
  console.log(`${label.padEnd(72)} median ${median(times).toFixed(1).padStart(7)} ms  ${(bytes / 1024).toFixed(0).padStart(5)} KiB`);
}

const config = loadConfig({ LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '' });
const ctx = await createContext(config, db, createLogger(config));
const running = await listen(ctx, 0, '127.0.0.1');
const items = `${running.url}/slovyansk/ogc/collections/advertising/items`;
const filter = `filter=${encodeURIComponent("legality IN ('expired','no_permit')")}&filter-lang=cql2-text`;
for (const path of ['?limit=100', `?limit=100&${filter}`, '?limit=1000', `?limit=1000&${filter}`]) {
  await time(`OGC items ${decodeURIComponent(path)}`, async () => {
    const res = await fetch(items + path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.arrayBuffer()).byteLength;
  });
}
await running.close(100);
await ctx.versions.stop();

// The same page in SQL, over 0020's views and over 0006's (recreated as bench_* views).
await db.exec(`
  CREATE OR REPLACE VIEW bench_current_permit_0006 AS
  SELECT DISTINCT ON (p.object_id) p.* FROM permit p
  WHERE p.kind IN ('permit','passport') AND p.status NOT IN ('annulled','reissued')
  ORDER BY p.object_id, p.valid_until DESC NULLS FIRST, p.issued_on DESC NULLS LAST, p.id DESC;
  CREATE OR REPLACE VIEW bench_pub_registry_0006 AS
  SELECT o.municipality_id, o.id, t.category, o.address, w.name AS owner_name, cp.number AS permit_number,
         registry_legality(o.dismantled_on, cp.id IS NOT NULL, cp.valid_until, current_date) AS legality,
         COALESCE((SELECT sum(amount_uah) FROM payment pm WHERE pm.object_id = o.id), 0) AS revenue_total_uah, o.geom
  FROM registry_object o JOIN object_type t ON t.code = o.type_code LEFT JOIN owner w ON w.id = o.owner_id
  LEFT JOIN bench_current_permit_0006 cp ON cp.object_id = o.id;
`);
const { rows: [{ m }] } = await db.query<{ m: number }>("SELECT id AS m FROM municipality WHERE slug = 'slovyansk'");
for (const view of ['pub_registry', 'bench_pub_registry_0006']) {
  for (const where of ['', "AND legality IN ('expired','no_permit')"]) {
    await time(`SQL ${view} ${where || '(unfiltered)'} LIMIT 100`, async () => {
      const { rows } = await db.query(
        `SELECT id, address, owner_name, permit_number, legality, revenue_total_uah, ST_AsGeoJSON(geom) FROM ${view}
         WHERE municipality_id = $1 AND category = 'advertising' ${where} ORDER BY id LIMIT 100`,
        [m],
      );
      return JSON.stringify(rows).length;
    });
  }
}
await db.exec('DROP VIEW bench_pub_registry_0006; DROP VIEW bench_current_permit_0006;');
await db.close();
