/**
 * The accounts API of a hromada's admins (server/auth/account-routes.ts), through the session:
 * the cookie and the CSRF token go with every request; a refusal is an ApiError with its field.
 */
import type { Session } from '../auth/session.js';

export type Role = 'admin' | 'registry_editor' | 'moderator' | 'deputy' | 'accessibility_editor' | 'official';

export interface Account {
  id: number;
  login: string;
  displayName: string;
  roles: Role[];
  deputy: { id: number; fullName: string; districtNumber: number | null } | null;
  active: boolean;
  createdAt: string;
}

export interface DeputyChoice {
  id: number;
  fullName: string;
  districtNumber: number | null;
  faction: string | null;
}

export interface NewAccount {
  login: string;
  displayName: string;
  /** Absent: the server makes a one-time password and answers it once. */
  password?: string;
  roles: Role[];
  deputyId: number | null;
}

export class AccountsApi {
  constructor(private readonly session: Session) {}

  async list(): Promise<Account[]> {
    return (await this.session.request<{ users: Account[] }>('GET', '/api/admin/users')).users;
  }

  async deputies(q: string): Promise<DeputyChoice[]> {
    return (await this.session.request<{ deputies: DeputyChoice[] }>('GET', `/api/admin/users/deputies?q=${encodeURIComponent(q)}`)).deputies;
  }

  create(account: NewAccount): Promise<{ user: Account; oneTimePassword?: string }> {
    return this.session.request('POST', '/api/admin/users', account);
  }

  async change(id: number, change: { roles?: Role[]; deputyId?: number | null; active?: boolean }): Promise<Account> {
    return (await this.session.request<{ user: Account }>('PATCH', `/api/admin/users/${id}`, change)).user;
  }
}
