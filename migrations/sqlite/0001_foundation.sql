-- karavai foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- same tables, same columns, same constraint names; only the types differ.
-- Timestamps are ISO-8601 UTC text; money is integer minor units.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'customer'
                  CONSTRAINT users_role_check CHECK (role IN ('customer','staff','manager','supplier','admin')),
    blocked       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES categories(id) ON DELETE RESTRICT,
    slug        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT categories_slug_key UNIQUE (slug)
);
CREATE INDEX categories_parent_idx ON categories(parent_id);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    category_id    INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
    slug           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    made_to_order  BOOLEAN NOT NULL DEFAULT FALSE,
    lead_time_days INTEGER NOT NULL DEFAULT 0 CONSTRAINT products_lead_time_check CHECK (lead_time_days >= 0),
    featured       BOOLEAN NOT NULL DEFAULT FALSE,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CONSTRAINT products_slug_key UNIQUE (slug)
);
CREATE INDEX products_category_idx ON products(category_id);

CREATE TABLE product_variants (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    sku         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    price_minor INTEGER NOT NULL CONSTRAINT product_variants_price_check CHECK (price_minor >= 0),
    position    INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT product_variants_sku_key UNIQUE (sku)
);
CREATE INDEX product_variants_product_idx ON product_variants(product_id);
