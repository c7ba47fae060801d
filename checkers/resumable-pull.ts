/**
 * resumable-pull: Range requests on blob GETs. The checks compare the learner's files with the blobs
 * (by digest, or byte for byte for a slice) and read the traffic for how they were fetched: a resumed
 * download must show a 206 answer to a Range that starts where the partial file ended.
 */
import { defineChecker, fail, notYet, pass, readEvidence, sha256, short, type CheckResult, type LearnerFiles, type TrafficEntry } from '../kit/index.ts';
import type { Blob, ResumablePullFixtures } from '../lessons/resumable-pull/setup.ts';

/** GETs of a blob, in any repository that has it under this digest. */
const blobGets = (traffic: TrafficEntry[], blob: Blob) => traffic.filter((entry) => entry.method === 'GET' && entry.path === `/v2/${blob.repository}/blobs/${blob.digest}`);

/** The first byte a Range header asked for (bytes=N- or bytes=N-M), or undefined. */
const rangeStart = (entry: TrafficEntry) => {
  const start = /^bytes=(\d+)-/.exec(entry.requestHeaders.range ?? '')?.[1];
  return start === undefined ? undefined : Number(start);
};

/** Why the newest Range request for this blob did not get a 206, from what the registry answered. */
function explainRangeAnswer(traffic: TrafficEntry[], blob: Blob): string | undefined {
  const last = blobGets(traffic, blob).findLast((entry) => entry.requestHeaders.range !== undefined);
  if (!last || last.status === 206) return undefined;
  const range = last.requestHeaders.range!;
  if (last.status === 416) {
    const start = rangeStart(last);
    if (start !== undefined && start >= blob.size) return `Range: ${range} starts at or past the end of the ${blob.size}-byte blob, so the registry answered 416 Range Not Satisfiable (Content-Range: bytes */${blob.size}): your file already has every byte, or more. Check it with sha256sum against the digest.`;
    return `The registry answered 416 to "Range: ${range}": it reads only bytes=FIRST-LAST, bytes=FIRST- or bytes=-COUNT (RFC 9110), counted from 0, with FIRST no greater than LAST.`;
  }
  if (last.status === 404) return `The registry has no blob ${short(blob.digest)} in ${blob.repository}: check the repository and the digest in the URL.`;
  return undefined;
}

const bytesCount = (count: number) => `${count} byte${count === 1 ? '' : 's'}`;

/**
 * A partial download the learner was to finish in place: whole and right by digest, and resumed
 * (a 206 to a Range that starts at the partial file's size), not downloaded again from byte 0.
 */
function judgeResume(files: LearnerFiles, traffic: TrafficEntry[], file: string, blob: Blob & { partial: number }): CheckResult {
  const bytes = files.read(file, 2 * blob.size + 1024);
  if (!bytes) return fail(`${file} is gone.`, { hint: 'Reset the lesson to get the partial download back.' });
  const needed = `Ask for the rest only: Range: bytes=${'$'}(stat -c %s ${file})- (curl -C - -o ${file} does the same), and append it.`;
  if (sha256(bytes) === blob.digest) {
    const resumed = blobGets(traffic, blob).some((entry) => entry.status === 206 && rangeStart(entry) === blob.partial);
    if (resumed) return pass(`${file} is the whole layer (${short(blob.digest)}): you fetched only the ${blob.size - blob.partial} bytes it was missing.`);
    return fail(`${file} is whole and right, but no Range request started at byte ${blob.partial}, where it had stopped.`, { hint: `It was downloaded again from the start. Reset the lesson and resume instead. ${needed}` });
  }
  if (bytes.length === blob.partial) {
    const explained = explainRangeAnswer(traffic, blob);
    if (explained) return fail(`${file} still has only its first ${blob.partial} bytes.`, { hint: explained });
    return notYet(`${file} has ${blob.partial} of the layer's ${blob.size} bytes.`, needed);
  }
  const tooMany = bytes.length - blob.size;
  if (tooMany === blob.partial) return fail(`${file} is ${bytes.length} bytes: the whole layer was appended after the ${blob.partial} bytes it had.`, { hint: `The Range must start at byte ${blob.partial}, not 0. Reset the lesson to get the partial file back. ${needed}` });
  if (tooMany > 0) return fail(`${file} is ${bytesCount(tooMany)} longer than the layer: the last ${bytesCount(tooMany)} it had came again.`, { hint: `Bytes are counted from 0: a file of ${blob.partial} bytes holds bytes 0 to ${blob.partial - 1}, so the next one is byte ${blob.partial}. Reset the lesson to get the partial file back.` });
  if (tooMany < 0 && bytes.length > blob.partial) return fail(`${file} is ${bytesCount(-tooMany)} short of the layer: the Range started after the first missing byte.`, { hint: `A file of ${blob.partial} bytes holds bytes 0 to ${blob.partial - 1}; the first missing byte is byte ${blob.partial}. Reset the lesson to get the partial file back.` });
  return fail(`${file} is ${bytes.length} bytes and does not hash to ${short(blob.digest)}.`, { hint: `Reset the lesson to get the partial file back. ${needed}` });
}

export default defineChecker<ResumablePullFixtures>({
  async range({ fixtures, files, traffic }) {
    const { assets, slice } = fixtures;
    const file = '/tmp/slice.bin';
    const asked = `bytes ${slice.first} to ${slice.last}`;
    const bytes = files('host-1').read(file, assets.size + 1024);
    const window = Buffer.from(slice.window, 'base64');
    const span = (from: number, to: number) => window.subarray(from - slice.first + 1, to - slice.first + 2);
    if (!bytes) {
      const explained = explainRangeAnswer(traffic, assets);
      if (explained) return fail(`${file} does not exist yet.`, { hint: explained });
      return notYet(`${file} does not exist yet.`, `GET the first layer of media/player:1 with -H "Range: bytes=${slice.first}-${slice.last}" into ${file}.`);
    }
    if (bytes.equals(span(slice.first, slice.last))) {
      const ranged = blobGets(traffic, assets).some((entry) => entry.status === 206 && rangeStart(entry) === slice.first);
      if (ranged) return pass(`${file} holds ${asked} of the layer, ${bytes.length} bytes, and the registry sent only those (206).`);
      return fail(`${file} holds the right ${bytes.length} bytes, but no request asked the registry for them with a Range.`, { hint: `Cutting them out of a whole download works, but this task is about asking for only those bytes: -H "Range: bytes=${slice.first}-${slice.last}".` });
    }
    const endsInclusive = `Both ends of a Range are included: bytes=${slice.first}-${slice.last} is ${slice.last - slice.first + 1} bytes.`;
    if (bytes.equals(span(slice.first, slice.last + 1))) return fail(`${file} has one byte too many.`, { hint: endsInclusive });
    if (bytes.equals(span(slice.first, slice.last - 1))) return fail(`${file} is one byte short.`, { hint: endsInclusive });
    if (bytes.equals(span(slice.first - 1, slice.last - 1)) || bytes.equals(span(slice.first + 1, slice.last + 1))) {
      return fail(`${file} is shifted by one byte.`, { hint: `Range counts bytes from 0: byte ${slice.first} is the ${slice.first + 1}th byte of the blob.` });
    }
    if (sha256(bytes) === assets.digest) return fail(`${file} is the whole layer, ${bytes.length} bytes.`, { hint: `The registry sends everything (200) when the request has no Range header. Add -H "Range: bytes=${slice.first}-${slice.last}" and look for 206 Partial Content.` });
    if (bytes.toString('utf8').startsWith('{"errors"')) return fail(`${file} holds an error from the registry.`, { hint: `It says: ${bytes.toString('utf8').slice(0, 160)}` });
    return fail(`${file} (${bytes.length} bytes) is not ${asked} of the first layer of media/player:1 (${short(assets.digest)}).`, { hint: explainRangeAnswer(traffic, assets) ?? 'Take the first digest of the manifest\u2019s layers, and save the answer\u2019s body as it is (curl -o).' });
  },

  async resume({ fixtures, files, traffic }) {
    return judgeResume(files('host-1'), traffic, '~/layer.part', fixtures.assets);
  },

  async verify({ fixtures, files }) {
    const { tools } = fixtures;
    const file = '~/tools.tar.gz';
    const bytes = files('host-1').read(file, 2 * tools.size + 1024);
    if (bytes && sha256(bytes) === tools.digest) return pass(`${file} is the tools layer, and its sha256 is its digest, ${short(tools.digest)}.`);
    const damaged = `~/tools.part was damaged before you got it: a torn write left zeros in its last ${tools.partial - tools.damagedFrom} bytes, so whatever is added after it, the whole cannot match the digest.`;
    if (bytes) {
      return fail(`${file} is ${bytes.length} bytes, but its sha256 is ${short(sha256(bytes))}, not the digest ${short(tools.digest)}.`, {
        hint: bytes.length === tools.size ? `${damaged} When the digest does not match, throw the download away and fetch the layer whole.` : 'Save the layer\u2019s bytes as they come (curl -o), and compare sha256sum with the digest before you trust the file.',
      });
    }
    const resumedPart = readEvidence(files('host-1'), '~/tools.part', 2 * tools.size + 1024);
    if (resumedPart?.length === tools.size) {
      return fail(`~/tools.part now has all ${tools.size} bytes, but its sha256 is ${short(sha256(resumedPart))}, not the digest ${short(tools.digest)}.`, { hint: `${damaged} Fetch the layer whole into ${file} and check it.` });
    }
    return notYet(`${file} does not exist yet.`, `Resume ~/tools.part, check its sha256 against the tools layer's digest, and end with the verified layer in ${file}.`);
  },

  async challenge({ fixtures, files, traffic }) {
    return judgeResume(files('host-1'), traffic, '~/challenge.part', fixtures.challenge);
  },
});
