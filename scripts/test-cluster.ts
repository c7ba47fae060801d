/**
 * `npm run test:cluster`: the lab beyond one machine, for real, on this one. A throw-away
 * PostgreSQL cluster, three lab nodes (server/main.ts) on three ports with their own data
 * directories and uid ranges, and Debian's HAProxy running deploy/haproxy/haproxy.cfg (only its
 * bind address and server lines changed). Learners come in through the proxy and spread over the
 * nodes; each passes a task through its terminal WebSocket and sees it in its event stream; one
 * node is killed with SIGKILL mid-lesson; its learners carry on on the others with their passed
 * tasks; the others close its sessions in the store; restarted, it leaves no process of its old
 * sessions behind; the instructor sees every learner from every node.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProgressStore, type ProgressStore } from '../server/progress/index.ts';
import { postgresMissing, startPostgres, type ThrowAwayPostgres } from './lib/postgres.ts';
import { newLearner, openTerminal, watchEvents } from './bench/learner-client.ts';
import { freePort } from './lib/lab.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODES = 3;
const LESSON = 'push-blob';
const ADMIN_TOKEN = 'cluster-test-admin-token-0123';
/** Uids per node: as root, session n of a node runs as BASE+2n and BASE+2n+1. */
// Far from the default 200000, so that no other lab on this machine (a developer's tests) shares a range.
const UID_BASES = [1_200_000, 1_300_000, 1_400_000];
const UID_RANGE = 100_000;
const HEARTBEAT = '1s';
const started = Date.now();

/** A learner through the proxy: their cookie and the session they are on now. */
interface Seat {
  cookie: string;
  sessionId: string;
}

/** Polls `probe` every 200 ms (a store or a proxy is asked, not a variable) until it holds. */
async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function step(text: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
}

interface LabNode {
  id: string;
  origin: string;
  port: number;
  dataDir: string;
  uidBase: number;
  child: ChildProcess;
}

function startNode(id: string, port: number, dataDir: string, uidBase: number, env: Record<string, string>): LabNode {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LAB_DATA_DIR: dataDir, LAB_UID_BASE: String(uidBase), LAB_NODE_ID: id, LAB_NODE_URL: `http://127.0.0.1:${port}`, LAB_NODE_HEARTBEAT: HEARTBEAT, LAB_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { id, origin: `http://127.0.0.1:${port}`, port, dataDir, uidBase, child };
}

/** SIGTERM, and wait for the node to have torn its sessions down (its data directory is removed next). */
async function stopNode(node: LabNode): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  node.child.kill('SIGTERM');
  await exited;
}

async function healthy(node: LabNode): Promise<void> {
  await until(async () => (await fetch(`${node.origin}/healthz`).catch(() => undefined))?.ok === true, 60_000, `${node.id} to answer /healthz`);
}

/** deploy/haproxy/haproxy.cfg with this run's listening port and nodes; everything else as shipped. */
function haproxyConfig(proxyPort: number, statsPort: number, tls: { port: number; pem: string }, nodes: LabNode[]): string {
  const shipped = readFileSync(path.join(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8');
  const servers = nodes.map((node) => `    server ${node.id} 127.0.0.1:${node.port}`).join('\n');
  const config = shipped
    .replace(/^    bind 127\.0\.0\.1:8080$/m, `    bind 127.0.0.1:${proxyPort}\n    bind 127.0.0.1:${tls.port} ssl crt ${tls.pem}`)
    .replace(/(^    server lab-\d+ .*\n?)+/m, `${servers}\n`);
  assert.ok(config.includes(`bind 127.0.0.1:${proxyPort}`) && config.includes(servers), 'the shipped haproxy.cfg no longer has the bind and server lines this test replaces');
  // Only for this test: HAProxy's CSV status page, to know when it has taken a dead node out.
  return `${config}\nfrontend test_stats\n    bind 127.0.0.1:${statsPort}\n    stats enable\n    stats uri /stats\n`;
}

/** A server's status in HAProxy's eyes (UP, DOWN, …), from its CSV status page. */
async function serverStatus(statsPort: number, server: string): Promise<string | undefined> {
  const csv = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
  const header = csv.split('\n')[0]!.replace(/^# /, '').split(',');
  const row = csv.split('\n').map((line) => line.split(',')).find((fields) => fields[0] === 'lab_nodes' && fields[1] === server);
  return row?.[header.indexOf('status')];
}

/** The node each learner's open session is on, from the shared store (the roster any node answers). */
async function nodesOf(origin: string): Promise<Map<string, string | null>> {
  const response = await fetch(`${origin}/api/admin/learners`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(response.status, 200, `roster from ${origin}`);
  const { learners } = (await response.json()) as { learners: { learnerId: string; node: string | null }[] };
  return new Map(learners.map((learner) => [learner.learnerId, learner.node]));
}

const learnerIdOf = (learner: Seat) => learner.cookie.split('=')[1]!;

/** Types the task's "Show me" part into the learner's terminal through the proxy, and waits for the task to pass on the event stream. */
async function passTask(origin: string, learner: Seat, task: string): Promise<void> {
  const shown = await fetch(`${origin}/api/sessions/${learner.sessionId}/tasks/${task}/show`, { method: 'POST', headers: { cookie: learner.cookie } });
  assert.equal(shown.status, 200, `Show me for ${task}`);
  const { sections } = (await shown.json()) as { sections: { host: string; script: string }[] };
  const events = await watchEvents(origin, learner.cookie, learner.sessionId);
  try {
    for (const section of sections) {
      const terminal = await openTerminal(origin, learner.cookie, learner.sessionId, section.host);
      const code = await terminal.run(section.script.trim().split('\n').filter((line) => !line.startsWith('#')).join(' && '), 30_000);
      terminal.close();
      assert.equal(code, 0, `${task} part on ${section.host} exited ${code}`);
    }
    await fetch(`${origin}/api/sessions/${learner.sessionId}/check`, { method: 'POST', headers: { cookie: learner.cookie } });
    await until(() => events.tasks.some((event) => event.tasks.some((t) => t.id === task && t.status === 'passed')), 20_000, `${task} to pass on the event stream`);
  } finally {
    events.close();
  }
}

/** Processes whose uid lies in a node's range: what its sessions ran. */
function processesInRange(uidBase: number): string[] {
  const lines = execFileSync('ps', ['-eo', 'uid=,pid=,comm='], { encoding: 'utf8' }).trim().split('\n');
  return lines.filter((line) => {
    const uid = Number(line.trim().split(/\s+/)[0]);
    return uid >= uidBase && uid < uidBase + UID_RANGE;
  });
}

/** A throw-away certificate and key for HAProxy's TLS listener, in one PEM file. */
function selfSignedPem(file: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file, '-out', `${file}.crt`, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  writeFileSync(file, readFileSync(`${file}.crt`, 'utf8') + readFileSync(file, 'utf8'));
}

/** curl (which takes a self-signed certificate with -k, where fetch would need another HTTP client): status, headers and body. */
function curl(args: string[]): { status: number; headers: string; body: string } {
  const out = execFileSync('curl', ['-sk', '-D', '-', ...args], { encoding: 'utf8' });
  const split = out.indexOf('\r\n\r\n');
  const headers = out.slice(0, split);
  return { status: Number(/^HTTP\/[\d.]+ (\d+)/.exec(headers)?.[1]), headers, body: out.slice(split + 4) };
}

/** Mount points inside a directory (as root, each session's homes and registry storage are tmpfs mounts there). */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((line) => line.split(' ')[4] ?? '').filter((point) => point.startsWith(`${dir}/`));
}

async function main(): Promise<void> {
  const missing = postgresMissing();
  if (missing) throw new Error(`test:cluster needs PostgreSQL: ${missing}`);
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('test:cluster needs HAProxy: apt-get install haproxy');
  }
  const asRoot = process.getuid?.() === 0;
  const cleanups: (() => void | Promise<void>)[] = [];
  let postgres: ThrowAwayPostgres | undefined;
  let store: ProgressStore | undefined;
  try {
    postgres = await startPostgres();
    cleanups.push(() => postgres!.stop());
    step(`PostgreSQL up (${postgres.url})`);

    const proxyPort = await freePort();
    const proxy = `http://127.0.0.1:${proxyPort}`;
    const shared = { LAB_DATABASE_URL: postgres.url, LAB_ADMIN_TOKEN: ADMIN_TOKEN, LAB_TRUST_PROXY: 'true', LAB_ALLOWED_ORIGINS: proxy };
    const nodes: LabNode[] = [];
    for (let i = 0; i < NODES; i++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `lab-cluster-${i}-`));
      cleanups.push(() => {
        // A run that failed between the kill and the restart leaves the killed node's mounts: detach them first.
        for (const point of mountsUnder(dataDir).reverse()) execFileSync('umount', ['-l', point]);
        rmSync(dataDir, { recursive: true, force: true });
      });
      nodes.push(startNode(`lab-${i}`, await freePort(), dataDir, UID_BASES[i]!, shared));
    }
    cleanups.push(() => Promise.all(nodes.map(stopNode)).then(() => undefined));
    await Promise.all(nodes.map(healthy));
    step(`${NODES} lab nodes up: ${nodes.map((node) => `${node.id} ${node.origin}`).join(', ')}`);

    const configFile = path.join(nodes[0]!.dataDir, 'haproxy.cfg');
    const statsPort = await freePort();
    const tls = { port: await freePort(), pem: path.join(nodes[0]!.dataDir, 'haproxy.pem') };
    selfSignedPem(tls.pem);
    writeFileSync(configFile, haproxyConfig(proxyPort, statsPort, tls, nodes));
    const haproxy = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', 'ignore', 'inherit'] });
    cleanups.push(() => void haproxy.kill('SIGTERM'));
    await until(async () => (await fetch(`${proxy}/healthz`).catch(() => undefined))?.ok === true, 15_000, 'HAProxy to answer');
    step(`HAProxy up on ${proxy}`);

    // Learners arrive until every node holds at least two: HAProxy gives each a cookie and a node.
    const learners: Seat[] = [];
    let placement = new Map<string, string | null>();
    while (learners.length < 30) {
      const { cookie, sessionId } = await newLearner(proxy, LESSON);
      learners.push({ cookie, sessionId });
      placement = await nodesOf(proxy);
      const counts = nodes.map((node) => learners.filter((learner) => placement.get(learnerIdOf(learner)) === node.id).length);
      if (counts.every((count) => count >= 2)) break;
    }
    const onNode = (id: string) => learners.filter((learner) => placement.get(learnerIdOf(learner)) === id);
    step(`${learners.length} learners spread: ${nodes.map((node) => `${node.id} ${onNode(node.id).length}`).join(', ')}`);
    assert.ok(nodes.every((node) => onNode(node.id).length >= 2), 'learners did not spread over every node within 30');

    // Pinned: a learner's every request reaches their node (their session answers there, not 404).
    for (const learner of learners) {
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${proxy}/api/sessions/${learner.sessionId}`, { headers: { cookie: learner.cookie } })).status, 200, 'a learner reached another node than the one holding their session');
    }
    // Each passes the first task: terminal over WebSocket, check, task event over SSE, all through the proxy.
    await Promise.all(learners.map((learner) => passTask(proxy, learner, 'upload')));
    step('every learner passed "upload" through the proxy (terminal WebSocket, check, event stream)');

    // Over TLS the proxy makes the Secure __Host- cookie the lab reads behind a TLS proxy, and pins by it too.
    const jar = path.join(nodes[0]!.dataDir, 'tls-cookies.txt');
    const tlsOrigin = `https://127.0.0.1:${tls.port}`;
    const overTls = curl(['-c', jar, '-H', 'content-type: application/json', '--data', JSON.stringify({ lesson: LESSON }), `${tlsOrigin}/api/sessions`]);
    assert.equal(overTls.status, 201, `POST /api/sessions over TLS: ${overTls.body}`);
    assert.match(overTls.headers, /^set-cookie: __Host-lab_learner=[a-f0-9]{32}; Path=\/; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax\r?$/im);
    const tlsSession = (JSON.parse(overTls.body) as { id: string }).id;
    for (let i = 0; i < 3; i++) assert.equal(curl(['-b', jar, `${tlsOrigin}/api/sessions/${tlsSession}`]).status, 200, 'the TLS learner reached another node than the one holding their session');
    step('over TLS: a Secure __Host-lab_learner cookie made by the proxy, the learner pinned by it');

    // The instructor sees every learner, and on which node, from any node.
    for (const node of nodes) {
      const seen = await nodesOf(node.origin);
      for (const learner of learners) assert.equal(seen.get(learnerIdOf(learner)), placement.get(learnerIdOf(learner)), `${node.id}'s roster`);
    }
    step('each node\u2019s roster lists every learner and their node');

    // The instructor, talking to a node that does not hold a learner's session, is answered by the node that does.
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    for (const learner of learners) {
      const holder = placement.get(learnerIdOf(learner));
      const other = nodes.find((node) => node.id !== holder)!;
      const roster = (await (await fetch(`${other.origin}/api/admin/learners`, { headers: admin })).json()) as { learners: { learnerId: string; session: { id: string; node?: string } | null }[] };
      assert.deepEqual(roster.learners.find((entry) => entry.learnerId === learnerIdOf(learner))?.session?.id, learner.sessionId, `${other.id}'s roster offers the session ${holder} holds`);
      const tasks = await fetch(`${other.origin}/api/sessions/${learner.sessionId}/tasks`, { headers: admin });
      assert.equal(tasks.status, 200, `tasks of a session on ${holder}, asked of ${other.id}`);
      assert.ok(((await tasks.json()) as { tasks: { id: string; status: string }[] }).tasks.some((task) => task.id === 'upload' && task.status === 'passed'));
      assert.equal((await fetch(`${other.origin}/api/sessions/${learner.sessionId}/terminals/host-1/screen`, { headers: admin })).status, 200, 'terminal screen, forwarded');
      assert.equal((await fetch(`${other.origin}/api/sessions/${learner.sessionId}/extend`, { method: 'POST', headers: admin })).status, 200, '+30 min, forwarded');
      // Without the token nothing is forwarded: the learner's own cookie on the wrong node finds no session.
      assert.equal((await fetch(`${other.origin}/api/sessions/${learner.sessionId}/tasks`, { headers: { cookie: learner.cookie } })).status, 404, 'a request without the admin token was forwarded');
    }
    step('the instructor\u2019s requests for a session on another node (tasks, screen, +30 min) are forwarded there; a learner\u2019s are not');

    // Kill the node with the most learners, mid-lesson.
    const victim = [...nodes].sort((a, b) => onNode(b.id).length - onNode(a.id).length)[0]!;
    const displaced = onNode(victim.id);
    const exited = new Promise((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    step(`SIGKILL ${victim.id} (${displaced.length} learners on it)`);
    await until(async () => (await serverStatus(statsPort, victim.id))?.startsWith('DOWN') === true, 15_000, `HAProxy to mark ${victim.id} down`);
    step(`HAProxy took ${victim.id} out after ${((Date.now() - killedAt) / 1000).toFixed(1)} s (health checks on /healthz)`);

    // Its learners open the lesson again (what the page does after "the server restarted"): another node, progress intact.
    store = await openProgressStore({ dataDir: '/nonexistent', databaseUrl: postgres.url });
    for (const learner of displaced) {
      let session: { id: string; state: string } | undefined;
      await until(async () => {
        const response = await fetch(`${proxy}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: learner.cookie }, body: JSON.stringify({ lesson: LESSON }) });
        if (response.status === 201 || response.status === 200) session = (await response.json()) as { id: string; state: string };
        return session !== undefined;
      }, 20_000, 'a surviving node to start the displaced learner a session');
      assert.equal(session!.state, 'ready');
      // The session is handed over at once; the earlier upload is brought back in the background.
      let upload: { id: string; status: string; earlier?: boolean } | undefined;
      await until(async () => {
        const tasks = (await (await fetch(`${proxy}/api/sessions/${session!.id}/tasks`, { headers: { cookie: learner.cookie } })).json()) as { tasks: { id: string; status: string; earlier?: boolean }[] };
        upload = tasks.tasks.find((task) => task.id === 'upload')!;
        return upload.status !== 'restoring';
      }, 20_000, 'the replay of the displaced learner\u2019s earlier upload');
      assert.ok(upload!.status === 'passed' || upload!.earlier === true, `the displaced learner's upload is ${JSON.stringify(upload)}`);
      assert.equal(upload!.status, 'passed', 'upload was replayed into the new session from its solution part');
      const progress = (await (await fetch(`${proxy}/api/me/progress`, { headers: { cookie: learner.cookie } })).json()) as { lessons: { id: string; tasks: { id: string; status: string }[] }[] };
      assert.deepEqual(progress.lessons.find((lesson) => lesson.id === LESSON)?.tasks.find((task) => task.id === 'upload'), { id: 'upload', status: 'passed' });
      learner.sessionId = session!.id;
    }
    placement = await nodesOf(proxy);
    for (const learner of displaced) assert.notEqual(placement.get(learnerIdOf(learner)), victim.id);
    step(`${displaced.length} displaced learners continue on ${[...new Set(displaced.map((l) => placement.get(learnerIdOf(l))))].join(', ')} with "upload" passed (replayed)`);
    // They go on with the next task on their new node.
    await Promise.all(displaced.map((learner) => passTask(proxy, learner, 'download')));
    // The others were not disturbed.
    for (const learner of learners.filter((l) => !displaced.includes(l))) assert.equal((await fetch(`${proxy}/api/sessions/${learner.sessionId}`, { headers: { cookie: learner.cookie } })).status, 200);
    step('displaced learners passed "download" on their new node; the other learners kept their sessions');

    // The survivors close the dead node's sessions in the store after its missed heartbeats.
    await until(async () => !(await store!.openSessionsByNode()).some((entry) => entry.node === victim.id), 30_000, `the survivors to close ${victim.id}'s sessions`);
    step(`${victim.id}'s sessions closed in the store by the others ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);

    // Restarted under the same name and data directory: nothing of its old sessions is left running.
    if (asRoot) step(`before the restart: ${processesInRange(victim.uidBase).length} processes of ${victim.id}'s sessions still running, ${mountsUnder(victim.dataDir).length} of their mounts left`);
    const restarted = startNode(victim.id, victim.port, victim.dataDir, victim.uidBase, shared);
    nodes[nodes.indexOf(victim)] = restarted;
    await healthy(restarted);
    if (asRoot) {
      assert.deepEqual(processesInRange(victim.uidBase), [], `processes of ${victim.id}'s old sessions after its restart`);
      assert.deepEqual(mountsUnder(victim.dataDir).filter((point) => point.includes('/sessions/')), [], `mounts of ${victim.id}'s old sessions after its restart`);
    }
    else console.log('  (not root: sessions share the server user\u2019s uid, so leftover processes are not told apart by uid here)');
    const nodesRow = (await store.nodes()).find((node) => node.id === victim.id)!;
    assert.ok(nodesRow.startedAt > killedAt, 'the restarted node registered again');
    step(`${victim.id} restarted: registered again, no process or mount of its old sessions left`);

    // Progress never lost: every learner's passed tasks are in the store.
    for (const learner of learners) {
      const passed = await store.passedTasks(learnerIdOf(learner), LESSON);
      assert.ok(passed.has('upload'), 'a learner lost "upload"');
      if (displaced.includes(learner)) assert.ok(passed.has('download'), 'a displaced learner lost "download"');
    }
    step(`progress intact for all ${learners.length} learners; cluster test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await store?.close();
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup: ${(error as Error).message}`);
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`test:cluster FAILED: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
