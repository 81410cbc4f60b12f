-- Accounts: email confirmation, session invalidation, avatars, one-time
-- tokens and OAuth identities (SQLite). Keep in step with ../postgres/0003_accounts.sql.
-- Sessions themselves live in tower-sessions' own table (created at start-up).

-- Users created before this migration (demo, create-admin) count as confirmed.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = TRUE;
-- Bumped to end every session of a user (blocking, password reset).
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
-- The avatar's version (Unix time of the upload), NULL without one: it goes
-- in the image URL, so browsers may cache each version forever.
ALTER TABLE users ADD COLUMN avatar_version BIGINT;
CREATE INDEX users_role_idx ON users(role);

-- One-time links sent by mail. Only a SHA-256 of the token is kept.
CREATE TABLE user_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose     TEXT    NOT NULL
                CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('confirm_email','reset_password')),
    token_hash  TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT,
    created_at  BIGINT  NOT NULL,
    CONSTRAINT user_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX user_tokens_user_idx ON user_tokens(user_id, purpose);

-- Avatar thumbnails, in the database so every app instance can serve them.
CREATE TABLE avatars (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    updated_at   BIGINT  NOT NULL
);

-- Accounts at GitHub and Google linked to our users.
CREATE TABLE oauth_identities (
    provider   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    CONSTRAINT oauth_identities_pkey PRIMARY KEY (provider, subject)
);
CREATE INDEX oauth_identities_user_idx ON oauth_identities(user_id);
