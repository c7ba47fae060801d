/** For operators and monitors: health, Prometheus metrics, the registry's probed capabilities. */
import { Router } from 'express';
import { scrapeAllowList } from '../metrics/index.ts';
import type { Health } from '../wire/index.ts';
import type { ApiContext } from './dependencies.ts';
import { notFound } from './errors.ts';
import { isAdmin } from './secrets.ts';

export function opsRouter({ config, sessions, metrics, capabilities, boot }: ApiContext): Router {
  const router = Router();
  const mayScrape = scrapeAllowList(config.metricsAllow);

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, boot, sessions: sessions.active, capacity: sessions.capacity, queued: sessions.queued, sandbox: config.sandbox } satisfies Health);
  });

  router.get('/metrics', async (req, res) => {
    if (!isAdmin(req, config.adminToken) && !mayScrape(req.socket.remoteAddress)) throw notFound('No such page');
    res.type(metrics.contentType).send(await metrics.text());
  });

  router.get('/api/registry/capabilities', (_req, res) => {
    res.json(capabilities);
  });
  return router;
}
