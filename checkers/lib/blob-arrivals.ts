/**
 * How a blob came to be in a repository, read from the recorded traffic: mounted from another
 * repository (the spec's mount endpoint, SpecEndpoints.mountBlob: no bytes sent), or uploaded (a
 * closing PUT, or a one-request POST, that carried the bytes). Lessons about mounts judge the "how", not only the end state.
 */
import type { TrafficEntry } from '../../server/recorder/index.ts';

export interface BlobArrivals {
  /** POST …/blobs/uploads/?mount=<digest>&from=… answered 201: the registry linked the blob. */
  mounted: TrafficEntry[];
  /** Mount requests answered 202: the registry could not mount and opened an upload session instead. */
  notMounted: TrafficEntry[];
  /** Requests that completed an upload of these bytes into the repository (201). */
  uploaded: TrafficEntry[];
}

/** The `mount` and `from` parameters of a POST to /v2/<repository>/blobs/uploads/, if it is one. */
export function mountRequest(entry: TrafficEntry): { repository: string; mount: string; from: string | null } | undefined {
  const repository = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(entry.path)?.[1];
  if (entry.method !== 'POST' || !repository) return undefined;
  const query = new URLSearchParams(entry.query);
  const mount = query.get('mount');
  return mount === null ? undefined : { repository, mount, from: query.get('from') };
}

function completedUploadOf(entry: TrafficEntry, repository: string, digest: string): boolean {
  if (entry.status !== 201 || entry.responseHeaders['docker-content-digest'] !== digest) return false;
  if (!entry.path.startsWith(`/v2/${repository}/blobs/uploads/`)) return false;
  return entry.method === 'PUT' || (entry.method === 'POST' && !mountRequest(entry));
}

export function blobArrivals(traffic: TrafficEntry[], repository: string, digest: string): BlobArrivals {
  const mounts = traffic.filter((entry) => {
    const request = mountRequest(entry);
    return request?.repository === repository && request.mount === digest;
  });
  return {
    mounted: mounts.filter((entry) => entry.status === 201),
    notMounted: mounts.filter((entry) => entry.status === 202),
    uploaded: traffic.filter((entry) => completedUploadOf(entry, repository, digest)),
  };
}

/** HEAD requests for a blob in a repository, oldest first. */
export function blobHeads(traffic: TrafficEntry[], repository: string, digest: string): TrafficEntry[] {
  return traffic.filter((entry) => entry.method === 'HEAD' && entry.path === `/v2/${repository}/blobs/${digest}`);
}
