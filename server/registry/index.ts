/**
 * Registry backend: the distribution registry as a child process per session, a typed client for
 * the Distribution API over its unix socket, and the one-time capability probe.
 */
export { RegistryClient, RegistryRequestError, MediaTypes, ALL_MANIFEST_TYPES, sha256, parseErrors, assertRepository } from './client.ts';
export type { Descriptor, FetchedManifest, RegistryError } from './client.ts';
export { SpecEndpoints, citeSpec, specPath } from './spec-endpoints.ts';
export type { SpecEndpoint } from './spec-endpoints.ts';
export { UnixHttp } from './http.ts';
export type { RegistryResponse, RequestOptions } from './http.ts';
export { RegistryProcess, findRegistryBinary } from './process.ts';
export type { RegistryProcessOptions } from './process.ts';
export { LabService } from './lab-service.ts';
export type { LabExchange } from './lab-service.ts';
export { DEFAULT_REGISTRY_SETTINGS, authorizationScheme } from './auth.ts';
export type { RegistrySettings } from './auth.ts';
export { probeCapabilities, probeRegistryBinary } from './capabilities.ts';
export type { Capabilities } from './capabilities.ts';
export { inspectRegistry, InspectorLimits, RegistryInspector } from './inspector.ts';
export type { RegistrySnapshot } from './inspector.ts';
