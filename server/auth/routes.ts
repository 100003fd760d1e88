import { Router, type RequestHandler, type CookieOptions } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, badRequest, unauthorized } from '../errors.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { createSession, endSession, findSession, sweepExpiredSessions, SESSION_COOKIE } from './sessions.js';
import { requireRole } from './guards.js';
import { LoginThrottle } from './throttle.js';

/** Reads the session cookie (if any) into req.user for every request. */
export function sessionReader({ db }: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token.length > 0 && token.length < 200) {
      try {
        req.user = await findSession(db, token);
      } catch (error) {
        return next(error);
      }
    }
    next();
  };
}

const loginBody = z.object({
  login: z.string().trim().toLowerCase().min(1).max(80),
  password: z.string().min(1).max(200),
});

/** /:municipality/api/auth — sign in, sign out, who am I. */
export function authRoutes({ db, config }: AppContext): Router {
  const router = Router({ mergeParams: true });
  const throttle = new LoginThrottle();
  const cookie = (req: { secure: boolean }): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: config.SESSION_TTL_HOURS * 3600_000,
  });

  router.post('/login', async (req, res) => {
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) throw badRequest('Вкажіть логін і пароль. Provide login and password.', { field: parsed.error.issues[0].path.join('.') });
    const { login, password } = parsed.data;
    const key = `${req.ip}|${req.municipality.id}|${login}`;
    if (throttle.blocked(key)) {
      throw new AppError(429, 'TooManyAttempts', 'Забагато спроб входу; спробуйте за 15 хвилин. Too many sign-in attempts; try again in 15 minutes.');
    }
    const { rows } = await db.query<{ id: number; password_hash: string }>(
      'SELECT id, password_hash FROM app_user WHERE municipality_id = $1 AND login = $2 AND NOT disabled',
      [req.municipality.id, login],
    );
    const user = rows[0];
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    if (!user || !ok) {
      throttle.fail(key);
      throw unauthorized('Невірний логін або пароль. Wrong login or password.');
    }
    throttle.succeed(key);
    await sweepExpiredSessions(db);
    const { token } = await createSession(db, user.id, config.SESSION_TTL_HOURS);
    res.cookie(SESSION_COOKIE, token, cookie(req));
    const session = await findSession(db, token);
    res.json(publicSession(session!));
  });

  router.post('/logout', requireRole(), async (req, res) => {
    await endSession(db, req.user!.tokenHash);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/session', (req, res) => {
    res.set('Cache-Control', 'no-store');
    const user = req.user;
    if (!user || user.municipalityId !== req.municipality.id) {
      res.json({ user: null });
      return;
    }
    res.json(publicSession(user));
  });

  return router;
}

function publicSession(user: NonNullable<Express.Request['user']>) {
  return {
    user: { id: user.id, login: user.login, displayName: user.displayName, roles: user.roles, deputyId: user.deputyId },
    csrfToken: user.csrfToken,
  };
}
