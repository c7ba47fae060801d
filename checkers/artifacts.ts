/** artifacts: publish a data file as an OCI artifact, pull it back by digest, attach an SBOM with `subject`, and find it as a client does. */
import { defineChecker, explainTraffic, fail, MediaTypes, notYet, pass, sha256, short, type CheckResult, type Descriptor, type LearnerFiles, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import { DATASET_LAYER_TYPE, DATASET_TYPE, EMPTY_CONFIG, referrersTag, SBOM_TYPE, TITLE, type ArtifactsFixtures, type FileFixture, type SubjectImage } from '../lessons/artifacts/setup.ts';

interface ArtifactManifest {
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: (Descriptor & { annotations?: Record<string, string> })[];
  subject?: Descriptor;
}

type IndexEntry = Descriptor & { artifactType?: string };

/** What a learner saved, compared with a file setup made; a hint says what the saved bytes look like instead. */
function compareSaved(files: LearnerFiles, learnerPath: string, expected: FileFixture, what: string): CheckResult {
  const bytes = files.read(learnerPath, 1024 * 1024);
  if (bytes === null) return notYet(`There is no ${learnerPath} on host-2 yet.`);
  if (sha256(bytes) === expected.digest) return pass(`${learnerPath} on host-2 is ${what}, byte for byte (${short(expected.digest)}).`);
  const text = bytes.subarray(0, 2048).toString('utf8');
  const hint = text.startsWith('HTTP/')
    ? 'The file starts with the response headers: drop curl\u2019s -i when you save a blob.'
    : text.includes('"errors"')
      ? `That is the registry\u2019s error answer: ${text.slice(0, 160).trim()}.`
      : text.includes('"schemaVersion"')
        ? 'That is a manifest (or index), not the content: the content is the blob its layers[0] names.'
        : `Its sha256 is ${short(sha256(bytes))}, but the content is ${short(expected.digest)}. GET the blob by that digest and save the bytes unchanged.`;
  return fail(`${learnerPath} on host-2 differs from ${what}.`, { hint });
}

/** The problems of an artifact manifest, in the order a learner would fix them. */
function artifactProblems(manifest: ArtifactManifest, expected: { artifactType: string; layer: FileFixture; layerType?: string; title?: string }): string[] {
  const problems: string[] = [];
  if (manifest.artifactType !== expected.artifactType) problems.push(`its artifactType is ${manifest.artifactType ? `"${manifest.artifactType}"` : 'missing'}, expected "${expected.artifactType}" (image-spec: artifactType MUST be set when the config is the empty descriptor)`);
  const config = manifest.config;
  if (!config || config.mediaType !== EMPTY_CONFIG.mediaType || config.digest !== EMPTY_CONFIG.digest || config.size !== EMPTY_CONFIG.size) {
    problems.push(`its config is not the empty descriptor (mediaType ${EMPTY_CONFIG.mediaType}, digest ${short(EMPTY_CONFIG.digest)} of the two bytes {}, size 2)`);
  }
  const layer = manifest.layers?.find((candidate) => candidate.digest === expected.layer.digest);
  if (!layer) problems.push(`no layer names ${expected.layer.name} (${short(expected.layer.digest)})`);
  else {
    if (layer.size !== expected.layer.size) problems.push(`the layer's size is ${layer.size}, the file has ${expected.layer.size} bytes`);
    if (expected.layerType && layer.mediaType !== expected.layerType) problems.push(`the layer media type is "${layer.mediaType}", expected "${expected.layerType}" (the file is a CSV, not a tar)`);
    if (expected.title && layer.annotations?.[TITLE] !== expected.title) problems.push(`the layer's ${TITLE} annotation is ${layer.annotations?.[TITLE] ? `"${layer.annotations[TITLE]}"` : 'missing'}, expected "${expected.title}"`);
  }
  return problems;
}

/** Manifests the learner pushed into a repository (by tag or digest), newest first, at most `limit`. */
function pushedManifests(traffic: TrafficEntry[], repository: string, limit = 6): string[] {
  const prefix = `/v2/${repository}/manifests/`;
  const references = traffic.filter((e) => e.method === 'PUT' && e.status === 201 && e.path.startsWith(prefix)).map((e) => e.path.slice(prefix.length));
  return [...new Set(references.reverse())].filter((reference) => !reference.startsWith('sha256-')).slice(0, limit);
}

/** The subject's referrers list: from the referrers API when the registry has one, else from the fallback tag. */
async function referrersOf(registry: RegistryClient, image: SubjectImage, api: boolean): Promise<{ entries: IndexEntry[]; source: string } | { problem: string }> {
  const tag = referrersTag(image.manifest.digest);
  if (api) {
    const answer = await registry.http.request('GET', `/v2/${image.repository}/referrers/${image.manifest.digest}`);
    const entries = answer.status === 200 ? ((JSON.parse(answer.body.toString('utf8')) as { manifests?: IndexEntry[] }).manifests ?? []) : [];
    return { entries, source: `the referrers API (GET /v2/${image.repository}/referrers/${short(image.manifest.digest)})` };
  }
  const index = await registry.getManifest(image.repository, tag);
  if (!index) return { problem: `${image.repository} has no tag ${tag.slice(0, 19)}…: this registry has no referrers API, so clients look for the referrers list under the tag sha256-<hex of the subject digest> (distribution-spec "Referrers Tag Schema")` };
  if (index.mediaType !== MediaTypes.ociIndex) return { problem: `the tag ${tag.slice(0, 19)}… holds a ${index.mediaType}, but a referrers list is an OCI index (${MediaTypes.ociIndex})` };
  return { entries: ((index.json ?? {}) as { manifests?: IndexEntry[] }).manifests ?? [], source: `the index under ${image.repository}:${tag.slice(0, 19)}…` };
}

/** Why the SBOM is not among the referrers, from the manifests the learner pushed: a mistake, or just the next step. */
async function diagnoseSbom(registry: RegistryClient, image: SubjectImage, sbom: FileFixture, traffic: TrafficEntry[]): Promise<{ mistake: boolean; text: string } | undefined> {
  for (const reference of pushedManifests(traffic, image.repository)) {
    const manifest = (await registry.getManifest(image.repository, reference))?.json as ArtifactManifest | null;
    if (!manifest?.layers?.some((layer) => layer.digest === sbom.digest)) continue;
    if (!manifest.subject) return { mistake: true, text: `Your SBOM manifest (${reference.slice(0, 19)}) has no subject. Add "subject": the descriptor of ${image.repository}:${image.tag} (mediaType, digest, size).` };
    if (manifest.subject.digest !== image.manifest.digest) {
      return { mistake: true, text: `Your SBOM manifest\u2019s subject is ${short(manifest.subject.digest)}, but ${image.repository}:${image.tag} is ${short(image.manifest.digest)}: take the digest from the Docker-Content-Digest of a HEAD on the tag.` };
    }
    return { mistake: false, text: `Your SBOM manifest (${reference.slice(0, 19)}) is pushed with the right subject. Next, list it in the referrers index under the tag sha256-<hex>: an entry with its mediaType, digest, size and artifactType.` };
  }
  return undefined;
}

/** A failure when the evidence shows a mistake, otherwise guidance for the next step. */
async function notListedYet(message: string, registry: RegistryClient, image: SubjectImage, sbom: FileFixture, traffic: TrafficEntry[]): Promise<CheckResult> {
  // Only failed pushes count as mistakes: a GET of the referrers tag answering 404 is the procedure's first step.
  const pushes = traffic.filter((entry) => entry.mutating);
  const last = pushes.at(-1);
  if (last && last.status >= 400 && last.path === `/v2/${image.repository}/manifests/${image.manifest.digest}`) {
    return fail(message, { hint: `Your last PUT went to /manifests/${short(image.manifest.digest)}, the subject\u2019s own digest: a digest reference, so the registry checks the bytes against it. The referrers list goes under the tag ${referrersTag(image.manifest.digest).slice(0, 19)}…, with a dash instead of the colon.` });
  }
  const pushError = explainTraffic(pushes, { repository: image.repository, pathIncludes: '/manifests/' });
  if (pushError) return fail(message, { hint: pushError });
  const diagnosis = await diagnoseSbom(registry, image, sbom, traffic);
  if (diagnosis) return diagnosis.mistake ? fail(message, { hint: diagnosis.text }) : notYet(message, diagnosis.text);
  return notYet(message, `Push an artifact manifest whose "subject" names ${image.repository}:${image.tag}, then list it in the referrers index.`);
}

async function checkAttached(registry: RegistryClient, image: SubjectImage, sbom: FileFixture, api: boolean, traffic: TrafficEntry[]): Promise<{ result: CheckResult; entries: IndexEntry[] }> {
  const list = await referrersOf(registry, image, api);
  if ('problem' in list) return { result: await notListedYet(`No SBOM is attached to ${image.repository}:${image.tag} yet: ${list.problem}.`, registry, image, sbom, traffic), entries: [] };
  const problems: string[] = [];
  for (const entry of list.entries) {
    const manifest = (await registry.getManifest(image.repository, entry.digest))?.json as ArtifactManifest | null;
    if (!manifest?.layers?.some((layer) => layer.digest === sbom.digest)) continue;
    const wrong = artifactProblems(manifest, { artifactType: SBOM_TYPE, layer: sbom });
    if (manifest.subject?.digest !== image.manifest.digest) wrong.push(`its subject is ${manifest.subject ? short(manifest.subject.digest) : 'missing'}, expected ${short(image.manifest.digest)}`);
    if (entry.artifactType !== SBOM_TYPE) wrong.push(`its entry in the referrers list has artifactType ${entry.artifactType ? `"${entry.artifactType}"` : 'missing'} (spec: it MUST copy the manifest\u2019s artifactType, so clients can filter)`);
    if (entry.mediaType !== MediaTypes.ociManifest || !entry.size) wrong.push('its entry needs mediaType and size as well as the digest');
    if (!wrong.length) return { result: pass(`${list.source} lists your SBOM ${short(entry.digest)} for ${image.repository}:${image.tag}.`), entries: list.entries };
    problems.push(`the SBOM manifest ${short(entry.digest)} is listed, but ${wrong.join('; ')}`);
  }
  if (problems.length) return { result: fail(`${list.source}: ${problems.join('; ')}.`, { hint: 'Each referrers entry describes a manifest whose subject is the image: mediaType, digest and size of the exact bytes you pushed, plus its artifactType.' }), entries: list.entries };
  return { result: await notListedYet(`${list.source} does not list an SBOM of ${image.repository}:${image.tag} yet.`, registry, image, sbom, traffic), entries: list.entries };
}

export default defineChecker<ArtifactsFixtures>({
  async artifact({ registry, fixtures, traffic }) {
    const { dataset } = fixtures;
    const fetched = await registry.getManifest(dataset.repository, dataset.tag);
    if (!fetched) {
      const message = `${dataset.repository}:${dataset.tag} does not exist yet.`;
      const explained = explainTraffic(traffic, { repository: dataset.repository });
      return explained ? fail(message, { hint: explained }) : notYet(message, `Push the empty config {} and ${dataset.name} as blobs, then the artifact manifest under ${dataset.repository}:${dataset.tag}.`);
    }
    if (fetched.mediaType !== MediaTypes.ociManifest) return fail(`${dataset.repository}:${dataset.tag} is a ${fetched.mediaType}.`, { hint: `An artifact is an OCI image manifest (${MediaTypes.ociManifest}) with an artifactType.` });
    const problems = artifactProblems(fetched.json as ArtifactManifest, { artifactType: DATASET_TYPE, layer: dataset, layerType: DATASET_LAYER_TYPE, title: dataset.name });
    if (problems.length) return fail(`${dataset.repository}:${dataset.tag} is there, but ${problems.join('; ')}.`, { hint: 'Fix the manifest JSON and PUT it again under the same tag: the tag moves to the new digest.' });
    return pass(`${dataset.repository}:${dataset.tag} is an artifact of type ${DATASET_TYPE}: empty config, one ${DATASET_LAYER_TYPE} layer titled ${dataset.name}.`);
  },

  async pull({ files, fixtures, traffic }) {
    const { dataset } = fixtures;
    const saved = compareSaved(files('host-2'), `~/${dataset.name}`, dataset, dataset.name);
    if (!saved.passed) return saved.notStarted ? notYet(saved.message, `On host-2: HEAD ${dataset.repository}:${dataset.tag} for its digest, GET the manifest by that digest, then the blob its layer names, saved as ~/${dataset.name}.`) : saved;
    const byDigest = traffic.some((e) => e.method === 'GET' && e.status === 200 && e.path.startsWith(`/v2/${dataset.repository}/manifests/sha256:`));
    if (!byDigest) return fail(`You have ${dataset.name} on host-2, but the manifest was never fetched by digest.`, { hint: `Resolve the tag first (HEAD /v2/${dataset.repository}/manifests/${dataset.tag}, header Docker-Content-Digest), then GET /v2/${dataset.repository}/manifests/<that digest> and check sha256 of the bytes: a tag can move, a digest cannot.` });
    return pass(`${saved.message} You fetched the manifest by digest.`);
  },

  async attach({ registry, fixtures, traffic }) {
    return (await checkAttached(registry, fixtures.app, fixtures.sbom, fixtures.referrersApi, traffic)).result;
  },

  async discover({ files, fixtures }) {
    const saved = compareSaved(files('host-2'), '~/sbom.spdx.json', fixtures.sbom, `the SBOM attached to ${fixtures.app.repository}:${fixtures.app.tag}`);
    if (saved.notStarted) return notYet(saved.message, `On host-2: find the referrers of ${fixtures.app.repository}:${fixtures.app.tag}, pick the entry whose artifactType is ${SBOM_TYPE}, and save its layer as ~/sbom.spdx.json.`);
    return saved;
  },

  async challenge({ registry, fixtures, traffic }) {
    const { challenge } = fixtures;
    const { result, entries } = await checkAttached(registry, challenge, challenge.sbom, fixtures.referrersApi, traffic);
    if (!result.passed) return result.notStarted ? notYet(result.message, 'See ~/challenge.txt.') : result;
    if (!entries.some((entry) => entry.digest === challenge.signature.digest)) {
      return fail(`Your SBOM is listed for ${challenge.repository}:${challenge.tag}, but its signature ${short(challenge.signature.digest)} no longer is.`, {
        hint: 'You replaced the referrers index instead of adding to it. The spec\u2019s procedure: pull the current list from the tag, append your descriptor, push it back. Put the signature\u2019s entry back.',
      });
    }
    return pass(`${result.message} The signature is still listed beside it.`);
  },
});
