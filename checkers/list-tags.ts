/**
 * list-tags: /tmp/acme-tags.json on host-2 holds acme's tag list (compared as a set with what the
 * registry lists now), /tmp/same-as-latest.txt names the tags whose digest equals latest's, and the
 * challenge file does the same for another repository and tag. All are judged against the
 * registry's live state, so any way of getting there passes.
 */
import { citeSpec, closestName, defineChecker, explainTraffic, fail, notYet, pass, short, SpecEndpoints, specPath, type CheckContext, type CheckResult, type TrafficEntry } from '../kit/index.ts';
import type { ListTagsFixtures } from '../lessons/list-tags/setup.ts';

const HOST = 'host-2';
const TAGS_FILE = '/tmp/acme-tags.json';
const SAME_FILE = '/tmp/same-as-latest.txt';

const MAX_ANSWER_BYTES = 256 * 1024;

function list(items: string[]): string {
  const shown = items.slice(0, 6).map((item) => `"${item}"`).join(', ');
  return items.length > 6 ? `${shown} and ${items.length - 6} more` : shown;
}

/** The tags a learner saved: the registry's {"name","tags"} object, skopeo list-tags' {"Repository","Tags"}, or a bare array of tag names. */
function tagsFromJson(text: string, repository: string): { tags: string[] } | CheckResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const hint = text.startsWith('HTTP/')
      ? 'The file starts with HTTP headers: curl -i (or -D -) writes them into the output. Save only the body: curl -s http://$REGISTRY/v2/acme/tags/list > /tmp/acme-tags.json'
      : text.split('\n').every((line) => /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/.test(line.trim()))
        ? 'The file holds one tag name per line, as jq -r prints them, but the task asks for JSON: save the answer as it comes (curl -s http://$REGISTRY/v2/acme/tags/list > /tmp/acme-tags.json), or jq .tags without -r.'
        : text.startsWith('404 page not found')
        ? `The file holds a plain-text 404: the URL matched no API route. Repository names are lower case, so the name is "${repository}": curl -s http://$REGISTRY/v2/${repository}/tags/list > ${TAGS_FILE}`
        : 'Save the registry\u2019s answer as it comes: curl -s http://$REGISTRY/v2/acme/tags/list > /tmp/acme-tags.json (any JSON formatting is fine, e.g. piped through jq).';
    return fail(`${TAGS_FILE} is not valid JSON.`, { hint });
  }
  if (Array.isArray(json)) {
    if (json.every((item) => typeof item === 'string')) return { tags: json as string[] };
    return fail(`${TAGS_FILE} is a JSON array, but not of tag names (strings).`, { hint: 'Save the whole answer of GET /v2/acme/tags/list, or just its "tags" array: jq .tags' });
  }
  if (json && typeof json === 'object') {
    const object = json as Record<string, unknown>;
    if ('repositories' in object) {
      return fail(`${TAGS_FILE} holds the catalog (a list of repositories), not acme\u2019s tags.`, {
        hint: `GET /v2/_catalog lists the repositories of the whole registry. The tags of one repository come from GET ${SpecEndpoints.listTags.path}, here http://$REGISTRY${specPath(SpecEndpoints.listTags, { name: 'acme' })} (${citeSpec(SpecEndpoints.listTags)}).`,
      });
    }
    if (Array.isArray(object.errors)) {
      const code = (object.errors[0] as { code?: string } | undefined)?.code ?? 'an error';
      return fail(`${TAGS_FILE} holds a registry error (${code}), not a tag list.`, { hint: code === 'NAME_UNKNOWN' ? `The registry knows no such repository. The name is "${repository}", all lower case: http://$REGISTRY/v2/${repository}/tags/list` : 'Check the URL: http://$REGISTRY/v2/acme/tags/list' });
    }
    if (typeof object.name === 'string' && object.name !== repository) {
      const typo = closestName(object.name, repository) ? ' Check the spelling.' : '';
      return fail(`${TAGS_FILE} holds the tags of "${object.name}", not of "${repository}".${typo}`, { hint: `Ask for the tags of ${repository}: curl -s http://$REGISTRY/v2/${repository}/tags/list > ${TAGS_FILE}` });
    }
    if (typeof object.Repository === 'string' && !object.Repository.endsWith(`/${repository}`)) {
      return fail(`${TAGS_FILE} holds the tags of "${object.Repository}", not of "${repository}".`, { hint: `Ask for the tags of ${repository}: skopeo list-tags --tls-verify=false docker://$REGISTRY/${repository} > ${TAGS_FILE}` });
    }
    for (const key of ['tags', 'Tags']) {
      const tags = object[key];
      if (Array.isArray(tags) && tags.every((item) => typeof item === 'string')) return { tags: tags as string[] };
    }
    if (object.tags === null) return { tags: [] };
  }
  return fail(`${TAGS_FILE} is JSON, but neither the registry\u2019s {"name": …, "tags": […]} answer, skopeo\u2019s {"Repository": …, "Tags": […]}, nor an array of tags.`, { hint: 'Save the answer of GET /v2/acme/tags/list as it is, or its "tags" array.' });
}

type Context = CheckContext<ListTagsFixtures>;

/** Why the learner's newest manifest request to the repository failed, given what each tag really is. */
function explainManifestTraffic(traffic: TrafficEntry[], repository: string, manifests: Record<string, string>): string | undefined {
  const last = traffic.filter((entry) => entry.path.startsWith(`/v2/${repository}/manifests/`) && (entry.method === 'HEAD' || entry.method === 'GET')).at(-1);
  if (!last || last.status < 400) return undefined;
  const explained = explainTraffic([last], { repository, pathIncludes: '/manifests/', manifests });
  const headNote = last.method === 'HEAD' && last.status === 404 ? ' (A HEAD answer has no body, so curl -I shows only the 404; the same request as a GET shows the error code.)' : '';
  return explained && `Your last ${last.method} of a manifest was answered ${last.status}, so there was no Docker-Content-Digest to read. ${explained}${headNote}`;
}

/**
 * The file should name the tags of `repository` whose digest equals `target`'s (the target itself
 * may be listed or left out). Judged against the registry now.
 */
async function judgeSameAs({ registry, files, traffic }: Context, repository: string, target: string, file: string): Promise<CheckResult> {
  const targetManifest = await registry.resolve(repository, target);
  if (!targetManifest) return fail(`${repository}:${target} no longer exists in the registry, so there is nothing to compare with.`, { hint: 'Reset the lesson to get the repositories back as they were.' });
  const text = files(HOST).text(file, MAX_ANSWER_BYTES);
  const howTo = `For each tag, HEAD /v2/${repository}/manifests/<tag> with an Accept header naming the manifest\u2019s type and read Docker-Content-Digest; write the tags whose digest equals ${target}\u2019s, one per line.`;
  if (text === null) return notYet(`There is no ${file} on ${HOST} yet.`, howTo);

  const tags = (await registry.tags(repository)) ?? [];
  const expected: string[] = [];
  const digestOf = new Map<string, string>();
  const manifests: Record<string, string> = {};
  for (const tag of tags) {
    const resolved = await registry.resolve(repository, tag);
    digestOf.set(tag, resolved?.digest ?? '');
    if (resolved) manifests[tag] = resolved.mediaType;
    if (resolved?.digest === targetManifest.digest) expected.push(tag);
  }
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const trafficHint = explainManifestTraffic(traffic, repository, manifests);
  if (!lines.length) {
    return fail(`${file} is empty, but ${expected.length} tags (${target} included) point at ${short(targetManifest.digest)}.`, { hint: trafficHint ?? howTo });
  }
  if (lines.every((line) => /^[a-z0-9]+:/.test(line))) {
    return fail(`${file} holds digests, but the task asks for tag names.`, { hint: `Write the names of the tags whose digest equals ${target}\u2019s, one per line.` });
  }
  const written = new Set(lines);
  written.add(target); // the target may be listed or left out: the lesson says so.
  const extra = [...written].filter((tag) => !expected.includes(tag));
  const missing = expected.filter((tag) => !written.has(tag));
  if (!extra.length && !missing.length) {
    const others = expected.filter((tag) => tag !== target);
    return pass(`Right: ${others.length ? list(others) : 'no other tag'} ${others.length === 1 ? 'points' : 'point'} at the same digest as ${target}, ${short(targetManifest.digest)}.`);
  }
  const details: string[] = [];
  for (const tag of extra) {
    const digest = digestOf.get(tag);
    details.push(digest === undefined ? `"${tag}" is not a tag of ${repository}` : `"${tag}" points at ${short(digest)}, not ${target}\u2019s ${short(targetManifest.digest)}`);
  }
  if (missing.length) details.push(`${list(missing)} ${missing.length === 1 ? 'has' : 'have'} ${target}\u2019s digest but ${missing.length === 1 ? 'is' : 'are'} not in the file`);
  const hint =
    trafficHint ??
    (extra.length
      ? `A tag name says nothing about what it points at: compare the Docker-Content-Digest of each tag with ${target}\u2019s, and keep only the equal ones.`
      : `Check every tag of ${repository}, not just the ones that look like versions.`);
  const shown = details.length > 4 ? [...details.slice(0, 4), `${details.length - 4} more`] : details;
  return fail(`${file} is not right: ${shown.join('; ')}.`, { hint, evidence: { expected, written: lines } });
}

export default defineChecker<ListTagsFixtures>({
  async list({ registry, fixtures, files }) {
    const { repository } = fixtures;
    const text = files(HOST).text(TAGS_FILE, MAX_ANSWER_BYTES);
    if (text === null) return notYet(`There is no ${TAGS_FILE} on ${HOST} yet.`, `On host-2: curl -s http://$REGISTRY/v2/${repository}/tags/list > ${TAGS_FILE}`);
    if (!text) return fail(`${TAGS_FILE} is empty.`, { hint: `Did the request fail? Run curl -i http://$REGISTRY/v2/${repository}/tags/list and look at the status, then save the body to ${TAGS_FILE}.` });
    const saved = tagsFromJson(text, repository);
    if (!('tags' in saved)) return saved;
    const actual = (await registry.tags(repository)) ?? [];
    const savedSet = new Set(saved.tags);
    const actualSet = new Set(actual);
    const extra = [...savedSet].filter((tag) => !actualSet.has(tag));
    const missing = actual.filter((tag) => !savedSet.has(tag));
    if (!extra.length && !missing.length) {
      return pass(`${TAGS_FILE} lists the ${actual.length} tags of ${repository}, the same set the registry lists (in its own order).`);
    }
    const problems = [
      ...(extra.length ? [`it lists ${list(extra)}, which the registry does not have in ${repository}`] : []),
      ...(missing.length ? [`it is missing ${list(missing)}`] : []),
    ];
    const message = `${TAGS_FILE} does not match ${repository}\u2019s ${actual.length} tags: ${problems.join('; and ')}.`;
    const hint = extra.length
      ? 'Save exactly what GET /v2/acme/tags/list answers. Tags of other repositories, or tags typed by hand, do not belong in the list; the registry\u2019s answer is the truth.'
      : 'The registry gives the whole list in one answer (distribution 2.8 ignores ?n= on tags/list). Save all of it, not a page or a filtered part: curl -s http://$REGISTRY/v2/acme/tags/list > /tmp/acme-tags.json';
    return fail(message, { hint, evidence: { extra, missing } });
  },

  async 'same-as-latest'(context) {
    return judgeSameAs(context, context.fixtures.repository, 'latest', SAME_FILE);
  },

  async challenge(context) {
    const { repository, tag, file } = context.fixtures.challenge;
    return judgeSameAs(context, repository, tag, file);
  },
});
