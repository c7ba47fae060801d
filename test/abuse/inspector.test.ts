/**
 * Finding 6: the inspector. One ~3.5 MB manifest pushed into 10 repositories used to make every
 * snapshot fetch, parse and re-serialize 35 MB on the main thread. Now large manifests are shown
 * from a HEAD only, a snapshot's JSON has a budget, and a session's snapshots are built one at a
 * time and served from a cache until the registry changes.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, createSession, startVictim, type Victim } from './victim.ts';

const REPOSITORIES = 10;
let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;
let attacker: { id: string; cookie: string };

/** The attacker's shell: a config blob mounted into every repository, and one big manifest pushed to each. */
const PUSH_BIG_MANIFESTS = `
R=localhost:5000
printf '{}' > cfg.json
CD=sha256:$(sha256sum cfg.json | cut -d' ' -f1)
L=$(curl -si -X POST $R/v2/big0/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT -H 'Content-Type: application/octet-stream' --data-binary @cfg.json "$L&digest=$CD"
{ printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":2},"layers":[],"annotations":{"pad":"' "$CD"
  head -c 3500000 /dev/zero | tr '\\0' x; printf '"}}'; } > big.json
for i in $(seq 0 ${REPOSITORIES - 1}); do
  [ "$i" -gt 0 ] && curl -s -o /dev/null -X POST "$R/v2/big$i/blobs/uploads/?mount=$CD&from=big0"
  curl -s -o /dev/null -w '%{http_code} ' -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @big.json "$R/v2/big$i/manifests/v1"
done`;

beforeAll(async () => {
  lab = await startTestLab();
  victim = await startVictim(lab);
  attacker = await createSession(lab);
  const pushed = await lab.sessions.get(attacker.id)!.host('host-1').run(PUSH_BIG_MANIFESTS, { timeoutMs: 90_000 });
  expect(pushed.stdout.trim().split(' ')).toEqual(Array(REPOSITORIES).fill('201'));
});
afterAll(async () => {
  victim?.close();
  await lab?.stop();
});

describe('the inspector', () => {
  it('answers many snapshot requests from one bounded build without blocking the server', async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const snapshot = async () => {
      const res = await fetch(`${lab.origin}/api/sessions/${attacker.id}/registry`, { headers: { cookie: attacker.cookie } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const attack = async () => {
      const texts: string[] = [];
      for (let round = 0; round < 3; round++) texts.push(...(await Promise.all(Array.from({ length: 20 }, snapshot))));
      return texts;
    };
    const { result: texts, maxEchoMs, maxHealthMs } = await victim.watch(attack());
    loop.disable();

    for (const text of texts) expect(text.length).toBeLessThan(3 << 20);
    // Nothing changed in the registry meanwhile: one build served all 60 requests.
    expect(new Set(texts.map((text) => JSON.parse(text).takenAt)).size).toBe(1);
    const body = JSON.parse(texts[0]!) as { repositories: { name: string; manifests: { kind: string; size: number; json: string }[] }[] };
    expect(body.repositories).toHaveLength(REPOSITORIES);
    for (const repo of body.repositories) {
      expect(repo.manifests).toHaveLength(1);
      expect(repo.manifests[0]!.size).toBeGreaterThan(3_500_000);
      expect(JSON.parse(repo.manifests[0]!.json).inspector).toMatch(/shows manifests up to/);
    }
    expect(loop.max / 1e6).toBeLessThan(1000);
    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
  });

  it('builds a fresh snapshot after the learner changes the registry', async () => {
    const read = async () => JSON.parse(await (await fetch(`${lab.origin}/api/sessions/${attacker.id}/registry`, { headers: { cookie: attacker.cookie } })).text()) as { takenAt: number; repositories: { name: string }[] };
    const before = await read();
    await lab.sessions.get(attacker.id)!.host('host-1').run('curl -s -o /dev/null -X POST "localhost:5000/v2/newcomer/blobs/uploads/?mount=$(sha256sum cfg.json | cut -d" " -f1 | sed s/^/sha256:/)&from=big0"');
    const after = await read();
    expect(after.takenAt).toBeGreaterThan(before.takenAt);
    expect(after.repositories.map((repo) => repo.name)).toContain('newcomer');
  });
});
