/**
 * The distribution spec's endpoint table (v1.1.1, "API" → "Endpoints"): one entry per id, with its
 * methods, path template and the section that describes it. It lives with MediaTypes in the
 * registry layer, the lowest one that speaks the protocol, so the client, the checkers' hints and
 * their messages all cite the same row instead of typing "end-N" by hand (a typo there cites
 * nothing; a typo here does not compile).
 */

export interface SpecEndpoint {
  /** The spec's id, e.g. "end-4a". */
  id: string;
  methods: readonly string[];
  /** The path as the spec writes it, with <name>, <digest>, <reference> … placeholders. */
  path: string;
  /** The spec section (heading) that describes the endpoint. */
  section: string;
}

export const SpecEndpoints = {
  apiVersion: { id: 'end-1', methods: ['GET'], path: '/v2/', section: 'Determining Support' },
  blob: { id: 'end-2', methods: ['GET', 'HEAD'], path: '/v2/<name>/blobs/<digest>', section: 'Pulling blobs' },
  manifest: { id: 'end-3', methods: ['GET', 'HEAD'], path: '/v2/<name>/manifests/<reference>', section: 'Pulling manifests' },
  startUpload: { id: 'end-4a', methods: ['POST'], path: '/v2/<name>/blobs/uploads/', section: 'POST then PUT' },
  singlePostUpload: { id: 'end-4b', methods: ['POST'], path: '/v2/<name>/blobs/uploads/?digest=<digest>', section: 'Single POST' },
  uploadChunk: { id: 'end-5', methods: ['PATCH'], path: '/v2/<name>/blobs/uploads/<reference>', section: 'Pushing a blob in chunks' },
  closeUpload: { id: 'end-6', methods: ['PUT'], path: '/v2/<name>/blobs/uploads/<reference>?digest=<digest>', section: 'POST then PUT' },
  putManifest: { id: 'end-7', methods: ['PUT'], path: '/v2/<name>/manifests/<reference>', section: 'Pushing Manifests' },
  listTags: { id: 'end-8a', methods: ['GET'], path: '/v2/<name>/tags/list', section: 'Listing Tags' },
  listTagsPage: { id: 'end-8b', methods: ['GET'], path: '/v2/<name>/tags/list?n=<integer>&last=<tagname>', section: 'Listing Tags' },
  deleteManifest: { id: 'end-9', methods: ['DELETE'], path: '/v2/<name>/manifests/<reference>', section: 'Deleting Manifests' },
  deleteBlob: { id: 'end-10', methods: ['DELETE'], path: '/v2/<name>/blobs/<digest>', section: 'Deleting Blobs' },
  mountBlob: { id: 'end-11', methods: ['POST'], path: '/v2/<name>/blobs/uploads/?mount=<digest>&from=<other_name>', section: 'Mounting a blob from another repository' },
  referrers: { id: 'end-12a', methods: ['GET'], path: '/v2/<name>/referrers/<digest>', section: 'Listing Referrers' },
  referrersOfType: { id: 'end-12b', methods: ['GET'], path: '/v2/<name>/referrers/<digest>?artifactType=<artifactType>', section: 'Listing Referrers' },
  uploadStatus: { id: 'end-13', methods: ['GET'], path: '/v2/<name>/blobs/uploads/<reference>', section: 'Pushing a blob in chunks' },
} as const satisfies Record<string, SpecEndpoint>;

/** "spec end-6", for a message or a hint that names where the spec says so. */
export function citeSpec(endpoint: SpecEndpoint): string {
  return `spec ${endpoint.id}`;
}

/**
 * The endpoint's path with some placeholders filled in (`{ name: 'my/app' }`); the others, and any
 * given as undefined, stay as the spec writes them, so a hint can show "/v2/my/app/blobs/<digest>".
 */
export function specPath(endpoint: SpecEndpoint, values: Partial<Record<string, string>> = {}): string {
  return endpoint.path.replace(/<([a-z_A-Z]+)>/g, (placeholder, key: string) => values[key] ?? placeholder);
}
