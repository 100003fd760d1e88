/**
 * What the comments' tests share: a server with an outbox of its own and limits a test can meet,
 * a resident who fills the form (with its ticket) from an address of their choosing, and the
 * outbox's messages read back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendKind } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

export interface CommentsServer extends TestServer {
  outbox: string;
}

/** The real server; residents' addresses come from X-Forwarded-For (a proxy on loopback), the fill time is not checked. */
export async function startCommentsServer(kind: BackendKind, env: Record<string, string> = {}): Promise<CommentsServer> {
  const outbox = mkdtempSync(join(tmpdir(), 'pm-outbox-'));
  const server = await startTestServer(kind, { OUTBOX_DIR: outbox, TRUSTED_PROXIES: 'loopback', ...env });
  await server.db.query('UPDATE comment_settings SET min_fill_seconds = 0, per_client_per_hour = 1000, per_hromada_per_hour = 100000');
  return {
    ...server,
    outbox,
    async close() {
      await server.close();
      rmSync(outbox, { recursive: true, force: true });
    },
  };
}

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

/** Decodes the quoted-printable or base64 body nodemailer wrote. */
function bodyOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** The outbox's messages, oldest first. */
export function readOutbox(dir: string): Mail[] {
  return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((file) => {
    const raw = readFileSync(join(dir, file), 'utf8');
    const header = (name: string) => {
      const m = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw.split(/\r?\n\r?\n/)[0]);
      return m ? decodeHeader(m[1].replace(/\r?\n[ \t]/g, ' ')) : '';
    };
    return { file, to: header('To'), subject: header('Subject'), text: bodyOf(raw) };
  });
}

export interface Resident {
  address: string;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Opens the form (its ticket) and sends a comment; the answer's JSON. */
  comment(slug: string, body: Record<string, unknown>): Promise<Response>;
}

let addresses = 0;

/** A resident at an address of their own (203.0.113.x, TEST-NET-3). */
export function resident(server: TestServer, address = `203.0.113.${(++addresses % 250) + 1}`): Resident {
  const headers = (extra: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...extra });
  const self: Resident = {
    address,
    post: (path, body, extra) => fetch(`${server.url}${path}`, {
      method: 'POST', headers: { ...headers(extra), 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
    }),
    get: (path, extra) => fetch(`${server.url}${path}`, { headers: headers(extra) }),
    async comment(slug, body) {
      const form = (await (await self.get(`/${slug}/api/comments/form`)).json()) as { ticket: string };
      return self.post(`/${slug}/api/comments`, { ticket: form.ticket, ...body });
    },
  };
  return self;
}

/** A point inside a hromada and the first registry object of a legality, from the database. */
export async function placeIn(server: TestServer, slug: string): Promise<{ lon: number; lat: number; municipalityId: number }> {
  const { rows } = await server.db.query<{ lon: number; lat: number; id: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat, id FROM (SELECT ST_PointOnSurface(boundary) AS p, id FROM municipality WHERE slug = $1) s`, [slug]);
  return { lon: rows[0].lon, lat: rows[0].lat, municipalityId: rows[0].id };
}

export async function kioskWithout(server: TestServer, slug: string, legality = 'no_permit'): Promise<{ id: number; lon: number; lat: number }> {
  const { rows } = await server.db.query<{ id: number; lon: number; lat: number }>(
    `SELECT r.id, ST_X(ST_PointOnSurface(r.geom)) AS lon, ST_Y(ST_PointOnSurface(r.geom)) AS lat
     FROM pub_maf r JOIN municipality m ON m.id = r.municipality_id
     WHERE m.slug = $1 AND r.legality = $2 AND r.type_code = 'kiosk' ORDER BY r.id LIMIT 1`, [slug, legality]);
  return rows[0];
}
