-- Which lab node holds a session, and the nodes' heartbeats. One machine has one node; a cluster
-- (PostgreSQL, LAB_DATABASE_URL) has many, and a node whose heartbeats stop has its sessions closed.
ALTER TABLE sessions ADD COLUMN node_id TEXT;
CREATE INDEX sessions_open_by_node ON sessions(node_id) WHERE ended_at IS NULL;

CREATE TABLE nodes (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);
