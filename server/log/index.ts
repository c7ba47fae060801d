/** Structured logging: one JSON line per event (pino). Never log tickets, cookies or tokens. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.LAB_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'registry-lab' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'ticket', 'token'], censor: '[redacted]' },
  });
}
