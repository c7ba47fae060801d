/**
 * Prometheus metrics. The series names are a contract for dashboards:
 *   lab_sessions_active, lab_sessions_queued, lab_sessions_capacity, lab_session_start_seconds, lab_check_seconds,
 *   lab_websocket_connections, lab_sandbox_failures_total{kind}, lab_registry_failures_total,
 *   plus the default process metrics prefixed lab_.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsSources {
  activeSessions(): number;
  capacity(): number;
  queuedLearners(): number;
  websocketConnections(): number;
}

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lab_' });
  new Gauge({ name: 'lab_sessions_active', help: 'Sessions open now', registers: [registry], collect() { this.set(sources.activeSessions()); } });
  new Gauge({ name: 'lab_sessions_queued', help: 'Learners waiting for a seat', registers: [registry], collect() { this.set(sources.queuedLearners()); } });
  new Gauge({ name: 'lab_sessions_capacity', help: 'LAB_MAX_SESSIONS', registers: [registry], collect() { this.set(sources.capacity()); } });
  new Gauge({ name: 'lab_websocket_connections', help: 'Open terminal WebSockets', registers: [registry], collect() { this.set(sources.websocketConnections()); } });
  const sessionStart = new Histogram({ name: 'lab_session_start_seconds', help: 'From POST /api/sessions to ready', buckets: [0.1, 0.2, 0.3, 0.5, 1, 2, 5], registers: [registry] });
  const checkDuration = new Histogram({ name: 'lab_check_seconds', help: 'All checks of a lesson, once', buckets: [0.005, 0.01, 0.03, 0.1, 0.3, 1, 5], registers: [registry] });
  const sandboxFailures = new Counter({ name: 'lab_sandbox_failures_total', help: 'Sessions that failed to start or failed later', labelNames: ['kind'], registers: [registry] });
  const registryFailures = new Counter({ name: 'lab_registry_failures_total', help: 'Registry processes that died', registers: [registry] });
  return {
    sessionStarted: (seconds: number) => sessionStart.observe(seconds),
    checkRan: (seconds: number) => checkDuration.observe(seconds),
    sessionFailed: (kind: 'start' | 'reset' | 'registry') => sandboxFailures.inc({ kind }),
    registryDied: () => registryFailures.inc(),
    contentType: registry.contentType,
    text: () => registry.metrics(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
