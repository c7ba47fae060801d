/**
 * `npm run new-lesson` scaffolds a lesson that works at once: lint accepts it (a challenge task,
 * solution parts, eight mistakes) and its content test (setup, solution parts, the text, mistakes on
 * real sessions) passes. It runs in a scratch course beside the real code.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
let root: string;
const tsx = (script: string, ...args: string[]) =>
  run(path.join(repo, 'node_modules/.bin/tsx'), [path.join(repo, 'scripts', script), ...args], { cwd: root, env: { ...process.env, LAB_LESSONS_DIR: path.join(root, 'lessons') }, timeout: 120_000 });

beforeAll(() => {
  // A scratch course whose lessons and checkers import the real authoring kit (and through it the server and checker library).
  root = mkdtempSync(path.join(tmpdir(), 'new-lesson-'));
  for (const shared of ['kit', 'server', 'node_modules', 'package.json']) symlinkSync(path.join(repo, shared), path.join(root, shared));
  mkdirSync(path.join(root, 'lessons'));
  mkdirSync(path.join(root, 'checkers'));
  symlinkSync(path.join(repo, 'checkers', 'lib'), path.join(root, 'checkers', 'lib'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run new-lesson', () => {
  it('scaffolds a lesson that lints and passes its own content test', async () => {
    await tsx('new-lesson.ts', 'chunked-upload', '--title', 'Upload in chunks');
    expect(readFileSync(path.join(root, 'lessons/chunked-upload/lesson.md'), 'utf8')).toMatch(/^---\nid: chunked-upload\ntitle: "Upload in chunks"\n[\s\S]*order: 1\n/);
    const relativeImports = (file: string) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/from '(\.[^']*)'/g)].map((match) => match[1]);
    expect(relativeImports('lessons/chunked-upload/setup.ts')).toEqual(['../../kit/index.ts']);
    expect(relativeImports('checkers/chunked-upload.ts')).toEqual(['../kit/index.ts', '../lessons/chunked-upload/setup.ts']);
    expect((await tsx('lessons-lint.ts')).stdout).toContain('ok   chunked-upload (2 tasks)');
    const content = await tsx('test-lessons.ts', 'chunked-upload');
    expect(content.stdout).toContain('✓ part 1 (# task: upload) passes exactly upload: upload=passed, challenge=pending');
    expect(content.stdout).toContain('✓ following the text (2 blocks) passes every task but challenge');
    expect(content.stdout).toContain('solution passes every task (run 2): upload=passed, challenge=passed');
    expect(content.stdout).toContain('mistakes/no-content-type.sh: upload failed mentioning "Content-Type"');
    expect(content.stdout).toContain('✓ chunked-upload: 15/15 checks passed');
  }, 120_000);

  it('refuses an id that exists or is not an id, and writes nothing', async () => {
    await expect(tsx('new-lesson.ts', 'chunked-upload')).rejects.toMatchObject({ stderr: expect.stringContaining('exists already') });
    await expect(tsx('new-lesson.ts', 'Bad_Id')).rejects.toMatchObject({ stderr: expect.stringContaining('is not a lesson id') });
  });

  it('is reloaded on save in dev mode: new text at once, a broken checker shown as unavailable, then fixed', async () => {
    // The lesson service runs under tsx, as `npm run dev` runs it; it prints what it serves on every change.
    const watcher = spawn(path.join(repo, 'node_modules/.bin/tsx'), [path.join(repo, 'test/helpers/watch-lessons.ts'), path.join(root, 'lessons')], { cwd: root });
    const seen: string[] = [];
    watcher.stdout.setEncoding('utf8').on('data', (chunk: string) => seen.push(...chunk.trim().split('\n')));
    const latest = () => seen.at(-1) ?? '';
    try {
      await expect.poll(latest, { timeout: 15_000 }).toContain('"titles":["Upload in chunks"]');
      const lessonFile = path.join(root, 'lessons/chunked-upload/lesson.md');
      writeFileSync(lessonFile, readFileSync(lessonFile, 'utf8').replace('title: "Upload in chunks"', 'title: "Upload a blob in chunks"'));
      await expect.poll(latest, { timeout: 5000 }).toContain('"titles":["Upload a blob in chunks"]');

      const checkerFile = path.join(root, 'checkers/chunked-upload.ts');
      const checker = readFileSync(checkerFile, 'utf8');
      writeFileSync(checkerFile, checker.replace('async upload(', 'async uplaod('));
      await expect.poll(latest, { timeout: 5000 }).toContain('no check for task \\"upload\\"');
      writeFileSync(checkerFile, checker);
      await expect.poll(latest, { timeout: 5000 }).toContain('"titles":["Upload a blob in chunks"],"unavailable":[]');
    } finally {
      watcher.kill();
    }
  }, 40_000);
});
