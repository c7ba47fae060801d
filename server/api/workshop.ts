/** The learner's side of a workshop: who they are, joining with the code, their progress and open labs. */
import { Router } from 'express';
import { z } from 'zod';
import type { LearnerProgress, Me, MySessions } from '../wire/index.ts';
import { clientAddress } from './client-address.ts';
import { sessionSummary, type ApiContext } from './dependencies.ts';
import { ApiError } from './errors.ts';
import { JoinGuard } from './join.ts';
import { ensureLearner, learnerFromHeaders } from './learner.ts';
import { sameSecret } from './secrets.ts';

const JoinBody = z.object({ code: z.string().max(200), name: z.string().trim().min(1, 'a name').max(60, 'at most 60 characters') });

export function workshopRouter({ config, progress, sessions, boot, metrics }: ApiContext): Router {
  const router = Router();
  const joinGuard = new JoinGuard();

  router.get('/api/me', async (req, res) => {
    const learnerId = learnerFromHeaders(req);
    const name = learnerId ? await progress.learnerName(learnerId) : null;
    res.json({ workshop: Boolean(config.workshopCode), joined: !config.workshopCode || name !== null, name } satisfies Me);
  });

  router.post('/api/join', async (req, res) => {
    const body = JoinBody.safeParse(req.body ?? {});
    if (!body.success) throw new ApiError(400, 'bad_request', `Send your workshop code and ${body.error.issues[0]?.message ?? 'a name'}.`);
    const client = clientAddress(req);
    const waitMs = config.workshopCode ? joinGuard.waitMs(client) : 0;
    if (waitMs > 0) {
      metrics.budgetReached('join-wait');
      const seconds = Math.ceil(waitMs / 1000);
      throw new ApiError(429, 'try_later', `Too many wrong codes: try again in ${seconds} s.`, { 'retry-after': String(seconds) });
    }
    if (config.workshopCode && !sameSecret(body.data.code.trim().toUpperCase(), config.workshopCode.toUpperCase())) {
      joinGuard.failed(client);
      throw new ApiError(403, 'wrong_code', 'That is not this workshop\u2019s code. Check the code your instructor shared and try again.');
    }
    joinGuard.succeeded(client);
    const learnerId = ensureLearner(req, res);
    await progress.upsertLearner(learnerId, body.data.name);
    res.json({ joined: true, name: body.data.name });
  });

  router.get('/api/me/progress', async (req, res) => {
    const learnerId = learnerFromHeaders(req);
    res.json((learnerId ? await progress.progress(learnerId) : { lessons: [] }) satisfies LearnerProgress);
  });

  /** The learner's open sessions, from any tab or device (the cookie, not the tab, owns them). */
  router.get('/api/me/sessions', (req, res) => {
    const learnerId = learnerFromHeaders(req);
    res.json({ boot, sessions: learnerId ? sessions.forLearner(learnerId).map(sessionSummary) : [] } satisfies MySessions);
  });
  return router;
}
