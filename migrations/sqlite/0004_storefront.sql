-- The storefront: suppliers, stores and their hours, stock per store, product
-- images and characteristics, full-text search, clients, carts, orders with
-- their items and stage timeline, and payments (SQLite).
-- Keep in step with ../postgres/0004_storefront.sql. Times are Unix seconds
-- (BIGINT) unless named *_date ('YYYY-MM-DD', the shop's calendar day).

CREATE TABLE suppliers (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    accepting_orders BOOLEAN NOT NULL DEFAULT TRUE,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       BIGINT  NOT NULL
);

CREATE TABLE stores (
    id       INTEGER PRIMARY KEY,
    slug     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    address  TEXT    NOT NULL,
    phone    TEXT    NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    active   BOOLEAN NOT NULL DEFAULT TRUE,
    CONSTRAINT stores_slug_key UNIQUE (slug)
);

-- Opening hours: one row per open weekday (ISO: 1 = Monday … 7 = Sunday).
CREATE TABLE store_hours (
    store_id  INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    weekday   INTEGER NOT NULL CONSTRAINT store_hours_weekday_check CHECK (weekday BETWEEN 1 AND 7),
    opens_at  TEXT    NOT NULL,
    closes_at TEXT    NOT NULL,
    CONSTRAINT store_hours_pkey PRIMARY KEY (store_id, weekday)
);

ALTER TABLE products ADD COLUMN supplier_id INTEGER REFERENCES suppliers(id) ON DELETE SET NULL;
-- Units sold, kept up to date by checkout: the "popular" sort.
ALTER TABLE products ADD COLUMN sold_count BIGINT NOT NULL DEFAULT 0;
CREATE INDEX products_supplier_idx ON products(supplier_id);
CREATE INDEX products_active_sold_idx ON products(active, sold_count);
CREATE INDEX product_variants_price_idx ON product_variants(price_minor);

CREATE TABLE product_images (
    id           INTEGER PRIMARY KEY,
    product_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL DEFAULT 0,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    alt          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX product_images_product_idx ON product_images(product_id, position);

-- Characteristics (seed 004): name → value per product, filterable.
CREATE TABLE product_characteristics (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT product_characteristics_pkey PRIMARY KEY (product_id, name)
);
CREATE INDEX product_characteristics_filter_idx ON product_characteristics(name, value, product_id);

-- Stock of shelf goods per store. Made-to-order variants have no rows: they
-- are baked for each order. Never negative, by constraint as well as by code.
CREATE TABLE stock (
    variant_id INTEGER NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
    store_id   INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CONSTRAINT stock_quantity_check CHECK (quantity >= 0),
    CONSTRAINT stock_pkey PRIMARY KEY (variant_id, store_id)
);
CREATE INDEX stock_store_idx ON stock(store_id, variant_id);

-- Full-text search over name, description and characteristics; rowid is the
-- product id. Kept in step by catalog::repo::reindex_product.
CREATE VIRTUAL TABLE products_fts USING fts5(name, body, tokenize = 'unicode61 remove_diacritics 2');

-- Contacts: every order belongs to a client. A shopper's account links to one.
CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    last_name   TEXT    NOT NULL DEFAULT '',
    first_name  TEXT    NOT NULL,
    middle_name TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    email       TEXT    NOT NULL DEFAULT '',
    notes       TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    CONSTRAINT clients_user_key UNIQUE (user_id)
);
CREATE INDEX clients_email_idx ON clients(email);
CREATE INDEX clients_phone_idx ON clients(phone);
CREATE INDEX clients_created_idx ON clients(created_at);

-- Carts: a guest's (its id lives in the guest's session, behind the session
-- cookie) or a user's. Guest carts merge into the user's at sign-in.
CREATE TABLE carts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    updated_at BIGINT  NOT NULL,
    CONSTRAINT carts_user_key UNIQUE (user_id)
);
CREATE INDEX carts_updated_idx ON carts(updated_at);

CREATE TABLE cart_items (
    id          INTEGER PRIMARY KEY,
    cart_id     INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    variant_id  INTEGER NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL CONSTRAINT cart_items_quantity_check CHECK (quantity BETWEEN 1 AND 99),
    inscription TEXT    NOT NULL DEFAULT '',
    notes       TEXT    NOT NULL DEFAULT '',
    added_at    BIGINT  NOT NULL,
    CONSTRAINT cart_items_line_key UNIQUE (cart_id, variant_id, inscription, notes)
);

CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id) ON DELETE RESTRICT,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    store_id         INTEGER REFERENCES stores(id) ON DELETE SET NULL,
    stage            TEXT    NOT NULL DEFAULT 'new',
    fulfilment       TEXT    NOT NULL
                     CONSTRAINT orders_fulfilment_check CHECK (fulfilment IN ('pickup','delivery')),
    delivery_address TEXT    NOT NULL DEFAULT '',
    ready_date       TEXT,
    time_slot        TEXT    NOT NULL DEFAULT '',
    payment_method   TEXT    NOT NULL
                     CONSTRAINT orders_payment_method_check CHECK (payment_method IN ('cash','card','online')),
    payment_status   TEXT    NOT NULL DEFAULT 'unpaid'
                     CONSTRAINT orders_payment_status_check CHECK (payment_status IN ('unpaid','pending','paid','failed')),
    total_minor      BIGINT  NOT NULL CONSTRAINT orders_total_check CHECK (total_minor >= 0),
    notes            TEXT    NOT NULL DEFAULT '',
    source           TEXT    NOT NULL DEFAULT 'web',
    idempotency_key  TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    CONSTRAINT orders_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX orders_client_idx ON orders(client_id, created_at);
CREATE INDEX orders_user_idx ON orders(user_id, created_at);
CREATE INDEX orders_stage_idx ON orders(stage, ready_date);
CREATE INDEX orders_created_idx ON orders(created_at);

-- Each item keeps a snapshot of what was bought: later catalog edits never
-- change a past order.
CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id       INTEGER REFERENCES products(id) ON DELETE SET NULL,
    variant_id       INTEGER REFERENCES product_variants(id) ON DELETE SET NULL,
    product_name     TEXT    NOT NULL,
    variant_name     TEXT    NOT NULL DEFAULT '',
    sku              TEXT    NOT NULL DEFAULT '',
    unit_price_minor BIGINT  NOT NULL CONSTRAINT order_items_price_check CHECK (unit_price_minor >= 0),
    quantity         INTEGER NOT NULL CONSTRAINT order_items_quantity_check CHECK (quantity > 0),
    inscription      TEXT    NOT NULL DEFAULT '',
    notes            TEXT    NOT NULL DEFAULT '',
    position         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_items_order_idx ON order_items(order_id, position);
CREATE INDEX order_items_product_idx ON order_items(product_id);

-- The timeline of an order's stages: who moved it, when, from and to.
CREATE TABLE order_stage_events (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage   TEXT    NOT NULL,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at         BIGINT  NOT NULL
);
CREATE INDEX order_stage_events_order_idx ON order_stage_events(order_id, at);

-- Online payments through a provider (the built-in sandbox, or a real one).
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    provider     TEXT    NOT NULL,
    reference    TEXT    NOT NULL,
    amount_minor BIGINT  NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CONSTRAINT payments_status_check CHECK (status IN ('pending','succeeded','failed')),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    CONSTRAINT payments_reference_key UNIQUE (reference)
);
CREATE INDEX payments_order_idx ON payments(order_id);
