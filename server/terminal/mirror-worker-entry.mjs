// The mirror worker's entry point. A worker thread does not inherit the main thread's TypeScript
// loader (tsx, or vitest's), so it registers tsx itself before loading the worker written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./mirror-worker.ts');
