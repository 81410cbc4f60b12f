-- Saved filter sets (SQLite): a back-office user's named views of the
-- orders or clients table, as the table's URL query (filters, sort,
-- columns). Each user's own; gone with the user.
CREATE TABLE saved_filters (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    page        TEXT    NOT NULL
                CONSTRAINT saved_filters_page_check CHECK (page IN ('orders','clients')),
    name        TEXT    NOT NULL,
    query       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    CONSTRAINT saved_filters_name_key UNIQUE (user_id, page, name)
);
