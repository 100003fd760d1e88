import { Router } from 'express';
import type { AppContext } from '../context.js';
import { pendingMigrations } from '../db/migrate.js';

/**
 * /healthz: the process is alive (for a restart policy). /readyz: it can serve — the database
 * answers and every migration is applied (for a load balancer).
 */
export function healthRoutes({ db, logger }: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json({ status: 'unavailable', database: 'ok', pendingMigrations: pending });
        return;
      }
      res.json({ status: 'ok', database: 'ok', engine: db.kind });
    } catch (error) {
      // The database's words (relation names, host names, a migration's file) are for the log:
      // /readyz is public, and a probe only needs to know that it is not ready.
      (req.log ?? logger).error({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', database: 'error', detail: 'База даних недоступна. The database is not available.' });
    }
  });
  return router;
}
