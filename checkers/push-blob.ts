/**
 * push-blob: the blob is in hello-world and hashes to its digest; host-2 downloaded the same bytes;
 * the challenge blob is in the learner's own repository. A failed upload is explained from what
 * the registry received: the byte count against the file's size, and the digest given against the
 * file's, its uncompressed tar's and the decoy's.
 */
import { closestName, defineChecker, explainTraffic, fail, formBodyCause, isMultipart, notYet, pass, readEvidence, sha256, short, type CheckResult, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { BlobFixture, PushBlobFixtures } from '../lessons/push-blob/setup.ts';

const MAX_DOWNLOAD = 16 * 1024 * 1024;

/** A blob upload that succeeded in another repository, e.g. a typo of the expected one. */
function uploadedElsewhere(traffic: TrafficEntry[], expected: string, digest: string): string | undefined {
  for (const entry of [...traffic].reverse()) {
    const repository = /^\/v2\/(.+)\/blobs\/uploads\//.exec(entry.path)?.[1];
    const sent = new URLSearchParams(entry.query).get('digest');
    if (entry.method === 'PUT' && entry.status === 201 && repository && repository !== expected && sent === digest) return repository;
  }
  return undefined;
}

/** What went wrong in the closing PUT of an upload, judged against the file the task names. */
function explainFailedPut(entry: TrafficEntry, file: string, blob: BlobFixture, decoys: Record<string, string>): string | undefined {
  if (entry.method !== 'PUT' || !entry.path.includes('/blobs/uploads/') || entry.errors[0]?.code !== 'DIGEST_INVALID') return undefined;
  const form = formBodyCause(entry.requestHeaders['content-type']);
  const formToo = form ? ` Also, ${form[0]!.toLowerCase()}${form.slice(1)} Add -H "Content-Type: application/octet-stream".` : '';
  const received = entry.requestBytes;
  // -F's wrapper is the whole story: the file's own bytes never reached the registry alone. (A bigger
  // urlencoded body is another file sent with curl's default type: the decoys below say which.)
  if (form && isMultipart(entry.requestHeaders['content-type']) && received > blob.size) return `${form} Send the file itself: --data-binary @${file.replace('~', '$HOME')} -H "Content-Type: application/octet-stream".`;
  if (received !== blob.size && received < 256 && received > 0) {
    return `The registry received ${received} bytes, but ${file} is ${blob.size} bytes: about the length of a file name. Without an @, curl --data-binary sends the text you typed, not the file: write --data-binary @${file.replace('~', '$HOME')}.${formToo}`;
  }
  if (received > 0 && received < blob.size) {
    return `The registry received ${received} bytes, but ${file} is ${blob.size} bytes. curl -d (--data) reads the file as text and drops its newlines and carriage returns, so a binary file arrives shorter and hashes to something else: use --data-binary @FILE (or -T FILE).${formToo}`;
  }
  const digest = new URLSearchParams(entry.query).get('digest');
  if (digest === blob.uncompressedDigest) {
    return `The digest you gave, ${short(digest)}, is the hash of the gunzipped tar inside ${file}, not of the file. A blob\u2019s digest covers exactly the bytes you upload, here the compressed file: sha256sum ${file}. (The uncompressed digest has its own use: an image config lists it as the layer\u2019s diff_id.)${formToo}`;
  }
  for (const [name, decoy] of Object.entries(decoys)) {
    if (digest === decoy) return `The digest you gave, ${short(digest)}, is the digest of ${name}, but you sent ${received} bytes of another file. The registry hashes what it receives and compares: compute the digest of the very file you upload.${formToo}`;
  }
  if (received === blob.size && !form && digest && digest !== blob.digest) {
    return `The registry received all ${received} bytes of ${file}, so the digest is the part that is off: it should be ${short(blob.digest)}, and you gave ${short(digest)}. Compute it with sha256sum ${file}, and put "sha256:" in front.`;
  }
  return undefined;
}

/** The learner's newest exchange about the repository's blob uploads, explained when it failed. */
function explainUpload(traffic: TrafficEntry[], repository: string, file: string, blob: BlobFixture, decoys: Record<string, string>): string | undefined {
  const last = traffic.filter((entry) => entry.path.startsWith(`/v2/${repository}/blobs/uploads/`) && entry.method === 'PUT').at(-1);
  const specific = last && last.status >= 400 ? explainFailedPut(last, file, blob, decoys) : undefined;
  return specific ?? explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
}

async function holds(registry: RegistryClient, repository: string, digest: string): Promise<boolean> {
  return (await registry.headBlob(repository, digest)).exists;
}

async function verified(registry: RegistryClient, repository: string, digest: string): Promise<CheckResult> {
  const head = await registry.headBlob(repository, digest);
  if (!(await registry.verifyBlob(repository, digest))) return fail(`The blob ${short(digest)} is listed in ${repository}, but its bytes do not hash to its digest.`);
  return pass(`${repository} holds ${short(digest)} (${head.size} bytes), and its bytes hash to that digest.`);
}

export default defineChecker<PushBlobFixtures>({
  async upload({ registry, fixtures, traffic }) {
    const { repository, digest } = fixtures;
    if (await holds(registry, repository, digest)) return verified(registry, repository, digest);
    const elsewhere = uploadedElsewhere(traffic, repository, digest);
    if (elsewhere) {
      const typo = closestName(elsewhere, repository) ? ' That is one or two letters off.' : '';
      return fail(`The blob is not in ${repository} yet.`, { hint: `You uploaded the blob to the repository "${elsewhere}", but the task asks for "${repository}".${typo} Blobs belong to a repository: start a new upload with POST /v2/${repository}/blobs/uploads/.` });
    }
    const missing = `The registry has no blob ${short(digest)} in ${repository} yet.`;
    const explained = explainUpload(traffic, repository, '~/blob.tar.gz', fixtures, { '~/other.tar.gz': fixtures.otherDigest, '~/challenge.tar.gz': fixtures.challenge.digest });
    if (explained) return fail(missing, { hint: explained });
    return notYet(missing, `Compute the digest of ~/blob.tar.gz with sha256sum, POST to /v2/${repository}/blobs/uploads/, then PUT the file to the Location with &digest=.`);
  },

  async download({ fixtures, files }) {
    const wanted = '/tmp/blob.tar.gz';
    const bytes = files('host-2').read(wanted, MAX_DOWNLOAD);
    if (!bytes) {
      const missing = `There is no ${wanted} on host-2 yet.`;
      if (readEvidence(files('host-1'), wanted, MAX_DOWNLOAD)) return fail(missing, { hint: 'There is a /tmp/blob.tar.gz on host-1, but the task asks for host-2: switch to the host-2 tab and download it there. Each host is its own machine.' });
      return notYet(missing, `On host-2: curl -o /tmp/blob.tar.gz http://$REGISTRY/v2/${fixtures.repository}/blobs/<digest>`);
    }
    const found = sha256(bytes);
    if (found === fixtures.digest) return pass(`host-2 has ${wanted}, and its sha256 is ${short(fixtures.digest)}: the same bytes you uploaded.`);
    const text = bytes.subarray(0, 300).toString('utf8');
    const hint = text.startsWith('HTTP/')
      ? 'The file starts with HTTP headers: curl -I (or -i) writes the headers, not the blob. Download with curl -s -o /tmp/blob.tar.gz and no -I.'
      : text.includes('"errors"')
        ? `The file holds a registry error instead of the blob: ${text.trim()}. Check the repository and the digest in the URL.`
        : 'Download the blob by the digest of ~/blob.tar.gz from host-1, and do not change the file afterwards.';
    return fail(`${wanted} on host-2 hashes to ${short(found)}, but the blob is ${short(fixtures.digest)}.`, { hint });
  },

  async challenge({ registry, fixtures, traffic }) {
    const { repository, digest, file } = fixtures.challenge;
    if (await holds(registry, repository, digest)) return verified(registry, repository, digest);
    const missing = `${repository} has no blob ${short(digest)} (${file}) yet.`;
    if (await holds(registry, fixtures.repository, digest)) {
      return fail(missing, { hint: `${file} is in ${fixtures.repository}, but the challenge asks for ${repository}. Blobs belong to a repository: upload it again with POST /v2/${repository}/blobs/uploads/.` });
    }
    if (await holds(registry, repository, fixtures.digest)) {
      return fail(missing, { hint: `${repository} holds ~/blob.tar.gz, but the challenge is ${file}: upload that file, with its own digest.` });
    }
    const explained = explainUpload(traffic, repository, file, fixtures.challenge, { '~/blob.tar.gz': fixtures.digest, '~/other.tar.gz': fixtures.otherDigest });
    if (explained) return fail(missing, { hint: explained });
    return notYet(missing, `~/challenge.txt names your repository, ${repository}: upload ${file} there as you uploaded ~/blob.tar.gz.`);
  },
});
