-- The catalog in two languages (SQLite): Russian names and descriptions
-- beside the English ones (an empty one falls back to the other language),
-- characteristic types with their translated values (a closed list or free
-- values), photo thumbnails, and the state of the search index, which the server rebuilds
-- when its format changes (Russian and English word forms).
-- Keep in step with ../postgres/0022_catalog_languages.sql.

ALTER TABLE categories ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN description_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN description_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE product_variants ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN address_ru TEXT NOT NULL DEFAULT '';

-- A photo's small JPEG for the storefront's tiles and lists; NULL: the
-- photo itself serves (drawn SVGs, photos from before thumbnails).
ALTER TABLE product_images ADD COLUMN thumb BLOB;

-- A characteristic the shop defines (weight, filling, colour, …). Products
-- carry (name, value) pairs in product_characteristics by its English name.
-- free_values: any value; otherwise only the listed ones.
CREATE TABLE characteristic_types (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    name_ru     TEXT    NOT NULL DEFAULT '',
    free_values BOOLEAN NOT NULL DEFAULT TRUE,
    position    INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT characteristic_types_name_key UNIQUE (name)
);

-- A type's known values with their Russian form: the allowed ones of a
-- closed type, the translated ones of a free type.
CREATE TABLE characteristic_values (
    id       INTEGER PRIMARY KEY,
    type_id  INTEGER NOT NULL REFERENCES characteristic_types(id) ON DELETE CASCADE,
    value    TEXT    NOT NULL,
    value_ru TEXT    NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT characteristic_values_key UNIQUE (type_id, value)
);

-- Every characteristic already in use becomes a free type with its values.
INSERT INTO characteristic_types (name, free_values, position)
    SELECT name, TRUE, MIN(position) FROM product_characteristics GROUP BY name;
INSERT INTO characteristic_values (type_id, value, position)
    SELECT t.id, pc.value, 0 FROM characteristic_types t
      JOIN (SELECT DISTINCT name, value FROM product_characteristics) pc ON pc.name = t.name;

CREATE TRIGGER characteristic_types_catalog_version_insert AFTER INSERT ON characteristic_types BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER characteristic_types_catalog_version_update AFTER UPDATE ON characteristic_types BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER characteristic_types_catalog_version_delete AFTER DELETE ON characteristic_types BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER characteristic_values_catalog_version_insert AFTER INSERT ON characteristic_values BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER characteristic_values_catalog_version_update AFTER UPDATE ON characteristic_values BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER characteristic_values_catalog_version_delete AFTER DELETE ON characteristic_values BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;

-- The format of the search documents now in products_fts; the server
-- rebuilds them at start when its own format is newer.
CREATE TABLE search_index_state (
    id     INTEGER PRIMARY KEY CONSTRAINT search_index_state_one_row CHECK (id = 1),
    format INTEGER NOT NULL
);
INSERT INTO search_index_state (id, format) VALUES (1, 1);
