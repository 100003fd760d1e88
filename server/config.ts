import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Who may tell us the client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto): only
 * the proxies named here, as addresses or CIDR blocks, or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`. Express then takes the client's address as the nearest one not in
 * the list, so a client's own X-Forwarded-For line, which the proxy passes on in front of the
 * address it appends, is never believed.
 */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
const proxyList = z.string().transform((text, ctx) => {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address, a CIDR block (10.0.0.0/8) or loopback/linklocal/uniquelocal` });
      return z.NEVER;
    }
  }
  return entries;
});

/** An empty value (a blank line in an env file, `MEMORY_MB=`) is no value, not zero. */
const blankIsAbsent = <T extends z.ZodTypeAny>(type: T) => z.preprocess((v) => (v === '' ? undefined : v), type);

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
  /**
   * Memory the whole server process may hold (RSS, MB; server/memory-budget.ts): V8's heap gets half,
   * the tile indexes a sixth, an upload to import at most heap / 16. Absent: no bound but the tile
   * indexes' own.
   */
  MEMORY_MB: blankIsAbsent(z.coerce.number().int().min(256).optional()),
  /**
   * Memory the tile indexes of all hromadas may take together (estimated, MB): past it the least
   * recently used ones are dropped and rebuilt on demand (server/tiles/tile-service.ts). Default:
   * a sixth of MEMORY_MB, or 512 without it.
   */
  TILE_MEMORY_MB: blankIsAbsent(z.coerce.number().int().min(16).optional()),
  BASEMAP_ATTRIBUTION: z.string().default('© учасники OpenStreetMap / OpenStreetMap contributors'),
  /** Hromada the root URL / redirects to; default: the first by slug. */
  DEFAULT_MUNICIPALITY: z.string().optional(),
  /** Proxies whose X-Forwarded-* headers are believed (comma-separated addresses or CIDR blocks). */
  TRUSTED_PROXIES: proxyList.optional(),
  /**
   * Kept for old configurations: `true` now means only a proxy on this machine (loopback) is
   * believed, which a remote client cannot pretend to be. Ignored when TRUSTED_PROXIES is set.
   */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Public base URL when behind a proxy (for OGC links); default: from the request. */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** A session unused this long ends (touched at most once a minute, so at least 2). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(2).max(7 * 24 * 60).default(60),
  /** Mail to residents (comments): an SMTP server (smtp://user:pass@host:587); absent: .eml files in OUTBOX_DIR. */
  SMTP_URL: z.string().url().optional(),
  OUTBOX_DIR: z.string().default('./data/outbox'),
  MAIL_FROM: z.string().default('Прозоре місто <no-reply@prozore-misto.local>'),
  /** Open311 POST needs this api_key when set; absent: Open311 POST is open like the map's form. */
  OPEN311_API_KEY: z.string().min(8).optional(),
}).refine((c) => c.MEMORY_MB === undefined || c.TILE_MEMORY_MB === undefined || c.TILE_MEMORY_MB <= c.MEMORY_MB / 3, {
  // the indexes live in V8's heap, which gets half of the budget; the rest of the app needs room too
  path: ['TILE_MEMORY_MB'],
  message: 'at most a third of MEMORY_MB: the tile indexes share the heap (half of MEMORY_MB) with everything else',
});

export type Config = z.infer<typeof schema>;

/** Express's 'trust proxy' setting for the configuration: a list of proxy addresses, never `true`. */
export function trustedProxies(config: Pick<Config, 'TRUSTED_PROXIES' | 'TRUST_PROXY'>): string[] {
  if (config.TRUSTED_PROXIES) return config.TRUSTED_PROXIES;
  return config.TRUST_PROXY ? ['loopback'] : [];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Configuration error: ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`);
  }
  return result.data;
}
