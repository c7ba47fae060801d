/**
 * The data directory's lock (server/sessions/lock.ts) under servers that start at the same moment:
 * exactly one of them may hold it, whether the directory is fresh or holds a crashed run's lock.
 * Each contender is its own process, as two `npm start` are.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONTENDERS = 8;
let dataDir: string;
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the contenders, lets them all try at the same instant, and counts who says it holds the lock. */
async function race(): Promise<{ locked: number; refused: number }> {
  const startAt = Date.now() + 2500;
  const script = `
    const { lockDataDir } = await import('./server/sessions/lock.ts');
    while (Date.now() < ${startAt});
    try { lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); } catch (error) { console.log(error.name === 'DataDirLockedError' ? 'refused' : 'error ' + error.message); }
    setTimeout(() => process.exit(0), 1500);`;
  const answers = await Promise.all(
    Array.from({ length: CONTENDERS }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      return new Promise<string>((resolve) => child.once('exit', () => resolve(out.trim())));
    }),
  );
  expect(answers.filter((answer) => answer !== 'locked' && answer !== 'refused')).toEqual([]);
  return { locked: answers.filter((answer) => answer === 'locked').length, refused: answers.filter((answer) => answer === 'refused').length };
}

describe('the data directory lock, raced', () => {
  it('goes to exactly one of several servers starting at once on a fresh directory', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-lock-'));
    expect(await race()).toEqual({ locked: 1, refused: CONTENDERS - 1 });
  }, 30_000);

  it('goes to exactly one of several servers taking over a crashed run\u2019s lock at once', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-lock-'));
    // A crashed run's lock: a pid that is not running (pid_max is at most 2^22).
    writeFileSync(path.join(dataDir, 'lab.lock'), JSON.stringify({ pid: 4_194_304 + 1, startedAt: '1' }));
    expect(await race()).toEqual({ locked: 1, refused: CONTENDERS - 1 });
  }, 30_000);
});
