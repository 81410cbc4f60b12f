-- A client's contacts, lower-cased once when written rather than on every
-- trigram candidate a search rechecks: the search of a million orders
-- gathers through the clients (migration 0014), and there a name such as
-- "anna" or "mikhailova" leaves thousands of clients to recheck. The
-- expression is the one `clients_search_trgm` indexed and each order's
-- search document holds.
ALTER TABLE clients ADD COLUMN contacts TEXT GENERATED ALWAYS AS
    (lower(last_name || ' ' || first_name || ' ' || middle_name || ' ' || email || ' ' || phone)) STORED;
DROP INDEX clients_search_trgm;
CREATE INDEX clients_contacts_trgm ON clients USING gin (contacts gin_trgm_ops);
