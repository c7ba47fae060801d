/**
 * list-tags: repository acme with 5 to 12 tags over three or four manifests. `latest` shares its
 * digest with some version tags (names and counts differ per learner), and `stable` sometimes lags
 * behind on an older release. Two other repositories fill the catalog.
 */
import { buildImage, buildIndex, pushImage, tarLayer, type ImageParts, type RegistryClient, type SetupContext } from '../../kit/index.ts';

export interface ListTagsFixtures {
  repository: string;
  /** Every tag of acme, in the order they were pushed (the registry lists them in its own order). */
  tags: string[];
  /** The tags on latest's digest, latest included. */
  sameAsLatest: string[];
  latestDigest: string;
  otherRepositories: string[];
  /** The challenge, in ~/challenge.txt: the tags of another repository on the same digest as `tag`, saved to `file`. */
  challenge: { repository: string; tag: string; file: string; sameAsTag: string[] };
}

/**
 * The challenge repository: `tag` names a multi-platform OCI index (so an Accept naming only the
 * image manifest type finds nothing), shared by some aliases; other tags name plain images.
 */
async function challengeRepository(random: SetupContext['random'], registry: RegistryClient): Promise<ListTagsFixtures['challenge']> {
  const repository = `${random.word()}/api`;
  const image = async (label: string, architecture = 'amd64') => buildImage([await tarLayer({ 'app/LABEL': `${label} ${random.bytes(8).toString('hex')}
` })], { os: 'linux', architecture });
  const platforms = [await image('prod', 'amd64'), await image('prod', 'arm64')];
  for (const child of platforms) await pushImage(registry, repository, child);
  const index = buildIndex(platforms.map((child, i) => ({ descriptor: child.manifest.descriptor, platform: { os: 'linux', architecture: i ? 'arm64' : 'amd64' } })));
  const tag = random.pick(['prod', 'release', 'current']);
  const sameAsTag = [tag, `r${random.int(10, 99)}`, ...(random.int(0, 1) ? ['latest'] : [])];
  for (const alias of sameAsTag) await registry.putManifest(repository, alias, index.bytes, index.descriptor.mediaType);
  const others = ['canary', `r${random.int(1, 9)}`, ...(sameAsTag.includes('latest') ? [] : ['latest'])];
  for (const other of others) await pushImage(registry, repository, await image(other), [other]);
  return { repository, tag, file: '/tmp/challenge-same.txt', sameAsTag };
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<ListTagsFixtures> {
  const repository = 'acme';
  const major = random.int(1, 6);
  const minor = random.int(1, 9);
  const patch = random.int(0, 9);
  const current = `v${major}.${minor}.${patch}`;
  const previous = `v${major}.${minor - 1}.${random.int(0, 9)}`;
  const stableOnLatest = random.int(0, 1) === 1;

  // latest always has its full version; the short aliases vary.
  const latestGroup = ['latest', current, ...random.shuffle([`v${major}.${minor}`, `v${major}`, ...(stableOnLatest ? ['stable'] : [])]).slice(0, random.int(1, stableOnLatest ? 3 : 2))];
  const previousGroup = [previous, ...(random.int(0, 1) ? [`v${major}.${minor - 1}`] : []), ...(stableOnLatest ? [] : ['stable'])];
  const word = random.word();
  const devGroup = [`${word}-dev`, ...(random.int(0, 1) ? ['edge'] : [])];
  const groups = [latestGroup, previousGroup, devGroup];
  if (random.int(0, 1)) groups.push([`v${major - 1 || 0}.${random.int(0, 9)}.${random.int(0, 9)}`, ...(random.int(0, 1) ? [`nightly-${random.int(100, 999)}`] : [])]);

  const images: ImageParts[] = [];
  for (const [index, tags] of groups.entries()) {
    const layer = await tarLayer({ 'app/VERSION': `${tags[tags.length > 1 ? 1 : 0]}\n`, 'app/build.txt': `build ${index} of ${word}: ${random.bytes(16).toString('hex')}\n` });
    images.push(buildImage([layer]));
  }
  for (const image of images) {
    for (const layer of image.layers) await registry.pushBlob(repository, layer.blob);
    await registry.pushBlob(repository, image.config.bytes);
  }
  // Tags are pushed in a shuffled order, so the registry's order tells nothing.
  const pushes = random.shuffle(groups.flatMap((tags, index) => tags.map((tag) => ({ tag, image: images[index]! }))));
  for (const { tag, image } of pushes) await registry.putManifest(repository, tag, image.manifest.bytes, image.manifest.descriptor.mediaType);

  // Two other repositories, so the catalog has more than acme in it.
  const otherRepositories = ['acme-web', 'tools/builder'];
  for (const [index, other] of otherRepositories.entries()) {
    const layer = await tarLayer({ 'README': `${other} ${random.word()} ${index}\n` });
    const image = buildImage([layer]);
    for (const blob of [layer.blob, image.config.bytes]) await registry.pushBlob(other, blob);
    for (const tag of index === 0 ? ['latest', `v${random.int(1, 3)}`] : ['latest']) await registry.putManifest(other, tag, image.manifest.bytes, image.manifest.descriptor.mediaType);
  }

  const challenge = await challengeRepository(random, registry);
  writeFile('host-2', '~/challenge.txt', `Challenge: write the tags of this repository that point at the same digest as this tag, one per line, to ${challenge.file}.\nrepository: ${challenge.repository}\ntag: ${challenge.tag}\n`);

  return {
    repository,
    tags: pushes.map((p) => p.tag),
    sameAsLatest: latestGroup,
    latestDigest: images[0]!.manifest.descriptor.digest,
    otherRepositories,
    challenge,
  };
}
