/**
 * The terminal gateway (design §4.3): WebSocket upgrades for /api/sessions/:id/terminals/:host,
 * single-use tickets, one live terminal per session host with flow control and reconnect.
 * Every byte from the browser is treated as hostile: bad frames close the connection with 1008
 * and a log line, never an exception.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { IPty } from 'node-pty';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MirrorHost, type MirrorStats } from './mirror-host.ts';
import { clampSize, TerminalLimits, parseClientMessage, type TerminalClientMessage } from './protocol.ts';
import { LiveTerminal, sendControl } from './terminal.ts';
import { TicketBook } from './tickets.ts';

export { FlowControl, TerminalLimits, clampSize } from './protocol.ts';
export { EscapeClamp } from './escape-clamp.ts';
export { MirrorHost, type MirrorSource } from './mirror-host.ts';
export type { TerminalClientMessage, TerminalServerMessage } from './protocol.ts';

export interface TerminalTarget {
  spawnPty(cols: number, rows: number): IPty;
  onActivity(): void;
}

export interface TerminalServiceOptions {
  allowedOrigins: string[];
  graceMs: number;
  logger: Logger;
  learnerFromRequest(req: IncomingMessage): string | undefined;
  /** undefined when the session or host does not exist or the learner does not own it. */
  findTarget(sessionId: string, host: string, learnerId: string): TerminalTarget | undefined;
}

export interface TerminalService {
  issueTicket(sessionId: string, host: string, learnerId: string): string;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  closeSession(sessionId: string): void;
  /** What a session host's terminal shows now, from the server's mirror (for a read-only view); undefined when it has none. */
  screen(sessionId: string, host: string): Promise<{ cols: number; rows: number; data: string } | undefined>;
  /** maxQueuedBytes: the most output any one terminal has sent but not had acknowledged. */
  stats(): { connections: number; terminals: number; maxQueuedBytes: number; tickets: number; mirror: MirrorStats };
  close(): void;
}

const PATH = /^\/api\/sessions\/([a-f0-9]{24})\/terminals\/(host-[1-9])$/;

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A token bucket: allows `rate` units per second with bursts of up to `burst` units (one second's worth by default). */
function bucket(rate: number, burst = rate): (units: number) => boolean {
  let tokens = burst;
  let last = Date.now();
  return (units) => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < units) return false;
    tokens -= units;
    return true;
  };
}

/** Sent instead of a snapshot when the mirror has none: a clean screen that says why it is empty. */
const SCREEN_LOST = Buffer.from('\x1bc\r\n\x1b[2m[registry-lab: the earlier screen of this terminal could not be restored]\x1b[0m\r\n');

export function createTerminalService(options: TerminalServiceOptions): TerminalService {
  const { logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: TerminalLimits.MAX_PAYLOAD, perMessageDeflate: false });
  const tickets = new TicketBook();
  const terminals = new Map<string, LiveTerminal>();
  const mirrors = new MirrorHost(logger);
  /** Hellos each terminal may still take (RECONNECTS_PER_MINUTE): a reconnect costs a snapshot and its bytes. */
  const connectBudgets = new Map<string, (units: number) => boolean>();
  const allowed = new Set(options.allowedOrigins);

  const connectAllowed = (key: string) => {
    let allowance = connectBudgets.get(key);
    if (!allowance) connectBudgets.set(key, (allowance = bucket(TerminalLimits.RECONNECTS_PER_MINUTE / 60, TerminalLimits.RECONNECT_BURST)));
    return allowance(1);
  };

  const reject = (ws: WebSocket, reason: 'auth' | 'bad-message' | 'rate-limit' | 'hello-timeout' | 'unavailable', detail: string, key: string) => {
    logger.warn({ event: 'terminal-rejected', terminal: key, reason, detail }, 'terminal connection closed');
    sendControl(ws, { t: 'error', reason });
    ws.close(1008, reason);
  };

  async function start(ws: WebSocket, key: string, target: TerminalTarget, hello: Extract<TerminalClientMessage, { t: 'hello' }>): Promise<LiveTerminal> {
    const { cols, rows } = clampSize(hello.cols, hello.rows);
    const existing = terminals.get(key);
    if (!existing) {
      const terminal = new LiveTerminal(key, target.spawnPty(cols, rows), cols, rows, options.graceMs, mirrors, (gone) => {
        if (terminals.get(key) === gone) terminals.delete(key);
      });
      terminals.set(key, terminal);
      terminal.attach(ws);
      sendControl(ws, { t: 'ready', mode: 'fresh', seq: 0 });
      return terminal;
    }
    // Replay first, attach after: a detached pty is paused, so nothing new slips in between.
    const missed = hello.lastSeq === undefined ? undefined : existing.mirror.framesSince(hello.lastSeq);
    if (missed) {
      sendControl(ws, { t: 'ready', mode: 'resume', seq: existing.mirror.seq });
      for (const frame of missed) ws.send(frame, { binary: true });
    } else {
      const snapshot = await existing.mirror.snapshot();
      if (ws.readyState !== ws.OPEN) throw new Error('the connection closed while its snapshot was made');
      // The snapshot may be a cached one: the frames after it complete the screen.
      const since = snapshot && existing.mirror.framesSince(snapshot.seq);
      if (snapshot && since) {
        sendControl(ws, { t: 'ready', mode: 'snapshot', seq: snapshot.seq });
        for (const data of [snapshot.data, ...since]) ws.send(data, { binary: true });
      } else {
        logger.warn({ event: 'terminal-snapshot-unavailable', terminal: key }, 'reconnect without a snapshot: the mirror has none');
        sendControl(ws, { t: 'ready', mode: 'snapshot', seq: existing.mirror.seq });
        ws.send(SCREEN_LOST, { binary: true });
      }
    }
    existing.attach(ws);
    existing.resize(cols, rows);
    return existing;
  }

  function serve(ws: WebSocket, key: string, learnerId: string, target: TerminalTarget): void {
    let terminal: LiveTerminal | undefined;
    let starting = false;
    /** Keystrokes that arrive while the terminal is being spawned or replayed; typed once it is ready. */
    const early: Buffer[] = [];
    const inputAllowed = bucket(TerminalLimits.INPUT_BYTES_PER_SECOND);
    const resizeAllowed = bucket(TerminalLimits.RESIZES_PER_SECOND);
    const helloTimer = setTimeout(() => reject(ws, 'hello-timeout', 'no hello within 5 s', key), TerminalLimits.HELLO_TIMEOUT_MS);
    let alive = true;
    const pinger = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, TerminalLimits.PING_INTERVAL_MS);
    ws.on('pong', () => (alive = true));

    const onHello = (message: Extract<TerminalClientMessage, { t: 'hello' }>) => {
      const ticket = tickets.take(message.ticket);
      if (!ticket || ticket.key !== key || ticket.learnerId !== learnerId) {
        return reject(ws, 'auth', 'unknown, used, revoked or expired ticket', key);
      }
      clearTimeout(helloTimer);
      if (!connectAllowed(key)) return reject(ws, 'rate-limit', `more than ${TerminalLimits.RECONNECTS_PER_MINUTE} connections a minute to this terminal`, key);
      starting = true;
      start(ws, key, target, message).then(
        (started) => {
          terminal = started;
          starting = false;
          for (const bytes of early.splice(0)) started.input(bytes);
          logger.info({ event: 'terminal-attached', terminal: key }, 'terminal attached');
        },
        (error: Error) => reject(ws, 'unavailable', error.message, key),
      );
    };

    const onControl = (message: TerminalClientMessage) => {
      if (message.t === 'hello') return reject(ws, 'bad-message', 'second hello', key);
      if (message.t === 'ping') return sendControl(ws, { t: 'pong', ts: message.ts });
      if (message.t === 'ack') return terminal?.ack(message.bytes);
      if (!resizeAllowed(1)) return;
      const size = clampSize(message.cols, message.rows);
      terminal?.resize(size.cols, size.rows);
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        if (!terminal && !starting) return reject(ws, 'bad-message', 'input before hello', key);
        if (!inputAllowed(bytes.length)) return reject(ws, 'rate-limit', `input faster than ${TerminalLimits.INPUT_BYTES_PER_SECOND} B/s`, key);
        target.onActivity();
        return terminal ? terminal.input(bytes) : void early.push(bytes);
      }
      const message = parseClientMessage(bytes.toString('utf8'));
      if (!message) return reject(ws, 'bad-message', 'not a valid control message', key);
      if (!terminal && !starting) {
        return message.t === 'hello' ? onHello(message) : reject(ws, 'bad-message', `${message.t} before hello`, key);
      }
      onControl(message);
    });
    ws.on('error', (error) => logger.warn({ event: 'terminal-socket-error', terminal: key, err: error.message }, 'terminal socket error'));
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clearInterval(pinger);
      terminal?.detach(ws);
    });
  }

  return {
    issueTicket(sessionId, host, learnerId) {
      return tickets.issue(sessionId, host, learnerId);
    },

    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      const origin = req.headers.origin ?? '';
      if (!allowed.has(origin)) {
        logger.warn({ event: 'terminal-origin-refused', origin }, 'terminal upgrade from a foreign origin');
        return refuse(socket, 403, 'Forbidden');
      }
      const learnerId = options.learnerFromRequest(req);
      if (!learnerId) return refuse(socket, 401, 'Unauthorized');
      const match = PATH.exec(new URL(req.url ?? '/', 'http://lab').pathname);
      const target = match && options.findTarget(match[1]!, match[2]!, learnerId);
      if (!match || !target) return refuse(socket, 404, 'Not Found');
      const key = `${match[1]}/${match[2]}`;
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, key, learnerId, target));
    },

    closeSession(sessionId) {
      for (const [key, terminal] of terminals) if (key.startsWith(`${sessionId}/`)) terminal.kill();
      for (const key of connectBudgets.keys()) if (key.startsWith(`${sessionId}/`)) connectBudgets.delete(key);
      tickets.dropSession(sessionId);
    },

    async screen(sessionId, host) {
      const terminal = terminals.get(`${sessionId}/${host}`);
      // Only the mirror's serialized screen, never raw output: the viewer's browser must not parse a learner's bytes.
      const snapshot = await terminal?.mirror.snapshot({ current: true });
      if (!terminal || !snapshot) return undefined;
      return { ...terminal.mirror.size, data: snapshot.data.toString('utf8') };
    },

    stats() {
      const queued = [...terminals.values()].map((terminal) => terminal.queuedBytes);
      return { connections: wss.clients.size, terminals: terminals.size, maxQueuedBytes: Math.max(0, ...queued), tickets: tickets.size, mirror: { ...mirrors.stats } };
    },

    close() {
      for (const terminal of terminals.values()) terminal.kill();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      mirrors.close();
    },
  };
}
