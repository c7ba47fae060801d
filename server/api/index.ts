/**
 * The HTTP API of design §4.2 and the static client: one router per feature (ops, workshop, admin,
 * lessons, sessions, terminals), behind the shared middleware (URL and body limits, request log,
 * CSP). Every /api/sessions/:id route answers only the learner who owns the session (cookie) or an
 * instructor with the admin token (ownership.ts); anyone else gets 404, not 403, so session ids
 * cannot be probed. Express 5 passes rejected handlers to the error handler, which answers in the
 * error shape.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { requestLogger } from '../log/index.ts';
import { adminRouter } from './admin.ts';
import type { AppDependencies } from './dependencies.ts';
import { errorHandler, notFound, sendError } from './errors.ts';
import { lessonsRouter } from './lessons.ts';
import { refuseLongUrls } from './limits.ts';
import { opsRouter } from './ops.ts';
import { sessionsRouter } from './sessions.ts';
import { terminalsRouter } from './terminals.ts';
import { workshopRouter } from './workshop.ts';

export { learnerFromHeaders } from './learner.ts';
export { ApiError } from './errors.ts';
export { JoinLimits } from './join.ts';
export { STREAMS_PER_SESSION } from './sse.ts';
export { MAX_URL_LENGTH } from './limits.ts';
export { takingTurns } from './turns.ts';
export { clientAddress } from './client-address.ts';
export { isAdmin } from './secrets.ts';
export type { AppDependencies } from './dependencies.ts';

export function createApp(deps: AppDependencies): express.Express {
  const { config, logger } = deps;
  /** Differs on every start, so a page can tell "the server restarted" from "my session ended". */
  const boot = randomBytes(8).toString('hex');
  const app = express();
  app.disable('x-powered-by');
  // Only the configured proxies' X-Forwarded-For is believed; a client cannot name its own address.
  app.set('trust proxy', config.trustedProxies.length ? config.trustedProxies : false);
  app.use(refuseLongUrls(() => deps.metrics.budgetReached('uri-too-long')));
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

  const context = { ...deps, boot };
  app.use(opsRouter(context));
  app.use(workshopRouter(context));
  app.use(adminRouter(context));
  app.use(lessonsRouter(context));
  app.use('/api/sessions', sessionsRouter(context));
  app.use('/api/sessions', terminalsRouter(context));
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
