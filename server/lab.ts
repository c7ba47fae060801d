/**
 * The composition root: wires configuration, registry backend, sandbox driver, session manager,
 * lesson engine, terminal gateway and HTTP API into one running lab. Used by main.ts and by tests.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './api/index.ts';
import { isAdmin, learnerFromHeaders, takingTurns } from './api/index.ts';
import type { LabConfig } from './config/index.ts';
import type { Logger } from './log/index.ts';
import { findRegistryBinary, probeRegistryBinary } from './registry/index.ts';
import { createSandboxDriver } from './sandbox/index.ts';
import { SessionManager } from './sessions/index.ts';
import { createTerminalService } from './terminal/index.ts';
import { createLessonService } from './lessons/index.ts';
import { createMetrics } from './metrics/index.ts';
import { createTurns } from './turns/index.ts';
import { openProgressStore } from './progress/index.ts';
import { joinCluster, sessionForwarder, type NodeMembership } from './cluster/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TERMINAL_PATH = /^\/api\/sessions\/([^/]+)\/terminals\/([^/?]+)(\?.*)?$/;

export interface RunningLab {
  url: string;
  terminals: ReturnType<typeof createTerminalService>;
  lessons: Awaited<ReturnType<typeof createLessonService>>;
  server: http.Server;
  /** The Express app behind the server (whose request listener makes requests take turns first). */
  app: ReturnType<typeof createApp>;
  sessions: SessionManager;
  close(): Promise<void>;
}

export async function startLab(config: LabConfig, logger: Logger): Promise<RunningLab> {
  const registryBin = findRegistryBinary(config.registryBin);
  if (!registryBin) throw new Error('no registry binary: install the docker-registry package or set LAB_REGISTRY_BIN');
  if (config.sandbox === 'none') {
    logger.warn({ event: 'no-sandbox' }, 'LAB_SANDBOX=none: every shell runs UNSANDBOXED as the server user. Only for a lesson author on their own machine.');
  }
  const capabilities = await probeRegistryBinary({ dir: path.join(config.dataDir, 'probe'), registryBin, sandboxed: config.sandbox === 'bwrap' });
  logger.info({ event: 'capabilities', ...capabilities }, 'registry capabilities probed');

  const progress = await openProgressStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    onConnectionError: (error) => logger.error({ event: 'progress-connection-lost', err: error }, 'an idle connection to the progress store failed; the next query opens another'),
  });
  logger.info({ event: 'progress-store', kind: progress.kind, node: config.nodeId }, 'progress store open');
  /** Progress writes are not waited for by the session events that make them; a failed one is logged, never dropped silently. */
  const stored = (what: string, write: Promise<void>) => void write.catch((error: unknown) => logger.error({ event: 'progress-write-failed', what, err: error }, 'a progress write failed'));
  // Gauges read the session manager and terminal gateway when scraped, after both exist.
  const metrics = createMetrics({ activeSessions: () => sessions.active, capacity: () => sessions.capacity, queuedLearners: () => sessions.queued, websocketConnections: () => terminals.stats().connections });
  // Requests and background checks share one server's slices of the event loop.
  const turns = createTurns();
  const lessons = await createLessonService({
    lessonsDir: config.lessonsDir,
    logger,
    capabilities,
    watch: config.dev,
    turns,
    earlierPasses: (learnerId, lesson) => progress.passedTasks(learnerId, lesson),
    onChecked: (seconds) => metrics.checkRan(seconds),
  });
  const sessions = new SessionManager({
    config,
    logger,
    driver: createSandboxDriver({
      kind: config.sandbox,
      diskMb: config.hostDiskMb,
      inodes: config.hostInodes,
      limits: { nproc: config.sandboxNproc, nofile: config.sandboxNofile, fsizeBytes: config.sandboxFsizeMb << 20 },
    }),
    registryBin,
    prepare: (session, options) => lessons.prepare(session, options),
    afterReady: async (session) => void (await lessons.restore(session)),
    registrySettings: (lesson) => lessons.registrySettings(lesson),
  });
  await sessions.init();
  sessions.on('created', (session) => {
    lessons.watch(session);
    stored('session-start', progress.recordSessionStart(session.id, session.learnerId, session.lesson ?? '', config.nodeId));
    session.events.on('tasks', ({ tasks }) => stored('check', progress.recordCheck(session.learnerId, session.id, session.lesson ?? '', tasks)));
  });
  sessions.on('ready', (_session, ms) => metrics.sessionStarted(ms / 1000));
  sessions.on('failed', (_session, _reason, kind) => {
    metrics.sessionFailed(kind);
    if (kind === 'registry') metrics.registryDied();
  });
  sessions.on('closed', (session, reason) => stored('session-end', progress.recordSessionEnd(session.id, session.learnerId, reason)));
  // Several nodes share the store: register this one, clean up after its previous run, heartbeat, and close dead nodes' sessions.
  const membership: NodeMembership | undefined = config.databaseUrl ? await joinCluster({ store: progress, nodeId: config.nodeId, nodeUrl: config.nodeUrl, heartbeatMs: config.heartbeatMs, logger }) : undefined;

  const terminals = createTerminalService({
    allowedOrigins: config.allowedOrigins,
    graceMs: config.terminalGraceMs,
    logger,
    learnerFromRequest: learnerFromHeaders,
    findTarget(sessionId, host, learnerId) {
      const session = sessions.get(sessionId);
      if (!session || session.learnerId !== learnerId || session.state !== 'ready' || !session.hosts.has(host)) return undefined;
      const target = session.host(host);
      return {
        spawnPty: (cols, rows) => {
          const pty = target.spawnPty(cols, rows);
          session.trackPty(host, pty);
          return pty;
        },
        onActivity: () => session.touch(),
      };
    },
  });
  sessions.on('closed', (session) => terminals.closeSession(session.id));

  const app = createApp({ config, logger, sessions, lessons, terminals, capabilities, progress, metrics, clientDir: path.join(ROOT, 'client/dist') });
  // In a cluster, an instructor's request for a session held by another node is answered by that node.
  const forward = config.databaseUrl ? sessionForwarder({ store: progress, nodeId: config.nodeId, holdsSession: (id) => sessions.get(id) !== undefined, isAdmin: (req) => isAdmin(req, config.adminToken), logger }) : undefined;
  const answer: (req: IncomingMessage, res: ServerResponse) => void = forward
    ? (req, res) => {
        forward(req, res).then(
          (forwarded) => forwarded || void app(req, res),
          (error: unknown) => {
            logger.error({ event: 'forward-failed', err: error }, 'looking up the node holding a session failed; answering here');
            app(req, res);
          },
        );
      }
    : app;
  // Requests take turns a slice at a time, so no burst of them holds up another learner's terminal.
  const server = http.createServer(takingTurns(turns, answer));
  server.on('upgrade', (req, socket, head) => {
    if (TERMINAL_PATH.test(req.url ?? '')) return terminals.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ event: 'listening', url, sandbox: config.sandbox, maxSessions: config.maxSessions }, 'registry lab listening');

  return {
    url,
    terminals,
    lessons,
    server,
    app,
    sessions,
    async close() {
      terminals.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sessions.shutdown();
      lessons.close();
      membership?.stop();
      await progress.close();
    },
  };
}
