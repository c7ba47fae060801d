/**
 * multi-arch: read a platform digest out of an index, publish two platform manifests by digest and an
 * index over them; the challenge publishes two other platforms under the learner's own repository and tag.
 * Hints read only the task's repository: the text's deliberate 404 on multi:latest is not the learner's
 * mistake in my/multi.
 */
import { defineChecker, explainTraffic, fail, MediaTypes, notYet, pass, short, type CheckResult, type Descriptor, type LearnerFiles, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import { ARCHITECTURES, type MultiArchFixtures, type PlatformImage } from '../lessons/multi-arch/setup.ts';

const DIGEST_FILE = '/tmp/multi-arm64.txt';

function readDigestFile(files: (host: string) => LearnerFiles): string | null {
  for (const host of ['host-2', 'host-1']) {
    const text = files(host).text(DIGEST_FILE, 4096);
    if (text !== null) return text;
  }
  return null;
}

/** A manifest PUT by a tag name that succeeded in the repository, other than the index's own tag. */
function pushedByTag(traffic: TrafficEntry[], repository: string, indexTag: string): string | undefined {
  const prefix = `/v2/${repository}/manifests/`;
  return traffic.find((e) => e.method === 'PUT' && e.status === 201 && e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes(':') && e.path.slice(prefix.length) !== indexTag)?.path.slice(prefix.length);
}

/**
 * A refused index PUT explained as an index: its missing "blob" is a child manifest, and its type is
 * the index type (the library's general hints speak of layers and image manifests).
 */
function explainIndexPut(traffic: TrafficEntry[], repository: string, tag: string, platforms: PlatformImage[]): string | undefined {
  const put = traffic.findLast((e) => e.method === 'PUT' && e.path === `/v2/${repository}/manifests/${tag}`);
  if (!put || put.status < 400) return undefined;
  const code = put.errors[0]?.code;
  if (code === 'MANIFEST_INVALID' && put.requestHeaders['content-type'] !== MediaTypes.ociIndex) {
    return `The index was sent with Content-Type: ${put.requestHeaders['content-type'] ?? '(none)'}, and distribution (2.x and 3.x) answered MANIFEST_INVALID. Its mediaType field says ${MediaTypes.ociIndex}, and the spec says the client MUST send that value as Content-Type.`;
  }
  if (code === 'MANIFEST_BLOB_UNKNOWN') {
    const detail = JSON.stringify(put.errors[0]?.detail ?? '');
    const child = platforms.find((p) => detail.includes(p.manifest.digest));
    if (child) return `The index names your ${child.architecture} manifest ${short(child.manifest.digest)}, which ${repository} does not have: push every child manifest by digest (PUT /v2/${repository}/manifests/<digest>) before the index. distribution refuses an index with a missing child (MANIFEST_BLOB_UNKNOWN, which the spec allows).`;
  }
  return undefined;
}

/** Which of the platform images are not yet in the repository by digest, with both their blobs. */
async function missingChildren(registry: RegistryClient, repository: string, platforms: PlatformImage[]): Promise<PlatformImage[]> {
  const complete = await Promise.all(
    platforms.map(async (platform) => {
      const [manifest, ...blobs] = await Promise.all([registry.resolve(repository, platform.manifest.digest), ...[platform.config, platform.layer].map((d) => registry.headBlob(repository, d.digest))]);
      return manifest !== null && blobs.every((blob) => blob.exists);
    }),
  );
  return platforms.filter((_, index) => !complete[index]);
}

function explainMissingChildren(traffic: TrafficEntry[], repository: string, indexTag: string, platforms: PlatformImage[], missing: PlatformImage[]): string | undefined {
  // A child pushed by tag is the cause only if the missing ones were never pushed by their digest.
  const pushedByDigest = missing.some((p) => traffic.some((e) => e.method === 'PUT' && e.status === 201 && e.path === `/v2/${repository}/manifests/${p.manifest.digest}`));
  const byTag = pushedByDigest ? undefined : pushedByTag(traffic, repository, indexTag);
  const hints = [
    byTag ? `You pushed a manifest by the tag "${byTag}". An index names its children by digest, so push each one by digest: PUT /v2/${repository}/manifests/sha256:<digest of the exact file>, and do not reformat the file (new bytes, new digest).` : '',
    explainIndexPut(traffic, repository, indexTag, platforms) ?? explainTraffic(traffic, { repository }) ?? '',
  ].filter(Boolean);
  return hints.length ? hints.join(' ') : undefined;
}

/** The index at repository:tag must be an OCI index with one entry per platform image: digest, size, media type, platform. */
async function checkIndex(registry: RegistryClient, traffic: TrafficEntry[], repository: string, tag: string, platforms: PlatformImage[]): Promise<CheckResult> {
  const fetched = await registry.getManifest(repository, tag);
  if (!fetched) {
    const message = `${repository}:${tag} does not exist yet.`;
    const elsewhere = traffic.findLast((e) => e.method === 'PUT' && e.requestHeaders['content-type'] === MediaTypes.ociIndex && /\/manifests\/[^/]+$/.test(e.path) && e.path !== `/v2/${repository}/manifests/${tag}`);
    if (elsewhere) {
      return fail(message, { hint: `Your index went to PUT ${elsewhere.path} (${elsewhere.status}). The task wants it at /v2/${repository}/manifests/${tag}: an index lives in the repository of its children, under the tag clients ask for.` });
    }
    const explained = explainIndexPut(traffic, repository, tag, platforms) ?? explainTraffic(traffic, { repository, pathIncludes: '/manifests/' });
    return explained ? fail(message, { hint: explained }) : notYet(message, `PUT your index to /v2/${repository}/manifests/${tag} with Content-Type: ${MediaTypes.ociIndex}.`);
  }
  if (fetched.mediaType !== MediaTypes.ociIndex) return fail(`${repository}:${tag} is a ${fetched.mediaType}, not an OCI index.`, { hint: `Push the index with Content-Type: ${MediaTypes.ociIndex}.` });
  const entries = ((fetched.json ?? {}) as { manifests?: Descriptor[] }).manifests ?? [];
  const problems: string[] = [];
  let platformMissing = false;
  if (entries.length !== platforms.length) problems.push(`it lists ${entries.length} manifests, expected ${platforms.length}`);
  for (const { architecture, manifest } of platforms) {
    const entry = entries.find((e) => e.digest === manifest.digest);
    if (!entry) {
      problems.push(`no entry for your ${architecture} manifest ${short(manifest.digest)}`);
      continue;
    }
    if (entry.size !== manifest.size) problems.push(`the ${architecture} entry has size ${entry.size}, expected ${manifest.size} (the manifest file\u2019s size in bytes)`);
    if (entry.mediaType !== MediaTypes.ociManifest) problems.push(`the ${architecture} entry has mediaType ${entry.mediaType}`);
    if (!entry.platform) {
      platformMissing = true;
      problems.push(`the ${architecture} entry has no platform`);
    } else if (entry.platform.os !== 'linux' || entry.platform.architecture !== architecture) {
      problems.push(`the ${architecture} entry says platform ${entry.platform.os}/${entry.platform.architecture} where its config says linux/${architecture}`);
    }
  }
  if (!problems.length) return pass(`${repository}:${tag} is an OCI index over your ${platforms.map((p) => `linux/${p.architecture}`).join(' and ')} manifests.`);
  const platformNote = platformMissing
    ? ' The image spec makes platform OPTIONAL (an index of artifacts or attestations has none), but a multi-platform image needs it: it is the only thing a client reads to pick its manifest.'
    : '';
  return fail(`${repository}:${tag} is an index, but ${problems.join('; ')}.`, {
    hint: `Each entry needs mediaType, digest, size and a platform object ({"os": "linux", "architecture": \u2026}) that matches the child\u2019s config.${platformNote}`,
  });
}

export default defineChecker<MultiArchFixtures>({
  async inspect({ fixtures, files, traffic }) {
    const written = readDigestFile(files);
    if (written === null) return notYet(`There is no ${DIGEST_FILE} yet.`, 'GET multi:latest with Accept: application/vnd.oci.image.index.v1+json and find the entry whose platform.architecture is arm64.');
    if (written === fixtures.multiChildren.arm64) return pass(`${DIGEST_FILE} holds ${short(written)}, the linux/arm64 manifest of multi:latest.`);
    const message = written === '' ? `${DIGEST_FILE} is empty.` : `${DIGEST_FILE} says ${short(written)}, which is not multi:latest\u2019s linux/arm64 manifest.`;
    if (written === `"${fixtures.multiChildren.arm64}"`) return fail(message, { hint: 'That is the right digest in JSON quotes: jq prints strings quoted unless you ask for raw output with jq -r.' });
    if (written === fixtures.multiChildren.amd64) return fail(message, { hint: 'That is the digest of the amd64 entry. Pick the entry whose platform.architecture is arm64.' });
    if (written === fixtures.multiIndexDigest) return fail(message, { hint: 'That is the digest of the index itself. The task asks for the arm64 entry listed inside it.' });
    if (written === fixtures.multiChildren.arm64.slice('sha256:'.length)) return fail(message, { hint: 'That is the hex part alone: a digest names its algorithm, so write sha256:<64 hex characters>, as the index lists it.' });
    if (written === '') {
      const held = { latest: MediaTypes.ociIndex, [fixtures.multiIndexDigest]: MediaTypes.ociIndex, [fixtures.multiChildren.amd64]: MediaTypes.ociManifest, [fixtures.multiChildren.arm64]: MediaTypes.ociManifest };
      const explained = explainTraffic(traffic, { repository: 'multi', pathIncludes: '/manifests/', manifests: held });
      return fail(message, { hint: explained ?? 'The command wrote nothing: run its GET alone and read the answer.' });
    }
    return fail(message, { hint: 'Write just the digest (sha256:…) of the arm64 entry in multi:latest\u2019s manifests list.' });
  },

  async platforms({ registry, fixtures, traffic }) {
    const platforms = ARCHITECTURES.map((architecture) => ({ architecture, ...fixtures.platforms[architecture] }));
    const missing = await missingChildren(registry, fixtures.repository, platforms);
    if (!missing.length) return pass(`${fixtures.repository} has both platform manifests by digest, with their blobs.`);
    const message = `${fixtures.repository} does not have ${missing.map((p) => `${p.architecture} (${short(p.manifest.digest)})`).join(' and ')} yet, with its layer and config.`;
    const hint = explainMissingChildren(traffic, fixtures.repository, 'latest', platforms, missing);
    if (hint) return fail(message, { hint });
    return notYet(message, 'For each directory in ~/platforms: push the layer and config as blobs, then PUT manifest.json to /v2/my/multi/manifests/<its digest>.');
  },

  index({ registry, fixtures, traffic }) {
    const platforms = ARCHITECTURES.map((architecture) => ({ architecture, ...fixtures.platforms[architecture] }));
    return checkIndex(registry, traffic, fixtures.repository, 'latest', platforms);
  },

  async challenge({ registry, fixtures, traffic }) {
    const { repository, tag, platforms } = fixtures.challenge;
    const missing = await missingChildren(registry, repository, platforms);
    if (missing.length) {
      const message = `${repository} does not have your ${missing.map((p) => p.architecture).join(' and ')} manifest by digest yet, with its layer and config.`;
      if (!traffic.some((e) => e.path.startsWith(`/v2/${repository}/`))) {
        return notYet(message, 'Your target is in ~/challenge/target.txt on host-1, and the two platform images in ~/challenge/: publish them as one multi-platform image, as you did for my/multi. Each config.json says its platform.');
      }
      const hint = explainMissingChildren(traffic, repository, tag, platforms, missing);
      return hint ? fail(message, { hint }) : notYet(message, 'Children first, by digest, each with its layer and config; the index last, by tag.');
    }
    return checkIndex(registry, traffic, repository, tag, platforms);
  },
});
