/** purge: my/app with v1 (also v1-stable) and v2 sharing a base layer, each with a layer and config of its own. */
import type { SetupContext } from '../../server/lessons/index.ts';
import { buildImage, pushImage, tarLayer } from '../../server/lessons/index.ts';
import type { Descriptor } from '../../server/registry/index.ts';

export interface PurgeFixtures {
  repository: string;
  v1: { digest: string; config: Descriptor; layer: Descriptor };
  v2: { digest: string; config: Descriptor; layer: Descriptor };
  base: Descriptor;
}

export default async function setup({ random, registry }: SetupContext): Promise<PurgeFixtures> {
  const base = await tarLayer({ 'etc/os-release': `NAME="Lab Linux"\nVERSION_ID="${random.int(1, 30)}"\n`, 'lib/base.bin': random.bytes(2048) });
  const layerV1 = await tarLayer({ 'app/version': 'v1\n', 'app/v1.bin': random.bytes(1024) });
  const layerV2 = await tarLayer({ 'app/version': 'v2\n', 'app/v2.bin': random.bytes(1024) });
  const v1 = buildImage([base, layerV1]);
  const v2 = buildImage([base, layerV2], { os: 'linux', architecture: 'arm64' });
  const repository = 'my/app';
  await pushImage(registry, repository, v1, ['v1', 'v1-stable']);
  await pushImage(registry, repository, v2, ['v2']);
  return {
    repository,
    v1: { digest: v1.manifest.descriptor.digest, config: v1.config.descriptor, layer: layerV1.descriptor },
    v2: { digest: v2.manifest.descriptor.digest, config: v2.config.descriptor, layer: layerV2.descriptor },
    base: base.descriptor,
  };
}
