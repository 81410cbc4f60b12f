-- Secrets this installation made for itself on its first start (the API
-- tokens' signing key), kept with the data: every instance on this database
-- shares them, and no other installation has them.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
