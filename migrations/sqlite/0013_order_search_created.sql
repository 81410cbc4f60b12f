-- PostgreSQL's search documents gain their order's creation time here, so
-- its trigram search can walk newest first by time. SQLite's `order_search`
-- is a contentless FTS5 table read in its rowid's order (the order number,
-- negated): it has no such column to add. The migration exists on both
-- engines so that they share one list of schema versions.
SELECT 1;
