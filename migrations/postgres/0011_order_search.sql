-- One search document per order (issue 6), as on SQLite: the client's
-- contacts, the items' names and the notes, lower-cased in one row with a
-- trigram index. A search of several words is one indexed condition per
-- word on the same row, so "croissant anna" (the item and the client) is
-- a bitmap AND inside the index, not an intersection of each word's
-- orders. Kept by triggers on orders, items and clients.
CREATE TABLE order_search (
    order_id BIGINT PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    client   TEXT NOT NULL,
    items    TEXT NOT NULL,
    notes    TEXT NOT NULL
);

-- The documents of orders lo..=hi, lower-cased as the queries' patterns are.
CREATE FUNCTION order_search_write(lo BIGINT, hi BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO order_search (order_id, client, items, notes)
    SELECT o.id,
           lower(COALESCE(c.last_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.email || ' ' || c.phone, '')),
           lower(COALESCE((SELECT string_agg(i.product_name || ' ' || i.variant_name, ' ')
                           FROM order_items i WHERE i.order_id = o.id), '')),
           lower(o.notes)
    FROM orders o LEFT JOIN clients c ON c.id = o.client_id
    WHERE o.id BETWEEN lo AND hi
    ON CONFLICT (order_id) DO UPDATE
    SET client = EXCLUDED.client, items = EXCLUDED.items, notes = EXCLUDED.notes;
$$;
SELECT order_search_write(0, 9223372036854775807);

CREATE INDEX order_search_trgm ON order_search USING gin
    ((client || ' ' || items || ' ' || notes) gin_trgm_ops);
CREATE INDEX order_search_items_trgm ON order_search USING gin (items gin_trgm_ops);

-- The demo loader writes a million orders in one transaction and writes
-- each slice's documents once at its end: while `paused` (only ever inside
-- that transaction) the triggers stand aside.
CREATE TABLE order_search_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    paused BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO order_search_state (id, paused) VALUES (1, FALSE);

CREATE FUNCTION order_search_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM order_search_state WHERE id = 1) THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'orders' THEN
        IF TG_OP <> 'DELETE' THEN
            PERFORM order_search_write(NEW.id, NEW.id);
        END IF;
    ELSIF TG_TABLE_NAME = 'order_items' THEN
        PERFORM order_search_write(o.id, o.id) FROM orders o
        WHERE o.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.order_id ELSE NEW.order_id END;
    ELSIF TG_TABLE_NAME = 'clients' THEN
        PERFORM order_search_write(o.id, o.id) FROM orders o WHERE o.client_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_search AFTER INSERT OR UPDATE OF client_id, notes ON orders
    FOR EACH ROW EXECUTE FUNCTION order_search_follow();
CREATE TRIGGER order_items_search AFTER INSERT OR DELETE OR UPDATE OF product_name, variant_name ON order_items
    FOR EACH ROW EXECUTE FUNCTION order_search_follow();
CREATE TRIGGER clients_search AFTER UPDATE OF last_name, first_name, middle_name, email, phone ON clients
    FOR EACH ROW EXECUTE FUNCTION order_search_follow();

-- The per-field trigram indexes of 0009 that the documents replace.
DROP INDEX order_items_name_trgm;
DROP INDEX orders_notes_trgm;

-- Sorting the orders table by stage walks the stages in their order (then
-- each stage's orders through orders_stage_idx).
CREATE INDEX stages_position_idx ON stages(position, code);
