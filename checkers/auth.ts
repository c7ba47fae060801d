/**
 * auth: the registry runs with distribution's token auth and the lab's token service. The checker
 * reads what the learner saved (the challenge, the token, the manifest) and the registry's state;
 * it asks the registry itself whether a saved token is good, so nothing here re-implements the
 * registry's verification. The text's deliberate insufficient_scope leaves the push task pending.
 */
import { citeSpec, defineChecker, explainTraffic, fail, notYet, pass, sha256, short, SpecEndpoints, type CheckResult, type LearnerFiles, type RegistryClient, type TrafficEntry } from '../kit/index.ts';
import type { AuthFixtures } from '../lessons/auth/setup.ts';

const REALM = 'http://localhost:5001/token';
const SERVICE = 'registry-lab';

/** The challenge as the file holds it: header name, quotes and a \r are forgiven. */
function readChallenge(text: string): { scheme: string; params: Record<string, string> } {
  const line = text.split('\n').find((candidate) => /bearer|basic/i.test(candidate)) ?? text;
  const value = line.replace(/\r/g, '').replace(/^\s*www-authenticate:\s*/i, '').trim();
  const scheme = value.split(/\s+/)[0] ?? '';
  const params = Object.fromEntries([...value.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
  return { scheme, params };
}

function judgeChallenge(files: (host: string) => LearnerFiles, repository: string): CheckResult {
  const text = files('host-1').text('/tmp/www-authenticate.txt', 4096);
  if (text === null) return notYet('/tmp/www-authenticate.txt is not there yet.', `GET /v2/${repository}/tags/list without a token, and save the value of its Www-Authenticate header.`);
  if (!text) return fail('/tmp/www-authenticate.txt is empty.', { hint: 'The header name is "Www-Authenticate" as distribution writes it: match it without regard to case (grep -i, or sed with [Ww]), and strip the \\r at the end of header lines.' });
  const { scheme, params } = readChallenge(text);
  if (scheme.toLowerCase() !== 'bearer') return fail(`The saved challenge starts with "${scheme.slice(0, 20)}", not Bearer.`, { hint: 'This registry asks for a token: its Www-Authenticate begins with Bearer.' });
  if (params.realm !== REALM || params.service !== SERVICE) return fail('The saved challenge does not name this registry\u2019s realm and service.', { hint: `Save the header exactly as the registry sent it: realm="${REALM}",service="${SERVICE}".` });
  if (!params.scope) return fail('The saved challenge has no scope.', { hint: `That is the challenge of GET /v2/ (${citeSpec(SpecEndpoints.apiVersion)}), which needs no repository. Ask for /v2/${repository}/tags/list: its challenge names the scope a pull of ${repository} needs.` });
  if (params.scope !== `repository:${repository}:pull`) return fail(`The saved challenge\u2019s scope names ${params.scope}.`, { hint: `The task asks for the challenge of ${repository}\u2019s tag list: repository:${repository}:pull.` });
  return pass(`Saved: Bearer, realm ${REALM}, service ${SERVICE}, scope repository:${repository}:pull.`);
}

interface TokenClaims {
  aud?: string;
  access?: { type: string; name: string; actions: string[] }[];
}

/** The claims of a JWT, or why the text is not one. */
function decodeToken(text: string): TokenClaims | string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    return /"errors"/.test(trimmed)
      ? `the token service refused: ${/"message":\s*"([^"]{0,200})"/.exec(trimmed)?.[1] ?? 'see the file'}`
      : 'the whole JSON answer of the token service, not the token in it (jq -r .token picks it out)';
  }
  if (trimmed.startsWith('"')) return 'the token in JSON quotes: jq -r prints it without them';
  const parts = trimmed.split('.');
  if (parts.length !== 3) return 'not a JWT: a token is three base64url parts joined by dots';
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return 'not a JWT: its middle part is not base64url JSON';
  }
}

/** What the registry answers to GET tags/list with this token: the registry is the judge of a token. */
async function registryVerdict(registry: RegistryClient, repository: string, token: string): Promise<number> {
  const res = await registry.http.request('GET', `/v2/${repository}/tags/list`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

async function judgeToken(files: (host: string) => LearnerFiles, registry: RegistryClient, repository: string): Promise<CheckResult> {
  const text = files('host-1').text('/tmp/pull-token.txt', 16 * 1024);
  if (text === null) return notYet('/tmp/pull-token.txt is not there yet.', `GET ${REALM}?service=${SERVICE}&scope=repository:${repository}:pull with curl -u "$REGISTRY_USER:$REGISTRY_PASSWORD", and save the token from the answer.`);
  const claims = decodeToken(text);
  if (typeof claims === 'string') return fail(`/tmp/pull-token.txt holds ${claims}.`);
  const grants = (claims.access ?? []).find((entry) => entry.type === 'repository' && entry.name === repository);
  if (!claims.access?.length) return fail('The saved token grants no access at all.', { hint: `Without a scope parameter the token service grants nothing (enough for GET /v2/ only). Add scope=repository:${repository}:pull.` });
  if (!grants) return fail(`The saved token grants ${claims.access.map((entry) => `${entry.type}:${entry.name}`).join(', ')}, not ${repository}.`, { hint: `Copy the scope from the challenge: repository:${repository}:pull.` });
  if (!grants.actions.includes('pull') && !grants.actions.includes('*')) return fail(`The saved token grants ${grants.actions.join(',')} on ${repository}, but not pull.`);
  const status = await registryVerdict(registry, repository, text.trim());
  if (status === 401) return fail('The registry refuses the saved token (401): it has expired or is not from this session\u2019s token service.', { hint: 'Tokens live 600 seconds here. Fetch a fresh one.' });
  if (status !== 200) return fail(`The registry answered ${status} to the saved token.`);
  return pass(`The token grants ${grants.actions.join(',')} on ${repository}, and the registry accepts it.`);
}

function judgeManifest(files: (host: string) => LearnerFiles, fixtures: AuthFixtures): CheckResult {
  const bytes = files('host-1').read('/tmp/v1.json', 64 * 1024);
  if (bytes === null) return notYet('/tmp/v1.json is not there yet.', 'GET the manifest with an Authorization: Bearer header and the OCI manifest Accept header, and save the body.');
  const text = bytes.toString('utf8');
  if (/"UNAUTHORIZED"/.test(text)) return fail('/tmp/v1.json holds the registry\u2019s 401 UNAUTHORIZED error, not the manifest.', { hint: 'The request went without a token, or with an empty one: is $TOKEN set in this shell? Send -H "Authorization: Bearer $TOKEN".' });
  if (/"MANIFEST_UNKNOWN"/.test(text)) return fail('/tmp/v1.json holds a 404 MANIFEST_UNKNOWN error, not the manifest.', { hint: 'The token worked; the Accept header is missing. distribution answers 404 for an OCI manifest unless Accept names application/vnd.oci.image.manifest.v1+json.' });
  const digest = sha256(bytes);
  if (digest === fixtures.manifest.digest) return pass(`/tmp/v1.json is private/app:v1\u2019s manifest, byte for byte (${short(digest)}).`);
  return fail(`/tmp/v1.json is not the manifest as the registry sent it (its digest is ${short(digest)}, the manifest\u2019s ${short(fixtures.manifest.digest)}).`, { hint: 'Save the body as it comes (curl -s … > /tmp/v1.json); jq reformats JSON, and reformatted bytes have another digest.' });
}

/** The upload requests into the repository, for hints. */
const uploadsInto = (traffic: TrafficEntry[], repository: string) => traffic.filter((entry) => entry.endpoint !== 'lab' && entry.path.startsWith(`/v2/${repository}/blobs/uploads/`));

async function judgePush(registry: RegistryClient, traffic: TrafficEntry[], repository: string, blob: { digest: string; size: number }, file: string): Promise<CheckResult> {
  if ((await registry.headBlob(repository, blob.digest)).exists) return pass(`${file} is in ${repository} (${short(blob.digest)}, ${blob.size} bytes).`);
  const uploads = uploadsInto(traffic, repository);
  const last = uploads.at(-1);
  const challenge = last?.responseHeaders['www-authenticate'] ?? '';
  if (last?.status === 401 && /insufficient_scope/.test(challenge)) {
    return notYet(`${file} is not in ${repository} yet.`, `The registry answered 401 insufficient_scope: the token did not grant enough. Its challenge asks for ${/scope="([^"]*)"/.exec(challenge)?.[1] ?? `repository:${repository}:pull,push`}: fetch a token for that scope.`);
  }
  if (last?.status === 401) return fail(`${file} is not in ${repository}: the upload went without a valid token (401).`, { hint: 'Send -H "Authorization: Bearer <token>" on every request of the upload, the PUT to the Location included, with a token for pull,push.' });
  const explained = explainTraffic(uploads, { repository });
  if (explained) return fail(`${file} is not in ${repository}.`, { hint: explained });
  // The same file (its digest is in the closing PUT's query) pushed into another repository.
  const elsewhere = traffic.findLast((entry) => entry.method === 'PUT' && entry.status === 201 && entry.path.includes('/blobs/uploads/') && !entry.path.startsWith(`/v2/${repository}/`) && new URLSearchParams(entry.query).get('digest') === blob.digest);
  if (elsewhere) return fail(`${file} is not in ${repository}: the last upload went to ${elsewhere.path.split('/blobs/')[0]!.slice('/v2/'.length)}.`, { hint: `The task\u2019s repository is ${repository}.` });
  return notYet(`${file} is not in ${repository} yet.`, `A push needs a token for pull,push: POST the upload (${citeSpec(SpecEndpoints.startUpload)}), then PUT the data to its Location with &digest= (${citeSpec(SpecEndpoints.closeUpload)}).`);
}

export default defineChecker<AuthFixtures>({
  unauthorized: async ({ files, fixtures }) => judgeChallenge(files, fixtures.repository),
  token: ({ files, registry, fixtures }) => judgeToken(files, registry, fixtures.repository),
  pull: async ({ files, fixtures }) => judgeManifest(files, fixtures),
  push: ({ registry, traffic, fixtures }) => judgePush(registry, traffic, fixtures.repository, fixtures.notes, '~/notes.txt'),
  challenge: ({ registry, traffic, fixtures }) => judgePush(registry, traffic, fixtures.challenge.repository, fixtures.challenge, '~/challenge.bin'),
});
