/** Test helpers: a real SessionManager (real registry binary, real bubblewrap) in a temporary data directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type LabConfig } from '../../server/config/index.ts';
import { createLogger } from '../../server/log/index.ts';
import { findRegistryBinary } from '../../server/registry/index.ts';
import { createSandboxDriver } from '../../server/sandbox/index.ts';
import { SessionManager, type SessionManagerOptions } from '../../server/sessions/index.ts';

/** A config for tests; its data directory is a fresh temporary one unless LAB_DATA_DIR is given. */
export function testConfig(overrides: Record<string, string> = {}): LabConfig {
  const dataDir = overrides.LAB_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'lab-test-'));
  return loadConfig({ LAB_DATA_DIR: dataDir, LAB_LOG_LEVEL: 'silent', PORT: '0', ...overrides });
}

export function registryBinary(): string {
  const bin = findRegistryBinary(process.env.LAB_REGISTRY_BIN);
  if (!bin) throw new Error('the distribution registry is not installed (apt-get install docker-registry)');
  return bin;
}

export async function startManager(
  config: LabConfig = testConfig(),
  extra: Partial<SessionManagerOptions> = {},
): Promise<{ manager: SessionManager; config: LabConfig; stop(): Promise<void> }> {
  const manager = new SessionManager({
    config,
    logger: createLogger('silent'),
    driver: createSandboxDriver({
      kind: config.sandbox,
      diskMb: config.hostDiskMb,
      inodes: config.hostInodes,
      limits: { nproc: config.sandboxNproc, nofile: config.sandboxNofile, fsizeBytes: config.sandboxFsizeMb << 20 },
    }),
    registryBin: registryBinary(),
    ...extra,
  });
  await manager.init();
  return {
    manager,
    config,
    async stop() {
      await manager.shutdown();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
