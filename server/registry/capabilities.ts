/**
 * Probes the registry backend once at server start for the behaviours lessons depend on
 * (design §4.6). Each probe asks a real, throw-away registry and records what it answered.
 */
import { execFile } from 'node:child_process';
import { MediaTypes, sha256, type RegistryClient } from './client.ts';
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

/** Starts a throw-away registry in dir, asks it what it can do, and removes it again. */
export async function probeRegistryBinary(options: { dir: string; registryBin: string; sandboxed: boolean }): Promise<Capabilities> {
  const registry = new RegistryProcess({ ...options, uid: undefined, readerGid: undefined, diskMb: 64, inodes: 4096 });
  try {
    await registry.start();
    return await probeCapabilities(registry.client, await registryVersion(options.registryBin));
  } finally {
    await registry.destroy();
  }
}
