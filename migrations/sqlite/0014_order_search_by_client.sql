-- PostgreSQL's search documents gain their client's number here, with an
-- index to gather a sparse search through the clients. SQLite counts a
-- client's orders through `orders_client_idx` and `clients_fts` instead:
-- nothing to add. The migration exists on both engines so that they share
-- one list of schema versions.
SELECT 1;
