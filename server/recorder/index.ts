/**
 * Traffic recorder: a per-session HTTP proxy between the learner's sandboxes and their registry.
 * It streams bodies straight through (never buffering them) and records one TrafficEntry per
 * exchange: the headers that matter for teaching, sizes, timing and the registry's error body.
 * The Host header passes through, so the registry's Location headers read http://localhost:5000/...
 */
import { EventEmitter } from 'node:events';
import { chmodSync, chownSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorizationScheme, parseErrors, type LabExchange } from '../registry/index.ts';
import type { TrafficEntry } from './types.ts';

export type { TrafficEntry };

const KEPT_ENTRIES = 500;
const ERROR_BODY_LIMIT = 4096;
/** Recorded paths, queries and header values are cut here: 500 entries per session stay small, whatever a learner sends. */
const RECORDED_TEXT_LIMIT = 2048;
const RECORDED_HEADER_LIMIT = 512;
const RECORDED_REQUEST_HEADERS = ['content-type', 'content-length', 'accept', 'range', 'content-range', 'transfer-encoding'];
const RECORDED_RESPONSE_HEADERS = ['content-type', 'content-length', 'location', 'range', 'content-range', 'docker-content-digest', 'www-authenticate', 'link', 'docker-upload-uuid'];
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function pick(headers: http.IncomingHttpHeaders, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) picked[name] = clip(Array.isArray(value) ? value.join(', ') : value, RECORDED_HEADER_LIMIT);
  }
  return picked;
}

function clip(text: string, limit = RECORDED_TEXT_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit)}\u2026` : text;
}

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** The registry's response headers as it wrote them (name case included), minus hop-by-hop ones. */
function forwardableRaw(rawHeaders: string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (!HOP_BY_HOP.has(rawHeaders[index]!.toLowerCase())) kept.push(rawHeaders[index]!, rawHeaders[index + 1]!);
  }
  return kept;
}

export interface RecorderOptions {
  /** Where the sandboxes connect (the socket file is created here). */
  listenSocket: string;
  /** The registry's own socket. */
  registrySocket: string;
  /** Host uid that must be able to connect (the session's sandbox uid, when root). */
  ownerUid: number | undefined;
  /** Also listen on 127.0.0.1:<ephemeral> (LAB_SANDBOX=none has no private localhost:5000). */
  tcp: boolean;
}

/** Emits 'exchange' after each response finished or failed. */
export class TrafficRecorder extends EventEmitter<{ exchange: [entry: TrafficEntry] }> {
  private readonly servers: http.Server[] = [];
  private readonly entries: TrafficEntry[] = [];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private nextId = 1;
  private tcpAddress: string | undefined;
  private serialized: Buffer | undefined;

  constructor(private readonly options: RecorderOptions) {
    super();
  }

  /** host:port of the TCP listener, when there is one. */
  get address(): string | undefined {
    return this.tcpAddress;
  }

  async start(): Promise<void> {
    rmSync(this.options.listenSocket, { force: true });
    const unixServer = this.createServer();
    await new Promise<void>((resolve, reject) => unixServer.once('error', reject).listen(this.options.listenSocket, resolve));
    chmodSync(this.options.listenSocket, 0o600);
    if (this.options.ownerUid !== undefined) chownSync(this.options.listenSocket, this.options.ownerUid, this.options.ownerUid);
    if (this.options.tcp) {
      const tcpServer = this.createServer();
      await new Promise<void>((resolve, reject) => tcpServer.once('error', reject).listen(0, '127.0.0.1', resolve));
      this.tcpAddress = `127.0.0.1:${(tcpServer.address() as AddressInfo).port}`;
    }
  }

  list(): TrafficEntry[] {
    return [...this.entries];
  }

  /**
   * `{"entries": [...]}` as JSON bytes, serialized once per change: however many clients ask, the
   * main thread stringifies the (up to 500) entries once, and every response shares one buffer.
   */
  listJson(): Buffer {
    this.serialized ??= Buffer.from(JSON.stringify({ entries: this.entries }));
    return this.serialized;
  }

  clear(): void {
    this.entries.length = 0;
    this.serialized = undefined;
  }

  /** Records an exchange the lab's own service answered (token realm, garbage collection) beside the registry's. */
  recordLab(exchange: LabExchange): void {
    this.finish({
      ...exchange,
      id: this.nextId++,
      durationMs: 0,
      path: clip(exchange.path),
      query: clip(exchange.query),
      note: clip(exchange.note, RECORDED_HEADER_LIMIT),
      errors: exchange.errorBody ? parseErrors(Buffer.from(exchange.errorBody)) : [],
      endpoint: 'lab',
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
    );
    rmSync(this.options.listenSocket, { force: true });
  }

  private createServer(): http.Server {
    const server = http.createServer({ keepAlive: true }, (req, res) => this.forward(req, res));
    // Learners send large blobs slowly by hand; only idle sockets are closed.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.on('clientError', (_error, socket) => socket.destroy());
    this.servers.push(server);
    return server;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const startedAt = Date.now();
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const entry: TrafficEntry = {
      id: this.nextId++,
      startedAt,
      durationMs: 0,
      method: req.method ?? 'GET',
      path: clip(queryAt === -1 ? url : url.slice(0, queryAt)),
      query: clip(queryAt === -1 ? '' : url.slice(queryAt + 1)),
      status: 0,
      requestHeaders: { ...pick(req.headers, RECORDED_REQUEST_HEADERS), ...authorizationScheme(req.headers.authorization) },
      responseHeaders: {},
      requestBytes: 0,
      responseBytes: 0,
      errors: [],
      mutating: MUTATING.has(req.method ?? ''),
    };
    req.on('data', (chunk: Buffer) => (entry.requestBytes += chunk.length));

    const upstream = http.request(
      { socketPath: this.options.registrySocket, agent: this.agent, method: req.method, path: url, headers: forwardable(req.headers) },
      (upstreamRes) => this.relayResponse(entry, upstreamRes, res),
    );
    upstream.on('error', (error) => {
      req.unpipe(upstream);
      if (!res.headersSent) {
        const body = JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'the lab cannot reach this session\u2019s registry', detail: error.message }] });
        entry.status = 502;
        entry.errorBody = body;
        entry.errors = parseErrors(Buffer.from(body));
        res.writeHead(502, { 'content-type': 'application/json' }).end(body);
      } else {
        res.destroy();
      }
      this.finish(entry);
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  }

  private relayResponse(entry: TrafficEntry, upstreamRes: http.IncomingMessage, res: http.ServerResponse): void {
    entry.status = upstreamRes.statusCode ?? 0;
    entry.responseHeaders = pick(upstreamRes.headers, RECORDED_RESPONSE_HEADERS);
    const errorChunks: Buffer[] = [];
    let captured = 0;
    upstreamRes.on('data', (chunk: Buffer) => {
      entry.responseBytes += chunk.length;
      if (entry.status >= 400 && captured < ERROR_BODY_LIMIT) {
        errorChunks.push(chunk.subarray(0, ERROR_BODY_LIMIT - captured));
        captured += chunk.length;
      }
    });
    upstreamRes.on('end', () => {
      if (errorChunks.length) {
        const body = Buffer.concat(errorChunks);
        entry.errorBody = body.toString('utf8');
        entry.errors = parseErrors(body);
      }
      this.finish(entry);
    });
    // The registry dropped the connection mid-body (distribution 2.8 does so after a 416 that claims the
    // blob's size as Content-Length): drop the learner's too, or curl waits for bytes that never come.
    upstreamRes.on('error', () => {
      res.destroy();
      this.finish(entry);
    });
    // The learner sees exactly what the registry sent: "Location:", not Node's lower-cased "location:".
    res.writeHead(entry.status, upstreamRes.statusMessage, forwardableRaw(upstreamRes.rawHeaders));
    upstreamRes.pipe(res);
  }

  private finish(entry: TrafficEntry): void {
    if (entry.durationMs) return;
    entry.durationMs = Math.max(1, Date.now() - entry.startedAt);
    this.entries.push(entry);
    if (this.entries.length > KEPT_ENTRIES) this.entries.splice(0, this.entries.length - KEPT_ENTRIES);
    this.serialized = undefined;
    this.emit('exchange', entry);
  }
}
