/** What the API's routers are given: the lab's subsystems, and the facts of this server run. */
import type { LabConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { Capabilities } from '../registry/index.ts';
import type { Metrics } from '../metrics/index.ts';
import type { ProgressStore } from '../progress/index.ts';
import type { LessonService } from '../lessons/index.ts';
import type { LabSession, SessionManager } from '../sessions/index.ts';
import type { TerminalService } from '../terminal/index.ts';
import type { SessionSummary } from '../wire/index.ts';

export interface AppDependencies {
  config: LabConfig;
  logger: Logger;
  sessions: SessionManager;
  lessons: LessonService;
  terminals: Pick<TerminalService, 'issueTicket' | 'closeSession' | 'screen'>;
  capabilities: Capabilities;
  progress: ProgressStore;
  metrics: Metrics;
  clientDir: string;
}

export interface ApiContext extends AppDependencies {
  /** Differs on every start, so a page can tell "the server restarted" from "my session ended". */
  boot: string;
}

/** What a learner's "My labs" lists about one of their sessions. */
export function sessionSummary(session: LabSession): SessionSummary {
  return { ...session.toJSON(), running: session.runningCommands() };
}
