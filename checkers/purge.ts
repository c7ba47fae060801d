/**
 * purge: v1's digest found, its manifest deleted (on 2.8 that is also how its tags go), the blobs
 * only v1 used deleted while v2 still pulls completely; the challenge does the same to the release
 * named in ~/challenge.txt. The text asks the learner to try DELETE by tag: its 400 is an
 * experiment, so it leaves a task pending with an explanation, never red.
 */
import { citeSpec, defineChecker, explainTraffic, fail, isDigest, MediaTypes, notYet, pass, readEvidence, short, SpecEndpoints, specPath, type CheckResult, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { PurgeFixtures } from '../lessons/purge/setup.ts';

interface NamedBlob {
  name: string;
  digest: string;
}

const manifestReference = (entry: TrafficEntry, repository: string) => (entry.path.startsWith(`/v2/${repository}/manifests/`) ? entry.path.slice(`/v2/${repository}/manifests/`.length) : undefined);
const blobReference = (entry: TrafficEntry, repository: string) => (entry.path.startsWith(`/v2/${repository}/blobs/`) ? entry.path.slice(`/v2/${repository}/blobs/`.length) : undefined);

/** Blobs of the list that the repository no longer has (HEAD answers 404). */
async function absent(registry: RegistryClient, repository: string, blobs: NamedBlob[]): Promise<NamedBlob[]> {
  const heads = await Promise.all(blobs.map((blob) => registry.headBlob(repository, blob.digest)));
  return blobs.filter((_, index) => !heads[index]!.exists);
}

const names = (blobs: NamedBlob[]) => blobs.map((blob) => `${blob.name} (${short(blob.digest)})`).join(' and ');

/**
 * Why the tags are still there, from the learner's last failed manifest DELETE in the repository:
 * a DELETE by tag is the text's experiment (pending), anything else is a real mistake (failed).
 */
function explainTagsLeft(traffic: TrafficEntry[], repository: string, tags: string[], wanted: { digest: string; label: string }, message: string): CheckResult {
  const failed = traffic.findLast((entry) => entry.method === 'DELETE' && entry.status >= 400 && manifestReference(entry, repository) !== undefined);
  const reference = failed && manifestReference(failed, repository)!;
  if (failed && reference && !reference.includes(':') && failed.status === 400) {
    return notYet(
      message,
      `That ${failed.status} to DELETE ${repository}/manifests/${reference} is distribution 2.8 refusing to delete by tag: the spec lets a registry turn tag deletion off and answer 400 or 405 (${citeSpec(SpecEndpoints.deleteManifest)}); 2.8 says DIGEST_INVALID, 3.x untags. Delete by digest instead: a HEAD with an Accept header gives ${wanted.label}\u2019s digest in Docker-Content-Digest, and DELETE ${repository}/manifests/<digest> removes every tag on it.`,
    );
  }
  if (failed && reference && isDigest(reference) && reference !== wanted.digest && failed.status === 404) {
    return fail(message, {
      hint: `${short(reference)} is not ${wanted.label}\u2019s manifest, so the registry answered 404 MANIFEST_UNKNOWN: ${wanted.label} points at ${short(wanted.digest)}. Take the digest from the Docker-Content-Digest header of a HEAD (with an Accept header), or hash the exact bytes a GET returns: jq reformats JSON, and reformatted bytes have another digest.`,
    });
  }
  if (failed && reference === '') {
    const emptyBecause = traffic.findLast((entry) => entry.id < failed.id && ['HEAD', 'GET'].includes(entry.method) && entry.status === 404 && manifestReference(entry, repository));
    const held = Object.fromEntries([...tags, wanted.digest].map((name) => [name, MediaTypes.ociManifest]));
    return fail(message, { hint: [explainTraffic([failed]), emptyBecause ? `It was empty because an earlier ${emptyBecause.method} failed: ${explainTraffic([emptyBecause], { manifests: held })}` : ''].filter(Boolean).join(' ') });
  }
  const explained = explainTraffic(traffic, { repository, pathIncludes: '/manifests/' });
  if (explained) return fail(message, { hint: explained });
  if (!traffic.some((entry) => entry.method === 'DELETE' && entry.path.startsWith(`/v2/${repository}/`))) {
    return notYet(message, 'Both tags point at one manifest. Try deleting the tag first, and read what this registry answers.');
  }
  return fail(message, { hint: `Deleting the manifest by its digest removes every tag that points at it (${citeSpec(SpecEndpoints.deleteManifest)}).` });
}

/**
 * The release that must survive: its manifest by tag, and every blob it needs still in the
 * repository (a DELETE is the only way to lose one through the API, so HEAD is enough).
 */
async function survivor(registry: RegistryClient, repository: string, tag: string, expected: string, blobs: NamedBlob[]): Promise<{ gone?: string; broken: NamedBlob[] }> {
  const [resolved, broken] = await Promise.all([registry.resolve(repository, tag), absent(registry, repository, blobs)]);
  if (!resolved) return { gone: `${repository}:${tag} no longer resolves`, broken: [] };
  if (resolved.digest !== expected) return { gone: `${repository}:${tag} now points at ${short(resolved.digest)}, not the original ${short(expected)}`, broken: [] };
  return { broken };
}

const SHARED_LAYER_WARNING = 'distribution (2.x and 3.x) lets a blob DELETE succeed even while a manifest still lists the blob (other registries, such as zot, refuse with 405).';

const DIGEST_FILE = '/tmp/v1-digest.txt';

const DIGEST_FILE_MAX_BYTES = 4096;

/** The releases whose blobs must all still be there, named for messages. */
function neededBy(label: string, release: { config: { digest: string }; layer: { digest: string } }, base: { digest: string }): NamedBlob[] {
  return [
    { name: `${label}\u2019s config`, digest: release.config.digest },
    { name: 'the shared base layer', digest: base.digest },
    { name: `${label}\u2019s own layer`, digest: release.layer.digest },
  ];
}

export default defineChecker<PurgeFixtures>({
  async digest({ fixtures, files }) {
    // Raw, not trimmed: a stray carriage return in it is a hint of its own.
    const text = files('host-2').read(DIGEST_FILE, DIGEST_FILE_MAX_BYTES)?.toString('utf8') ?? null;
    if (text === null) return notYet(`There is no ${DIGEST_FILE} yet.`, 'HEAD my/app:v1 with an Accept header and save its Docker-Content-Digest.');
    const written = text.trim();
    const message = `${DIGEST_FILE} says "${short(written)}", which is not v1\u2019s manifest digest.`;
    if (written === fixtures.v1.digest) return pass(`${DIGEST_FILE} holds ${short(written)}: the manifest both v1 and v1-stable point at.`);
    if (written === '') {
      return fail(`${DIGEST_FILE} is empty.`, {
        hint: 'The header was not in the answer. Without an Accept header that names the OCI manifest type, distribution (2.x and 3.x) answers a HEAD for an OCI manifest with 404 and no Docker-Content-Digest: add -H "Accept: application/vnd.oci.image.manifest.v1+json".',
      });
    }
    if (written === fixtures.v2.digest) return fail(message, { hint: 'That is v2\u2019s digest. Ask for the tag v1.' });
    if (written.includes(fixtures.v1.digest)) return fail(message, { hint: `The file holds v1\u2019s digest and more ("${written.slice(0, 40)}\u2026"): save just the value, sha256:<64 hex characters>, without the header name or quotes.` });
    if (written === fixtures.v1.digest.slice('sha256:'.length)) return fail(message, { hint: 'That is the hex part alone: a digest names its algorithm, so it reads sha256:<64 hex characters>.' });
    if (/^sha256:[0-9a-f]{64}$/.test(written)) {
      return fail(message, { hint: 'That is a well-formed digest, but of other bytes. Hashing the body of a GET works only on the exact bytes: jq reformats JSON, and reformatted bytes have another digest. The Docker-Content-Digest header of a HEAD (with an Accept header) gives the registry\u2019s own.' });
    }
    return fail(message, { hint: 'Save just the digest (sha256:<64 hex characters>), the value of the Docker-Content-Digest header.' });
  },

  async manifest({ registry, fixtures, traffic, files }) {
    const { repository, v1 } = fixtures;
    const [listed, v1Manifest, v2Manifest] = await Promise.all([registry.tags(repository), registry.resolve(repository, v1.digest), registry.resolve(repository, fixtures.v2.digest)]);
    const tags = listed ?? [];
    const tagsLeft = ['v1', 'v1-stable'].filter((tag) => tags.includes(tag));
    const manifestLeft = v1Manifest !== null;
    if (!manifestLeft && !tagsLeft.length) return pass(`v1\u2019s manifest ${short(v1.digest)} answers 404, and so do v1 and v1-stable.`);
    const message = manifestLeft ? `v1\u2019s manifest ${short(v1.digest)} is still there${tagsLeft.length ? `, tagged ${tagsLeft.join(' and ')}` : ''}.` : `${repository} still lists ${tagsLeft.join(' and ')}.`;
    if (!v2Manifest) {
      return fail(message, { hint: `You deleted v2\u2019s manifest (${short(fixtures.v2.digest)}), not v1\u2019s (${short(v1.digest)}): read the digest from the v1 tag. Reset the lesson to get v2 back.` });
    }
    if (readEvidence(files('host-2'), DIGEST_FILE, DIGEST_FILE_MAX_BYTES)?.includes('\r')) {
      return fail(message, { hint: `${DIGEST_FILE} ends in a carriage return: HTTP header lines end in \\r\\n, and sed kept the \\r. curl refuses a URL with it ("Malformed input", exit 3), so no DELETE reached the registry. Strip it: tr -d '\\r'.` });
    }
    const blobDeletes = traffic.filter((entry) => entry.method === 'DELETE' && blobReference(entry, repository) !== undefined);
    if (blobDeletes.some((entry) => blobReference(entry, repository) === v1.digest)) {
      return fail(message, { hint: `You sent DELETE to ${repository}/blobs/<the manifest\u2019s digest>. A manifest is deleted on the manifests endpoint: DELETE ${specPath(SpecEndpoints.deleteManifest, { name: repository, reference: short(v1.digest) })} (${citeSpec(SpecEndpoints.deleteManifest)}).` });
    }
    if (blobDeletes.some((entry) => entry.status === 202)) {
      return fail(message, { hint: `You deleted blobs, but the manifest is still there and still tagged: a broken image that nobody can pull. On 2.8 a DELETE by tag answers 400, so delete the manifest by digest (${citeSpec(SpecEndpoints.deleteManifest)}).` });
    }
    return explainTagsLeft(traffic, repository, tags, { digest: v1.digest, label: 'v1' }, message);
  },

  async blobs({ registry, fixtures, traffic }) {
    const { repository } = fixtures;
    const onlyV1 = [
      { name: 'v1\u2019s config', digest: fixtures.v1.config.digest },
      { name: 'v1\u2019s own layer', digest: fixtures.v1.layer.digest },
    ];
    const [{ gone, broken }, deleted] = await Promise.all([survivor(registry, repository, 'v2', fixtures.v2.digest, neededBy('v2', fixtures.v2, fixtures.base)), absent(registry, repository, onlyV1)]);
    if (gone) return fail(`v2 is gone: ${gone}.`, { hint: 'Only v1 was to be deleted. Reset the lesson to get v2 back.' });
    const left = onlyV1.filter((blob) => !deleted.includes(blob));
    if (broken.length) {
      return fail(`v2 no longer pulls: ${names(broken)} ${broken.length === 1 ? 'is' : 'are'} missing.`, {
        hint: `v2 needs every blob its manifest lists${broken.some((blob) => blob.digest === fixtures.base.digest) ? ', and the base layer is in both manifests' : ''}. Compare the two sorted lists: comm -23 v1 v2 prints what only v1 uses, comm -12 what both share, comm -13 what only v2 uses. ${SHARED_LAYER_WARNING} Reset the lesson and delete only the blobs no other manifest lists.`,
      });
    }
    if (!left.length) return pass('The config and the layer only v1 used answer 404 in my/app, and v2 still pulls completely: manifest, config and every layer, the shared base layer included.');
    const message = `${names(left)} still answer${left.length === 1 ? 's' : ''} 200.`;
    if (left.length === 1) {
      const hint = left[0]!.digest === fixtures.v1.config.digest ? 'The config is a blob too: the manifest lists it as .config.digest, next to .layers[].digest. Delete it the same way.' : 'Delete every blob in the "only v1" list.';
      return fail(message, { hint });
    }
    const explained = explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
    const hint = `Deleting a manifest leaves its blobs in the repository. Compare the two manifests and DELETE ${specPath(SpecEndpoints.deleteBlob, { name: repository })} for each blob only v1 uses (${citeSpec(SpecEndpoints.deleteBlob)}).`;
    return explained ? fail(message, { hint: explained }) : notYet(message, hint);
  },

  async challenge({ registry, fixtures, traffic }) {
    const { repository, purge, keep, base } = fixtures.challenge;
    const tag = purge.tags[0];
    const ownBlobs = [
      { name: `${tag}\u2019s config`, digest: purge.config.digest },
      { name: `${tag}\u2019s own layer`, digest: purge.layer.digest },
    ];
    const [{ gone, broken }, listed, purgeManifest, deleted] = await Promise.all([
      survivor(registry, repository, keep.tag, keep.digest, neededBy(keep.tag, keep, base)),
      registry.tags(repository),
      registry.resolve(repository, purge.digest),
      absent(registry, repository, ownBlobs),
    ]);
    if (gone || broken.length) {
      return fail(`${keep.tag} must keep pulling, but ${gone ?? `${names(broken)} ${broken.length === 1 ? 'is' : 'are'} missing`}.`, { hint: `Only ${tag} was to be purged. ${SHARED_LAYER_WARNING} Reset the lesson to try again.` });
    }
    const tags = listed ?? [];
    const tagsLeft = purge.tags.filter((name) => tags.includes(name));
    const manifestLeft = purgeManifest !== null;
    const blobsLeft = ownBlobs.filter((blob) => !deleted.includes(blob));
    if (!tagsLeft.length && !manifestLeft && !blobsLeft.length) return pass(`${repository}:${tag} is purged: tags, manifest and the blobs only it used are gone, and ${keep.tag} still pulls completely.`);
    const left = [tagsLeft.length ? `the tags ${tagsLeft.join(' and ')}` : '', manifestLeft ? `its manifest ${short(purge.digest)}` : '', blobsLeft.length ? names(blobsLeft) : ''].filter(Boolean).join(', ');
    const message = `${repository}:${tag} is not purged yet: ${left} still there.`;
    if (!traffic.some((entry) => entry.path.startsWith(`/v2/${repository}/`))) {
      return notYet(message, 'Your own target is in ~/challenge.txt on host-2: the same purge, in another repository, with nothing to copy from the text.');
    }
    if (manifestLeft) return explainTagsLeft(traffic, repository, tags, { digest: purge.digest, label: tag }, message);
    const explained = explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
    return explained ? fail(message, { hint: explained }) : notYet(message, `Now the blobs only ${tag} used: compare its manifest with ${keep.tag}\u2019s before deleting any.`);
  },
});
