/**
 * The inspector snapshot: every repository, its tags, each manifest or index with its children,
 * and every blob linked into the repository, including blobs that no manifest references.
 * Tags and manifests come from the Distribution API; the list of untagged manifests and linked
 * blobs comes from the registry's storage (never following links), because the API cannot list them.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Descriptor, RegistryClient } from './client.ts';

export interface ManifestNode {
  digest: string;
  mediaType: string;
  size: number;
  kind: 'manifest' | 'index' | 'unknown';
  tags: string[];
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  /** Children of an index, with their platforms. */
  manifests?: Descriptor[];
  subject?: Descriptor;
  /** The manifest's exact bytes as JSON text (for "show JSON"). */
  json: string;
}

export interface BlobNode {
  digest: string;
  /** null when the link exists but the registry no longer serves it. */
  size: number | null;
  /** The media type the referencing descriptors give it, or null when nothing references it. */
  mediaType: string | null;
  /** Digests of the manifests in this repository that reference the blob. */
  referencedBy: string[];
}

export interface RepositoryNode {
  name: string;
  tags: { name: string; digest: string | null }[];
  manifests: ManifestNode[];
  blobs: BlobNode[];
}

export interface RegistrySnapshot {
  takenAt: number;
  repositories: RepositoryNode[];
}

const MAX_ENTRIES = 500;

/** Names of digest directories under a storage folder such as _layers/sha256, without following links. */
function linkedDigests(dir: string): string[] {
  try {
    if (!lstatSync(dir).isDirectory()) return [];
    return readdirSync(dir)
      .filter((hex) => /^[a-f0-9]{64}$/.test(hex) && lstatSync(path.join(dir, hex, 'link'), { throwIfNoEntry: false })?.isFile())
      .slice(0, MAX_ENTRIES)
      .map((hex) => `sha256:${hex}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function describe(digest: string, fetched: { mediaType: string; bytes: Buffer; json: unknown }, tags: string[]): ManifestNode {
  const body = (fetched.json ?? {}) as Record<string, unknown>;
  const isIndex = Array.isArray(body.manifests);
  const node: ManifestNode = {
    digest,
    mediaType: fetched.mediaType,
    size: fetched.bytes.length,
    kind: isIndex ? 'index' : body.config ? 'manifest' : 'unknown',
    tags,
    json: fetched.bytes.toString('utf8'),
  };
  if (typeof body.artifactType === 'string') node.artifactType = body.artifactType;
  if (body.config) node.config = body.config as Descriptor;
  if (Array.isArray(body.layers)) node.layers = body.layers as Descriptor[];
  if (isIndex) node.manifests = body.manifests as Descriptor[];
  if (body.subject) node.subject = body.subject as Descriptor;
  return node;
}

async function inspectRepository(client: RegistryClient, storageDir: string, name: string): Promise<RepositoryNode> {
  const repoDir = path.join(storageDir, 'docker/registry/v2/repositories', name);
  const tagNames = ((await client.tags(name)) ?? []).slice(0, MAX_ENTRIES);
  const tags = await Promise.all(tagNames.map(async (tag) => ({ name: tag, digest: (await client.resolve(name, tag))?.digest ?? null })));

  const manifestDigests = new Set([...linkedDigests(path.join(repoDir, '_manifests/revisions/sha256')), ...tags.flatMap((t) => (t.digest ? [t.digest] : []))]);
  const manifests: ManifestNode[] = [];
  for (const digest of manifestDigests) {
    const fetched = await client.getManifest(name, digest);
    if (!fetched) continue;
    manifests.push(describe(digest, fetched, tags.filter((t) => t.digest === digest).map((t) => t.name)));
  }

  const references = new Map<string, { mediaType: string; by: string[] }>();
  for (const manifest of manifests) {
    for (const descriptor of [manifest.config, ...(manifest.layers ?? [])]) {
      if (!descriptor?.digest) continue;
      const entry = references.get(descriptor.digest) ?? { mediaType: descriptor.mediaType, by: [] };
      entry.by.push(manifest.digest);
      references.set(descriptor.digest, entry);
    }
  }
  const blobs = await Promise.all(
    linkedDigests(path.join(repoDir, '_layers/sha256')).map(async (digest): Promise<BlobNode> => {
      const head = await client.headBlob(name, digest);
      const ref = references.get(digest);
      return { digest, size: head.exists ? (head.size ?? null) : null, mediaType: ref?.mediaType ?? null, referencedBy: ref?.by ?? [] };
    }),
  );
  return { name, tags, manifests, blobs };
}

export async function inspectRegistry(client: RegistryClient, storageDir: string): Promise<RegistrySnapshot> {
  const names = (await client.catalog()).slice(0, MAX_ENTRIES);
  const repositories: RepositoryNode[] = [];
  for (const name of names) repositories.push(await inspectRepository(client, storageDir, name));
  return { takenAt: Date.now(), repositories };
}
