/** What a lesson's setup.ts receives. It returns the fixtures its checker will see. */
import type { RegistryClient } from '../registry/index.ts';
import type { SeededRandom } from './fixtures.ts';

export interface SetupContext {
  /** Differs per learner; the same seed always gives the same fixtures. */
  seed: string;
  random: SeededRandom;
  /** The session's registry, for the starting state (pushed through the Distribution API). */
  registry: RegistryClient;
  hosts: string[];
  /** Writes a file under ~ or /tmp of a host, owned by the learner. */
  writeFile(host: string, learnerPath: string, data: string | Buffer, mode?: number): void;
}

export type SetupFunction = (context: SetupContext) => Promise<unknown>;
