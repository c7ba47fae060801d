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

/**
 * Starts the contenders, and once every one has loaded and says it is armed, has them all try at the
 * same instant; counts who says it holds the lock. Each stays alive (a live holder) until all have answered.
 */
async function race(): Promise<{ locked: number; refused: number }> {
  const script = `
    const { lockDataDir } = await import('./server/sessions/lock.ts');
    const readline = await import('node:readline');
    const lines = readline.createInterface({ input: process.stdin });
    console.log('armed');
    const startAt = Number(await new Promise((resolve) => lines.once('line', resolve)));
    while (Date.now() < startAt);
    try { lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); } catch (error) { console.log(error.name === 'DataDirLockedError' ? 'refused' : 'error ' + error.message); }
    lines.once('close', () => process.exit(0));`;
  const contenders = Array.from({ length: CONTENDERS }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { child, lines, exited };
  });
  const said = async (predicate: (lines: string[]) => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!contenders.every(({ lines }) => predicate(lines))) {
      if (Date.now() > deadline) throw new Error(`contenders said ${JSON.stringify(contenders.map(({ lines }) => lines))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await said((lines) => lines.includes('armed'));
  // All try at one instant, a moment from now: each spins for it, already loaded, so none steals the others' CPU while they load.
  const startAt = Date.now() + 300;
  for (const { child } of contenders) child.stdin!.write(`${startAt}\n`);
  await said((lines) => lines.length > 1);
  for (const { child } of contenders) child.stdin!.end();
  await Promise.all(contenders.map(({ exited }) => exited));
  const answers = contenders.map(({ lines }) => lines[1]!);
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
