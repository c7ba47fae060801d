/**
 * chunked-upload: the layer reached `chunky` in three or more chunks of one upload session; the
 * interrupted upload was resumed and finished, not started over. Both are about how, so both read the
 * recorded traffic as well as the registry.
 */
import type { TrafficEntry } from '../server/recorder/index.ts';
import { defineChecker, explainTraffic, fail, notYet, pass, short } from './lib/index.ts';
import type { ChunkedUploadFixtures } from '../lessons/chunked-upload/setup.ts';

const MIN_CHUNKS = 3;

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

/**
 * A PATCH whose Content-Range did not start where the upload stood. The spec says 416; distribution
 * 2.8 ignores Content-Range and appends, so the bytes end up out of order.
 */
function outOfOrderChunk(traffic: TrafficEntry[], upload: string): TrafficEntry | undefined {
  let offset = 0;
  for (const entry of traffic.filter((e) => uploadOf(e) === upload && e.method === 'PATCH' && e.status === 202)) {
    const start = /^(\d+)-\d+$/.exec(entry.requestHeaders['content-range'] ?? '')?.[1];
    if (start !== undefined && Number(start) !== offset) return entry;
    offset = Number(/^0-(\d+)$/.exec(entry.responseHeaders.range ?? '')?.[1] ?? offset - 1) + 1;
  }
  return undefined;
}

function explainFailedUpload(traffic: TrafficEntry[], repository: string): string | undefined {
  const failedPut = traffic.findLast((entry) => entry.method === 'PUT' && uploadOf(entry) && entry.errors[0]?.code === 'DIGEST_INVALID');
  const scrambled = failedPut && outOfOrderChunk(traffic, uploadOf(failedPut)!);
  if (scrambled) {
    return `A PATCH said Content-Range: ${scrambled.requestHeaders['content-range']}, which is not where the upload stood. The spec says the registry MUST answer 416 Range Not Satisfiable; distribution 2.8 ignores Content-Range, appends the bytes anyway (202), and so the finished blob did not match its digest. Send the chunks in order, each starting where the Range header of the previous answer ended.`;
  }
  return explainTraffic(traffic, { repository, pathIncludes: '/blobs/' });
}

export default defineChecker<ChunkedUploadFixtures>({
  async chunks({ registry, fixtures, traffic }) {
    const { repository, layer } = fixtures;
    if (!(await registry.headBlob(repository, layer.digest)).exists) {
      const missing = `${repository} has no blob ${short(layer.digest)} yet.`;
      const hint = explainFailedUpload(traffic, repository);
      if (hint) return fail(missing, { hint });
      return notYet(missing, 'Split ~/layer.tar.gz (split -b 10000 -d), POST to start an upload, PATCH each part to the newest Location, then PUT with &digest=.');
    }
    if (!(await registry.verifyBlob(repository, layer.digest))) return fail(`The blob ${short(layer.digest)} is listed but its bytes do not hash to its digest.`);
    const put = completingPut(traffic, layer.digest);
    if (!put) {
      return fail(`${repository} has the layer, but the recorded traffic does not show how it got there.`, { hint: 'This task is about how: upload ~/layer.tar.gz again, in chunks, from your shell (a blob can be uploaded again; the registry keeps one copy).' });
    }
    const chunks = chunksOf(traffic, uploadOf(put)!);
    if (chunks.length < MIN_CHUNKS) {
      const how = chunks.length === 1 ? 'in one request' : `in only ${chunks.length} requests`;
      return fail(`The layer is in ${repository}, but it went up ${how}.`, { hint: `This task asks for at least ${MIN_CHUNKS} chunks in one upload session: several PATCH requests (each with Content-Range), then the closing PUT. Start a new upload and send the parts one by one.` });
    }
    return pass(`${repository} holds ${short(layer.digest)} (${layer.size} bytes), sent in ${chunks.length} chunks of one upload.`);
  },

  async resume({ registry, fixtures, traffic }) {
    const { repository, resume } = fixtures;
    const ours = traffic.filter((entry) => uploadOf(entry) === resume.upload);
    if ((await registry.headBlob(repository, resume.digest)).exists) {
      if (ours.some((entry) => entry.method === 'PUT' && entry.status === 201)) {
        return pass(`You finished the interrupted upload: the registry already had ${resume.sent} bytes, you sent the other ${resume.size - resume.sent}.`);
      }
      return fail(`${short(resume.digest)} is in ${repository}, but it came from a new upload, not the interrupted one.`, { hint: 'The task is to resume: continue the upload whose Location is in ~/upload-location.txt. Ask it how far it got (GET the Location, read Range), then send only the rest.' });
    }
    const missing = `The interrupted upload of ~/resume.tar.gz is not finished yet.`;
    const sentAgain = ours.filter((entry) => ['PATCH', 'PUT'].includes(entry.method)).reduce((sum, entry) => sum + entry.requestBytes, 0);
    if (ours.some((entry) => entry.errors[0]?.code === 'DIGEST_INVALID') && sentAgain >= resume.size) {
      return fail(missing, { hint: `The registry already had the first ${resume.sent} bytes, and you sent the whole file after them, so the upload held the start twice and did not match its digest. Send only what is missing: tail -c +$((N + 1)) ~/resume.tar.gz, where N is the number of bytes the Range header reports. That upload is now spoiled: reset the lesson to get a fresh one.` });
    }
    const hint = explainTraffic(ours, { repository });
    if (hint) return fail(missing, { hint });
    return notYet(missing, 'GET the Location in ~/upload-location.txt: the answer\u2019s Range header says how many bytes the registry has; send the rest to the Location it returns, with &digest= on the closing PUT.');
  },
});
