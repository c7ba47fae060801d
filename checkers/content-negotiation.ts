/**
 * content-negotiation: what a manifest GET returns depends on the Accept header. The formats task
 * reads the recorded traffic (which answer each tag got); the digest task a saved file plus the HEAD
 * that found it; the platform tasks a saved config, compared byte for byte with the registry's.
 */
import { defineChecker, explainTraffic, fail, MediaTypes, notYet, pass, sha256, short, type CheckResult, type LearnerFiles, type TrafficEntry } from '../kit/index.ts';
import { platformName, type ContentNegotiationFixtures, type PlatformChild } from '../lessons/content-negotiation/setup.ts';

type Tag = keyof ContentNegotiationFixtures['tags'];
const SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
const MAX_SAVED_BYTES = 64 * 1024;

const manifestRequests = (traffic: TrafficEntry[], repository: string, reference: string, methods: string[]) =>
  traffic.filter((entry) => methods.includes(entry.method) && entry.path === `/v2/${repository}/manifests/${reference}`);

const servedAs = (entry: TrafficEntry) => (entry.responseHeaders['content-type'] ?? '').split(';')[0]!.trim();

/** Why the newest GET of a tag did not return the stored format, in terms of what distribution 2.8 did with the Accept header. */
function explainAnswer(entry: TrafficEntry, tag: string, stored: string, children: PlatformChild[]): string | undefined {
  const accept = entry.requestHeaders.accept ?? '(none)';
  if (entry.status === 200 && servedAs(entry) === SCHEMA1) {
    const what = stored === MediaTypes.dockerManifestList ? 'took the list\u2019s linux/amd64 child and rewrote it' : 'rewrote the image';
    return `For ${tag}, your Accept (${accept}) did not name ${stored}, so distribution 2.8 ${what} into the old Docker schema 1 format, signed on the spot: another document, with another digest. Ask with -H "Accept: ${stored}".`;
  }
  if (entry.status === 200 && stored === MediaTypes.dockerManifestList && servedAs(entry) === MediaTypes.dockerManifest) {
    const amd64 = children.find((child) => child.platform.architecture === 'amd64');
    return `For ${tag}, your Accept (${accept}) named the Docker image type but not the list type, so distribution answered with the list's linux/amd64 child (${short(entry.responseHeaders['docker-content-digest'] ?? amd64?.manifest ?? '')}) instead of the list: what an old, amd64-only client would want. Ask with -H "Accept: ${MediaTypes.dockerManifestList}".`;
  }
  if (entry.status === 400 && entry.errors[0]?.code === 'MANIFEST_INVALID') {
    return `For ${tag}, distribution 2.8 tried to rewrite the image into Docker schema 1 because your Accept (${accept}) did not name ${stored}, and could not. Ask with -H "Accept: ${stored}".`;
  }
  // A 404 from an Accept that does not name the stored type is the shared hint's: it is told what is stored.
  const reference = decodeURIComponent(entry.path.slice(entry.path.lastIndexOf('/') + 1));
  return explainTraffic([entry], { manifests: { [reference]: stored } });
}

/** A multi-platform tag the learner had to read first: where it is, and the type it is stored as. */
interface ListTag {
  repository: string;
  tag: string;
  mediaType: string;
}

/** When the newest fetch of the list's tag did not return the list, why: the likely root of a wrong config. */
function explainListFetch(traffic: TrafficEntry[], list: ListTag, children: PlatformChild[]): string | undefined {
  const last = manifestRequests(traffic, list.repository, list.tag, ['GET']).at(-1);
  if (!last || (last.status === 200 && servedAs(last) === list.mediaType)) return undefined;
  return explainAnswer(last, `${list.repository}:${list.tag}`, list.mediaType, children);
}

/** Judges a saved config against the wanted platform's, naming the platform it came from when it is another one. */
function judgeConfig(files: LearnerFiles, traffic: TrafficEntry[], file: string, wanted: PlatformChild, children: PlatformChild[], list: ListTag, guidance: string): CheckResult {
  const saved = files.read(file, MAX_SAVED_BYTES);
  if (saved === null) return notYet(`${file} does not exist yet.`, guidance);
  const digest = sha256(saved);
  const name = platformName(wanted.platform);
  if (digest === wanted.config) return pass(`${file} is the ${name} config (${short(digest)}), byte for byte.`);
  const other = children.find((child) => child.config === digest);
  if (other?.platform.architecture === wanted.platform.architecture) {
    return fail(`${file} is the config of ${platformName(other.platform)}, not ${name}.`, { hint: `Same architecture, another variant: match on platform.variant as well as platform.architecture (and os) when you pick the child.` });
  }
  if (other) return fail(`${file} is the config of ${platformName(other.platform)}, not ${name}.`, { hint: `Pick the child whose platform is ${name}. If you asked for the tag without the list or index type in Accept, the registry may have picked linux/amd64 for you.` });
  if (children.some((child) => child.manifest === digest)) return fail(`${file} is a manifest, not a config.`, { hint: 'The config is a blob: GET /v2/<name>/blobs/<the manifest\u2019s config.digest>.' });
  const listFetch = explainListFetch(traffic, list, children);
  if (listFetch) return fail(`${file} is not the ${name} config.`, { hint: listFetch });
  const text = saved.toString('utf8');
  if (text.startsWith('404 page not found')) return fail(`${file} holds the registry’s plain-text 404, not a config.`, { hint: 'The URL matched no API route: most often an empty digest (…/blobs/ with nothing after it) because an earlier step printed nothing. Run the steps one by one and look at each value.' });
  if (text.includes('"errors"')) return fail(`${file} holds an error from the registry, not a config.`, { hint: `It says: ${text.slice(0, 160)}` });
  return fail(`${file} is not the ${name} config: its sha256 is ${short(digest)}.`, { hint: 'Save the blob\u2019s exact bytes (curl -o FILE, no jq in between): a config is verified by its digest.' });
}

export default defineChecker<ContentNegotiationFixtures>({
  async formats({ fixtures, traffic }) {
    const { repository, tags } = fixtures;
    const missing: { tag: Tag; hint: string | undefined }[] = [];
    for (const tag of Object.keys(tags) as Tag[]) {
      const gets = manifestRequests(traffic, repository, tag, ['GET', 'HEAD']);
      if (gets.some((entry) => entry.status === 200 && servedAs(entry) === tags[tag].mediaType)) continue;
      const children = tag === 'legacy' ? fixtures.legacy : fixtures.multi;
      missing.push({ tag, hint: gets.length ? explainAnswer(gets.at(-1)!, tag, tags[tag].mediaType, children) : undefined });
    }
    if (!missing.length) return pass(`You got all four tags of ${repository} as they are stored: Docker image, OCI image, OCI index and Docker manifest list.`);
    const message = `Not yet fetched as stored: ${missing.map(({ tag }) => `${tag} (${tags[tag].mediaType})`).join(', ')}.`;
    const explained = missing.find((item) => item.hint);
    if (explained) return fail(message, { hint: explained.hint });
    return notYet(message, `GET /v2/${repository}/manifests/<tag> with -H "Accept: <the type>", one tag at a time.`);
  },

  async digest({ fixtures, files, traffic }) {
    const { repository, tags, legacy } = fixtures;
    const file = '/tmp/legacy-digest.txt';
    const saved = files('host-1').read(file, MAX_SAVED_BYTES);
    const guidance = `HEAD /v2/${repository}/manifests/legacy with the list type in Accept, and save its Docker-Content-Digest in ${file}.`;
    if (saved === null) return notYet(`${file} does not exist yet.`, guidance);
    // Only newlines and spaces are forgiven: a \r left from the header line would break any URL built from the file.
    const text = saved.toString('utf8').replace(/[ \n]+$/, '');
    if (text === tags.legacy.digest) {
      const heads = manifestRequests(traffic, repository, 'legacy', ['HEAD']).filter((entry) => entry.status === 200 && entry.responseHeaders['docker-content-digest'] === tags.legacy.digest);
      if (!heads.length) return fail(`${file} is right, but no HEAD of ${repository}:legacy answered with it.`, { hint: 'A GET downloads the whole manifest to learn its digest. HEAD (curl -I) returns the same headers, Docker-Content-Digest included, with no body: ask that way once.' });
      return pass(`${file} holds the manifest list's own digest, ${short(text)}, from a HEAD.`);
    }
    const child = legacy.find((c) => c.manifest === text);
    if (child) {
      return fail(`${file} holds ${short(text)}, the digest of the ${platformName(child.platform)} child, not of the list.`, {
        hint: `Docker-Content-Digest is the digest of what the registry served. Without ${MediaTypes.dockerManifestList} in Accept, distribution serves the linux/amd64 child in place of the list. Add the list type to Accept.`,
      });
    }
    if (/^Docker-Content-Digest/i.test(text)) return fail(`${file} holds the whole header line.`, { hint: 'Save only the value: sha256: followed by 64 hex characters (sed -n \'s/^Docker-Content-Digest: //p\' after tr -d \'\\r\').' });
    if (text.replace(/\r$/, '') === tags.legacy.digest) return fail(`${file} ends with a carriage return.`, { hint: 'HTTP header lines end in \\r\\n: pipe the headers through tr -d \'\\r\' before you cut out the value.' });
    return fail(`${file} holds "${text.slice(0, 80)}", which is not the digest of ${repository}:legacy.`, { hint: guidance });
  },

  async platform({ fixtures, files, traffic }) {
    const { multi, wanted, repository } = fixtures;
    const child = multi.find((c) => platformName(c.platform) === platformName(wanted))!;
    return judgeConfig(files('host-1'), traffic, '/tmp/arm-v7-config.json', child, multi, { repository, tag: 'multi', mediaType: fixtures.tags.multi.mediaType }, `Read ${repository}:multi with the index type in Accept, pick the child whose platform is ${platformName(wanted)}, GET it, then GET its config blob into /tmp/arm-v7-config.json.`);
  },

  async challenge({ fixtures, files, traffic }) {
    const { challenge } = fixtures;
    const child = challenge.children.find((c) => platformName(c.platform) === platformName(challenge.platform))!;
    return judgeConfig(files('host-1'), traffic, '/tmp/challenge-config.json', child, challenge.children, { repository: challenge.repository, tag: challenge.tag, mediaType: MediaTypes.dockerManifestList }, 'Read ~/challenge.txt: save the named platform\u2019s config from that repository and tag in /tmp/challenge-config.json.');
  },
});
