/** Operations: every request gets an id, echoed to the caller and on its one log line, with no secrets. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
let lab: Awaited<ReturnType<typeof startTestLab>>;
beforeAll(async () => {
  lab = await startTestLab({ LAB_ADMIN_TOKEN: 'secret-admin-token' }, pino({ level: 'info' }, sink));
});
afterAll(async () => lab?.stop());

const requestLines = (id: string) => lines.filter((line) => line.event === 'http-request' && (line.req as { id?: string } | undefined)?.id === id);

describe('request logging', () => {
  it('keeps a well-formed X-Request-Id, echoes it and logs one line with method, path and status', async () => {
    const res = await fetch(`${lab.origin}/api/admin/learners?x=1`, { headers: { 'x-request-id': 'proxy-4711', cookie: 'lab_learner=' + 'a'.repeat(32), authorization: 'Bearer secret-admin-token' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('proxy-4711');
    await expect.poll(() => requestLines('proxy-4711').length).toBe(1);
    expect(requestLines('proxy-4711')[0]).toMatchObject({ req: { method: 'GET', path: '/api/admin/learners' }, res: { status: 200 } });
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain('secret-admin-token');
    expect(everything).not.toContain('a'.repeat(32));
  });

  it('replaces a malformed id with its own', async () => {
    const res = await fetch(`${lab.origin}/api/lessons`, { headers: { 'x-request-id': 'no spaces; or "quotes" allowed' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => requestLines(id).length).toBe(1);
  });
});
