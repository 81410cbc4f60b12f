-- The catalog's version (PostgreSQL): one number that every change to what
-- the storefront shows raises, in the same transaction as the change. The
-- in-memory catalog index (src/catalog/index.rs) and the page cache of every
-- app instance compare it to know whether what they hold is still true.
-- Keep in step with ../sqlite/0006_catalog_version.sql.

CREATE TABLE catalog_version (
    id      INTEGER PRIMARY KEY CONSTRAINT catalog_version_one_row CHECK (id = 1),
    version BIGINT  NOT NULL,
    -- The transaction that raised it last: a transaction raises it once.
    txid    BIGINT
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);

-- The triggers are deferred to commit time. Raising the version locks its
-- row; taken in the middle of a checkout that lock would order itself
-- between the stock rows' locks and two checkouts could deadlock. At commit
-- the transaction waits for nothing else, so it cannot.
CREATE FUNCTION raise_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1, txid = txid_current()
     WHERE id = 1 AND txid IS DISTINCT FROM txid_current();
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER categories_catalog_version AFTER INSERT OR UPDATE OR DELETE ON categories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER products_catalog_version AFTER INSERT OR UPDATE OR DELETE ON products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER product_variants_catalog_version AFTER INSERT OR UPDATE OR DELETE ON product_variants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER product_images_catalog_version AFTER INSERT OR UPDATE OR DELETE ON product_images
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER product_characteristics_catalog_version AFTER INSERT OR UPDATE OR DELETE ON product_characteristics
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER stock_catalog_version AFTER INSERT OR UPDATE OR DELETE ON stock
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER stores_catalog_version AFTER INSERT OR UPDATE OR DELETE ON stores
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
CREATE CONSTRAINT TRIGGER suppliers_catalog_version AFTER INSERT OR UPDATE OR DELETE ON suppliers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalog_version();
