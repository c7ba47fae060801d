/**
 * explainTraffic names the cause the evidence shows: exchanges shaped as the recorder writes them,
 * with the answers distribution 2.8 gave when these mistakes were made in a real session.
 */
import { describe, expect, it } from 'vitest';
import { explainTraffic } from '../../checkers/lib/index.ts';
import type { TrafficEntry } from '../../server/recorder/index.ts';

let id = 0;
function exchange(method: string, target: string, status: number, extra: Partial<TrafficEntry> = {}): TrafficEntry {
  const [path, query = ''] = target.split('?');
  id += 1;
  return { id, startedAt: id, durationMs: 1, method, path: path!, query, status, requestHeaders: {}, responseHeaders: {}, requestBytes: 0, responseBytes: 0, errors: [], mutating: method !== 'GET' && method !== 'HEAD', ...extra };
}
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

describe('explainTraffic', () => {
  it('tells an index-only Accept for an image manifest from no such tag, when the checker says what exists', () => {
    const head = exchange('HEAD', '/v2/acme/manifests/latest', 404, { requestHeaders: { accept: OCI_INDEX } });
    expect(explainTraffic([head], { repository: 'acme', manifests: { latest: OCI_MANIFEST } })).toMatch(/"latest" exists: it is application\/vnd\.oci\.image\.manifest\.v1\+json, but your request sent Accept: .*index.*, which names only index types/);
    expect(explainTraffic([head], { repository: 'acme', manifests: {} })).toMatch(/^No manifest "latest" exists in acme/);
    expect(explainTraffic([head], { repository: 'acme' })).toMatch(/cannot tell a wrong Accept from a missing tag/);
  });

  it('never says "no such manifest" when Accept names a manifest type but not the stored one', () => {
    const dockerOnly = exchange('HEAD', '/v2/acme/manifests/latest', 404, { requestHeaders: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    const hint = explainTraffic([dockerOnly], { repository: 'acme' });
    expect(hint).not.toMatch(/^No manifest/);
    expect(hint).toMatch(/cannot tell a wrong Accept from a missing tag/);
    expect(hint).toContain(OCI_MANIFEST);
    const refused = exchange('GET', '/v2/acme/manifests/latest', 404, {
      requestHeaders: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      errors: [{ code: 'MANIFEST_UNKNOWN', message: 'OCI index found, but accept header does not support OCI indexes' }],
    });
    expect(explainTraffic([refused], { repository: 'acme' })).toMatch(/^"latest" exists: the registry said "OCI index found.*Add -H "Accept: application\/vnd\.oci\.image\.index\.v1\+json"/);
    const bothOci = exchange('HEAD', '/v2/acme/manifests/latest', 404, { requestHeaders: { accept: `${OCI_MANIFEST}, ${OCI_INDEX}` } });
    expect(explainTraffic([bothOci], { repository: 'acme' })).toMatch(/^No manifest "latest" exists in acme/);
    const list = 'application/vnd.docker.distribution.manifest.list.v2+json';
    expect(explainTraffic([dockerOnly], { repository: 'acme', manifests: { latest: list } })).toMatch(/linux\/amd64 child in its place, and answers 404 MANIFEST_UNKNOWN when the list has no such child/);
  });

  it('explains a tag with "+" by the tag grammar, not by lower case', () => {
    const put = exchange('PUT', '/v2/my/app/manifests/1.2.3+build.4', 404, { errorBody: '404 page not found\n' });
    const hint = explainTraffic([put], { repository: 'my/app' });
    expect(hint).toContain('"1.2.3+build.4" is not a valid tag');
    expect(hint).toContain('"+"');
    expect(hint).not.toContain('lower case');
  });

  it('explains a DELETE whose digest variable was empty by the empty reference, not by lower case', () => {
    const hint = explainTraffic([exchange('DELETE', '/v2/acme/manifests/', 404)], { repository: 'acme' });
    expect(hint).toContain('nothing after it');
    expect(hint).not.toContain('lower case');
  });

  it('blames lower case only for a name with capitals', () => {
    expect(explainTraffic([exchange('POST', '/v2/Hello-World/blobs/uploads/', 404)], { repository: 'hello-world' })).toContain('repository names are lower case');
    expect(explainTraffic([exchange('GET', '/v2/acme/tagz/list', 404)], { repository: 'acme' })).not.toContain('lower case');
  });

  it('explains a POST redirected for a missing slash and a single-POST upload whose bytes were dropped', () => {
    expect(explainTraffic([exchange('POST', '/v2/hello-world/blobs/uploads', 301)], { repository: 'hello-world' })).toContain('without the final slash');
    const single = exchange('POST', '/v2/hello-world/blobs/uploads/?digest=sha256:ab', 202, { requestBytes: 3000 });
    expect(explainTraffic([single], { repository: 'hello-world' })).toContain('dropped the 3000 bytes');
    expect(explainTraffic([exchange('POST', '/v2/hello-world/blobs/uploads/', 202)], { repository: 'hello-world' })).toBeUndefined();
  });

  it('says blobs are per repository, and names a mount, when the missing blob went to another repository', () => {
    const upload = exchange('PUT', '/v2/app/blobs/uploads/u1?_state=x&digest=sha256:aa', 201);
    const manifest = exchange('PUT', '/v2/my/app/manifests/v1', 400, { errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:aa' }] });
    const hint = explainTraffic([upload, manifest], { repository: 'my/app' });
    expect(hint).toContain('You uploaded that blob to "app"');
    expect(hint).toContain('?mount=<digest>&from=app');
  });

  it('takes a success in a near-typo of the repository as the mistake, not as the task done', () => {
    const put = exchange('PUT', '/v2/hello-wrld/blobs/uploads/u1?_state=x&digest=sha256:aa', 201);
    expect(explainTraffic([put], { repository: 'hello-world' })).toContain('"hello-wrld"');
    expect(explainTraffic([exchange('PUT', '/v2/hello-world/blobs/uploads/u1?_state=x&digest=sha256:aa', 201)], { repository: 'hello-world' })).toBeUndefined();
  });

  it('accepts any algorithm prefix as a digest and explains a bare hex one', () => {
    const bare = exchange('PUT', '/v2/hello-world/blobs/uploads/u1?_state=x&digest=abc123', 400, { errors: [{ code: 'DIGEST_INVALID', message: 'x' }] });
    expect(explainTraffic([bare], { repository: 'hello-world' })).toContain('The algorithm prefix is part of the digest');
    const sha512 = exchange('PUT', '/v2/hello-world/blobs/uploads/u1?_state=x&digest=sha512:abc123', 400, { errors: [{ code: 'DIGEST_INVALID', message: 'x' }], requestHeaders: { 'content-type': 'application/octet-stream' } });
    expect(explainTraffic([sha512], { repository: 'hello-world' })).not.toContain('algorithm prefix');
  });
});
