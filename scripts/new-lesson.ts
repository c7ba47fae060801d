/**
 * `npm run new-lesson -- <id> [--title "Title"]`: scaffolds lessons/<id>/ (lesson.md, setup.ts,
 * solution.sh in per-task parts, eight mistakes) and checkers/<id>.ts as a small lesson that already
 * follows the authoring rules (a last task "challenge", see README) and works end to end, so an
 * author starts from a green `npm run test:lessons -- <id>` and changes one piece at a time.
 * LAB_LESSONS_DIR points it at another lessons folder (the checkers folder is its sibling).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { ID_PATTERN } from '../server/lessons/index.ts';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run new-lesson -- <id> [--title "Lesson title"]   (id: lower-case letters, digits and dashes)`);
  process.exit(2);
}

/** The next free place in the course: one after the highest `order` of the existing lessons. */
function nextOrder(lessonsDir: string): number {
  let highest = 0;
  for (const id of existsSync(lessonsDir) ? readdirSync(lessonsDir) : []) {
    const file = path.join(lessonsDir, id, 'lesson.md');
    if (!existsSync(file)) continue;
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))?.[1];
    const order = frontMatter ? (parseYaml(frontMatter) as { order?: unknown }).order : undefined;
    if (typeof order === 'number') highest = Math.max(highest, order);
  }
  return highest + 1;
}

const lessonMd = (id: string, title: string, order: number) => `---
id: ${id}
title: ${JSON.stringify(title)}
summary: One sentence that tells a learner what they will be able to do afterwards.
order: ${order}
module: Distribution basics
hosts: [host-1]
tasks:
  - id: upload
    title: Upload ~/note.txt as a blob to the repository ${id}
  - id: challenge
    title: "Challenge: upload ~/challenge.txt to the repository it names"
---

# ${title}

Write the lesson here: short paragraphs, one idea at a time, in your own words. Every fenced block
marked \`sh run\` gets Copy and Run buttons (\`sh run=host-2\` runs it on another host).

Your registry answers at \`$REGISTRY\`:

\`\`\`sh run
curl -i http://$REGISTRY/v2/
\`\`\`

::task upload

Your home holds \`~/note.txt\`, made for you (its digest is yours alone). Start an upload, then finish
it with the file's bytes and its digest:

\`\`\`sh run
DIGEST="sha256:$(sha256sum ~/note.txt | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST http://$REGISTRY/v2/${id}/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
curl -i -X PUT -H "Content-Type: application/octet-stream" --data-binary @$HOME/note.txt "$LOCATION&digest=$DIGEST"
\`\`\`

## Challenge

Describe the same skill on a new target that setup.ts picks per learner, without the commands:
\`~/challenge.txt\` names a repository; upload that file as a blob there.

::task challenge

## What you learned

- Say here, in a few bullets, what the learner can now do and why it works.
`;

const setupTs = (id: string, type: string) => `/** ${id}: the per-learner fixtures. Deterministic for a seed, different between learners. */
import { sha256, type SetupContext } from '../../kit/index.ts';

export interface ${type} {
  repository: string;
  digest: string;
  challenge: { repository: string; digest: string };
}

export default async function setup({ random, writeFile }: SetupContext): Promise<${type}> {
  const note = Buffer.from(\`a note for \${random.word()} \${random.word()}\\n\`);
  writeFile('host-1', '~/note.txt', note);
  const repository = \`${id}-\${random.word()}\`;
  const challenge = Buffer.from(\`Challenge: upload this file as a blob to this repository.\\nrepository: \${repository}\\n\`);
  writeFile('host-1', '~/challenge.txt', challenge);
  return { repository: '${id}', digest: sha256(note), challenge: { repository, digest: sha256(challenge) } };
}
`;

const checkerTs = (id: string, type: string) => `/** ${id}: one check per task of lesson.md; each judges the registry's end state and explains a failure. */
import { defineChecker, explainTraffic, fail, notYet, pass, short, type CheckContext, type CheckResult } from '../kit/index.ts';
import type { ${type} } from '../lessons/${id}/setup.ts';

async function blobIn({ registry, traffic }: CheckContext<${type}>, repository: string, digest: string, file: string): Promise<CheckResult> {
  if ((await registry.headBlob(repository, digest)).exists) {
    if (!(await registry.verifyBlob(repository, digest))) return fail(\`The blob \${short(digest)} is listed but its bytes do not hash to its digest.\`);
    return pass(\`\${repository} holds \${short(digest)}.\`);
  }
  const missing = \`The registry has no blob \${short(digest)} in \${repository} yet.\`;
  const explained = explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
  if (explained) return fail(missing, { hint: explained });
  return notYet(missing, \`POST /v2/\${repository}/blobs/uploads/, then PUT \${file} to the Location with &digest=.\`);
}

export default defineChecker<${type}>({
  async upload(context) {
    return blobIn(context, context.fixtures.repository, context.fixtures.digest, '~/note.txt');
  },
  async challenge(context) {
    return blobIn(context, context.fixtures.challenge.repository, context.fixtures.challenge.digest, '~/challenge.txt');
  },
});
`;

const solutionSh = (id: string) => `# One part per task, in the front matter's order, each as a learner would type it (no set -e, no exit).
# task: upload
DIGEST="sha256:$(sha256sum ~/note.txt | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/${id}/blobs/uploads/" | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/note.txt" "$LOCATION&digest=$DIGEST"
# task: challenge
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
DIGEST="sha256:$(sha256sum ~/challenge.txt | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/$REPOSITORY/blobs/uploads/" | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/challenge.txt" "$LOCATION&digest=$DIGEST"
`;

/** Eight known mistakes of the upload, each a file name, its "# expect:" phrase, what it shows, and its commands. */
const MISTAKES: [string, string, string, (id: string) => string][] = [
  ['no-content-type', 'Content-Type', 'curl --data-binary without a Content-Type sends a form body, and the registry refuses the digest.', () => 'curl -s -X PUT --data-binary @"$HOME/note.txt" "$LOCATION&digest=$DIGEST"'],
  ['question-mark-digest', '&digest=', 'The Location already has a query, so a second "?" hides the digest.', () => 'curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/note.txt" "$LOCATION?digest=$DIGEST"'],
  ['no-digest', 'carried no digest', 'The closing PUT without a digest.', () => 'curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/note.txt" "$LOCATION"'],
  ['no-algorithm', 'algorithm', 'A bare hex digest: the algorithm prefix is part of it.', () => 'curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/note.txt" "$LOCATION&digest=${DIGEST#sha256:}"'],
  ['wrong-file', 'do not hash', 'The bytes of another file than the digest was computed for.', () => 'curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/challenge.txt" "$LOCATION&digest=$DIGEST"'],
  ['post-without-slash', 'final slash', 'POST without the final slash: 301, and no upload starts.', (id) => `curl -s -X POST "http://$REGISTRY/v2/${id}/blobs/uploads"`],
  ['single-post', 'single POST', 'The bytes in a single POST with ?digest=: distribution 2.8 drops them.', (id) => `curl -s -X POST -H "Content-Type: application/octet-stream" --data-binary @"$HOME/note.txt" "http://$REGISTRY/v2/${id}/blobs/uploads/?digest=$DIGEST"`],
  ['typo-in-repository', 'Check the spelling', 'The upload goes to a repository one letter off.', (id) => `LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/${id}x/blobs/uploads/" | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/note.txt" "$LOCATION&digest=$DIGEST"`],
];

const mistakeSh = (id: string, [, phrase, why, commands]: (typeof MISTAKES)[number]) => `# expect: upload ${phrase}
# ${why}
DIGEST="sha256:$(sha256sum ~/note.txt | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/${id}/blobs/uploads/" | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
${commands(id)}
`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { title: { type: 'string' } } });
const id = positionals[0];
if (!id || positionals.length > 1) usage('Give exactly one lesson id.');
if (!ID_PATTERN.test(id)) usage(`"${id}" is not a lesson id.`);
const lessonsDir = path.resolve(process.env.LAB_LESSONS_DIR ?? 'lessons');
const lessonDir = path.join(lessonsDir, id);
const checkerFile = path.join(path.dirname(lessonsDir), 'checkers', `${id}.ts`);
if (existsSync(lessonDir) || existsSync(checkerFile)) usage(`The lesson "${id}" exists already (${lessonDir} or ${checkerFile}).`);

const title = values.title ?? id.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());
const fixturesType = `${id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase())}Fixtures`.replace(/^\d/, (digit) => `L${digit}`);
mkdirSync(path.join(lessonDir, 'mistakes'), { recursive: true });
mkdirSync(path.dirname(checkerFile), { recursive: true });
writeFileSync(path.join(lessonDir, 'lesson.md'), lessonMd(id, title, nextOrder(lessonsDir)));
writeFileSync(path.join(lessonDir, 'setup.ts'), setupTs(id, fixturesType));
writeFileSync(path.join(lessonDir, 'solution.sh'), solutionSh(id));
for (const mistake of MISTAKES) writeFileSync(path.join(lessonDir, 'mistakes', `${mistake[0]}.sh`), mistakeSh(id, mistake));
writeFileSync(checkerFile, checkerTs(id, fixturesType));

console.log(`Created lessons/${id}/ (lesson.md, setup.ts, solution.sh, ${MISTAKES.length} mistakes) and checkers/${id}.ts.
Next:
  npm run dev                        # edit the files; the lesson reloads in the browser at /lessons/${id}
  npm run test:lessons -- ${id}      # the content test: setup, solution parts, the text, mistakes on real sessions
  npm run lessons:lint               # the front matter, files and authoring rules`);
