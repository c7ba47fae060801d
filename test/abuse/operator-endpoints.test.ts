/**
 * Finding 8: behind the README's proxy every visitor's TCP peer is 127.0.0.1, so /metrics must need
 * the admin token (or LAB_METRICS_ALLOW, matched on the TCP peer only), and X-Forwarded-For is
 * believed only as far as the configured proxy wrote it: a client cannot pick the address that the
 * join back-off counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { clientAddress } from '../../server/api/index.ts';
import { loadConfig } from '../../server/config/index.ts';
import { startTestLab } from '../helpers/server.ts';
import { requestFrom } from './victim.ts';

const TOKEN = 'operator-token-0123456789';
let lab: Awaited<ReturnType<typeof startTestLab>>;

beforeAll(async () => {
  lab = await startTestLab({ LAB_TRUST_PROXY: 'true', LAB_ADMIN_TOKEN: TOKEN, LAB_WORKSHOP_CODE: 'OCI-2026', LAB_METRICS_ALLOW: '127.0.0.5' });
});
afterAll(async () => lab?.stop());

describe('operator endpoints behind a proxy', () => {
  it('answers /metrics only with the token or to an allowed TCP peer, whatever X-Forwarded-For says', async () => {
    const metrics = (from: string, headers: Record<string, string> = {}) => requestFrom(lab, from, { path: '/metrics', headers });
    expect((await metrics('127.0.0.1')).status).toBe(404);
    expect((await metrics('127.0.0.1', { 'x-forwarded-for': '127.0.0.5' })).status).toBe(404);
    expect((await metrics('127.0.0.6', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(404);
    expect((await metrics('127.0.0.1', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    const allowed = await metrics('127.0.0.5');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain('lab_sessions_active');
  });

  it('refuses a proxy or allow-list setting that is not an address, naming the variable', () => {
    expect(() => loadConfig({ LAB_TRUST_PROXY: 'yes' })).toThrow(/LAB_TRUST_PROXY: .*"yes"/);
    expect(() => loadConfig({ LAB_METRICS_ALLOW: '10.0.0.1,everyone' })).toThrow(/LAB_METRICS_ALLOW: "everyone": not an IP address/);
    expect(() => loadConfig({ LAB_METRICS_ALLOW: '10.0.0.0/33' })).toThrow(/LAB_METRICS_ALLOW/);
    expect(loadConfig({ LAB_TRUST_PROXY: '10.0.0.5, 2001:db8::/32' })).toMatchObject({ trustProxy: true, trustedProxies: ['10.0.0.5', '2001:db8::/32'] });
    expect(loadConfig({ LAB_TRUST_PROXY: 'true' }).trustedProxies).toEqual(['loopback']);
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('counts an IPv6 client by its /64, since one host is usually given a whole /64', () => {
    const of = (ip: string) => clientAddress({ ip, socket: {} } as Request);
    expect(of('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(of('2001:DB8:0:1:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(of('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(of('192.0.2.7')).toBe('192.0.2.7');
  });

  it('counts wrong join codes for the address the proxy saw, not the one the client claims', async () => {
    // The proxy appends the real client address to whatever X-Forwarded-For the client sent.
    const join = (claimed: string) =>
      requestFrom(lab, '127.0.0.1', {
        method: 'POST',
        path: '/api/join',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `${claimed}, 203.0.113.7` },
        body: JSON.stringify({ code: 'wrong', name: 'Mallory' }),
      });
    expect((await join('198.51.100.1')).status).toBe(403);
    const second = await join('198.51.100.2');
    expect(second.status).toBe(429);
    // Another real client behind the same proxy is not held back by Mallory's lockout.
    const other = await requestFrom(lab, '127.0.0.1', {
      method: 'POST',
      path: '/api/join',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.8' },
      body: JSON.stringify({ code: 'oci-2026', name: 'Ada' }),
    });
    expect(other.status).toBe(200);
  });
});
