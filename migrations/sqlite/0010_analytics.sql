-- Analytics (issue 7): sign-ins for the user-activity charts, and daily
-- roll-ups of sales and production that the dashboard reads instead of a
-- year of orders.
--
-- The roll-ups are per shop-local day, which only the application knows
-- (the shop's time zone is configuration). So triggers here only mark the
-- UTC days whose orders, items or stage moves changed; the application
-- works those days' roll-ups out again (`analytics::repo::refresh`) before
-- it reads them, in one transaction.

CREATE TABLE user_logins (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    method   TEXT    NOT NULL,
    at       BIGINT  NOT NULL
);
CREATE INDEX user_logins_at_idx ON user_logins(at);

CREATE INDEX order_stage_events_at_idx ON order_stage_events(at);

-- UTC days (Unix seconds / 86400) whose roll-ups are out of date.
CREATE TABLE analytics_dirty (day BIGINT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO analytics_dirty (day) SELECT DISTINCT created_at / 86400 FROM orders;
INSERT OR IGNORE INTO analytics_dirty (day) SELECT DISTINCT at / 86400 FROM order_stage_events;

-- The time zone the roll-ups were worked out in: another one rebuilds them.
CREATE TABLE analytics_state (
    id  INTEGER PRIMARY KEY CONSTRAINT analytics_state_one CHECK (id = 1),
    tz  TEXT    NOT NULL
);

CREATE TRIGGER orders_analytics_insert AFTER INSERT ON orders BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day) VALUES (new.created_at / 86400);
END;
CREATE TRIGGER orders_analytics_update AFTER UPDATE ON orders BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day) VALUES (old.created_at / 86400);
    INSERT OR IGNORE INTO analytics_dirty (day) VALUES (new.created_at / 86400);
END;
CREATE TRIGGER orders_analytics_delete AFTER DELETE ON orders BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day) VALUES (old.created_at / 86400);
END;
CREATE TRIGGER order_items_analytics_insert AFTER INSERT ON order_items BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day)
    SELECT created_at / 86400 FROM orders WHERE id = new.order_id;
END;
CREATE TRIGGER order_items_analytics_update AFTER UPDATE ON order_items BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day)
    SELECT created_at / 86400 FROM orders WHERE id = new.order_id;
END;
CREATE TRIGGER order_items_analytics_delete AFTER DELETE ON order_items BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day)
    SELECT created_at / 86400 FROM orders WHERE id = old.order_id;
END;
CREATE TRIGGER order_stage_events_analytics_insert AFTER INSERT ON order_stage_events BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day) VALUES (new.at / 86400);
END;
CREATE TRIGGER order_stage_events_analytics_delete AFTER DELETE ON order_stage_events BEGIN
    INSERT OR IGNORE INTO analytics_dirty (day) VALUES (old.at / 86400);
END;
-- A stage that becomes (or stops being) a cancelled one changes revenue.
CREATE TRIGGER stages_analytics_update AFTER UPDATE OF kind ON stages BEGIN
    DELETE FROM analytics_state;
END;

-- Orders per day, store and stage: counts, revenue (their totals) and how
-- many were their client's first order.
CREATE TABLE sales_daily (
    day           TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    stage         TEXT   NOT NULL,
    orders        BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    first_orders  BIGINT NOT NULL,
    PRIMARY KEY (day, store_id, stage)
) WITHOUT ROWID;

-- The same per category of the items (an order counts once in each of its
-- categories; revenue is its items of that category).
CREATE TABLE category_daily (
    day           TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    stage         TEXT   NOT NULL,
    category_id   BIGINT NOT NULL,
    orders        BIGINT NOT NULL,
    units         BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    first_orders  BIGINT NOT NULL,
    PRIMARY KEY (day, store_id, stage, category_id)
) WITHOUT ROWID;

-- Items sold (orders not cancelled) per product and per variant name.
CREATE TABLE product_daily (
    day           TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    category_id   BIGINT NOT NULL,
    product_name  TEXT   NOT NULL,
    units         BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    PRIMARY KEY (day, store_id, category_id, product_name)
) WITHOUT ROWID;
CREATE TABLE variant_daily (
    day           TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    category_id   BIGINT NOT NULL,
    variant_name  TEXT   NOT NULL,
    units         BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    PRIMARY KEY (day, store_id, category_id, variant_name)
) WITHOUT ROWID;

-- Production per day and stage: orders that entered it, orders that left
-- it and the seconds they had spent in it.
CREATE TABLE stage_daily (
    day         TEXT   NOT NULL,
    stage       TEXT   NOT NULL,
    entered     BIGINT NOT NULL,
    left_count  BIGINT NOT NULL,
    seconds     BIGINT NOT NULL,
    PRIMARY KEY (day, stage)
) WITHOUT ROWID;
