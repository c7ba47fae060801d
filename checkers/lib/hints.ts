/**
 * Hint rules: read the recorded traffic and explain the learner's real registry errors in plain
 * words, citing the spec's endpoint ids. Each rule knows how distribution 2.8 really answers.
 */
import type { TrafficEntry } from '../../server/recorder/index.ts';

export interface HintOptions {
  /** The repository the task expects: exchanges with other repositories are not the task's, except near-typos of it. */
  repository?: string;
  /** Only exchanges whose path contains this (e.g. "/blobs/" or "/manifests/"). */
  pathIncludes?: string;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The name when it is one or two typos away from the expected one (and not equal). */
export function closestName(name: string, expected: string): boolean {
  return name !== expected && distance(name, expected) <= 2;
}

function repositoryOf(entry: TrafficEntry): string | undefined {
  return /^\/v2\/(.+?)\/(blobs|manifests|tags)\//.exec(entry.path)?.[1];
}

const SECOND_QUESTION_MARK =
  'The upload Location already has a query (?_state=…), so the digest must be added with "&digest=", not "?digest=". With a second "?", everything after the first one is read as the _state value: the registry cannot decode the upload state and never sees a digest (spec end-6).';

function explainDigestInvalid(entry: TrafficEntry): string {
  const contentType = entry.requestHeaders['content-type'];
  if (entry.method === 'PUT' && contentType === 'application/x-www-form-urlencoded') {
    return 'The registry answered DIGEST_INVALID because curl sent the blob as a form (Content-Type: application/x-www-form-urlencoded, the default for --data-binary). distribution reads the form, the body is consumed, and it hashes zero bytes. Add -H "Content-Type: application/octet-stream" to the PUT.';
  }
  if (entry.query.includes('?digest=')) return SECOND_QUESTION_MARK;
  const digest = new URLSearchParams(entry.query).get('digest');
  if (digest && !digest.startsWith('sha256:')) {
    return `The digest parameter was "${digest.slice(0, 20)}…": a digest names its algorithm, so it must read sha256:<64 hex characters>.`;
  }
  if (!digest && entry.method === 'PUT' && entry.path.includes('/blobs/uploads/')) {
    return 'The closing PUT carried no digest. The registry needs ?digest= (or &digest= after the Location\u2019s own query) to know what the bytes should hash to (spec end-6).';
  }
  if (entry.path.includes('/manifests/')) {
    return 'The manifest\u2019s bytes do not hash to the digest in the URL. Push a manifest by tag, or compute the digest of the exact bytes you send (sha256sum of the file).';
  }
  return 'The bytes the registry received do not hash to the digest you gave. Compute the digest of the very file you upload: echo "sha256:$(sha256sum FILE | cut -d" " -f1)".';
}

function explainManifestUnknown(entry: TrafficEntry): string {
  const accept = entry.requestHeaders.accept ?? '(none)';
  if (!/vnd\.(oci|docker)/.test(accept)) {
    return `The registry has the manifest but answered MANIFEST_UNKNOWN because your Accept header (${accept}) does not name its media type. distribution 2.8 only returns an OCI manifest or index when asked for it: add -H "Accept: application/vnd.oci.image.manifest.v1+json" (or …index.v1+json for an index).`;
  }
  return 'No manifest with that tag or digest exists in this repository. Check the repository name and the reference; list tags with GET /v2/<name>/tags/list (spec end-8a).';
}

/** A PATCH Content-Type that distribution refuses with 500: present, and not octet-stream (parameters aside). */
function isRefusedChunkType(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.trim() !== '' && contentType.split(';')[0]!.trim().toLowerCase() !== 'application/octet-stream';
}

/** A plain-text 404 comes from the router: say which part of the path it could not read. */
function explainUnroutedPath(entry: TrafficEntry): string {
  if (/\/(manifests|blobs)\/$/.test(entry.path)) {
    return `The URL ends in "${entry.path.slice(entry.path.lastIndexOf('/', entry.path.length - 2))}" with nothing after it: the tag or digest was empty. Was the shell variable you put there ever set? Echo it first; if the request that should have filled it failed, fix that one.`;
  }
  const blobReference = /\/blobs\/([^/]+)$/.exec(entry.path)?.[1];
  if (blobReference && !blobReference.startsWith('uploads') && !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(blobReference)) {
    return `"${blobReference.slice(0, 24)}${blobReference.length > 24 ? '\u2026' : ''}" is not a digest, so no blob route matches. A blob URL ends in <algorithm>:<hex>, e.g. sha256:<64 hex characters>: the algorithm prefix is part of the digest.`;
  }
  return 'The registry answered a plain-text 404: the URL does not match any API route. Repository names must be lower case; check every slash of the path.';
}

/** An exchange with another repository belongs to another task, unless its name is a near-typo of the expected one. */
function concernsRepository(entry: TrafficEntry, expected: string | undefined): boolean {
  const repository = repositoryOf(entry);
  return !expected || !repository || repository === expected || closestName(repository, expected);
}

function explain(entry: TrafficEntry, options: HintOptions): string | undefined {
  const code = entry.errors[0]?.code;
  const repository = repositoryOf(entry);
  if (options.repository && repository && closestName(repository, options.repository)) {
    return `Your request went to repository "${repository}", but the lesson expects "${options.repository}". Check the spelling in the URL.`;
  }
  switch (code) {
    case 'DIGEST_INVALID':
      return explainDigestInvalid(entry);
    case 'MANIFEST_INVALID':
      return `The registry rejected the manifest as MANIFEST_INVALID. The PUT said Content-Type: ${entry.requestHeaders['content-type'] ?? '(none)'}; distribution 2.8 needs the manifest\u2019s exact media type, e.g. application/vnd.oci.image.manifest.v1+json (spec end-7).`;
    case 'MANIFEST_BLOB_UNKNOWN': {
      const detail = entry.errors[0]?.detail;
      const missing = typeof detail === 'string' ? detail : JSON.stringify(detail ?? '');
      return `The manifest references a blob the repository does not have (${missing}). Push every layer and the config first, then the manifest (spec end-7: MANIFEST_BLOB_UNKNOWN).`;
    }
    case 'MANIFEST_UNKNOWN':
      return explainManifestUnknown(entry);
    case 'BLOB_UPLOAD_INVALID':
      if (entry.query.includes('?digest=')) return SECOND_QUESTION_MARK;
      return 'BLOB_UPLOAD_INVALID: that upload Location is stale. Every answer carries a new Location, and the spec says the next request SHOULD use it; distribution signs the upload\u2019s size into the Location\u2019s _state and refuses an older one (404 BLOB_UPLOAD_INVALID on 2.8, 416 RANGE_INVALID on 3.x). Continue with the newest Location (GET it from any Location of the upload if you lost it), or start a new upload with POST.';
    case 'BLOB_UPLOAD_UNKNOWN':
      return 'BLOB_UPLOAD_UNKNOWN: that upload session is finished or cancelled. Start a new one with POST /v2/<name>/blobs/uploads/ (spec end-4a).';
    case 'NAME_UNKNOWN':
      return `The registry has no repository "${repository ?? '?'}" yet. A repository appears when the first blob or manifest is pushed to it.`;
    case 'UNSUPPORTED':
      return 'The registry does not support that operation here.';
    default:
      // A HEAD answer has no body, so its error code is never recorded: explain it from the request.
      if (entry.method === 'HEAD' && entry.status === 404 && entry.path.includes('/manifests/')) return explainManifestUnknown(entry);
      if (entry.method === 'HEAD' && entry.status === 404 && entry.path.includes('/blobs/')) {
        return `The repository "${repository ?? '?'}" has no blob with that digest. Blobs are per repository: check both the name and the digest.`;
      }
      if (entry.status === 404 && !entry.errors.length) return explainUnroutedPath(entry);
      if (entry.status === 405) return 'The registry answered 405 Method Not Allowed for that URL and method.';
      if (entry.method === 'PATCH' && entry.status === 500 && isRefusedChunkType(entry.requestHeaders['content-type'])) {
        return `The PATCH said Content-Type: ${entry.requestHeaders['content-type']}. distribution (2.x and 3.x) accepts a chunk with no Content-Type or with application/octet-stream, and answers any other type with 500 UNKNOWN. curl --data-binary sends a form type by default: add -H "Content-Type: application/octet-stream", as the spec's PATCH template shows (end-5).`;
      }
      return undefined;
  }
}

/** Explains the most recent failed exchange that matches, if no later request of the same method and path succeeded. */
export function explainTraffic(traffic: TrafficEntry[], options: HintOptions = {}): string | undefined {
  const relevant = traffic.filter((entry) => (!options.pathIncludes || entry.path.includes(options.pathIncludes)) && concernsRepository(entry, options.repository));
  for (let index = relevant.length - 1; index >= 0; index--) {
    const entry = relevant[index]!;
    if (entry.status >= 200 && entry.status < 400 && entry.mutating) return undefined;
    if (entry.status >= 400) return explain(entry, options);
  }
  return undefined;
}
