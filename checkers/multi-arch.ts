/** multi-arch: read a platform digest out of an index, publish two platform manifests by digest, and an index over them. */
import { defineChecker, explainTraffic, fail, FileRefused, MediaTypes, notYet, pass, short, type LearnerFiles } from './lib/index.ts';
import type { Descriptor } from '../server/registry/index.ts';
import { ARCHITECTURES, type MultiArchFixtures } from '../lessons/multi-arch/setup.ts';

function readDigestFile(files: (host: string) => LearnerFiles): string | null {
  for (const host of ['host-2', 'host-1']) {
    const text = files(host).text('/tmp/multi-arm64.txt', 4096);
    if (text !== null) return text;
  }
  return null;
}

/** A manifest PUT by a tag name that succeeded: the learner published a child by tag. */
function pushedByTag(traffic: { method: string; path: string; status: number }[]): string | undefined {
  return traffic.find((e) => e.method === 'PUT' && e.status === 201 && /\/my\/multi\/manifests\/(?!sha256:|latest$)[^/]+$/.test(e.path))?.path.split('/').pop();
}

export default defineChecker<MultiArchFixtures>({
  async inspect({ fixtures, files }) {
    let written: string | null;
    try {
      written = readDigestFile(files);
    } catch (error) {
      if (error instanceof FileRefused) return fail(`Cannot check /tmp/multi-arm64.txt: ${error.message}.`);
      throw error;
    }
    if (written === null) return notYet('There is no /tmp/multi-arm64.txt yet.', 'GET multi:latest with Accept: application/vnd.oci.image.index.v1+json and find the entry whose platform.architecture is arm64.');
    if (written === fixtures.multiChildren.arm64) return pass(`/tmp/multi-arm64.txt holds ${short(written)}, the linux/arm64 manifest of multi:latest.`);
    const hint =
      written === fixtures.multiChildren.amd64
        ? 'That is the digest of the amd64 entry. Pick the entry whose platform.architecture is arm64.'
        : written === fixtures.multiIndexDigest
          ? 'That is the digest of the index itself. The task asks for the arm64 entry listed inside it.'
          : 'Write just the digest (sha256:…) of the arm64 entry in multi:latest\u2019s manifests list.';
    return fail(`/tmp/multi-arm64.txt says ${short(written)}, which is not multi:latest\u2019s linux/arm64 manifest.`, { hint });
  },

  async platforms({ registry, fixtures, traffic }) {
    const missing: string[] = [];
    for (const arch of ARCHITECTURES) {
      const platform = fixtures.platforms[arch];
      const manifest = await registry.resolve(fixtures.repository, platform.manifest.digest);
      const blobs = await Promise.all([platform.config, platform.layer].map((d) => registry.headBlob(fixtures.repository, d.digest)));
      if (!manifest || blobs.some((b) => !b.exists)) missing.push(`${arch} (${short(platform.manifest.digest)})`);
    }
    if (!missing.length) return pass(`${fixtures.repository} has both platform manifests by digest, with their blobs.`);
    const message = `${fixtures.repository} does not have ${missing.join(' and ')} yet, with its layer and config.`;
    const byTag = pushedByTag(traffic);
    const hints = [
      byTag ? `You pushed a manifest by the tag "${byTag}". An index names its children by digest, so push each one by digest: PUT /v2/my/multi/manifests/sha256:<digest of the exact file>, and do not reformat the file (new bytes, new digest).` : '',
      explainTraffic(traffic, { repository: fixtures.repository }) ?? '',
    ].filter(Boolean);
    if (hints.length) return fail(message, { hint: hints.join(' ') });
    return notYet(message, 'For each directory in ~/platforms: push the layer and config as blobs, then PUT manifest.json to /v2/my/multi/manifests/<its digest>.');
  },

  async index({ registry, fixtures, traffic }) {
    const fetched = await registry.getManifest(fixtures.repository, 'latest');
    if (!fetched) {
      const message = `${fixtures.repository}:latest does not exist yet.`;
      const explained = explainTraffic(traffic, { repository: fixtures.repository, pathIncludes: '/manifests/' });
      return explained ? fail(message, { hint: explained }) : notYet(message, `PUT your index to /v2/my/multi/manifests/latest with Content-Type: ${MediaTypes.ociIndex}.`);
    }
    if (fetched.mediaType !== MediaTypes.ociIndex) return fail(`${fixtures.repository}:latest is a ${fetched.mediaType}, not an OCI index.`, { hint: `Push the index with Content-Type: ${MediaTypes.ociIndex}.` });
    const entries = ((fetched.json ?? {}) as { manifests?: Descriptor[] }).manifests ?? [];
    const problems: string[] = [];
    if (entries.length !== ARCHITECTURES.length) problems.push(`it lists ${entries.length} manifests, expected ${ARCHITECTURES.length}`);
    for (const arch of ARCHITECTURES) {
      const expected = fixtures.platforms[arch].manifest;
      const entry = entries.find((e) => e.digest === expected.digest);
      if (!entry) {
        problems.push(`no entry for your ${arch} manifest ${short(expected.digest)}`);
        continue;
      }
      if (entry.size !== expected.size) problems.push(`the ${arch} entry has size ${entry.size}, expected ${expected.size}`);
      if (entry.mediaType !== MediaTypes.ociManifest) problems.push(`the ${arch} entry has mediaType ${entry.mediaType}`);
      if (!entry.platform) problems.push(`the ${arch} entry has no platform`);
      else if (entry.platform.os !== 'linux' || entry.platform.architecture !== arch) problems.push(`the ${arch} entry says platform ${entry.platform.os}/${entry.platform.architecture}`);
    }
    if (problems.length) {
      return fail(`${fixtures.repository}:latest is an index, but ${problems.join('; ')}.`, { hint: 'Each entry needs mediaType, digest, size and a platform object ({"os": "linux", "architecture": …}): the platform is how a client picks the manifest for its machine.' });
    }
    return pass(`${fixtures.repository}:latest is an OCI index over your linux/amd64 and linux/arm64 manifests.`);
  },
});
