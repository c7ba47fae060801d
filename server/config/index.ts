/**
 * Configuration: every setting is an environment variable, validated once at start.
 * A bad value stops the start with a message that names the variable (see README "Configuration").
 */
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const DURATION = /^(\d+)(ms|s|m|h)?$/;
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "90" (seconds), "90s", "15m", "2h", "500ms" → milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const match = DURATION.exec(text.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration: use 90, 90s, 15m or 2h` });
        return z.NEVER;
      }
      const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
      return Number(match[1]) * UNIT_MS[unit];
    });

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const csv = z
  .string()
  .optional()
  .transform((text) => (text ? text.split(',').map((item) => item.trim()).filter(Boolean) : []));

/** An IPv4 or IPv6 address, optionally with a /prefix: what Express's "trust proxy" accepts. */
function isAddressOrSubnet(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length || !address || !isIP(address)) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (isIP(address) === 4 ? 32 : 128);
}

const addressList = (what: string) =>
  csv.superRefine((items, ctx) => {
    const bad = items.filter((item) => !isAddressOrSubnet(item));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `${bad.map((item) => JSON.stringify(item)).join(', ')}: not ${what}` });
  });

/** "false", "true" (a proxy on this machine: loopback) or the proxies' addresses and subnets. */
const trustedProxies = z
  .string()
  .default('false')
  .transform((text, ctx): string[] => {
    if (text === 'false') return [];
    if (text === 'true') return ['loopback'];
    const items = text.split(',').map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !isAddressOrSubnet(item));
    if (bad.length || !items.length) {
      ctx.addIssue({ code: 'custom', message: `use true, false, or the proxy's addresses (e.g. 10.0.0.5,10.1.0.0/16); not ${bad.map((item) => JSON.stringify(item)).join(', ') || 'empty'}` });
      return z.NEVER;
    }
    return items;
  });

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: integer(8080, 0, 65535),
  LAB_DATA_DIR: z.string().default('.lab-data'),
  LAB_LESSONS_DIR: z.string().default('lessons'),
  LAB_MAX_SESSIONS: integer(100, 1, 5000),
  LAB_IDLE_TIMEOUT: duration('30m'),
  LAB_SESSION_TTL: duration('2h'),
  LAB_SESSION_MAX_TTL: duration('4h'),
  LAB_TERMINAL_GRACE: duration('60s'),
  LAB_SANDBOX: z.enum(['bwrap', 'none']).default('bwrap'),
  LAB_REGISTRY_BIN: z.string().optional(),
  LAB_ALLOWED_ORIGINS: csv,
  LAB_HOST_DISK_MB: integer(256, 8, 65536),
  LAB_REGISTRY_DISK_MB: integer(1024, 16, 262144),
  LAB_SANDBOX_NPROC: integer(128, 16, 4096),
  LAB_SANDBOX_NOFILE: integer(1024, 64, 65536),
  LAB_SANDBOX_FSIZE_MB: integer(256, 1, 65536),
  LAB_UID_BASE: integer(200_000, 1000, 2_000_000_000),
  LAB_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LAB_WORKSHOP_CODE: z.string().min(4, 'must be at least 4 characters').optional(),
  LAB_TRUST_PROXY: trustedProxies,
  LAB_METRICS_ALLOW: addressList('an IP address or subnet'),
  LAB_SESSIONS_PER_ADDRESS: integer(20, 1, 5000),
  LAB_HOST_INODES: integer(16_384, 1024, 4_194_304),
  LAB_REGISTRY_INODES: integer(16_384, 1024, 4_194_304),
  LAB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LAB_DEV: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LAB_SHOW_ME: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LAB_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres://user:password@host:port/database URL').optional(),
  LAB_NODE_ID: z.string().regex(NODE_ID, 'must be 1-63 letters, digits, ".", "_" or "-" (the StatefulSet pod name, e.g. lab-0)').optional(),
  LAB_NODE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL other nodes reach this one at' }).optional(),
  LAB_NODE_HEARTBEAT: duration('5s'),
});

export type Env = z.input<typeof EnvSchema>;

export interface LabConfig {
  host: string;
  port: number;
  dataDir: string;
  lessonsDir: string;
  maxSessions: number;
  idleTimeoutMs: number;
  sessionTtlMs: number;
  sessionMaxTtlMs: number;
  terminalGraceMs: number;
  sandbox: 'bwrap' | 'none';
  registryBin: string | undefined;
  allowedOrigins: string[];
  hostDiskMb: number;
  registryDiskMb: number;
  sandboxNproc: number;
  sandboxNofile: number;
  sandboxFsizeMb: number;
  uidBase: number;
  adminToken: string | undefined;
  workshopCode: string | undefined;
  /** True behind a TLS reverse proxy: X-Forwarded-* from trustedProxies are believed. */
  trustProxy: boolean;
  /** Peers whose X-Forwarded-For is believed ("loopback", addresses, subnets); empty when trustProxy is false. */
  trustedProxies: string[];
  /** TCP peers (never X-Forwarded-For) that may read /metrics without the admin token. */
  metricsAllow: string[];
  /** Open sessions plus places in line one client address may hold. */
  sessionsPerAddress: number;
  /** Inodes (files and directories) of each host's home + /tmp tmpfs, and of its /dev/shm. */
  hostInodes: number;
  /** Inodes of each registry's storage tmpfs. */
  registryInodes: number;
  logLevel: string;
  dev: boolean;
  /** Learners may ask for one task's solution part to be typed into their terminal. */
  showMe: boolean;
  /** postgres://… when several nodes share one progress store; undefined: SQLite in dataDir. Holds a password: never log it. */
  databaseUrl: string | undefined;
  /** This lab node's name in the store (sessions record it); the host name unless LAB_NODE_ID says. */
  nodeId: string;
  /** How other nodes reach this one; the listening address unless LAB_NODE_URL says. */
  nodeUrl: string;
  heartbeatMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

/** The machine's host name, cut to what a node id may hold ("lab-0" in a StatefulSet). */
function defaultNodeId(): string {
  const name = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
  return name || 'lab';
}

/** Reads and validates the LAB_* variables. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): LabConfig {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => (key.startsWith('LAB_') || key === 'HOST' || key === 'PORT') && value !== ''),
  );
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.LAB_SANDBOX === 'none' && !isLoopback(e.HOST)) {
    throw new ConfigError(
      `invalid configuration:\n  LAB_SANDBOX: "none" gives every visitor an unsandboxed shell, so it is only allowed with HOST=127.0.0.1 (HOST is "${e.HOST}")`,
    );
  }
  if (e.LAB_SESSION_MAX_TTL < e.LAB_SESSION_TTL) {
    throw new ConfigError('invalid configuration:\n  LAB_SESSION_MAX_TTL: must not be shorter than LAB_SESSION_TTL');
  }
  const allowedOrigins = e.LAB_ALLOWED_ORIGINS.length
    ? e.LAB_ALLOWED_ORIGINS
    : [`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`];
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.LAB_DATA_DIR),
    lessonsDir: path.resolve(e.LAB_LESSONS_DIR),
    maxSessions: e.LAB_MAX_SESSIONS,
    idleTimeoutMs: e.LAB_IDLE_TIMEOUT,
    sessionTtlMs: e.LAB_SESSION_TTL,
    sessionMaxTtlMs: e.LAB_SESSION_MAX_TTL,
    terminalGraceMs: e.LAB_TERMINAL_GRACE,
    sandbox: e.LAB_SANDBOX,
    registryBin: e.LAB_REGISTRY_BIN,
    allowedOrigins,
    hostDiskMb: e.LAB_HOST_DISK_MB,
    registryDiskMb: e.LAB_REGISTRY_DISK_MB,
    sandboxNproc: e.LAB_SANDBOX_NPROC,
    sandboxNofile: e.LAB_SANDBOX_NOFILE,
    sandboxFsizeMb: e.LAB_SANDBOX_FSIZE_MB,
    uidBase: e.LAB_UID_BASE,
    adminToken: e.LAB_ADMIN_TOKEN,
    workshopCode: e.LAB_WORKSHOP_CODE,
    trustProxy: e.LAB_TRUST_PROXY.length > 0,
    trustedProxies: e.LAB_TRUST_PROXY,
    metricsAllow: e.LAB_METRICS_ALLOW,
    sessionsPerAddress: e.LAB_SESSIONS_PER_ADDRESS,
    hostInodes: e.LAB_HOST_INODES,
    registryInodes: e.LAB_REGISTRY_INODES,
    logLevel: e.LAB_LOG_LEVEL,
    dev: e.LAB_DEV,
    showMe: e.LAB_SHOW_ME,
    databaseUrl: e.LAB_DATABASE_URL,
    nodeId: e.LAB_NODE_ID ?? defaultNodeId(),
    nodeUrl: e.LAB_NODE_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
    heartbeatMs: e.LAB_NODE_HEARTBEAT,
  };
}
