/** A real lab for scripts and tests: a SessionManager (real registry binary, real bubblewrap) in a temporary data directory, and the whole server on a free port. */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type LabConfig } from '../../server/config/index.ts';
import { createLogger, type Logger } from '../../server/log/index.ts';
import { startLab, type RunningLab } from '../../server/lab.ts';
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

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startTestLab(env: Record<string, string> = {}, logger: Logger = createLogger('silent')): Promise<RunningLab & { origin: string; stop(): Promise<void> }> {
  const port = await freePort();
  const config = testConfig({ PORT: String(port), ...env });
  const lab = await startLab(config, logger);
  return {
    ...lab,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      await lab.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
