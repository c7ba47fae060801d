/**
 * Lab nodes sharing one store (LAB_DATABASE_URL): each node registers itself, heartbeats, and
 * closes in the store the sessions of nodes whose heartbeats stopped (their processes died with
 * the node; the learners' progress is in the store and comes back in a fresh session elsewhere).
 * A starting node first closes what its own previous run left open: the start-up cleanup.
 */
import type { Logger } from '../log/index.ts';
import type { ClosedSession, ProgressStore } from '../progress/index.ts';

export { sessionForwarder } from './forward.ts';

/** A node is taken for dead after this many heartbeats in a row did not arrive. */
export const MISSED_HEARTBEATS = 3;

export interface NodeOptions {
  store: ProgressStore;
  nodeId: string;
  /** How other nodes reach this one (LAB_NODE_URL). */
  nodeUrl: string;
  heartbeatMs: number;
  logger: Logger;
}

export interface NodeMembership {
  /** One heartbeat and one sweep of dead nodes' sessions, now (the timer does the same every heartbeatMs). */
  beat(): Promise<ClosedSession[]>;
  stop(): void;
}

function logClosed(logger: Logger, event: string, closed: ClosedSession[], message: string): void {
  if (!closed.length) return;
  logger.warn({ event, sessions: closed.length, nodes: [...new Set(closed.map((session) => session.nodeId))] }, message);
}

export async function joinCluster(options: NodeOptions): Promise<NodeMembership> {
  const { store, nodeId, logger } = options;
  const leftOpen = await store.closeSessionsOfNode(nodeId, 'its lab node restarted');
  logClosed(logger, 'node-startup-cleanup', leftOpen, 'closed the sessions this node\u2019s previous run left open');
  await store.registerNode(nodeId, options.nodeUrl);
  logger.info({ event: 'node-registered', node: nodeId, url: options.nodeUrl, store: store.kind }, 'lab node registered');

  const beat = async () => {
    await store.heartbeat(nodeId);
    const closed = await store.closeSessionsOfStaleNodes(Date.now() - MISSED_HEARTBEATS * options.heartbeatMs, `its lab node missed ${MISSED_HEARTBEATS} heartbeats`);
    logClosed(logger, 'node-lost', closed, 'closed the sessions of lab nodes that stopped answering');
    return closed;
  };
  let running = false;
  const timer = setInterval(() => {
    // A slow store must not pile heartbeats up: skip a beat while the previous one is running.
    if (running) return;
    running = true;
    beat()
      .catch((error: unknown) => logger.error({ event: 'node-heartbeat-failed', node: nodeId, err: error }, 'heartbeat to the store failed'))
      .finally(() => (running = false));
  }, options.heartbeatMs);
  timer.unref();
  return { beat, stop: () => clearInterval(timer) };
}
