import { Router, type RequestHandler, type CookieOptions } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { badRequest, serviceBusy, tooManyRequests, unauthorized } from '../errors.js';
import { recordChange } from '../audit/audit.js';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { HashGateFull, loginHashing } from './hash-gate.js';
import { createSession, endOtherSessionsOf, endSession, findSession, sweepExpiredSessions, SESSION_COOKIE } from './sessions.js';
import { requireSession } from './guards.js';
import { LoginThrottle } from './throttle.js';

/** Reads the session cookie (if any) into req.user for every request. */
export function sessionReader({ db, config }: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token.length > 0 && token.length < 200) {
      try {
        req.user = await findSession(db, token, config.SESSION_IDLE_MINUTES);
      } catch (error) {
        return next(error);
      }
    }
    next();
  };
}

const passwordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(200),
});

const loginBody = z.object({
  login: z.string().trim().toLowerCase().min(1).max(80),
  password: z.string().min(1).max(200),
});

/** The hashing queue is full: come back in a few seconds. */
export const loginBusy = () => serviceBusy('Сервер зайнятий перевіркою входів; спробуйте за кілька секунд. The server is busy checking sign-ins; try again in a few seconds.', 2);

/** /:municipality/api/auth — sign in, sign out, who am I. */
export function authRoutes({ db, config }: AppContext): Router {
  const router = Router({ mergeParams: true });
  const throttle = new LoginThrottle(db);
  const cookie = (req: { secure: boolean }): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: config.SESSION_TTL_HOURS * 3600_000,
  });

  /**
   * Sign-in, in the order that keeps it cheap to refuse: parse; 503 when the hashing queue is
   * full; count the attempt (429 past the limit, before any hashing); hash in the queue.
   */
  router.post('/login', async (req, res) => {
    // neither the session nor a refusal may be kept by a cache between the browser and us
    res.set('Cache-Control', 'no-store');
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) throw badRequest('Вкажіть логін і пароль. Provide login and password.', { field: parsed.error.issues[0].path.join('.') });
    const { login, password } = parsed.data;
    // a flood beyond the queue is turned away here, before it costs a database write
    if (loginHashing.full) throw loginBusy();
    const reservation = await throttle.reserve(req.municipality.id, login, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!reservation.allowed) {
      const minutes = Math.max(1, Math.ceil(reservation.retryAfterS / 60));
      throw tooManyRequests(`Забагато спроб входу; спробуйте за ${minutes} хв. Too many sign-in attempts; try again in ${minutes} min.`, reservation.retryAfterS);
    }
    const { rows } = await db.query<{ id: number; password_hash: string }>(
      'SELECT id, password_hash FROM app_user WHERE municipality_id = $1 AND login = $2 AND NOT disabled',
      [req.municipality.id, login],
    );
    const user = rows[0];
    let ok: boolean;
    try {
      // an unknown login is hashed too, against a decoy, so the response time does not tell
      ok = await loginHashing.run(async () => verifyPassword(password, user?.password_hash ?? (await decoyHash())));
    } catch (error) {
      if (error instanceof HashGateFull) throw loginBusy();
      throw error;
    }
    if (!user || !ok) throw unauthorized('Невірний логін або пароль. Wrong login or password.');
    await throttle.succeeded(reservation);
    await throttle.sweep();
    await sweepExpiredSessions(db, config.SESSION_IDLE_MINUTES);
    const { token } = await createSession(db, user.id, config.SESSION_TTL_HOURS);
    res.cookie(SESSION_COOKIE, token, cookie(req));
    const session = await findSession(db, token, config.SESSION_IDLE_MINUTES);
    res.json(publicSession(session!));
  });

  /**
   * A signed-in person sets a new password, proving the current one: required after a one-time
   * password (migration 0053), open to everyone. The other sessions end (what the old password
   * opened elsewhere), this one stays; an audit row says it happened, never what it is.
   */
  router.post('/password', requireSession(), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const parsed = passwordBody.safeParse(req.body);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0].path[0] ?? 'newPassword');
      throw badRequest(field === 'newPassword'
        ? `Новий пароль — щонайменше ${MIN_PASSWORD_LENGTH} символів. The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`
        : 'Вкажіть чинний пароль. Provide the current password.', { field });
    }
    const { currentPassword, newPassword } = parsed.data;
    if (newPassword === currentPassword) {
      throw badRequest('Новий пароль має відрізнятися від чинного. The new password must differ from the current one.', { field: 'newPassword' });
    }
    const user = req.user!;
    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE id = $1', [user.id]);
    let hash: string | null;
    try {
      // two scrypt hashes: through the sign-in's queue (hash-gate.ts), as a sign-in is
      hash = await loginHashing.run(async () => ((await verifyPassword(currentPassword, rows[0].password_hash)) ? hashPassword(newPassword) : null));
    } catch (error) {
      if (error instanceof HashGateFull) throw loginBusy();
      throw error;
    }
    if (!hash) throw badRequest('Чинний пароль невірний. The current password is wrong.', { field: 'currentPassword' });
    await db.transaction(async (tx) => {
      await tx.query('UPDATE app_user SET password_hash = $2, must_change_password = false WHERE id = $1', [user.id, hash]);
      await endOtherSessionsOf(tx, user.id, user.tokenHash);
      await recordChange(tx, { municipalityId: user.municipalityId, userId: user.id, entity: 'app_user', entityId: user.id, action: 'update', after: { passwordChanged: true } });
    });
    res.json(publicSession({ ...user, mustChangePassword: false }));
  });

  router.post('/logout', requireSession(), async (req, res) => {
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
    user: { id: user.id, login: user.login, displayName: user.displayName, roles: user.roles, deputyId: user.deputyId, mustChangePassword: user.mustChangePassword },
    csrfToken: user.csrfToken,
  };
}
