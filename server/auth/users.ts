import type { Queryable } from '../db/database.js';
import { forbiddenCharacter } from '../rules/text.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import { endSessionsOf, ROLES, type Role } from './sessions.js';

export interface NewUser {
  municipalitySlug: string;
  login: string;
  displayName: string;
  password: string;
  roles: Role[];
  deputyId?: number | null;
}

export class UserInputError extends Error {}

/** Adds a person who signs in; checks what a database constraint would refuse less clearly. */
export async function createUser(db: Queryable, user: NewUser): Promise<number> {
  const login = user.login.trim().toLowerCase();
  if (!/^[a-z0-9._@-]{3,80}$/.test(login)) throw new UserInputError(`login "${user.login}": 3-80 characters of a-z 0-9 . _ @ -`);
  const badName = forbiddenCharacter(user.displayName);
  if (badName || !user.displayName.trim()) throw new UserInputError(`name: ${badName ? badName.en : 'must not be empty'}`);
  if (user.password.length < MIN_PASSWORD_LENGTH) throw new UserInputError(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  const unknown = user.roles.filter((r) => !ROLES.includes(r));
  if (unknown.length) throw new UserInputError(`roles: unknown ${unknown.join(', ')}; known: ${ROLES.join(', ')}`);
  if (user.roles.includes('deputy') && !user.deputyId) throw new UserInputError('roles: a deputy account needs --deputy-id');
  const { rows: m } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [user.municipalitySlug]);
  if (!m[0]) throw new UserInputError(`municipality "${user.municipalitySlug}" does not exist`);
  if (user.deputyId) {
    const { rows } = await db.query('SELECT 1 FROM deputy WHERE id = $1 AND municipality_id = $2', [user.deputyId, m[0].id]);
    if (!rows[0]) throw new UserInputError(`deputy-id ${user.deputyId}: no such deputy in ${user.municipalitySlug}`);
  }
  const { rows: taken } = await db.query('SELECT 1 FROM app_user WHERE municipality_id = $1 AND login = $2', [m[0].id, login]);
  if (taken[0]) throw new UserInputError(`login "${login}" is already taken in ${user.municipalitySlug}`);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO app_user (municipality_id, login, display_name, password_hash, roles, deputy_id)
     VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING id`,
    [m[0].id, login, user.displayName, await hashPassword(user.password), user.roles, user.deputyId ?? null],
  );
  return rows[0].id;
}

/**
 * Disables a person: they can no longer sign in, and every session they hold ends now (a stolen
 * or forgotten session must not outlive the decision). False when there is no such account.
 */
export async function disableUser(db: Queryable, municipalitySlug: string, login: string): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE app_user SET disabled = true
     WHERE login = $2 AND municipality_id = (SELECT id FROM municipality WHERE slug = $1)
     RETURNING id`,
    [municipalitySlug, login.trim().toLowerCase()],
  );
  if (!rows[0]) return false;
  await endSessionsOf(db, rows[0].id); // the trigger did it already; this keeps it true without the trigger
  return true;
}
