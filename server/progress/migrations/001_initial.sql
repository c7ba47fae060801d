-- Learners are anonymous cookie ids (and a display name once workshops have join codes).
CREATE TABLE learners (
  id TEXT PRIMARY KEY,
  name TEXT,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learners(id),
  lesson TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  end_reason TEXT
);
CREATE INDEX sessions_by_learner ON sessions(learner_id, started_at);

-- One row per learner, lesson and task: the latest outcome, when it first passed, how many failed checks.
CREATE TABLE task_results (
  learner_id TEXT NOT NULL REFERENCES learners(id),
  lesson TEXT NOT NULL,
  task TEXT NOT NULL,
  status TEXT NOT NULL,
  first_passed_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  failed_streak INTEGER NOT NULL DEFAULT 0,
  last_message TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (learner_id, lesson, task)
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  learner_id TEXT,
  session_id TEXT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_learner ON events(learner_id, at);
