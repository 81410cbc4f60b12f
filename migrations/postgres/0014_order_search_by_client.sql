-- A sparse search of a million orders gathers its matches through the
-- clients (issue 6). A search word holds no space, so it lies in the
-- client's contacts or in the items and notes. The clients' own trigram
-- index (83,000 rows at a million orders, not a million documents that
-- repeat each client's name a dozen times) tells which words each client
-- holds; the orders of the clients that hold every word come from the
-- index below, the rest from the items-and-notes index intersected with
-- the clients that hold the other words. Kept by `order_search_write`, as
-- the rest of the document is.
ALTER TABLE order_search ADD COLUMN client_id BIGINT;
UPDATE order_search s SET client_id = o.client_id
FROM orders o WHERE o.id = s.order_id AND o.client_id IS NOT NULL;
CREATE INDEX order_search_client_idx ON order_search (client_id, created_at, order_id);
CREATE INDEX order_search_rest_trgm ON order_search USING gin
    ((items || ' ' || notes) gin_trgm_ops);

CREATE OR REPLACE FUNCTION order_search_write(lo BIGINT, hi BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO order_search (order_id, client, items, notes, created_at, client_id)
    SELECT o.id,
           lower(COALESCE(c.last_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.email || ' ' || c.phone, '')),
           lower(COALESCE((SELECT string_agg(i.product_name || ' ' || i.variant_name, ' ')
                           FROM order_items i WHERE i.order_id = o.id), '')),
           lower(o.notes),
           o.created_at,
           c.id
    FROM orders o LEFT JOIN clients c ON c.id = o.client_id
    WHERE o.id BETWEEN lo AND hi
    ON CONFLICT (order_id) DO UPDATE
    SET client = EXCLUDED.client, items = EXCLUDED.items, notes = EXCLUDED.notes,
        created_at = EXCLUDED.created_at, client_id = EXCLUDED.client_id;
$$;
