/**
 * garbage-collection: shop/web with v1 and v2 sharing a base layer; shop/multi:latest, an OCI index
 * whose two platform manifests were pushed by digest (untagged), with their files in ~/multi/ for
 * the repair; and, for the challenge, a repository of the learner's own with a release to free and
 * one to keep, named in ~/challenge.txt.
 */
import { buildImage, buildIndex, pushImage, tarLayer, type Descriptor, type ImageParts, type RegistryClient, type SeededRandom, type SetupContext } from '../../kit/index.ts';

export interface Release {
  tag: string;
  manifest: Descriptor;
  config: Descriptor;
  /** The layer only this release uses. */
  layer: Descriptor;
}

export interface PlatformChild {
  architecture: string;
  manifest: Descriptor;
  config: Descriptor;
  layer: Descriptor;
}

export interface GarbageCollectionFixtures {
  web: { repository: string; v1: Release; v2: Release; base: Descriptor };
  multi: { repository: string; tag: string; index: Descriptor; children: PlatformChild[] };
  challenge: { repository: string; free: Release; keep: Release; base: Descriptor };
}

/** Two releases sharing a base layer, each with a config and a layer of its own. */
async function pushReleases(random: SeededRandom, registry: RegistryClient, repository: string, tags: [string, string]) {
  const base = await tarLayer({ 'etc/os-release': `NAME="Lab Linux"\nVERSION_ID="${random.int(1, 30)}"\n`, 'lib/base.bin': random.bytes(3072) });
  const releases: Release[] = [];
  for (const tag of tags) {
    const own = await tarLayer({ 'srv/www/version': `${tag}\n`, 'srv/www/site.bin': random.bytes(2048 + random.int(0, 2048)) });
    const image = buildImage([base, own]);
    await pushImage(registry, repository, image, [tag]);
    releases.push({ tag, manifest: image.manifest.descriptor, config: image.config.descriptor, layer: own.descriptor });
  }
  return { base: base.descriptor, first: releases[0]!, second: releases[1]! };
}

/** The files a learner needs to push one platform image again: its blobs and its manifest. */
function writeChildFiles(writeFile: SetupContext['writeFile'], architecture: string, image: ImageParts): void {
  writeFile('host-1', `~/multi/${architecture}/manifest.json`, image.manifest.bytes);
  writeFile('host-1', `~/multi/${architecture}/config.json`, image.config.bytes);
  writeFile('host-1', `~/multi/${architecture}/layer.tar.gz`, image.layers[0]!.blob);
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<GarbageCollectionFixtures> {
  const webRepository = 'shop/web';
  const web = await pushReleases(random, registry, webRepository, ['v1', 'v2']);

  const multiRepository = 'shop/multi';
  const children: PlatformChild[] = [];
  const childImages: { descriptor: Descriptor; platform: { os: string; architecture: string } }[] = [];
  for (const architecture of ['amd64', 'arm64']) {
    const layer = await tarLayer({ 'usr/bin/tool': `#!/bin/sh\necho ${architecture} ${random.word()}\n`, 'usr/lib/tool.bin': random.bytes(2048) });
    const image = buildImage([layer], { os: 'linux', architecture });
    await pushImage(registry, multiRepository, image);
    writeChildFiles(writeFile, architecture, image);
    children.push({ architecture, manifest: image.manifest.descriptor, config: image.config.descriptor, layer: layer.descriptor });
    childImages.push({ descriptor: image.manifest.descriptor, platform: { os: 'linux', architecture } });
  }
  const index = buildIndex(childImages);
  await registry.putManifest(multiRepository, 'latest', index.bytes, index.descriptor.mediaType);

  const challengeRepository = `team/${random.word()}`;
  const major = random.int(1, 9);
  const older = `${major}.${random.int(0, 4)}`;
  const newer = `${major}.${random.int(5, 9)}`;
  const freeOlder = random.int(0, 1) === 0;
  const pushed = await pushReleases(random, registry, challengeRepository, [older, newer]);
  const [free, keep] = freeOlder ? [pushed.first, pushed.second] : [pushed.second, pushed.first];
  writeFile('host-1', '~/challenge.txt', `repository: ${challengeRepository}\nfree: ${free.tag}\nkeep: ${keep.tag}\n`);

  return {
    web: { repository: webRepository, v1: web.first, v2: web.second, base: web.base },
    multi: { repository: multiRepository, tag: 'latest', index: index.descriptor, children },
    challenge: { repository: challengeRepository, free, keep, base: pushed.base },
  };
}
