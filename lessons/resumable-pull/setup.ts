/**
 * resumable-pull: media/player:1 has a big assets layer and a smaller tools layer. The learner's home
 * holds two interrupted downloads: ~/layer.part (the assets layer's first bytes, intact) and
 * ~/tools.part (the tools layer's first bytes, whose last 4 KiB were zeroed, as a torn write leaves
 * them). The challenge is the largest layer of another image, in a repository of the learner's own.
 * Sizes, cut points and bytes differ per learner.
 */
import { buildImage, pushImage, tarLayer, type SetupContext } from '../../kit/index.ts';

export interface Blob {
  repository: string;
  digest: string;
  size: number;
}

export interface ResumablePullFixtures {
  /** The first layer of media/player:1: the range and resume tasks. */
  assets: Blob & { partial: number };
  /** The second layer: its partial download is damaged. */
  tools: Blob & { partial: number; damagedFrom: number };
  /** The byte range the range task asks for, both ends included, and (base64) the layer's bytes from first - 1 to last + 1. */
  slice: { first: number; last: number; window: string };
  challenge: Blob & { partial: number; image: string };
}

const SLICE_FIRST = 1000;
const SLICE_LAST = 1999;

/** How many trailing bytes of ~/tools.part a torn write zeroed. */
const TORN_BYTES = 4096;

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<ResumablePullFixtures> {
  const repository = 'media/player';
  // Random bytes do not compress, so the layers are as big as their contents: a download worth resuming.
  // The random bytes are drawn in order first; the layers then compress side by side.
  const [assets, tools] = await Promise.all([
    tarLayer({ 'share/assets.bin': random.bytes(random.int(1_500_000, 2_500_000)) }),
    tarLayer({ 'bin/tools.bin': random.bytes(random.int(300_000, 600_000)) }),
  ]);
  await pushImage(registry, repository, buildImage([assets, tools]), ['1']);

  const assetsPartial = Math.floor(assets.blob.length * random.int(35, 65) / 100) + random.int(1, 999);
  writeFile('host-1', '~/layer.part', assets.blob.subarray(0, assetsPartial));

  const toolsPartial = Math.floor(tools.blob.length * random.int(40, 70) / 100) + random.int(1, 999);
  const torn = Buffer.from(tools.blob.subarray(0, toolsPartial));
  torn.fill(0, toolsPartial - TORN_BYTES);
  writeFile('host-1', '~/tools.part', torn);

  const challengeRepository = `media/${random.word()}`;
  const challengeTag = `v${random.int(2, 9)}`;
  const sizes = random.shuffle([random.int(900_000, 1_400_000), random.int(200_000, 400_000), random.int(50_000, 150_000)]);
  const layers = await Promise.all(sizes.map((size, index) => tarLayer({ [`opt/part-${index}.bin`]: random.bytes(size) })));
  await pushImage(registry, challengeRepository, buildImage(layers), [challengeTag]);
  const largest = layers.reduce((big, layer) => (layer.blob.length > big.blob.length ? layer : big));
  const challengePartial = Math.floor(largest.blob.length * random.int(20, 80) / 100) + random.int(1, 999);
  writeFile('host-1', '~/challenge.part', largest.blob.subarray(0, challengePartial));
  writeFile('host-1', '~/challenge.txt', `image: ${challengeRepository}:${challengeTag}\npartial: ~/challenge.part, the first bytes of the image's largest layer\n`);

  return {
    assets: { repository, digest: assets.descriptor.digest, size: assets.blob.length, partial: assetsPartial },
    tools: { repository, digest: tools.descriptor.digest, size: tools.blob.length, partial: toolsPartial, damagedFrom: toolsPartial - TORN_BYTES },
    slice: { first: SLICE_FIRST, last: SLICE_LAST, window: assets.blob.subarray(SLICE_FIRST - 1, SLICE_LAST + 2).toString('base64') },
    challenge: { repository: challengeRepository, digest: largest.descriptor.digest, size: largest.blob.length, partial: challengePartial, image: `${challengeRepository}:${challengeTag}` },
  };
}
