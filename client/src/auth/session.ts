/**
 * Who is signed in to this hromada, and the one way the client talks to the hromada's API: JSON in
 * and out, the session cookie sent by the browser, the session's CSRF token echoed on every write
 * (server/auth/guards.ts refuses a write without it). A refusal becomes an ApiError carrying the
 * server's problem document (RFC 9457), so a form can put a 400's `field` beside that field and a
 * conflict screen can read a 409's `changes`.
 */

export interface User {
  id: number;
  login: string;
  displayName: string;
  roles: string[];
  /** Signed in with a one-time password: the server allows nothing but changing it. */
  mustChangePassword?: boolean;
}

/** One failing field of a 400, as server/registry/validation.ts lists them. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The problem document: detail, code, field, errors, and a 409's changes and current record. */
    readonly problem: Record<string, unknown>,
  ) {
    super(typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`);
  }

  get fields(): FieldProblem[] {
    const errors = Array.isArray(this.problem.errors) ? (this.problem.errors as FieldProblem[]) : [];
    if (errors.length) return errors;
    return typeof this.problem.field === 'string' ? [{ field: this.problem.field, message: this.message }] : [];
  }
}

type Listener = (user: User | null) => void;

export class Session {
  private current: User | null = null;
  private csrfToken = '';
  private readonly listeners = new Set<Listener>();

  constructor(readonly municipality: string) {}

  get user(): User | null {
    return this.current;
  }

  /** Registry editors and admins edit the registry (the server's requireRole('registry_editor')). */
  get canSurveyAccessibility(): boolean {
    return !!this.current && (this.current.roles.includes('accessibility_editor') || this.current.roles.includes('admin'));
  }

  get canEditRegistry(): boolean {
    return !!this.current && (this.current.roles.includes('registry_editor') || this.current.roles.includes('admin'));
  }

  onChange(listener: Listener): void {
    this.listeners.add(listener);
  }

  private set(user: User | null, csrfToken: string | undefined): void {
    this.current = user;
    this.csrfToken = csrfToken ?? '';
    for (const listener of this.listeners) listener(user);
  }

  /** Reads the session the cookie names, if any (a reload keeps an editor signed in). */
  async restore(): Promise<void> {
    try {
      const body = await this.request<{ user: User | null; csrfToken?: string }>('GET', '/api/auth/session');
      this.set(body.user, body.csrfToken);
    } catch {
      this.set(null, undefined);
    }
  }

  async signIn(login: string, password: string): Promise<User> {
    const body = await this.request<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { login, password });
    this.set(body.user, body.csrfToken);
    return body.user;
  }

  /** Sets a new password, proving the current one; the server ends the person's other sessions. */
  async changePassword(currentPassword: string, newPassword: string): Promise<User> {
    const body = await this.request<{ user: User; csrfToken: string }>('POST', '/api/auth/password', { currentPassword, newPassword });
    this.set(body.user, body.csrfToken);
    return body.user;
  }

  async signOut(): Promise<void> {
    try {
      await this.request('POST', '/api/auth/logout');
    } finally {
      this.set(null, undefined);
    }
  }

  /**
   * A request to /{municipality}{path}. `body` is sent as JSON, or as it is when it is a Blob or
   * an ArrayBuffer (a photo, a spreadsheet) with `contentType`.
   */
  async request<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let payload: BodyInit | undefined;
    if (body instanceof Blob || body instanceof ArrayBuffer) {
      payload = body;
      headers['content-type'] = contentType ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`/${encodeURIComponent(this.municipality)}${path}`, {
      method, headers, body: payload, credentials: 'same-origin', cache: 'no-store',
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { detail: text.slice(0, 300) };
    }
    if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Record<string, unknown>);
    return parsed as T;
  }
}
