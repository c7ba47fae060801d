/**
 * A typed client for the Distribution API, bound to one registry socket.
 * Used by the inspector, the capability probe, lesson fixtures and checkers.
 */
import { createHash } from 'node:crypto';
import { UnixHttp, type RegistryResponse } from './http.ts';

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** Every manifest type this lab knows; distribution 2.8 answers 404 unless the Accept header names the stored type. */
export const ALL_MANIFEST_TYPES = [
  MediaTypes.ociManifest,
  MediaTypes.ociIndex,
  MediaTypes.dockerManifest,
  MediaTypes.dockerManifestList,
];

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { architecture: string; os: string; variant?: string; 'os.version'?: string };
  annotations?: Record<string, string>;
  artifactType?: string;
}

export interface RegistryError {
  code: string;
  message: string;
  detail?: unknown;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  json: unknown;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

const REPOSITORY_NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const REFERENCE = /^([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}|[a-z0-9]+:[a-f0-9]{32,})$/;

/** Refuses names that could change the request path, before they reach the registry. */
export function assertRepository(name: string): void {
  if (!REPOSITORY_NAME.test(name) || name.length > 255) throw new Error(`not a repository name: ${JSON.stringify(name)}`);
}

function assertReference(reference: string): void {
  if (!REFERENCE.test(reference)) throw new Error(`not a tag or digest: ${JSON.stringify(reference)}`);
}

export function parseErrors(body: Buffer): RegistryError[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: RegistryError[] };
    return Array.isArray(parsed.errors) ? parsed.errors : [];
  } catch {
    return [];
  }
}

export class RegistryRequestError extends Error {
  override name = 'RegistryRequestError';
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errors: RegistryError[],
  ) {
    super(`${operation}: HTTP ${status}${errors.length ? ` ${errors.map((e) => e.code).join(', ')}` : ''}`);
  }
}

export class RegistryClient {
  readonly http: UnixHttp;

  constructor(socketPath: string, authorize?: (method: string, path: string) => Promise<string | undefined>) {
    this.http = new UnixHttp(socketPath, undefined, authorize);
  }

  async catalog(): Promise<string[]> {
    const res = await this.http.request('GET', '/v2/_catalog?n=1000');
    this.expect(res, 200, 'list repositories');
    return (JSON.parse(res.body.toString()) as { repositories: string[] | null }).repositories ?? [];
  }

  /** The tag list, or null when the repository does not exist. distribution 2.8 returns tags unsorted. */
  async tags(repository: string): Promise<string[] | null> {
    assertRepository(repository);
    const res = await this.http.request('GET', `/v2/${repository}/tags/list`);
    if (res.status === 404) return null;
    this.expect(res, 200, `list tags of ${repository}`);
    return (JSON.parse(res.body.toString()) as { tags: string[] | null }).tags ?? [];
  }

  async headBlob(repository: string, digest: string): Promise<{ exists: boolean; size?: number }> {
    assertRepository(repository);
    assertReference(digest);
    const res = await this.http.request('HEAD', `/v2/${repository}/blobs/${digest}`);
    if (res.status !== 200) return { exists: false };
    return { exists: true, size: Number(res.headers['content-length']) };
  }

  async getBlob(repository: string, digest: string, maxBody?: number): Promise<Buffer | null> {
    assertRepository(repository);
    assertReference(digest);
    const res = await this.http.request('GET', `/v2/${repository}/blobs/${digest}`, maxBody ? { maxBody } : {});
    if (res.status === 404) return null;
    this.expect(res, 200, `get blob ${digest}`);
    return res.body;
  }

  /** True when the blob exists in the repository and its bytes hash to its digest. */
  async verifyBlob(repository: string, digest: string): Promise<boolean> {
    const bytes = await this.getBlob(repository, digest);
    return bytes !== null && sha256(bytes) === digest;
  }

  /** HEAD with an Accept for every manifest type: the digest the registry reports, or null. */
  async resolve(repository: string, reference: string): Promise<{ digest: string; mediaType: string; size: number } | null> {
    assertRepository(repository);
    assertReference(reference);
    const res = await this.http.request('HEAD', `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: ALL_MANIFEST_TYPES.join(', ') },
    });
    if (res.status !== 200) return null;
    return {
      digest: String(res.headers['docker-content-digest'] ?? ''),
      mediaType: String(res.headers['content-type'] ?? ''),
      size: Number(res.headers['content-length']),
    };
  }

  async getManifest(repository: string, reference: string, accept: string[] = ALL_MANIFEST_TYPES): Promise<FetchedManifest | null> {
    assertRepository(repository);
    assertReference(reference);
    const res = await this.http.request('GET', `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: accept.join(', ') },
    });
    if (res.status === 404) return null;
    this.expect(res, 200, `get manifest ${repository}:${reference}`);
    let json: unknown = null;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      json = null;
    }
    return {
      digest: String(res.headers['docker-content-digest'] ?? sha256(res.body)),
      mediaType: String(res.headers['content-type'] ?? ''),
      bytes: res.body,
      json,
    };
  }

  /** Monolithic upload: POST for a session, then PUT the bytes with the digest. */
  async pushBlob(repository: string, data: Buffer): Promise<Descriptor & { mediaType: 'application/octet-stream' }> {
    assertRepository(repository);
    const digest = sha256(data);
    const existing = await this.headBlob(repository, digest);
    if (!existing.exists) {
      const start = await this.http.request('POST', `/v2/${repository}/blobs/uploads/`);
      this.expect(start, 202, `start upload to ${repository}`);
      const location = new URL(String(start.headers.location), 'http://localhost:5000');
      location.searchParams.set('digest', digest);
      const put = await this.http.request('PUT', `${location.pathname}${location.search}`, {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
        body: data,
        timeoutMs: 60_000,
      });
      this.expect(put, 201, `upload blob ${digest}`);
    }
    return { mediaType: 'application/octet-stream', digest, size: data.length };
  }

  /**
   * Starts an upload and sends its first chunk, then leaves it open, as an interrupted client would.
   * Returns the newest Location (as the learner sees it, http://localhost:5000/...), which resumes it.
   */
  async startChunkedUpload(repository: string, firstChunk: Buffer): Promise<string> {
    assertRepository(repository);
    const start = await this.http.request('POST', `/v2/${repository}/blobs/uploads/`, { headers: { 'content-length': '0' } });
    this.expect(start, 202, `start upload to ${repository}`);
    const location = new URL(String(start.headers.location), 'http://localhost:5000');
    const patch = await this.http.request('PATCH', `${location.pathname}${location.search}`, {
      headers: { 'content-type': 'application/octet-stream', 'content-range': `0-${firstChunk.length - 1}`, 'content-length': String(firstChunk.length) },
      body: firstChunk,
    });
    this.expect(patch, 202, `send the first chunk to ${repository}`);
    return new URL(String(patch.headers.location), 'http://localhost:5000').href;
  }

  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    assertRepository(repository);
    assertReference(reference);
    const res = await this.http.request('PUT', `/v2/${repository}/manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    this.expect(res, 201, `put manifest ${repository}:${reference}`);
    return String(res.headers['docker-content-digest'] ?? sha256(bytes));
  }

  async deleteManifest(repository: string, digest: string): Promise<number> {
    assertRepository(repository);
    assertReference(digest);
    return (await this.http.request('DELETE', `/v2/${repository}/manifests/${digest}`)).status;
  }

  async deleteBlob(repository: string, digest: string): Promise<number> {
    assertRepository(repository);
    assertReference(digest);
    return (await this.http.request('DELETE', `/v2/${repository}/blobs/${digest}`)).status;
  }

  close(): void {
    this.http.close();
  }

  private expect(res: RegistryResponse, status: number, operation: string): void {
    if (res.status !== status) throw new RegistryRequestError(operation, res.status, parseErrors(res.body));
  }
}
