-- Suppliers (seed 004), first part (SQLite): each order line remembers the
-- supplier whose goods it holds (a product may change supplier later; the
-- order keeps who it was ordered from), each supplier's part of an order
-- has its own state (new, confirmed, shipped: a missing row is "new"), and a
-- supplier has the seed's url.
-- Keep in step with ../postgres/0023_supplier_parts.sql.

ALTER TABLE suppliers ADD COLUMN url TEXT NOT NULL DEFAULT '';

ALTER TABLE order_items ADD COLUMN supplier_id INTEGER REFERENCES suppliers(id) ON DELETE SET NULL;
UPDATE order_items SET supplier_id = (SELECT p.supplier_id FROM products p WHERE p.id = order_items.product_id)
 WHERE product_id IS NOT NULL;
CREATE INDEX order_items_supplier_idx ON order_items(supplier_id, order_id);

CREATE TABLE supplier_parts (
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    state       TEXT    NOT NULL CONSTRAINT supplier_parts_state_check CHECK (state IN ('new','confirmed','shipped')),
    updated_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at  BIGINT  NOT NULL,
    CONSTRAINT supplier_parts_pkey PRIMARY KEY (order_id, supplier_id)
);
CREATE INDEX supplier_parts_supplier_idx ON supplier_parts(supplier_id, order_id);
