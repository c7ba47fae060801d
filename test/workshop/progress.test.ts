/** Workshop basics against the real server: progress survives a restart, the roster needs the token, metrics are exposed. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-workshop-'));
const token = 'instructor-token-0123456789';
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('workshop mode', () => {
  it('keeps a learner\u2019s passed tasks across a server restart, shows them in the roster, and exposes metrics', async () => {
    const env = { LAB_DATA_DIR: dataDir, LAB_ADMIN_TOKEN: token };
    const first = await startTestLab(env);
    const created = await fetch(`${first.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
    const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
    const { id } = (await created.json()) as { id: string };
    const session = first.sessions.get(id)!;
    await session.host('host-1').run(`D="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"; L=$(curl -si -X POST http://$REGISTRY/v2/hello-world/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p'); curl -s -X PUT -H 'Content-Type: application/octet-stream' --data-binary @blob.tar.gz "$L&digest=$D"`);
    await fetch(`${first.origin}/api/sessions/${id}/check`, { method: 'POST', headers: { cookie } });

    expect((await fetch(`${first.origin}/api/admin/learners`)).status).toBe(401);
    const roster = (await (await fetch(`${first.origin}/api/admin/learners`, { headers: { authorization: `Bearer ${token}` } })).json()) as { learners: { passedTasks: number; lesson: string; task: string | null; session: unknown }[] };
    expect(roster.learners).toHaveLength(1);
    // upload passed, so the learner is on download, which has never been checked yet.
    expect(roster.learners[0]).toMatchObject({ lesson: 'push-blob', passedTasks: 1, task: 'download', stuck: false });

    expect((await fetch(`${first.origin}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`${first.origin}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const series of ['lab_sessions_active 1', 'lab_session_start_seconds_count 1', 'lab_check_seconds_count', 'lab_websocket_connections 0', 'lab_process_resident_memory_bytes']) expect(metrics).toContain(series);
    await first.close();

    const second = await startTestLab(env);
    try {
      const progress = (await (await fetch(`${second.origin}/api/me/progress`, { headers: { cookie } })).json()) as { lessons: { id: string; tasks: { id: string; status: string }[] }[] };
      expect(progress.lessons.map((l) => l.id)).toEqual(['push-blob']);
      expect(progress.lessons[0]!.tasks).toContainEqual({ id: 'upload', status: 'passed' });
      const again = await fetch(`${second.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ lesson: 'push-blob' }) });
      const fresh = (await again.json()) as { id: string };
      const tasks = (await (await fetch(`${second.origin}/api/sessions/${fresh.id}/tasks`, { headers: { cookie } })).json()) as { tasks: { id: string; status: string; earlier?: boolean }[] };
      const upload = tasks.tasks.find((t) => t.id === 'upload')!;
      // A tick in the new session must be true of its registry: replayed from the solution, or not ticked and marked as passed earlier.
      const catalog = await second.sessions.get(fresh.id)!.registry.catalog();
      if (upload.status === 'passed') expect(catalog).toEqual(['hello-world']);
      else expect(upload).toMatchObject({ earlier: true });
    } finally {
      await second.close();
    }
  }, 60_000);
});
