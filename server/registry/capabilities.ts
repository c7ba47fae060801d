/**
 * Probes the registry backend once at server start for the behaviours lessons depend on
 * (design §4.6). Each probe asks a real, throw-away registry and records what it answered.
 */
import { execFile } from 'node:child_process';
import { MediaTypes, sha256, type RegistryClient } from './client.ts';
import { DEFAULT_REGISTRY_SETTINGS, type RegistrySettings } from './auth.ts';
import { RegistryProcess } from './process.ts';

export interface Capabilities {
  /** DELETE /v2/<name>/manifests/<tag> untags (distribution 2.8 answers 400 DIGEST_INVALID). */
  tagDeletion: boolean;
  /** GET /v2/<name>/referrers/<digest> answers with an index. */
  referrersApi: boolean;
  /** tags/list honours ?n= (distribution 2.8 ignores it). */
  tagListPagination: boolean;
  /** A manifest comes back for Accept: * / * (distribution 2.8 needs the exact media type). */
  manifestWithoutExactAccept: boolean;
  /** The registry's version string, when it reports one. */
  version: string;
  /**
   * What lessons' `registry:` settings need, each tried on a registry of its own: distribution
   * accepts the lab's tokens (auth: token), its htpasswd Basic auth (auth: basic), and runs
   * `garbage-collect` (gc: true). Undefined when not probed.
   */
  tokenAuth?: boolean;
  basicAuth?: boolean;
  garbageCollect?: boolean;
}

async function pushProbeImage(client: RegistryClient, repository: string, tags: string[]): Promise<string> {
  const config = await client.pushBlob(repository, Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}'));
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: { ...config, mediaType: MediaTypes.ociConfig }, layers: [] }),
  );
  for (const tag of tags) await client.putManifest(repository, tag, manifest, MediaTypes.ociManifest);
  return sha256(manifest);
}

export async function probeCapabilities(client: RegistryClient, version: string): Promise<Capabilities> {
  const repository = 'probe/capabilities';
  const digest = await pushProbeImage(client, repository, ['a', 'b', 'c']);
  const http = client.http;

  const page = await http.request('GET', `/v2/${repository}/tags/list?n=1`);
  const pageTags = (JSON.parse(page.body.toString()) as { tags?: string[] }).tags ?? [];
  const anyAccept = await http.request('GET', `/v2/${repository}/manifests/a`, { headers: { accept: '*/*' } });
  const referrers = await http.request('GET', `/v2/${repository}/referrers/${digest}`);
  const untag = await http.request('DELETE', `/v2/${repository}/manifests/c`);

  return {
    tagDeletion: untag.status === 202,
    referrersApi: referrers.status === 200,
    tagListPagination: page.status === 200 && pageTags.length === 1,
    manifestWithoutExactAccept: anyAccept.status === 200,
    version,
  };
}

function registryVersion(bin: string): Promise<string> {
  return new Promise((resolve) => execFile(bin, ['--version'], (error, stdout) => resolve(error ? 'unknown' : stdout.trim())));
}

type ProbeOptions = { dir: string; registryBin: string; sandboxed: boolean };

/** Runs probe against a throw-away registry with these settings in dir, and removes it again. */
async function withProbeRegistry<T>(options: ProbeOptions, settings: RegistrySettings, probe: (registry: RegistryProcess) => Promise<T>): Promise<T> {
  const registry = new RegistryProcess({ ...options, uid: undefined, readerGid: undefined, diskMb: 64, inodes: 4096, settings });
  try {
    await registry.start();
    return await probe(registry);
  } finally {
    await registry.destroy();
  }
}

/** A push through the lab's authenticated client, then a dry-run garbage collection when asked: false when either fails. */
async function authAndCollection(registry: RegistryProcess, collect: boolean): Promise<{ auth: boolean; collection: boolean }> {
  const auth = await registry.client.pushBlob('probe/auth', Buffer.from('probe')).then(() => true, () => false);
  if (!collect || !auth) return { auth, collection: false };
  const result = await registry.garbageCollect({ dryRun: true, deleteUntagged: false }).catch(() => undefined);
  return { auth, collection: result?.exitCode === 0 };
}

/** Starts throw-away registries in dir, asks them what they can do, and removes them again. */
export async function probeRegistryBinary(options: ProbeOptions): Promise<Capabilities> {
  const base = await withProbeRegistry(options, DEFAULT_REGISTRY_SETTINGS, async (registry) => probeCapabilities(registry.client, await registryVersion(options.registryBin)));
  const token = await withProbeRegistry(options, { auth: 'token', delete: true, gc: true }, (registry) => authAndCollection(registry, true)).catch(() => ({ auth: false, collection: false }));
  const basic = await withProbeRegistry(options, { auth: 'basic', delete: true, gc: false }, (registry) => authAndCollection(registry, false)).catch(() => ({ auth: false, collection: false }));
  return { ...base, tokenAuth: token.auth, basicAuth: basic.auth, garbageCollect: token.collection };
}
