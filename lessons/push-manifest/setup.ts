/**
 * push-manifest: two layers, a config and a manifest for each learner, ready to push by hand, and a
 * challenge: the same image under a repository and tag picked per learner, named in ~/challenge.txt.
 */
import { buildImage, tarLayer, type Descriptor, type SetupContext } from '../../kit/index.ts';

export interface PushManifestFixtures {
  repository: string;
  tag: string;
  config: Descriptor;
  layers: Descriptor[];
  /** Digest of ~/image/manifest.json exactly as written. */
  manifestFileDigest: string;
  /** Where the challenge wants the same image; the tag is a semver with its build metadata written with "_". */
  challenge: { repository: string; tag: string };
}

export default async function setup({ random, writeFile }: SetupContext): Promise<PushManifestFixtures> {
  const app = `${random.word()}-${random.word()}`;
  const layer1 = await tarLayer({ 'etc/os-release': `NAME="Lab Linux"\nID=lab\nVERSION_ID="${random.int(1, 40)}"\n`, 'bin/.keep': random.bytes(64) });
  const layer2 = await tarLayer({ [`app/${app}.txt`]: `${app} says hello\n`, 'app/data.bin': random.bytes(random.int(1024, 4096)) });
  const image = buildImage([layer1, layer2]);
  writeFile('host-1', '~/image/layer-1.tar.gz', layer1.blob);
  writeFile('host-1', '~/image/layer-2.tar.gz', layer2.blob);
  writeFile('host-1', '~/image/config.json', image.config.bytes);
  writeFile('host-1', '~/image/manifest.json', image.manifest.bytes);
  const challenge = { repository: `team-${random.word()}/${app}`, tag: `${random.int(1, 9)}.${random.int(0, 20)}.${random.int(0, 9)}_build.${random.int(2, 99)}` };
  writeFile('host-1', '~/challenge.txt', `Challenge: push the image in ~/image under this repository and tag.\nrepository: ${challenge.repository}\ntag: ${challenge.tag}\n`);
  return {
    repository: 'my/app',
    tag: 'v1',
    config: image.config.descriptor,
    layers: [layer1.descriptor, layer2.descriptor],
    manifestFileDigest: image.manifest.descriptor.digest,
    challenge,
  };
}
