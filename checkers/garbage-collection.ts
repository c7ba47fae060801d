/**
 * garbage-collection: v1 deleted by digest; its bytes measured on disk; a dry run, then a real
 * run that sweeps v1's own blobs and keeps v2 whole; --delete-untagged breaking shop/multi (the
 * children of a tagged index are "untagged" to distribution 2.x) and the index repaired with
 * tagged children; the challenge frees another release. Garbage collection shows in the traffic as
 * the lab's POST /gc exchanges (endpoint "lab"); after a real run, a swept blob whose link 2.8
 * leaves behind answers HEAD with 404.
 */
import { citeSpec, defineChecker, explainTraffic, fail, notYet, pass, short, SpecEndpoints, type CheckResult, type Descriptor, type LearnerFiles, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { GarbageCollectionFixtures, Release } from '../lessons/garbage-collection/setup.ts';

interface CollectionRun {
  entry: TrafficEntry;
  dryRun: boolean;
  deleteUntagged: boolean;
}

/** The lab's garbage collections that finished (status 200), oldest first. */
function collections(traffic: TrafficEntry[]): CollectionRun[] {
  return traffic
    .filter((entry) => entry.endpoint === 'lab' && entry.path === '/gc' && entry.method === 'POST' && entry.status === 200)
    .map((entry) => {
      const query = new URLSearchParams(entry.query);
      return { entry, dryRun: query.get('dry-run') === 'true', deleteUntagged: query.get('delete-untagged') === 'true' };
    });
}

/** The last successful manifest DELETE in the repository. */
function lastManifestDelete(traffic: TrafficEntry[], repository: string): TrafficEntry | undefined {
  return traffic.findLast((entry) => entry.method === 'DELETE' && entry.status === 202 && entry.path.startsWith(`/v2/${repository}/manifests/`));
}

/** Blobs of the list the repository still serves (HEAD 200). */
async function present(registry: RegistryClient, repository: string, blobs: { name: string; digest: string }[]) {
  const heads = await Promise.all(blobs.map((blob) => registry.headBlob(repository, blob.digest)));
  return blobs.filter((_, index) => heads[index]!.exists);
}

const ownBlobs = (release: Release) => [
  { name: `${release.tag}'s config`, digest: release.config.digest },
  { name: `${release.tag}'s own layer`, digest: release.layer.digest },
];

const releaseBlobs = (release: Release, base: Descriptor) => [...ownBlobs(release), { name: 'the shared base layer', digest: base.digest }];

const names = (blobs: { name: string; digest: string }[]) => blobs.map((blob) => `${blob.name} (${short(blob.digest)})`).join(' and ');

/** Whether a release still pulls: its tag on its manifest, and every blob it lists. */
async function stillPulls(registry: RegistryClient, repository: string, release: Release, base: Descriptor): Promise<string | undefined> {
  const resolved = await registry.resolve(repository, release.tag);
  if (!resolved) return `${repository}:${release.tag} no longer resolves: its manifest was deleted`;
  if (resolved.digest !== release.manifest.digest) return `${repository}:${release.tag} now points at ${short(resolved.digest)}, not its original manifest`;
  const blobs = releaseBlobs(release, base);
  const kept = await present(registry, repository, blobs);
  const lost = blobs.filter((blob) => !kept.includes(blob));
  return lost.length ? `${repository}:${release.tag} is broken: ${names(lost)} answer 404` : undefined;
}

/** The first whole number in the text ("4910", "4910 bytes", du's "4910\ttotal"). */
function firstNumber(text: string): number | undefined {
  const match = /^\s*(\d+)\b/.exec(text);
  return match ? Number(match[1]) : undefined;
}

async function deleted(registry: RegistryClient, traffic: TrafficEntry[], fixtures: GarbageCollectionFixtures): Promise<CheckResult> {
  const { repository, v1, v2 } = fixtures.web;
  // v2's blobs are the collect task's concern; here only which manifest went.
  const v2Now = await registry.resolve(repository, v2.tag);
  if (v2Now?.digest !== v2.manifest.digest) {
    return fail(`shop/web:v2 no longer resolves to its manifest. Only v1 was to go.`, { hint: `v1 is ${short(v1.manifest.digest)}; take its digest from a HEAD of shop/web/manifests/v1 with an Accept header, and delete that one.` });
  }
  const [byTag, byDigest] = await Promise.all([registry.resolve(repository, v1.tag), registry.resolve(repository, v1.manifest.digest)]);
  if (!byTag && !byDigest) return pass('v1\u2019s manifest is deleted: shop/web lists only v2, and a GET of v1 answers 404. Its bytes are another matter.');
  const explained = explainTraffic(traffic, { repository, pathIncludes: '/manifests/' });
  const triedByTag = traffic.some((entry) => entry.method === 'DELETE' && entry.path === `/v2/${repository}/manifests/${v1.tag}` && entry.status === 400);
  if (triedByTag) {
    return notYet('v1 is still in shop/web.', 'distribution 2.8 answers DELETE by tag with 400 DIGEST_INVALID: it deletes manifests by digest only. HEAD the tag with an Accept header and DELETE shop/web/manifests/<the Docker-Content-Digest>.');
  }
  return explained ? fail('v1 is still in shop/web.', { hint: explained }) : notYet('v1 is still in shop/web.', `Find v1\u2019s digest with a HEAD and DELETE the manifest by that digest (${citeSpec(SpecEndpoints.deleteManifest)}).`);
}

function measured(files: (host: string) => LearnerFiles, fixtures: GarbageCollectionFixtures): CheckResult {
  const { v1, base } = fixtures.web;
  const expected = v1.manifest.size + v1.config.size + v1.layer.size;
  const text = files('host-1').text('/tmp/v1-bytes.txt', 4096);
  if (text === null) return notYet('/tmp/v1-bytes.txt is not there yet.', 'Add up the sizes of the data files of v1\u2019s manifest, config and own layer under /var/lib/registry, and save the number.');
  const saved = firstNumber(text);
  if (saved === undefined) return fail(`/tmp/v1-bytes.txt should start with a number of bytes; it starts with ${JSON.stringify(text.slice(0, 40))}.`);
  if (saved === expected) return pass(`${saved} bytes of v1 are still on disk: its manifest (${v1.manifest.size}), config (${v1.config.size}) and own layer (${v1.layer.size}), although the API answers 404 for the manifest.`);
  if (saved === expected + base.size) return fail(`${saved} counts the shared base layer too (${base.size} bytes).`, { hint: 'v2 still uses the base layer, so garbage collection will keep it: count only what v1 alone holds (compare the two manifests\u2019 blob lists with comm).' });
  if (saved === v1.config.size + v1.layer.size) return fail(`${saved} leaves out v1\u2019s manifest (${v1.manifest.size} bytes).`, { hint: 'The manifest is a blob in blobs/ too, and the DELETE only unlinked it: add its data file.' });
  if (saved > expected + base.size) return fail(`${saved} is more than v1 ever held (${v1.manifest.size} + ${v1.config.size} + ${v1.layer.size} + a shared base of ${base.size}).`, { hint: 'That looks like the size of the whole blob store or a directory: count only the data files of v1\u2019s manifest, config and own layer.' });
  return fail(`${saved} is not the size of v1\u2019s manifest, config and own layer together.`, { hint: 'ls -l or stat -c %s on each data file gives its size in bytes (du rounds to blocks unless you give it -b).' });
}

async function collected(registry: RegistryClient, traffic: TrafficEntry[], fixtures: GarbageCollectionFixtures): Promise<CheckResult> {
  const { repository, v1, v2, base } = fixtures.web;
  const v2Problem = await stillPulls(registry, repository, v2, base);
  if (v2Problem) return fail(`${v2Problem}.`, { hint: 'Garbage collection never sweeps what a linked manifest references; a blob DELETE of a shared layer does break v2 (distribution does not check). Only v1\u2019s own blobs were to go.' });
  const runs = collections(traffic).filter((run) => !run.dryRun);
  if (!runs.length) return notYet('No real garbage collection has run yet.', 'registry-gc without --dry-run sweeps for real.');
  const remaining = await present(registry, repository, ownBlobs(v1));
  if (!remaining.length) return pass(`Collected: ${names(ownBlobs(v1))} answer 404 now, and v2 still pulls completely.`);
  const deletion = lastManifestDelete(traffic, repository);
  const beforeDelete = deletion && runs.at(-1)!.entry.id < deletion.id;
  return fail(`${names(remaining)} still answer 200 after garbage collection.`, {
    hint: beforeDelete
      ? 'That collection ran before v1\u2019s manifest was deleted: it only sweeps what nothing references when it runs. Run it again.'
      : 'v1\u2019s manifest must be gone first: garbage collection keeps every blob a linked manifest references.',
  });
}

async function childState(registry: RegistryClient, fixtures: GarbageCollectionFixtures) {
  const { repository, children } = fixtures.multi;
  const [tags, manifests, blobs] = await Promise.all([
    registry.tags(repository),
    Promise.all(children.map((child) => registry.resolve(repository, child.manifest.digest))),
    Promise.all(children.map((child) => present(registry, repository, [
      { name: `the ${child.architecture} config`, digest: child.config.digest },
      { name: `the ${child.architecture} layer`, digest: child.layer.digest },
    ]))),
  ]);
  const missingManifests = children.filter((_, index) => !manifests[index]);
  const missingBlobs = children.flatMap((child, index) => (blobs[index]!.length === 2 ? [] : [child.architecture]));
  const tagged = new Set<string>();
  for (const tag of tags ?? []) {
    const resolved = await registry.resolve(repository, tag);
    if (resolved) tagged.add(resolved.digest);
  }
  return { missingManifests, missingBlobs, untagged: children.filter((child) => !tagged.has(child.manifest.digest)) };
}

async function untaggedRepaired(registry: RegistryClient, traffic: TrafficEntry[], fixtures: GarbageCollectionFixtures): Promise<CheckResult> {
  const { repository, tag, index } = fixtures.multi;
  const runs = collections(traffic).filter((run) => run.deleteUntagged && !run.dryRun);
  if (!runs.length) return notYet('--delete-untagged has not run for real yet.', 'registry-gc --delete-untagged (after a dry run, if you like) runs it.');
  const resolvedIndex = await registry.resolve(repository, tag);
  if (!resolvedIndex || resolvedIndex.digest !== index.digest) {
    return fail(`shop/multi:${tag} no longer points at the original index ${short(index.digest)}.`, { hint: 'Repair the children, not the index: the index is tagged and stays; its children are what --delete-untagged removed.' });
  }
  const state = await childState(registry, fixtures);
  const afterRun = traffic.filter((entry) => entry.id > runs.at(-1)!.entry.id);
  const blobUnknown = afterRun.findLast((entry) => entry.method === 'PUT' && entry.path.startsWith(`/v2/${repository}/manifests/`) && entry.errors.some((error) => error.code === 'MANIFEST_BLOB_UNKNOWN'));
  if (state.missingManifests.length || state.missingBlobs.length) {
    const platforms = [...new Set([...state.missingManifests.map((child) => child.architecture), ...state.missingBlobs])];
    const what = state.missingManifests.length ? 'manifest answers 404' : 'config and layer answer 404';
    const broken = `shop/multi:${tag} is broken: the ${platforms.join(' and ')} ${what}.`;
    if (blobUnknown && state.missingBlobs.length) {
      return fail(broken, { hint: 'The PUT of a platform manifest answered 400 MANIFEST_BLOB_UNKNOWN: the collection swept the children\u2019s configs and layers too. Push ~/multi/<arch>/config.json and layer.tar.gz first, then the manifest.' });
    }
    // GETs that answer 404 after the run are the text's demonstration; only a failed push is a mistake.
    const explained = explainTraffic(afterRun.filter((entry) => entry.mutating), { repository });
    if (explained) return fail(broken, { hint: explained });
    return notYet(broken, 'That is what --delete-untagged does to a tagged index in distribution 2.x. Push each platform\u2019s blobs and manifest again from ~/multi/.');
  }
  if (state.untagged.length) {
    return fail(`shop/multi pulls again, but ${state.untagged.map((child) => `the ${child.architecture} manifest`).join(' and ')} has no tag.`, {
      hint: 'The next --delete-untagged run deletes an untagged child again. PUT each platform manifest under a tag of its own (e.g. latest-amd64): same bytes, same digest, and a tag it respects.',
    });
  }
  return pass(`shop/multi:${tag} pulls again, and each platform manifest has a tag, so the next --delete-untagged keeps it.`);
}

async function challengeFreed(registry: RegistryClient, traffic: TrafficEntry[], fixtures: GarbageCollectionFixtures): Promise<CheckResult> {
  const { repository, free, keep, base } = fixtures.challenge;
  const keepProblem = await stillPulls(registry, repository, keep, base);
  if (keepProblem) return fail(`${keepProblem}, and ${keep.tag} is the release to keep.`, { hint: 'Free only what the release to free uses alone: its manifest (by digest), then garbage collection. The base layer is shared.' });
  const [byTag, byDigest] = await Promise.all([registry.resolve(repository, free.tag), registry.resolve(repository, free.manifest.digest)]);
  if (byTag || byDigest) {
    const explained = explainTraffic(traffic, { repository, pathIncludes: '/manifests/' });
    return explained ? fail(`${repository}:${free.tag} is still there.`, { hint: explained }) : notYet(`${repository}:${free.tag} is still there.`, '~/challenge.txt says which release to free.');
  }
  const remaining = await present(registry, repository, ownBlobs(free));
  const deletion = lastManifestDelete(traffic, repository);
  const collectedAfter = collections(traffic).some((run) => !run.dryRun && (!deletion || run.entry.id > deletion.id));
  if (!collectedAfter) return notYet(`${free.tag}\u2019s manifest is deleted, but its bytes are still on disk.`, 'A real garbage collection after the delete frees them.');
  if (remaining.length) return fail(`${names(remaining)} still answer 200 after garbage collection.`, { hint: 'Garbage collection keeps what a linked manifest references: is another manifest of that release still in the repository?' });
  return pass(`${free.tag} is freed: no manifest, and its own config and layer are swept, while ${keep.tag} still pulls.`);
}

export default defineChecker<GarbageCollectionFixtures>({
  delete: ({ registry, traffic, fixtures }) => deleted(registry, traffic, fixtures),
  measure: async ({ files, fixtures }) => measured(files, fixtures),
  'dry-run': async ({ traffic }) => {
    const dry = collections(traffic).find((run) => run.dryRun);
    if (!dry) return notYet('No dry run yet.', 'registry-gc --dry-run lists what would be deleted and deletes nothing.');
    return pass(`Dry run: ${dry.entry.note?.replace(/^[^:]*: /, '') ?? 'done'}. Nothing was deleted.`);
  },
  collect: ({ registry, traffic, fixtures }) => collected(registry, traffic, fixtures),
  untagged: ({ registry, traffic, fixtures }) => untaggedRepaired(registry, traffic, fixtures),
  challenge: ({ registry, traffic, fixtures }) => challengeFreed(registry, traffic, fixtures),
});
