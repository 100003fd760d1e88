import pg from 'pg';
import { DAY_ZONE, parseDate, parseInt8, parseNumeric, TYPE_OID, type Database, type Queryable } from './database.js';

export interface PostgresOptions {
  connectionString: string;
  /** Pool size per app process. */
  max?: number;
  /** Longest a statement may run, so a slow request cannot hold a connection forever. */
  statementTimeoutMs?: number;
}

const typeParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OID.int8]: parseInt8,
  [TYPE_OID.numeric]: parseNumeric,
  [TYPE_OID.date]: parseDate,
};

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** Opens a pool on PostgreSQL+PostGIS and proves it answers before returning. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    connectionTimeoutMillis: 10_000,
    // JIT compilation costs 60-100 ms on the registry's sorts and exports and never pays back
    // on these short OLTP-sized queries. The zone: see DAY_ZONE in database.ts.
    options: `-c jit=off -c timezone=${DAY_ZONE}`,
    types,
  });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const base = wrap(pool);
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let listener: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;

  // One dedicated connection carries every LISTEN. If it drops (a PostgreSQL restart, a
  // failover), it is re-opened with backoff and every handler hears '*': notifications may have
  // been missed meanwhile, so whatever they keep fresh must be refreshed wholesale.
  const connectListener = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: options.connectionString });
    client.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    const reconnect = () => {
      if (closed || listener !== client) return;
      listener = undefined;
      client.end().catch(() => {});
      const retry = (delay: number) =>
        setTimeout(() => {
          if (closed) return;
          connectListener()
            .then((fresh) => {
              listener = fresh;
              for (const set of handlers.values()) for (const handler of set) handler('*');
            })
            .catch(() => retry(Math.min(delay * 2, 30_000)));
        }, delay).unref();
      retry(500);
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    await client.connect();
    for (const channel of handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return client;
  };

  return {
    kind: 'postgres',
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      let set = handlers.get(channel);
      const isNew = !set;
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(onNotify);
      if (!listener) {
        connecting ??= connectListener().finally(() => (connecting = undefined));
        listener = await connecting; // LISTENs every channel known, this one included
      } else if (isNew) {
        await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      return async () => {
        set!.delete(onNotify);
      };
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
}
