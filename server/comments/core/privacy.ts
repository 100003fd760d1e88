/**
 * What the comments keep of a resident without keeping the resident:
 *  - the client's address only as an HMAC under a key of the day (Kyiv time), the keys in the
 *    database so every app process hashes alike; a key older than KEY_DAYS is deleted, and with
 *    it any way to match its hashes to an address. Enough for limits and one support per person.
 *  - the author's private link: a random token, stored as its SHA-256 (a leaked table gives no link).
 *  - a form ticket: the time the form was opened, signed with the day's key, so "sent too soon
 *    after opening" (a robot) is told without a captcha; each ticket serves one comment
 *    (spendTicket, in the comment's own transaction: a refused comment does not spend it).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../db/database.js';

/** Keys kept: today's and yesterday's (a form opened before midnight is still checked). */
const KEY_DAYS = 2;

const keys = new Map<string, string>();

/** The secret of a day, made once by whichever process asks first. */
async function keyOf(db: Queryable, day: string): Promise<string> {
  const cached = keys.get(day);
  if (cached) return cached;
  await db.query(
    `INSERT INTO comment_hash_key (day, secret) VALUES ($1::date, $2) ON CONFLICT (day) DO NOTHING`,
    [day, randomBytes(32).toString('base64url')],
  );
  const { rows } = await db.query<{ secret: string }>('SELECT secret FROM comment_hash_key WHERE day = $1::date', [day]);
  // older keys go: their hashes can no longer be matched to any address
  await db.query(`DELETE FROM comment_hash_key WHERE day < $1::date - $2::int`, [day, KEY_DAYS - 1]);
  if (keys.size > 8) keys.clear();
  keys.set(day, rows[0].secret);
  return rows[0].secret;
}

/** Today in Kyiv as YYYY-MM-DD (the day a key belongs to). */
export function kyivDay(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The keyed, rotated hash of a client's address; the address itself is never stored. */
export async function clientHash(db: Queryable, address: string): Promise<string> {
  const secret = await keyOf(db, kyivDay());
  return createHmac('sha256', secret).update(`client|${address}`).digest('base64url').slice(0, 32);
}

export const newToken = (): string => randomBytes(24).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * A ticket for a form opened now: "<ms>.<nonce>.<signature>". The nonce tells apart two forms
 * opened in the same millisecond, which a single-use ticket must (spendTicket).
 */
export async function formTicket(db: Queryable, now = Date.now()): Promise<string> {
  const secret = await keyOf(db, kyivDay(new Date(now)));
  const nonce = randomBytes(12).toString('base64url');
  return `${now}.${nonce}.${createHmac('sha256', secret).update(`ticket|${now}|${nonce}`).digest('base64url')}`;
}

export type TicketVerdict = 'ok' | 'missing' | 'forged' | 'too_soon' | 'stale';

/** Whether a ticket is ours, at least minSeconds old and at most a day old. */
export async function checkTicket(db: Queryable, ticket: unknown, minSeconds: number, now = Date.now()): Promise<TicketVerdict> {
  if (typeof ticket !== 'string' || ticket.length > 100) return 'missing';
  const m = /^(\d{10,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!m) return 'forged';
  const issued = Number(m[1]);
  if (now - issued > 24 * 3600_000 || issued > now + 60_000) return 'stale';
  const secret = await keyOf(db, kyivDay(new Date(issued)));
  const expected = Buffer.from(createHmac('sha256', secret).update(`ticket|${issued}|${m[2]}`).digest('base64url'));
  const sent = Buffer.from(m[3]);
  if (expected.length !== sent.length || !timingSafeEqual(expected, sent)) return 'forged';
  return now - issued < minSeconds * 1000 ? 'too_soon' : 'ok';
}

/** How long a spent ticket is remembered: as long as checkTicket accepts its age. */
const TICKET_HOURS = 24;

/**
 * Marks a checked ticket spent, inside the transaction that writes the comment; false when it was
 * spent already (a second comment from one opened form). Concurrent sends of one ticket meet on the
 * primary key: the second waits for the first and then finds it spent.
 */
export async function spendTicket(tx: Queryable, ticket: string): Promise<boolean> {
  const signature = ticket.slice(ticket.lastIndexOf('.') + 1);
  await tx.query(`DELETE FROM comment_ticket_spent WHERE spent_at < now() - make_interval(hours => $1)`, [TICKET_HOURS + 1]);
  const { rows } = await tx.query('INSERT INTO comment_ticket_spent (signature) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1', [signature]);
  return rows.length === 1;
}
