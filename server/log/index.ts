/**
 * Structured logging: one JSON line per event (pino), and one per HTTP request with a request id
 * (pino-http). Never log tickets, cookies or tokens.
 */
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type { Logger };

export function createLogger(level = process.env.LAB_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'registry-lab' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'ticket', 'token'], censor: '[redacted]' },
  });
}

/** A caller's own X-Request-Id is kept (so a reverse proxy's id links both logs) when it looks like one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Polled by monitoring or fetched by every page load: not worth a line each. */
const QUIET = /^\/(healthz|metrics|assets\/)/;

/**
 * Express middleware: gives every request an id (echoed as X-Request-Id, available as req.log for
 * handlers) and logs method, path (no query, no headers), status and duration when it ends.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET.test(req.url ?? '') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customProps: () => ({ event: 'http-request' }),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
