-- A client's contacts, lower-cased, as PostgreSQL stores them for its
-- trigram index (migration 0015 there). SQLite's search reads `clients_fts`
-- and never this column; it is computed when read (VIRTUAL: SQLite adds
-- only virtual generated columns to an existing table), so both engines'
-- `clients` have the same columns.
ALTER TABLE clients ADD COLUMN contacts TEXT GENERATED ALWAYS AS
    (lower(last_name || ' ' || first_name || ' ' || middle_name || ' ' || email || ' ' || phone)) VIRTUAL;
