/**
 * mount: ask before sending (HEAD), link what another repository has (mount), send only the rest.
 * Each task is about how the blobs got there, so each reads the recorded traffic as well as the
 * registry: a mounted blob arrived with a 201 to POST …?mount=&from=, an uploaded one with a 201 PUT.
 */
import { blobArrivals, blobHeads, citeSpec, closestName, defineChecker, explainTraffic, fail, mountRequest, notYet, pass, short, SpecEndpoints, specPath, type CheckResult, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { ImageToPush, MountFixtures } from '../lessons/mount/setup.ts';

type Blob = ImageToPush['blobs'][number];

const sourceOf = (blob: Blob) => (blob.origin.kind === 'repository' ? blob.origin.repository : undefined);

async function hasBlob(registry: RegistryClient, repository: string, digest: string): Promise<boolean> {
  try {
    return (await registry.headBlob(repository, digest)).exists;
  } catch {
    // A name outside the grammar (the learner's typo) cannot hold anything.
    return false;
  }
}

/** Why the registry answered 202 to a mount request instead of 201: what the request and the registry show. */
async function explainNotMounted(registry: RegistryClient, entry: TrafficEntry, blob: Blob): Promise<string> {
  const request = mountRequest(entry)!;
  const session = 'It opened an upload session instead (the 202 carries a Location): the spec lets a client go on and upload into it, or cancel it with DELETE <Location>.';
  if (request.from === null) {
    return `Your mount request had no from= parameter. distribution needs it (the spec lets a registry treat from as optional, distribution does not), so it answered 202, not 201. In a shell, an unquoted & ends the command: put the whole URL in double quotes, "…/blobs/uploads/?mount=${short(blob.digest)}&from=<repository>". ${session}`;
  }
  const source = sourceOf(blob);
  if (source && closestName(request.from, source)) return `You asked to mount from "${request.from}"; the lesson's repository is "${source}". Check the spelling. ${session}`;
  if (!(await hasBlob(registry, request.from, request.mount))) {
    return `"${request.from}" has no blob ${short(request.mount)}, so there was nothing to mount and the registry answered 202, not 201. Mount from a repository that has the blob: HEAD /v2/<repository>/blobs/<digest> answers 200 there. ${session}`;
  }
  return `The registry answered 202: it could not mount ${short(request.mount)} from ${request.from}. ${session}`;
}

/** The first blob of `blobs` that must be mounted but is not: the learner's next step, explained. */
async function unmounted(registry: RegistryClient, traffic: TrafficEntry[], repository: string, blobs: Blob[]): Promise<CheckResult | undefined> {
  for (const blob of blobs) {
    const arrivals = blobArrivals(traffic, repository, blob.digest);
    if (arrivals.mounted.length) continue;
    const source = sourceOf(blob)!;
    const name = `the ${blob.role} (${short(blob.digest)})`;
    if (arrivals.uploaded.length) {
      return fail(`${repository} has ${name}, but it was uploaded: its ${blob.size} bytes went over the wire again.`, {
        hint: `${source} already has that blob. POST ${specPath(SpecEndpoints.mountBlob, { name: repository, digest: short(blob.digest), other_name: source })} asks the registry to link it, and no bytes are sent (${citeSpec(SpecEndpoints.mountBlob)}). Send that mount now: it answers 201 even though ${repository} holds the blob already.`,
      });
    }
    const lastAttempt = arrivals.notMounted.at(-1);
    if (lastAttempt) return fail(`${name} is not in ${repository} yet: your mount request got 202, not 201.`, { hint: await explainNotMounted(registry, lastAttempt, blob) });
    const missing = `${repository} does not have ${name} yet.`;
    // A mount into a misspelled target, or with target and source swapped (other lessons' mounts of the same blob are fine).
    const misdirected = traffic.map(mountRequest).find((request) => request?.mount === blob.digest && (closestName(request.repository, repository) || request.from === repository));
    if (misdirected) return fail(missing, { hint: `You mounted it into ${misdirected.repository}. The repository in the URL is the one that receives the blob: POST /v2/${repository}/blobs/uploads/?mount=…&from=${source}.` });
    // Only attempts count: a HEAD's 404 is the expected answer to "is it here yet?".
    const hint = explainTraffic(traffic.filter((entry) => entry.mutating && (entry.query.includes(blob.digest) || mountRequest(entry))), { repository });
    if (hint) return fail(missing, { hint });
    return notYet(missing, `It is in ${source}: POST "http://$REGISTRY/v2/${repository}/blobs/uploads/?mount=<digest>&from=${source}" (quotes included) and look for 201 Created.`);
  }
  return undefined;
}

/** The manifest under repository:tag is the image's, or a failure that says what is there instead. */
async function manifestPushed(registry: RegistryClient, traffic: TrafficEntry[], image: ImageToPush, file: string): Promise<CheckResult | undefined> {
  const found = await registry.resolve(image.repository, image.tag);
  if (found?.digest === image.manifest.digest) return undefined;
  if (found) {
    return fail(`${image.repository}:${image.tag} points at ${short(found.digest)}, not at the manifest in ${file} (${short(image.manifest.digest)}).`, {
      hint: `Push the exact bytes of ${file} (curl --data-binary @FILE); any change, even to spaces, makes another manifest with another digest.`,
    });
  }
  const missing = `${image.repository} has no tag ${image.tag} yet.`;
  const hint = explainTraffic(traffic, { repository: image.repository, pathIncludes: '/manifests/' });
  if (hint) return fail(missing, { hint });
  return notYet(missing, `When every blob is in ${image.repository}, PUT ${file} to /v2/${image.repository}/manifests/${image.tag} with Content-Type: application/vnd.oci.image.manifest.v1+json.`);
}

export default defineChecker<MountFixtures>({
  async head({ fixtures, traffic }) {
    const { repository, blobs } = fixtures.app;
    const unasked = blobs.filter((blob) => !blobHeads(traffic, repository, blob.digest).length);
    if (!unasked.length) {
      const present = blobs.filter((blob) => blobHeads(traffic, repository, blob.digest).at(-1)!.status === 200);
      const had = present.length ? `it answered 200 for the ${present.map((blob) => blob.role).join(' and ')}` : 'it answered 404 for every one';
      return pass(`You asked ${repository} about all ${blobs.length} blobs of ~/app: ${had}, and 404 means "not here yet".`);
    }
    const elsewhere = traffic.find((entry) => entry.method === 'HEAD' && blobs.some((blob) => entry.path.endsWith(`/blobs/${blob.digest}`)) && !entry.path.startsWith(`/v2/${repository}/`));
    const downloaded = traffic.find((entry) => entry.method === 'GET' && unasked.some((blob) => entry.path === `/v2/${repository}/blobs/${blob.digest}`));
    const missing = `Not yet asked ${repository} about: ${unasked.map((blob) => `the ${blob.role} (${short(blob.digest)})`).join(', ')}.`;
    if (downloaded) return fail(missing, { hint: `A GET answers the question too, but it downloads the whole blob. HEAD asks the same thing and the answer has no body (${citeSpec(SpecEndpoints.blob)}): curl -I, or curl --head.` });
    if (elsewhere) return fail(missing, { hint: `You asked ${elsewhere.path.split('/blobs/')[0]!.slice(4)}. Blobs belong to repositories: ask the one you are about to push to, /v2/${repository}/blobs/<digest>.` });
    if (unasked.length < blobs.length) return fail(missing, { hint: 'The config is a blob too: jq -r \'.config.digest, .layers[].digest\' ~/app/manifest.json lists all of them.' });
    return notYet(missing, `For each digest in ~/app/manifest.json (config and layers): curl -I http://$REGISTRY/v2/${repository}/blobs/<digest>.`);
  },

  async mount({ registry, fixtures, traffic }) {
    const { repository, blobs } = fixtures.app;
    const fromBase = blobs.filter((blob) => sourceOf(blob) === fixtures.base);
    const problem = await unmounted(registry, traffic, repository, fromBase);
    if (problem) return problem;
    const bytes = fromBase.reduce((sum, blob) => sum + blob.size, 0);
    return pass(`${repository} got the ${fromBase.map((blob) => blob.role).join(' and ')} from ${fixtures.base} by mount: ${bytes} bytes it did not have to receive.`);
  },

  async push({ registry, fixtures, traffic }) {
    const { app } = fixtures;
    const notPushed = await manifestPushed(registry, traffic, app, '~/app/manifest.json');
    if (notPushed) return notPushed;
    const alreadyThere = app.blobs.filter((blob) => sourceOf(blob) === app.repository);
    const resent = alreadyThere.find((blob) => blobArrivals(traffic, app.repository, blob.digest).uploaded.length);
    if (resent) {
      return fail(`${app.repository}:${app.tag} is right, but the ${resent.role} was uploaded again, though ${app.repository} already had it.`, {
        hint: `${app.repository} had that blob from release 0.9 (HEAD /v2/${app.repository}/blobs/${short(resent.digest)} answers 200), so it needed no request at all. Reset the lesson to push again without it.`,
      });
    }
    const sent = app.blobs.filter((blob) => blob.origin.kind === 'new');
    const total = app.blobs.reduce((sum, blob) => sum + blob.size, 0);
    return pass(`${app.repository}:${app.tag} is ${short(app.manifest.digest)}. Of its ${total} bytes of blobs you sent ${sent.reduce((sum, blob) => sum + blob.size, 0)}: only the ${sent.map((blob) => blob.role).join(' and ')}.`);
  },

  async challenge({ registry, fixtures, traffic }) {
    const { challenge } = fixtures;
    const shared = challenge.blobs.filter((blob) => sourceOf(blob));
    const notMounted = await unmounted(registry, traffic, challenge.repository, shared);
    if (notMounted) return notMounted;
    const notPushed = await manifestPushed(registry, traffic, challenge, '~/challenge/manifest.json');
    if (notPushed) return notPushed;
    const mountedFrom = (blob: Blob) => mountRequest(blobArrivals(traffic, challenge.repository, blob.digest).mounted.at(-1)!)!.from;
    return pass(`${challenge.repository}:${challenge.tag} is pushed, with the ${shared.map((blob) => `${blob.role} mounted from ${mountedFrom(blob)}`).join(' and the ')}.`);
  },
});
