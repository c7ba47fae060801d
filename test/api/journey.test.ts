/**
 * A learner's journey through the API, against the real server, registry and sandboxes: sessions
 * belong to the learner (cookie), not the tab; opening lesson after lesson never hits the cap; a busy
 * terminal is not ended without asking; extend; a reset that keeps the shells; progress that tells
 * the truth (a returning learner's work is replayed from the solution's per-task parts, never just
 * ticked); "Show me"; the instructor's read-only screen; the data directory's lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DataDirLockedError } from '../../server/sessions/index.ts';
import { startManager, testConfig } from '../helpers/lab.ts';
import { startTestLab } from '../helpers/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN_TOKEN = 'journey-instructor-token';

/**
 * A lessons folder whose push-blob solution is split into per-task parts of our own and whose other
 * solutions have none (the lessons' other files are links), so what is replayed does not depend on
 * the content engineers' solutions. The upload part first waits until ~/replay-gate exists: a replay
 * of it runs, as a setup-heavy lesson's would, until the test (typing as the learner) lets it go.
 */
function lessonsWithParts(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-journey-lessons-'));
  // Setups and checkers import the lab's modules by relative paths, which the test runner resolves from the links.
  for (const shared of ['checkers', 'server', 'kit']) symlinkSync(path.join(ROOT, shared), path.join(dir, shared));
  for (const lesson of ['push-blob', 'list-tags', 'purge', 'multi-arch']) {
    mkdirSync(path.join(dir, 'lessons', lesson), { recursive: true });
    for (const file of ['lesson.md', 'setup.ts']) symlinkSync(path.join(ROOT, 'lessons', lesson, file), path.join(dir, 'lessons', lesson, file));
    // The other lessons' solutions without their "# task:" lines: lessons with nothing to replay.
    const solution = readFileSync(path.join(ROOT, 'lessons', lesson, 'solution.sh'), 'utf8').replace(/^# task: .*$/gm, '');
    writeFileSync(path.join(dir, 'lessons', lesson, 'solution.sh'), solution);
  }
  writeFileSync(
    path.join(dir, 'lessons/push-blob/solution.sh'),
    [
      '# task: upload',
      'until [ -e ~/replay-gate ]; do sleep 0.1; done',
      'DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d" " -f1)"',
      'LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d "\\r" | sed -n "s/^[Ll]ocation: //p")',
      'curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"',
      '# task: download',
      '# host: host-2',
      'DIGEST="sha256:$(ls /var/lib/registry/docker/registry/v2/repositories/hello-world/_layers/sha256 | head -1)"',
      'curl -sf -o /tmp/blob.tar.gz "http://$REGISTRY/v2/hello-world/blobs/$DIGEST"',
      '',
    ].join('\n'),
  );
  return dir;
}

let lab: Awaited<ReturnType<typeof startTestLab>>;
let lessonsRoot: string;

/** The lab's log lines, warnings and errors among them: a replay stopped by the session's end or a reset logs neither. */
const logLines: Json[] = [];
const capturingLogger = () =>
  pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line) as Json) });

beforeAll(async () => {
  lessonsRoot = lessonsWithParts();
  lab = await startTestLab({ LAB_LESSONS_DIR: path.join(lessonsRoot, 'lessons'), LAB_ADMIN_TOKEN: ADMIN_TOKEN }, capturingLogger());
});
afterAll(async () => {
  await lab?.stop();
  rmSync(lessonsRoot, { recursive: true, force: true });
});

type Json = Record<string, any>;
async function call(method: string, url: string, cookie: string, body?: unknown): Promise<{ status: number; body: Json; cookie: string }> {
  const res = await fetch(`${lab.origin}${url}`, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const setCookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Json), cookie: setCookie ?? cookie };
}
const open = (lesson: string, cookie: string, extra: Json = {}) => call('POST', '/api/sessions', cookie, { lesson, ...extra });
const newLearner = async (lesson: string) => {
  const first = await open(lesson, '');
  return { cookie: first.cookie, session: first.body };
};
const taskStatus = async (id: string, cookie: string) => ((await call('GET', `/api/sessions/${id}/tasks`, cookie)).body.tasks as Json[]);

/** Opens host-1's terminal like the browser does and types a line into it. */
async function typeInTerminal(sessionId: string, cookie: string, line: string): Promise<{ ws: WebSocket; output: () => string }> {
  const { ticket } = (await call('POST', `/api/sessions/${sessionId}/terminals/host-1/ticket`, cookie)).body;
  const ws = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/host-1`, { origin: lab.origin, headers: { cookie } });
  let output = '';
  ws.on('message', (data, isBinary) => {
    if (isBinary) output += String(data);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 100, rows: 30 }));
  await waitFor(() => output.includes('$ '));
  ws.send(Buffer.from(`${line}\r`), { binary: true });
  return { ws, output: () => output };
}

/** Every `tasks` event of the session's stream, in order, as the browser's EventSource receives them; resolves once connected. */
async function taskEvents(sessionId: string, cookie: string): Promise<{ lists: Json[]; close(): void }> {
  const lists: Json[] = [];
  const stop = new AbortController();
  // The server listens for the session's events before it sends the headers.
  const res = await fetch(`${lab.origin}/api/sessions/${sessionId}/events`, { headers: { cookie }, signal: stop.signal });
  const read = async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: tasks$/m.test(block) && data) lists.push(JSON.parse(data) as Json);
      }
    }
  };
  read().catch((error: Error) => {
    if (error.name !== 'AbortError') throw error;
  });
  return { lists, close: () => stop.abort() };
}
const statusIn = (list: Json, task: string) => (list.tasks as Json[]).find((candidate) => candidate.id === task)?.status;

/** What runs as a host's uid (its shells, scripts and their children): nothing once the session ended. */
function processesOf(uid: number): string[] {
  const ps = spawnSync('ps', ['-u', String(uid), '-o', 'pid=,comm='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.trim());
}

/**
 * A learner passes upload and download, ends the session and opens the lesson again: the new
 * session is answered while its replay waits at the upload part's gate (~/replay-gate).
 */
async function returningLearner(): Promise<{ cookie: string; back: Json }> {
  const { cookie, session } = await newLearner('push-blob');
  const live = lab.sessions.get(session.id)!;
  await live.host('host-1').run('touch ~/replay-gate');
  for (const task of ['upload', 'download']) {
    const part = (await call('POST', `/api/sessions/${session.id}/tasks/${task}/show`, cookie)).body;
    for (const section of part.sections as Json[]) expect((await live.host(section.host).run(section.script)).code).toBe(0);
  }
  const checked = (await call('POST', `/api/sessions/${session.id}/check`, cookie)).body;
  expect([statusIn(checked, 'upload'), statusIn(checked, 'download')]).toEqual(['passed', 'passed']);
  expect((await call('DELETE', `/api/sessions/${session.id}`, cookie)).status).toBe(204);
  const back = await open('push-blob', cookie);
  expect(back.status).toBe(201);
  return { cookie, back: back.body };
}

async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a learner\u2019s sessions belong to the learner, not the tab', () => {
  it('opens four lessons in a row without a 429: each one ends the idle one before it', async () => {
    const { cookie } = await newLearner('push-blob');
    for (const lesson of ['list-tags', 'purge', 'multi-arch']) {
      const opened = await open(lesson, cookie);
      expect([lesson, opened.status]).toEqual([lesson, 201]);
      const mine = (await call('GET', '/api/me/sessions', cookie)).body.sessions as Json[];
      expect(mine.map((session) => session.lesson)).toEqual([lesson]);
    }
  });

  it('attaches a second tab or device to the learner\u2019s session for that lesson', async () => {
    const { cookie, session } = await newLearner('push-blob');
    const again = await open('push-blob', cookie);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(session.id);
    const listed = (await call('GET', '/api/me/sessions', cookie)).body;
    expect(listed.sessions).toMatchObject([{ id: session.id, lesson: 'push-blob', state: 'ready', running: [] }]);
    expect(typeof listed.boot).toBe('string');
    expect((await call('GET', '/api/me/sessions', '')).body.sessions).toEqual([]);
  });

  it('asks before ending a session whose terminal runs a command, and ends it when told to', async () => {
    const { cookie, session } = await newLearner('push-blob');
    const terminal = await typeInTerminal(session.id, cookie, 'sleep 120');
    await waitFor(async () => ((await call('GET', '/api/me/sessions', cookie)).body.sessions[0].running as Json[]).length > 0);
    const refused = await open('list-tags', cookie);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'other_session_busy', sessions: [{ id: session.id, running: [{ host: 'host-1', command: 'sleep' }] }] });
    expect(refused.body.error.message).toContain('sleep on host-1');
    expect(lab.sessions.get(session.id)?.state).toBe('ready');
    const forced = await open('list-tags', cookie, { endOthers: true });
    expect(forced.status).toBe(201);
    expect(lab.sessions.get(session.id)).toBeUndefined();
    terminal.ws.close();
  });

  it('extends a session by 30 minutes, up to the most allowed, then says why not', async () => {
    const { cookie, session } = await newLearner('push-blob');
    const before = Date.parse(session.expiresAt);
    const extended = await call('POST', `/api/sessions/${session.id}/extend`, cookie);
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.expiresAt) - before).toBeGreaterThanOrEqual(29 * 60_000);
    // A lifetime counted from the creation itself (2 h), so the limit (4 h from it) is reached exactly: four extensions, not a fifth of a millisecond.
    expect(before - Date.parse(session.createdAt)).toBe(2 * 3600_000);
    let extensions = 1;
    let last = await call('POST', `/api/sessions/${session.id}/extend`, cookie);
    for (; last.status === 200 && extensions < 9; extensions++) last = await call('POST', `/api/sessions/${session.id}/extend`, cookie);
    expect(extensions).toBe(4);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('at_limit');
    expect(last.body.error.message).toContain('LAB_SESSION_MAX_TTL');
    const admin = await fetch(`${lab.origin}/api/sessions/${session.id}/extend`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(admin.status).toBe(409);
    expect((await call('POST', `/api/sessions/${session.id}/extend`, `lab_learner=${'e'.repeat(32)}`)).status).toBe(404);
  });
});

describe('resets', () => {
  it('puts the registry and fixtures back and keeps the shell and its variables', async () => {
    const { cookie, session } = await newLearner('push-blob');
    const live = lab.sessions.get(session.id)!;
    const upload = (await call('POST', `/api/sessions/${session.id}/tasks/upload/show`, cookie)).body;
    await live.host('host-1').run(`touch ~/replay-gate\n${upload.sections[0].script}`);
    expect(await live.registry.catalog()).toEqual(['hello-world']);
    await call('POST', `/api/sessions/${session.id}/check`, cookie);
    const terminal = await typeInTerminal(session.id, cookie, 'KEPT=still-here-$((6*7)); rm ~/blob.tar.gz; echo removed');
    await waitFor(() => terminal.output().includes('removed'));
    expect((await call('POST', `/api/sessions/${session.id}/reset`, cookie, { keepShells: true })).status).toBe(200);
    expect(await live.registry.catalog()).toEqual([]);
    // Un-ticked, and not called "passed in an earlier session": it was this one, before the reset.
    expect((await taskStatus(session.id, cookie)).find((task) => task.id === 'upload')).toMatchObject({ status: 'pending' });
    expect((await taskStatus(session.id, cookie)).find((task) => task.id === 'upload')?.earlier).toBeUndefined();
    expect((await live.host('host-1').run('test -s ~/blob.tar.gz && echo fixture-back')).stdout).toContain('fixture-back');
    terminal.ws.send(Buffer.from('echo "$KEPT"\r'), { binary: true });
    await waitFor(() => terminal.output().includes('still-here-42'));
    expect((await call('POST', `/api/sessions/${session.id}/reset`, cookie, { keepShells: 'yes' })).status).toBe(400);
    terminal.ws.close();
  });
});

describe('progress that tells the truth', () => {
  it('hands a returning learner their session before the replay ends; the tasks go restoring \u2192 passed over the event stream', async () => {
    const { cookie, back } = await returningLearner();
    expect(back.state).toBe('ready');
    // Answered while the replay still waits at its gate: the session came before the replay's end.
    const during = (await call('GET', `/api/sessions/${back.id}/tasks`, cookie)).body;
    expect(during.tasks.find((task: Json) => task.id === 'upload')).toMatchObject({ status: 'restoring', earlier: true });
    expect(during.tasks.find((task: Json) => task.id === 'download')).toMatchObject({ status: 'restoring', earlier: true });
    expect(during.restoring).toEqual({ task: 'upload', step: 1, of: 2 });
    // Nothing else says more than is true meanwhile: the lab is ready, and the course progress still has both passes.
    expect((await call('GET', '/api/me/sessions', cookie)).body.sessions).toMatchObject([{ id: back.id, lesson: 'push-blob', state: 'ready' }]);
    const progress = (await call('GET', '/api/me/progress', cookie)).body.lessons.find((lesson: Json) => lesson.id === 'push-blob');
    expect(progress.tasks).toEqual(expect.arrayContaining([{ id: 'upload', status: 'passed' }, { id: 'download', status: 'passed' }]));

    const stream = await taskEvents(back.id, cookie);
    // The learner types while the lab replays (their terminal is not held): here, what lets the replay go on.
    const terminal = await typeInTerminal(back.id, cookie, 'touch ~/replay-gate');
    await waitFor(() => stream.lists.some((list) => !list.restoring), 60_000);
    stream.close();
    terminal.ws.close();
    const final = stream.lists.findIndex((list) => !list.restoring);
    const stillRestoring = stream.lists.findIndex((list) => statusIn(list, 'download') === 'restoring');
    expect(stillRestoring).toBeGreaterThan(-1);
    expect(stillRestoring).toBeLessThan(final);
    expect(stream.lists[stillRestoring]!.restoring).toEqual({ task: 'download', step: 2, of: 2 });
    expect([statusIn(stream.lists[final]!, 'upload'), statusIn(stream.lists[final]!, 'download')]).toEqual(['passed', 'passed']);
    expect(await lab.sessions.get(back.id)!.registry.catalog()).toEqual(['hello-world']);
  });

  it('ending the session during a replay stops it: no process left, no warning or error logged', async () => {
    const { cookie, back } = await returningLearner();
    const uid = statSync(lab.sessions.get(back.id)!.host('host-1').homeDir).uid;
    // The replay's part is running (waiting at its gate) as the host's user.
    expect(processesOf(uid).length).toBeGreaterThan(0);
    const mark = logLines.length;
    expect((await call('DELETE', `/api/sessions/${back.id}`, cookie)).status).toBe(204);
    await waitFor(() => processesOf(uid).length === 0);
    await waitFor(() => logLines.slice(mark).some((line) => line.event === 'restore-stopped' && line.session === back.id));
    expect(logLines.slice(mark).filter((line) => line.level >= 40)).toEqual([]);
  });

  it('a registry reset during a replay stops it before the fresh registry is made, and nothing replays into it', async () => {
    const { cookie, back } = await returningLearner();
    const live = lab.sessions.get(back.id)!;
    const uid = statSync(live.host('host-1').homeDir).uid;
    const mark = logLines.length;
    // keepShells leaves the host's processes alone: the replay's own part must be stopped by the replay.
    expect((await call('POST', `/api/sessions/${back.id}/reset`, cookie, { keepShells: true })).status).toBe(200);
    expect(logLines.slice(mark).some((line) => line.event === 'restore-stopped' && line.session === back.id)).toBe(true);
    await waitFor(() => processesOf(uid).length === 0);
    const after = (await call('GET', `/api/sessions/${back.id}/tasks`, cookie)).body;
    expect(after.restoring).toBeUndefined();
    expect(after.tasks.find((task: Json) => task.id === 'upload')).toMatchObject({ status: 'pending', earlier: true });
    expect(await live.registry.catalog()).toEqual([]);
    expect(logLines.slice(mark).filter((line) => line.level >= 40)).toEqual([]);
  });

  it('without a solution part, says the task was passed earlier and must be redone instead of ticking it', async () => {
    const { cookie, session } = await newLearner('list-tags');
    const live = lab.sessions.get(session.id)!;
    const firstTask = (await taskStatus(session.id, cookie))[0]!;
    // Record the first task as passed, as an earlier session would have.
    live.events.emit('tasks', { tasks: [{ id: firstTask.id, title: firstTask.title, status: 'passed' }], seq: 0 });
    await call('DELETE', `/api/sessions/${session.id}`, cookie);
    const back = await open('list-tags', cookie);
    const again = (await taskStatus(back.body.id, cookie))[0]!;
    expect(again.status).not.toBe('passed');
    expect(again.earlier).toBe(true);
    expect(again.message).toContain('earlier session');
  });

  it('types "Show me" only for tasks with a part, and records that it was shown for the instructor', async () => {
    const { cookie, session } = await newLearner('push-blob');
    const detail = (await call('GET', '/api/lessons/push-blob', cookie)).body;
    expect(detail.showMe).toEqual(['upload', 'download']);
    const shown = await call('POST', `/api/sessions/${session.id}/tasks/download/show`, cookie);
    expect(shown.body.sections).toMatchObject([{ host: 'host-2' }]);
    expect((await call('POST', `/api/sessions/${session.id}/tasks/nope/show`, cookie)).status).toBe(404);
    const roster = (await (await fetch(`${lab.origin}/api/admin/learners`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as Json;
    const me = (roster.learners as Json[]).find((learner) => learner.session?.id === session.id)!;
    expect(me.shownTasks).toEqual(['download']);
    expect(me.taskTitle).toBe('Upload ~/blob.tar.gz to the repository hello-world');
  });
});

describe('Show me turned off', () => {
  it('answers 403 and lists no task for it when LAB_SHOW_ME=false', async () => {
    const quiet = await startTestLab({ LAB_LESSONS_DIR: path.join(lessonsRoot, 'lessons'), LAB_SHOW_ME: 'false' });
    try {
      const created = await fetch(`${quiet.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
      const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
      const { id } = (await created.json()) as { id: string };
      const shown = await fetch(`${quiet.origin}/api/sessions/${id}/tasks/upload/show`, { method: 'POST', headers: { cookie } });
      expect(shown.status).toBe(403);
      expect(((await shown.json()) as Json).error.code).toBe('show_me_off');
      expect(((await (await fetch(`${quiet.origin}/api/lessons/push-blob`)).json()) as Json).showMe).toEqual([]);
    } finally {
      await quiet.stop();
    }
  });
});

describe('the instructor', () => {
  it('reads a learner\u2019s terminal screen from the server\u2019s mirror; nobody else can', async () => {
    const { cookie, session } = await newLearner('push-blob');
    const terminal = await typeInTerminal(session.id, cookie, 'echo mirror-$((40+2))');
    await waitFor(() => terminal.output().includes('mirror-42'));
    const screen = await fetch(`${lab.origin}/api/sessions/${session.id}/terminals/host-1/screen`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await screen.json()) as Json;
    expect(body.data).toContain('mirror-42');
    expect(body.cols).toBe(100);
    expect((await call('GET', `/api/sessions/${session.id}/terminals/host-1/screen`, `lab_learner=${'e'.repeat(32)}`)).status).toBe(404);
    // Not the learner either: they have the terminal itself, and snapshots cost the mirror work.
    expect((await call('GET', `/api/sessions/${session.id}/terminals/host-1/screen`, cookie)).status).toBe(404);
    terminal.ws.close();
  });
});

describe('pages and the host', () => {
  it('answers an unknown page with the app\u2019s 404, not Express\u2019s "Cannot GET"', async () => {
    const res = await fetch(`${lab.origin}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Cannot GET');
  });

  it('refuses a second server on the same data directory, and takes over a crashed run\u2019s lock', async () => {
    const config = testConfig();
    // Another process holds the lock, as a first `npm start` would.
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./server/sessions/lock.ts').then((m) => { m.lockDataDir(${JSON.stringify(config.dataDir)}); console.log('locked'); setInterval(() => {}, 1000); })`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve()));
    const refused = startManager(config);
    await expect(refused).rejects.toThrow(DataDirLockedError);
    await expect(refused).rejects.toThrow(`pid ${holder.pid}`);
    // It crashes: its lock stays behind, and the next start takes it over.
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const next = await startManager(config);
    await next.stop();
  }, 30_000);
});
