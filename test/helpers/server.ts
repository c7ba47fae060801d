/** Starts the whole lab (real registry, real sandboxes, real HTTP server) on a free port. */
import net from 'node:net';
import { rmSync } from 'node:fs';
import { createLogger, type Logger } from '../../server/log/index.ts';
import { startLab, type RunningLab } from '../../server/lab.ts';
import { testConfig } from './lab.ts';

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
