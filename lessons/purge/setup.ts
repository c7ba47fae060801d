/**
 * purge: my/app with v1 (also v1-stable) and v2 sharing a base layer, each with a layer and config of
 * its own. The challenge is the same shape in a repository of the learner's own, with the release to
 * purge picked per learner and written to ~/challenge.txt on host-2.
 */
import { buildImage, pushImage, tarLayer, type Descriptor, type RegistryClient, type SeededRandom, type SetupContext } from '../../kit/index.ts';

export interface Release {
  digest: string;
  config: Descriptor;
  layer: Descriptor;
}

export interface PurgeFixtures {
  repository: string;
  v1: Release;
  v2: Release;
  base: Descriptor;
  challenge: {
    repository: string;
    /** The release to purge, its second tag, and the release that must keep pulling. */
    purge: Release & { tags: [string, string] };
    keep: Release & { tag: string };
    base: Descriptor;
  };
}

/** Two releases that share a base layer, pushed to one repository. */
async function pushTwoReleases(random: SeededRandom, registry: RegistryClient, repository: string, tags: { first: string[]; second: string[] }) {
  const base = await tarLayer({ 'etc/os-release': `NAME="Lab Linux"\nVERSION_ID="${random.int(1, 30)}"\n`, 'lib/base.bin': random.bytes(2048) });
  const layerFirst = await tarLayer({ 'app/version': `${tags.first[0]}\n`, 'app/first.bin': random.bytes(1024) });
  const layerSecond = await tarLayer({ 'app/version': `${tags.second[0]}\n`, 'app/second.bin': random.bytes(1024) });
  const first = buildImage([base, layerFirst]);
  const second = buildImage([base, layerSecond], { os: 'linux', architecture: 'arm64' });
  await pushImage(registry, repository, first, tags.first);
  await pushImage(registry, repository, second, tags.second);
  const release = (image: typeof first, layer: typeof layerFirst): Release => ({ digest: image.manifest.descriptor.digest, config: image.config.descriptor, layer: layer.descriptor });
  return { base: base.descriptor, first: release(first, layerFirst), second: release(second, layerSecond) };
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<PurgeFixtures> {
  const repository = 'my/app';
  const app = await pushTwoReleases(random, registry, repository, { first: ['v1', 'v1-stable'], second: ['v2'] });

  const challengeRepository = `team/${random.word()}`;
  const major = random.int(1, 9);
  const [older, newer] = [`${major}.${random.int(0, 4)}`, `${major}.${random.int(5, 9)}`];
  const purgeOlder = random.int(0, 1) === 0;
  const purgeTag = purgeOlder ? older : newer;
  const keepTag = purgeOlder ? newer : older;
  const pushed = await pushTwoReleases(random, registry, challengeRepository, { first: [purgeTag, `${purgeTag}-lts`], second: [keepTag] });
  writeFile(
    'host-2',
    '~/challenge.txt',
    `repository: ${challengeRepository}\npurge: ${purgeTag} (also tagged ${purgeTag}-lts)\nkeep: ${keepTag}\n`,
  );
  return {
    repository,
    v1: app.first,
    v2: app.second,
    base: app.base,
    challenge: {
      repository: challengeRepository,
      purge: { ...pushed.first, tags: [purgeTag, `${purgeTag}-lts`] },
      keep: { ...pushed.second, tag: keepTag },
      base: pushed.base,
    },
  };
}
