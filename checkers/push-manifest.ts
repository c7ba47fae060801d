/**
 * push-manifest: blobs in my/app, my/app:v1 an OCI manifest over exactly those blobs, the digest
 * people pin, and the challenge: the same image under the learner's own repository and tag.
 */
import { defineChecker, explainTraffic, fail, MediaTypes, notYet, pass, short, type CheckContext, type CheckResult, type Descriptor } from '../kit/index.ts';
import type { PushManifestFixtures } from '../lessons/push-manifest/setup.ts';

type Context = CheckContext<PushManifestFixtures>;
const FILES = ['layer-1.tar.gz', 'layer-2.tar.gz', 'config.json'];
const DIGEST_FILE = '~/manifest-digest.txt';

/** Differences between an expected descriptor and what the manifest says, in words. */
function compare(label: string, expected: Descriptor, found: Partial<Descriptor> | undefined): string[] {
  if (!found) return [`${label} is missing`];
  const problems: string[] = [];
  if (found.digest !== expected.digest) problems.push(`${label} digest is ${short(String(found.digest))}, expected ${short(expected.digest)}`);
  if (found.size !== expected.size) problems.push(`${label} size is ${found.size}, expected ${expected.size} (the byte count of the blob)`);
  if (found.mediaType !== expected.mediaType) problems.push(`${label} mediaType is ${found.mediaType}, expected ${expected.mediaType}`);
  return problems;
}

/** What the repository holds under the tag, for hints that must tell a wrong Accept from a missing manifest. */
async function heldManifests(registry: Context['registry'], repository: string, tag: string): Promise<Record<string, string>> {
  const resolved = await registry.resolve(repository, tag);
  return resolved ? { [tag]: resolved.mediaType, [resolved.digest]: resolved.mediaType } : {};
}

/** The image under repository:tag, judged against the learner's files; undefined when there is no such tag. */
async function judgeImage({ registry, fixtures }: Context, repository: string, tag: string): Promise<CheckResult | undefined> {
  const fetched = await registry.getManifest(repository, tag);
  if (!fetched) return undefined;
  if (fetched.mediaType !== MediaTypes.ociManifest) {
    return fail(`${repository}:${tag} is a ${fetched.mediaType}, not an OCI image manifest.`, { hint: `Push ~/image/manifest.json with Content-Type: ${MediaTypes.ociManifest}, the value of its mediaType field.` });
  }
  const body = (fetched.json ?? {}) as { config?: Descriptor; layers?: Descriptor[] };
  const problems = [
    ...compare('the config', fixtures.config, body.config),
    ...(body.layers?.length === fixtures.layers.length ? [] : [`the manifest lists ${body.layers?.length ?? 0} layers, expected ${fixtures.layers.length}`]),
    ...fixtures.layers.flatMap((layer, index) => compare(`layer ${index + 1}`, layer, body.layers?.[index])),
  ];
  if (problems.length) {
    return fail(`${repository}:${tag} exists, but ${problems.join('; ')}.`, {
      hint: 'A descriptor must match its blob exactly: digest, size in bytes and media type. distribution 2.8 (the registry here) checks only that each blob exists, so a wrong size gets in and breaks pulls later.',
    });
  }
  return pass(`${repository}:${tag} is an OCI image manifest over your config and both layers (${short(fetched.digest)}).`);
}

/** Why the digest file does not hold the digest, from what it does hold. */
function explainWrittenDigest(written: string, fixtures: PushManifestFixtures, registryDigest: string): string {
  if (written.includes(registryDigest)) return `The file holds more than the digest ("${written.slice(0, 60)}"). Write only the digest, sha256:… and nothing else: keep the value of the header, not its name.`;
  if (written === fixtures.manifestFileDigest) {
    return 'That is the digest of ~/image/manifest.json, but the registry stored different bytes: the manifest you pushed was reformatted. A digest covers the exact bytes of the PUT body, so take it from Docker-Content-Digest.';
  }
  if (written === fixtures.config.digest) return 'That is the digest of the config blob (what docker shows as the image ID), not of the manifest. An image is pinned by its manifest\u2019s digest: the Docker-Content-Digest of the manifest PUT, or of a HEAD on my/app:v1.';
  if (fixtures.layers.some((layer) => layer.digest === written)) return 'That is a layer\u2019s digest. An image is pinned by its manifest\u2019s digest: the Docker-Content-Digest of the manifest PUT, or of a HEAD on my/app:v1.';
  return 'Take the digest from the Docker-Content-Digest header the registry answers, or hash the exact bytes you pushed.';
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

  async manifest(context) {
    const { registry, fixtures, traffic } = context;
    const { repository, tag } = fixtures;
    const judged = await judgeImage(context, repository, tag);
    if (judged) return judged;
    const message = `${repository}:${tag} does not exist yet.`;
    const explained = explainTraffic(traffic, { repository, pathIncludes: '/manifests/', manifests: await heldManifests(registry, repository, tag) });
    return explained ? fail(message, { hint: explained }) : notYet(message, `PUT ~/image/manifest.json to /v2/${repository}/manifests/${tag} with Content-Type: ${MediaTypes.ociManifest}.`);
  },

  async digest({ registry, fixtures, files, traffic }) {
    const resolved = await registry.resolve(fixtures.repository, fixtures.tag);
    if (!resolved) return fail(`${fixtures.repository}:${fixtures.tag} is gone, so there is no digest to compare with.`);
    const written = files('host-1').text(DIGEST_FILE, 4096);
    if (written === null) return notYet(`There is no ${DIGEST_FILE} yet.`, 'The registry tells you the digest in the Docker-Content-Digest header of the PUT (or of a HEAD on the tag).');
    if (written === resolved.digest) return pass(`${DIGEST_FILE} holds ${short(resolved.digest)}, the digest that pins this image.`);
    if (!written) {
      const explained = explainTraffic(traffic, { repository: fixtures.repository, pathIncludes: '/manifests/', manifests: await heldManifests(registry, fixtures.repository, fixtures.tag) });
      return fail(`${DIGEST_FILE} is empty.`, { hint: explained ?? 'The command that should have written the digest found no Docker-Content-Digest header: run it without the pipe and look at the status line.' });
    }
    return fail(`${DIGEST_FILE} says ${short(written)}, but the registry reports ${short(resolved.digest)}.`, { hint: explainWrittenDigest(written, fixtures, resolved.digest) });
  },

  async challenge(context) {
    const { registry, fixtures, traffic } = context;
    const { repository, tag } = fixtures.challenge;
    const judged = await judgeImage(context, repository, tag);
    if (judged) return judged;
    const message = `${repository}:${tag} does not exist yet.`;
    const explained = explainTraffic(traffic, { repository, manifests: await heldManifests(registry, repository, tag) });
    if (explained) return fail(message, { hint: explained });
    return notYet(message, `~/challenge.txt names your target, ${repository}:${tag}. A manifest can only point at blobs of its own repository, so that repository needs the blobs too.`);
  },
});
