import { randomInt } from 'node:crypto';
import { recordChange } from '../audit/audit.js';
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
  /** Who adds them: an admin's user id, or null for the command line (for the audit row). */
  addedBy?: number | null;
  /** The password is a one-time one someone else saw: it must be changed at first sign-in. */
  mustChangePassword?: boolean;
}

/** A refusal of the input, naming the field it is about (login, displayName, password, roles, deputyId). */
export class UserInputError extends Error {
  constructor(message: string, readonly field: string = 'login') {
    super(message);
  }
}

function checkRoles(roles: readonly string[], deputyId: number | null | undefined): void {
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) throw new UserInputError(`roles: unknown ${unknown.join(', ')}; known: ${ROLES.join(', ')}`, 'roles');
  if (roles.includes('deputy') && !deputyId) throw new UserInputError('roles: a deputy account needs a deputy (--deputy "Name" or --district N)', 'deputyId');
}

/** Adds a person who signs in; checks what a database constraint would refuse less clearly. */
export async function createUser(db: Queryable, user: NewUser): Promise<number> {
  const login = user.login.trim().toLowerCase();
  if (!/^[a-z0-9._@-]{3,80}$/.test(login)) throw new UserInputError(`login "${user.login}": 3-80 characters of a-z 0-9 . _ @ -`, 'login');
  const badName = forbiddenCharacter(user.displayName);
  if (badName || !user.displayName.trim()) throw new UserInputError(`name: ${badName ? badName.en : 'must not be empty'}`, 'displayName');
  if (user.password.length < MIN_PASSWORD_LENGTH) throw new UserInputError(`password: at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
  checkRoles(user.roles, user.deputyId);
  const { rows: m } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [user.municipalitySlug]);
  if (!m[0]) throw new UserInputError(`municipality "${user.municipalitySlug}" does not exist`);
  if (user.deputyId) {
    const { rows } = await db.query('SELECT 1 FROM deputy WHERE id = $1 AND municipality_id = $2', [user.deputyId, m[0].id]);
    if (!rows[0]) throw new UserInputError(`deputy-id ${user.deputyId}: no such deputy in ${user.municipalitySlug}`, 'deputyId');
  }
  const { rows: taken } = await db.query('SELECT 1 FROM app_user WHERE municipality_id = $1 AND login = $2', [m[0].id, login]);
  if (taken[0]) throw new UserInputError(`login "${login}" is already taken in ${user.municipalitySlug}`, 'login');
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO app_user (municipality_id, login, display_name, password_hash, roles, deputy_id, must_change_password)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING id`,
    [m[0].id, login, user.displayName, await hashPassword(user.password), user.roles, user.deputyId ?? null, user.mustChangePassword ?? false],
  );
  const id = rows[0].id;
  await recordChange(db, {
    municipalityId: m[0].id, userId: user.addedBy ?? null, entity: 'app_user', entityId: id, action: 'create',
    after: { login, displayName: user.displayName, roles: user.roles, deputyId: user.deputyId ?? null, active: true },
  });
  if (user.deputyId) await deputyTiesChanged(db, m[0].id);
  return id;
}

/**
 * A deputy's page lists the answers given by the accounts tied to them (districts/core/answers.ts):
 * a tie made or undone changes that page, so the districts' version moves and its ETag with it.
 */
async function deputyTiesChanged(db: Queryable, municipalityId: number): Promise<void> {
  await db.query("SELECT bump_collection_versions(ARRAY[$1::int], ARRAY['districts'])", [municipalityId]);
}

/** Letters and digits a person reads off a screen without mistaking one for another (no 0/O, 1/l/I). */
const READABLE = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A password to hand over once, 16 characters in four groups: about 80 bits. */
export function oneTimePassword(): string {
  const chars = Array.from({ length: 16 }, () => READABLE[randomInt(READABLE.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export interface Account {
  id: number;
  login: string;
  displayName: string;
  roles: Role[];
  deputy: { id: number; fullName: string; districtNumber: number | null } | null;
  active: boolean;
  createdAt: string;
}

interface AccountRow { id: number; login: string; display_name: string; roles: Role[]; deputy_id: number | null; full_name: string | null; district_number: number | null; disabled: boolean; created_at: Date }

const ACCOUNT_SELECT = `SELECT u.id, u.login, u.display_name, u.roles, u.deputy_id, p.full_name, p.district_number, u.disabled, u.created_at
  FROM app_user u LEFT JOIN pub_deputies p ON p.id = u.deputy_id AND p.municipality_id = u.municipality_id`;

const toAccount = (r: AccountRow): Account => ({
  id: r.id, login: r.login, displayName: r.display_name, roles: r.roles,
  deputy: r.deputy_id === null ? null : { id: r.deputy_id, fullName: r.full_name ?? '', districtNumber: r.district_number },
  active: !r.disabled, createdAt: new Date(r.created_at).toISOString(),
});

/** The accounts of one hromada, by login: never a password hash, never another hromada's. */
export async function listAccounts(db: Queryable, municipalityId: number): Promise<Account[]> {
  const { rows } = await db.query<AccountRow>(`${ACCOUNT_SELECT} WHERE u.municipality_id = $1 ORDER BY u.login`, [municipalityId]);
  return rows.map(toAccount);
}

export async function findAccount(db: Queryable, municipalityId: number, userId: number): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(`${ACCOUNT_SELECT} WHERE u.municipality_id = $1 AND u.id = $2`, [municipalityId, userId]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export interface AccountChange {
  roles?: Role[];
  /** A deputy of the hromada to tie the account to, or null to untie it. */
  deputyId?: number | null;
  active?: boolean;
}

/** Refusals that are not about the input's form: no such account here, or a change that would lock the admin out. */
export class AccountChangeRefused extends Error {
  constructor(message: string, readonly status: 404 | 409, readonly field?: string) {
    super(message);
  }
}

/**
 * Changes an account's roles, its deputy, or whether it may sign in, as an admin of its hromada
 * (`by`), with an audit row in the same transaction. Tying a deputy gives the role 'deputy';
 * untying takes it away (a deputy account without a deputy would see nothing of its own). An admin
 * cannot take their own admin role away nor deactivate themselves: some admin must stay able to
 * undo a mistake. Deactivating ends the account's sessions at once (migration 0011's trigger).
 */
export async function changeAccount(tx: Queryable, by: { municipalityId: number; userId: number }, userId: number, change: AccountChange): Promise<Account> {
  const before = await findAccount(tx, by.municipalityId, userId);
  if (!before) throw new AccountChangeRefused('Такого облікового запису в громаді немає. No such account in this hromada.', 404);
  let roles = [...(change.roles ?? before.roles)];
  let deputyId = change.deputyId === undefined ? before.deputy?.id ?? null : change.deputyId;
  if (change.deputyId !== undefined) {
    if (deputyId === null) roles = roles.filter((r) => r !== 'deputy');
    else if (!roles.includes('deputy')) roles.push('deputy');
  }
  if (!roles.includes('deputy') && change.roles !== undefined) deputyId = null;
  roles = ROLES.filter((r) => roles.includes(r)); // known order, no repeats
  checkRoles(change.roles ?? [], deputyId);
  checkRoles(roles, deputyId);
  const active = change.active ?? before.active;
  if (userId === by.userId && !roles.includes('admin')) {
    throw new AccountChangeRefused('Не можна зняти роль адміністратора із себе: інакше нікому буде виправити помилку. You cannot remove your own admin role.', 409, 'roles');
  }
  if (userId === by.userId && !active) {
    throw new AccountChangeRefused('Не можна вимкнути власний обліковий запис. You cannot deactivate your own account.', 409, 'active');
  }
  if (deputyId !== null && deputyId !== before.deputy?.id) {
    const { rows } = await tx.query('SELECT 1 FROM deputy WHERE id = $1 AND municipality_id = $2', [deputyId, by.municipalityId]);
    if (!rows[0]) throw new UserInputError(`deputyId ${deputyId}: немає такого депутата в громаді / no such deputy in this hromada`, 'deputyId');
  }
  await tx.query('UPDATE app_user SET roles = $3::text[], deputy_id = $4, disabled = $5 WHERE id = $1 AND municipality_id = $2',
    [userId, by.municipalityId, roles, deputyId, !active]);
  const after = (await findAccount(tx, by.municipalityId, userId))!;
  const audited = (a: Account) => ({ roles: a.roles, deputyId: a.deputy?.id ?? null, deputy: a.deputy?.fullName ?? null, active: a.active });
  await recordChange(tx, { municipalityId: by.municipalityId, userId: by.userId, entity: 'app_user', entityId: userId, action: 'update', before: audited(before), after: audited(after) });
  if ((before.deputy?.id ?? null) !== deputyId) await deputyTiesChanged(tx, by.municipalityId);
  return after;
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
