/** push-manifest: blobs in my/app, my/app:v1 an OCI manifest over exactly those blobs, and the digest people pin. */
import { defineChecker, explainTraffic, fail, FileRefused, MediaTypes, notYet, pass, short } from './lib/index.ts';
import type { Descriptor } from '../server/registry/index.ts';
import type { PushManifestFixtures } from '../lessons/push-manifest/setup.ts';

const FILES = ['layer-1.tar.gz', 'layer-2.tar.gz', 'config.json'];

/** Differences between an expected descriptor and what the manifest says, in words. */
function compare(label: string, expected: Descriptor, found: Partial<Descriptor> | undefined): string[] {
  if (!found) return [`${label} is missing`];
  const problems: string[] = [];
  if (found.digest !== expected.digest) problems.push(`${label} digest is ${short(String(found.digest))}, expected ${short(expected.digest)}`);
  if (found.size !== expected.size) problems.push(`${label} size is ${found.size}, expected ${expected.size} (the byte count of the blob)`);
  if (found.mediaType !== expected.mediaType) problems.push(`${label} mediaType is ${found.mediaType}, expected ${expected.mediaType}`);
  return problems;
}

export default defineChecker<PushManifestFixtures>({
  async blobs({ registry, fixtures, traffic }) {
    const wanted = [...fixtures.layers, fixtures.config];
    const present = await Promise.all(wanted.map((d) => registry.headBlob(fixtures.repository, d.digest)));
    const missing = FILES.filter((_, index) => !present[index]!.exists);
    if (!missing.length) return pass(`${fixtures.repository} has both layers and the config.`);
    const message = `${fixtures.repository} is still missing ${missing.join(', ')}.`;
    const explained = explainTraffic(traffic, { repository: fixtures.repository });
    if (explained) return fail(message, { hint: explained });
    if (missing.length === FILES.length) return notYet(message, 'Upload each file in ~/image except manifest.json as a blob (POST, then PUT with &digest=), as in the previous lesson.');
    return fail(message, { hint: 'Upload every one of them: a manifest can only point at blobs the repository has.' });
  },

  async manifest({ registry, fixtures, traffic }) {
    const { repository, tag } = fixtures;
    const fetched = await registry.getManifest(repository, tag);
    if (!fetched) {
      const message = `${repository}:${tag} does not exist yet.`;
      const explained = explainTraffic(traffic, { repository, pathIncludes: '/manifests/' });
      return explained ? fail(message, { hint: explained }) : notYet(message, `PUT ~/image/manifest.json to /v2/${repository}/manifests/${tag} with Content-Type: ${MediaTypes.ociManifest}.`);
    }
    if (fetched.mediaType !== MediaTypes.ociManifest) {
      return fail(`${repository}:${tag} is a ${fetched.mediaType}, not an OCI image manifest.`, { hint: `Push it with Content-Type: ${MediaTypes.ociManifest}.` });
    }
    const body = (fetched.json ?? {}) as { config?: Descriptor; layers?: Descriptor[] };
    const problems = [
      ...compare('the config', fixtures.config, body.config),
      ...(body.layers?.length === fixtures.layers.length ? [] : [`the manifest lists ${body.layers?.length ?? 0} layers, expected ${fixtures.layers.length}`]),
      ...fixtures.layers.flatMap((layer, index) => compare(`layer ${index + 1}`, layer, body.layers?.[index])),
    ];
    if (problems.length) {
      return fail(`${repository}:${tag} exists, but ${problems.join('; ')}.`, { hint: 'A descriptor must match its blob exactly: digest, size in bytes and media type. distribution 2.8 only checks that the blobs exist, so a wrong size gets in and breaks pulls later.' });
    }
    return pass(`${repository}:${tag} is an OCI image manifest over your config and both layers (${short(fetched.digest)}).`);
  },

  async digest({ registry, fixtures, files }) {
    const resolved = await registry.resolve(fixtures.repository, fixtures.tag);
    if (!resolved) return fail(`${fixtures.repository}:${fixtures.tag} is gone, so there is no digest to compare with.`);
    let written: string | null;
    try {
      written = files('host-1').text('~/manifest-digest.txt', 4096);
    } catch (error) {
      if (error instanceof FileRefused) return fail(`Cannot check ~/manifest-digest.txt: ${error.message}.`);
      throw error;
    }
    if (written === null) return notYet('There is no ~/manifest-digest.txt yet.', 'The registry tells you the digest in the Docker-Content-Digest header of the PUT (or of a HEAD on the tag).');
    if (written === resolved.digest) return pass(`~/manifest-digest.txt holds ${short(resolved.digest)}, the digest that pins this image.`);
    const hint =
      written === fixtures.manifestFileDigest
        ? 'That is the digest of ~/image/manifest.json, but the registry stored different bytes: the manifest you pushed was reformatted. A digest covers the exact bytes of the PUT body, so take it from Docker-Content-Digest.'
        : 'Take the digest from the Docker-Content-Digest header the registry answers, or hash the exact bytes you pushed.';
    return fail(`~/manifest-digest.txt says ${short(written)}, but the registry reports ${short(resolved.digest)}.`, { hint });
  },
});
