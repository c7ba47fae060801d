/**
 * Session figures for `npm run bench` (design §6): session ready time, idle memory, how many
 * sessions can be open at once, and the traffic recorder's overhead on a 256 MB blob.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LabSession, SessionManager } from '../../server/sessions/index.ts';
import { startManager, testConfig } from '../lib/lab.ts';

const exec = promisify(execFile);
const PROMPT = /learner@host-1:~\$ $/;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 10) / 10;
}

/** Resolves when the shell prints its prompt; the pty stays open. */
function waitForPrompt(session: LabSession): Promise<{ kill(): void }> {
  return new Promise((resolve, reject) => {
    const term = session.host('host-1').spawnPty(80, 24);
    let seen = '';
    const timer = setTimeout(() => reject(new Error('no prompt within 10 s')), 10_000);
    term.onData((data: Buffer | string) => {
      seen += data.toString();
      if (PROMPT.test(seen)) {
        clearTimeout(timer);
        resolve({ kill: () => term.kill('SIGKILL') });
      }
    });
  });
}

async function sessionReadyMs(manager: SessionManager, count: number): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const session = await manager.create({ learnerId: i.toString(16).padStart(32, '0'), lesson: null, hosts: ['host-1'] });
    if (session.state !== 'ready') throw new Error(`session failed: ${session.failure}`);
    const shell = await waitForPrompt(session);
    times.push(performance.now() - started);
    shell.kill();
    await manager.close(session, 'bench');
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return kids;
}

function treePssKb(pid: number): number {
  let total = 0;
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
  for (const child of childrenOf(pid)) total += treePssKb(child);
  return total;
}

/** PSS of the registry, the sandbox and everything inside it, with a shell at its prompt. */
/** PSS of the session's registry, its sandboxes and everything inside them. */
function sessionPssKb(session: LabSession): number {
  const sandboxPids = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const isShellSandbox = cmdline.startsWith('bwrap') && cmdline.includes(path.join(session.dir, 'hosts'));
      return isShellSandbox && pid !== session.registryProcess.pid && readFileSync(`/proc/${pid}/stat`, 'utf8').includes(`) S ${process.pid} `);
    } catch {
      return false;
    }
  });
  return [session.registryProcess.pid!, ...sandboxPids].reduce((sum, pid) => sum + treePssKb(pid), 0);
}

/** PSS of one idle session alone, with its shell at the prompt. */
async function idleSessionMB(manager: SessionManager): Promise<number> {
  const session = await manager.create({ learnerId: 'e'.repeat(32), lesson: null, hosts: ['host-1'] });
  const shell = await waitForPrompt(session);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const kb = sessionPssKb(session);
  shell.kill();
  await manager.close(session, 'bench');
  return Math.round((kb / 1024) * 10) / 10;
}

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The marginal cost of an idle session: with N sessions open, each shell at its prompt, the PSS of
 * every session's processes plus what the server itself grew by, divided by N. PSS shares each
 * shared page among its users, so libraries loaded by every session count once in all.
 */
async function idleSessionMarginalMB(manager: SessionManager, count: number): Promise<number> {
  const serverBefore = pssKb(process.pid);
  const sessions: LabSession[] = [];
  const shells: { kill(): void }[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const session = await manager.create({ learnerId: (3000 + i).toString(16).padStart(32, '0'), lesson: null, hosts: ['host-1'] });
      sessions.push(session);
      shells.push(await waitForPrompt(session));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sessionsKb = sessions.reduce((sum, session) => sum + sessionPssKb(session), 0);
    const serverGrowthKb = Math.max(0, pssKb(process.pid) - serverBefore);
    return Math.round(((sessionsKb + serverGrowthKb) / 1024 / count) * 10) / 10;
  } finally {
    for (const shell of shells) shell.kill();
    await Promise.all(sessions.map((session) => manager.close(session, 'bench')));
  }
}

async function concurrentSessions(manager: SessionManager, limit: number): Promise<number> {
  const open: LabSession[] = [];
  try {
    for (let i = 0; i < limit; i++) {
      const session = await manager.create({ learnerId: (1000 + i).toString(16).padStart(32, '0'), lesson: null, hosts: ['host-1'] });
      if (session.state !== 'ready') break;
      open.push(session);
    }
    const answers = await Promise.all(open.map((s) => s.host('host-1').run('curl -s -o /dev/null -w "%{http_code}" localhost:5000/v2/', { timeoutMs: 60_000 })));
    return answers.filter((a) => a.stdout === '200').length;
  } finally {
    await Promise.all(open.map((s) => manager.close(s, 'bench')));
  }
}

/** A fresh file of `bytes` (distinct content per fill byte, so no upload is skipped as already present) and its digest. */
async function blobFile(file: string, bytes: number, fill: number): Promise<string> {
  writeFileSync(file, Buffer.alloc(bytes, fill));
  const { stdout } = await exec('sha256sum', [file]);
  return `sha256:${stdout.split(' ')[0]}`;
}

/** curl's own time for the PUT of an upload (POST first, untimed), in seconds. */
const TIMED_PUT = (base: string, socket: string, file: string, digest: string, repository: string) => `
L=$(curl -s -D - -o /dev/null -X POST ${socket} ${base}/v2/${repository}/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: http:\\/\\/localhost:5000//p')
curl -sf -o /dev/null -w '%{time_total}' ${socket} -H 'Content-Type: application/octet-stream' -T ${file} -X PUT "${base}$L&digest=${digest}"`;

/** curl's time for each of `count` GET /v2/ requests, one line each (seconds). */
const TIMED_PINGS = (base: string, socket: string, count: number) => `for i in $(seq ${count}); do curl -s -o /dev/null -w '%{time_total}\\n' ${socket} ${base}/v2/; done`;

const milliseconds = (text: string) => text.trim().split('\n').map((line) => Number(line) * 1000);

/**
 * The recorder on the learner's real path: a 256 MB blob PUT from inside the sandbox (curl → socat →
 * recorder → registry) against the same PUT from the host straight to the registry's socket (median
 * ratio of 3); the same for a bare GET /v2/ (median ms added); and the recorder alone (host → recorder
 * socket), the figure this bench used to report.
 */
async function recorderOverhead(manager: SessionManager): Promise<Record<string, number>> {
  const session = await manager.create({ learnerId: 'f'.repeat(32), lesson: null, hosts: ['host-1'] });
  const host = session.host('host-1');
  const registrySocket = `--unix-socket ${session.registryProcess.socketPath}`;
  const recorderSocket = `--unix-socket ${path.join(session.dir, 'proxy', 'registry.sock')}`;
  const viaHost = async (script: string) => (await exec('sh', ['-c', script])).stdout;
  const viaSandbox = async (script: string) => {
    const result = await host.run(script, { timeoutMs: 300_000 });
    if (result.code !== 0) throw new Error(`bench: sandbox upload failed (exit ${result.code}): ${result.stdout} ${result.stderr}`);
    return result.stdout;
  };
  const inHome = path.join(host.homeDir, 'bench.bin');
  const onHost = path.join(os.tmpdir(), `lab-bench-${process.pid}.bin`);
  const sandboxRatios: number[] = [];
  const recorderRatios: number[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      const direct = Number(await viaHost(TIMED_PUT('http://localhost:5000', registrySocket, onHost, await blobFile(onHost, 256 << 20, 3 * round + 1), 'bench')));
      const sandboxed = Number(await viaSandbox(TIMED_PUT('http://localhost:5000', '', '~/bench.bin', await blobFile(inHome, 256 << 20, 3 * round + 2), 'bench')));
      const recorderOnly = Number(await viaHost(TIMED_PUT('http://localhost:5000', recorderSocket, onHost, await blobFile(onHost, 256 << 20, 3 * round + 3), 'bench')));
      sandboxRatios.push(sandboxed / direct);
      recorderRatios.push(recorderOnly / direct);
    }
    rmSync(inHome, { force: true });
    const directPings = milliseconds(await viaHost(TIMED_PINGS('http://localhost:5000', registrySocket, 200)));
    const sandboxPings = milliseconds(await viaSandbox(TIMED_PINGS('http://localhost:5000', '', 200)));
    return {
      proxyOverheadRatio: Math.round(percentile(sandboxRatios, 50) * 100) / 100,
      proxySmallRequestAddedMs: Math.round((percentile(sandboxPings, 50) - percentile(directPings, 50)) * 10) / 10,
      recorderOnlyOverheadRatio: Math.round(percentile(recorderRatios, 50) * 100) / 100,
    };
  } finally {
    rmSync(onHost, { force: true });
    rmSync(inHome, { force: true });
    await manager.close(session, 'bench');
  }
}

export async function benchSessions(options: { concurrentLimit: number }): Promise<Record<string, unknown>> {
  // Room for a 256 MB file in the home, and for the nine 256 MB blobs of the recorder rounds in the registry.
  const lab = await startManager(testConfig({ LAB_MAX_SESSIONS: String(options.concurrentLimit + 5), LAB_REGISTRY_DISK_MB: '4096', LAB_HOST_DISK_MB: '600', LAB_SANDBOX_FSIZE_MB: '300', LAB_IDLE_TIMEOUT: '1h' }));
  try {
    return {
      sessionReadyMs: await sessionReadyMs(lab.manager, 20),
      idleSessionMB: await idleSessionMarginalMB(lab.manager, options.concurrentLimit > 20 ? 50 : 10),
      idleSessionPssMB: await idleSessionMB(lab.manager),
      ...(await recorderOverhead(lab.manager)),
      concurrentSessions: await concurrentSessions(lab.manager, options.concurrentLimit),
    };
  } finally {
    await lab.stop();
  }
}
