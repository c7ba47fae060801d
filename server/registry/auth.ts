/**
 * A session registry's authentication (design §4.6, research §8): the settings a lesson asks for,
 * the learner's credentials, the htpasswd file distribution checks Basic auth against, and the
 * token issuer whose signed JWTs distribution itself verifies (ES256, `x5c` holding a self-signed
 * certificate that is also the registry's `rootcertbundle`). No auth decision of ours sits in the
 * registry's path: the registry checks every request on its own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createPrivateKey, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { SignJWT } from 'jose';

const exec = promisify(execFile);

type AuthMode = 'none' | 'basic' | 'token';

/** What a lesson's front matter may ask of its registry (the `registry:` field). */
export interface RegistrySettings {
  auth: AuthMode;
  /** storage.delete.enabled: without it every DELETE answers 405 UNSUPPORTED. */
  delete: boolean;
  /** The learner may run the registry's own garbage-collect (`registry-gc` in the sandbox). */
  gc: boolean;
}

export const DEFAULT_REGISTRY_SETTINGS: RegistrySettings = { auth: 'none', delete: true, gc: false };

/** The names a learner sees in WWW-Authenticate and in the token's claims. */
export const TOKEN_SERVICE = 'registry-lab';
export const TOKEN_ISSUER = 'registry-lab-token-service';
/** Where the sandbox reaches the lab's own endpoints (the token realm, garbage collection). */
const LAB_SERVICE_PORT = 5001;
export const TOKEN_REALM = `http://localhost:${LAB_SERVICE_PORT}/token`;
export const BASIC_REALM = 'registry-lab';
/** Token lifetime: long enough to read a lesson paragraph between fetching one and using it. */
export const TOKEN_SECONDS = 600;

/** The lab's own user (checkers, inspector, fixtures); never shown to the learner. */
const LAB_USER = 'registry-lab';
/** bcrypt cost: distribution checks the hash on every request, so a lab-sized cost keeps checks fast. apache's htpasswd -B uses 5. */
const LEARNER_COST = 5;
const LAB_COST = 4;

export interface Credentials {
  user: string;
  password: string;
}

export function newLearnerCredentials(): Credentials {
  return { user: 'learner', password: randomBytes(9).toString('base64url') };
}

/** True when both match; compares in constant time so a wrong guess tells nothing about how wrong. */
export function credentialsMatch(expected: Credentials, user: string, password: string): boolean {
  const same = (a: string, b: string) => {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  };
  return same(expected.user, user) && same(expected.password, password);
}

/** One resource a token grants (the `access` claim of distribution's token spec). */
export interface Access {
  type: 'repository' | 'registry';
  name: string;
  actions: string[];
}

const SCOPE_ACTIONS = new Set(['pull', 'push', 'delete', '*']);
const REPOSITORY_NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

/** Parses one `scope` value (`repository:<name>:<actions>` or `registry:catalog:*`); a string that says what is wrong otherwise. */
export function parseScope(scope: string): Access | string {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return `"${scope}" is not type:name:actions`;
  const type = scope.slice(0, first);
  const name = scope.slice(first + 1, last);
  const actions = [...new Set(scope.slice(last + 1).split(','))];
  if (type !== 'repository' && type !== 'registry') return `resource type "${type}" is not repository or registry`;
  if (type === 'registry' && name !== 'catalog') return 'the only registry resource is "catalog"';
  if (type === 'repository' && (!REPOSITORY_NAME.test(name) || name.length > 255)) return `"${name}" is not a repository name`;
  const unknown = actions.filter((action) => !SCOPE_ACTIONS.has(action));
  if (unknown.length) return `unknown action ${unknown.map((action) => `"${action}"`).join(', ')} (pull, push, delete or *)`;
  return { type, name, actions };
}

/** What a request path needs, for the lab's own client (it asks for everything on that repository). */
export function accessForPath(requestPath: string): Access[] {
  const pathOnly = requestPath.split('?')[0]!;
  if (pathOnly.startsWith('/v2/_catalog')) return [{ type: 'registry', name: 'catalog', actions: ['*'] }];
  const match = /^\/v2\/(.+?)\/(blobs|manifests|tags|referrers)\//.exec(pathOnly);
  return match ? [{ type: 'repository', name: match[1]!, actions: ['pull', 'push', 'delete'] }] : [];
}

/** A per-session signing key and its self-signed certificate (made by the openssl CLI). */
export class TokenIssuer {
  private readonly labTokens = new Map<string, { header: string; until: number }>();

  private constructor(
    private readonly key: KeyObject,
    /** PEM, written as the registry's rootcertbundle. */
    readonly certificatePem: string,
    private readonly certificateDer: string,
  ) {}

  static async create(): Promise<TokenIssuer> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'registry-lab-token-'));
    try {
      const keyFile = path.join(dir, 'key.pem');
      const certFile = path.join(dir, 'cert.pem');
      await exec('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${TOKEN_ISSUER}`, '-days', '2']);
      const pem = readFileSync(certFile, 'utf8');
      const der = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
      return new TokenIssuer(createPrivateKey(readFileSync(keyFile)), pem, der);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** A signed JWT for subject with exactly this access, as distribution's token spec describes it. */
  async mint(subject: string, access: Access[], seconds = TOKEN_SECONDS): Promise<{ token: string; issuedAt: Date }> {
    const issuedAt = new Date();
    const now = Math.floor(issuedAt.getTime() / 1000);
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c: [this.certificateDer] })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(subject)
      .setAudience(TOKEN_SERVICE)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + seconds)
      .setJti(randomUUID())
      .sign(this.key);
    return { token, issuedAt };
  }

  /** The Authorization header of the lab's own client for one request, minted once per repository and reused while fresh. */
  async labAuthorization(requestPath: string): Promise<string> {
    const access = accessForPath(requestPath);
    const key = access.map((entry) => `${entry.type}:${entry.name}`).join(' ');
    const cached = this.labTokens.get(key);
    if (cached && cached.until > Date.now()) return cached.header;
    const { token } = await this.mint(LAB_USER, access);
    const header = `Bearer ${token}`;
    if (this.labTokens.size > 1000) this.labTokens.clear();
    this.labTokens.set(key, { header, until: Date.now() + (TOKEN_SECONDS / 2) * 1000 });
    return header;
  }
}

/** The htpasswd file: the learner's bcrypt line and the lab's own. */
export function htpasswdFile(learner: Credentials, lab: Credentials): string {
  return `${learner.user}:${bcrypt.hashSync(learner.password, LEARNER_COST)}\n${lab.user}:${bcrypt.hashSync(lab.password, LAB_COST)}\n`;
}

export function newLabCredentials(): Credentials {
  return { user: LAB_USER, password: randomBytes(24).toString('hex') };
}

/** Which scheme a request authenticated with, for the traffic panel: never the credentials or the token themselves. */
export function authorizationScheme(header: string | undefined): Record<string, string> {
  if (!header) return {};
  return { authorization: `${header.split(' ')[0]!.slice(0, 16)} \u2026` };
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}
