/**
 * Why distribution refused a request to an upload session (BLOB_UPLOAD_INVALID, BLOB_UPLOAD_UNKNOWN),
 * told from the recorded traffic: the request's path and _state compared with the Locations the
 * registry gave for that session, and with what was done to the session before.
 *
 * distribution (2.x and 3.x) keeps no per-Location state on the server: each Location carries
 * ?_state=<base64url of a 32-byte HMAC followed by JSON {Name, UUID, Offset, StartedAt}>, and a
 * request is refused unless the signature holds, Name is the path's repository, UUID the path's
 * upload id and Offset the size the upload has now. Measured on 2.8.2 in a lab session.
 */
import { z } from 'zod';
import type { TrafficEntry } from '../../server/recorder/index.ts';
import { citeSpec, SpecEndpoints, specPath } from '../../server/registry/index.ts';

/** What an upload's _state says it was issued for. */
export interface UploadState {
  repository: string;
  upload: string;
  /** The upload's size in bytes when this Location was issued. */
  offset: number;
}

const HMAC_BYTES = 32;
const StatePayload = z.object({ Name: z.string(), UUID: z.string(), Offset: z.number().int().nonnegative() });

/** The payload of a _state value, or undefined when it cannot be read back (cut off or altered). */
export function readUploadState(state: string): UploadState | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(state)) return undefined;
  const bytes = Buffer.from(state, 'base64url');
  if (bytes.length <= HMAC_BYTES) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(bytes.subarray(HMAC_BYTES).toString('utf8'));
  } catch {
    // Not JSON after the signature: the value was cut or changed, which is the answer the caller wants.
    return undefined;
  }
  const parsed = StatePayload.safeParse(json);
  return parsed.success ? { repository: parsed.data.Name, upload: parsed.data.UUID, offset: parsed.data.Offset } : undefined;
}

/** The repository and upload id of a request to /v2/<name>/blobs/uploads/<id>. */
export function uploadTarget(path: string): { repository: string; upload: string } | undefined {
  const match = /^\/v2\/(.+?)\/blobs\/uploads\/([^/]+)$/.exec(path);
  return match ? { repository: match[1]!, upload: match[2]! } : undefined;
}

/** The _state of a request's query (decoded), or null when it has none. */
function stateOf(entry: TrafficEntry): string | null {
  return new URLSearchParams(entry.query).get('_state');
}

interface IssuedState {
  state: string;
  /** The exchange that issued it (its answer's Location) or proved it valid (a 2xx that used it). */
  by: TrafficEntry;
}

/** The exchanges recorded before `entry` (traffic is oldest first). */
function earlierThan(traffic: TrafficEntry[], entry: TrafficEntry): TrafficEntry[] {
  const at = traffic.indexOf(entry);
  return at < 0 ? traffic : traffic.slice(0, at);
}

/** Every _state the registry handed out before `entry`, or accepted from the learner, oldest first. */
function issuedStates(traffic: TrafficEntry[], before: TrafficEntry): IssuedState[] {
  const issued: IssuedState[] = [];
  for (const entry of earlierThan(traffic, before)) {
    const used = stateOf(entry);
    if (used && entry.status >= 200 && entry.status < 300) issued.push({ state: used, by: entry });
    const location = entry.responseHeaders.location;
    const given = location && URL.canParse(location, 'http://registry.invalid') && new URL(location, 'http://registry.invalid').searchParams.get('_state');
    if (given) issued.push({ state: given, by: entry });
  }
  return issued;
}

const USE_LOCATION_WHOLE = `The spec says the Location MAY carry critical query parameters, and that the next request SHOULD use it exactly as the registry gave it, not assembled by hand (${citeSpec(SpecEndpoints.closeUpload)}). Quote it in the shell ("$LOCATION"), and add the digest with &digest=.`;

/** No _state at all: the query was dropped, or the shell cut the URL at an unquoted "&". */
function explainMissingState(entry: TrafficEntry): string {
  const shown = entry.query ? `?${entry.query.slice(0, 40)}${entry.query.length > 40 ? '\u2026' : ''}` : 'with no query at all';
  const how = entry.query
    ? 'If _state came after an "&" in an unquoted URL, the shell ended the command at "&" (and ran it in the background), so curl never saw the rest.'
    : 'The Location was cut at its "?": copied without its query, or built from the upload id by hand.';
  return `The request reached the registry as ${entry.path}${entry.query ? shown : ` ${shown}`}, without the Location\u2019s _state. ${how} distribution (2.x and 3.x) keeps the upload\u2019s state in that parameter, signed, and refuses a request without it (2.8: 404 BLOB_UPLOAD_INVALID). ${USE_LOCATION_WHOLE}`;
}

/** A _state the registry never gave: cut short, or changed. */
function explainForeignState(state: string, issued: IssuedState[]): string {
  const whole = issued.find((candidate) => candidate.state.startsWith(state));
  const what = whole
    ? `The _state in the URL is the first ${state.length} of the ${whole.state.length} characters of one the registry gave: it was cut off (a line break in a copy, or an editor or the shell stopping at a character).`
    : readUploadState(state)
      ? 'The _state in the URL is not one the registry gave: it reads as an upload state, but its signature no longer matches (a character was changed).'
      : 'The _state in the URL is not one the registry gave, and it cannot be read back as an upload state: it was cut or changed on its way from the Location.';
  return `${what} distribution (2.x and 3.x) signs _state and refuses one that does not verify (2.8: 404 BLOB_UPLOAD_INVALID). ${USE_LOCATION_WHOLE}`;
}

/** The request's path names another repository than the one the upload was opened in. */
function explainOtherRepository(opened: string, used: string): string {
  return `This upload session was opened in "${opened}" (its _state says so), but the request went to "${used}". distribution (2.x and 3.x) ties an upload session to the repository it was opened in and refuses it anywhere else (2.8: 404 BLOB_UPLOAD_INVALID). Send it to the Location as given, /v2/${opened}/blobs/uploads/\u2026; to put the blob in "${used}", open an upload there with POST ${specPath(SpecEndpoints.startUpload, { name: used })}, or mount it from "${opened}" if it is already there (${citeSpec(SpecEndpoints.mountBlob)}).`;
}

/** The closing PUT of this session that failed after 2.8 had appended its body, if any. */
function spoilingPut(traffic: TrafficEntry[], entry: TrafficEntry, upload: string): TrafficEntry | undefined {
  return earlierThan(traffic, entry).find(
    (earlier) =>
      earlier.method === 'PUT' &&
      uploadTarget(earlier.path)?.upload === upload &&
      earlier.requestBytes > 0 &&
      earlier.errors[0]?.code === 'DIGEST_INVALID' &&
      // "digest missing" and "digest parsing failed" are answered before the body is read.
      typeof earlier.errors[0]?.detail !== 'string',
  );
}

const rangeNote = (entry: TrafficEntry) =>
  entry.requestHeaders['content-range']
    ? ` Your ${entry.method} said Content-Range: ${entry.requestHeaders['content-range']}, but that does not place it: 2.8 never reads Content-Range and takes the position from _state (3.x also compares Content-Range, when Content-Length is sent too, with the upload\u2019s size and answers 416 RANGE_INVALID, as the spec\u2019s MUST 416 for an out-of-order chunk asks).`
    : '';

/** An older Location of the session: its _state's offset is not the upload's size any more. */
function explainStale(entry: TrafficEntry, used: UploadState, newest: UploadState): string {
  return `That Location is stale: its _state was issued when the upload held ${used.offset} bytes, and a later answer\u2019s Location says it holds ${newest.offset}. Every answer carries a new Location, and the spec says the next request SHOULD use it (${citeSpec(SpecEndpoints.uploadChunk)}); distribution signs the upload\u2019s size into _state and refuses a Location whose size is not the upload\u2019s (404 BLOB_UPLOAD_INVALID on 2.8, 416 RANGE_INVALID on 3.x; on 2.8 even a GET to an older one answers 404).${rangeNote(entry)} Continue with the newest Location, or start a new upload with POST.`;
}

/** Explains a 404 BLOB_UPLOAD_INVALID for a request to an upload session. */
export function explainUploadInvalid(entry: TrafficEntry, traffic: TrafficEntry[]): string | undefined {
  const target = uploadTarget(entry.path);
  if (!target) return undefined;
  const state = stateOf(entry);
  if (state === null) return explainMissingState(entry);
  const issued = issuedStates(traffic, entry);
  const used = readUploadState(state);
  if (!used) return explainForeignState(state, issued);
  if (used.repository !== target.repository) return explainOtherRepository(used.repository, target.repository);
  if (used.upload !== target.upload) {
    return `The path names upload ${target.upload.slice(0, 8)}\u2026, but its _state belongs to upload ${used.upload.slice(0, 8)}\u2026: the two halves of the URL come from different Locations, and distribution (2.x and 3.x) refuses that (2.8: 404 BLOB_UPLOAD_INVALID). ${USE_LOCATION_WHOLE}`;
  }
  const spoiled = spoilingPut(traffic, entry, target.upload);
  if (spoiled) {
    return `A closing PUT to this upload already failed its digest (400 DIGEST_INVALID). 2.8 had appended that PUT\u2019s ${spoiled.requestBytes} bytes before comparing, so the upload\u2019s size matches none of its Locations any more, and every later request to it answers 404 BLOB_UPLOAD_INVALID. Start a new upload with POST.`;
  }
  // The session's own Locations, oldest first; one from before the recording (a lesson's file) is not among them.
  const ofThisUpload = issued.filter((candidate) => readUploadState(candidate.state)?.upload === target.upload);
  const newest = ofThisUpload.length ? readUploadState(ofThisUpload.at(-1)!.state)! : undefined;
  if (newest && newest.offset !== used.offset) return explainStale(entry, used, newest);
  if (ofThisUpload.length && !ofThisUpload.some((candidate) => candidate.state === state)) return explainForeignState(state, issued);
  return undefined;
}

/** Explains a 404 BLOB_UPLOAD_UNKNOWN from what the learner did to the session before. */
export function explainUploadUnknown(entry: TrafficEntry, traffic: TrafficEntry[]): string {
  const upload = uploadTarget(entry.path)?.upload;
  const ended = upload && earlierThan(traffic, entry).findLast((earlier) => uploadTarget(earlier.path)?.upload === upload && earlier.status >= 200 && earlier.status < 300 && (earlier.method === 'PUT' || earlier.method === 'DELETE'));
  const how = !ended
    ? 'that upload session is finished or cancelled.'
    : ended.method === 'PUT'
      ? 'you already finished that upload: your closing PUT was answered 201 Created, and the blob is stored. A finished session is gone; nothing more can be sent to it.'
      : 'you cancelled that upload with DELETE (204), so the session and its bytes are gone.';
  return `BLOB_UPLOAD_UNKNOWN: ${how} distribution (2.x and 3.x) answers 404 BLOB_UPLOAD_UNKNOWN for a session that no longer exists. Start a new one with POST ${SpecEndpoints.startUpload.path} (${citeSpec(SpecEndpoints.startUpload)}).`;
}
