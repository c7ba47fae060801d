/**
 * Prometheus metrics. The series names are a contract for dashboards:
 *   lab_sessions_active, lab_sessions_queued, lab_sessions_capacity, lab_session_start_seconds, lab_check_seconds,
 *   lab_websocket_connections, lab_sandbox_failures_total{kind}, lab_registry_failures_total,
 *   lab_budget_refusals_total{budget} (README "Budgets"),
 *   plus the default process metrics prefixed lab_.
 */
import { BlockList, isIPv6 } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * LAB_METRICS_ALLOW as a test on the TCP peer's address (never X-Forwarded-For: behind a proxy every
 * visitor's peer is the proxy, so the allow-list is for a scraper that connects directly).
 */
export function scrapeAllowList(entries: string[]): (peerAddress: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (peerAddress) => {
    if (!peerAddress || !entries.length) return false;
    const address = peerAddress.replace(/^::ffff:(?=\d+\.)/, '');
    return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
  };
}

/** The budgets whose refusals are counted, by the name the `budget` label carries. */
export type BudgetName = 'event-stream-dropped' | 'event-stream-replaced' | 'join-wait' | 'seat-limit' | 'uri-too-long';

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
  const budgetRefusals = new Counter({ name: 'lab_budget_refusals_total', help: 'Requests refused and streams dropped at a budget', labelNames: ['budget'], registers: [registry] });
  const registryFailures = new Counter({ name: 'lab_registry_failures_total', help: 'Registry processes that died', registers: [registry] });
  return {
    sessionStarted: (seconds: number) => sessionStart.observe(seconds),
    checkRan: (seconds: number) => checkDuration.observe(seconds),
    sessionFailed: (kind: 'start' | 'reset' | 'registry') => sandboxFailures.inc({ kind }),
    registryDied: () => registryFailures.inc(),
    budgetReached: (budget: BudgetName) => budgetRefusals.inc({ budget }),
    contentType: registry.contentType,
    text: () => registry.metrics(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
