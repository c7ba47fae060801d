/**
 * A learner's sessions: opening a lesson (one session per lesson, seats and the line for them),
 * and everything done to one session: state, reset, extend, tasks, checks, "Show me", the
 * registry inspector, recorded traffic and the event stream.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CapacityError, SeatLimitError } from '../sessions/index.ts';
import type { SolutionPartAnswer, TaskList } from '../wire/index.ts';
import { clientAddress } from './client-address.ts';
import { sessionSummary, type ApiContext } from './dependencies.ts';
import { ApiError, notFound } from './errors.ts';
import { inspectorFor } from './inspection.ts';
import { ensureLearner } from './learner.ts';
import { ownedSession, resolveOwnership } from './ownership.ts';
import { isAdmin } from './secrets.ts';
import { streamSessionEvents } from './sse.ts';

const MAX_SESSIONS_PER_LEARNER = 3;
const EXTEND_BY_MS = 30 * 60_000;
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CreateSessionBody = z.object({
  lesson: z.string().regex(LESSON_ID, 'a lesson id such as "push-blob"'),
  /** End the learner's other sessions even when a terminal of theirs is running a command. */
  endOthers: z.boolean().optional(),
});
const ResetBody = z.object({ keepShells: z.boolean().optional() });

export function sessionsRouter(context: ApiContext): Router {
  const { config, sessions, lessons, progress, terminals } = context;
  const router = Router();
  resolveOwnership(router, sessions, config.adminToken);

  router.post('/', async (req, res) => {
    const body = CreateSessionBody.safeParse(req.body ?? {});
    if (!body.success) throw new ApiError(400, 'bad_request', `"lesson" must be ${body.error.issues[0]?.message ?? 'a lesson id'}`);
    const hosts = lessons.hostsFor(body.data.lesson);
    if (!hosts) throw new ApiError(404, 'not_found', `There is no available lesson "${body.data.lesson}".`);
    const learnerId = ensureLearner(req, res);
    if (config.workshopCode && (await progress.learnerName(learnerId)) === null) {
      throw new ApiError(403, 'join_first', 'This lab is a workshop: join with the code your instructor shared first.');
    }
    const mine = sessions.forLearner(learnerId);
    // The learner's session for this lesson, opened in another tab or on another device (or still
    // starting for a tab that asked a moment ago): attach to it. The page waits while it is starting.
    const existing = mine.find((session) => session.lesson === body.data.lesson && (session.state === 'ready' || session.state === 'starting'));
    if (existing) {
      existing.touch();
      res.status(200).json(existing.toJSON());
      return;
    }
    // Opening a lesson ends the learner's other sessions; one whose terminal runs a command is only ended when they say so.
    const others = mine.filter((session) => session.lesson !== body.data.lesson || session.state === 'failed');
    const busy = others.filter((session) => session.lesson !== body.data.lesson && session.runningCommands().length > 0);
    if (busy.length && !body.data.endOthers) {
      const what = busy.map((session) => `${session.lesson} (${session.runningCommands().map((r) => `${r.command} on ${r.host}`).join(', ')})`).join('; ');
      throw new ApiError(409, 'other_session_busy', `Your other lab is still running a command: ${what}. Opening this lesson ends it.`, {}, { sessions: busy.map(sessionSummary) });
    }
    await Promise.all(
      others.map((session) => {
        terminals.closeSession(session.id);
        return sessions.close(session, `the learner opened ${body.data.lesson}`);
      }),
    );
    if (sessions.forLearner(learnerId).length >= MAX_SESSIONS_PER_LEARNER) {
      throw new ApiError(429, 'too_many_sessions', `You already have ${MAX_SESSIONS_PER_LEARNER} labs open. End one in "My labs" to start this one.`, {}, { sessions: sessions.forLearner(learnerId).map(sessionSummary) });
    }
    try {
      const session = await sessions.create({ learnerId, lesson: body.data.lesson, hosts, clientAddress: clientAddress(req) });
      res.status(201).json(session.toJSON());
    } catch (error) {
      if (error instanceof CapacityError) {
        throw new ApiError(503, 'at_capacity', error.message, { 'retry-after': String(error.retryAfterSeconds) }, { queue: error.place });
      }
      if (error instanceof SeatLimitError) {
        context.metrics.budgetReached('seat-limit');
        throw new ApiError(429, 'seat_limit', error.message, { 'retry-after': String(error.retryAfterSeconds) });
      }
      throw error;
    }
  });

  router.get('/:id', (req, res) => {
    const session = ownedSession(req);
    session.touch();
    res.json(session.toJSON());
  });

  router.delete('/:id', async (req, res) => {
    const session = ownedSession(req);
    terminals.closeSession(session.id);
    await sessions.close(session, 'ended by the learner');
    res.status(204).end();
  });

  router.post('/:id/reset', async (req, res) => {
    const session = ownedSession(req);
    const body = ResetBody.safeParse(req.body ?? {});
    if (!body.success) throw new ApiError(400, 'bad_request', '"keepShells" must be true or false.');
    if (body.data.keepShells) {
      await sessions.resetRegistry(session);
    } else {
      terminals.closeSession(session.id);
      await sessions.reset(session);
    }
    res.json(session.toJSON());
  });

  router.post('/:id/extend', (req, res) => {
    const session = ownedSession(req);
    if (session.state === 'closed') throw new ApiError(409, 'closed', 'This session has ended; start a new one.');
    if (!sessions.extend(session, EXTEND_BY_MS)) {
      const until = new Date(sessions.maxExpiry(session)).toISOString();
      throw new ApiError(409, 'at_limit', `This session already runs until ${until}, the longest a session may last (LAB_SESSION_MAX_TTL after it started).`, {}, { expiresAt: until });
    }
    res.json(session.toJSON());
  });

  router.post('/:id/tasks/:task/show', async (req, res) => {
    const session = ownedSession(req);
    if (!config.showMe) throw new ApiError(403, 'show_me_off', 'Your instructor has turned "Show me" off for this lab.');
    const task = String(req.params.task);
    const sections = LESSON_ID.test(task) && session.lesson ? lessons.solutionPart(session.lesson, task) : undefined;
    if (!sections) throw notFound('This task has no steps to show (a challenge is yours to solve).');
    session.touch();
    if (!isAdmin(req, config.adminToken)) await progress.recordShown(session.learnerId, session.id, session.lesson!, task);
    res.json({ task, sections } satisfies SolutionPartAnswer);
  });

  router.get('/:id/tasks', (req, res) => {
    res.json(lessons.tasks(ownedSession(req)) satisfies TaskList);
  });

  router.post('/:id/check', async (req, res) => {
    const session = ownedSession(req);
    session.touch();
    res.json((await lessons.check(session)) satisfies TaskList);
  });

  router.get('/:id/registry', async (req, res) => {
    const session = ownedSession(req);
    const notReady = () => new ApiError(409, 'not_ready', `The session is ${session.state}; its registry cannot be inspected now.`);
    if (session.state !== 'ready') throw notReady();
    try {
      res.type('application/json').send(await inspectorFor(session).json());
    } catch (error) {
      // The session may have ended, or its registry died, while the snapshot was being taken.
      if (session.state !== 'ready') throw notReady();
      throw new ApiError(502, 'registry_unavailable', `The session\u2019s registry did not answer: ${(error as Error).message}`);
    }
  });

  router.get('/:id/traffic', (req, res) => {
    res.type('application/json').send(ownedSession(req).recorder.listJson());
  });

  router.get('/:id/events', (req, res) => {
    streamSessionEvents(req, res, ownedSession(req), context.metrics.budgetReached);
  });
  return router;
}
