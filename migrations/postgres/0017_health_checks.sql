-- /healthz writes here (one row per instance) to prove the database takes
-- writes, not only reads.
CREATE TABLE health_checks (
    instance TEXT PRIMARY KEY,
    at BIGINT NOT NULL
);
