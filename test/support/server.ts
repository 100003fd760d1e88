import type { AppContext } from '../../server/context.js';
import type { Database } from '../../server/db/database.js';
import { loadConfig } from '../../server/config.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import type { BackendKind } from './backends.js';
import { openTestDatabase } from './database.js';
import { TEST_PASSWORD } from './template.js';

export interface TestServer {
  url: string;
  db: Database;
  ctx: AppContext;
  close(): Promise<void>;
}

/** The real server, in-process on a free port, over a test database of its own. */
export async function startTestServer(kind: BackendKind, env: Record<string, string> = {}): Promise<TestServer> {
  const db = await openTestDatabase(kind);
  const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '', ...env });
  const ctx = await createContext(config, db, createLogger(config));
  const running = await listen(ctx, 0, '127.0.0.1');
  return {
    url: running.url,
    db,
    ctx,
    async close() {
      await running.close(1000);
      await ctx.versions.stop();
      await db.close();
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  /** fetch with the session cookie and, for writes, the CSRF header. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Signs in as one of the test accounts (see template.ts) of a hromada. */
export async function signIn(server: TestServer, slug: string, login: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await fetch(`${server.url}/${slug}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${login}@${slug} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    fetch: (path, init = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) },
      }),
  };
}
