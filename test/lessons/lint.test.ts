/** The authoring rules of server/lessons/lint.ts, on scratch lessons: each rule refuses its defect and names the file and the fix. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintLesson, type Lesson } from '../../server/lessons/index.ts';

let root: string;
const TASKS = [
  { id: 'upload', title: 'Upload it', needs: [] },
  { id: 'challenge', title: 'Upload another', needs: ['upload'] },
];
const TEXT = 'Intro.\n\n```sh run\ncurl -s http://$REGISTRY/v2/\n```\n\n::task upload\n\nNow your own target.\n\n::task challenge\n';
const SOLUTION = '# A reference solution.\n# task: upload\ncurl -s http://$REGISTRY/v2/\n# task: challenge\n# host: host-2\ncurl -s http://$REGISTRY/v2/\n';

function lesson(files: { text?: string; solution?: string; tasks?: typeof TASKS; mistakes?: number; extra?: Record<string, string> } = {}): Lesson {
  const dir = path.join(root, 'lessons', 'demo');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'mistakes'), { recursive: true });
  writeFileSync(path.join(dir, 'lesson.md'), `---\nid: demo\ntitle: Demo\n---\n${files.text ?? TEXT}`);
  writeFileSync(path.join(dir, 'solution.sh'), files.solution ?? SOLUTION);
  for (let i = 0; i < (files.mistakes ?? 8); i++) writeFileSync(path.join(dir, 'mistakes', `m${i}.sh`), `# expect: upload digest\ncurl -s http://$REGISTRY/v2/\n`);
  for (const [name, content] of Object.entries(files.extra ?? {})) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  const meta = { id: 'demo', title: 'Demo', summary: 'A demo lesson.', order: 1, module: 'Distribution basics' as const, hosts: ['host-1', 'host-2'], requires: [], tasks: files.tasks ?? TASKS };
  return { id: 'demo', dir, meta, html: '', setup: async () => ({}), checker: {}, missingCapabilities: [] };
}
const lint = (l: Lesson) => lintLesson(l, path.join(root, 'lessons'));

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'lint-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('lessons:lint rules', () => {
  it('accepts a lesson that follows every rule', () => {
    expect(lint(lesson())).toEqual([]);
  });

  it('asks for a last task named challenge', () => {
    const errors = lint(lesson({ tasks: [TASKS[0]!], solution: '# task: upload\ntrue\n', text: 'x\n\n::task upload\n' }));
    expect(errors).toEqual([expect.stringMatching(/^lessons\/demo\/lesson\.md: tasks: the last task is "upload"; end with a task whose id is "challenge"/)]);
  });

  it('refuses a solution without parts, parts out of order, and commands before the first part', () => {
    expect(lint(lesson({ solution: 'curl -s http://$REGISTRY/v2/\n' }))).toEqual([expect.stringContaining('lessons/demo/solution.sh: not split into per-task parts; start each task\'s part with a line "# task: <id>", in the front matter\'s order (upload, challenge)')]);
    expect(lint(lesson({ solution: '# task: challenge\ntrue\n# task: upload\ntrue\n' }))).toEqual([expect.stringContaining('the parts are for challenge, upload, but the front matter\'s tasks are upload, challenge')]);
    expect(lint(lesson({ solution: 'D=1\n# task: upload\ntrue\n# task: challenge\ntrue\n' }))).toEqual([expect.stringContaining('lessons/demo/solution.sh:1: "D=1" comes before the first "# task:" line')]);
    expect(lint(lesson({ solution: '# host: host-2\n# task: upload\ntrue\n# task: challenge\ntrue\n' }))).toEqual([expect.stringContaining('solution.sh:1: "# host: host-2" comes before')]);
  });

  it('refuses set -e and exit in a part, since "Show me" types parts into the learner\u2019s shell', () => {
    const errors = lint(lesson({ solution: '# task: upload\nset -euo pipefail\ntrue\n# task: challenge\nexit 0\n' }));
    expect(errors).toEqual([expect.stringContaining('solution.sh:2: "set -e" in a part'), expect.stringContaining('solution.sh:5: "exit" in a part')]);
  });

  it('refuses a placeholder in a runnable block, with its line, but not in a plain block or a redirection', () => {
    const text = '```sh run=host-2\nDIGEST=sha256:PASTE-THE-DIGEST-HERE\n```\n\n```sh run\ncurl http://$REGISTRY/v2/x/blobs/<digest>\n```\n\n```sh\ncurl http://$REGISTRY/v2/x/blobs/<digest>\n```\n\n```sh run\nsed -n p < /tmp/post.txt > /tmp/out\n```\n\n::task upload\n::task challenge\n';
    expect(lint(lesson({ text }))).toEqual([
      expect.stringMatching(/^lessons\/demo\/lesson\.md:5: a runnable block contains the placeholder "PASTE-THE-DIGEST-HERE".*plain ```sh block \(Copy only\)/),
      expect.stringMatching(/^lessons\/demo\/lesson\.md:9: a runnable block contains the placeholder "<digest>"/),
    ]);
  });

  it('asks for an anchor per task and a known host per runnable block', () => {
    const errors = lint(lesson({ text: '```sh run=host-3\ntrue\n```\n\n::task upload\n::task uplaod\n' }));
    expect(errors).toEqual([
      expect.stringContaining('lesson.md: no "::task challenge" line'),
      expect.stringContaining('"::task uplaod" names no task'),
      expect.stringContaining('lesson.md:5: run=host-3 is not one of the lesson\'s hosts (host-1, host-2)'),
    ]);
  });

  it('asks for at least 8 headed mistakes and headed alternatives naming real tasks', () => {
    expect(lint(lesson({ mistakes: 7 }))).toEqual([expect.stringContaining('lessons/demo/mistakes: 7 known mistakes; write at least 8')]);
    const errors = lint(lesson({ extra: { 'mistakes/z.sh': 'true\n', 'mistakes/y.sh': '# expect: uplod x\n', 'alternatives/a.sh': 'true\n', 'alternatives/b.sh': '# passes: upload chalenge\n' } }));
    expect(errors).toEqual([
      expect.stringContaining('mistakes/y.sh: "# expect: uplod" names no task'),
      expect.stringContaining('mistakes/z.sh: no "# expect: <taskId> <phrase>" line'),
      expect.stringContaining('alternatives/a.sh: no "# passes: <taskId> [<taskId> ...]" line'),
      expect.stringContaining('alternatives/b.sh: "# passes:" names "chalenge", which is no task'),
    ]);
  });
});
