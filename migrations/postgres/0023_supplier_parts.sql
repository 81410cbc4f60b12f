-- Suppliers (seed 004), first part (PostgreSQL): each order line remembers
-- the supplier whose goods it holds (a product may change supplier later;
-- the order keeps who it was ordered from), each supplier's part of an
-- order has its own state (new, confirmed, shipped: a missing row is "new"),
-- and a supplier has the seed's url.
-- Keep in step with ../sqlite/0023_supplier_parts.sql.

ALTER TABLE suppliers ADD COLUMN url TEXT NOT NULL DEFAULT '';

ALTER TABLE order_items ADD COLUMN supplier_id BIGINT REFERENCES suppliers(id) ON DELETE SET NULL;
UPDATE order_items i SET supplier_id = p.supplier_id FROM products p WHERE p.id = i.product_id;
CREATE INDEX order_items_supplier_idx ON order_items(supplier_id, order_id);

CREATE TABLE supplier_parts (
    order_id    BIGINT  NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    supplier_id BIGINT  NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    state       TEXT    NOT NULL CONSTRAINT supplier_parts_state_check CHECK (state IN ('new','confirmed','shipped')),
    updated_by  BIGINT  REFERENCES users(id) ON DELETE SET NULL,
    updated_at  BIGINT  NOT NULL,
    CONSTRAINT supplier_parts_pkey PRIMARY KEY (order_id, supplier_id)
);
CREATE INDEX supplier_parts_supplier_idx ON supplier_parts(supplier_id, order_id);
