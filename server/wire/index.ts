/**
 * The wire contract between the server and the browser, written once: the terminal protocol
 * (design §4.3: its messages and flow-control constants) and the JSON the HTTP API answers with
 * (design §4.2). The server builds its answers against these types; the client imports them
 * type-only, and the constants, so neither side can drift from the other without a compile error.
 * Nothing here may import another module: it is bundled into the browser as it is.
 */

// ── Terminal protocol ───────────────────────────────────────────────────────────────────────────

/** Flow control (VS Code's numbers): the client must ack in chunks no larger than LOW_WATERMARK. */
export const FlowControl = {
  /** The server pauses the pty when this many sent bytes are not yet acknowledged. */
  HIGH_WATERMARK: 100_000,
  /** It resumes the pty when the unacknowledged bytes fall below this. */
  LOW_WATERMARK: 5_000,
  /** The client acks after this many bytes xterm.js has parsed. */
  ACK_EVERY: 5_000,
  /** The server coalesces output for this long, except the first chunk after a quiet period. */
  BATCH_MS: 5,
  /** Largest output frame. */
  MAX_FRAME: 64 * 1024,
} as const;

/** Text frames from the browser (binary frames carry the learner's keystrokes). */
export type TerminalClientMessage =
  | { t: 'hello'; ticket: string; cols: number; rows: number; lastSeq?: number }
  | { t: 'resize'; cols: number; rows: number }
  | { t: 'ack'; bytes: number }
  | { t: 'ping'; ts?: number };

/** Why the server refuses or ends a connection. */
export type TerminalErrorReason = 'auth' | 'bad-message' | 'rate-limit' | 'taken-over' | 'hello-timeout' | 'unavailable';

/** Text frames from the server (binary frames carry terminal output). */
export type TerminalServerMessage =
  | { t: 'ready'; mode: 'fresh' | 'resume' | 'snapshot'; seq: number }
  | { t: 'exit'; code: number }
  | { t: 'pong'; ts?: number }
  | { t: 'error'; reason: TerminalErrorReason };

// ── HTTP API ────────────────────────────────────────────────────────────────────────────────────

/** Every 4xx/5xx: a machine-readable code, a sentence for the learner, and details for some codes. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** 503 at_capacity: the caller's place in line. */
    queue?: { position: number; length: number };
    /** 409 other_session_busy and 429 too_many_sessions: the learner's labs. */
    sessions?: SessionSummary[];
    /** 409 at_limit: how long the session already runs. */
    expiresAt?: string;
  };
}

export type SessionState = 'starting' | 'ready' | 'failed' | 'closed';

/** GET /api/sessions/:id, and what creating, resetting or extending a session answers. */
export interface SessionInfo {
  id: string;
  lesson: string | null;
  hosts: string[];
  registry: string;
  state: SessionState;
  /** Why the session failed, in words a learner can read. */
  failure?: string;
  createdAt: string;
  expiresAt: string;
}

/** A session in "My labs": what its terminals run in the foreground besides their shell. */
export interface SessionSummary extends SessionInfo {
  running: { host: string; command: string }[];
}

/** GET /api/me/sessions: `boot` changes on every server start. */
export interface MySessions {
  boot: string;
  sessions: SessionSummary[];
}

/** `restoring`: passed in an earlier session, and being replayed into this one in the background (not passed here yet). */
export type TaskStatus = 'blocked' | 'pending' | 'restoring' | 'passed' | 'failed';

export interface TaskState {
  id: string;
  title: string;
  status: TaskStatus;
  message?: string;
  hint?: string;
  /** Passed in an earlier session of this learner (course progress), but not (yet) in this one. */
  earlier?: true;
}

/** While a returning learner's earlier work is replayed into a ready session: which task's steps run now. */
export interface RestoreProgress {
  task: string;
  /** Its place among the tasks being brought back (1 = the first), and how many they are. */
  step: number;
  of: number;
}

/** GET /api/sessions/:id/tasks, POST .../check, and the `tasks` server-sent event. */
export interface TaskList {
  tasks: TaskState[];
  /** Only while the replay runs; the next list without it follows the replay's own check. */
  restoring?: RestoreProgress;
  /**
   * Grows with every list the server makes: a Check's answer and the event stream travel apart, so a
   * page keeps the newest list it has seen and drops an older one that arrives after it.
   */
  seq: number;
}

/** POST /api/sessions/:id/tasks/:task/show */
export interface SolutionPartAnswer {
  task: string;
  sections: { host: string; script: string }[];
}

/** POST /api/sessions/:id/terminals/:host/ticket */
export interface TicketAnswer {
  ticket: string;
}

/** GET /api/sessions/:id/terminals/:host/screen */
export interface TerminalScreen {
  cols: number;
  rows: number;
  data: string;
}

/** One entry of GET /api/lessons; a broken lesson has `available: false` and its `errors`. */
export interface LessonSummary {
  id: string;
  title: string;
  summary: string;
  order?: number;
  module?: string;
  hosts?: string[];
  available: boolean;
  errors?: string[];
  /** What the lesson shows instead when this registry lacks a capability it would use. */
  notice?: string;
  tasks: { id: string; title: string; needs?: string[] }[];
}

/** GET /api/lessons/:id */
export interface LessonDetail extends LessonSummary {
  html: string;
  hosts: string[];
  previous: string | null;
  next: string | null;
  /** Tasks with a solution part "Show me" may type; empty when the lab turned it off. */
  showMe: string[];
}

/** GET /api/sessions/:id/traffic, newest last; Entry is the recorder's TrafficEntry. */
export interface TrafficLog<Entry = unknown> {
  entries: Entry[];
}

/** A learner's open session on another lab node (a cluster): the instructor's requests for it are forwarded there. */
export interface RemoteSessionRef {
  id: string;
  lesson: string;
  hosts: string[];
  /** The LAB_NODE_ID of the node holding it. */
  node: string;
}

/** One learner in GET /api/admin/learners; Entry is the progress store's RosterEntry. */
export type RosterLearner<Entry = unknown> = Entry & { taskTitle: string | null; session: SessionInfo | RemoteSessionRef | null };

/** GET /api/admin/learners: the roster, and per lesson how many started it and passed tasks. */
export interface Roster<Entry = unknown> {
  learners: RosterLearner<Entry>[];
  lessons: { lesson: string; started: number; passedTasks: number }[];
}

/** GET /api/me/progress: every task the learner ever passed, across sessions and restarts. */
export interface LearnerProgress {
  lessons: { id: string; tasks: { id: string; status: string }[] }[];
}

/** GET /healthz: `boot` changes on every start, so a page can tell a restart from a lost connection. */
export interface Health {
  ok: boolean;
  boot: string;
  sessions: number;
  capacity: number;
  queued: number;
  sandbox: string;
}

/** GET /api/me */
export interface Me {
  workshop: boolean;
  joined: boolean;
  name: string | null;
}

/**
 * The server-sent events of GET /api/sessions/:id/events, by name, with what each one's data is.
 * `traffic` carries a recorded exchange (TrafficEntry, from the recorder).
 */
export interface SessionStreamEvents<Traffic = unknown> {
  state: SessionInfo;
  traffic: Traffic;
  tasks: TaskList;
  reset: Record<string, never>;
  expiring: { expiresAt: string };
}
