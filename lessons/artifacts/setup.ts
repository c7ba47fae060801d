/**
 * artifacts: a data file to publish as an OCI artifact (my/dataset:v1), an image to attach an SBOM
 * to (my/app:v1), and for the challenge a second image that already has a signature among its
 * referrers. Setup asks the registry whether it has the referrers API: without it, the challenge's
 * signature is listed in the `sha256-<hex>` fallback tag, as a client would have left it.
 */
import { buildImage, MediaTypes, pushImage, sha256, tarLayer, type Descriptor, type RegistryClient, type SetupContext } from '../../kit/index.ts';

export const EMPTY_CONFIG: Descriptor = { mediaType: MediaTypes.ociEmpty, digest: sha256('{}'), size: 2 };
export const DATASET_TYPE = 'application/vnd.registry-lab.dataset.v1';
export const DATASET_LAYER_TYPE = 'application/vnd.registry-lab.dataset.table.v1+csv';
export const SBOM_TYPE = 'application/spdx+json';
export const SIGNATURE_TYPE = 'application/vnd.registry-lab.signature.v1';
export const TITLE = 'org.opencontainers.image.title';

export interface FileFixture {
  /** Where setup wrote it (a learner path on host-1). */
  path: string;
  name: string;
  digest: string;
  size: number;
}

export interface SubjectImage {
  repository: string;
  tag: string;
  manifest: Descriptor;
}

export interface ArtifactsFixtures {
  /** GET /v2/<name>/referrers/<digest> answered 200 when setup asked. */
  referrersApi: boolean;
  dataset: FileFixture & { repository: string; tag: string };
  app: SubjectImage;
  sbom: FileFixture;
  challenge: SubjectImage & { sbom: FileFixture; signature: Descriptor };
}

/** The referrers fallback tag of a subject digest (distribution-spec "Referrers Tag Schema"). */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

/** An artifact manifest: artifactType, the empty config, one layer, an optional subject. */
export function artifactManifest(options: { artifactType: string; layer: Descriptor; subject?: Descriptor }): Buffer {
  return Buffer.from(
    `${JSON.stringify(
      { schemaVersion: 2, mediaType: MediaTypes.ociManifest, artifactType: options.artifactType, config: EMPTY_CONFIG, layers: [options.layer], ...(options.subject ? { subject: options.subject } : {}) },
      null,
      2,
    )}\n`,
  );
}

async function hasReferrersApi(registry: RegistryClient, repository: string, digest: string): Promise<boolean> {
  return (await registry.http.request('GET', `/v2/${repository}/referrers/${digest}`)).status === 200;
}

function sbomFor(name: string, version: string, random: SetupContext['random']): Buffer {
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://registry-lab.example/spdx/${name}-${random.bytes(6).toString('hex')}`,
    creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: registry-lab'] },
    packages: [{ SPDXID: `SPDXRef-${name}`, name, versionInfo: version, downloadLocation: 'NOASSERTION' }],
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`);
}

async function pushSubject(context: SetupContext, repository: string, tag: string, label: string): Promise<SubjectImage> {
  const layer = await tarLayer({ [`app/${label}.txt`]: `${label} ${context.random.bytes(8).toString('hex')}\n`, 'app/bin': context.random.bytes(context.random.int(600, 1400)) });
  const image = buildImage([layer]);
  await pushImage(context.registry, repository, image, [tag]);
  return { repository, tag, manifest: image.manifest.descriptor };
}

function writeFixture(context: SetupContext, path: string, bytes: Buffer): FileFixture {
  context.writeFile(context.hosts[0]!, path, bytes);
  return { path, name: path.split('/').pop()!, digest: sha256(bytes), size: bytes.length };
}

export default async function setup(context: SetupContext): Promise<ArtifactsFixtures> {
  const { random, registry } = context;
  const topic = random.word();
  const rows = Array.from({ length: random.int(4, 9) }, (_, index) => `${index + 1},${random.word()},${random.int(1, 999)}`);
  const dataset = writeFixture(context, `~/dataset/${topic}-measurements.csv`, Buffer.from(`id,site,value\n${rows.join('\n')}\n`));

  const app = await pushSubject(context, 'my/app', 'v1', topic);
  const referrersApi = await hasReferrersApi(registry, app.repository, app.manifest.digest);
  const sbom = writeFixture(context, '~/sbom.spdx.json', sbomFor(`app-${topic}`, '1.0.0', random));

  const tool = random.word();
  const subject = await pushSubject(context, `tools/${tool}`, `r${random.int(2, 9)}`, tool);
  const signatureBytes = Buffer.from(`signed ${subject.manifest.digest} by ${random.word()}-ci ${random.bytes(16).toString('hex')}\n`);
  await registry.pushBlob(subject.repository, signatureBytes);
  await registry.pushBlob(subject.repository, Buffer.from('{}'));
  const signatureManifest = artifactManifest({ artifactType: SIGNATURE_TYPE, layer: { mediaType: 'application/vnd.registry-lab.signature.v1+txt', digest: sha256(signatureBytes), size: signatureBytes.length }, subject: subject.manifest });
  const signature: Descriptor = { mediaType: MediaTypes.ociManifest, digest: sha256(signatureManifest), size: signatureManifest.length };
  await registry.putManifest(subject.repository, signature.digest, signatureManifest, MediaTypes.ociManifest);
  if (!referrersApi) {
    const index = Buffer.from(`${JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [{ ...signature, artifactType: SIGNATURE_TYPE }] }, null, 2)}\n`);
    await registry.putManifest(subject.repository, referrersTag(subject.manifest.digest), index, MediaTypes.ociIndex);
  }
  const challengeSbom = writeFixture(context, '~/challenge-sbom.spdx.json', sbomFor(tool, `${random.int(2, 9)}.0.0`, random));
  context.writeFile(
    context.hosts[0]!,
    '~/challenge.txt',
    `Attach ~/challenge-sbom.spdx.json as an SBOM (${SBOM_TYPE}) to ${subject.repository}:${subject.tag}.\nThat image is already signed: a client must find both its signature and your SBOM among its referrers.\n`,
  );

  return {
    referrersApi,
    dataset: { ...dataset, repository: 'my/dataset', tag: 'v1' },
    app,
    sbom,
    challenge: { ...subject, sbom: challengeSbom, signature },
  };
}
