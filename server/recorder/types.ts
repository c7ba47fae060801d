/** One HTTP exchange between a learner's sandbox and their registry, as the traffic recorder saw it. */
export interface TrafficEntry {
  /** Increasing per session. */
  id: number;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  durationMs: number;
  method: string;
  /** Path without the query, e.g. /v2/hello-world/blobs/uploads/ */
  path: string;
  /** Raw query string without the leading "?", or "" */
  query: string;
  /** 0 when the registry never answered. */
  status: number;
  /** Only the headers that matter for teaching (lower-case names). */
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBytes: number;
  responseBytes: number;
  /** The registry's JSON error body for a 4xx/5xx, up to 4 KiB, parsed when it is JSON. */
  errors: { code: string; message: string; detail?: unknown }[];
  /** The raw error body text (first 4 KiB) when the status is 4xx/5xx. */
  errorBody?: string;
  /** POST, PUT, PATCH or DELETE: it may have changed the registry. */
  mutating: boolean;
  /** Set when the lab's own service at localhost:5001 answered (the token realm, garbage collection), not the registry. */
  endpoint?: 'lab';
  /** What the lab's service did, in words: the access a token grants, a garbage collection's summary. */
  note?: string;
}
