/** file-server-registry: publish an image on the learner's own nginx (WebDAV PUTs in the registry's URL scheme), then let skopeo copy it into the real registry. */
import { citeSpec, defineChecker, explainTraffic, fail, notYet, pass, sha256, short, SpecEndpoints, specPath, type CheckResult, type LearnerFiles, type RegistryClient } from '../kit/index.ts';
import { ROOT, type FileServerFixtures, type ServedImage } from '../lessons/file-server-registry/setup.ts';

const CONFIG = '~/nginx/nginx.conf';

/** Nothing under the document root yet: pending, unless the config the learner wrote shows why PUTs fail. */
function nothingServed(files: LearnerFiles, image: ServedImage, what: string): CheckResult {
  const config = files.text(CONFIG, 64 * 1024);
  const message = `${ROOT}/v2/${image.repository}/${what} is not there yet.`;
  if (config !== null && !/^\s*dav_methods[^;]*\bPUT\b/m.test(config)) {
    return fail(message, { hint: `${CONFIG} has no "dav_methods PUT" line, so nginx answers 405 Not Allowed to every PUT. Add it inside the server block and reload: /usr/sbin/nginx -e ~/nginx/error.log -c ~/nginx/nginx.conf -s reload.` });
  }
  if (files.list(`${ROOT}/${image.repository.split('/')[0]}`) !== null) {
    return fail(message, { hint: `Your files landed in ${ROOT}/${image.repository}/…: the URL needs the /v2/ prefix, as every Distribution API path has (${citeSpec(SpecEndpoints.blob)}: ${SpecEndpoints.blob.path}).` });
  }
  return notYet(message, `Start nginx with root ${ROOT} (see the lesson), then PUT the files to http://localhost:8081/v2/${image.repository}/…`);
}

function checkBlobs(files: LearnerFiles, image: ServedImage): CheckResult {
  const dir = `${ROOT}/v2/${image.repository}/blobs`;
  const listed = files.list(dir);
  if (listed === null) return nothingServed(files, image, 'blobs/');
  const wrong: string[] = [];
  const missing: string[] = [];
  for (const [what, descriptor] of [['layer', image.layer], ['config', image.config]] as const) {
    const hex = descriptor.digest.slice('sha256:'.length);
    const bytes = files.read(`${dir}/${descriptor.digest}`, 16 * 1024 * 1024);
    const misnamed = listed.find((entry) => entry.name !== descriptor.digest && entry.name.includes(hex));
    if (bytes === null && misnamed) wrong.push(`the ${what} is saved as blobs/${misnamed.name.slice(0, 16)}…, but a blob URL ends in the full digest, sha256:<hex>`);
    else if (bytes === null) missing.push(`the ${what} (blobs/${short(descriptor.digest)})`);
    else if (sha256(bytes) !== descriptor.digest) {
      wrong.push(`blobs/${short(descriptor.digest)} holds bytes that hash to ${short(sha256(bytes))}: a file server keeps whatever you PUT, where a registry would answer DIGEST_INVALID (${citeSpec(SpecEndpoints.closeUpload)})`);
    }
  }
  const hint = `PUT each file to /v2/${image.repository}/blobs/sha256:$(sha256sum FILE | cut -d' ' -f1).`;
  if (wrong.length) return fail(`${dir} is not right: ${wrong.join('; ')}.`, { hint });
  if (missing.length) return notYet(`${dir} does not have ${missing.join(' or ')} yet.`, hint);
  return pass(`Your file server has the layer and the config of ${image.repository} under their digests.`);
}

/** What is wrong with the hand-written tag list, or null; `missing` when there is none yet. */
function tagListProblem(files: LearnerFiles, image: ServedImage): { text: string; missing: boolean } | null {
  const wrong = (text: string) => ({ text, missing: false });
  const text = files.text(`${ROOT}/v2/${image.repository}/tags/list`, 64 * 1024);
  if (text === null) return { text: `the tag list ${specPath(SpecEndpoints.listTags, { name: image.repository })} (${citeSpec(SpecEndpoints.listTags)}), which a file server cannot compute: write that JSON by hand`, missing: true };
  let list: { name?: unknown; tags?: unknown };
  try {
    list = JSON.parse(text) as typeof list;
  } catch {
    return wrong(`/v2/${image.repository}/tags/list is not JSON; it must read {"name": "${image.repository}", "tags": ["${image.tag}"]}`);
  }
  if (list.name !== image.repository) return wrong(`the tag list's "name" is ${JSON.stringify(list.name)}, expected "${image.repository}" (the whole repository name)`);
  if (!Array.isArray(list.tags) || !list.tags.includes(image.tag)) return wrong(`the tag list's "tags" does not include "${image.tag}"`);
  return null;
}

function checkManifest(files: LearnerFiles, image: ServedImage, options: { byDigest: boolean }): CheckResult {
  const dir = `${ROOT}/v2/${image.repository}/manifests`;
  if (files.list(dir) === null) return nothingServed(files, image, 'manifests/');
  const wrong: string[] = [];
  const missing: string[] = [];
  const references = options.byDigest ? [image.tag, image.manifest.digest] : [image.tag];
  for (const reference of references) {
    const bytes = files.read(`${dir}/${reference}`, 1024 * 1024);
    if (bytes === null) missing.push(reference === image.tag ? `the manifest under the tag ${reference}` : `the manifest by digest (/manifests/${short(reference)}), which clients that pin a digest ask for`);
    else if (sha256(bytes) !== image.manifest.digest) wrong.push(`manifests/${reference.slice(0, 19)} is not the exact bytes of manifest.json (its sha256 is ${short(sha256(bytes))}); reformatting JSON changes the digest`);
  }
  const tags = tagListProblem(files, image);
  if (tags) (tags.missing ? missing : wrong).push(tags.text);
  const hint = `curl -T sends a file unchanged. The tag list is the JSON a registry computes: {"name": "${image.repository}", "tags": ["${image.tag}"]}.`;
  if (wrong.length) return fail(`${image.repository} on your file server is not right: ${wrong.join('; ')}.`, { hint });
  if (missing.length) return notYet(`${image.repository} on your file server still needs ${missing.join('; ')}.`, hint);
  return pass(`Your file server serves ${image.repository}:${image.tag}${options.byDigest ? ' (also by digest)' : ''} and its tag list.`);
}

/** Repositories of the real registry that hold the manifest (a copy that went to the wrong name). */
async function holders(registry: RegistryClient, digest: string): Promise<string[]> {
  const found: string[] = [];
  for (const repository of (await registry.catalog()).slice(0, 30)) if (await registry.resolve(repository, digest)) found.push(repository);
  return found;
}

export default defineChecker<FileServerFixtures>({
  async blobs({ files, fixtures }) {
    return checkBlobs(files('host-1'), fixtures.image);
  },

  async manifest({ files, fixtures }) {
    return checkManifest(files('host-1'), fixtures.image, { byDigest: true });
  },

  async copy({ registry, fixtures, traffic }) {
    const { image, copy } = fixtures;
    const copied = await registry.resolve(copy.repository, copy.tag);
    if (copied?.digest === image.manifest.digest) {
      const blobs = await Promise.all([image.layer, image.config].map((d) => registry.headBlob(copy.repository, d.digest)));
      if (blobs.every((b) => b.exists)) return pass(`${copy.repository}:${copy.tag} in the registry is your image (${short(image.manifest.digest)}), read from the file server by skopeo.`);
    }
    const message = `${copy.repository}:${copy.tag} in the registry is not your image yet.`;
    if (copied) return fail(`${copy.repository}:${copy.tag} is ${short(copied.digest)}, not your image ${short(image.manifest.digest)}.`, { hint: 'skopeo copy keeps the manifest bytes; copy from docker://localhost:8081/my/app:v1 again.' });
    const elsewhere = await holders(registry, image.manifest.digest);
    if (elsewhere.length) return fail(message, { hint: `Your image is in ${elsewhere.join(', ')}; the lesson asks for docker://$REGISTRY/${copy.repository}:${copy.tag}.` });
    const explained = explainTraffic(traffic, { repository: copy.repository });
    return explained ? fail(message, { hint: explained }) : notYet(message, `skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://localhost:8081/my/app:v1 docker://$REGISTRY/${copy.repository}:${copy.tag}`);
  },

  async challenge({ files, fixtures }) {
    const learner = files('host-1');
    const blobs = checkBlobs(learner, fixtures.challenge);
    if (!blobs.passed) return blobs.notStarted ? notYet(blobs.message, 'See ~/challenge.txt.') : blobs;
    return checkManifest(learner, fixtures.challenge, { byDigest: false });
  },
});
