/**
 * The inspector snapshot: every repository, its tags, each manifest or index with its children,
 * and every blob linked into the repository, including blobs that no manifest references.
 * Tags and manifests come from the Distribution API; the list of untagged manifests and linked
 * blobs comes from the registry's storage (never following links), because the API cannot list them.
 *
 * What a registry holds is the learner's to choose, so a snapshot has a budget: manifests larger
 * than SHOWN_MANIFEST_BYTES are described from a HEAD (never fetched or parsed), the JSON text it
 * carries is capped, and so is the number of entries. A RegistryInspector builds one snapshot at a
 * time per session, at most one per MIN_BUILD_INTERVAL_MS, and answers from its cache until the
 * registry may have changed.
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
  /** True when the snapshot stopped at its budget: there is more in the registry than it shows. */
  truncated: boolean;
}

export const InspectorLimits = {
  /** Repositories, and linked manifests or blobs per repository, read from storage. */
  MAX_ENTRIES: 500,
  /** Tags, manifests and blobs in one snapshot, all repositories together. */
  MAX_NODES: 5000,
  /** A manifest larger than this is shown by digest, type and size only. */
  SHOWN_MANIFEST_BYTES: 64 * 1024,
  /** Manifest JSON text one snapshot carries, all manifests together. */
  SNAPSHOT_JSON_BYTES: 2 * 1024 * 1024,
  MIN_BUILD_INTERVAL_MS: 1000,
} as const;

/** What a snapshot may still spend; shared by every repository of one build. */
interface Budget {
  nodes: number;
  jsonBytes: number;
  truncated: boolean;
}

function spend(budget: Budget, nodes: number): boolean {
  if (budget.nodes < nodes) {
    budget.truncated = true;
    return false;
  }
  budget.nodes -= nodes;
  return true;
}

/** Names of digest directories under a storage folder such as _layers/sha256, without following links. */
function linkedDigests(dir: string): string[] {
  try {
    if (!lstatSync(dir).isDirectory()) return [];
    // Cut before the lstat of each entry: a directory of a learner's making can be very long.
    return readdirSync(dir)
      .filter((hex) => /^[a-f0-9]{64}$/.test(hex))
      .slice(0, InspectorLimits.MAX_ENTRIES)
      .filter((hex) => lstatSync(path.join(dir, hex, 'link'), { throwIfNoEntry: false })?.isFile())
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

/** A manifest too large to show, or past the snapshot's JSON budget: what a HEAD tells, and why. */
function undescribed(digest: string, head: { mediaType: string; size: number }, tags: string[]): ManifestNode {
  const why = head.size > InspectorLimits.SHOWN_MANIFEST_BYTES
    ? `this manifest is ${head.size} bytes; the inspector shows manifests up to ${InspectorLimits.SHOWN_MANIFEST_BYTES} bytes`
    : 'this snapshot reached its size budget before this manifest';
  return { digest, mediaType: head.mediaType, size: head.size, kind: 'unknown', tags, json: JSON.stringify({ inspector: `${why}. Fetch it with curl to see it.` }) };
}

type ManifestHead = { digest: string; mediaType: string; size: number };

async function inspectManifest(client: RegistryClient, name: string, digest: string, tags: string[], known: ManifestHead | undefined, budget: Budget): Promise<ManifestNode | null> {
  const head = known ?? (await client.resolve(name, digest));
  if (!head) return null;
  if (head.size > InspectorLimits.SHOWN_MANIFEST_BYTES || head.size > budget.jsonBytes) {
    if (head.size <= InspectorLimits.SHOWN_MANIFEST_BYTES) budget.truncated = true;
    return undescribed(digest, head, tags);
  }
  const fetched = await client.getManifest(name, digest);
  if (!fetched) return null;
  budget.jsonBytes -= fetched.bytes.length;
  return describe(digest, fetched, tags);
}

async function inspectRepository(client: RegistryClient, storageDir: string, name: string, budget: Budget): Promise<RepositoryNode> {
  const repoDir = path.join(storageDir, 'docker/registry/v2/repositories', name);
  let tagNames = ((await client.tags(name)) ?? []).slice(0, InspectorLimits.MAX_ENTRIES);
  if (!spend(budget, tagNames.length)) tagNames = [];
  const heads = new Map<string, ManifestHead>();
  const tags = await Promise.all(
    tagNames.map(async (tag) => {
      const head = await client.resolve(name, tag);
      if (head) heads.set(head.digest, head);
      return { name: tag, digest: head?.digest ?? null };
    }),
  );

  const manifestDigests = new Set([...linkedDigests(path.join(repoDir, '_manifests/revisions/sha256')), ...tags.flatMap((t) => (t.digest ? [t.digest] : []))]);
  const manifests: ManifestNode[] = [];
  for (const digest of manifestDigests) {
    if (!spend(budget, 1)) break;
    const node = await inspectManifest(client, name, digest, tags.filter((t) => t.digest === digest).map((t) => t.name), heads.get(digest), budget);
    if (node) manifests.push(node);
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
  let blobDigests = linkedDigests(path.join(repoDir, '_layers/sha256'));
  if (!spend(budget, blobDigests.length)) blobDigests = [];
  const blobs = await Promise.all(
    blobDigests.map(async (digest): Promise<BlobNode> => {
      const head = await client.headBlob(name, digest);
      const ref = references.get(digest);
      return { digest, size: head.exists ? (head.size ?? null) : null, mediaType: ref?.mediaType ?? null, referencedBy: ref?.by ?? [] };
    }),
  );
  return { name, tags, manifests, blobs };
}

export async function inspectRegistry(client: RegistryClient, storageDir: string): Promise<RegistrySnapshot> {
  const names = (await client.catalog()).slice(0, InspectorLimits.MAX_ENTRIES);
  const budget: Budget = { nodes: InspectorLimits.MAX_NODES, jsonBytes: InspectorLimits.SNAPSHOT_JSON_BYTES, truncated: false };
  const repositories: RepositoryNode[] = [];
  for (const name of names) {
    if (!spend(budget, 1)) break;
    repositories.push(await inspectRepository(client, storageDir, name, budget));
  }
  return { takenAt: Date.now(), repositories, truncated: budget.truncated };
}

/**
 * One session's inspector: snapshots as JSON text, built one at a time, at most once per
 * MIN_BUILD_INTERVAL_MS, and served from the cache until invalidate() says the registry may have
 * changed. Callers that arrive during a build share it.
 */
export class RegistryInspector {
  private cached: Buffer | undefined;
  private stale = true;
  private building: Promise<Buffer> | undefined;
  private lastBuildAt = 0;

  constructor(private readonly build: () => Promise<RegistrySnapshot>) {}

  invalidate(): void {
    this.stale = true;
  }

  /** The snapshot as JSON bytes; every response shares the one buffer. */
  json(): Promise<Buffer> {
    if (this.building) return this.building;
    if (this.cached !== undefined && !this.stale) return Promise.resolve(this.cached);
    this.building = this.rebuild().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async rebuild(): Promise<Buffer> {
    const wait = this.lastBuildAt + InspectorLimits.MIN_BUILD_INTERVAL_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // A change during the build marks it stale again, so the next caller gets a fresh one.
    this.stale = false;
    try {
      this.cached = Buffer.from(JSON.stringify(await this.build()));
      return this.cached;
    } catch (error) {
      this.stale = true;
      throw error;
    } finally {
      this.lastBuildAt = Date.now();
    }
  }
}
