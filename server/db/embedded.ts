import { mkdirSync, accessSync, constants } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DAY_ZONE, parseDate, parseInt8, parseNumeric, TYPE_OID, type Database, type Queryable } from './database.js';

export interface EmbeddedOptions {
  /** Folder that keeps the database between runs; undefined keeps it in memory. */
  dataDir?: string;
  /** A tarball from dumpDataDir() to start from (tests use it to skip migrations and seeding). */
  loadDataDir?: Blob;
}

const parsers = {
  [TYPE_OID.int8]: parseInt8,
  [TYPE_OID.numeric]: parseNumeric,
  // PGlite would turn a date into a JS Date at UTC midnight; a date is a calendar day, kept as text.
  [TYPE_OID.date]: parseDate,
};

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/** Opens the embedded PGlite+PostGIS database. The first open of a new folder unpacks PostGIS (~15 s). */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<Database & { dump(): Promise<Blob> }> {
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    accessSync(options.dataDir, constants.W_OK);
  }
  const pg = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { postgis, pg_trgm },
    parsers,
  });
  await pg.exec(`SET TimeZone = '${DAY_ZONE}'`); // one connection: the setting holds for all
  const base = wrap(pg);
  return {
    kind: 'embedded',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onNotify) {
      const unlisten = await pg.listen(channel, onNotify);
      return async () => unlisten();
    },
    close: () => pg.close(),
    async dump() {
      return (await pg.dumpDataDir('none')) as Blob;
    },
  };
}
