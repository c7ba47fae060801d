/** purge: v1 untagged and deleted with the blobs only it used, while v2 still pulls completely. */
import { defineChecker, explainTraffic, fail, notYet, pass, short } from './lib/index.ts';
import type { PurgeFixtures } from '../lessons/purge/setup.ts';

const DELETE_BY_TAG_HINT =
  'The spec lets a registry delete a tag with DELETE /v2/<name>/manifests/<tag>, but distribution 2.8 answers 400 DIGEST_INVALID: it only deletes by digest. Find v1\u2019s digest (HEAD with an Accept header, read Docker-Content-Digest) and DELETE /v2/my/app/manifests/<digest>: that removes every tag on it.';

/** True when the learner tried DELETE on a manifest by a tag name. */
function triedDeleteByTag(traffic: { method: string; path: string; status: number }[]): boolean {
  return traffic.some((e) => e.method === 'DELETE' && /\/manifests\/(?!sha256:)[^/]+$/.test(e.path) && e.status === 400);
}

export default defineChecker<PurgeFixtures>({
  async untag({ registry, fixtures, traffic }) {
    const tags = (await registry.tags(fixtures.repository)) ?? [];
    const left = ['v1', 'v1-stable'].filter((tag) => tags.includes(tag));
    if (!left.length) return pass(`Neither v1 nor v1-stable is listed any more (tags: ${tags.join(', ') || 'none'}).`);
    const message = `${fixtures.repository} still lists ${left.join(' and ')}.`;
    if (triedDeleteByTag(traffic)) return fail(message, { hint: DELETE_BY_TAG_HINT });
    const explained = explainTraffic(traffic, { repository: fixtures.repository, pathIncludes: '/manifests/' });
    if (explained) return fail(message, { hint: explained });
    if (!traffic.some((e) => e.method === 'DELETE')) return notYet(message, 'Both tags point at one manifest. Try deleting the tag first, and read what this registry answers.');
    return fail(message, { hint: 'Deleting the manifest by its digest removes every tag that points at it.' });
  },

  async manifest({ registry, fixtures, traffic }) {
    const still = await registry.resolve(fixtures.repository, fixtures.v1.digest);
    if (!still) return pass(`v1\u2019s manifest ${short(fixtures.v1.digest)} answers 404.`);
    const message = `v1\u2019s manifest ${short(fixtures.v1.digest)} is still there.`;
    if (triedDeleteByTag(traffic)) return fail(message, { hint: DELETE_BY_TAG_HINT });
    if (traffic.some((e) => e.method === 'DELETE' && e.path.includes('/blobs/'))) {
      return fail(message, { hint: 'You deleted blobs, but the manifest is still there and still tagged: a broken image that nobody can pull. Delete the manifest by digest (spec end-9).' });
    }
    return notYet(message, 'DELETE /v2/my/app/manifests/<v1 digest> (spec end-9).');
  },

  async blobs({ registry, fixtures }) {
    const onlyV1 = [
      { name: 'v1\u2019s config', digest: fixtures.v1.config.digest },
      { name: 'v1\u2019s own layer', digest: fixtures.v1.layer.digest },
    ];
    const present = [];
    for (const blob of onlyV1) if ((await registry.headBlob(fixtures.repository, blob.digest)).exists) present.push(blob);
    if (!present.length) return pass('The config and the layer that only v1 used answer 404.');
    const message = `${present.map((b) => `${b.name} (${short(b.digest)})`).join(' and ')} still answer${present.length === 1 ? 's' : ''} 200.`;
    const hint = 'Deleting a manifest does not delete its blobs. Compare the two manifests and DELETE /v2/my/app/blobs/<digest> for each blob only v1 uses (spec end-10).';
    return present.length === onlyV1.length ? notYet(message, hint) : fail(message, { hint });
  },

  async kept({ registry, fixtures }) {
    const resolved = await registry.resolve(fixtures.repository, 'v2');
    if (!resolved) return fail('v2 is gone: my/app:v2 no longer resolves.', { hint: 'Only v1 was to be deleted. Reset the lesson to get v2 back.' });
    if (resolved.digest !== fixtures.v2.digest) return fail(`my/app:v2 now points at ${short(resolved.digest)}, not the original ${short(fixtures.v2.digest)}.`);
    const needed = [
      { name: 'v2\u2019s config', digest: fixtures.v2.config.digest },
      { name: 'the shared base layer', digest: fixtures.base.digest },
      { name: 'v2\u2019s own layer', digest: fixtures.v2.layer.digest },
    ];
    const broken = [];
    for (const blob of needed) if (!(await registry.verifyBlob(fixtures.repository, blob.digest))) broken.push(blob);
    if (!broken.length) return pass('v2 still pulls completely: manifest, config and every layer, the shared base layer included.');
    return fail(`v2 no longer pulls: ${broken.map((b) => `${b.name} ${short(b.digest)}`).join(', ')} is missing.`, {
      hint: 'A layer can belong to many images. v1 and v2 share their base layer, so deleting it broke v2. In distribution 2.8 a blob DELETE succeeds even while a manifest still needs it. Reset the lesson and delete only the blobs no other manifest lists.',
    });
  },
});
