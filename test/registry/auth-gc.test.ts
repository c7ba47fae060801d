/**
 * Per-lesson registry settings with the real registry and real sandboxes: distribution verifies the
 * lab's tokens itself (the token dance from inside the sandbox, insufficient_scope included), Basic
 * auth against the htpasswd file, deletes switched off, and garbage collection run from the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManager, testConfig } from '../helpers/lab.ts';
import type { LabSession, SessionManager } from '../../server/sessions/index.ts';
import { FrontMatter } from '../../server/lessons/schema.ts';
import { probeRegistryBinary } from '../../server/registry/index.ts';
import { registryBinary } from '../helpers/lab.ts';
import { isAlive } from '../../server/sandbox/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

let manager: SessionManager;
let stop: () => Promise<void>;
let learnerNumber = 0;

beforeAll(async () => {
  ({ manager, stop } = await startManager(testConfig()));
});
afterAll(async () => stop());

async function session(settings: { auth: 'none' | 'basic' | 'token'; delete: boolean; gc: boolean }): Promise<LabSession> {
  learnerNumber += 1;
  const created = await manager.create({ learnerId: learnerNumber.toString(16).padStart(32, '0'), lesson: null, hosts: ['host-1'] });
  await created.configureRegistry(settings);
  return created;
}

async function shell(s: LabSession, script: string): Promise<string> {
  const result = await s.host('host-1').run(script);
  return result.stdout + result.stderr;
}

/** The status line and one header of a curl -si answer. */
const statusOf = (answer: string) => /^HTTP\/1\.1 (\d+)/m.exec(answer)?.[1];

describe('auth: token', () => {
  let s: LabSession;
  beforeAll(async () => {
    s = await session({ auth: 'token', delete: true, gc: false });
  });

  it('answers 401 with a Bearer challenge that names the lab realm, service and scope', async () => {
    const answer = await shell(s, 'curl -si localhost:5000/v2/lab/app/tags/list');
    expect(statusOf(answer)).toBe('401');
    expect(answer).toMatch(/Www-Authenticate: Bearer realm="http:\/\/localhost:5001\/token",service="registry-lab",scope="repository:lab\/app:pull"/i);
  });

  it('gives a pull token the registry accepts for GET and refuses for a push, with insufficient_scope', async () => {
    const answer = await shell(s, [
      'TOKEN=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:lab/app:pull" | jq -r .token)',
      'curl -s -o /dev/null -w "get=%{http_code}\\n" -H "Authorization: Bearer $TOKEN" localhost:5000/v2/',
      'curl -si -X POST -H "Authorization: Bearer $TOKEN" localhost:5000/v2/lab/app/blobs/uploads/ | grep -i "^www-authenticate"',
      'PUSH=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:lab/app:pull,push" | jq -r .token)',
      'curl -s -o /dev/null -w "post=%{http_code}\\n" -X POST -H "Authorization: Bearer $PUSH" localhost:5000/v2/lab/app/blobs/uploads/',
    ].join('\n'));
    expect(answer).toContain('get=200');
    expect(answer).toMatch(/error="insufficient_scope"/);
    expect(answer).toContain('post=202');
  });

  it('refuses a token to wrong credentials and a scope with an unknown action, and records the realm exchanges', async () => {
    const answer = await shell(s, [
      'curl -s -o /dev/null -w "wrong=%{http_code}\\n" -u "$REGISTRY_USER:nope" "http://localhost:5001/token?service=registry-lab&scope=repository:lab/app:pull"',
      'curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:lab/app:fly"',
    ].join('\n'));
    expect(answer).toContain('wrong=401');
    expect(answer).toContain('unknown action \\"fly\\"');
    const realm = s.traffic().filter((entry) => entry.endpoint === 'lab');
    expect(realm.map((entry) => entry.status)).toEqual(expect.arrayContaining([200, 401, 400]));
    expect(realm.find((entry) => entry.status === 200)?.note).toMatch(/repository:lab\/app:pull/);
    expect(JSON.stringify(s.traffic())).not.toContain(s.registryProcess.learnerCredentials.password);
  });

  it('keeps the lab\u2019s own client (checkers, inspector) working against the token registry', async () => {
    await s.registry.pushBlob('lab/app', Buffer.from('checker'));
    expect(await s.registry.catalog()).toContain('lab/app');
  });
});

describe('auth: basic, and deletes switched off', () => {
  it('answers 401 Basic without credentials, 200 with the learner\u2019s, and 405 UNSUPPORTED to a DELETE', async () => {
    const s = await session({ auth: 'basic', delete: false, gc: false });
    const { digest } = await s.registry.pushBlob('lab/basic', Buffer.from('basic'));
    const answer = await shell(s, [
      'curl -si localhost:5000/v2/ | grep -i "^www-authenticate"',
      'curl -s -o /dev/null -w "with=%{http_code}\\n" -u "$REGISTRY_USER:$REGISTRY_PASSWORD" localhost:5000/v2/',
      `curl -s -w "\\ndelete=%{http_code}\\n" -X DELETE -u "$REGISTRY_USER:$REGISTRY_PASSWORD" localhost:5000/v2/lab/basic/blobs/${digest}`,
      'curl -s -o /dev/null -w "realm=%{http_code}\\n" localhost:5001/token || echo realm=none',
    ].join('\n'));
    expect(answer).toMatch(/Www-Authenticate: Basic realm="registry-lab"/i);
    expect(answer).toContain('with=200');
    expect(answer).toContain('delete=405');
    expect(answer).toContain('UNSUPPORTED');
    expect(answer).toContain('realm=000');
  });
});

describe('garbage collection from the sandbox', () => {
  it('runs the registry\u2019s own garbage-collect: a dry run deletes nothing, the real run removes the orphan blob', async () => {
    const s = await session({ auth: 'none', delete: true, gc: true });
    const { digest } = await s.registry.pushBlob('lab/gc', Buffer.from('an orphan blob nobody references'));
    const hex = digest.slice('sha256:'.length);
    const data = `/var/lib/registry/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
    const dry = await shell(s, `registry-gc --dry-run; test -f ${data} && echo still-there`);
    expect(dry).toContain('$ registry garbage-collect --dry-run /etc/registry/config.yml');
    expect(dry).toMatch(/1 blobs and 0 manifests eligible for deletion/);
    expect(dry).toContain('still-there');
    const real = await shell(s, `registry-gc; test -f ${data} || echo gone; curl -s -o /dev/null -w "v2=%{http_code}\\n" localhost:5000/v2/`);
    expect(real).toContain(`blob eligible for deletion: ${digest}`);
    expect(real).toContain('gone');
    expect(real).toContain('v2=200');
    const gcEntries = s.traffic().filter((entry) => entry.path === '/gc');
    expect(gcEntries.map((entry) => entry.query)).toEqual(['dry-run=true&delete-untagged=false', 'dry-run=false&delete-untagged=false']);
    expect(gcEntries[1]!.mutating).toBe(true);
  });

  it('ends a session during a collection without serving its deleted storage again or calling the registry dead', async () => {
    const s = await session({ auth: 'none', delete: true, gc: true });
    const failures: string[] = [];
    manager.on('failed', (failed, reason) => {
      if (failed.id === s.id) failures.push(reason);
    });
    const collection = s.registryProcess.garbageCollect({ dryRun: true, deleteUntagged: false });
    await manager.close(s, 'test');
    await collection.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.registryProcess.pid === undefined || !isAlive(s.registryProcess.pid)).toBe(true);
    expect(failures).toEqual([]);
  });

  it('holds the lab\u2019s own requests while a collection has the registry stopped, instead of failing them', async () => {
    const s = await session({ auth: 'token', delete: true, gc: true });
    await s.registry.pushBlob('lab/held', Buffer.from('held'));
    const collection = s.registryProcess.garbageCollect({ dryRun: false, deleteUntagged: false });
    const during = await Promise.all(Array.from({ length: 5 }, () => s.registry.catalog()));
    expect(during.every((repositories) => repositories.includes('lab/held'))).toBe(true);
    expect((await collection).exitCode).toBe(0);
  });

  it('answers the lab\u2019s requests that were in flight when a collection stopped the registry, and those on its kept-alive sockets after', async () => {
    const s = await session({ auth: 'none', delete: true, gc: true });
    await s.registry.pushBlob('lab/held', Buffer.from('held'));
    const failures: string[] = [];
    const catalogs = () => Array.from({ length: 8 }, () => s.registry.catalog().catch((error: Error) => failures.push(error.message)));
    for (let round = 0; round < 10; round++) {
      await Promise.all([...catalogs(), s.registryProcess.garbageCollect({ dryRun: true, deleteUntagged: false })]);
      await Promise.all(catalogs());
    }
    expect(failures).toEqual([]);
  });

  it('brings localhost:5001 back with lab-reconnect-registry after the learner killed its forwarder', async () => {
    const s = await session({ auth: 'none', delete: true, gc: true });
    // garbage-collect exits 1 on storage that has no repository yet.
    await s.registry.pushBlob('lab/reconnect', Buffer.from('something to collect'));
    const answer = await shell(s, [
      'for pid in $(pgrep -f "TCP-LISTEN:5001"); do kill "$pid"; done; sleep 0.2',
      'curl -s -o /dev/null -w "before=%{http_code}\\n" -X POST "localhost:5001/gc?dry-run=true"',
      '. /etc/lab/bashrc; lab-reconnect-registry; sleep 0.2',
      'curl -s -o /dev/null -w "after=%{http_code}\\n" -X POST "localhost:5001/gc?dry-run=true"',
    ].join('\n'));
    expect(answer).toContain('before=000');
    expect(answer).toContain('after=200');
  });

  it('refuses unknown parameters and is absent where the lesson did not ask for it', async () => {
    const withGc = await session({ auth: 'none', delete: true, gc: true });
    expect(await shell(withGc, 'curl -s -X POST "localhost:5001/gc?dry-run=yes"')).toContain('INVALID_REQUEST');
    expect(await shell(withGc, 'registry-gc --now')).toContain('unknown option --now');
    const without = await session({ auth: 'token', delete: true, gc: false });
    expect(await shell(without, 'curl -s -X POST localhost:5001/gc')).toContain('NOT_FOUND');
  });
});

describe('the lab service is hostile input\u2019s first stop', () => {
  it('bounds the request line and the token rate, and says so without echoing secrets or paths', async () => {
    const s = await session({ auth: 'token', delete: true, gc: false });
    const long = await shell(s, `curl -s -o /dev/null -w "%{http_code}\\n" "http://localhost:5001/token?scope=$(head -c 5000 /dev/zero | tr '\\0' a)"`);
    expect(long.trim()).toBe('414');
    // A request target no URL parser reads gets a 400 it can read, not a dropped connection.
    const unreadable = await shell(s, `printf 'GET //[ HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' | socat -t 5 - TCP:localhost:5001 | head -c 200`);
    expect(unreadable).toMatch(/^HTTP\/1\.1 400[\s\S]*INVALID_REQUEST/);
    const statuses = await shell(s, 'for i in $(seq 125); do curl -s -o /dev/null -w "%{http_code} " -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab"; done');
    expect(statuses.trim().split(' ').filter((code) => code === '429').length).toBeGreaterThan(0);
    const refused = s.traffic().filter((entry) => entry.endpoint === 'lab' && entry.status >= 400);
    expect(JSON.stringify(refused)).not.toMatch(/\/var\/|\/run\/|sessions\//);
  });
});

describe('the lab service under a connection flood', () => {
  it('refuses connections past its bound while they stay open, and answers again once they close', async () => {
    const s = await session({ auth: 'token', delete: true, gc: false });
    const socketPath = path.join(s.dir, 'proxy', 'lab.sock');
    const flood = await Promise.all(Array.from({ length: 40 }, () => new Promise<net.Socket>((resolve) => {
      const socket = net.connect(socketPath, () => resolve(socket));
      socket.on('error', () => resolve(socket));
    })));
    const during = await shell(s, 'curl -s -m 2 -o /dev/null -w "%{http_code}" "localhost:5001/token?service=registry-lab"');
    flood.forEach((socket) => socket.destroy());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await shell(s, 'curl -s -m 2 -o /dev/null -w "%{http_code}" "localhost:5001/token?service=registry-lab"');
    expect(during).toBe('000');
    expect(after).toBe('401');
  });
});

describe('registry front matter', () => {
  const lesson = { id: 'demo', title: 'Demo lesson', summary: 'A lesson for the schema test.', order: 1, module: 'Distribution basics', tasks: [{ id: 'challenge', title: 'Challenge task' }] };

  it('fills in the defaults of a partial registry field and refuses a mode it does not know, naming the field and the choices', () => {
    const parsed = FrontMatter.parse({ ...lesson, registry: { auth: 'token' } });
    expect(parsed.registry).toEqual({ auth: 'token', delete: true, gc: false });
    const wrong = FrontMatter.safeParse({ ...lesson, registry: { auth: 'oauth', gc: 'yes' } });
    expect(wrong.success).toBe(false);
    const issues = wrong.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(/^registry\.auth: registry\.auth is none, basic \(htpasswd\) or token/), expect.stringMatching(/^registry\.gc: registry\.gc is true or false/)]));
  });
});

describe('capability probe', () => {
  it('finds that this registry binary verifies the lab\u2019s tokens, checks htpasswd and runs garbage-collect', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'probe-auth-'));
    try {
      const capabilities = await probeRegistryBinary({ dir, registryBin: registryBinary(), sandboxed: true });
      expect(capabilities).toMatchObject({ tokenAuth: true, basicAuth: true, garbageCollect: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
