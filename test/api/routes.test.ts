/**
 * The README's "HTTP API" table is the API's documentation: every route it lists is served by the
 * real lab (a request reaches a handler, not the "No such API route" fallback), and every route the
 * routers define is listed there. A route added, renamed or dropped on either side turns this red.
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';

interface Route {
  method: string;
  path: string;
}

/** The WebSocket terminal is served by the HTTP server's upgrade handler, not by a router. */
const WEBSOCKET = 'WebSocket';

function documentedRoutes(): (Route & { websocket: boolean })[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## HTTP API'), readme.indexOf('\n## ', readme.indexOf('## HTTP API') + 1));
  return [...section.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`[^|]*\| ([^\n]*)$/gm)].map((match) => ({
    method: match[1]!,
    path: match[2]!,
    websocket: match[3]!.startsWith(WEBSOCKET),
  }));
}

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every method and path the app's routers answer, read from Express's own route table. */
function servedRoutes(app: Express): Route[] {
  const walk = (stack: Layer[], prefix: string): Route[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const path = `${prefix}${layer.route.path === '/' ? '' : layer.route.path}` || '/';
        return Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path }));
      }
      if (layer.handle.stack && typeof layer.rawPath === 'string') return walk(layer.handle.stack, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`);
      return [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

/** Express's own catch-all pages (static files, the client's index.html) are not API routes. */
const isApiRoute = (route: Route) => route.path.startsWith('/api/') || route.path === '/healthz' || route.path === '/metrics';

let lab: Awaited<ReturnType<typeof startTestLab>>;
beforeAll(async () => {
  lab = await startTestLab();
});
afterAll(async () => lab?.stop());

const key = (route: Route) => `${route.method} ${route.path}`;

describe('README route table', () => {
  it('lists every route the routers serve, and nothing they do not', () => {
    const served = servedRoutes(lab.app).filter(isApiRoute).map(key).sort();
    const documented = documentedRoutes().filter((route) => !route.websocket).map(key).sort();
    expect(served.length).toBeGreaterThan(15);
    expect(served).toEqual(documented);
  });

  it('every documented route reaches a handler of the running lab', async () => {
    // A session id nobody owns: each /api/sessions/:id route answers "No such session", not "No such API route".
    const values: Record<string, string> = { id: '0'.repeat(24), host: 'host-1', task: 'upload' };
    for (const route of documentedRoutes().filter((candidate) => !candidate.websocket)) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => values[name]!);
      const res = await fetch(`${lab.origin}${path}`, { method: route.method, headers: { 'content-type': 'application/json' }, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}' });
      const text = await res.text();
      const message = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { error?: { message?: string } }).error?.message : undefined;
      const fellThrough = res.status === 404 && (message === undefined || message === 'No such API route');
      expect({ route: key(route), status: res.status, fellThrough }).toEqual({ route: key(route), status: res.status, fellThrough: false });
    }
  });
});
