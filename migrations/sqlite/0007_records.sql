-- Back-office records (SQLite): the change history of orders and clients,
-- saved reports, and client search across every contact field.

-- Who changed which field of an order or a client, when, from what, to what,
-- and through what (the back office's UI, the REST API, the production
-- board). Written in the same transaction as the change itself.
CREATE TABLE change_log (
    id         INTEGER PRIMARY KEY,
    entity     TEXT    NOT NULL
               CONSTRAINT change_log_entity_check CHECK (entity IN ('order','client')),
    entity_id  BIGINT  NOT NULL,
    field      TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    source     TEXT    NOT NULL
               CONSTRAINT change_log_source_check CHECK (source IN ('ui','api','board','system')),
    at         BIGINT  NOT NULL
);
CREATE INDEX change_log_entity_idx ON change_log(entity, entity_id, id);

-- Saved reports: the period asked for and the figures as they were then (JSON).
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    period      TEXT    NOT NULL
                CONSTRAINT reports_period_check CHECK (period IN ('day','week','month','year','range')),
    date_from   TEXT    NOT NULL,
    date_to     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX reports_created_idx ON reports(created_at);

-- Client search: substrings of any contact field, any letter case in any
-- script (the trigram tokenizer folds Cyrillic as well as Latin), kept in
-- step with `clients` by triggers whoever writes.
CREATE VIRTUAL TABLE clients_fts USING fts5(
    last_name, first_name, middle_name, email, phone,
    content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO clients_fts(clients_fts) VALUES ('rebuild');
CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts (rowid, last_name, first_name, middle_name, email, phone)
    VALUES (new.id, new.last_name, new.first_name, new.middle_name, new.email, new.phone);
END;
CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, last_name, first_name, middle_name, email, phone)
    VALUES ('delete', old.id, old.last_name, old.first_name, old.middle_name, old.email, old.phone);
END;
CREATE TRIGGER clients_fts_update AFTER UPDATE OF last_name, first_name, middle_name, email, phone ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, last_name, first_name, middle_name, email, phone)
    VALUES ('delete', old.id, old.last_name, old.first_name, old.middle_name, old.email, old.phone);
    INSERT INTO clients_fts (rowid, last_name, first_name, middle_name, email, phone)
    VALUES (new.id, new.last_name, new.first_name, new.middle_name, new.email, new.phone);
END;
