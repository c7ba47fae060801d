/**
 * One RegistryInspector per session, told to rebuild when the registry may have changed: a
 * mutating exchange through the recorder, a reset, or a change of state (setup pushes fixtures
 * directly, before the session turns ready). Reads never rebuild by themselves.
 */
import { inspectRegistry, RegistryInspector } from '../registry/index.ts';
import type { LabSession } from '../sessions/index.ts';

const inspectors = new WeakMap<LabSession, RegistryInspector>();

export function inspectorFor(session: LabSession): RegistryInspector {
  const existing = inspectors.get(session);
  if (existing) return existing;
  const inspector = new RegistryInspector(() => inspectRegistry(session.registry, session.registryStorageDir));
  const invalidate = () => inspector.invalidate();
  session.events.on('traffic', (entry) => entry.mutating && invalidate());
  session.events.on('reset', invalidate);
  session.events.on('state', invalidate);
  inspectors.set(session, inspector);
  return inspector;
}
