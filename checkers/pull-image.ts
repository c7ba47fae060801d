/**
 * pull-image: judges what the learner saved and built, by content. The manifest and blobs may have any
 * names under /tmp/pulled (they are found by digest), ~/diff-ids.txt must list the uncompressed
 * layers' digests, and ~/rootfs (~/challenge-rootfs) must hold the image's final files with every
 * whiteout applied (image-spec layer.md, "Whiteouts").
 */
import { isDeepStrictEqual } from 'node:util';
import { citeSpec, defineChecker, explainTraffic, fail, judgeRootfs, MediaTypes, notYet, pass, savedFiles, short, SpecEndpoints, specPath, type CheckResult, type LearnerFiles, type SavedFile, type TrafficEntry } from '../kit/index.ts';
import type { PulledImage, PullImageFixtures } from '../lessons/pull-image/setup.ts';

const HOST = 'host-2';
const PULLED = '/tmp/pulled';

/** What a saved file that is not the wanted blob actually is, when it is a recognisable wrong turn. */
function diagnose(file: SavedFile, image: PulledImage): string | undefined {
  const text = file.bytes.subarray(0, 4096).toString('utf8');
  if (file.bytes.length === 0) return `${file.path} is empty: the request behind it failed or was never made. Add -f to curl so a failure shows as an error instead of an empty or error-body file.`;
  if (/^HTTP\/[\d.]+ \d{3}/.test(text)) return `${file.path} starts with HTTP headers: it was saved with curl -i. Save only the body (curl -o FILE, without -i), or the bytes no longer hash to the digest.`;
  if (text.includes('MANIFEST_UNKNOWN')) return `${file.path} holds the registry's MANIFEST_UNKNOWN error, not a manifest. distribution 2.8 only returns an OCI manifest when the Accept header names its type: add -H "Accept: ${MediaTypes.ociManifest}".`;
  if (text.startsWith('404 page not found')) return `${file.path} holds the registry's plain-text 404: the URL matched no API route. A blob is named by its full digest, algorithm included: ${specPath(SpecEndpoints.blob, { name: image.repository, digest: 'sha256:<hex>' })} (${citeSpec(SpecEndpoints.blob)}).`;
  if (text.includes('BLOB_UNKNOWN') || text.includes('DIGEST_INVALID')) return `${file.path} holds a registry error, not a blob. The URL must name the blob by its full digest, algorithm included: ${specPath(SpecEndpoints.blob, { name: image.repository, digest: 'sha256:<hex>' })} (${citeSpec(SpecEndpoints.blob)}).`;
  const layerIndex = image.diffIds.indexOf(file.digest);
  if (layerIndex >= 0) return `${file.path} is layer ${layerIndex + 1} uncompressed (it hashes to its diff_id). The manifest names the blob as the registry stores it, gzip-compressed: save it as downloaded, without gunzip or curl --compressed.`;
  return undefined;
}

/** The newest exchange on the image's manifests, explained when it failed. */
function manifestTrafficHint(traffic: TrafficEntry[], image: PulledImage): string | undefined {
  const attempts = traffic.filter((entry) => entry.path.includes('/manifests/') && entry.method === 'GET');
  const last = attempts.at(-1);
  if (!last || last.status < 400) return undefined;
  return explainTraffic([last], { repository: image.repository });
}

function judgeManifest(files: LearnerFiles, image: PulledImage, manifestBytes: Buffer | null, traffic: TrafficEntry[]): CheckResult {
  const saved = savedFiles(files, PULLED);
  if (saved === null) {
    const hint = manifestTrafficHint(traffic, image);
    return hint ? fail(`There is no ${PULLED} folder yet.`, { hint }) : notYet(`There is no ${PULLED} folder yet.`, `mkdir -p ${PULLED}, then GET /v2/${image.repository}/manifests/${image.tag} with the Accept header of an OCI manifest and save the body there.`);
  }
  const found = saved.find((file) => file.digest === image.manifestDigest);
  if (found) return pass(`${found.path} is the manifest of ${image.repository}:${image.tag}, byte for byte (${short(image.manifestDigest)}).`);
  const message = `No file in ${PULLED} is the manifest of ${image.repository}:${image.tag} (${short(image.manifestDigest)}).`;
  for (const file of saved) {
    const wrongTurn = diagnose(file, image);
    if (wrongTurn) return fail(message, { hint: wrongTurn });
    if (manifestBytes && sameJson(file.bytes, manifestBytes)) {
      return fail(message, { hint: `${file.path} says the same as the manifest but in other bytes: it was reformatted (jq . does that). A manifest is identified by the hash of its exact bytes, so save the body as the registry sent it (curl -o) and use jq only to read it.` });
    }
  }
  const hint = manifestTrafficHint(traffic, image);
  return hint ? fail(message, { hint }) : notYet(message, `Save the body of GET /v2/${image.repository}/manifests/${image.tag} (with -H "Accept: ${MediaTypes.ociManifest}") in ${PULLED}.`);
}

const asExpected = (image: PulledImage) => ({ label: `${image.repository}:${image.tag}`, files: image.files, deleted: image.deleted, overwritten: image.overwritten });

function sameJson(a: Buffer, b: Buffer): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a.toString('utf8')), JSON.parse(b.toString('utf8')));
  } catch {
    return false;
  }
}

function judgeBlobs(files: LearnerFiles, image: PulledImage): CheckResult {
  const saved = savedFiles(files, PULLED) ?? [];
  const wanted = [{ label: 'the config', digest: image.config.digest }, ...image.layers.map((layer, index) => ({ label: `layer ${index + 1}`, digest: layer.digest }))];
  const missing = wanted.filter((blob) => !saved.some((file) => file.digest === blob.digest));
  if (!missing.length) return pass(`${PULLED} holds the config and all ${image.layers.length} layers, and each file hashes to the digest the manifest gives it.`);
  const message = `${PULLED} does not have ${missing.map((blob) => `${blob.label} (${short(blob.digest)})`).join(', ')} yet.`;
  const known = new Set([image.manifestDigest, ...wanted.map((blob) => blob.digest)]);
  for (const file of saved.filter((candidate) => !known.has(candidate.digest))) {
    const wrongTurn = diagnose(file, image);
    if (wrongTurn) return fail(message, { hint: wrongTurn });
  }
  if (missing.length === 1 && missing[0]!.digest === image.config.digest) {
    return fail(message, { hint: 'Every layer is there, but an image needs every blob its manifest names: the config too, which says how to run it and which layers to expect (its digest is .config.digest in the manifest).' });
  }
  // Still on the way: some blobs are here and nothing saved so far is wrong.
  return notYet(message, `GET /v2/${image.repository}/blobs/<digest> for the config digest and each layer digest in the manifest (jq -r '.config.digest, .layers[].digest'), and save each body in ${PULLED}.`);
}

/** The digests in ~/diff-ids.txt: one per line, with or without the sha256: prefix. */
function readDigestLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => (line.startsWith('sha256:') ? line : `sha256:${line.split(/\s+/)[0]}`));
}

function judgeDiffIds(files: LearnerFiles, image: PulledImage): CheckResult {
  const text = files.text('~/diff-ids.txt', 64 * 1024);
  if (text === null) return notYet('There is no ~/diff-ids.txt yet.', 'gunzip -c each layer | sha256sum, in the manifest\u2019s layer order, one digest per line.');
  const written = readDigestLines(text);
  if (isDeepStrictEqual(written, image.diffIds)) return pass(`~/diff-ids.txt lists the ${image.diffIds.length} diff_ids in order, and they match the config's rootfs.diff_ids: each layer unpacks to exactly what the config promises.`);
  const message = `~/diff-ids.txt does not match the config's rootfs.diff_ids.`;
  if (isDeepStrictEqual(written, image.layers.map((layer) => layer.digest))) {
    return fail(message, { hint: 'Those are the layer digests from the manifest: hashes of the compressed blobs. A diff_id is the digest of the uncompressed tar (image-spec config.md, rootfs.diff_ids): gunzip -c LAYER | sha256sum.' });
  }
  if (written.length !== image.diffIds.length) return fail(message, { hint: `It has ${written.length} line(s); the image has ${image.diffIds.length} layers, so it needs one diff_id per layer.` });
  if (isDeepStrictEqual([...written].sort(), [...image.diffIds].sort())) return fail(message, { hint: 'The digests are right but not in order: rootfs.diff_ids follows the manifest\u2019s layers, first (the base) to last.' });
  const wrong = written.findIndex((digest, index) => digest !== image.diffIds[index]);
  return fail(message, { hint: `Line ${wrong + 1} is ${short(written[wrong]!)}, but layer ${wrong + 1} unpacks to ${short(image.diffIds[wrong]!)}. Hash the uncompressed stream of that layer: gunzip -c LAYER | sha256sum.` });
}

export default defineChecker<PullImageFixtures>({
  async manifest({ files, fixtures, registry, traffic }) {
    const { image } = fixtures;
    const fetched = await registry.getManifest(image.repository, image.tag);
    return judgeManifest(files(HOST), image, fetched?.bytes ?? null, traffic);
  },

  async blobs({ files, fixtures }) {
    return judgeBlobs(files(HOST), fixtures.image);
  },

  async 'diff-ids'({ files, fixtures }) {
    return judgeDiffIds(files(HOST), fixtures.image);
  },

  async rootfs({ files, fixtures }) {
    return judgeRootfs(files(HOST), asExpected(fixtures.image), '~/rootfs');
  },

  async challenge({ files, fixtures }) {
    return judgeRootfs(files(HOST), asExpected(fixtures.challenge), '~/challenge-rootfs');
  },
});
