/**
 * The content test's own machinery (scripts/test-lessons.ts), on a scaffolded lesson in a scratch
 * course: following the text keeps each host's shell state between blocks, and it reports a block
 * that turns a task red, a text that finishes the challenge, and a solution out of part order.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
let root: string;
const env = () => ({ ...process.env, LAB_LESSONS_DIR: path.join(root, 'lessons') });
const tsx = (script: string, ...args: string[]) => run(path.join(repo, 'node_modules/.bin/tsx'), [path.join(repo, 'scripts', script), ...args], { cwd: root, env: env(), timeout: 120_000 });
/** The content test's output, whether it passed or not. */
async function contentTest(): Promise<string> {
  try {
    return (await tsx('test-lessons.ts', 'demo')).stdout;
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}
const file = (name: string) => path.join(root, 'lessons/demo', name);
const UPLOAD_BLOCK = /```sh run\nDIGEST=[\s\S]*?```\n/;
let text: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'content-test-'));
  for (const shared of ['kit', 'server', 'node_modules', 'package.json']) symlinkSync(path.join(repo, shared), path.join(root, shared));
  mkdirSync(path.join(root, 'lessons'));
  mkdirSync(path.join(root, 'checkers'));
  symlinkSync(path.join(repo, 'checkers', 'lib'), path.join(root, 'checkers', 'lib'));
  await tsx('new-lesson.ts', 'demo');
  text = readFileSync(file('lesson.md'), 'utf8');
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run test:lessons', () => {
  it('follows the text with each host keeping variables, functions and the directory between blocks', async () => {
    const split = [
      '```sh run\nDIGEST="sha256:$(sha256sum ~/note.txt | cut -d\' \' -f1)"\ncd /tmp\n```\n',
      '```sh run\nopen_upload() { curl -si -X POST http://$REGISTRY/v2/demo/blobs/uploads/ | tr -d \'\\r\' | sed -n \'s/^[Ll]ocation: //p\'; }\nLOCATION=$(open_upload)\n```\n',
      '```sh run\n[ "$PWD" = /tmp ] && curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @$HOME/note.txt "$LOCATION&digest=$DIGEST"\n```\n',
    ].join('\n');
    writeFileSync(file('lesson.md'), text.replace(UPLOAD_BLOCK, split));
    expect(await contentTest()).toContain('✓ following the text (4 blocks) passes every task but challenge, none ever failed: upload=passed, challenge=pending');
  }, 120_000);

  it('reports a block that turns a task red, and a text that finishes the challenge', async () => {
    const red = '```sh run\nL=$(curl -si -X POST http://$REGISTRY/v2/demo/blobs/uploads/ | tr -d \'\\r\' | sed -n \'s/^[Ll]ocation: //p\')\ncurl -s -X PUT --data-binary @$HOME/note.txt "$L&digest=sha256:$(sha256sum ~/note.txt | cut -d\' \' -f1)"\n```\n\n';
    const challenge = '\n```sh run\nR=$(sed -n \'s/^repository: //p\' ~/challenge.txt)\nL=$(curl -si -X POST http://$REGISTRY/v2/$R/blobs/uploads/ | tr -d \'\\r\' | sed -n \'s/^[Ll]ocation: //p\')\ncurl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @$HOME/challenge.txt "$L&digest=sha256:$(sha256sum ~/challenge.txt | cut -d\' \' -f1)"\n```\n';
    writeFileSync(file('lesson.md'), text.replace(UPLOAD_BLOCK, (block) => red + block).replace('::task challenge\n', `::task challenge\n${challenge}`));
    const output = await contentTest();
    expect(output).toMatch(/✗ following the text: the block at lesson\.md:\d+ \(host-1\) turns upload red: .*Content-Type/);
    expect(output).toContain('the text\u2019s own blocks finish "challenge"');
  }, 120_000);

  it('runs parts in order and names the part that fails, and refuses parts out of order', async () => {
    writeFileSync(file('lesson.md'), text);
    const solution = readFileSync(file('solution.sh'), 'utf8');
    writeFileSync(file('solution.sh'), solution.replace('--data-binary @"$HOME/note.txt"', '--data-binary @"$HOME/nothing.txt"'));
    const failing = await contentTest();
    expect(failing).toMatch(/✗ part 1 \(# task: upload\) passes exactly upload: upload=(pending|failed)/);
    expect(failing).toContain('stopped: "curl -sf -X PUT');
    const [head, upload, challenge] = solution.split(/(?=# task: )/);
    writeFileSync(file('solution.sh'), `${head}${challenge}${upload}`);
    expect(await contentTest()).toContain('the parts are for challenge, upload, but the front matter\'s tasks are upload, challenge');
    writeFileSync(file('solution.sh'), solution);
  }, 120_000);
});
