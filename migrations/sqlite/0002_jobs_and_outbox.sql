-- The persistent job queue and the mail outbox (SQLite). Keep in step with
-- ../postgres/0002_jobs_and_outbox.sql. Queue times are Unix seconds (BIGINT):
-- the worker compares them, and integers compare the same in both dialects.

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    run_at       BIGINT  NOT NULL,
    locked_until BIGINT,
    last_error   TEXT,
    done_at      BIGINT,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX jobs_due_idx ON jobs(done_at, run_at);

-- Mail kept here instead of sent, when no mail server is configured.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    to_address  TEXT   NOT NULL,
    subject     TEXT   NOT NULL,
    body_text   TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
