/**
 * multi-arch: single:latest and multi:latest (an OCI index) to inspect, two platform images to
 * publish; the challenge is two more platforms, picked per learner, to publish under a repository
 * and tag of the learner's own (~/challenge/ on host-1).
 */
import { buildImage, buildIndex, pushImage, tarLayer, type Descriptor, type ImageParts, type SetupContext } from '../../kit/index.ts';

export const ARCHITECTURES = ['amd64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface PlatformImage {
  architecture: string;
  manifest: Descriptor;
  config: Descriptor;
  layer: Descriptor;
}

export interface MultiArchFixtures {
  multiIndexDigest: string;
  multiChildren: Record<Architecture, string>;
  repository: string;
  /** The learner's own platform images in ~/platforms/<arch>/. */
  platforms: Record<Architecture, { manifest: Descriptor; config: Descriptor; layer: Descriptor }>;
  /** Two more platforms in ~/challenge/<arch>/, to publish as repository:tag. */
  challenge: { repository: string; tag: string; platforms: PlatformImage[] };
}

const CHALLENGE_ARCHITECTURES = ['ppc64le', 's390x', 'riscv64', '386'] as const;

async function platformImage(arch: string, label: string, bytes: Buffer): Promise<ImageParts> {
  const layer = await tarLayer({ 'app/arch': `${arch}\n`, 'app/name': `${label}\n`, 'app/bin': bytes });
  return buildImage([layer], { os: 'linux', architecture: arch });
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<MultiArchFixtures> {
  const single = await platformImage('amd64', 'single', random.bytes(512));
  await pushImage(registry, 'single', single, ['latest']);

  const children = { amd64: await platformImage('amd64', 'multi', random.bytes(700)), arm64: await platformImage('arm64', 'multi', random.bytes(700)) };
  for (const image of Object.values(children)) await pushImage(registry, 'multi', image);
  const index = buildIndex(ARCHITECTURES.map((arch) => ({ descriptor: children[arch].manifest.descriptor, platform: { os: 'linux', architecture: arch } })));
  await registry.putManifest('multi', 'latest', index.bytes, index.descriptor.mediaType);

  const label = `${random.word()}-${random.word()}`;
  const platforms = {} as MultiArchFixtures['platforms'];
  for (const arch of ARCHITECTURES) {
    const image = await platformImage(arch, label, random.bytes(random.int(600, 1600)));
    writeFile('host-1', `~/platforms/${arch}/layer.tar.gz`, image.layers[0]!.blob);
    writeFile('host-1', `~/platforms/${arch}/config.json`, image.config.bytes);
    writeFile('host-1', `~/platforms/${arch}/manifest.json`, image.manifest.bytes);
    platforms[arch] = { manifest: image.manifest.descriptor, config: image.config.descriptor, layer: image.layers[0]!.descriptor };
  }
  const challengeLabel = random.word();
  const challengeArchitectures = random.shuffle([...CHALLENGE_ARCHITECTURES]).slice(0, 2);
  const challengePlatforms: PlatformImage[] = [];
  for (const arch of challengeArchitectures) {
    const image = await platformImage(arch, challengeLabel, random.bytes(random.int(600, 1600)));
    writeFile('host-1', `~/challenge/${arch}/layer.tar.gz`, image.layers[0]!.blob);
    writeFile('host-1', `~/challenge/${arch}/config.json`, image.config.bytes);
    writeFile('host-1', `~/challenge/${arch}/manifest.json`, image.manifest.bytes);
    challengePlatforms.push({ architecture: arch, manifest: image.manifest.descriptor, config: image.config.descriptor, layer: image.layers[0]!.descriptor });
  }
  const challenge = { repository: `edge/${challengeLabel}`, tag: `${random.word()}-${random.int(1, 99)}`, platforms: challengePlatforms };
  writeFile('host-1', '~/challenge/target.txt', `repository: ${challenge.repository}\ntag: ${challenge.tag}\n`);
  return {
    challenge,
    multiIndexDigest: index.descriptor.digest,
    multiChildren: { amd64: children.amd64.manifest.descriptor.digest, arm64: children.arm64.manifest.descriptor.digest },
    repository: 'my/multi',
    platforms,
  };
}
