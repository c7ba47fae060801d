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
async function idleSessionMB(manager: SessionManager): Promise<number> {
  const session = await manager.create({ learnerId: 'e'.repeat(32), lesson: null, hosts: ['host-1'] });
  const shell = await waitForPrompt(session);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sandboxPids = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const isShellSandbox = cmdline.startsWith('bwrap') && cmdline.includes(path.join(session.dir, 'hosts'));
      return isShellSandbox && pid !== session.registryProcess.pid && readFileSync(`/proc/${pid}/stat`, 'utf8').includes(`) S ${process.pid} `);
    } catch {
      return false;
    }
  });
  const kb = [session.registryProcess.pid!, ...sandboxPids].reduce((sum, pid) => sum + treePssKb(pid), 0);
  shell.kill();
  await manager.close(session, 'bench');
  return Math.round((kb / 1024) * 10) / 10;
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

async function timedUpload(socket: string, file: string, digest: string): Promise<number> {
  const { stdout: location } = await exec('sh', ['-c', `curl -s -D - -o /dev/null -X POST --unix-socket ${socket} -H 'Host: localhost:5000' http://localhost/v2/bench/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: http:\\/\\/localhost:5000//p'`]);
  const started = performance.now();
  await exec('curl', ['-sf', '-o', '/dev/null', '--unix-socket', socket, '-H', 'Host: localhost:5000', '-H', 'Content-Type: application/octet-stream', '-T', file, '-X', 'PUT', `http://localhost${location.trim()}&digest=${digest}`]);
  return performance.now() - started;
}

/** A fresh 256 MB file (distinct content per fill byte, so no upload is skipped as already present). */
async function blobFile(file: string, fill: number): Promise<[string, string]> {
  writeFileSync(file, Buffer.alloc(256 << 20, fill));
  const { stdout } = await exec('sha256sum', [file]);
  return [file, `sha256:${stdout.split(' ')[0]}`];
}

/** Median time of a 256 MB blob PUT through the recorder divided by the same PUT straight to the registry socket. */
async function proxyOverheadRatio(manager: SessionManager): Promise<number> {
  const session = await manager.create({ learnerId: 'f'.repeat(32), lesson: null, hosts: ['host-1'] });
  const file = path.join(os.tmpdir(), `lab-bench-${process.pid}.bin`);
  const ratios: number[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      const direct = await timedUpload(session.registryProcess.socketPath, ...(await blobFile(file, 2 * round + 1)));
      const proxied = await timedUpload(path.join(session.dir, 'proxy', 'registry.sock'), ...(await blobFile(file, 2 * round + 2)));
      ratios.push(proxied / direct);
    }
  } finally {
    rmSync(file, { force: true });
    await manager.close(session, 'bench');
  }
  return Math.round(percentile(ratios, 50) * 100) / 100;
}

export async function benchSessions(options: { concurrentLimit: number }): Promise<Record<string, unknown>> {
  const lab = await startManager(testConfig({ LAB_MAX_SESSIONS: String(options.concurrentLimit + 5), LAB_REGISTRY_DISK_MB: '2048', LAB_IDLE_TIMEOUT: '1h' }));
  try {
    return {
      sessionReadyMs: await sessionReadyMs(lab.manager, 20),
      idleSessionMB: await idleSessionMB(lab.manager),
      proxyOverheadRatio: await proxyOverheadRatio(lab.manager),
      concurrentSessions: await concurrentSessions(lab.manager, options.concurrentLimit),
    };
  } finally {
    await lab.stop();
  }
}
