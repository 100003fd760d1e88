/**
 * /:municipality/api/admin/users — a hromada's accounts, for its admins only (requireRole('admin')
 * refuses everyone else, and an admin of another hromada as if they had no rights here):
 *
 *   GET   /                  the accounts: login, name, roles, the tied deputy, active
 *   POST  /                  a new account (createUser, the CLI's write path); without a password a
 *                            one-time password is made and answered once, never stored in clear
 *   PATCH /:id               roles, the deputy (null unties), active (false ends their sessions)
 *   GET   /deputies?q=       the current council's deputies whose name contains q, with district numbers
 *
 * Every change is audited (users.ts). Answers are private: no cache keeps them.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { findDeputies } from '../districts/core/districts.js';
import { electionFor } from '../districts/core/elections.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { parseInput, pathId } from '../registry/validation.js';
import { requireRole } from './guards.js';
import { HashGateFull, loginHashing } from './hash-gate.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { ROLES, type Role } from './sessions.js';
import { AccountChangeRefused, changeAccount, createUser, findAccount, listAccounts, oneTimePassword, UserInputError } from './users.js';

const role = z.enum(ROLES as [Role, ...Role[]]);
const newAccount = z.object({
  login: z.string().trim().min(3).max(80),
  displayName: z.string().trim().min(1).max(120),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200).optional(),
  roles: z.array(role).max(ROLES.length).default([]),
  deputyId: z.number().int().min(1).max(2_147_483_647).nullable().optional(),
}).strict();
const accountChange = z.object({
  roles: z.array(role).max(ROLES.length).optional(),
  deputyId: z.number().int().min(1).max(2_147_483_647).nullable().optional(),
  active: z.boolean().optional(),
}).strict();
const deputyQuery = z.object({ q: z.string().trim().max(100).default('') }).strict();

/** The core's refusals as the API's problems, each naming its field. */
function refusal(error: unknown): unknown {
  if (error instanceof UserInputError) return badRequest(error.message, { field: error.field });
  if (error instanceof AccountChangeRefused) return error.status === 404 ? notFound(error.message) : conflict(error.message, { field: error.field });
  if (error instanceof HashGateFull) return new AppError(503, 'ServiceBusy', 'Сервер зайнятий; спробуйте ще раз. Busy; try again.');
  return error;
}

export function accountRoutes({ db }: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.use(requireRole('admin'), (_req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    next();
  });

  router.get('/', async (req, res) => {
    res.json({ users: await listAccounts(db, req.municipality.id) });
  });

  router.get('/deputies', async (req, res) => {
    const q = parseInput(deputyQuery, req.query);
    const election = await electionFor(db, req.municipality.id);
    const deputies = election ? await findDeputies(db, req.municipality.id, election.id, q.q) : [];
    res.json({ deputies: deputies.map((d) => ({ id: d.id, fullName: d.fullName, districtNumber: d.districtNumber, faction: d.faction })) });
  });

  router.post('/', async (req, res) => {
    const input = parseInput(newAccount, req.body);
    const generated = input.password === undefined ? oneTimePassword() : null;
    const roles = input.deputyId && !input.roles.includes('deputy') ? [...input.roles, 'deputy' as const] : input.roles;
    try {
      // a password hash holds 128 MiB and a core: through the sign-in's queue (hash-gate.ts)
      const id = await loginHashing.run(() => db.transaction((tx) => createUser(tx, {
        municipalitySlug: req.municipality.slug, login: input.login, displayName: input.displayName,
        password: input.password ?? generated!, roles, deputyId: input.deputyId ?? null, addedBy: req.user!.id,
        // the admin has seen the password, typed or made here: its holder sets their own first
        mustChangePassword: true,
      })));
      res.status(201).json({ user: await findAccount(db, req.municipality.id, id), ...(generated ? { oneTimePassword: generated } : {}) });
    } catch (error) {
      throw refusal(error);
    }
  });

  router.patch('/:id', async (req, res) => {
    const id = pathId(req.params.id);
    const change = parseInput(accountChange, req.body);
    try {
      const user = await db.transaction((tx) => changeAccount(tx, { municipalityId: req.municipality.id, userId: req.user!.id }, id, change));
      res.json({ user });
    } catch (error) {
      throw refusal(error);
    }
  });

  return router;
}
