-- The orders table's default sort is newest first by creation time. A
-- search of a million orders finds its first page by walking the search
-- documents in that order (or, for rare words, gathering them from the
-- trigram index), so each document carries its order's creation time with
-- an index in that order (issue 6). Kept by `order_search_write`, as the
-- rest of the document is.
ALTER TABLE order_search ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
UPDATE order_search s SET created_at = o.created_at FROM orders o WHERE o.id = s.order_id;
CREATE INDEX order_search_created_idx ON order_search (created_at, order_id);

CREATE OR REPLACE FUNCTION order_search_write(lo BIGINT, hi BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO order_search (order_id, client, items, notes, created_at)
    SELECT o.id,
           lower(COALESCE(c.last_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.email || ' ' || c.phone, '')),
           lower(COALESCE((SELECT string_agg(i.product_name || ' ' || i.variant_name, ' ')
                           FROM order_items i WHERE i.order_id = o.id), '')),
           lower(o.notes),
           o.created_at
    FROM orders o LEFT JOIN clients c ON c.id = o.client_id
    WHERE o.id BETWEEN lo AND hi
    ON CONFLICT (order_id) DO UPDATE
    SET client = EXCLUDED.client, items = EXCLUDED.items, notes = EXCLUDED.notes,
        created_at = EXCLUDED.created_at;
$$;

DROP TRIGGER orders_search ON orders;
CREATE TRIGGER orders_search AFTER INSERT OR UPDATE OF client_id, notes, created_at ON orders
    FOR EACH ROW EXECUTE FUNCTION order_search_follow();
