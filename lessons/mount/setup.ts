/**
 * mount: the registry already holds a base image (base/runtime) and an older release of the team's
 * app (team/app:0.9). The learner's new release in ~/app shares two layers with the base, one with
 * the old release, and adds one layer and a config of its own. The challenge in ~/challenge is
 * another image, for a repository and tag of the learner's own, whose shared layers sit in two
 * different repositories. Every byte differs per learner.
 */
import { buildImage, pushImage, tarLayer, type Descriptor, type ImageParts, type Layer, type SetupContext } from '../../kit/index.ts';

/** Where a blob of an image to push already is before the learner starts. */
export type BlobOrigin = { kind: 'repository'; repository: string } | { kind: 'new' };

export interface ImageToPush {
  repository: string;
  tag: string;
  manifest: Descriptor;
  /** The config first, then the layers in order, each with where it already is. */
  blobs: (Descriptor & { role: string; origin: BlobOrigin })[];
}

export interface MountFixtures {
  /** The base image's repository, which the app's two base layers can be mounted from. */
  base: string;
  app: ImageToPush;
  challenge: ImageToPush;
}

const BASE = 'base/runtime';
const APP = 'team/app';

function layerOf(name: string, bytes: Buffer): Promise<Layer> {
  return tarLayer({ [`${name}/data.bin`]: bytes, [`${name}/README`]: `${name}\n` });
}

/** Writes an image as the learner's build left it: manifest.json, config.json and blobs/sha256/<hex>. */
function writeImage(writeFile: SetupContext['writeFile'], dir: string, image: ImageParts): void {
  writeFile('host-1', `${dir}/manifest.json`, image.manifest.bytes);
  writeFile('host-1', `${dir}/config.json`, image.config.bytes);
  writeFile('host-1', `${dir}/blobs/sha256/${image.config.descriptor.digest.slice(7)}`, image.config.bytes);
  for (const layer of image.layers) writeFile('host-1', `${dir}/blobs/sha256/${layer.descriptor.digest.slice(7)}`, layer.blob);
}

function describe(repository: string, tag: string, image: ImageParts, origins: BlobOrigin[], roles: string[]): ImageToPush {
  return {
    repository,
    tag,
    manifest: image.manifest.descriptor,
    blobs: [
      { ...image.config.descriptor, role: 'config', origin: { kind: 'new' } },
      ...image.layers.map((layer, index) => ({ ...layer.descriptor, role: roles[index]!, origin: origins[index]! })),
    ],
  };
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<MountFixtures> {
  // Base layers are the big ones: mounting them is what saves the bytes.
  const os = await layerOf('os', random.bytes(random.int(60_000, 90_000)));
  const runtime = await layerOf('runtime', random.bytes(random.int(40_000, 60_000)));
  await pushImage(registry, BASE, buildImage([os, runtime]), ['1']);

  // The old release was built on an older base, but its dependencies layer is still current.
  const deps = await layerOf('deps', random.bytes(random.int(20_000, 30_000)));
  const oldBase = await layerOf('os-old', random.bytes(random.int(50_000, 60_000)));
  const oldCode = await layerOf('app-0.9', random.bytes(random.int(3_000, 6_000)));
  await pushImage(registry, APP, buildImage([oldBase, deps, oldCode]), ['0.9']);

  const code = await layerOf(`app-${random.word()}`, random.bytes(random.int(3_000, 6_000)));
  const app = buildImage([os, runtime, deps, code]);
  writeImage(writeFile, '~/app', app);

  // The challenge: a tool image on the same runtime layer plus a layer only base/tools has.
  const tools = await layerOf('tools', random.bytes(random.int(30_000, 40_000)));
  await pushImage(registry, 'base/tools', buildImage([os, tools]), ['2']);
  const script = await layerOf(`job-${random.word()}`, random.bytes(random.int(2_000, 4_000)));
  const job = buildImage([runtime, tools, script]);
  const challengeRepository = `team/${random.word()}-job`;
  const challengeTag = `r${random.int(2, 9)}`;
  writeImage(writeFile, '~/challenge', job);
  writeFile('host-1', '~/challenge/target.txt', `repository: ${challengeRepository}\ntag: ${challengeTag}\n`);

  return {
    base: BASE,
    app: describe(APP, '1.0', app, [{ kind: 'repository', repository: BASE }, { kind: 'repository', repository: BASE }, { kind: 'repository', repository: APP }, { kind: 'new' }], ['os layer', 'runtime layer', 'deps layer', 'app layer']),
    challenge: describe(challengeRepository, challengeTag, job, [{ kind: 'repository', repository: BASE }, { kind: 'repository', repository: 'base/tools' }, { kind: 'new' }], ['runtime layer', 'tools layer', 'job layer']),
  };
}
