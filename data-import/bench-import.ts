/**
 * How fast the registry import is: `npx tsx data-import/bench-import.ts [--rows 100000]
 * [--embedded] [--postgres postgres://…] [--first-only]`.
 *
 * Makes a department-style file (Windows-1251, ';', decimal commas, dd.mm.yyyy, X/Y in
 * EPSG:6387, 2,000 owners) of N rows inside Slovyansk, and imports it into a fresh database of
 * its own (a temporary folder for the embedded engine; a temporary database on the PostgreSQL
 * server, dropped afterwards): first a dry run, then the import (every row new), then the same
 * file again (every row unchanged), then a file with one row in ten changed. Prints the time of
 * each phase, this process's CPU time (for the embedded engine that includes the database's
 * work; for PostgreSQL only the Node side), the heap, and the machine's load average, as a table
 * per engine. Not a test: the numbers depend on the machine and on what else runs on it.
 *
 * With --postgres it first times the reference (issue 9: a first import at most 3× it): the same
 * rows as a CSV ogr2ogr reads, `ogr2ogr -f PostgreSQL` into a scratch table on the same server,
 * then the indexes our tables keep on that data built there; it prints our first import ÷ that.
 * --first-only runs the first import alone; --write-ogr-csv FILE only writes the CSV; --keep leaves
 * the PostgreSQL database in place (its name is printed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import pg from 'pg';
import proj4 from 'proj4';
import type { Database } from '../server/db/database.js';
import { openEmbedded } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { openPostgres } from '../server/db/postgres.js';
import { edrpouCheckDigit } from '../server/rules/edrpou.js';
import { crsByName } from '../server/ogc/crs.js';
import { seedDemo } from './demo/index.js';
import { importRegistry } from './registry/import.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    embedded: { type: 'boolean', default: false },
    postgres: { type: 'string' },
    // only the first import (no dry run, no re-imports): for measuring while changing the import
    'first-only': { type: 'boolean', default: false },
    // keep the ogr2ogr CSV in this file (to try ogr2ogr by hand)
    'write-ogr-csv': { type: 'string' },
    // leave the PostgreSQL database in place afterwards (to look at a statement's plan by hand)
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const engines: ('embedded' | 'postgres')[] = [];
if (args.embedded || !args.postgres) engines.push('embedded');
if (args.postgres) engines.push('postgres');

/** Deterministic records of `rows` rows in the department's spelling; `changedEvery` > 0 alters every n-th row's fee. */
function departmentRecords(rows: number, changedEvery = 0): string[][] {
  const toLocal = proj4('+proj=longlat +datum=WGS84 +no_defs', crsByName('EPSG:6387')!.proj4);
  let seed = 20160101;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const decimal = (v: number, digits: number) => v.toFixed(digits).replace('.', ',');
  const day = (y: number, m: number, d: number) => `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
  const types = ['Кіоск', 'Павільйон', 'Білборд', 'Сітілайт', 'Тумба', 'Торговельний автомат'];
  const records = [DEPARTMENT_HEADER];
  for (let i = 0; i < rows; i++) {
    // within 2.5 km of the centre of Slovyansk: inside the demo hromada
    const r = 2500 * Math.sqrt(random());
    const a = 2 * Math.PI * random();
    const [x, y] = toLocal.forward([37.617 + (r * Math.cos(a)) / 73_300, 48.853 + (r * Math.sin(a)) / 111_200]);
    const owner = i % 2000;
    const first7 = String(3_100_000 + owner);
    const year = 2020 + (i % 6);
    const fee = 500 + (i % 400) * 10 + (changedEvery > 0 && i % changedEvery === 0 ? 1 : 0);
    records.push([
      `БЕНЧ-${String(i + 1).padStart(6, '0')}`, types[i % types.length], `вул. Тестова, ${1 + (i % 300)}`,
      `ТОВ «Власник ${owner + 1}»`, first7 + edrpouCheckDigit(first7), `Д-${i + 1}/${year}`,
      day(year, 1 + (i % 12), 1 + (i % 28)), day(year, 1 + (i % 12), 1 + (i % 28)), day(year + 5, 1 + (i % 12), 1 + (i % 28)),
      decimal(1 + (i % 6), 2), decimal(2 + (i % 3), 2), i % 3 === 0 ? 'так' : 'ні', decimal(fee, 2),
      decimal(x, 2), decimal(y, 2),
    ]);
  }
  return records;
}

const DEPARTMENT_HEADER = ['Обліковий номер', 'Тип', 'Адреса', 'Власник', 'ЄДРПОУ', 'Номер дозволу', 'Дата видачі', 'Чинний з', 'Чинний до', 'Ширина', 'Висота', 'Освітлення', 'Плата за місяць', 'X', 'Y'];

/** The department's file: Windows-1251, ';', decimal commas, dd.mm.yyyy. */
function departmentFile(rows: number, changedEvery = 0): Buffer {
  return iconv.encode(departmentRecords(rows, changedEvery).map((r) => r.join(';')).join('\r\n') + '\r\n', 'win1251');
}

/**
 * The same rows as a CSV ogr2ogr reads without help: UTF-8, ',', decimal points, ISO dates,
 * English column names; X/Y stay in EPSG:6387 so ogr2ogr reprojects as our import does.
 */
const OGR_HEADER = ['external_id', 'type', 'address', 'owner_name', 'edrpou', 'permit_number', 'issued_on', 'valid_from', 'valid_until', 'width_m', 'height_m', 'lighting', 'monthly_fee_uah', 'X', 'Y'];
function ogrCsv(rows: number): string {
  const iso = (d: string) => d.replace(/^(\d\d)\.(\d\d)\.(\d{4})$/, '$3-$2-$1');
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const records = departmentRecords(rows).slice(1).map((r) => r.map((v, i) => (
    i >= 6 && i <= 8 ? iso(v) : i >= 9 && i !== 11 ? v.replace(',', '.') : i === 11 ? String(v === 'так') : cell(v))));
  return [OGR_HEADER, ...records].map((r) => r.join(',')).join('\n') + '\n';
}

/**
 * The indexes our tables keep on what an import writes (migrations 0003, 0007, 0023, 0038 …), built
 * on ogr2ogr's one table: what a plain load would need to answer the same queries. The three GiST
 * indexes are registry_object's: the geometry, the point the point layers show, the footprints.
 */
const OGR_INDEXES = [
  'CREATE INDEX ON ogr_bench USING gist (geom)',
  `CREATE INDEX ON ogr_bench USING gist ((CASE WHEN GeometryType(geom) = 'POINT' THEN geom ELSE ST_PointOnSurface(geom) END))`,
  `CREATE INDEX ON ogr_bench USING gist ((ST_Multi(geom))) WHERE GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON')`,
  'CREATE UNIQUE INDEX ON ogr_bench (external_id)',
  'CREATE INDEX ON ogr_bench (type)',
  'CREATE INDEX ON ogr_bench (owner_name)',
  'CREATE INDEX ON ogr_bench (permit_number)',
  'CREATE INDEX ON ogr_bench (ogc_fid, valid_until DESC NULLS FIRST, issued_on DESC NULLS LAST)',
  'CREATE INDEX ON ogr_bench USING gin (address gin_trgm_ops)',
  'CREATE INDEX ON ogr_bench USING gin (permit_number gin_trgm_ops)',
  'CREATE INDEX ON ogr_bench USING gin (owner_name gin_trgm_ops)',
];

/** ogr2ogr's load of the same rows into a scratch table on the same server, then the same indexes. */
async function ogr2ogrSide(db: Database, connectionString: string): Promise<{ loadMs: number; indexMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pm-bench-ogr-'));
  try {
    const csv = join(dir, 'bench.csv');
    writeFileSync(csv, ogrCsv(ROWS));
    const u = new URL(connectionString);
    const pgSource = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username)}` +
      (u.password ? ` password=${decodeURIComponent(u.password)}` : '');
    const t0 = performance.now();
    execFileSync('ogr2ogr', [
      '-f', 'PostgreSQL', pgSource, csv, '-nln', 'ogr_bench', '-overwrite',
      '-oo', 'X_POSSIBLE_NAMES=X', '-oo', 'Y_POSSIBLE_NAMES=Y', '-oo', 'AUTODETECT_TYPE=YES',
      // as a user types it; PROJ then picks its transformation (3× faster here than our proj4
      // string with its datum shift, so the reference is the stricter one)
      '-s_srs', 'EPSG:6387', '-t_srs', 'EPSG:4326',
      '-lco', 'GEOMETRY_NAME=geom', '-lco', 'SPATIAL_INDEX=NONE',
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    const t1 = performance.now();
    for (const sql of OGR_INDEXES) await db.exec(sql);
    const t2 = performance.now();
    const { rows: [{ n }] } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM ogr_bench');
    if (n !== ROWS) throw new Error(`ogr2ogr loaded ${n} rows of ${ROWS}`);
    await db.exec('DROP TABLE ogr_bench');
    return { loadMs: t1 - t0, indexMs: t2 - t1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function freshDatabase(engine: 'embedded' | 'postgres'): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  if (engine === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'pm-bench-import-'));
    const db = await openEmbedded({ dataDir: dir });
    return { db, drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `pm_bench_import_${process.pid}`;
  const admin = (url: string) => { const u = new URL(url); u.pathname = '/postgres'; return u.toString(); };
  const withName = (url: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
  const client = new pg.Client({ connectionString: admin(args.postgres!) });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name}`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const db = await openPostgres({ connectionString: withName(args.postgres!), statementTimeoutMs: 600_000 });
  return {
    db,
    url: withName(args.postgres!),
    drop: async () => {
      await db.close();
      if (args.keep) {
        process.stderr.write(`kept the database ${name}\n`);
        return;
      }
      const c = new pg.Client({ connectionString: admin(args.postgres!) });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

if (args['write-ogr-csv']) {
  writeFileSync(args['write-ogr-csv'], ogrCsv(ROWS));
  process.exit(0);
}
const file = departmentFile(ROWS);
const changed = departmentFile(ROWS, 10);
process.stderr.write(`File: ${ROWS} rows, ${mb(file.length)} (Windows-1251, ';', EPSG:6387); ${cpus().length} CPUs\n`);

// PostgreSQL first, when asked for: its ogr2ogr figures are the reference for both engines.
engines.reverse();
let ogr: { loadMs: number; indexMs: number } | undefined;
for (const engine of engines) {
  process.stderr.write(`\n${engine}: preparing a fresh database (migrations, demo Slovyansk) …\n`);
  const { db, url, drop } = await freshDatabase(engine);
  try {
    await migrate(db);
    await seedDemo(db, { seed: 1, slugs: ['slovyansk'] });
    // ogr2ogr writes to PostgreSQL only: the embedded engine's figures are set against the
    // PostgreSQL server's ogr2ogr when both run.
    if (url) ogr = await ogr2ogrSide(db, url);
    const allRuns: [string, Buffer, boolean][] = [
      ['dry run (all new)', file, true], ['import (all new)', file, false],
      ['same file again (all unchanged)', file, false], ['1 row in 10 changed', changed, false],
    ];
    const runs = args['first-only'] ? allRuns.slice(1, 2) : allRuns;
    let firstImportMs = 0;
    console.log(`\n${engine}, ${ROWS} rows`);
    console.log('run                              total  read+check  stage  boundary   write  node CPU  created  updated  unchanged  rejected   heap  load');
    for (const [label, input, dryRun] of runs) {
      const load = loadavg()[0];
      const cpu = process.cpuUsage();
      const report = await importRegistry(db, { municipalitySlug: 'slovyansk', input, fileName: 'bench.csv', crs: 'EPSG:6387', dryRun });
      const used = process.cpuUsage(cpu);
      const t = report.timings;
      const s = (ms: number, width = 8) => `${(ms / 1000).toFixed(2)} s`.padStart(width);
      const n = (v: number, width: number) => String(v).padStart(width);
      console.log(
        `${label.padEnd(32)}${s(t.totalMs)}${s(t.readMs, 12)}${s(t.stageMs)}${s(t.checkMs, 10)}${s(t.writeMs)}${s((used.user + used.system) / 1000, 10)}` +
        `${n(report.rows.created, 9)}${n(report.rows.updated, 9)}${n(report.rows.unchanged, 11)}${n(report.rows.rejected, 10)}` +
        `${mb(process.memoryUsage().heapUsed).padStart(7)}${load.toFixed(1).padStart(6)}`,
      );
      if (report.problems.length > 0) console.log(`  first problem: line ${report.problems[0].line}: ${report.problems[0].en}`);
      if (label === 'import (all new)') firstImportMs = t.totalMs;
    }
    if (ogr) {
      const reference = ogr.loadMs + ogr.indexMs;
      console.log(`ogr2ogr (PostgreSQL) ${(ogr.loadMs / 1000).toFixed(2)} s + the same indexes ${(ogr.indexMs / 1000).toFixed(2)} s = ${(reference / 1000).toFixed(2)} s;` +
        ` our first import / that = ${(firstImportMs / reference).toFixed(2)}×`);
    }
  } finally {
    await drop();
  }
}
