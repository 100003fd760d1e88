import { z } from 'zod';

/**
 * Configuration, read once from the environment at start-up and checked at once: a wrong value
 * stops the server with one clear line, not a stack trace later.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL+PostGIS; absent: the embedded PGlite+PostGIS in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** Connections per app process (PostgreSQL only). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Longest a statement may run, in ms (PostgreSQL only). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Seed the two demo hromadas when the database holds none. */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** Basemap raster tiles; an empty value turns the basemap off. */
  BASEMAP_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  BASEMAP_ATTRIBUTION: z.string().default('© учасники OpenStreetMap / OpenStreetMap contributors'),
  /** Hromada the root URL / redirects to; default: the first by slug. */
  DEFAULT_MUNICIPALITY: z.string().optional(),
  /** Set when behind a reverse proxy (X-Forwarded-* headers, secure cookies). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Public base URL when behind a proxy (for OGC links); default: from the request. */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Configuration error: ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`);
  }
  return result.data;
}
