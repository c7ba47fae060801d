-- The same tables as migrations/001_initial.sql, in PostgreSQL's types: times are milliseconds
-- since the epoch (BIGINT; INTEGER is 32 bits here), payloads are the same JSON text.
CREATE TABLE learners (
  id TEXT PRIMARY KEY,
  name TEXT,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learners(id),
  lesson TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  end_reason TEXT
);
CREATE INDEX sessions_by_learner ON sessions(learner_id, started_at);

CREATE TABLE task_results (
  learner_id TEXT NOT NULL REFERENCES learners(id),
  lesson TEXT NOT NULL,
  task TEXT NOT NULL,
  status TEXT NOT NULL,
  first_passed_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  failed_streak INTEGER NOT NULL DEFAULT 0,
  last_message TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (learner_id, lesson, task)
);

CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  learner_id TEXT,
  session_id TEXT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_learner ON events(learner_id, at);
