/**
 * The lab's own endpoints of one session, reached from the sandbox at localhost:5001 (a socat
 * forward to a unix socket, like localhost:5000): the token realm of a registry with `auth: token`
 * (distribution's token protocol: GET /token?service=…&scope=… with Basic credentials answers a
 * signed JWT for the granted scope) and, for lessons with `gc: true`, POST /gc, which runs the
 * registry's own garbage-collect offline. Every byte here comes from the sandbox: sizes, rates
 * and parameters are bounded and validated, and errors carry no paths and no secrets.
 */
import { chmodSync, chownSync, rmSync } from 'node:fs';
import http from 'node:http';
import { z } from 'zod';
import { authorizationScheme, credentialsMatch, parseScope, TOKEN_SECONDS, TOKEN_SERVICE, type Access } from './auth.ts';
import type { GarbageCollectResult, RegistryProcess } from './process.ts';

/** One exchange as the traffic panel shows it (the recorder fills in id and timing). */
export interface LabExchange {
  method: string;
  path: string;
  query: string;
  status: number;
  startedAt: number;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBytes: number;
  responseBytes: number;
  /** What happened, in words: the access a token grants, or the garbage collection's summary. */
  note: string;
  errorBody?: string;
  mutating: boolean;
}

export interface LabServiceOptions {
  listenSocket: string;
  registry: RegistryProcess;
  /** Host uid of the session's sandboxes, which must be able to connect (as root). */
  ownerUid: number | undefined;
  record: (exchange: LabExchange) => void;
  /** Told about a failure the service could not answer with an error response (it then drops the connection). */
  onError: (error: Error) => void;
}

const MAX_URL = 4096;
const MAX_SCOPES = 8;
/** Token requests per session per minute; a learner types a few, a loop hits this at once. */
const TOKENS_PER_MINUTE = 120;
const GC_PER_MINUTE = 10;
/** Open connections from the sandbox at once: a shell needs a few, a loop of curls in the background a few more. */
const MAX_CONNECTIONS = 32;

const TokenQuery = z.object({
  service: z.string({ message: `service is missing: copy it from WWW-Authenticate (service="${TOKEN_SERVICE}")` }).max(256),
  scope: z.array(z.string().max(512)).max(MAX_SCOPES, `at most ${MAX_SCOPES} scope parameters`),
});

const GcQuery = z.object({
  'dry-run': z.enum(['true', 'false']).default('false'),
  'delete-untagged': z.enum(['true', 'false']).default('false'),
}).strict();

class ServiceError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** A fixed window per minute: enough to keep a loop in the sandbox from costing the server much. */
class MinuteBudget {
  private windowStart = 0;
  private used = 0;
  constructor(private readonly perMinute: number) {}
  take(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used += 1;
    return this.used <= this.perMinute;
  }
}

function describeAccess(access: Access[]): string {
  if (!access.length) return 'no access (enough for GET /v2/ only)';
  return access.map((entry) => `${entry.type}:${entry.name}:${entry.actions.join(',')}`).join(' ');
}

/** The user name of a Basic header (never the password), or undefined. */
function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The request target as a URL, or undefined for one no URL parser reads (`//[` is a host that never closes). */
function requestTarget(raw: string): URL | undefined {
  return URL.canParse(raw, 'http://localhost') ? new URL(raw, 'http://localhost') : undefined;
}

export class LabService {
  private server: http.Server | undefined;
  private readonly tokenBudget = new MinuteBudget(TOKENS_PER_MINUTE);
  private readonly gcBudget = new MinuteBudget(GC_PER_MINUTE);
  private gcRunning = false;

  constructor(private readonly options: LabServiceOptions) {}

  async start(): Promise<void> {
    rmSync(this.options.listenSocket, { force: true });
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        res.destroy();
        this.options.onError(error);
      });
    });
    server.maxConnections = MAX_CONNECTIONS;
    server.requestTimeout = 90_000;
    server.headersTimeout = 10_000;
    server.maxHeadersCount = 50;
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.options.listenSocket, resolve));
    this.server = server;
    chmodSync(this.options.listenSocket, 0o600);
    if (this.options.ownerUid !== undefined) chownSync(this.options.listenSocket, this.options.ownerUid, this.options.ownerUid);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    rmSync(this.options.listenSocket, { force: true });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const rawUrl = req.url ?? '/';
    const url = requestTarget(rawUrl.slice(0, MAX_URL));
    const exchange: LabExchange = {
      method: req.method ?? 'GET',
      path: (url?.pathname ?? rawUrl).slice(0, 256),
      query: (url?.search ?? '').slice(1, 2048),
      status: 0,
      startedAt,
      requestHeaders: authorizationScheme(req.headers.authorization),
      responseHeaders: {},
      requestBytes: 0,
      responseBytes: 0,
      note: '',
      mutating: req.method === 'POST',
    };
    // Nothing here reads a body: drain what comes, but not more than a little.
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
      exchange.requestBytes = bodyBytes;
      if (bodyBytes > 64 * 1024) req.destroy();
    });
    try {
      if (rawUrl.length > MAX_URL) throw new ServiceError(414, 'URI_TOO_LONG', `the request line is over ${MAX_URL} characters`);
      if (!url) throw new ServiceError(400, 'INVALID_REQUEST', 'the request target is not a path this service can read; ask for /token or /gc');
      if (url.pathname === '/token') await this.token(req, url, exchange, res);
      else if (url.pathname === '/gc' && this.options.registry.settings.gc) await this.garbageCollect(req, url, exchange, res);
      else throw new ServiceError(404, 'NOT_FOUND', this.options.registry.settings.gc ? 'this lab service answers GET /token and POST /gc' : 'this lab service answers GET /token');
    } catch (error) {
      const failure = error instanceof ServiceError ? error : new ServiceError(500, 'UNKNOWN', 'the lab service failed; try again');
      const body = JSON.stringify({ errors: [{ code: failure.code, message: failure.message }] });
      exchange.errorBody = body;
      exchange.note = failure.message;
      this.send(res, exchange, failure.status, { 'content-type': 'application/json', ...failure.headers }, body);
    }
  }

  private send(res: http.ServerResponse, exchange: LabExchange, status: number, headers: Record<string, string>, body: string): void {
    exchange.status = status;
    exchange.responseHeaders = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    exchange.responseBytes = Buffer.byteLength(body);
    if (!res.headersSent) res.writeHead(status, exchange.responseHeaders).end(body);
    this.options.record(exchange);
  }

  private async token(req: http.IncomingMessage, url: URL, exchange: LabExchange, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET') throw new ServiceError(405, 'UNSUPPORTED', 'ask for a token with GET /token?service=…&scope=…', { allow: 'GET' });
    const issuer = this.options.registry.issuer;
    if (!issuer) throw new ServiceError(404, 'NOT_FOUND', 'this lesson\u2019s registry does not use tokens: it has no token realm');
    if (!this.tokenBudget.take()) throw new ServiceError(429, 'TOO_MANY_REQUESTS', `more than ${TOKENS_PER_MINUTE} token requests in a minute; wait a moment`, { 'retry-after': '60' });
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials || !credentialsMatch(this.options.registry.learnerCredentials, credentials.user, credentials.password)) {
      throw new ServiceError(401, 'UNAUTHORIZED', credentials
        ? 'wrong user name or password for the token service (yours are in $REGISTRY_USER and $REGISTRY_PASSWORD)'
        : 'the token service needs your user name and password: curl -u "$REGISTRY_USER:$REGISTRY_PASSWORD" …', { 'www-authenticate': 'Basic realm="registry-lab token service"' });
    }
    const query = TokenQuery.safeParse({ service: url.searchParams.get('service') ?? undefined, scope: url.searchParams.getAll('scope') });
    if (!query.success) throw new ServiceError(400, 'INVALID_REQUEST', query.error.issues[0]!.message);
    if (query.data.service !== TOKEN_SERVICE) throw new ServiceError(400, 'INVALID_REQUEST', `service "${query.data.service.slice(0, 64)}" is not this registry\u2019s; WWW-Authenticate says service="${TOKEN_SERVICE}"`);
    const access: Access[] = [];
    for (const scope of query.data.scope.flatMap((value) => value.split(' ')).filter(Boolean)) {
      const parsed = parseScope(scope);
      if (typeof parsed === 'string') throw new ServiceError(400, 'INVALID_REQUEST', `scope ${parsed}`);
      access.push(parsed);
    }
    const { token, issuedAt } = await issuer.mint(credentials.user, access);
    exchange.note = `token for ${credentials.user}: ${describeAccess(access)}, valid ${TOKEN_SECONDS} s`;
    const body = JSON.stringify({ token, access_token: token, expires_in: TOKEN_SECONDS, issued_at: issuedAt.toISOString() });
    this.send(res, exchange, 200, { 'content-type': 'application/json' }, body);
  }

  private async garbageCollect(req: http.IncomingMessage, url: URL, exchange: LabExchange, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') throw new ServiceError(405, 'UNSUPPORTED', 'run garbage collection with POST /gc (the registry-gc command does)', { allow: 'POST' });
    const query = GcQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw new ServiceError(400, 'INVALID_REQUEST', 'POST /gc takes dry-run=true|false and delete-untagged=true|false, nothing else');
    if (this.gcRunning) throw new ServiceError(409, 'BUSY', 'a garbage collection is running in this session; wait for it');
    if (!this.gcBudget.take()) throw new ServiceError(429, 'TOO_MANY_REQUESTS', `more than ${GC_PER_MINUTE} garbage collections in a minute; wait a moment`, { 'retry-after': '60' });
    this.gcRunning = true;
    let result: GarbageCollectResult;
    try {
      result = await this.options.registry.garbageCollect({ dryRun: query.data['dry-run'] === 'true', deleteUntagged: query.data['delete-untagged'] === 'true' });
    } finally {
      this.gcRunning = false;
    }
    const summary = /\d+ blobs marked, \d+ blobs and \d+ manifests eligible for deletion/.exec(result.output)?.[0];
    exchange.note = `${result.command}: ${summary ?? `exit code ${result.exitCode}`}`;
    exchange.mutating = query.data['dry-run'] === 'false';
    const body = `$ ${result.command}\n${result.output}${result.output.endsWith('\n') ? '' : '\n'}`;
    this.send(res, exchange, result.exitCode === 0 ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8', 'x-exit-code': String(result.exitCode ?? 'killed') }, body);
  }
}
