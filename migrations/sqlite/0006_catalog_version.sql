-- The catalog's version (SQLite): one number that every change to what the
-- storefront shows raises, in the same transaction as the change. The
-- in-memory catalog index (src/catalog/index.rs) and the page cache compare
-- it to know whether what they hold is still true.
-- Keep in step with ../postgres/0006_catalog_version.sql.

CREATE TABLE catalog_version (
    id      INTEGER PRIMARY KEY CONSTRAINT catalog_version_one_row CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);

-- SQLite has one writer at a time, so a plain row trigger cannot deadlock.
CREATE TRIGGER categories_catalog_version_insert AFTER INSERT ON categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_catalog_version_update AFTER UPDATE ON categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_catalog_version_delete AFTER DELETE ON categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_catalog_version_insert AFTER INSERT ON products BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_catalog_version_update AFTER UPDATE ON products BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_catalog_version_delete AFTER DELETE ON products BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_variants_catalog_version_insert AFTER INSERT ON product_variants BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_variants_catalog_version_update AFTER UPDATE ON product_variants BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_variants_catalog_version_delete AFTER DELETE ON product_variants BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_images_catalog_version_insert AFTER INSERT ON product_images BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_images_catalog_version_update AFTER UPDATE ON product_images BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_images_catalog_version_delete AFTER DELETE ON product_images BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_characteristics_catalog_version_insert AFTER INSERT ON product_characteristics BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_characteristics_catalog_version_update AFTER UPDATE ON product_characteristics BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_characteristics_catalog_version_delete AFTER DELETE ON product_characteristics BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER stock_catalog_version_insert AFTER INSERT ON stock BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER stock_catalog_version_update AFTER UPDATE ON stock BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER stock_catalog_version_delete AFTER DELETE ON stock BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER stores_catalog_version_insert AFTER INSERT ON stores BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER stores_catalog_version_update AFTER UPDATE ON stores BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER stores_catalog_version_delete AFTER DELETE ON stores BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER suppliers_catalog_version_insert AFTER INSERT ON suppliers BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER suppliers_catalog_version_update AFTER UPDATE ON suppliers BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER suppliers_catalog_version_delete AFTER DELETE ON suppliers BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
