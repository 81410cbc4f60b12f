//! SQL of analytics: sign-ins, the daily roll-ups and what the dashboard
//! reads from them.
//!
//! Roll-ups are per shop-local day. Triggers mark the UTC days whose
//! orders, items or stage moves changed (`analytics_dirty`); [`refresh`]
//! works the shop-local days those touch out again from the orders, in a
//! transaction, before the dashboard reads. A year of a million-order shop
//! is then a few thousand roll-up rows instead of half a million orders.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use crate::server::config::Config;
use crate::server::db::{Db, Dialect};
use crate::{db_read, db_tx, db_write};

/// Records a sign-in (`method`: `password`, `oauth`, `register`).
pub async fn record_login(db: &Db, user_id: i64, method: &str) -> Result<(), sqlx::Error> {
    let at = chrono::Utc::now().timestamp();
    db_write!(db, |pool| sqlx::query(
        "INSERT INTO user_logins (user_id, method, at) VALUES ($1, $2, $3)"
    )
    .bind(user_id)
    .bind(method)
    .bind(at)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The roll-up tables, each keyed by `day` first.
const ROLLUPS: [&str; 5] = [
    "sales_daily",
    "category_daily",
    "product_daily",
    "variant_daily",
    "stage_daily",
];

/// The monthly roll-ups: (table, daily table it sums, key columns, summed
/// columns). Months are `YYYY-MM`, shop-local.
const MONTHLY: [(&str, &str, &str, &str); 3] = [
    (
        "category_monthly",
        "category_daily",
        "store_id, stage, category_id",
        "orders, units, revenue_minor, first_orders",
    ),
    (
        "product_monthly",
        "product_daily",
        "store_id, category_id, product_name",
        "units, revenue_minor",
    ),
    (
        "variant_monthly",
        "variant_daily",
        "store_id, category_id, variant_name",
        "units, revenue_minor",
    ),
];

/// The statements that work out one month's roll-ups from its days: `$1`
/// the month (`YYYY-MM`), `$2`..`$3` its first day and the next month's.
fn month_statements() -> Vec<String> {
    let mut out = Vec::new();
    for (table, daily, keys, sums) in MONTHLY {
        out.push(format!("DELETE FROM {table} WHERE month = $1"));
        let summed: Vec<String> = sums
            .split(", ")
            .map(|c| format!("CAST(SUM({c}) AS BIGINT)"))
            .collect();
        out.push(format!(
            "INSERT INTO {table} (month, {keys}, {sums}) \
             SELECT $1, {keys}, {} FROM {daily} WHERE day >= $2 AND day < $3 GROUP BY {keys}",
            summed.join(", ")
        ));
    }
    out
}

/// The first day of `date`'s month.
fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The first day of the month after `date`'s.
fn next_month(date: NaiveDate) -> NaiveDate {
    month_start(month_start(date) + chrono::Duration::days(32))
}

/// How a period `from..=to` is read: the whole months inside it from the
/// monthly roll-ups, the days before and after them from the daily ones.
/// `(first whole month's first day, the day after the last whole month)`;
/// both are `to + 1` when no whole month fits.
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let after = to + chrono::Duration::days(1);
    let first = if from.day() == 1 {
        from
    } else {
        next_month(from)
    };
    let end = month_start(after);
    if first < end {
        (first, end)
    } else {
        (after, after)
    }
}

/// Whether an order (aliased `o`) was its client's first.
const FIRST_ORDER: &str = "NOT EXISTS (SELECT 1 FROM orders p WHERE p.client_id = o.client_id \
     AND (p.created_at < o.created_at OR (p.created_at = o.created_at AND p.id < o.id)))";

/// Orders that count as sales: not in a cancelled stage.
const SOLD: &str = "COALESCE(st.kind, 'open') <> 'cancelled'";

/// The statements that work out one day's roll-ups: `$1` the day
/// (`YYYY-MM-DD`), `$2`..`$3` its span in Unix seconds.
fn day_statements() -> Vec<String> {
    let mut out: Vec<String> = ROLLUPS
        .iter()
        .map(|t| format!("DELETE FROM {t} WHERE day = $1"))
        .collect();
    out.push(format!(
        "INSERT INTO sales_daily (day, store_id, stage, orders, revenue_minor, first_orders) \
         SELECT $1, COALESCE(o.store_id, 0), o.stage, COUNT(*), \
                CAST(SUM(o.total_minor) AS BIGINT), \
                CAST(SUM(CASE WHEN {FIRST_ORDER} THEN 1 ELSE 0 END) AS BIGINT) \
         FROM orders o WHERE o.created_at >= $2 AND o.created_at < $3 \
         GROUP BY COALESCE(o.store_id, 0), o.stage"
    ));
    out.push(format!(
        "INSERT INTO category_daily (day, store_id, stage, category_id, orders, units, revenue_minor, first_orders) \
         SELECT $1, COALESCE(o.store_id, 0), o.stage, COALESCE(pr.category_id, 0), COUNT(DISTINCT o.id), \
                CAST(SUM(i.quantity) AS BIGINT), CAST(SUM(i.unit_price_minor * i.quantity) AS BIGINT), \
                COUNT(DISTINCT CASE WHEN {FIRST_ORDER} THEN o.id END) \
         FROM order_items i JOIN orders o ON o.id = i.order_id \
         LEFT JOIN products pr ON pr.id = i.product_id \
         WHERE o.created_at >= $2 AND o.created_at < $3 \
         GROUP BY COALESCE(o.store_id, 0), o.stage, COALESCE(pr.category_id, 0)"
    ));
    for (table, column) in [
        ("product_daily", "product_name"),
        ("variant_daily", "variant_name"),
    ] {
        out.push(format!(
            "INSERT INTO {table} (day, store_id, category_id, {column}, units, revenue_minor) \
             SELECT $1, COALESCE(o.store_id, 0), COALESCE(pr.category_id, 0), i.{column}, \
                    CAST(SUM(i.quantity) AS BIGINT), CAST(SUM(i.unit_price_minor * i.quantity) AS BIGINT) \
             FROM order_items i JOIN orders o ON o.id = i.order_id \
             LEFT JOIN products pr ON pr.id = i.product_id \
             LEFT JOIN stages st ON st.code = o.stage \
             WHERE o.created_at >= $2 AND o.created_at < $3 AND {SOLD} \
             GROUP BY COALESCE(o.store_id, 0), COALESCE(pr.category_id, 0), i.{column}"
        ));
    }
    // Time in a stage: from the move into it to the move out of it, counted
    // on the day the order left it.
    out.push(
        "INSERT INTO stage_daily (day, stage, entered, left_count, seconds) \
         SELECT $1, m.stage, CAST(SUM(m.entered) AS BIGINT), CAST(SUM(m.left_count) AS BIGINT), \
                CAST(SUM(m.seconds) AS BIGINT) FROM ( \
           SELECT e.to_stage AS stage, 1 AS entered, 0 AS left_count, 0 AS seconds \
           FROM order_stage_events e WHERE e.at >= $2 AND e.at < $3 \
           UNION ALL \
           SELECT e.from_stage, 0, 1, e.at - COALESCE((SELECT MAX(p.at) FROM order_stage_events p \
                  WHERE p.order_id = e.order_id AND p.id < e.id), e.at) \
           FROM order_stage_events e \
           WHERE e.at >= $2 AND e.at < $3 AND e.from_stage IS NOT NULL \
         ) m GROUP BY m.stage"
            .to_owned(),
    );
    out
}

/// The shop-local dates the UTC day `utc_day` overlaps.
fn local_dates(config: &Config, utc_day: i64, out: &mut BTreeSet<NaiveDate>) {
    let tz = config.tz();
    for t in [utc_day * 86_400, utc_day * 86_400 + 86_399] {
        if let Some(d) = chrono::DateTime::from_timestamp(t, 0) {
            out.insert(d.with_timezone(&tz).date_naive());
        }
    }
}

/// Days worked out again per transaction: SQLite's write lock is never held
/// for long, even when a whole history is rebuilt.
const DAYS_PER_TX: i64 = 31;

/// Works out again the roll-ups of every day marked as changed (all of
/// them when the shop's time zone changed since). Returns how many
/// shop-local days it worked out.
pub async fn refresh(db: &Db, config: &Config) -> Result<usize, sqlx::Error> {
    let (dirty, tz): (i64, Option<String>) = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM analytics_dirty), (SELECT tz FROM analytics_state WHERE id = 1)"
    )
    .fetch_one(pool)
    .await
    })?;
    if tz.as_deref() != Some(config.shop.time_zone.name()) {
        rebuild_all(db, config).await?;
    } else if dirty == 0 {
        return Ok(0);
    }
    let statements = day_statements();
    let months = month_statements();
    let mut worked = 0;
    loop {
        let n = db_tx!(db, |tx| {
            if db.dialect() == Dialect::Postgres {
                // One refresher at a time across app instances.
                sqlx::query("SELECT pg_advisory_xact_lock(7007)")
                    .execute(&mut *tx)
                    .await?;
            }
            let days: Vec<i64> = sqlx::query_scalar(&format!(
                "SELECT day FROM analytics_dirty ORDER BY day LIMIT {DAYS_PER_TX}"
            ))
            .fetch_all(&mut *tx)
            .await?;
            let mut dates = BTreeSet::new();
            for day in &days {
                sqlx::query("DELETE FROM analytics_dirty WHERE day = $1")
                    .bind(day)
                    .execute(&mut *tx)
                    .await?;
                local_dates(config, *day, &mut dates);
            }
            for date in &dates {
                let from = config.midnight(*date);
                let to = config.midnight(*date + chrono::Duration::days(1));
                let day = date.format("%Y-%m-%d").to_string();
                for sql in &statements {
                    sqlx::query(sql)
                        .bind(&day)
                        .bind(from)
                        .bind(to)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let touched: BTreeSet<NaiveDate> = dates.iter().map(|d| month_start(*d)).collect();
            for first in touched {
                let month = first.format("%Y-%m").to_string();
                let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
                for sql in &months {
                    sqlx::query(sql)
                        .bind(&month)
                        .bind(day(first))
                        .bind(day(next_month(first)))
                        .execute(&mut *tx)
                        .await?;
                }
            }
            Ok::<_, sqlx::Error>((days.len(), dates.len()))
        })?;
        worked += n.1;
        if (n.0 as i64) < DAYS_PER_TX {
            break;
        }
    }
    Ok(worked)
}

/// Forgets every roll-up and marks every day with orders or stage moves.
async fn rebuild_all(db: &Db, config: &Config) -> Result<(), sqlx::Error> {
    let ignore = match db.dialect() {
        Dialect::Sqlite => ("INSERT OR IGNORE INTO", ""),
        Dialect::Postgres => ("INSERT INTO", " ON CONFLICT DO NOTHING"),
    };
    db_tx!(db, |tx| {
        for table in ROLLUPS.into_iter().chain(MONTHLY.map(|m| m.0)) {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (column, table) in [("created_at", "orders"), ("at", "order_stage_events")] {
            sqlx::query(&format!(
                "{} analytics_dirty (day) SELECT DISTINCT {column} / 86400 FROM {table}{}",
                ignore.0, ignore.1
            ))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM analytics_state")
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO analytics_state (id, tz) VALUES (1, $1)")
            .bind(config.shop.time_zone.name())
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// A row of `sales_daily` or (with a category) `category_daily`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SalesRow {
    pub day: String,
    pub store_id: i64,
    pub stage: String,
    pub orders: i64,
    pub revenue_minor: i64,
    pub first_orders: i64,
}

/// Orders per day, store and stage between two dates (inclusive).
pub async fn sales(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    store: Option<i64>,
    category: Option<i64>,
) -> Result<Vec<SalesRow>, sqlx::Error> {
    let (table, category_filter) = match category {
        Some(_) => ("category_daily", " AND category_id = $4"),
        None => ("sales_daily", ""),
    };
    let store_filter = if store.is_some() {
        " AND store_id = $3"
    } else {
        " AND $3 = $3"
    };
    let sql = format!(
        "SELECT day, store_id, stage, CAST(SUM(orders) AS BIGINT) AS orders, \
                CAST(SUM(revenue_minor) AS BIGINT) AS revenue_minor, \
                CAST(SUM(first_orders) AS BIGINT) AS first_orders \
         FROM {table} WHERE day >= $1 AND day <= $2{store_filter}{} \
         GROUP BY day, store_id, stage ORDER BY day",
        if category.is_some() {
            category_filter
        } else {
            " AND $4 = $4"
        }
    );
    db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .bind(store.unwrap_or(0))
        .bind(category.unwrap_or(0))
        .fetch_all(pool)
        .await)
}

/// Units and revenue (orders not cancelled) per name: products, variants or
/// categories, best first. Whole months come from the monthly roll-ups.
pub async fn ranking(
    db: &Db,
    what: Ranked,
    from: NaiveDate,
    to: NaiveDate,
    store: Option<i64>,
    category: Option<i64>,
    limit: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    ranking_reading(db, what, from, to, store, category, limit, true).await
}

/// [`ranking`], reading whole months from the monthly roll-ups or (tests
/// compare the two) every day from the daily ones.
#[allow(clippy::too_many_arguments)]
pub async fn ranking_reading(
    db: &Db,
    what: Ranked,
    from: NaiveDate,
    to: NaiveDate,
    store: Option<i64>,
    category: Option<i64>,
    limit: i64,
    months: bool,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let (first, end) = if months {
        whole_months(from, to)
    } else {
        let after = to + chrono::Duration::days(1);
        (after, after)
    };
    // $1..$2 the period, $3 store, $4 category, $5..$6 the whole months
    // (first days), $7..$8 the same as months.
    let filters = format!(
        "{} AND {}",
        if store.is_some() {
            "store_id = $3"
        } else {
            "$3 = $3"
        },
        if category.is_some() {
            "category_id = $4"
        } else {
            "$4 = $4"
        }
    );
    let days = "((day >= $1 AND day < $5) OR (day >= $6 AND day <= $2))";
    let in_months = "month >= $7 AND month < $8";
    let sql = match what {
        Ranked::Product | Ranked::Variant => {
            let (table, column) = match what {
                Ranked::Product => ("product", "product_name"),
                _ => ("variant", "variant_name"),
            };
            format!(
                "SELECT name, CAST(SUM(units) AS BIGINT) AS units, CAST(SUM(revenue_minor) AS BIGINT) AS revenue FROM ( \
                   SELECT {column} AS name, units, revenue_minor FROM {table}_daily WHERE {days} AND {filters} \
                   UNION ALL \
                   SELECT {column}, units, revenue_minor FROM {table}_monthly WHERE {in_months} AND {filters} \
                 ) d GROUP BY name ORDER BY revenue DESC, name LIMIT {limit}"
            )
        }
        Ranked::Category => format!(
            "SELECT COALESCE(c.name, '—'), CAST(SUM(d.units) AS BIGINT) AS units, \
                    CAST(SUM(d.revenue_minor) AS BIGINT) AS revenue FROM ( \
               SELECT category_id, stage, units, revenue_minor FROM category_daily WHERE {days} AND {filters} \
               UNION ALL \
               SELECT category_id, stage, units, revenue_minor FROM category_monthly WHERE {in_months} AND {filters} \
             ) d LEFT JOIN categories c ON c.id = d.category_id \
             LEFT JOIN stages st ON st.code = d.stage \
             WHERE {SOLD} \
             GROUP BY COALESCE(c.name, '—') ORDER BY revenue DESC, COALESCE(c.name, '—') LIMIT {limit}"
        ),
    };
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(day(from))
        .bind(day(to))
        .bind(store.unwrap_or(0))
        .bind(category.unwrap_or(0))
        .bind(day(first))
        .bind(day(end))
        .bind(month(first))
        .bind(month(end))
        .fetch_all(pool)
        .await)
}

/// What [`ranking`] ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranked {
    Product,
    Variant,
    Category,
}

/// Production per day and stage: (day, stage, entered, left, seconds).
pub async fn production(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, i64, i64, i64)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT day, stage, entered, left_count, seconds FROM stage_daily \
         WHERE day >= $1 AND day <= $2 ORDER BY day"
    )
    .bind(from.format("%Y-%m-%d").to_string())
    .bind(to.format("%Y-%m-%d").to_string())
    .fetch_all(pool)
    .await)
}

/// Sign-ins between two instants: (user, Unix seconds).
pub async fn logins(db: &Db, from: i64, to: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT user_id, at FROM user_logins WHERE at >= $1 AND at < $2 ORDER BY at"
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await)
}

/// When the accounts made between two instants were made (Unix seconds).
pub async fn registrations(db: &Db, from: i64, to: i64) -> Result<Vec<i64>, sqlx::Error> {
    match db {
        Db::Sqlite { read, .. } => {
            let iso = |t: i64| {
                chrono::DateTime::from_timestamp(t, 0)
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
                    .unwrap_or_default()
            };
            let rows: Vec<String> = sqlx::query_scalar(
                "SELECT created_at FROM users WHERE created_at >= $1 AND created_at < $2",
            )
            .bind(iso(from))
            .bind(iso(to))
            .fetch_all(read)
            .await?;
            Ok(rows
                .iter()
                .filter_map(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                .map(|d| d.timestamp())
                .collect())
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(
                "SELECT CAST(EXTRACT(EPOCH FROM created_at) AS BIGINT) FROM users \
                 WHERE created_at >= to_timestamp($1) AND created_at < to_timestamp($2)",
            )
            .bind(from as f64)
            .bind(to as f64)
            .fetch_all(pool)
            .await
        }
    }
}

/// Stock of active products kept on shelves (not made to order) per store,
/// fewest first: at or below `threshold` when given, at most `limit` rows.
pub async fn stock(
    db: &Db,
    threshold: Option<i64>,
    store: Option<i64>,
    category: Option<i64>,
    limit: i64,
) -> Result<Vec<super::types::LowStock>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT s.name, p.name, v.name, v.sku, CAST(k.quantity AS BIGINT) \
         FROM stock k JOIN product_variants v ON v.id = k.variant_id \
         JOIN products p ON p.id = v.product_id JOIN stores s ON s.id = k.store_id \
         WHERE k.quantity <= COALESCE(CASE WHEN $5 THEN v.low_stock_threshold END, $1) \
           AND p.active AND NOT p.made_to_order \
           AND ($2 = 0 OR k.store_id = $2) AND ($3 = 0 OR p.category_id = $3) \
         ORDER BY k.quantity, s.position, p.name, v.position LIMIT $4"
    )
    .bind(threshold.unwrap_or(i64::MAX))
    .bind(store.unwrap_or(0))
    .bind(category.unwrap_or(0))
    .bind(limit)
    // A variant's own low-stock threshold wins over the dashboard's.
    .bind(threshold.is_some())
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(
            |(store, product, variant, sku, quantity)| super::types::LowStock {
                store,
                product,
                variant,
                sku,
                quantity,
            },
        )
        .collect())
}

/// The stores and the categories, for the filters.
pub async fn choices(
    db: &Db,
) -> Result<(Vec<super::types::Choice>, Vec<super::types::Choice>), sqlx::Error> {
    let stores: Vec<(i64, String)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM stores ORDER BY position, id"
    )
    .fetch_all(pool)
    .await)?;
    let categories: Vec<(i64, String)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM categories ORDER BY position, name"
    )
    .fetch_all(pool)
    .await)?;
    let to = |v: Vec<(i64, String)>| {
        v.into_iter()
            .map(|(id, name)| super::types::Choice { id, name })
            .collect()
    };
    Ok((to(stores), to(categories)))
}
