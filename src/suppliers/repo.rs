//! SQL of the supplier's side: suppliers and their intake switch, and each
//! supplier's parts of orders (its own lines, and the part's state).

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::types::{Part, PartLine, PartState, Supplier, SupplierForm};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::db::Db;
use crate::server::jobs::{ENQUEUE_SQL, Job, job_row};
use crate::{db_read, db_tx_if_ok, db_write};

const SUPPLIER_SQL: &str = "SELECT s.id, s.name, s.url, s.accepting_orders, \
        (SELECT COUNT(*) FROM products p WHERE p.supplier_id = s.id AND p.active) AS products, \
        u.email AS user_email \
     FROM suppliers s LEFT JOIN users u ON u.id = s.user_id";

#[derive(sqlx::FromRow)]
struct SupplierRow {
    id: i64,
    name: String,
    url: String,
    accepting_orders: bool,
    products: i64,
    user_email: Option<String>,
}

impl From<SupplierRow> for Supplier {
    fn from(r: SupplierRow) -> Supplier {
        Supplier {
            id: r.id,
            name: r.name,
            url: r.url,
            accepting_orders: r.accepting_orders,
            products: r.products,
            user_email: r.user_email,
        }
    }
}

/// The suppliers `user_id` runs, by name; `None`: every supplier.
pub async fn suppliers(db: &Db, user_id: Option<i64>) -> Result<Vec<Supplier>, sqlx::Error> {
    let rows: Vec<SupplierRow> = match user_id {
        Some(user_id) => {
            let sql = format!("{SUPPLIER_SQL} WHERE s.user_id = $1 ORDER BY s.name, s.id");
            db_read!(db, |pool| sqlx::query_as(&sql)
                .bind(user_id)
                .fetch_all(pool)
                .await)?
        }
        None => {
            let sql = format!("{SUPPLIER_SQL} ORDER BY s.name, s.id");
            db_read!(db, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?
        }
    };
    Ok(rows.into_iter().map(Supplier::from).collect())
}

/// Every supplier with the account that runs it, without the product
/// counts (a placed order's mails read this on each checkout).
pub async fn directory(db: &Db) -> Result<Vec<Supplier>, sqlx::Error> {
    let rows: Vec<SupplierRow> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT s.id, s.name, s.url, s.accepting_orders, CAST(0 AS BIGINT) AS products, u.email AS user_email \
         FROM suppliers s LEFT JOIN users u ON u.id = s.user_id ORDER BY s.name, s.id"
    )
    .fetch_all(pool)
    .await
    })?;
    Ok(rows.into_iter().map(Supplier::from).collect())
}

/// One supplier and the user who runs it.
pub async fn supplier(db: &Db, id: i64) -> Result<Option<(Supplier, Option<i64>)>, sqlx::Error> {
    let sql = format!("{SUPPLIER_SQL} WHERE s.id = $1");
    let row: Option<SupplierRow> = db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    let Some(row) = row else { return Ok(None) };
    let user: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT user_id FROM suppliers WHERE id = $1"
    )
    .bind(id)
    .fetch_one(pool)
    .await)?;
    Ok(Some((row.into(), user)))
}

/// Whether another supplier than `except` has this name (in any case).
pub async fn name_taken(db: &Db, name: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE lower(name) = lower($1) AND id <> $2 LIMIT 1"
    )
    .bind(name)
    .bind(except.unwrap_or(0))
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Makes a supplier (taking orders); its id.
pub async fn create(db: &Db, form: &SupplierForm) -> Result<i64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query_scalar(
        "INSERT INTO suppliers (name, url, accepting_orders, user_id, created_at) \
         VALUES ($1, $2, TRUE, NULL, $3) RETURNING id"
    )
    .bind(&form.name)
    .bind(&form.url)
    .bind(chrono::Utc::now().timestamp())
    .fetch_one(pool)
    .await)
}

/// Renames a supplier and sets its address.
pub async fn save(db: &Db, id: i64, form: &SupplierForm) -> Result<bool, sqlx::Error> {
    let changed = db_write!(db, |pool| sqlx::query(
        "UPDATE suppliers SET name = $2, url = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(&form.name)
    .bind(&form.url)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// Links the account that runs a supplier (`None`: nobody).
pub async fn set_user(db: &Db, id: i64, user_id: Option<i64>) -> Result<bool, sqlx::Error> {
    let changed = db_write!(db, |pool| sqlx::query(
        "UPDATE suppliers SET user_id = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(user_id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// Switches a supplier's order intake on or off. (The catalog's version
/// moves with it, by trigger: the storefront shows the change at once.)
pub async fn set_intake(db: &Db, id: i64, accepting: bool) -> Result<bool, sqlx::Error> {
    let changed = db_write!(db, |pool| sqlx::query(
        "UPDATE suppliers SET accepting_orders = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(accepting)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

#[derive(sqlx::FromRow)]
struct PartRow {
    id: i64,
    created_at: i64,
    ready_date: Option<String>,
    stage: String,
    kind: String,
    state: String,
}

/// The orders that hold `supplier_id`'s goods, newest first (in `state`
/// only, when given): a page of them with only the supplier's own lines,
/// and how many there are in all. `placed` formats a Unix time.
pub async fn parts(
    db: &Db,
    supplier_id: i64,
    state: Option<PartState>,
    limit: i64,
    offset: i64,
    locale: Locale,
    placed: impl Fn(i64) -> String,
) -> Result<(Vec<Part>, i64), sqlx::Error> {
    let stage_name = match locale {
        Locale::En => "st.name_en",
        Locale::Ru => "st.name_ru",
    };
    // The orders holding its lines come from the (supplier_id, order_id)
    // index; a part without a row of its own is new.
    let filter = match state {
        None => "",
        Some(PartState::New) => "WHERE sp.state IS NULL OR sp.state = 'new'",
        Some(PartState::Confirmed) => "WHERE sp.state = 'confirmed'",
        Some(PartState::Shipped) => "WHERE sp.state = 'shipped'",
    };
    let from = format!(
        "FROM (SELECT DISTINCT order_id FROM order_items WHERE supplier_id = $1) x \
         JOIN orders o ON o.id = x.order_id \
         LEFT JOIN supplier_parts sp ON sp.order_id = o.id AND sp.supplier_id = $1 {filter}"
    );
    let count_sql = format!("SELECT COUNT(*) {from}");
    let total: i64 = db_read!(db, |pool| sqlx::query_scalar(&count_sql)
        .bind(supplier_id)
        .fetch_one(pool)
        .await)?;
    let page_sql = format!(
        "SELECT o.id, o.created_at, o.ready_date, COALESCE({stage_name}, o.stage) AS stage, \
                COALESCE(st.kind, 'open') AS kind, COALESCE(sp.state, 'new') AS state \
         {} ORDER BY o.id DESC LIMIT $2 OFFSET $3",
        from.replace(
            "JOIN orders o ON o.id = x.order_id",
            "JOIN orders o ON o.id = x.order_id LEFT JOIN stages st ON st.code = o.stage"
        ),
    );
    let rows: Vec<PartRow> = db_read!(db, |pool| sqlx::query_as(&page_sql)
        .bind(supplier_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await)?;
    let (Some(first), Some(last)) = (rows.last().map(|r| r.id), rows.first().map(|r| r.id)) else {
        return Ok((Vec::new(), total));
    };
    type LineRow = (i64, String, String, String, i64, i32, String);
    let lines: Vec<LineRow> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT order_id, product_name, variant_name, sku, unit_price_minor, quantity, inscription \
         FROM order_items WHERE supplier_id = $1 AND order_id BETWEEN $2 AND $3 \
         ORDER BY order_id, position, id"
    )
    .bind(supplier_id)
    .bind(first)
    .bind(last)
    .fetch_all(pool)
    .await
    })?;
    let parts = rows
        .into_iter()
        .map(|r| {
            let lines: Vec<PartLine> = lines
                .iter()
                .filter(|l| l.0 == r.id)
                .map(|l| PartLine {
                    product_name: l.1.clone(),
                    variant_name: l.2.clone(),
                    sku: l.3.clone(),
                    unit_price_minor: l.4,
                    quantity: l.5,
                    inscription: l.6.clone(),
                })
                .collect();
            Part {
                order_id: r.id,
                placed: placed(r.created_at),
                ready_date: r.ready_date.unwrap_or_default(),
                stage: r.stage,
                cancelled: r.kind == "cancelled",
                state: PartState::parse(&r.state).unwrap_or(PartState::New),
                subtotal_minor: lines
                    .iter()
                    .map(|l| l.unit_price_minor * i64::from(l.quantity))
                    .sum(),
                lines,
            }
        })
        .collect();
    Ok((parts, total))
}

/// Why a part did not move. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveProblem {
    /// The order holds none of the supplier's goods (or does not exist).
    NoPart,
    /// The order was cancelled.
    Cancelled,
    /// The part is in this state, from which `to` cannot be reached.
    From(PartState),
}

/// Inside [`move_part`]'s transaction: a refusal or an error.
enum Fail {
    Refused(MoveProblem),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Fail {
    fn from(err: sqlx::Error) -> Fail {
        Fail::Db(err)
    }
}

/// Moves `supplier_id`'s part of `order_id` to `to`, from one of the states
/// `to` allows, in one transaction: a conditional write, so two people
/// moving the same part at once cannot both succeed from the same state.
/// `mail` writes the buyer's notice to the order's email (if it has one),
/// queued in the same transaction.
pub async fn move_part(
    db: &Db,
    order_id: i64,
    supplier_id: i64,
    to: PartState,
    by: i64,
    mail: impl FnOnce(String) -> Job,
) -> Result<Result<(), MoveProblem>, AppError> {
    let t = chrono::Utc::now().timestamp();
    let outcome: Result<(), Fail> = db_tx_if_ok!(db, |tx| {
        async {
            let kind: Option<String> = sqlx::query_scalar(
                "SELECT COALESCE(st.kind, 'open') FROM orders o LEFT JOIN stages st ON st.code = o.stage \
                 WHERE o.id = $1 AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.supplier_id = $2)",
            )
            .bind(order_id)
            .bind(supplier_id)
            .fetch_optional(&mut *tx)
            .await?;
            match kind.as_deref() {
                None => return Err(Fail::Refused(MoveProblem::NoPart)),
                Some("cancelled") => return Err(Fail::Refused(MoveProblem::Cancelled)),
                Some(_) => {}
            }
            let current: Option<String> = sqlx::query_scalar(
                "SELECT state FROM supplier_parts WHERE order_id = $1 AND supplier_id = $2",
            )
            .bind(order_id)
            .bind(supplier_id)
            .fetch_optional(&mut *tx)
            .await?;
            let current = current
                .as_deref()
                .and_then(PartState::parse)
                .unwrap_or(PartState::New);
            if !to.allowed_from().contains(&current) {
                return Err(Fail::Refused(MoveProblem::From(current)));
            }
            let written = sqlx::query(
                "INSERT INTO supplier_parts (order_id, supplier_id, state, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (order_id, supplier_id) DO UPDATE \
                 SET state = excluded.state, updated_by = excluded.updated_by, updated_at = excluded.updated_at \
                 WHERE supplier_parts.state = $6",
            )
            .bind(order_id)
            .bind(supplier_id)
            .bind(to.code())
            .bind(by)
            .bind(t)
            .bind(current.code())
            .execute(&mut *tx)
            .await?;
            if written.rows_affected() == 1 {
                let email: Option<String> = sqlx::query_scalar(
                    "SELECT c.email FROM orders o JOIN clients c ON c.id = o.client_id WHERE o.id = $1",
                )
                .bind(order_id)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(email) = email.filter(|e| !e.trim().is_empty()) {
                    let (kind, payload) = job_row(&mail(email))?;
                    sqlx::query(ENQUEUE_SQL)
                        .bind(kind)
                        .bind(payload)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                }
                Ok(())
            } else {
                // Another move came first (PostgreSQL: after our read).
                Err(Fail::Refused(MoveProblem::From(current)))
            }
        }
        .await
    });
    match outcome {
        Ok(()) => Ok(Ok(())),
        Err(Fail::Refused(problem)) => Ok(Err(problem)),
        Err(Fail::Db(err)) => Err(err.into()),
    }
}

/// Who follows an order's parts: the accounts that run a supplier in it,
/// and the order's customer.
pub async fn watchers(db: &Db, order_id: i64) -> Result<(Vec<i64>, Option<i64>), sqlx::Error> {
    let users: Vec<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT DISTINCT s.user_id FROM order_items i JOIN suppliers s ON s.id = i.supplier_id \
         WHERE i.order_id = $1 AND s.user_id IS NOT NULL ORDER BY s.user_id"
    )
    .bind(order_id)
    .fetch_all(pool)
    .await)?;
    let customer: Option<Option<i64>> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT user_id FROM orders WHERE id = $1"
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await)?;
    Ok((users, customer.flatten()))
}

/// The state of each supplier's part of an order: (supplier, its state),
/// by supplier name. Lines of no supplier have no part.
pub async fn parts_of_order(
    db: &Db,
    order_id: i64,
) -> Result<Vec<(String, PartState)>, sqlx::Error> {
    let rows: Vec<(String, Option<String>)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT s.name, sp.state FROM suppliers s \
         LEFT JOIN supplier_parts sp ON sp.supplier_id = s.id AND sp.order_id = $1 \
         WHERE s.id IN (SELECT supplier_id FROM order_items WHERE order_id = $1) \
         ORDER BY s.name, s.id"
    )
    .bind(order_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(name, state)| {
            let state = state
                .as_deref()
                .and_then(PartState::parse)
                .unwrap_or(PartState::New);
            (name, state)
        })
        .collect())
}
