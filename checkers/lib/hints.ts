/**
 * Hint rules: read the recorded traffic and explain the learner's real registry errors in plain
 * words, citing the spec's endpoint ids. Each rule knows how distribution 2.8 really answers.
 */
import type { TrafficEntry } from '../../server/recorder/index.ts';
import { citeSpec, SpecEndpoints, specPath } from '../../server/registry/index.ts';
import { explainUploadInvalid, explainUploadUnknown, readUploadState } from './upload-sessions.ts';

export interface HintOptions {
  /** The repository the task expects: exchanges with other repositories are not the task's, except near-typos of it. */
  repository?: string;
  /** Only exchanges whose path contains this (e.g. "/blobs/" or "/manifests/"). */
  pathIncludes?: string;
  /**
   * What the task's repository really holds, reference (tag or digest) → media type, as the checker
   * read it from the registry: a manifest 404 then tells a wrong Accept from no such manifest.
   */
  manifests?: Record<string, string>;
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
  `The upload Location already has a query (?_state=…), so the digest must be added with "&digest=", not "?digest=". With a second "?", everything after the first one is read as the _state value: the registry cannot decode the upload state and never sees a digest (${citeSpec(SpecEndpoints.closeUpload)}).`;

const SEND_THE_FILE = 'Send the file itself: --data-binary @FILE -H "Content-Type: application/octet-stream" (or -T FILE).';

/** A multipart body, as curl -F sends it: the type says so, or a boundary parameter does after -H renamed it. */
export function isMultipart(contentType: string | undefined): boolean {
  return /^\s*multipart\/|;\s*boundary=/i.test(contentType ?? '');
}

/**
 * What curl did when a blob went up as a form, from the request's Content-Type: -d and --data-binary
 * label the body application/x-www-form-urlencoded unless told otherwise; -F wraps the file in a
 * multipart body (boundary lines and part headers around it), still multipart when -H renames its type.
 */
export function formBodyCause(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  // distribution (2.x and 3.x) reads the digest with Go's FormValue, which parses a form body and so consumes it.
  const readAsForm = 'distribution reads a form body as a form before it stores anything (2.8 measured: it then holds zero bytes), so the upload cannot match the digest.';
  if (type === 'application/x-www-form-urlencoded') {
    return `curl sent the blob as a form: Content-Type: application/x-www-form-urlencoded is what -d and --data-binary send when no type is given. ${readAsForm}`;
  }
  if (type === 'multipart/form-data') {
    return `curl -F sent the blob as a multipart form (Content-Type: multipart/form-data): -F wraps the file between boundary lines, with part headers of its own. ${readAsForm}`;
  }
  if (isMultipart(contentType)) {
    return `The body was multipart (Content-Type: ${contentType!.slice(0, 60)}): curl -F wraps the file between boundary lines with part headers of its own, and -H only renamed the type. The registry stores the bytes it receives, wrapper included, so they do not hash to the file\u2019s digest.`;
  }
  return undefined;
}

function explainDigestInvalid(entry: TrafficEntry): string {
  const form = entry.method === 'PUT' ? formBodyCause(entry.requestHeaders['content-type']) : undefined;
  if (form) return `The registry answered DIGEST_INVALID because ${form[0]!.toLowerCase()}${form.slice(1)} ${SEND_THE_FILE}`;
  if (entry.query.includes('?digest=')) return SECOND_QUESTION_MARK;
  const digest = new URLSearchParams(entry.query).get('digest');
  if (digest && !isDigestLike(digest)) {
    return `The digest parameter was "${digest.slice(0, 20)}…": a digest is <algorithm>:<encoded hash>, e.g. sha256:<64 hex characters>. The algorithm prefix is part of the digest.`;
  }
  if (!digest && entry.method === 'PUT' && entry.path.includes('/blobs/uploads/')) {
    const unquoted = entry.query.startsWith('_state=') ? ' If you did write &digest= after an unquoted URL, the shell took "&" as "run in the background" and cut the command there: quote the URL ("$LOCATION&digest=\u2026").' : '';
    return `The closing PUT carried no digest. The registry needs ?digest= (or &digest= after the Location\u2019s own query) to know what the bytes should hash to (${citeSpec(SpecEndpoints.closeUpload)}).${unquoted}`;
  }
  const manifestReference = /\/manifests\/([^/]+)$/.exec(entry.path)?.[1];
  if (entry.method === 'DELETE' && manifestReference && !isDigestLike(manifestReference)) {
    return 'distribution 2.8 deletes a manifest by digest only: a DELETE by tag answers 400 DIGEST_INVALID (the spec lets a registry refuse deleting a tag). HEAD the tag with the right Accept, read Docker-Content-Digest, then DELETE /v2/<name>/manifests/<that digest>.';
  }
  if (entry.path.includes('/manifests/')) {
    return 'The manifest\u2019s bytes do not hash to the digest in the URL. Push a manifest by tag, or compute the digest of the exact bytes you send (sha256sum of the file).';
  }
  return 'The bytes the registry received do not hash to the digest you gave. Compute the digest of the very file you upload: echo "sha256:$(sha256sum FILE | cut -d" " -f1)".';
}

const OCI_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json'];
const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const ACCEPT_NOT_ANSWERED = 'distribution (2.x and 3.x) answers 404 MANIFEST_UNKNOWN when Accept does not name the type of a stored OCI manifest or OCI index (a GET shows "OCI manifest found, but accept header does not support OCI manifests", or the same for an index), exactly as for a missing one; other registries, zot for one, ignore Accept';
/** The error message distribution gives a GET whose Accept does not name the stored OCI type: the evidence that the manifest exists. */
const ACCEPT_REFUSED = /^OCI (manifest|index) found, but accept header does not support/;

/** The media types an Accept header names, without parameters. */
function acceptedTypes(accept: string | undefined): string[] {
  return (accept ?? '').split(',').map((part) => part.split(';')[0]!.trim()).filter(Boolean);
}

/** A 404 for a reference the checker knows the registry holds as `held`, asked for with these Accept types. */
function explainHeldManifest(reference: string, held: string, types: string[], sent: string): string {
  if (types.includes(held)) return `The registry answered 404 for "${reference}", which exists as ${held}: ask again, and check the URL.`;
  const why =
    held === DOCKER_LIST
      ? 'Asked by tag without the list type in Accept, distribution 2.8 serves the list\u2019s linux/amd64 child in its place, and answers 404 MANIFEST_UNKNOWN when the list has no such child'
      : ACCEPT_NOT_ANSWERED;
  const onlyIndex = types.length > 0 && types.every((type) => INDEX_TYPES.includes(type));
  return `"${reference}" exists: it is ${held}, but your request sent ${sent}${onlyIndex ? ', which names only index types' : ''}. ${why}. Add -H "Accept: ${held}" (a client sends every type it can read, comma-separated).`;
}

function explainManifestUnknown(entry: TrafficEntry, options: HintOptions): string {
  const accept = entry.requestHeaders.accept;
  const sent = accept ? `Accept: ${accept}` : 'no Accept header';
  const types = acceptedTypes(accept);
  const reference = decodeURIComponent(entry.path.slice(entry.path.lastIndexOf('/') + 1));
  const noSuchManifest = `No manifest "${reference}" exists in ${repositoryOf(entry) ?? 'this repository'}. Check the repository name and the reference; list tags with GET ${SpecEndpoints.listTags.path} (${citeSpec(SpecEndpoints.listTags)}).`;
  if (options.manifests) {
    const held = options.manifests[reference];
    return held ? explainHeldManifest(reference, held, types, sent) : noSuchManifest;
  }
  const refused = ACCEPT_REFUSED.exec(entry.errors[0]?.message ?? '');
  if (refused) {
    const stored = refused[1] === 'index' ? OCI_TYPES[1]! : OCI_TYPES[0]!;
    return `"${reference}" exists: the registry said "${entry.errors[0]!.message}". Your request sent ${sent}. ${ACCEPT_NOT_ANSWERED}. Add -H "Accept: ${stored}" (a client sends every type it can read, comma-separated).`;
  }
  if (!types.some((type) => /vnd\.(oci|docker)/.test(type))) {
    return `Your request sent ${sent}, which names no manifest type. ${ACCEPT_NOT_ANSWERED}. Add -H "Accept: application/vnd.oci.image.manifest.v1+json" (or \u2026index.v1+json for an index).`;
  }
  const unnamed = OCI_TYPES.filter((type) => !types.includes(type));
  if (!unnamed.length) return noSuchManifest;
  const named = types.every((type) => INDEX_TYPES.includes(type)) ? `names only index types (${types.join(', ')})` : `names ${types.join(', ')} but not ${unnamed.join(' or ')}`;
  return `Your Accept header ${named}. If "${reference}" is stored as ${unnamed.length > 1 ? 'one of those' : 'that type'}, ${ACCEPT_NOT_ANSWERED}; so this 404 cannot tell a wrong Accept from a missing tag. Add ${unnamed.join(' and ')} to Accept and ask again; if it is still 404, check the repository name and the reference (GET ${SpecEndpoints.listTags.path}, ${citeSpec(SpecEndpoints.listTags)}).`;
}

/** A PATCH Content-Type that distribution refuses with 500: present, and not exactly application/octet-stream (2.8 compares the whole string, so a parameter is refused too). */
function isRefusedChunkType(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType !== '' && contentType !== 'application/octet-stream';
}

/** A plain-text 404 comes from the router: say which part of the path it could not read. */
function explainUnroutedPath(entry: TrafficEntry): string {
  if (/\/(manifests|blobs)\/$/.test(entry.path)) {
    return `The URL ends in "${entry.path.slice(entry.path.lastIndexOf('/', entry.path.length - 2))}" with nothing after it: the tag or digest was empty. Was the shell variable you put there ever set? Echo it first; if the request that should have filled it failed, fix that one.`;
  }
  const blobReference = /\/blobs\/([^/]+)$/.exec(entry.path)?.[1];
  if (blobReference && !blobReference.startsWith('uploads') && !isDigest(blobReference)) {
    return `"${blobReference.slice(0, 24)}${blobReference.length > 24 ? '\u2026' : ''}" is not a digest, so no blob route matches. A blob URL ends in <algorithm>:<hex>, e.g. sha256:<64 hex characters>: the algorithm prefix is part of the digest.`;
  }
  const manifestReference = /\/manifests\/([^/]+)$/.exec(entry.path)?.[1];
  if (manifestReference && !isDigestLike(manifestReference)) {
    const tag = decodeURIComponent(manifestReference);
    if (!TAG.test(tag)) {
      const plus = tag.includes('+') ? ' A "+" (semver build metadata) is not allowed: Helm writes it as "_".' : '';
      return `"${tag.slice(0, 40)}" is not a valid tag. A tag is 1 to 128 letters, digits, "_", "." and "-", and does not start with "." or "-" (spec: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}).${plus} distribution\u2019s router matches no route for it, so it answers a plain 404 instead of a JSON error (the spec has no error code for a bad tag).`;
    }
  }
  const repository = /^\/v2\/(.+?)\/(?:blobs|manifests|tags)\//.exec(entry.path)?.[1];
  if (repository && /[A-Z]/.test(repository)) {
    return `The repository name "${repository}" has upper-case letters. Repository names are lower case (spec: [a-z0-9]+ components separated by ".", "_", "__", "-" or "/"), so no route matches and the registry answers a plain 404.`;
  }
  return 'The registry answered a plain-text 404: the URL does not match any API route. Check every part of the path: /v2/<name>/blobs/<digest>, /v2/<name>/manifests/<tag or digest>, /v2/<name>/tags/list.';
}

/** The spec's tag grammar. */
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** The spec's digest grammar: algorithm (components joined by + . _ -), a colon, the encoded hash. */
export function isDigest(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}

function isDigestLike(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:/.test(reference);
}

/**
 * Answers in the 2xx/3xx range that still leave the learner without what they meant to do: a POST
 * redirected for a missing slash, or a single-POST upload whose bytes distribution 2.8 dropped.
 */
function explainMisleadingSuccess(entry: TrafficEntry): string | undefined {
  if (entry.method === 'POST' && entry.status === 301 && /\/blobs\/uploads$/.test(entry.path)) {
    return `The POST went to ${entry.path} without the final slash. distribution answers 301 Moved Permanently to ${entry.path}/, and curl does not follow it, so no upload session was opened and there was no upload Location to continue with. The route is ${entry.path}/ (${citeSpec(SpecEndpoints.startUpload)}).`;
  }
  if (entry.method === 'POST' && entry.status === 202 && entry.path.endsWith('/blobs/uploads/') && /(^|&)digest=/.test(entry.query) && entry.requestBytes > 0) {
    return `You sent the blob in a single POST with ?digest= (${citeSpec(SpecEndpoints.singlePostUpload)}). The spec says registries MAY support that, and those that do not SHOULD answer 202 with a Location. distribution 2.8 does not: it answered 202, opened an empty upload session and dropped the ${entry.requestBytes} bytes you sent. Continue as the spec says: PUT the bytes to that Location with &digest=.`;
  }
  return undefined;
}

/**
 * An exchange with another repository belongs to another task, unless its name is a near-typo of the
 * expected one, or it used an upload session opened in the expected repository (its _state says where).
 */
function concernsRepository(entry: TrafficEntry, expected: string | undefined): boolean {
  const repository = repositoryOf(entry);
  if (!expected || !repository || repository === expected || closestName(repository, expected)) return true;
  const state = new URLSearchParams(entry.query).get('_state');
  return state !== null && readUploadState(state)?.repository === expected;
}

/** The repository other than this exchange's where the learner's own upload of that digest succeeded. */
function uploadedTo(traffic: TrafficEntry[], digest: string, except: string | undefined): string | undefined {
  const upload = traffic.find((entry) => entry.method === 'PUT' && entry.status === 201 && entry.path.includes('/blobs/uploads/') && new URLSearchParams(entry.query).get('digest') === digest && repositoryOf(entry) !== except);
  return upload && repositoryOf(upload);
}

function explainBlobUnknown(entry: TrafficEntry, traffic: TrafficEntry[]): string {
  const detail = entry.errors[0]?.detail;
  const missing = typeof detail === 'string' ? detail : JSON.stringify(detail ?? '');
  const repository = repositoryOf(entry);
  const elsewhere = uploadedTo(traffic, missing, repository);
  const perRepository = elsewhere
    ? ` You uploaded that blob to "${elsewhere}", but blobs belong to a repository: a manifest in "${repository}" can only point at blobs in "${repository}". Upload them there too, or mount them without sending the bytes again: POST ${specPath(SpecEndpoints.mountBlob, { name: repository, other_name: elsewhere })} (${citeSpec(SpecEndpoints.mountBlob)}).`
    : ' Push every layer and the config to this repository first, then the manifest.';
  return `The manifest references a blob the repository does not have (${missing}). The spec lets a registry refuse such a manifest (MAY), with MANIFEST_BLOB_UNKNOWN; distribution does.${perRepository}`;
}

function explain(entry: TrafficEntry, options: HintOptions, traffic: TrafficEntry[] = []): string | undefined {
  const code = entry.errors[0]?.code;
  const repository = repositoryOf(entry);
  if (options.repository && repository && repository !== options.repository && repository.toLowerCase() === options.repository) {
    return `Your request went to "${repository}", but repository names are lower case (spec: [a-z0-9]+ components separated by ".", "_", "__", "-" or "/"): no route matches such a name, and the registry answers a plain 404. Use "${options.repository}".`;
  }
  if (options.repository && repository && closestName(repository, options.repository)) {
    return `Your request went to repository "${repository}", but the lesson expects "${options.repository}". Check the spelling in the URL.`;
  }
  switch (code) {
    case 'DIGEST_INVALID':
      return explainDigestInvalid(entry);
    case 'MANIFEST_INVALID':
      return `The registry rejected the manifest as MANIFEST_INVALID. The PUT said Content-Type: ${entry.requestHeaders['content-type'] ?? '(none)'}. When a manifest has a mediaType field, the spec says the client MUST send that value as Content-Type (${citeSpec(SpecEndpoints.putManifest)}), and distribution (2.x and 3.x) reads the body by its Content-Type, so anything else is refused: send e.g. -H "Content-Type: application/vnd.oci.image.manifest.v1+json".`;
    case 'MANIFEST_BLOB_UNKNOWN':
      return explainBlobUnknown(entry, traffic);
    case 'MANIFEST_UNKNOWN':
      return explainManifestUnknown(entry, options);
    case 'BLOB_UPLOAD_INVALID':
      if (entry.query.includes('?digest=')) return SECOND_QUESTION_MARK;
      return (
        explainUploadInvalid(entry, traffic) ??
        'BLOB_UPLOAD_INVALID: the registry refused this upload URL, and the recorded traffic does not show why. distribution (2.x and 3.x) checks the Location\u2019s signed _state against the repository, the upload id and the upload\u2019s size: send the newest Location exactly as the last answer gave it, or start a new upload with POST.'
      );
    case 'BLOB_UPLOAD_UNKNOWN':
      return explainUploadUnknown(entry, traffic);
    case 'NAME_UNKNOWN':
      return `The registry has no repository "${repository ?? '?'}" yet. A repository appears when the first blob or manifest is pushed to it.`;
    case 'UNSUPPORTED':
      return 'UNSUPPORTED: this registry is configured not to do that (here: deletes are switched off, storage.delete.enabled: false); the spec lets a registry answer 405 for a DELETE it does not allow.';
    default:
      // A HEAD answer has no body, so its error code is never recorded: explain it from the request.
      if (entry.method === 'HEAD' && entry.status === 404 && entry.path.includes('/manifests/')) return explainManifestUnknown(entry, options);
      if (entry.method === 'HEAD' && entry.status === 404 && entry.path.includes('/blobs/')) {
        return `The repository "${repository ?? '?'}" has no blob with that digest. Blobs are per repository: check both the name and the digest.`;
      }
      if (entry.status === 404 && !entry.errors.length) return explainUnroutedPath(entry);
      if (entry.status === 405) return 'The registry answered 405 Method Not Allowed for that URL and method.';
      if (entry.method === 'PATCH' && entry.status === 500 && isRefusedChunkType(entry.requestHeaders['content-type'])) {
        const curl = isMultipart(entry.requestHeaders['content-type']) ? 'curl -F wraps the file in a multipart form: send it with --data-binary @FILE and' : 'curl --data-binary sends a form type by default:';
        return `The PATCH said Content-Type: ${entry.requestHeaders['content-type']}. distribution (2.x and 3.x) accepts a chunk with no Content-Type or with exactly application/octet-stream (no parameters), and answers any other type with 500 UNKNOWN. ${curl} add -H "Content-Type: application/octet-stream", as the spec's PATCH template shows (${citeSpec(SpecEndpoints.uploadChunk)}).`;
      }
      return undefined;
  }
}

/** Explains the most recent failed exchange that matches, if no later request of the same method and path succeeded. */
export function explainTraffic(traffic: TrafficEntry[], options: HintOptions = {}): string | undefined {
  const relevant = traffic.filter((entry) => (!options.pathIncludes || entry.path.includes(options.pathIncludes)) && concernsRepository(entry, options.repository));
  for (let index = relevant.length - 1; index >= 0; index--) {
    const entry = relevant[index]!;
    const misleading = explainMisleadingSuccess(entry);
    if (misleading) return misleading;
    // A success in a near-typo of the repository is the mistake itself: the request went to the wrong place.
    if (entry.status >= 200 && entry.status < 400 && entry.mutating) return repositoryOf(entry) && options.repository && repositoryOf(entry) !== options.repository ? explain(entry, options, traffic) : undefined;
    if (entry.status >= 400) return explain(entry, options, traffic);
  }
  return undefined;
}
