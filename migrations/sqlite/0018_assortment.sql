-- The assortment edited in the back office (SQLite): a version per product
-- (an editor's save is refused when someone else saved meanwhile), an old
-- price and a low-stock threshold per variant, stock movements (every change
-- of a shelf's count: who, when, how many, why), and products and categories
-- in the change history. Keep in step with ../postgres/0018_assortment.sql.

ALTER TABLE products ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE products ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- The price before a reduction, shown crossed out; NULL: none.
ALTER TABLE product_variants ADD COLUMN old_price_minor BIGINT
    CONSTRAINT product_variants_old_price_check CHECK (old_price_minor IS NULL OR old_price_minor >= 0);
-- At or below this many units a shelf is on the analytics' low-stock list;
-- NULL: the dashboard's own threshold.
ALTER TABLE product_variants ADD COLUMN low_stock_threshold INTEGER
    CONSTRAINT product_variants_low_stock_check CHECK (low_stock_threshold IS NULL OR low_stock_threshold >= 0);

CREATE TABLE stock_movements (
    id             INTEGER PRIMARY KEY,
    variant_id     INTEGER NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
    store_id       INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    delta          INTEGER NOT NULL,
    quantity_after INTEGER NOT NULL,
    reason         TEXT    NOT NULL
                   CONSTRAINT stock_movements_reason_check CHECK (reason IN ('delivery','write_off','correction','order')),
    note           TEXT    NOT NULL DEFAULT '',
    order_id       INTEGER REFERENCES orders(id) ON DELETE SET NULL,
    user_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at             BIGINT  NOT NULL
);
CREATE INDEX stock_movements_variant_idx ON stock_movements(variant_id, id);

-- SQLite cannot change a CHECK constraint in place: the history table is
-- rebuilt with products and categories among its entities.
CREATE TABLE change_log_new (
    id         INTEGER PRIMARY KEY,
    entity     TEXT    NOT NULL
               CONSTRAINT change_log_entity_check CHECK (entity IN ('order','client','product','category')),
    entity_id  BIGINT  NOT NULL,
    field      TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    source     TEXT    NOT NULL
               CONSTRAINT change_log_source_check CHECK (source IN ('ui','api','board','system')),
    at         BIGINT  NOT NULL
);
INSERT INTO change_log_new (id, entity, entity_id, field, old_value, new_value, user_id, source, at)
    SELECT id, entity, entity_id, field, old_value, new_value, user_id, source, at FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_new RENAME TO change_log;
CREATE INDEX change_log_entity_idx ON change_log(entity, entity_id, id);
