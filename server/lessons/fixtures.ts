/**
 * Helpers for a lesson's setup.ts: a seeded random source (so a seed always gives the same
 * digests and learners get different ones), deterministic gzip tar layers, OCI and Docker v2.2
 * configs, manifests and indexes, pushes through the registry API, and files in a host's home.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import tar from 'tar-stream';
import { MediaTypes, sha256, type Descriptor, type RegistryClient } from '../registry/index.ts';
import type { Session } from '../sessions/index.ts';

export interface SeededRandom {
  bytes(count: number): Buffer;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  word(): string;
}

/**
 * An AES-256-CTR keystream keyed by the seed's SHA-256: the same bytes for the same seed everywhere,
 * at memory speed (a lesson that needs megabytes of random layer content stays within the start budget;
 * SHA-256 in counter mode took about 80 ms per MB).
 */
export function seededRandom(seed: string): SeededRandom {
  const keystream = createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
  const bytes = (count: number) => keystream.update(Buffer.alloc(count));
  const int = (min: number, max: number) => min + (bytes(4).readUInt32BE(0) % (max - min + 1));
  const WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron', 'indigo', 'juniper', 'kelp', 'lumen', 'maple', 'nova', 'onyx', 'pine', 'quartz', 'raven', 'sage', 'tundra', 'umber', 'vale', 'willow', 'zephyr'];
  const shuffle = <T>(items: readonly T[]) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  return { bytes, int, pick: (items) => items[int(0, items.length - 1)]!, shuffle, word: () => WORDS[int(0, WORDS.length - 1)]! };
}

const gzip = promisify(gzipCallback);

export interface Layer {
  /** The compressed bytes (the blob). */
  blob: Buffer;
  /** sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. */
  diffId: string;
  descriptor: Descriptor;
}

/** A tar entry's content: file bytes, or a link (lessons about extraction need both kinds, pointing anywhere). */
export type LayerEntry = string | Buffer | { symlink: string } | { hardlink: string };

function packEntry(pack: tar.Pack, name: string, content: LayerEntry): void {
  const header = { name, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: 'root', gname: 'root' };
  if (typeof content === 'object' && 'symlink' in content) pack.entry({ ...header, mode: 0o777, type: 'symlink', linkname: content.symlink });
  else if (typeof content === 'object' && 'hardlink' in content) pack.entry({ ...header, type: 'link', linkname: content.hardlink });
  else pack.entry(header, content);
}

/** A gzip tar with fixed mtimes, owners and modes, so the same files always give the same digest. Entries are written in name order. */
export async function tarLayer(files: Record<string, LayerEntry>, mediaType: string = MediaTypes.ociLayerGzip): Promise<Layer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => pack.on('end', () => resolve()).on('error', reject));
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) packEntry(pack, name, content);
  pack.finalize();
  await done;
  const tarBytes = Buffer.concat(chunks);
  // On the thread pool, not the event loop: megabytes of layer would hold up every other learner.
  const blob = await gzip(tarBytes, { level: 9 });
  return { blob, diffId: sha256(tarBytes), descriptor: { mediaType, digest: sha256(blob), size: blob.length } };
}

export interface ImageParts {
  config: { bytes: Buffer; descriptor: Descriptor };
  layers: Layer[];
  manifest: { bytes: Buffer; descriptor: Descriptor };
}

export type Flavor = 'oci' | 'docker';

/** An image config and manifest over the given layers. The JSON is written with 2-space indents, as files learners read. */
export function buildImage(layers: Layer[], platform: { os: string; architecture: string } = { os: 'linux', architecture: 'amd64' }, flavor: Flavor = 'oci'): ImageParts {
  const configJson = {
    architecture: platform.architecture,
    os: platform.os,
    config: { Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
    history: layers.map((_, index) => ({ created: '2024-01-01T00:00:00Z', created_by: `registry-lab layer ${index + 1}` })),
  };
  const configBytes = Buffer.from(`${JSON.stringify(configJson, null, 2)}\n`);
  const configType = flavor === 'oci' ? MediaTypes.ociConfig : MediaTypes.dockerConfig;
  const manifestType = flavor === 'oci' ? MediaTypes.ociManifest : MediaTypes.dockerManifest;
  const config = { bytes: configBytes, descriptor: { mediaType: configType, digest: sha256(configBytes), size: configBytes.length } };
  const manifestJson = {
    schemaVersion: 2,
    mediaType: manifestType,
    config: config.descriptor,
    layers: layers.map((layer) => ({ ...layer.descriptor, mediaType: flavor === 'oci' ? layer.descriptor.mediaType : MediaTypes.dockerLayerGzip })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifestJson, null, 2)}\n`);
  return { config, layers, manifest: { bytes: manifestBytes, descriptor: { mediaType: manifestType, digest: sha256(manifestBytes), size: manifestBytes.length } } };
}

/** The part of an image config that says how to run it (image-spec config.md, "config"). */
export interface RunConfig {
  Entrypoint: string[];
  Cmd: string[];
  Env: string[];
  WorkingDir: string;
}

/** The image with its config's "config" section replaced, and the manifest pointing at the new config. */
export function withRunConfig(image: ImageParts, run: RunConfig): ImageParts {
  const configJson = { ...(JSON.parse(image.config.bytes.toString('utf8')) as object), config: run };
  const configBytes = Buffer.from(`${JSON.stringify(configJson, null, 2)}\n`);
  const config = { bytes: configBytes, descriptor: { ...image.config.descriptor, digest: sha256(configBytes), size: configBytes.length } };
  const manifestBytes = Buffer.from(JSON.stringify({ ...(JSON.parse(image.manifest.bytes.toString('utf8')) as object), config: config.descriptor }));
  return { ...image, config, manifest: { bytes: manifestBytes, descriptor: { ...image.manifest.descriptor, digest: sha256(manifestBytes), size: manifestBytes.length } } };
}

/** An OCI index over platform manifests. */
export function buildIndex(children: { descriptor: Descriptor; platform: { os: string; architecture: string; variant?: string } }[]): { bytes: Buffer; descriptor: Descriptor } {
  const bytes = Buffer.from(`${JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: children.map((c) => ({ ...c.descriptor, platform: c.platform })) }, null, 2)}\n`);
  return { bytes, descriptor: { mediaType: MediaTypes.ociIndex, digest: sha256(bytes), size: bytes.length } };
}

/** Pushes the layers and config, then the manifest under each tag (or by digest when no tags are given). */
export async function pushImage(registry: RegistryClient, repository: string, image: ImageParts, tags: string[] = []): Promise<string> {
  // Blobs are independent of each other: push them at once; the manifests need them all.
  await Promise.all([...image.layers.map((layer) => registry.pushBlob(repository, layer.blob)), registry.pushBlob(repository, image.config.bytes)]);
  const references = tags.length ? tags : [image.manifest.descriptor.digest];
  for (const reference of references) await registry.putManifest(repository, reference, image.manifest.bytes, image.manifest.descriptor.mediaType);
  return image.manifest.descriptor.digest;
}

/** Writes a file into a host's home or /tmp, owned by the learner so they can change or delete it. */
export function writeLearnerFile(session: Session, host: string, learnerPath: string, data: string | Buffer, mode = 0o644): void {
  const target = session.host(host);
  const normalized = learnerPath.replace(/^~\//, '');
  const inTmp = normalized.startsWith('/tmp/');
  const base = inTmp ? target.tmpDir : target.homeDir;
  const relative = inTmp ? normalized.slice('/tmp/'.length) : normalized;
  if (path.isAbsolute(relative) || relative.split('/').includes('..')) throw new Error(`fixture path must be under ~ or /tmp: ${learnerPath}`);
  const { uid, gid } = statSync(target.homeDir);
  const file = path.join(base, relative);
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  for (let current = dir; current.startsWith(base) && current !== base; current = path.dirname(current)) chownSync(current, uid, gid);
  writeFileSync(file, data, { mode });
  chownSync(file, uid, gid);
}
