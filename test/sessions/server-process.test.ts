/** The real server as a child process: SIGTERM tears every session down; after SIGKILL nothing keeps running and a restart cleans up. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/server.ts';

async function startServer(dataDir: string): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, LAB_DATA_DIR: dataDir, PORT: String(port), LAB_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('open http') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** Processes whose command line mentions the data directory (registries and sandboxes). */
function labProcesses(dataDir: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${dataDir}/sessions`);
    } catch {
      return false;
    }
  });
}

async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return predicate();
}

const mountsUnder = (dir: string) => readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((line) => line.includes(dir)).length;

describe('the server process', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`leaves no session process behind after ${signal}`, async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-proc-'));
      const { child, origin } = await startServer(dataDir);
      const created = await fetch(`${origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
      expect(created.status).toBe(201);
      expect(labProcesses(dataDir).length).toBeGreaterThan(0);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
      expect(await waitFor(() => labProcesses(dataDir).length === 0, 5000)).toBe(true);
      if (signal === 'SIGTERM') {
        expect(readdirSync(path.join(dataDir, 'sessions'))).toEqual([]);
        expect(mountsUnder(dataDir)).toBe(0);
      } else {
        const restarted = await startServer(dataDir);
        expect(readdirSync(path.join(dataDir, 'sessions'))).toEqual([]);
        expect(mountsUnder(path.join(dataDir, 'sessions'))).toBe(0);
        restarted.child.kill('SIGTERM');
        await new Promise((resolve) => restarted.child.once('exit', resolve));
      }
      expect(existsSync(dataDir)).toBe(true);
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);
  }
});
