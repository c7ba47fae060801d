/**
 * chunked-upload: the layer reached `chunky` in three or more chunks of one upload session; the
 * interrupted upload was resumed and finished, not started over; the challenge's interrupted upload was
 * finished in two or more chunks. All are about how, so they read the recorded traffic as well as the
 * registry, each only its own upload sessions.
 */
import { citeSpec, defineChecker, explainTraffic, fail, notYet, pass, short, SpecEndpoints, type CheckResult, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { ChunkedUploadFixtures, InterruptedUpload } from '../lessons/chunked-upload/setup.ts';

const MIN_CHUNKS = 3;
const MIN_CHALLENGE_CHUNKS = 2;

/** The upload session an exchange belongs to: the id in /v2/<name>/blobs/uploads/<id>. */
const uploadOf = (entry: TrafficEntry) => /\/blobs\/uploads\/([^/?]+)$/.exec(entry.path)?.[1];

/** The PUT that completed a blob, if the recorded traffic has it. */
function completingPut(traffic: TrafficEntry[], digest: string): TrafficEntry | undefined {
  return traffic.findLast((entry) => entry.method === 'PUT' && entry.status === 201 && uploadOf(entry) && entry.responseHeaders['docker-content-digest'] === digest);
}

/** Requests of one upload session that carried bytes the registry accepted. */
function chunksOf(traffic: TrafficEntry[], upload: string): TrafficEntry[] {
  return traffic.filter((entry) => uploadOf(entry) === upload && entry.requestBytes > 0 && ((entry.method === 'PATCH' && entry.status === 202) || (entry.method === 'PUT' && entry.status === 201)));
}

/** "a-b" as numbers, when the header is well formed. */
function parseRange(header: string | undefined): { start: number; end: number } | undefined {
  const match = /^(\d+)-(\d+)$/.exec(header ?? '');
  return match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
}

/**
 * A PATCH whose Content-Range did not start where the upload stood. The spec says 416; distribution
 * 2.8 ignores Content-Range and appends, so the bytes end up out of order.
 */
function outOfOrderChunk(traffic: TrafficEntry[], upload: string, startedWith = 0): TrafficEntry | undefined {
  let offset = startedWith;
  for (const entry of traffic.filter((e) => uploadOf(e) === upload && e.method === 'PATCH' && e.status === 202)) {
    const range = parseRange(entry.requestHeaders['content-range']);
    if (range && range.start !== offset) return entry;
    offset += entry.requestBytes;
  }
  return undefined;
}

/** A PATCH whose Content-Range does not span as many bytes as it carried: 2.8 ignores it, 3.x answers 400 SIZE_INVALID. */
function mislabelledChunk(chunks: TrafficEntry[]): TrafficEntry | undefined {
  return chunks.find((entry) => {
    const range = parseRange(entry.requestHeaders['content-range']);
    return entry.method === 'PATCH' && range !== undefined && range.end - range.start + 1 !== entry.requestBytes;
  });
}

/** An upload session whose accepted PATCHes already add up to the whole blob, but that was never closed. */
function unclosedComplete(traffic: TrafficEntry[], expectedBytes: number, startedWith = 0): string | undefined {
  const sessions = new Set(traffic.filter((e) => e.method === 'PATCH' && e.status === 202).map((e) => uploadOf(e)!));
  return [...sessions].find((upload) => {
    const entries = traffic.filter((e) => uploadOf(e) === upload);
    const patched = entries.filter((e) => e.method === 'PATCH' && e.status === 202).reduce((sum, e) => sum + e.requestBytes, startedWith);
    return patched === expectedBytes && !entries.some((e) => e.method === 'PUT');
  });
}

const CLOSE_IT = `the registry does not know the blob is complete until a closing PUT to the newest Location names its digest: PUT <Location>&digest=sha256:<hex of the whole file>, with no body (${citeSpec(SpecEndpoints.closeUpload)}).`;

function explainFailedUpload(traffic: TrafficEntry[], repository: string, layer: { digest: string; size: number }): string | undefined {
  const failedPut = traffic.findLast((entry) => entry.method === 'PUT' && uploadOf(entry) && entry.errors[0]?.code === 'DIGEST_INVALID');
  const named = failedPut && new URLSearchParams(failedPut.query).get('digest');
  const received = failedPut && chunksOf(traffic, uploadOf(failedPut)!).reduce((sum, e) => sum + e.requestBytes, failedPut.requestBytes);
  if (named && named !== layer.digest && received === layer.size) {
    return `Every byte of the layer arrived (${received} bytes, the size of ~/layer.tar.gz), but the closing PUT named ${short(named)}, which is not the layer\u2019s digest. The digest on the closing PUT is of the whole blob, not of the last chunk (${citeSpec(SpecEndpoints.closeUpload)}): sha256sum ~/layer.tar.gz.`;
  }
  const scrambled = failedPut && outOfOrderChunk(traffic, uploadOf(failedPut)!);
  if (scrambled) {
    return `A PATCH said Content-Range: ${scrambled.requestHeaders['content-range']}, which is not where the upload stood. The spec says the registry MUST answer 416 Range Not Satisfiable (distribution 3.x does); distribution 2.8 ignores Content-Range, appends the bytes anyway (202), and so the finished blob did not match its digest. Send the chunks in order, each starting where the Range header of the previous answer ended.`;
  }
  return explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
}

/**
 * Why the closing PUT of an interrupted upload failed its digest, from the bytes the learner added:
 * the whole file again, one byte too many or too few (the Range arithmetic), or other bytes.
 */
function explainSpoiledResume(ours: TrafficEntry[], failedPut: TrafficEntry, upload: InterruptedUpload): string {
  const added = ours.filter((e) => e.id <= failedPut.id && ((e.method === 'PATCH' && e.status === 202) || e === failedPut)).reduce((sum, e) => sum + e.requestBytes, 0);
  const missing = upload.size - upload.sent;
  const scrambled = outOfOrderChunk(ours, upload.upload, upload.sent);
  const arithmetic = `Range: 0-N means the registry holds N + 1 bytes (here ${upload.sent}), so the rest starts at byte N + 1 counting from 0, which tail -c +K calls byte K = N + 2 (it counts from 1).`;
  const cause =
    added === upload.size
      ? `The registry already had the first ${upload.sent} bytes, and you sent the whole file (${added} bytes) after them, so the upload held the start twice and did not match its digest. Send only what is missing.`
      : added === missing + 1
        ? `You sent ${added} bytes, one more than the ${missing} missing: the first byte you sent was one the registry already had. ${arithmetic}`
        : added === missing - 1
          ? `You sent ${added} bytes, one fewer than the ${missing} missing: the first missing byte was skipped. ${arithmetic}`
          : scrambled
            ? `A PATCH said Content-Range: ${scrambled.requestHeaders['content-range']}, but the upload stood at ${upload.sent} bytes; distribution 2.8 ignores Content-Range and appends, where the spec says 416.`
            : added === missing
              ? `You sent ${added} bytes, the right number, but not the right ones: send the end of this file, from byte ${upload.sent} (counting from 0).`
              : `The registry had ${upload.sent} bytes and you added ${added}; the file has ${upload.size}, so ${missing} were missing.`;
  return `${cause} Once a closing PUT has failed its digest, the upload cannot be continued (on 2.8 its Locations then answer 404 BLOB_UPLOAD_INVALID): reset the lesson to get a fresh interrupted upload.`;
}

/** The state of an interrupted upload the learner must finish: pass, or why not (never about other sessions). */
async function checkResumed(
  registry: RegistryClient,
  traffic: TrafficEntry[],
  repository: string,
  upload: InterruptedUpload,
  minChunks: number,
  where: string,
): Promise<CheckResult> {
  const ours = traffic.filter((entry) => uploadOf(entry) === upload.upload);
  if ((await registry.headBlob(repository, upload.digest)).exists) {
    if (!ours.some((entry) => entry.method === 'PUT' && entry.status === 201)) {
      return fail(`${short(upload.digest)} is in ${repository}, but it came from a new upload, not the interrupted one.`, { hint: `The task is to resume: continue the upload whose Location is in ${where}. Ask it how far it got (GET the Location, read Range), then send only the rest.` });
    }
    const chunks = chunksOf(traffic, upload.upload).length;
    if (chunks < minChunks) {
      return fail(`You finished the interrupted upload, but the rest went up in ${chunks} request${chunks === 1 ? '' : 's'}.`, { hint: `Send the rest in at least ${minChunks} chunks: PATCH a part (Content-Range from where the upload stands), take the new Location, and send the last part with the closing PUT or a last PATCH.` });
    }
    return pass(`You finished the interrupted upload: the registry already had ${upload.sent} bytes, you sent the other ${upload.size - upload.sent}.`);
  }
  const missing = `The interrupted upload of ${short(upload.digest)} in ${repository} is not finished yet.`;
  const failedPut = ours.find((entry) => entry.method === 'PUT' && entry.errors[0]?.code === 'DIGEST_INVALID');
  if (failedPut) return fail(missing, { hint: explainSpoiledResume(ours, failedPut, upload) });
  const hint = explainTraffic(ours, { repository });
  if (hint) return fail(missing, { hint });
  if (unclosedComplete(ours, upload.size, upload.sent)) return notYet(missing, `All ${upload.size} bytes are in the upload now, but ${CLOSE_IT}`);
  return notYet(missing, `GET the Location in ${where}: the answer\u2019s Range header says how many bytes the registry has; send the rest to the Location it returns, with &digest= on the closing PUT.`);
}

export default defineChecker<ChunkedUploadFixtures>({
  async chunks({ registry, fixtures, traffic }) {
    const { repository, layer } = fixtures;
    const interrupted = new Set([fixtures.resume.upload, fixtures.challenge.upload]);
    const ours = traffic.filter((entry) => !interrupted.has(uploadOf(entry) ?? ''));
    if (!(await registry.headBlob(repository, layer.digest)).exists) {
      const missing = `${repository} has no blob ${short(layer.digest)} yet.`;
      const hint = explainFailedUpload(ours, repository, layer);
      if (hint) return fail(missing, { hint });
      if (unclosedComplete(ours, layer.size)) return notYet(missing, `All ${layer.size} bytes are in your upload, but ${CLOSE_IT}`);
      return notYet(missing, 'Split ~/layer.tar.gz (split -b 10000 -d), POST to start an upload, PATCH each part to the newest Location, then PUT with &digest=.');
    }
    if (!(await registry.verifyBlob(repository, layer.digest))) return fail(`The blob ${short(layer.digest)} is listed but its bytes do not hash to its digest.`);
    const put = completingPut(ours, layer.digest);
    if (!put) {
      return fail(`${repository} has the layer, but the recorded traffic does not show how it got there.`, { hint: 'This task is about how: upload ~/layer.tar.gz again, in chunks, from your shell (a blob can be uploaded again; the registry keeps one copy).' });
    }
    const chunks = chunksOf(ours, uploadOf(put)!);
    if (chunks.length < MIN_CHUNKS) {
      const how = chunks.length === 1 ? 'in one request' : `in only ${chunks.length} requests`;
      return fail(`The layer is in ${repository}, but it went up ${how}.`, { hint: `This task asks for at least ${MIN_CHUNKS} chunks in one upload session: several PATCH requests (each with Content-Range), then the closing PUT. Start a new upload and send the parts one by one.` });
    }
    const mislabelled = mislabelledChunk(chunks);
    const unlabelled = chunks.some((entry) => entry.method === 'PATCH' && !entry.requestHeaders['content-range']);
    const note = mislabelled
      ? ` One PATCH carried ${mislabelled.requestBytes} bytes but said Content-Range: ${mislabelled.requestHeaders['content-range']} (the range includes both ends, so it spans end - start + 1 bytes); 2.8 ignores the header, distribution 3.x would answer 400 SIZE_INVALID.`
      : unlabelled
        ? ' Some PATCHes had no Content-Range: distribution accepts that and appends, but the spec\u2019s chunk PATCH carries one, and a registry that checks order needs it.'
        : '';
    return pass(`${repository} holds ${short(layer.digest)} (${layer.size} bytes), sent in ${chunks.length} chunks of one upload.${note}`);
  },

  resume({ registry, fixtures, traffic }) {
    return checkResumed(registry, traffic, fixtures.repository, fixtures.resume, 1, '~/upload-location.txt');
  },

  async challenge({ registry, fixtures, traffic }) {
    const { repository, upload } = fixtures.challenge;
    // A request with the challenge's upload id counts even on another repository's path: that is a mistake to explain.
    if (!traffic.some((entry) => entry.path.startsWith(`/v2/${repository}/`) || uploadOf(entry) === upload)) {
      return notYet(`The challenge upload in ${repository} is not finished yet.`, `~/challenge/ holds a file and the Location of its interrupted upload. Finish it with at least ${MIN_CHALLENGE_CHUNKS} more requests that carry bytes, each starting where the registry says the upload stands.`);
    }
    return checkResumed(registry, traffic, repository, fixtures.challenge, MIN_CHALLENGE_CHUNKS, '~/challenge/location.txt');
  },
});
