import { loadConfig } from '../../server/config.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import type { DestinationStream } from 'pino';
import type { TestServer } from '../support/server.js';

export interface Instance {
  url: string;
  close(): Promise<void>;
}

/**
 * One more app process's worth of server (its own context, config and listening port) over the
 * database of a running test server: what a second instance behind a load balancer is.
 */
export async function anotherInstance(server: TestServer, env: Record<string, string> = {}, log?: DestinationStream): Promise<Instance> {
  const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '', ...env });
  const ctx = await createContext(config, server.db, createLogger(config, log));
  const running = await listen(ctx, 0, '127.0.0.1');
  return {
    url: running.url,
    async close() {
      await running.close(1000);
      await ctx.versions.stop();
    },
  };
}

export const postLogin = (base: string, slug: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/${slug}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
