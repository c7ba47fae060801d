/**
 * image-layout: an OCI image layout in ~/layout (image-spec image-layout.md: oci-layout, index.json,
 * blobs/<alg>/<hex>), the layer that holds app/notes.txt found by hand, a runtime bundle unpacked
 * with umoci, the command that bundle runs, and the layout copied back to the registry unchanged.
 */
import { isDeepStrictEqual } from 'node:util';
import { defineChecker, fail, judgeRootfs, notYet, pass, sha256, short, type CheckContext, type CheckResult, type LearnerFiles } from '../kit/index.ts';
import type { ImageLayoutFixtures, UnpackedImage } from '../lessons/image-layout/setup.ts';

const HOST = 'host-1';
const REF_NAME = 'org.opencontainers.image.ref.name';

interface IndexDescriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  annotations?: Record<string, string>;
}

function parseJson(bytes: Buffer | null): unknown {
  if (bytes === null) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** Blobs of the image that are missing from the layout or do not hash to their name. */
function badBlobs(files: LearnerFiles, layout: string, image: UnpackedImage): string[] {
  const wanted = [
    { label: 'the manifest', digest: image.manifestDigest, expectedSize: image.manifestSize },
    { label: 'the config', digest: image.config.digest, expectedSize: image.config.size },
    ...image.layers.map((layer, index) => ({ label: `layer ${index + 1}`, digest: layer.digest, expectedSize: layer.size })),
  ];
  const sizes = new Map((files.list(`${layout}/blobs/sha256`) ?? []).filter((entry) => entry.kind === 'file').map((entry) => [entry.name, entry.size]));
  return wanted.flatMap(({ label, digest, expectedSize }) => {
    const file = `${layout}/blobs/sha256/${digest.slice('sha256:'.length)}`;
    const size = sizes.get(digest.slice('sha256:'.length));
    if (size === undefined) return [`${label} (${short(digest)}) is not in blobs/sha256`];
    const bytes = size <= expectedSize ? files.read(file, expectedSize) : null;
    if (bytes === null) return [`blobs/sha256/${short(digest.slice(7))} is ${size} bytes, not the ${expectedSize} its descriptor says`];
    return sha256(bytes) === digest ? [] : [`blobs/sha256/${short(digest.slice(7))} does not hash to its name`];
  });
}

function judgeLayout(files: LearnerFiles, image: UnpackedImage): CheckResult {
  const layout = '~/layout';
  const marker = parseJson(files.read(`${layout}/oci-layout`, 4096));
  if (marker === undefined) return notYet(`There is no OCI layout in ${layout} yet (no ${layout}/oci-layout).`, `skopeo copy docker://$REGISTRY/${image.repository}:${image.tag} oci:$HOME/layout:${image.tag} (add --src-tls-verify=false: the lab's registry speaks plain HTTP).`);
  if ((marker as { imageLayoutVersion?: unknown } | null)?.imageLayoutVersion !== '1.0.0') {
    return fail(`${layout}/oci-layout does not say {"imageLayoutVersion": "1.0.0"}.`, { hint: 'Every OCI layout starts with that file (image-spec image-layout.md). Let skopeo write the layout rather than building it by hand.' });
  }
  const index = parseJson(files.read(`${layout}/index.json`, 256 * 1024)) as { manifests?: IndexDescriptor[] } | null | undefined;
  if (!index?.manifests) return fail(`${layout}/index.json is missing or is not an image index.`, { hint: 'index.json is the entry point of a layout: an image index whose manifests carry the names (org.opencontainers.image.ref.name).' });
  const named = index.manifests.find((entry) => entry.annotations?.[REF_NAME] === image.tag);
  if (!named) {
    const names = index.manifests.map((entry) => entry.annotations?.[REF_NAME]).filter(Boolean);
    return fail(`${layout}/index.json has no manifest named "${image.tag}"${names.length ? ` (it names ${names.join(', ')})` : ''}.`, { hint: `The name after the colon in oci:$HOME/layout:${image.tag} becomes the ${REF_NAME} annotation, the layout's tag. Copy with :${image.tag}.` });
  }
  if (named.digest !== image.manifestDigest) {
    return fail(`"${image.tag}" in ${layout} is ${short(String(named.digest))}, but ${image.repository}:${image.tag} in the registry is ${short(image.manifestDigest)}.`, { hint: 'The copy changed the manifest (a format conversion such as --format v2s2, or --dest-compress, rewrites it). Copy without those options and the digest stays the same.' });
  }
  const problems = badBlobs(files, layout, image);
  if (problems.length) return fail(`${layout} names the image, but ${problems.join('; ')}.`, { hint: 'A layout holds every blob of the image under blobs/sha256/<hex>. Copy the image again with skopeo.' });
  return pass(`${layout} is an OCI layout whose index.json names ${short(image.manifestDigest)} "${image.tag}", with the manifest, config and ${image.layers.length} layers in blobs/sha256.`);
}

function judgeNotesLayer(files: LearnerFiles, fixtures: ImageLayoutFixtures): CheckResult {
  const written = files.text('~/layer-digest.txt', 4096);
  if (written === null) return notYet('There is no ~/layer-digest.txt yet.', 'List each layer blob of the layout with tar -tzf and find app/notes.txt.');
  const digest = written.startsWith('sha256:') ? written : `sha256:${written.split(/\s+/)[0]}`;
  const { image, notesLayer } = fixtures;
  if (digest === notesLayer.digest) return pass(`${short(digest)} is the layer that adds app/notes.txt.`);
  const message = `~/layer-digest.txt says ${short(digest)}, which is not the layer that holds app/notes.txt.`;
  const diffIndex = image.diffIds.indexOf(digest);
  if (diffIndex >= 0) {
    return fail(message, { hint: `That is the diff_id of layer ${diffIndex + 1}: the hash of the uncompressed tar, from the config. A layer is named in the manifest and in blobs/sha256 by the digest of its compressed blob.` });
  }
  if (image.layers.some((layer) => layer.digest === digest)) return fail(message, { hint: 'That is another layer of the image. List each one with tar -tzf and look for app/notes.txt.' });
  if (digest === image.config.digest || digest === image.manifestDigest) return fail(message, { hint: `That is the ${digest === image.config.digest ? 'config' : 'manifest'}, not a layer: the manifest's layers[] lists the layers.` });
  return fail(message, { hint: 'Write the digest of the layer blob as the manifest names it: sha256:<64 hex characters>.' });
}

/** The process a runtime bundle's config.json starts (runtime-spec: process.args), or a failure. */
function bundleArgs(files: LearnerFiles, bundle: string): string[] | CheckResult {
  const spec = parseJson(files.read(`${bundle}/config.json`, 256 * 1024)) as { ociVersion?: unknown; process?: { args?: unknown }; root?: { path?: unknown } } | null | undefined;
  if (spec === undefined) return notYet(`There is no ${bundle}/config.json yet.`, `umoci unpacks an image from a layout into a bundle: ${bundle}/rootfs plus ${bundle}/config.json.`);
  if (!spec || typeof spec.ociVersion !== 'string' || !Array.isArray(spec.process?.args)) {
    return fail(`${bundle}/config.json is not an OCI runtime configuration (no ociVersion or process.args).`, { hint: 'That file is the runtime-spec config.json that umoci writes, not the image config from blobs/: generate it with umoci raw runtime-config (or umoci unpack).' });
  }
  if (spec.root?.path !== 'rootfs') return fail(`${bundle}/config.json says the root filesystem is "${String(spec.root?.path)}", not "rootfs".`, { hint: 'Generate it with --rootfs pointing at the bundle\u2019s rootfs folder.' });
  return spec.process.args.map(String);
}

function judgeBundle(files: LearnerFiles, image: UnpackedImage, bundle: string): CheckResult {
  const args = bundleArgs(files, bundle);
  if (!Array.isArray(args)) return args;
  const expected = [...image.run.Entrypoint, ...image.run.Cmd];
  if (!isDeepStrictEqual(args, expected)) {
    return fail(`${bundle}/config.json runs ${JSON.stringify(args)}, not the command of ${image.repository}:${image.tag}.`, { hint: `Generate config.json from the same image: umoci raw runtime-config --image <layout>:${image.tag} --rootfs ${bundle}/rootfs ${bundle}/config.json.` });
  }
  const rootfs = judgeRootfs(files, { label: `${image.repository}:${image.tag}`, files: image.files }, `${bundle}/rootfs`);
  if (!rootfs.passed) return rootfs;
  return pass(`${bundle} is a runtime bundle of ${image.repository}:${image.tag}: config.json runs ${JSON.stringify(args)} and rootfs holds the image's ${Object.keys(image.files).length} files.`);
}

/** ~/command.txt as a list of arguments: a JSON array, or words separated by spaces. */
function commandOf(text: string): string[] {
  const parsed = parseJson(Buffer.from(text));
  if (Array.isArray(parsed)) return parsed.map(String);
  return text.split(/\s+/).filter(Boolean);
}

function judgeCommand(files: LearnerFiles, image: UnpackedImage): CheckResult {
  const text = files.text('~/command.txt', 4096);
  if (text === null) return notYet('There is no ~/command.txt yet.', 'The bundle\u2019s config.json says what the runtime starts: process.args.');
  const written = commandOf(text);
  const expected = [...image.run.Entrypoint, ...image.run.Cmd];
  if (isDeepStrictEqual(written, expected)) return pass(`Yes: the container would run ${expected.join(' ')} (the image's Entrypoint followed by its Cmd).`);
  const message = `~/command.txt says ${written.join(' ')}, but the bundle would run something else.`;
  if (isDeepStrictEqual(written, image.run.Entrypoint)) return fail(message, { hint: 'That is the Entrypoint alone. The runtime runs the Entrypoint with the Cmd appended as its default arguments (image-spec config.md): look at process.args in the bundle\u2019s config.json.' });
  if (isDeepStrictEqual(written, image.run.Cmd)) return fail(message, { hint: 'That is the Cmd alone: with an Entrypoint set, Cmd only gives its default arguments (image-spec config.md). process.args in the bundle\u2019s config.json has the whole command.' });
  return fail(message, { hint: 'Copy process.args from the bundle\u2019s config.json: jq -r \'.process.args | join(" ")\' ~/bundle/config.json.' });
}

async function judgeCopy({ registry, fixtures }: CheckContext<ImageLayoutFixtures>): Promise<CheckResult> {
  const { copy, image } = fixtures;
  const resolved = await registry.resolve(copy.repository, copy.tag);
  if (!resolved) return notYet(`${copy.repository}:${copy.tag} is not in the registry yet.`, `skopeo copy oci:$HOME/layout:${image.tag} docker://$REGISTRY/${copy.repository}:${copy.tag} (add --dest-tls-verify=false).`);
  if (resolved.digest !== image.manifestDigest) {
    return fail(`${copy.repository}:${copy.tag} is ${short(resolved.digest)}, not the image you copied out (${short(image.manifestDigest)}).`, { hint: `skopeo rewrote the manifest on the way (${resolved.mediaType}): a format option such as --format v2s2 converts it, and every digest above the layers changes. Copy without it and the registry gets the same bytes, so the same digest.` });
  }
  return pass(`${copy.repository}:${copy.tag} is ${short(resolved.digest)}: the same manifest bytes as ${image.repository}:${image.tag}, so the same image under a new name.`);
}

export default defineChecker<ImageLayoutFixtures>({
  async layout({ files, fixtures }) {
    return judgeLayout(files(HOST), fixtures.image);
  },
  async 'find-layer'({ files, fixtures }) {
    return judgeNotesLayer(files(HOST), fixtures);
  },
  async bundle({ files, fixtures }) {
    return judgeBundle(files(HOST), fixtures.image, '~/bundle');
  },
  async command({ files, fixtures }) {
    return judgeCommand(files(HOST), fixtures.image);
  },
  'copy-back': (context) => judgeCopy(context),
  async challenge({ files, fixtures }) {
    return judgeBundle(files(HOST), fixtures.challenge, '~/challenge-bundle');
  },
});
