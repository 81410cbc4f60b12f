-- Refresh tokens of the REST API rotate: each is traded once for a new
-- pair. A used token's id is kept until it would have expired; one sent
-- again (stolen, or replayed) is refused and ends its whole family (every
-- token descended from the same sign-in).
CREATE TABLE api_refresh_used (
    jti TEXT PRIMARY KEY,
    family TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE api_refresh_revoked (
    family TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
