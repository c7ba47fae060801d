/**
 * Upload-session hints name the cause the recorded traffic shows. The _state values are the ones
 * distribution 2.8.2 gave in a real session (research transcript obs-02-chunked.txt): an upload of
 * lab/hello at offsets 0, 4000 and 6000. The answers are the ones 2.8 gave to each mistake in a lab session.
 */
import { describe, expect, it } from 'vitest';
import { explainTraffic, formBodyCause } from '../../checkers/lib/index.ts';
import { readUploadState } from '../../checkers/lib/upload-sessions.ts';
import type { TrafficEntry } from '../../server/recorder/index.ts';

const UPLOAD = '1104890c-402f-49a0-8c8d-581cb778d501';
const AT_0 = 'CfF-JBL0S2t5yvoqMr-bHxM917fmpqXvTt0jxcaoMOV7Ik5hbWUiOiJsYWIvaGVsbG8iLCJVVUlEIjoiMTEwNDg5MGMtNDAyZi00OWEwLThjOGQtNTgxY2I3NzhkNTAxIiwiT2Zmc2V0IjowLCJTdGFydGVkQXQiOiIyMDI2LTExLTI1VDAxOjM4OjA3Ljc5OTY0Njk1OVoifQ%3D%3D';
const AT_4000 = 'Zq8B4OQCMdy-8aLevzEh-O-P1orWGKdqPTm0dffd1rV7Ik5hbWUiOiJsYWIvaGVsbG8iLCJVVUlEIjoiMTEwNDg5MGMtNDAyZi00OWEwLThjOGQtNTgxY2I3NzhkNTAxIiwiT2Zmc2V0Ijo0MDAwLCJTdGFydGVkQXQiOiIyMDI2LTExLTI1VDAxOjM4OjA3WiJ9';
const UPLOAD_PATH = `/v2/lab/hello/blobs/uploads/${UPLOAD}`;
const INVALID = [{ code: 'BLOB_UPLOAD_INVALID', message: 'blob upload invalid' }];
const UNKNOWN = [{ code: 'BLOB_UPLOAD_UNKNOWN', message: 'blob upload unknown to registry' }];

let id = 0;
function exchange(method: string, target: string, status: number, extra: Partial<TrafficEntry> = {}): TrafficEntry {
  const [path, query = ''] = target.split('?');
  id += 1;
  return { id, startedAt: id, durationMs: 1, method, path: path!, query, status, requestHeaders: {}, responseHeaders: {}, requestBytes: 0, responseBytes: 0, errors: [], mutating: method !== 'GET' && method !== 'HEAD', ...extra };
}
const locationAt = (state: string, repository = 'lab/hello') => ({ location: `http://localhost:5000/v2/${repository}/blobs/uploads/${UPLOAD}?_state=${state}` });
/** POST, then one PATCH of 4000 bytes: the registry has given the Locations at 0 and at 4000. */
function opened(): TrafficEntry[] {
  return [
    exchange('POST', '/v2/lab/hello/blobs/uploads/', 202, { responseHeaders: locationAt(AT_0) }),
    exchange('PATCH', `${UPLOAD_PATH}?_state=${AT_0}`, 202, { requestBytes: 4000, responseHeaders: locationAt(AT_4000) }),
  ];
}
const hintFor = (traffic: TrafficEntry[], repository = 'lab/hello') => explainTraffic(traffic, { repository, pathIncludes: '/blobs/' }) ?? '';

describe('readUploadState', () => {
  it('reads what a real _state was issued for, and nothing from a cut or foreign one', () => {
    expect(readUploadState(decodeURIComponent(AT_4000))).toEqual({ repository: 'lab/hello', upload: UPLOAD, offset: 4000 });
    expect(readUploadState(decodeURIComponent(AT_0))).toEqual({ repository: 'lab/hello', upload: UPLOAD, offset: 0 });
    expect(readUploadState(AT_4000.slice(0, 70))).toBeUndefined();
    expect(readUploadState('not a state')).toBeUndefined();
    expect(readUploadState(Buffer.alloc(40).toString('base64url'))).toBeUndefined();
  });
});

describe('BLOB_UPLOAD_INVALID hints', () => {
  it('says the Location was cut at "?" when the request had no query', () => {
    const hint = hintFor([...opened(), exchange('PATCH', UPLOAD_PATH, 404, { errors: INVALID })]);
    expect(hint).toContain('cut at its "?"');
    expect(hint).not.toContain('stale');
  });

  it('names the shell\u2019s "&" when the query arrived without _state', () => {
    const hint = hintFor([...opened(), exchange('PUT', `${UPLOAD_PATH}?digest=sha256:ab`, 404, { errors: INVALID })]);
    expect(hint).toContain('unquoted URL');
  });

  it('tells a cut-off _state from a changed one', () => {
    expect(hintFor([...opened(), exchange('PATCH', `${UPLOAD_PATH}?_state=${AT_4000.slice(0, 70)}`, 404, { errors: INVALID })])).toContain(`first 70 of the ${AT_4000.length} characters`);
    const changed = `X${AT_4000.slice(1)}`;
    expect(hintFor([...opened(), exchange('PATCH', `${UPLOAD_PATH}?_state=${changed}`, 404, { errors: INVALID })])).toContain('signature no longer matches');
  });

  it('says the session was opened in another repository, and is shown for the task of that repository', () => {
    const hint = hintFor([...opened(), exchange('PATCH', `/v2/lab/other/blobs/uploads/${UPLOAD}?_state=${AT_4000}`, 404, { errors: INVALID })]);
    expect(hint).toContain('opened in "lab/hello"');
    expect(hint).toContain('went to "lab/other"');
  });

  it('says the halves come from different Locations when the _state names another upload', () => {
    const hint = hintFor([...opened(), exchange('PATCH', `/v2/lab/hello/blobs/uploads/0e09ab5d-3bce-44d1-a5a5-0cbbe0564a36?_state=${AT_4000}`, 404, { errors: INVALID })]);
    expect(hint).toContain('different Locations');
  });

  it('calls an older Location stale, with both sizes, and says Content-Range does not place a chunk on 2.8', () => {
    const stale = exchange('PATCH', `${UPLOAD_PATH}?_state=${AT_0}`, 404, { errors: INVALID, requestHeaders: { 'content-range': '4000-7999' } });
    const hint = hintFor([...opened(), stale]);
    expect(hint).toContain('stale');
    expect(hint).toContain('held 0 bytes');
    expect(hint).toContain('holds 4000');
    expect(hint).toContain('2.8 never reads Content-Range');
  });

  it('blames a failed closing PUT that carried bytes, not the Location, when the newest one is refused', () => {
    const failedPut = exchange('PUT', `${UPLOAD_PATH}?_state=${AT_4000}&digest=sha256:ab`, 400, { requestBytes: 2000, errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content', detail: { Digest: 'sha256:ab' } }] });
    const retry = exchange('PATCH', `${UPLOAD_PATH}?_state=${AT_4000}`, 404, { errors: INVALID });
    expect(hintFor([...opened(), failedPut, retry])).toContain('already failed its digest');
    const missingDigest = exchange('PUT', `${UPLOAD_PATH}?_state=${AT_4000}`, 400, { requestBytes: 2000, errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content', detail: 'digest missing' }] });
    expect(hintFor([...opened(), missingDigest, retry])).not.toContain('already failed its digest');
  });
});

describe('BLOB_UPLOAD_UNKNOWN hints', () => {
  it('says whether the learner finished or cancelled the session', () => {
    const patch = () => exchange('PATCH', `${UPLOAD_PATH}?_state=${AT_4000}`, 404, { errors: UNKNOWN });
    expect(hintFor([...opened(), exchange('DELETE', `${UPLOAD_PATH}?_state=${AT_4000}`, 204), patch()])).toContain('you cancelled that upload with DELETE');
    expect(hintFor([...opened(), exchange('PUT', `${UPLOAD_PATH}?_state=${AT_4000}&digest=sha256:ab`, 201), patch()])).toContain('already finished that upload');
    expect(hintFor([patch()])).toContain('finished or cancelled');
  });
});

describe('formBodyCause', () => {
  it('recognises what curl -d, --data-binary and -F send, as recorded', () => {
    expect(formBodyCause('application/x-www-form-urlencoded')).toContain('-d and --data-binary');
    expect(formBodyCause('multipart/form-data; boundary=------------------------e5366adcc4bfe7cb')).toContain('curl -F sent the blob as a multipart form');
    expect(formBodyCause('application/octet-stream; boundary=------------------------23031cdb8ff9fcd4')).toContain('-H only renamed the type');
    expect(formBodyCause('application/octet-stream')).toBeUndefined();
    expect(formBodyCause(undefined)).toBeUndefined();
  });

  it('explains a multipart PUT by -F, and a multipart PATCH\u2019s 500 by -F too', () => {
    const put = exchange('PUT', `${UPLOAD_PATH}?_state=${AT_4000}&digest=sha256:ab`, 400, {
      requestHeaders: { 'content-type': 'multipart/form-data; boundary=x' },
      requestBytes: 2891,
      errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content', detail: { Digest: 'sha256:ab' } }],
    });
    expect(hintFor([put])).toContain('--data-binary @FILE -H "Content-Type: application/octet-stream"');
    const patch = exchange('PATCH', `${UPLOAD_PATH}?_state=${AT_4000}`, 500, { requestHeaders: { 'content-type': 'multipart/form-data; boundary=x' }, errors: [{ code: 'UNKNOWN', message: 'unknown error' }] });
    expect(hintFor([patch])).toContain('curl -F wraps the file in a multipart form');
    const renamed = { ...patch, requestHeaders: { 'content-type': 'application/octet-stream; boundary=x' } };
    expect(hintFor([renamed])).toContain('curl -F wraps the file in a multipart form');
    const urlencoded = { ...patch, requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect(hintFor([urlencoded])).toContain('curl --data-binary sends a form type by default');
  });
});
