/** safe-extraction: fetch an untrusted layer, name its hostile entries, extract it without letting any of them out. */
import { citeSpec, defineChecker, fail, FileRefused, judgeRootfs, notYet, pass, savedFiles, sha256, short, SpecEndpoints, specPath, type CheckResult, type LearnerFiles } from '../kit/index.ts';
import type { Canary, Drill, SafeExtractionFixtures } from '../lessons/safe-extraction/setup.ts';

const TAR_TV_PREFIX = /^[-dlhcbp][rwxsStT-]{9}\s+\S+\s+\d+\s+\S+\s+\S+\s+/;

/** An answer line as a member name: `tar -tv` columns and ` -> target` / ` link to target` tails are allowed and dropped. */
function memberName(line: string): string {
  return line.trim().replace(TAR_TV_PREFIX, '').replace(/ (->|link to) .*$/, '').replace(/^\.\/(?=.)/, '');
}

function describeAttack(drill: Drill, entry: string): string {
  const attack = drill.canaries.find((c) => c.entry === entry)?.attack;
  switch (attack) {
    case 'path traversal':
      return `${entry} climbs out of the target with ../`;
    case 'absolute path':
      return `${entry} is an absolute path`;
    case 'symlink write-through':
      return `${entry} is written through the symlink ${drill.accomplice}, which points outside`;
    default:
      return `${entry} is a hard link to a file outside the archive`;
  }
}

function checkAnswer(files: LearnerFiles, drill: Drill): CheckResult {
  const text = files.text(drill.answer, 64 * 1024);
  if (text === null) return notYet(`There is no ${drill.answer} yet.`, `List the layer with tar -tvzf and write the hostile entries to ${drill.answer}, one name per line, exactly as tar -tzf prints them.`);
  const named = new Set(text.split('\n').map(memberName).filter(Boolean));
  const missing = drill.hostile.filter((entry) => !named.has(entry));
  const allowed = new Set([...drill.hostile, drill.accomplice]);
  const extra = [...named].filter((name) => !allowed.has(name));
  if (!missing.length && !extra.length) {
    return pass(`${drill.answer} names all ${drill.hostile.length} hostile entries of ${drill.repository}:${drill.tag} and nothing harmless.`);
  }
  const problems: string[] = [];
  if (missing.length) problems.push(`it misses ${missing.length}: ${missing.map((entry) => describeAttack(drill, entry)).join('; ')}`);
  const ordinary = extra.filter((name) => name in drill.benign || drill.benignLinks.includes(name));
  const unknown = extra.filter((name) => !ordinary.includes(name));
  if (ordinary.length) problems.push(`${ordinary.join(', ')} ${ordinary.length > 1 ? 'are' : 'is'} harmless: it stays inside the target (a symlink is only dangerous when a later entry writes through it)`);
  if (unknown.length) problems.push(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not entries' : 'is not an entry'} of the layer`);
  const stripped = unknown.some((name) => drill.hostile.some((entry) => entry.endsWith(`/${name}`) || entry === `/${name}`));
  const hint = stripped
    ? 'Write the names as tar -tzf lists them. tar\u2019s warnings ("Removing leading `../\u2019") show them with the dangerous part already cut off.'
    : 'Hostile entries: a name starting with / or containing a .. component, a hard link whose target is outside the archive, and any entry whose path goes through a symlink of the archive.';
  return fail(`${drill.answer} is not right yet: ${problems.join('; ')}.`, { hint });
}

/** What happened to a canary, or null when it is as setup left it. */
function canaryHit(files: LearnerFiles, canary: Canary): string | null {
  if ('absent' in canary) {
    const slash = canary.path.lastIndexOf('/');
    const entries = files.list(canary.path.slice(0, slash) || '/');
    return entries?.some((entry) => entry.name === canary.path.slice(slash + 1)) ? `${canary.path} exists` : null;
  }
  try {
    return files.read(canary.path, 64 * 1024)?.toString('utf8') === canary.content ? null : `${canary.path} was changed`;
  } catch (error) {
    if (error instanceof FileRefused) return `${canary.path} was replaced (${error.message})`;
    throw error;
  }
}

function checkExtraction(files: LearnerFiles, drill: Drill): CheckResult {
  if (files.list(drill.rootfs) === null) return notYet(`There is no ${drill.rootfs} yet.`, `mkdir -p ${drill.rootfs}, then extract the layer into it with an extractor that refuses the hostile entries.`);
  const escaped = drill.canaries.flatMap(({ entry, attack, canary }) => {
    const hit = canaryHit(files, canary);
    return hit ? [`${hit}, where the ${attack} entry ${entry} aims`] : [];
  });
  if (escaped.length) {
    return fail(`An attack got out of ${drill.rootfs}: ${[...new Set(escaped)].join('; ')}.`, {
      hint: 'The extractor followed the hostile entries (tar -P / --absolute-names does, and so do extraction scripts that trust names and links). Reset the lesson to get your canaries back, then extract with GNU tar\u2019s defaults, which refuse all four attacks.',
    });
  }
  const expected = { label: `${drill.repository}:${drill.tag}`, files: Object.fromEntries(Object.entries(drill.benign).map(([name, content]) => [name, sha256(Buffer.from(content)).slice('sha256:'.length)])) };
  const rootfs = judgeRootfs(files, expected, drill.rootfs);
  return rootfs.passed ? pass(`${rootfs.message} None of the ${drill.hostile.length} hostile entries got out.`) : rootfs;
}

/** Where else in ~ or /tmp the learner saved the layer, if anywhere (a look for kindness, never a failure). */
function savedElsewhere(files: LearnerFiles, digest: string): string | undefined {
  try {
    return [...(savedFiles(files, '~', { depth: 0 }) ?? []), ...(savedFiles(files, '/tmp', { depth: 1 }) ?? [])].find((saved) => saved.digest === digest)?.path;
  } catch (error) {
    if (error instanceof FileRefused) return undefined;
    throw error;
  }
}

function checkFetched(files: LearnerFiles, drill: Drill): CheckResult {
  const bytes = files.read('~/layer.tar.gz', 16 * 1024 * 1024);
  if (bytes === null) {
    const elsewhere = savedElsewhere(files, drill.layer.digest);
    if (elsewhere) return notYet(`You saved the layer as ${elsewhere}; the task looks for ~/layer.tar.gz.`, `cp ${elsewhere} ~/layer.tar.gz`);
    return notYet('There is no ~/layer.tar.gz yet.', `Fetch the manifest of ${drill.repository}:${drill.tag}, then GET the blob its layers[0].digest names into ~/layer.tar.gz.`);
  }
  const digest = sha256(bytes);
  if (digest === drill.layer.digest) return pass(`~/layer.tar.gz is the layer ${short(digest)}: its sha256 matches the manifest.`);
  const text = bytes.subarray(0, 4096).toString('utf8');
  const hint = text.includes('"errors"')
    ? `That file is the registry\u2019s error answer: ${text.slice(0, 160).trim()}. Check the digest in the URL (GET ${specPath(SpecEndpoints.blob, { name: drill.repository })}, ${citeSpec(SpecEndpoints.blob)}).`
    : text.includes('"schemaVersion"')
      ? 'That is the manifest. The layer is the blob named by its layers[0].digest: GET /v2/<name>/blobs/<that digest>.'
      : text.includes('"rootfs"')
        ? 'That is the image config (the config.digest blob). The layer is the blob named by layers[0].digest.'
        : `Its sha256 is ${short(digest)}; the layer is ${short(drill.layer.digest)}. Fetch the blob by the digest the manifest of ${drill.repository}:${drill.tag} names, and save the bytes unchanged (curl -o, no -i).`;
  return fail(`~/layer.tar.gz is not the layer of ${drill.repository}:${drill.tag}.`, { hint });
}

export default defineChecker<SafeExtractionFixtures>({
  async fetch({ files, fixtures }) {
    const { drill } = fixtures;
    return checkFetched(files('host-1'), drill);
  },

  async hostile({ files, fixtures }) {
    return checkAnswer(files('host-1'), fixtures.drill);
  },

  async extract({ files, fixtures }) {
    return checkExtraction(files('host-1'), fixtures.drill);
  },

  async challenge({ files, fixtures }) {
    const answer = checkAnswer(files('host-1'), fixtures.challenge);
    const extraction = checkExtraction(files('host-1'), fixtures.challenge);
    if (answer.passed && extraction.passed) return pass(`${answer.message} ${extraction.message}`);
    const open = [answer, extraction].filter((result) => !result.passed);
    if (open.every((result) => result.notStarted)) return notYet(open.map((result) => result.message).join(' '), 'See ~/challenge.txt: the same drill on another image.');
    const failed = open.find((result) => !result.notStarted)!;
    return fail(open.map((result) => result.message).join(' '), { hint: failed.hint });
  },
});
