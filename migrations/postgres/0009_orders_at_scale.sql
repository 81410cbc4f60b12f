-- The orders table at a million orders (issue 6): what counts, searches and
-- sorts it without reading every order.

-- Orders and their summed total per hour of creation, stage and payment,
-- kept by a trigger in the same transaction as the order itself. The
-- table's count and sum for a stage, payment or date-range filter read a
-- few thousand of these rows instead of every order.
CREATE TABLE order_rollup (
    hour           BIGINT NOT NULL,
    stage          TEXT   NOT NULL,
    payment_status TEXT   NOT NULL,
    orders         BIGINT NOT NULL,
    total_minor    BIGINT NOT NULL,
    PRIMARY KEY (hour, stage, payment_status)
);
INSERT INTO order_rollup (hour, stage, payment_status, orders, total_minor)
    SELECT created_at / 3600, stage, payment_status, COUNT(*), SUM(total_minor)
    FROM orders GROUP BY created_at / 3600, stage, payment_status;

CREATE FUNCTION order_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE order_rollup
        SET orders = orders - 1, total_minor = total_minor - OLD.total_minor
        WHERE hour = OLD.created_at / 3600 AND stage = OLD.stage
          AND payment_status = OLD.payment_status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO order_rollup (hour, stage, payment_status, orders, total_minor)
        VALUES (NEW.created_at / 3600, NEW.stage, NEW.payment_status, 1, NEW.total_minor)
        ON CONFLICT (hour, stage, payment_status) DO UPDATE
        SET orders = order_rollup.orders + 1,
            total_minor = order_rollup.total_minor + EXCLUDED.total_minor;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_rollup
    AFTER INSERT OR DELETE OR UPDATE OF created_at, stage, payment_status, total_minor ON orders
    FOR EACH ROW EXECUTE FUNCTION order_rollup_apply();

-- Search by client contact, item name and notes: trigram indexes serve
-- `lower(...) LIKE '%word%'` for words of three characters or more. The
-- indexed expressions are exactly the ones the queries write.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX clients_search_trgm ON clients USING gin
    (lower(last_name || ' ' || first_name || ' ' || middle_name || ' ' || email || ' ' || phone) gin_trgm_ops);
CREATE INDEX order_items_name_trgm ON order_items USING gin
    (lower(product_name || ' ' || variant_name) gin_trgm_ops);
CREATE INDEX orders_notes_trgm ON orders USING gin (lower(notes) gin_trgm_ops);

-- Sorting the table by a column reads that column's index from the end
-- the page is at; ties go by number.
CREATE INDEX orders_total_idx ON orders(total_minor, id);
CREATE INDEX orders_payment_idx ON orders(payment_status, id);
CREATE INDEX orders_fulfilment_idx ON orders(fulfilment, id);
CREATE INDEX orders_ready_slot_idx ON orders(ready_date, time_slot, id);
DROP INDEX orders_created_idx;
CREATE INDEX orders_created_idx ON orders(created_at, id);
CREATE INDEX clients_name_idx ON clients(last_name, first_name, id);
