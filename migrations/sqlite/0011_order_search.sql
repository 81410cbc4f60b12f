-- One search document per order (issue 6): the client's contacts, the
-- items' names and the notes, in one trigram full-text table. A search of
-- several words is one FTS query, every word found somewhere in the same
-- order ("croissant anna": the item and the client), without gathering each
-- word's orders. It replaces the per-item and per-notes indexes of 0009.
--
-- The rowid is the order's number negated: FTS5 reads a term's list
-- forward page by page, but backward it first loads the whole list, so
-- newest first is ascending rowid and a search stops after the matches a
-- page needs.
DROP TRIGGER order_items_fts_insert;
DROP TRIGGER order_items_fts_delete;
DROP TRIGGER order_items_fts_update;
DROP TABLE order_items_fts;
DROP TRIGGER orders_fts_insert;
DROP TRIGGER orders_fts_delete;
DROP TRIGGER orders_fts_update;
DROP TABLE orders_fts;

-- Contentless: the text lives in orders, order_items and clients; the index
-- keeps only the trigrams. Rows are replaced by delete + insert.
CREATE VIRTUAL TABLE order_search USING fts5(
    client, items, notes,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);

-- The document of each order, as the triggers and the demo loader write it.
CREATE VIEW order_search_doc AS
SELECT o.id AS id,
       COALESCE((SELECT c.last_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.email || ' ' || c.phone
                 FROM clients c WHERE c.id = o.client_id), '') AS client,
       COALESCE((SELECT group_concat(i.product_name || ' ' || i.variant_name, ' ')
                 FROM order_items i WHERE i.order_id = o.id), '') AS items,
       o.notes AS notes
FROM orders o;

INSERT INTO order_search (rowid, client, items, notes)
    SELECT -id, client, items, notes FROM order_search_doc;

-- The demo loader writes a million orders in one transaction and indexes
-- each slice once at its end: while `paused` (only ever inside that
-- transaction) the triggers below stand aside.
CREATE TABLE order_search_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    paused INTEGER NOT NULL DEFAULT 0
);
INSERT INTO order_search_state (id, paused) VALUES (1, 0);

CREATE TRIGGER order_search_order_insert AFTER INSERT ON orders
WHEN (SELECT paused FROM order_search_state WHERE id = 1) = 0 BEGIN
    INSERT INTO order_search (rowid, client, items, notes)
        SELECT -id, client, items, notes FROM order_search_doc WHERE id = new.id;
END;
CREATE TRIGGER order_search_order_update AFTER UPDATE OF client_id, notes ON orders
WHEN (SELECT paused FROM order_search_state WHERE id = 1) = 0 BEGIN
    DELETE FROM order_search WHERE rowid = -new.id;
    INSERT INTO order_search (rowid, client, items, notes)
        SELECT -id, client, items, notes FROM order_search_doc WHERE id = new.id;
END;
CREATE TRIGGER order_search_order_delete AFTER DELETE ON orders BEGIN
    DELETE FROM order_search WHERE rowid = -old.id;
END;
CREATE TRIGGER order_search_item_insert AFTER INSERT ON order_items
WHEN (SELECT paused FROM order_search_state WHERE id = 1) = 0 BEGIN
    DELETE FROM order_search WHERE rowid = -new.order_id;
    INSERT INTO order_search (rowid, client, items, notes)
        SELECT -id, client, items, notes FROM order_search_doc WHERE id = new.order_id;
END;
CREATE TRIGGER order_search_item_update AFTER UPDATE OF product_name, variant_name ON order_items BEGIN
    DELETE FROM order_search WHERE rowid = -new.order_id;
    INSERT INTO order_search (rowid, client, items, notes)
        SELECT -id, client, items, notes FROM order_search_doc WHERE id = new.order_id;
END;
-- (An order's own deletion removes its items too: the document is then
-- re-written from nothing, as no order row is left to select.)
CREATE TRIGGER order_search_item_delete AFTER DELETE ON order_items BEGIN
    DELETE FROM order_search WHERE rowid = -old.order_id;
    INSERT INTO order_search (rowid, client, items, notes)
        SELECT -id, client, items, notes FROM order_search_doc WHERE id = old.order_id;
END;
CREATE TRIGGER order_search_client_update
AFTER UPDATE OF last_name, first_name, middle_name, email, phone ON clients BEGIN
    DELETE FROM order_search WHERE rowid IN (SELECT -id FROM orders WHERE client_id = new.id);
    INSERT INTO order_search (rowid, client, items, notes)
        SELECT -id, client, items, notes FROM order_search_doc
        WHERE id IN (SELECT id FROM orders WHERE client_id = new.id);
END;

-- Sorting by stage walks the stages in their order (then each stage's
-- orders through orders_stage_idx).
CREATE INDEX stages_position_idx ON stages(position, code);
