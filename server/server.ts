import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createApp } from './app.js';
import { tileFastPath } from './tiles/fast-path.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import type { Database } from './db/database.js';
import { MunicipalityDirectory } from './municipalities/directory.js';
import { CATALOG, type Catalog } from './catalog/catalog.js';
import { DatabaseDay } from './catalog/today.js';
import { CollectionVersions } from './catalog/versions.js';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return pino({ level: config.LOG_LEVEL, base: undefined, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
    // the addresses a proxy forwards are as personal as the socket's (issue 12: never stored raw)
    'req.headers["x-forwarded-for"]', 'req.headers["x-real-ip"]', 'req.headers.forwarded', 'req.headers["cf-connecting-ip"]'] }, destination);
}

export interface ContextOptions {
  /** The collections to serve; default the product's catalog (a test adds a throw-away one). */
  catalog?: Catalog;
}

/** Builds the context over an open, migrated database. */
export async function createContext(config: Config, db: Database, logger: Logger, { catalog = CATALOG }: ContextOptions = {}): Promise<AppContext> {
  const municipalities = new MunicipalityDirectory(db);
  await municipalities.reload();
  await db.listen('municipality_changed', () => {
    municipalities.reload().catch((err) => logger.error({ err }, 'reloading municipalities failed'));
  });
  const versions = new CollectionVersions(db);
  await versions.start();
  return { config, db, logger, municipalities, catalog, versions, today: new DatabaseDay(db) };
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops taking connections, lets in-flight requests finish (up to graceMs), then resolves. */
  close(graceMs?: number): Promise<void>;
}

export class PortInUseError extends Error {}

export async function listen(ctx: AppContext, port = ctx.config.PORT, host = ctx.config.HOST): Promise<RunningServer> {
  // Well-formed tile requests skip the Express stack (see tiles/fast-path.ts and `npm run bench`).
  const server = createServer(tileFastPath(ctx, createApp(ctx)));
  // Keep idle connections longer than clients and proxies do (Node's fetch and nginx reuse them
  // for ~4-60 s), so a client never writes into a socket the server is just closing. A graceful
  // shutdown closes idle ones at once (close() below).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`Port ${port} is already in use; stop the other program or set PORT.`) : error),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
