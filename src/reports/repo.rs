//! SQL of reports: the figures of a period, computed in the database, and
//! saved reports.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use chrono::NaiveDate;

use super::types::{Figures, Period, Report, TopClient, TopProduct};
use crate::server::db::Db;
use crate::{db_read, db_write};

/// Orders of the period that count as sales (not in a cancelled stage).
const SOLD: &str = "COALESCE(st.kind, 'open') <> 'cancelled'";

/// The figures of orders created in `[from, to)` (Unix seconds); clients
/// made in the same span are the new clients.
pub async fn figures(db: &Db, from: i64, to: i64) -> Result<Figures, sqlx::Error> {
    let totals_sql = format!(
        "SELECT COUNT(*), \
                CAST(COALESCE(SUM(CASE WHEN {SOLD} THEN o.total_minor ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN {SOLD} THEN 1 ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN st.kind = 'done' THEN 1 ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN st.kind = 'cancelled' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM orders o LEFT JOIN stages st ON st.code = o.stage \
         WHERE o.created_at >= $1 AND o.created_at < $2"
    );
    let (orders, revenue, sold, completed, cancelled): (i64, i64, i64, i64, i64) =
        db_read!(db, |pool| sqlx::query_as(&totals_sql)
            .bind(from)
            .bind(to)
            .fetch_one(pool)
            .await)?;
    let new_clients: i64 = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM clients WHERE created_at >= $1 AND created_at < $2"
    )
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await)?;
    let clients_sql = format!(
        "SELECT c.id, c.last_name, c.first_name, COUNT(*) AS n, CAST(COALESCE(SUM(o.total_minor), 0) AS BIGINT) AS revenue \
         FROM orders o JOIN clients c ON c.id = o.client_id LEFT JOIN stages st ON st.code = o.stage \
         WHERE o.created_at >= $1 AND o.created_at < $2 AND {SOLD} \
         GROUP BY c.id, c.last_name, c.first_name ORDER BY revenue DESC, c.id LIMIT 5"
    );
    let clients: Vec<(i64, String, String, i64, i64)> =
        db_read!(db, |pool| sqlx::query_as(&clients_sql)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await)?;
    let products_sql = format!(
        "SELECT i.product_name, CAST(COALESCE(SUM(i.quantity), 0) AS BIGINT) AS qty, \
                CAST(COALESCE(SUM(i.unit_price_minor * i.quantity), 0) AS BIGINT) AS revenue \
         FROM order_items i JOIN orders o ON o.id = i.order_id LEFT JOIN stages st ON st.code = o.stage \
         WHERE o.created_at >= $1 AND o.created_at < $2 AND {SOLD} \
         GROUP BY i.product_name ORDER BY revenue DESC, i.product_name LIMIT 5"
    );
    let products: Vec<(String, i64, i64)> = db_read!(db, |pool| sqlx::query_as(&products_sql)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await)?;
    Ok(Figures {
        orders,
        revenue_minor: revenue,
        average_minor: if sold > 0 { revenue / sold } else { 0 },
        completed,
        cancelled,
        new_clients,
        top_clients: clients
            .into_iter()
            .map(
                |(client_id, last, first, orders, revenue_minor)| TopClient {
                    client_id,
                    name: crate::clients::types::full_name(&last, &first, ""),
                    orders,
                    revenue_minor,
                },
            )
            .collect(),
        top_products: products
            .into_iter()
            .map(|(product, quantity, revenue_minor)| TopProduct {
                product,
                quantity,
                revenue_minor,
            })
            .collect(),
    })
}

/// Saves a report; returns its id.
pub async fn save(
    db: &Db,
    period: Period,
    from: NaiveDate,
    to: NaiveDate,
    figures: &Figures,
    by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let body = serde_json::to_string(figures).unwrap_or_else(|_| "{}".into());
    let t = chrono::Utc::now().timestamp();
    db_write!(db, |pool| sqlx::query_scalar(
        "INSERT INTO reports (period, date_from, date_to, body, user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    )
    .bind(period.code())
    .bind(from.format("%Y-%m-%d").to_string())
    .bind(to.format("%Y-%m-%d").to_string())
    .bind(body)
    .bind(by)
    .bind(t)
    .fetch_one(pool)
    .await)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    period: String,
    date_from: String,
    date_to: String,
    body: String,
    user_id: Option<i64>,
    created_at: i64,
}

fn report(r: Row) -> Option<Report> {
    Some(Report {
        id: r.id,
        period: Period::parse(&r.period)?,
        date_from: NaiveDate::parse_from_str(&r.date_from, "%Y-%m-%d").ok()?,
        date_to: NaiveDate::parse_from_str(&r.date_to, "%Y-%m-%d").ok()?,
        figures: serde_json::from_str(&r.body).ok()?,
        user_id: r.user_id,
        created_at: r.created_at,
    })
}

/// Saved reports, newest first (at most `limit`).
pub async fn list(db: &Db, limit: i64) -> Result<Vec<Report>, sqlx::Error> {
    let rows: Vec<Row> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, period, date_from, date_to, body, user_id, created_at FROM reports ORDER BY id DESC LIMIT $1"
    )
    .bind(limit)
    .fetch_all(pool)
    .await
    })?;
    Ok(rows.into_iter().filter_map(report).collect())
}

/// One saved report.
pub async fn get(db: &Db, id: i64) -> Result<Option<Report>, sqlx::Error> {
    let row: Option<Row> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, period, date_from, date_to, body, user_id, created_at FROM reports WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    })?;
    Ok(row.and_then(report))
}
