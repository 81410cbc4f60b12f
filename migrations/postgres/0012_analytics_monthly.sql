-- Monthly roll-ups (issue 7 at a million orders): a year's rankings of
-- categories, products and sizes read a dozen months of these plus the
-- days at either end of the period, not 365 days of daily rows. Each month
-- is worked out again from its daily rows whenever `analytics::repo::refresh`
-- works out one of its days (`month` is `YYYY-MM`, shop-local).
CREATE TABLE category_monthly (
    month         TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    stage         TEXT   NOT NULL,
    category_id   BIGINT NOT NULL,
    orders        BIGINT NOT NULL,
    units         BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    first_orders  BIGINT NOT NULL,
    PRIMARY KEY (month, store_id, stage, category_id)
);
CREATE TABLE product_monthly (
    month         TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    category_id   BIGINT NOT NULL,
    product_name  TEXT   NOT NULL,
    units         BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    PRIMARY KEY (month, store_id, category_id, product_name)
);
CREATE TABLE variant_monthly (
    month         TEXT   NOT NULL,
    store_id      BIGINT NOT NULL,
    category_id   BIGINT NOT NULL,
    variant_name  TEXT   NOT NULL,
    units         BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    PRIMARY KEY (month, store_id, category_id, variant_name)
);

-- Existing roll-ups are worked out again (and the months with them) at the
-- next refresh.
DELETE FROM analytics_state;
