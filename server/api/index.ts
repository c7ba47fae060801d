/**
 * The HTTP API of design §4.2 and the static client. Every /api/sessions/:id route answers only
 * the learner who owns the session (cookie) or an instructor with the admin token; anyone else
 * gets 404, not 403, so session ids cannot be probed. Express 5 passes rejected handlers to the
 * error handler, which answers in the error shape.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { LabConfig } from '../config/index.ts';
import { requestLogger, type Logger } from '../log/index.ts';
import type { Capabilities } from '../registry/index.ts';
import { scrapeAllowList, type Metrics } from '../metrics/index.ts';
import type { ProgressStore } from '../progress/index.ts';
import { CapacityError, SeatLimitError, type LabSession, type SessionManager } from '../sessions/index.ts';
import { ApiError, errorHandler, notFound, sendError } from './errors.ts';
import { clientAddress } from './client-address.ts';
import { inspectorFor } from './inspection.ts';
import { JoinGuard } from './join.ts';
import { refuseLongUrls } from './limits.ts';
import { ensureLearner, learnerFromHeaders } from './learner.ts';
import { streamSessionEvents } from './sse.ts';

export { learnerFromHeaders } from './learner.ts';
export { ApiError } from './errors.ts';
export { JoinLimits } from './join.ts';
export { STREAMS_PER_SESSION, BUFFERED_BYTES_LIMIT } from './sse.ts';
export { MAX_URL_LENGTH } from './limits.ts';
export { clientAddress } from './client-address.ts';

/** What the API needs from the lesson engine. */
export interface LessonService {
  list(): unknown;
  detail(id: string): unknown | undefined;
  /** The hosts a session of this lesson gets; undefined when the lesson is unknown or unavailable. */
  hostsFor(id: string): string[] | undefined;
  /** A lesson's task ids in order; empty when the lesson is unknown. */
  taskIds(id: string): string[];
  /** A lesson's tasks in order, with titles; empty when the lesson is unknown. */
  taskTitles(id: string): { id: string; title: string }[];
  tasks(session: LabSession): unknown;
  check(session: LabSession): Promise<unknown>;
  /** Tasks that have a solution part ("Show me"). */
  solutionTasks(id: string): string[];
  /** One task's solution part, host section by host section; undefined when there is none. */
  solutionPart(id: string, taskId: string): { host: string; script: string }[] | undefined;
}

export interface TerminalTickets {
  issueTicket(sessionId: string, host: string, learnerId: string): string;
  closeSession(sessionId: string): void;
  screen(sessionId: string, host: string): Promise<{ cols: number; rows: number; data: string } | undefined>;
}

export interface AppDependencies {
  config: LabConfig;
  logger: Logger;
  sessions: SessionManager;
  lessons: LessonService;
  terminals: TerminalTickets;
  capabilities: Capabilities;
  progress: ProgressStore;
  metrics: Metrics;
  clientDir: string;
}

const MAX_SESSIONS_PER_LEARNER = 3;
const EXTEND_BY_MS = 30 * 60_000;
const JoinBody = z.object({ code: z.string().max(200), name: z.string().trim().min(1, 'a name').max(60, 'at most 60 characters') });
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CreateSessionBody = z.object({
  lesson: z.string().regex(LESSON_ID, 'a lesson id such as "push-blob"'),
  /** End the learner's other sessions even when a terminal of theirs is running a command. */
  endOthers: z.boolean().optional(),
});
const ResetBody = z.object({ keepShells: z.boolean().optional() });
const HOST_NAME = /^host-[1-9]$/;

function isAdmin(req: Request, token: string | undefined): boolean {
  const header = req.headers.authorization;
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What a learner's "My labs" lists about one of their sessions. */
function sessionSummary(session: LabSession) {
  return { ...session.toJSON(), running: session.runningCommands() };
}

export function createApp(deps: AppDependencies): express.Express {
  const { config, sessions, lessons, logger } = deps;
  /** Differs on every start, so a page can tell "the server restarted" from "my session ended". */
  const boot = randomBytes(8).toString('hex');
  const app = express();
  app.disable('x-powered-by');
  // Only the configured proxies' X-Forwarded-For is believed; a client cannot name its own address.
  app.set('trust proxy', config.trustedProxies.length ? config.trustedProxies : false);
  app.use(refuseLongUrls());
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // xterm.js sets element styles and theme rules at run time; scripts stay strictly 'self'.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: config.trustProxy,
    }),
  );
  app.use('/api', express.json({ limit: '16kb' }));

  /** The session named in the path, if the caller owns it (or is an instructor). */
  const ownedSession = (req: Request): LabSession => {
    const session = sessions.get(String(req.params.id));
    if (!session) throw notFound();
    if (isAdmin(req, config.adminToken)) return session;
    if (learnerFromHeaders(req) !== session.learnerId) throw notFound();
    return session;
  };

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, boot, sessions: sessions.active, capacity: sessions.capacity, queued: sessions.queued, sandbox: config.sandbox });
  });

  app.get('/metrics', async (req, res) => {
    if (!isAdmin(req, config.adminToken) && !mayScrape(req.socket.remoteAddress)) throw notFound('No such page');
    res.type(deps.metrics.contentType).send(await deps.metrics.text());
  });

  const joinGuard = new JoinGuard();
  const mayScrape = scrapeAllowList(config.metricsAllow);
  app.get('/api/me', (req, res) => {
    const learnerId = learnerFromHeaders(req);
    const name = learnerId ? deps.progress.learnerName(learnerId) : null;
    res.json({ workshop: Boolean(config.workshopCode), joined: !config.workshopCode || name !== null, name });
  });

  app.post('/api/join', async (req, res) => {
    const body = JoinBody.safeParse(req.body ?? {});
    if (!body.success) throw new ApiError(400, 'bad_request', `Send your workshop code and ${body.error.issues[0]?.message ?? 'a name'}.`);
    const client = clientAddress(req);
    const waitMs = config.workshopCode ? joinGuard.waitMs(client) : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new ApiError(429, 'try_later', `Too many wrong codes: try again in ${seconds} s.`, { 'retry-after': String(seconds) });
    }
    const given = Buffer.from(body.data.code.trim().toUpperCase());
    const expected = Buffer.from((config.workshopCode ?? '').toUpperCase());
    if (config.workshopCode && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
      joinGuard.failed(client);
      throw new ApiError(403, 'wrong_code', 'That is not this workshop\u2019s code. Check the code your instructor shared and try again.');
    }
    joinGuard.succeeded(client);
    const learnerId = ensureLearner(req, res);
    deps.progress.upsertLearner(learnerId, body.data.name);
    res.json({ joined: true, name: body.data.name });
  });

  app.get('/api/me/progress', (req, res) => {
    const learnerId = learnerFromHeaders(req);
    res.json(learnerId ? deps.progress.progress(learnerId) : { lessons: [] });
  });

  /** The learner's open sessions, from any tab or device (the cookie, not the tab, owns them). */
  app.get('/api/me/sessions', (req, res) => {
    const learnerId = learnerFromHeaders(req);
    res.json({ boot, sessions: learnerId ? sessions.forLearner(learnerId).map(sessionSummary) : [] });
  });

  app.get('/api/admin/learners', (req, res) => {
    if (!isAdmin(req, config.adminToken)) throw new ApiError(401, 'unauthorized', 'That is not the instructor token. Use the LAB_ADMIN_TOKEN the lab was started with.');
    const open = new Map(sessions.list().map((session) => [session.learnerId, session.toJSON()]));
    const titleOf = (lesson: string | null, task: string | null) => (lesson && task ? lessons.taskTitles(lesson).find((candidate) => candidate.id === task)?.title ?? task : null);
    res.json({
      learners: deps.progress
        .roster(lessons.taskIds, (learnerId) => open.has(learnerId))
        .map((entry) => ({ ...entry, taskTitle: titleOf(entry.lesson, entry.task), session: open.get(entry.learnerId) ?? null })),
      lessons: deps.progress.lessonCompletion(),
    });
  });

  app.get('/api/registry/capabilities', (_req, res) => {
    res.json(deps.capabilities);
  });

  app.get('/api/lessons', (_req, res) => {
    res.json(lessons.list());
  });

  app.get('/api/lessons/:id', (req, res) => {
    const id = String(req.params.id);
    const lesson = lessons.detail(id);
    if (!lesson) throw notFound('No such lesson');
    res.json({ ...(lesson as object), showMe: config.showMe ? lessons.solutionTasks(id) : [] });
  });

  app.post(
    '/api/sessions',
    async (req, res) => {
      const body = CreateSessionBody.safeParse(req.body ?? {});
      if (!body.success) throw new ApiError(400, 'bad_request', `"lesson" must be ${body.error.issues[0]?.message ?? 'a lesson id'}`);
      const hosts = lessons.hostsFor(body.data.lesson);
      if (!hosts) throw new ApiError(404, 'not_found', `There is no available lesson "${body.data.lesson}".`);
      const learnerId = ensureLearner(req, res);
      if (config.workshopCode && deps.progress.learnerName(learnerId) === null) {
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
      await Promise.all(others.map((session) => {
        deps.terminals.closeSession(session.id);
        return sessions.close(session, `the learner opened ${body.data.lesson}`);
      }));
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
        if (error instanceof SeatLimitError) throw new ApiError(429, 'seat_limit', error.message, { 'retry-after': String(error.retryAfterSeconds) });
        throw error;
      }
    },
  );

  app.get('/api/sessions/:id', (req, res) => {
    const session = ownedSession(req);
    session.touch();
    res.json(session.toJSON());
  });

  app.delete(
    '/api/sessions/:id',
    async (req, res) => {
      const session = ownedSession(req);
      deps.terminals.closeSession(session.id);
      await sessions.close(session, 'ended by the learner');
      res.status(204).end();
    },
  );

  app.post(
    '/api/sessions/:id/reset',
    async (req, res) => {
      const session = ownedSession(req);
      const body = ResetBody.safeParse(req.body ?? {});
      if (!body.success) throw new ApiError(400, 'bad_request', '"keepShells" must be true or false.');
      if (body.data.keepShells) {
        await sessions.resetRegistry(session);
      } else {
        deps.terminals.closeSession(session.id);
        await sessions.reset(session);
      }
      res.json(session.toJSON());
    },
  );

  app.post('/api/sessions/:id/extend', (req, res) => {
    const session = ownedSession(req);
    if (session.state === 'closed') throw new ApiError(409, 'closed', 'This session has ended; start a new one.');
    if (!sessions.extend(session, EXTEND_BY_MS)) {
      const until = new Date(sessions.maxExpiry(session)).toISOString();
      throw new ApiError(409, 'at_limit', `This session already runs until ${until}, the longest a session may last (LAB_SESSION_MAX_TTL after it started).`, {}, { expiresAt: until });
    }
    res.json(session.toJSON());
  });

  app.post('/api/sessions/:id/tasks/:task/show', (req, res) => {
    const session = ownedSession(req);
    if (!config.showMe) throw new ApiError(403, 'show_me_off', 'Your instructor has turned "Show me" off for this lab.');
    const task = String(req.params.task);
    const sections = LESSON_ID.test(task) && session.lesson ? lessons.solutionPart(session.lesson, task) : undefined;
    if (!sections) throw notFound('This task has no steps to show (a challenge is yours to solve).');
    session.touch();
    if (!isAdmin(req, config.adminToken)) deps.progress.recordShown(session.learnerId, session.id, session.lesson!, task);
    res.json({ task, sections });
  });

  app.get('/api/sessions/:id/tasks', (req, res) => {
    res.json(lessons.tasks(ownedSession(req)));
  });

  app.post(
    '/api/sessions/:id/check',
    async (req, res) => {
      const session = ownedSession(req);
      session.touch();
      res.json(await lessons.check(session));
    },
  );

  app.get(
    '/api/sessions/:id/registry',
    async (req, res) => {
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
    },
  );

  app.get('/api/sessions/:id/traffic', (req, res) => {
    res.json({ entries: ownedSession(req).traffic() });
  });

  app.get('/api/sessions/:id/events', (req, res) => {
    streamSessionEvents(req, res, ownedSession(req));
  });

  /**
   * The terminal's screen from the server's mirror, for the instructor's read-only view. Instructors
   * only: a snapshot costs the mirror work, and a learner has the terminal itself.
   */
  app.get('/api/sessions/:id/terminals/:host/screen', async (req, res) => {
    if (!isAdmin(req, config.adminToken)) throw notFound();
    const session = ownedSession(req);
    const host = String(req.params.host);
    if (!HOST_NAME.test(host) || !session.hostNames.includes(host)) throw notFound('No such host in this session');
    const screen = await deps.terminals.screen(session.id, host);
    res.json(screen ?? { cols: 80, rows: 24, data: '' });
  });

  app.post('/api/sessions/:id/terminals/:host/ticket', (req, res) => {
    const session = ownedSession(req);
    const host = String(req.params.host);
    if (!HOST_NAME.test(host) || !session.hostNames.includes(host)) throw notFound('No such host in this session');
    if (session.state !== 'ready') throw new ApiError(409, 'not_ready', `The session is ${session.state}.`);
    res.json({ ticket: deps.terminals.issueTicket(session.id, host, session.learnerId) });
  });

  app.use('/api', (_req, res) => sendError(res, notFound('No such API route')));

  if (existsSync(deps.clientDir)) {
    app.use(express.static(deps.clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(lessons|admin|join|labs|complete)(\/.*)?$/, (_req, res) => res.sendFile(path.join(deps.clientDir, 'index.html')));
    // Any other page: the app's own "no such page", with a 404 status.
    app.get(/.*/, (_req, res) => res.status(404).sendFile(path.join(deps.clientDir, 'index.html')));
  }
  app.use(errorHandler(logger));
  return app;
}
