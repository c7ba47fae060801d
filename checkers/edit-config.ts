/**
 * edit-config: an edited config is a new blob, the manifest that names it is a new manifest, and
 * the layers do not move. The checker follows the whole chain from the new tag: manifest → config
 * (exactly the original with the one change) → the same layers, the old tag untouched, and the new
 * manifest's digest where the learner wrote it down.
 */
import { isDeepStrictEqual } from 'node:util';
import { defineChecker, explainTraffic, fail, MediaTypes, notYet, pass, sha256, short, type CheckContext, type CheckResult, type Descriptor, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { EditConfigFixtures, EditTarget } from '../lessons/edit-config/setup.ts';

const HOST = 'host-1';

/** Env is a list of variables whose order does not matter to a runtime; everything else compares as is. */
function normalized(config: unknown): unknown {
  const copy = structuredClone(config) as { config?: { Env?: unknown } };
  if (Array.isArray(copy?.config?.Env)) copy.config.Env = [...(copy.config.Env as string[])].sort();
  return copy;
}

/** Paths where two JSON values differ, e.g. "config.Cmd", at most a few. */
function differences(found: unknown, expected: unknown, path = ''): string[] {
  if (isDeepStrictEqual(found, expected)) return [];
  const bothObjects = found && expected && typeof found === 'object' && typeof expected === 'object' && !Array.isArray(found) && !Array.isArray(expected);
  if (!bothObjects) return [path || '(the whole document)'];
  const keys = [...new Set([...Object.keys(found), ...Object.keys(expected)])].sort();
  return keys.flatMap((key) => differences((found as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], path ? `${path}.${key}` : key)).slice(0, 4);
}

/** Why a config is not the expected edit, in words, or undefined when it is. */
function configProblem(found: unknown, target: EditTarget): string | undefined {
  if (isDeepStrictEqual(normalized(found), normalized(target.expectedJson))) return undefined;
  if (isDeepStrictEqual(found, target.configJson)) return `it is the original config, unchanged: it still needs ${target.change}`;
  const paths = differences(normalized(found), normalized(target.expectedJson));
  const topLevel = paths.filter((path) => /^(Cmd|Env|Entrypoint)$/.test(path));
  if (topLevel.length) return `it has a top-level ${topLevel.join(', ')}, but a runtime reads them under "config" (image-spec config.md: config.Cmd, config.Env); change .config.${topLevel[0]} instead`;
  return `it differs from the original plus ${target.change} at ${paths.join(', ')}; change only that, and keep everything else (rootfs.diff_ids above all) as it was`;
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function judgeConfigFile({ files, registry, traffic, fixtures }: CheckContext<EditConfigFixtures>): Promise<CheckResult> {
  const { image } = fixtures;
  const content = files(HOST).read('~/new-config.json');
  if (content === null) return notYet('There is no ~/new-config.json yet.', `Fetch the config of ${image.repository}:${image.tag}, change its Cmd with jq, and save the result as ~/new-config.json.`);
  const json = parse(content);
  if (json === undefined) return fail('~/new-config.json is not valid JSON.', { hint: 'Write it with jq from the original config, so that it stays JSON.' });
  const problem = configProblem(json, image);
  if (problem) return fail(`~/new-config.json is not the config with ${image.change}: ${problem}.`);
  const digest = sha256(content);
  if ((await registry.headBlob(image.repository, digest)).exists) return pass(`~/new-config.json has ${image.change} and is in ${image.repository} as the blob ${short(digest)}: a new config is a new blob, with a new digest.`);
  const explained = explainTraffic(traffic, { repository: image.repository, pathIncludes: '/blobs/' });
  const message = `~/new-config.json is right, but ${image.repository} has no blob ${short(digest)} (its digest) yet.`;
  return explained ? fail(message, { hint: explained }) : notYet(message, 'Upload it as a blob (POST, then PUT with &digest=), as any other blob.');
}

/** The image under the new tag, checked link by link from the tag down to the layers. */
async function judgeChain(registry: RegistryClient, traffic: TrafficEntry[], target: EditTarget): Promise<CheckResult> {
  const { repository, tag, newTag } = target;
  const original = await registry.resolve(repository, tag);
  if (original?.digest !== target.manifestDigest) {
    return fail(`${repository}:${tag} is no longer the original image (${original ? short(original.digest) : 'gone'}, was ${short(target.manifestDigest)}).`, { hint: `Editing an image never changes the old one: push the edited manifest under ${newTag}, and leave ${tag} pointing where it did. Reset the lesson to get ${tag} back.` });
  }
  const fetched = await registry.getManifest(repository, newTag);
  if (!fetched) {
    const message = `${repository}:${newTag} does not exist yet.`;
    const explained = explainTraffic(traffic, { repository, pathIncludes: '/manifests/' });
    return explained ? fail(message, { hint: explained }) : notYet(message, `PUT the edited manifest to /v2/${repository}/manifests/${newTag} with Content-Type: ${MediaTypes.ociManifest}.`);
  }
  const manifest = (fetched.json ?? {}) as { config?: Descriptor; layers?: Descriptor[] };
  if (manifest.config?.digest === target.config.digest) {
    return fail(`${repository}:${newTag} still points at the original config (${short(target.config.digest)}).`, { hint: 'The manifest names its config by digest: after changing the config, set .config.digest and .config.size in the manifest to the new blob\u2019s.' });
  }
  const configBytes = manifest.config?.digest ? await registry.getBlob(repository, manifest.config.digest) : null;
  if (!configBytes) return fail(`${repository}:${newTag} names a config (${short(String(manifest.config?.digest))}) the repository does not have.`, { hint: 'Upload the new config blob before the manifest that points at it.' });
  const problem = configProblem(parse(configBytes), target);
  if (problem) return fail(`The config ${repository}:${newTag} points at is not the original with ${target.change}: ${problem}.`);
  if (manifest.config?.size !== configBytes.length) {
    return fail(`${repository}:${newTag} says its config is ${manifest.config?.size} bytes, but that blob is ${configBytes.length}.`, { hint: 'A descriptor\u2019s size must be the blob\u2019s exact byte count (image-spec descriptor.md); set .config.size to the new config\u2019s size (stat -c %s). distribution 2.8 does not check it, but a client pulling the image will.' });
  }
  if (!isDeepStrictEqual(manifest.layers, target.layers)) {
    return fail(`${repository}:${newTag} does not list the same layers as ${tag}.`, { hint: 'Changing the config changes nothing in the filesystem: keep the layers array exactly as it was, and the config\u2019s rootfs.diff_ids with it.' });
  }
  return pass(`${repository}:${newTag} is ${short(fetched.digest)}: a new manifest over a new config (${short(manifest.config.digest)}, ${target.change}) and the same ${target.layers.length === 1 ? 'layer' : `${target.layers.length} layers`}; ${tag} is still ${short(target.manifestDigest)}.`);
}

async function judgeDigest({ files, registry, fixtures }: CheckContext<EditConfigFixtures>): Promise<CheckResult> {
  const { image } = fixtures;
  const edited = await registry.getManifest(image.repository, image.newTag);
  if (!edited) return fail(`${image.repository}:${image.newTag} is gone, so there is no digest to compare with.`);
  const newConfig = (edited.json as { config?: Descriptor } | null)?.config?.digest;
  const written = files(HOST).text('~/new-digest.txt', 4096);
  if (written === null) return notYet('There is no ~/new-digest.txt yet.', `The registry answers the digest in Docker-Content-Digest (of the PUT, or of a HEAD on ${image.newTag}).`);
  if (written === edited.digest) return pass(`~/new-digest.txt holds ${short(edited.digest)}: the digest of ${image.repository}:${image.newTag}, the edited image.`);
  const message = `~/new-digest.txt says ${short(written)}, but ${image.repository}:${image.newTag} is ${short(edited.digest)}.`;
  if (written === image.manifestDigest) return fail(message, { hint: `That is ${image.tag}, the original image. The edit made a new manifest, with its own digest.` });
  if (written === newConfig || written === image.config.digest) return fail(message, { hint: 'That is a config\u2019s digest. An image is named by the digest of its manifest, which the registry reports as Docker-Content-Digest.' });
  return fail(message, { hint: `Take it from the Docker-Content-Digest header of a HEAD on ${image.newTag}, or hash the exact manifest bytes you pushed.` });
}

export default defineChecker<EditConfigFixtures>({
  config: (context) => judgeConfigFile(context),
  manifest: ({ registry, traffic, fixtures }) => judgeChain(registry, traffic, fixtures.image),
  digest: (context) => judgeDigest(context),
  challenge: ({ registry, traffic, fixtures }) => judgeChain(registry, traffic, fixtures.challenge),
});
