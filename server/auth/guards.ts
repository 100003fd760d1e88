import type { RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { AppError, forbidden, unauthorized } from '../errors.js';
import type { Role, SessionUser } from './sessions.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by sessionReader when a valid session cookie came with the request. */
      user?: SessionUser;
    }
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Requires a signed-in user of THIS hromada holding one of the roles (any role when none named).
 * A user of another hromada is refused as if they had no rights here: one hromada never edits
 * another's data. Cookie-authenticated writes must also echo the session's CSRF token.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return guard(roles, false);
}

/**
 * Any signed-in user of this hromada, even one who must still change a one-time password: for
 * signing out and changing the password, the two things such a person may do.
 */
export function requireSession(): RequestHandler {
  return guard([], true);
}

/** An account whose one-time password is still in use does nothing else (migration 0053). */
export const passwordChangeRequired = () => new AppError(403, 'PasswordChangeRequired',
  'Спершу змініть одноразовий пароль на власний. Change your one-time password first.');

function guard(roles: Role[], pendingPasswordAllowed: boolean): RequestHandler {
  return (req, _res, next) => {
    const user = req.user;
    if (!user) return next(unauthorized());
    if (user.municipalityId !== req.municipality?.id) return next(forbidden('Ви не маєте прав у цій громаді. Not allowed in this hromada.'));
    if (user.mustChangePassword && !pendingPasswordAllowed) return next(passwordChangeRequired());
    if (roles.length > 0 && !roles.some((r) => user.roles.includes(r)) && !user.roles.includes('admin')) return next(forbidden());
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.get(CSRF_HEADER) ?? '';
      if (!sameToken(sent, user.csrfToken)) return next(forbidden('Недійсний CSRF-токен. Missing or invalid CSRF token.'));
    }
    next();
  };
}
