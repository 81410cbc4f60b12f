-- The orders table at a million orders (issue 6): what counts, searches and
-- sorts it without reading every order.

-- Orders and their summed total per hour of creation, stage and payment,
-- kept by triggers in the same transaction as the order itself. The table's
-- count and sum for a stage, payment or date-range filter read a few
-- thousand of these rows instead of every order.
CREATE TABLE order_rollup (
    hour           BIGINT NOT NULL,
    stage          TEXT   NOT NULL,
    payment_status TEXT   NOT NULL,
    orders         BIGINT NOT NULL,
    total_minor    BIGINT NOT NULL,
    PRIMARY KEY (hour, stage, payment_status)
) WITHOUT ROWID;
INSERT INTO order_rollup (hour, stage, payment_status, orders, total_minor)
    SELECT created_at / 3600, stage, payment_status, COUNT(*), SUM(total_minor)
    FROM orders GROUP BY created_at / 3600, stage, payment_status;
CREATE TRIGGER orders_rollup_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_rollup (hour, stage, payment_status, orders, total_minor)
    VALUES (new.created_at / 3600, new.stage, new.payment_status, 1, new.total_minor)
    ON CONFLICT (hour, stage, payment_status) DO UPDATE
    SET orders = orders + 1, total_minor = total_minor + excluded.total_minor;
END;
CREATE TRIGGER orders_rollup_delete AFTER DELETE ON orders BEGIN
    UPDATE order_rollup SET orders = orders - 1, total_minor = total_minor - old.total_minor
    WHERE hour = old.created_at / 3600 AND stage = old.stage AND payment_status = old.payment_status;
END;
CREATE TRIGGER orders_rollup_update AFTER UPDATE OF created_at, stage, payment_status, total_minor ON orders BEGIN
    UPDATE order_rollup SET orders = orders - 1, total_minor = total_minor - old.total_minor
    WHERE hour = old.created_at / 3600 AND stage = old.stage AND payment_status = old.payment_status;
    INSERT INTO order_rollup (hour, stage, payment_status, orders, total_minor)
    VALUES (new.created_at / 3600, new.stage, new.payment_status, 1, new.total_minor)
    ON CONFLICT (hour, stage, payment_status) DO UPDATE
    SET orders = orders + 1, total_minor = total_minor + excluded.total_minor;
END;

-- Search by item name and by notes: substrings in any letter case and
-- script (trigram tokenizer), kept in step by triggers whoever writes.
CREATE VIRTUAL TABLE order_items_fts USING fts5(
    product_name, variant_name,
    content = 'order_items', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO order_items_fts(order_items_fts) VALUES ('rebuild');
CREATE TRIGGER order_items_fts_insert AFTER INSERT ON order_items BEGIN
    INSERT INTO order_items_fts (rowid, product_name, variant_name)
    VALUES (new.id, new.product_name, new.variant_name);
END;
CREATE TRIGGER order_items_fts_delete AFTER DELETE ON order_items BEGIN
    INSERT INTO order_items_fts (order_items_fts, rowid, product_name, variant_name)
    VALUES ('delete', old.id, old.product_name, old.variant_name);
END;
CREATE TRIGGER order_items_fts_update AFTER UPDATE OF product_name, variant_name ON order_items BEGIN
    INSERT INTO order_items_fts (order_items_fts, rowid, product_name, variant_name)
    VALUES ('delete', old.id, old.product_name, old.variant_name);
    INSERT INTO order_items_fts (rowid, product_name, variant_name)
    VALUES (new.id, new.product_name, new.variant_name);
END;

CREATE VIRTUAL TABLE orders_fts USING fts5(
    notes, content = 'orders', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO orders_fts(orders_fts) VALUES ('rebuild');
CREATE TRIGGER orders_fts_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_fts (rowid, notes) VALUES (new.id, new.notes);
END;
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, notes) VALUES ('delete', old.id, old.notes);
END;
CREATE TRIGGER orders_fts_update AFTER UPDATE OF notes ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, notes) VALUES ('delete', old.id, old.notes);
    INSERT INTO orders_fts (rowid, notes) VALUES (new.id, new.notes);
END;

-- Sorting the table by a column reads that column's index from the end
-- the page is at (ties by number: SQLite's indexes end in the rowid).
CREATE INDEX orders_total_idx ON orders(total_minor);
CREATE INDEX orders_payment_idx ON orders(payment_status);
CREATE INDEX orders_fulfilment_idx ON orders(fulfilment);
CREATE INDEX orders_ready_slot_idx ON orders(ready_date, time_slot);
CREATE INDEX clients_name_idx ON clients(last_name, first_name);
