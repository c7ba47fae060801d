/** Server entry: reads the configuration, starts the lab, and stops it cleanly on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from './config/index.ts';
import { createLogger } from './log/index.ts';
import { startLab } from './lab.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`registry-lab: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
try {
  const lab = await startLab(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'stopping', signal }, 'stopping: tearing every session down');
    lab.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ event: 'stop-failed', err: error.message }, 'clean stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  console.log(`registry-lab: open ${lab.url}`);
} catch (error) {
  logger.fatal({ event: 'start-failed', err: (error as Error).message }, 'the lab could not start');
  console.error(`registry-lab: could not start: ${(error as Error).message}`);
  process.exit(1);
}
