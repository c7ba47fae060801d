/** push-blob: the blob is in hello-world and hashes to its digest; host-2 downloaded the same bytes. */
import { closestName, defineChecker, explainTraffic, fail, FileRefused, notYet, pass, sha256, short } from './lib/index.ts';
import type { PushBlobFixtures } from '../lessons/push-blob/setup.ts';

/** A blob upload that succeeded in another repository, e.g. a typo of hello-world. */
function uploadedElsewhere(traffic: { method: string; path: string; status: number }[], expected: string): string | undefined {
  for (const entry of [...traffic].reverse()) {
    const repository = /^\/v2\/(.+)\/blobs\/uploads\//.exec(entry.path)?.[1];
    if (entry.method === 'PUT' && entry.status === 201 && repository && repository !== expected) return repository;
  }
  return undefined;
}

export default defineChecker<PushBlobFixtures>({
  async upload({ registry, fixtures, traffic }) {
    const { repository, digest } = fixtures;
    const head = await registry.headBlob(repository, digest);
    if (head.exists) {
      if (!(await registry.verifyBlob(repository, digest))) return fail(`The blob ${short(digest)} is listed but its bytes do not hash to its digest.`);
      return pass(`${repository} holds ${short(digest)} (${head.size} bytes), and its bytes hash to that digest.`);
    }
    const elsewhere = uploadedElsewhere(traffic, repository);
    if (elsewhere) {
      const typo = closestName(elsewhere, repository) ? ' That is one or two letters off.' : '';
      return fail(`The blob is not in ${repository} yet.`, { hint: `You uploaded a blob to the repository "${elsewhere}", but the task asks for "${repository}".${typo} Blobs belong to a repository: start a new upload with POST /v2/${repository}/blobs/uploads/.` });
    }
    const missing = `The registry has no blob ${short(digest)} in ${repository} yet.`;
    const explained = explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
    if (explained) return fail(missing, { hint: explained });
    return notYet(missing, `Compute the digest of ~/blob.tar.gz with sha256sum, POST to /v2/${repository}/blobs/uploads/, then PUT the file to the Location with &digest=.`);
  },

  async download({ fixtures, files }) {
    const wanted = '/tmp/blob.tar.gz';
    let bytes: Buffer | null;
    try {
      bytes = files('host-2').read(wanted, 16 * 1024 * 1024);
    } catch (error) {
      if (error instanceof FileRefused) return fail(`Cannot check ${wanted} on host-2: ${error.message}.`);
      throw error;
    }
    if (!bytes) {
      const missing = `There is no ${wanted} on host-2 yet.`;
      if (files('host-1').read(wanted, 16 * 1024 * 1024)) {
        return fail(missing, { hint: 'There is a /tmp/blob.tar.gz on host-1, but the task asks for host-2: switch to the host-2 tab and download it there. Each host is its own machine.' });
      }
      return notYet(missing, `On host-2: curl -o /tmp/blob.tar.gz http://$REGISTRY/v2/${fixtures.repository}/blobs/<digest>`);
    }
    const found = sha256(bytes);
    if (found === fixtures.digest) return pass(`host-2 has ${wanted}, and its sha256 is ${short(fixtures.digest)}: the same bytes you uploaded.`);
    const text = bytes.subarray(0, 200).toString('utf8');
    const hint = text.includes('"errors"')
      ? `The file holds a registry error instead of the blob: ${text.trim()}. Check the repository and the digest in the URL.`
      : 'Download the blob by the digest of ~/blob.tar.gz from host-1, and do not change the file afterwards.';
    return fail(`${wanted} on host-2 hashes to ${short(found)}, but the blob is ${short(fixtures.digest)}.`, { hint });
  },
});
