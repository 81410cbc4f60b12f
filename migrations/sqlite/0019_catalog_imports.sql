-- An assortment import between its preview and its apply: the file's rows
-- as read (JSON), kept per user; apply plans them again inside its
-- transaction, so what it writes matches the data at that moment.
CREATE TABLE catalog_imports (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    file_name  TEXT    NOT NULL,
    rows_json  TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX catalog_imports_user_idx ON catalog_imports(user_id, id);
