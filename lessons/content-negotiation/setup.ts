/**
 * content-negotiation: one repository, `negotiate`, with a tag of each kind a registry serves: a
 * Docker schema 2 image (`docker`), an OCI image (`oci`), an OCI index (`multi`, with two arm
 * variants) and a Docker manifest list (`legacy`). The challenge is another Docker manifest list, in
 * a repository and for a platform picked per learner (~/challenge.txt). Layer bytes differ per learner.
 */
import { buildImage, buildIndex, MediaTypes, pushImage, sha256, tarLayer, type ImageParts, type RegistryClient, type SetupContext } from '../../kit/index.ts';

type Flavor = 'oci' | 'docker';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface PlatformChild {
  platform: Platform;
  manifest: string;
  config: string;
}

export interface ContentNegotiationFixtures {
  repository: string;
  /** Each tag and the media type it is stored as. */
  tags: Record<'docker' | 'oci' | 'multi' | 'legacy', { mediaType: string; digest: string }>;
  /** The children of the Docker manifest list `legacy`. */
  legacy: PlatformChild[];
  /** The children of the OCI index `multi`. */
  multi: PlatformChild[];
  /** The platform whose config the `platform` task asks for. */
  wanted: Platform;
  challenge: { repository: string; tag: string; platform: Platform; children: PlatformChild[] };
}

const MULTI_PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: 'arm', variant: 'v6' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
];
const LEGACY_PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];
const CHALLENGE_PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
  { os: 'linux', architecture: 's390x' },
  { os: 'linux', architecture: 'ppc64le' },
];

export const platformName = (p: Platform) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

async function platformImage(platform: Platform, label: string, bytes: Buffer, flavor: Flavor): Promise<ImageParts> {
  const layer = await tarLayer({ 'etc/platform': `${platformName(platform)}\n`, 'app/name': `${label}\n`, 'app/bin': bytes }, flavor === 'oci' ? MediaTypes.ociLayerGzip : MediaTypes.dockerLayerGzip);
  return buildImage([layer], platform, flavor);
}

/** Pushes one image per platform by digest, then a list (Docker) or an index (OCI) over them under the tag. */
async function pushMultiPlatform(registry: RegistryClient, repository: string, tag: string, platforms: Platform[], label: string, random: SetupContext['random'], flavor: Flavor) {
  const children: PlatformChild[] = [];
  const descriptors = [];
  for (const platform of platforms) {
    const image = await platformImage(platform, label, random.bytes(random.int(400, 900)), flavor);
    await pushImage(registry, repository, image);
    children.push({ platform, manifest: image.manifest.descriptor.digest, config: image.config.descriptor.digest });
    descriptors.push({ descriptor: image.manifest.descriptor, platform });
  }
  const oci = buildIndex(descriptors);
  const bytes = flavor === 'oci' ? oci.bytes : Buffer.from(`${JSON.stringify({ ...JSON.parse(oci.bytes.toString()), mediaType: MediaTypes.dockerManifestList }, null, 2)}\n`);
  const mediaType = flavor === 'oci' ? MediaTypes.ociIndex : MediaTypes.dockerManifestList;
  await registry.putManifest(repository, tag, bytes, mediaType);
  return { children, list: { mediaType, digest: sha256(bytes) } };
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<ContentNegotiationFixtures> {
  const repository = 'negotiate';
  const label = random.word();
  const docker = await platformImage(MULTI_PLATFORMS[0]!, label, random.bytes(random.int(400, 900)), 'docker');
  await pushImage(registry, repository, docker, ['docker']);
  const oci = await platformImage(MULTI_PLATFORMS[0]!, label, random.bytes(random.int(400, 900)), 'oci');
  await pushImage(registry, repository, oci, ['oci']);
  const multi = await pushMultiPlatform(registry, repository, 'multi', MULTI_PLATFORMS, label, random, 'oci');
  const legacy = await pushMultiPlatform(registry, repository, 'legacy', LEGACY_PLATFORMS, label, random, 'docker');

  const challengeRepository = `vendor/${random.word()}`;
  const challengeTag = `${random.int(1, 4)}.${random.int(0, 9)}`;
  const challengePlatforms = [MULTI_PLATFORMS[0]!, ...random.shuffle(CHALLENGE_PLATFORMS).slice(0, 2)];
  const target = challengePlatforms[random.int(1, 2)]!;
  const challenge = await pushMultiPlatform(registry, challengeRepository, challengeTag, challengePlatforms, random.word(), random, 'docker');
  writeFile('host-1', '~/challenge.txt', `repository: ${challengeRepository}\ntag: ${challengeTag}\nplatform: ${platformName(target)}\n`);

  return {
    repository,
    tags: {
      docker: { mediaType: MediaTypes.dockerManifest, digest: docker.manifest.descriptor.digest },
      oci: { mediaType: MediaTypes.ociManifest, digest: oci.manifest.descriptor.digest },
      multi: multi.list,
      legacy: legacy.list,
    },
    legacy: legacy.children,
    multi: multi.children,
    wanted: MULTI_PLATFORMS[3]!,
    challenge: { repository: challengeRepository, tag: challengeTag, platform: target, children: challenge.children },
  };
}
