//! SQL of the back office's order page and seed 002's REST API: orders
//! made by staff, lists with filters, lines changed with the total worked
//! out again, edits recorded in the change history.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use crate::error::AppError;
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// An order as the back office lists it, with its client and items.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecordRow {
    pub id: i64,
    pub client_id: i64,
    pub stage: String,
    pub stage_kind: String,
    pub version: i32,
    pub total_minor: i64,
    pub notes: String,
    pub source: String,
    pub payment_method: String,
    pub payment_status: String,
    pub created_at: i64,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
}

/// One line of an order, for the back office.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecordItem {
    pub order_id: i64,
    pub id: i64,
    pub product_name: String,
    pub variant_name: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
}

const RECORD_COLUMNS: &str = "o.id, o.client_id, o.stage, COALESCE(st.kind, 'open') AS stage_kind, o.version, \
     o.total_minor, o.notes, o.source, o.payment_method, o.payment_status, o.created_at, c.last_name, c.first_name, c.middle_name, c.phone, c.email";
const RECORD_FROM: &str =
    "FROM orders o JOIN clients c ON c.id = o.client_id LEFT JOIN stages st ON st.code = o.stage";

/// Filters of an order list (seed 002's `/api/orders/get/`).
#[derive(Debug, Clone, Default)]
pub struct RecordQuery {
    /// Only orders with `id >= start_id`.
    pub start_id: i64,
    pub client_id: Option<i64>,
    /// Stage kinds: `open`, `done`, `cancelled`.
    pub kind: Option<String>,
    pub limit: i64,
    /// Newest first instead of by id ascending.
    pub desc: bool,
}

/// A page of orders, then the items of those orders.
pub async fn records(
    db: &Db,
    q: &RecordQuery,
) -> Result<(Vec<RecordRow>, Vec<RecordItem>), sqlx::Error> {
    let mut args = crate::server::db::Args::default();
    let mut conditions = vec![format!("o.id >= {}", args.int(q.start_id))];
    if let Some(client) = q.client_id {
        conditions.push(format!("o.client_id = {}", args.int(client)));
    }
    if let Some(kind) = &q.kind {
        conditions.push(format!(
            "COALESCE(st.kind, 'open') = {}",
            args.text(kind.clone())
        ));
    }
    let dir = if q.desc { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {RECORD_COLUMNS} {RECORD_FROM} WHERE {} ORDER BY o.id {dir} LIMIT {}",
        conditions.join(" AND "),
        args.int(q.limit)
    );
    let rows: Vec<RecordRow> = db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)?;
    let items = record_items(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok((rows, items))
}

/// One order with its items.
pub async fn record(db: &Db, id: i64) -> Result<Option<(RecordRow, Vec<RecordItem>)>, sqlx::Error> {
    let sql = format!("SELECT {RECORD_COLUMNS} {RECORD_FROM} WHERE o.id = $1");
    let row: Option<RecordRow> = db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    match row {
        None => Ok(None),
        Some(row) => {
            let items = record_items(db, &[row.id]).await?;
            Ok(Some((row, items)))
        }
    }
}

async fn record_items(db: &Db, order_ids: &[i64]) -> Result<Vec<RecordItem>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = crate::server::db::Args::default();
    let list: Vec<String> = order_ids.iter().map(|id| args.int(*id)).collect();
    let sql = format!(
        "SELECT order_id, id, product_name, variant_name, unit_price_minor, quantity FROM order_items \
         WHERE order_id IN ({}) ORDER BY order_id, position, id",
        list.join(", ")
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

/// An order of one line, made by staff (the REST API, a phone order):
/// picked up and paid in cash unless changed later; no stock is taken (the
/// product may be free text).
#[derive(Debug, Clone)]
pub struct SimpleOrder {
    pub client_id: i64,
    pub product: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub notes: String,
    pub source: &'static str,
}

/// Makes a one-line order: `None` when the client does not exist.
pub async fn create_simple(
    db: &Db,
    o: &SimpleOrder,
    by: Option<i64>,
    source: crate::history::types::Source,
) -> Result<Option<i64>, AppError> {
    use crate::history::types::{Change, Entity};
    let t = now();
    let total = o
        .unit_price_minor
        .checked_mul(o.quantity)
        .ok_or_else(|| AppError::field("price", "price × quantity is too large."))?;
    let outcome: Result<i64, bool> = db_tx_if_ok!(db, |tx| {
        let client: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1")
            .bind(o.client_id)
            .fetch_optional(&mut *tx)
            .await?;
        match client {
            None => Err(false),
            Some(_) => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO orders (client_id, stage, fulfilment, payment_method, total_minor, notes, source, \
                        stage_since, created_at, updated_at) \
                     VALUES ($1, 'new', 'pickup', 'cash', $2, $3, $4, $5, $5, $5) RETURNING id",
                )
                .bind(o.client_id)
                .bind(total)
                .bind(&o.notes)
                .bind(o.source)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO order_items (order_id, product_name, unit_price_minor, quantity, position) \
                     VALUES ($1, $2, $3, $4, 0)",
                )
                .bind(id)
                .bind(&o.product)
                .bind(o.unit_price_minor)
                .bind(o.quantity)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO order_stage_events (order_id, from_stage, to_stage, user_id, at) \
                     VALUES ($1, NULL, 'new', $2, $3)",
                )
                .bind(id)
                .bind(by)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                let created = [Change {
                    field: "created".into(),
                    old: None,
                    new: Some(format!("{} × {}", o.product, o.quantity)),
                }];
                crate::record_changes!(tx, Entity::Order, id, created.iter(), by, source, t);
                Ok(id)
            }
        }
    });
    Ok(outcome.ok())
}

/// What an edit of an order through the API may change (`None`: unchanged).
#[derive(Debug, Clone, Default)]
pub struct OrderPatch {
    pub client_id: Option<i64>,
    pub product: Option<String>,
    pub quantity: Option<i64>,
    pub unit_price_minor: Option<i64>,
    pub notes: Option<String>,
}

impl OrderPatch {
    /// Whether the patch touches the order's (single) line.
    pub fn touches_line(&self) -> bool {
        self.product.is_some() || self.quantity.is_some() || self.unit_price_minor.is_some()
    }
}

/// Why an order edit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRefusal {
    NotFound,
    UnknownClient,
    /// The line fields are only editable on a one-line order; it has this many.
    ManyLines(usize),
    TooLarge,
}

/// Applies `patch` to order `id`; the changes are recorded in the history
/// in the same transaction. Returns the changes made.
pub async fn edit_record(
    db: &Db,
    id: i64,
    patch: &OrderPatch,
    by: Option<i64>,
    source: crate::history::types::Source,
) -> Result<Result<Vec<crate::history::types::Change>, EditRefusal>, sqlx::Error> {
    use crate::history::types::{Entity, diff};
    let t = now();
    let outcome = db_tx_if_ok!(db, |tx| {
        let order: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT client_id, notes, total_minor FROM orders WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let lines: Vec<(i64, String, i64, i32)> = sqlx::query_as(
            "SELECT id, product_name, unit_price_minor, quantity FROM order_items WHERE order_id = $1 ORDER BY position, id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let client_ok = match patch.client_id {
            Some(c) => sqlx::query_scalar::<_, i64>("SELECT id FROM clients WHERE id = $1")
                .bind(c)
                .fetch_optional(&mut *tx)
                .await?
                .is_some(),
            None => true,
        };
        match order {
            None => Err(EditRefusal::NotFound),
            Some(_) if !client_ok => Err(EditRefusal::UnknownClient),
            Some(_) if patch.touches_line() && lines.len() != 1 => {
                Err(EditRefusal::ManyLines(lines.len()))
            }
            Some((client_id, notes, total)) => {
                let mut changes = Vec::new();
                let mut new_total = total;
                if let Some(c) = patch.client_id {
                    diff(
                        &mut changes,
                        "client",
                        &client_id.to_string(),
                        &c.to_string(),
                    );
                }
                if let Some(n) = &patch.notes {
                    diff(&mut changes, "notes", &notes, n);
                }
                if patch.touches_line() {
                    let (line_id, name, price, qty) = &lines[0];
                    let new_name = patch.product.clone().unwrap_or_else(|| name.clone());
                    let new_price = patch.unit_price_minor.unwrap_or(*price);
                    let new_qty = patch.quantity.unwrap_or(i64::from(*qty));
                    diff(&mut changes, "product", name, &new_name);
                    diff(
                        &mut changes,
                        "price",
                        &crate::server::rest::money_text(*price),
                        &crate::server::rest::money_text(new_price),
                    );
                    diff(
                        &mut changes,
                        "quantity",
                        &qty.to_string(),
                        &new_qty.to_string(),
                    );
                    match new_price.checked_mul(new_qty) {
                        None => return Ok(Err(EditRefusal::TooLarge)),
                        Some(v) => new_total = v,
                    }
                    sqlx::query(
                        "UPDATE order_items SET product_name = $2, unit_price_minor = $3, quantity = $4 WHERE id = $1",
                    )
                    .bind(line_id)
                    .bind(&new_name)
                    .bind(new_price)
                    .bind(new_qty)
                    .execute(&mut *tx)
                    .await?;
                    diff(
                        &mut changes,
                        "total",
                        &crate::server::rest::money_text(total),
                        &crate::server::rest::money_text(new_total),
                    );
                }
                if !changes.is_empty() {
                    sqlx::query(
                        "UPDATE orders SET client_id = $2, notes = $3, total_minor = $4, updated_at = $5 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(patch.client_id.unwrap_or(client_id))
                    .bind(patch.notes.as_deref().unwrap_or(&notes))
                    .bind(new_total)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                    crate::record_changes!(tx, Entity::Order, id, changes.iter(), by, source, t);
                }
                Ok(changes)
            }
        }
    });
    Ok(outcome)
}

/// Deletes order `id` with its items, timeline and payments; the deletion
/// is recorded in the history. False when there is no such order.
pub async fn delete_record(
    db: &Db,
    id: i64,
    by: Option<i64>,
    source: crate::history::types::Source,
) -> Result<bool, sqlx::Error> {
    use crate::history::types::{Change, Entity};
    let t = now();
    let deleted = crate::db_tx!(db, |tx| {
        let total: Option<i64> =
            sqlx::query_scalar("DELETE FROM orders WHERE id = $1 RETURNING total_minor")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(total) = total {
            let change = [Change {
                field: "deleted".into(),
                old: Some(crate::server::rest::money_text(total)),
                new: None,
            }];
            crate::record_changes!(tx, Entity::Order, id, change.iter(), by, source, t);
        }
        total.is_some()
    });
    Ok(deleted)
}

/// One change to an order's lines from the back office's order page.
#[derive(Debug, Clone)]
pub enum LineOp {
    Add {
        product: String,
        unit_price_minor: i64,
        quantity: i64,
    },
    Update {
        line_id: i64,
        unit_price_minor: i64,
        quantity: i64,
    },
    Remove {
        line_id: i64,
    },
}

/// Why a line change was refused (nothing was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRefusal {
    NotFound,
    /// No such line on this order.
    NoLine,
    /// The order is completed or cancelled: its lines are final.
    Closed,
    /// An order keeps at least one line (delete the order instead).
    LastLine,
    /// An order holds at most [`MAX_LINES`] lines.
    TooMany,
}

/// The most lines one order holds.
pub const MAX_LINES: i64 = 100;

/// A line as the history shows it: `Эклер × 2 @ 150.00`.
fn line_text(product: &str, quantity: i64, unit_price_minor: i64) -> String {
    format!(
        "{product} × {quantity} @ {}",
        crate::server::rest::money_text(unit_price_minor)
    )
}

/// Adds, changes or removes a line of order `id`, then works the order's
/// total out again from its lines, all in one transaction; the history
/// records the line and the total. Returns the new total. Back-office lines
/// take no stock (a phone order's product may be free text).
pub async fn change_line(
    db: &Db,
    id: i64,
    op: &LineOp,
    by: Option<i64>,
    source: crate::history::types::Source,
) -> Result<Result<i64, LineRefusal>, sqlx::Error> {
    use crate::history::types::{Change, Entity};
    let t = now();
    let outcome = db_tx_if_ok!(db, |tx| {
        let order: Option<(i64, String)> = sqlx::query_as(
            "SELECT o.total_minor, COALESCE(st.kind, 'open') FROM orders o \
             LEFT JOIN stages st ON st.code = o.stage WHERE o.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let lines: Vec<(i64, String, i64, i32)> = sqlx::query_as(
            "SELECT id, product_name, unit_price_minor, quantity FROM order_items WHERE order_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let line = |line_id: i64| lines.iter().find(|l| l.0 == line_id);
        let mut changes = Vec::new();
        let refused = match (&order, op) {
            (None, _) => Some(LineRefusal::NotFound),
            (Some((_, kind)), _) if kind == "done" || kind == "cancelled" => {
                Some(LineRefusal::Closed)
            }
            (Some(_), LineOp::Add { .. }) if lines.len() as i64 >= MAX_LINES => {
                Some(LineRefusal::TooMany)
            }
            (Some(_), LineOp::Update { line_id, .. } | LineOp::Remove { line_id })
                if line(*line_id).is_none() =>
            {
                Some(LineRefusal::NoLine)
            }
            (Some(_), LineOp::Remove { .. }) if lines.len() == 1 => Some(LineRefusal::LastLine),
            _ => None,
        };
        match (refused, order) {
            (Some(refusal), _) => Err(refusal),
            (None, None) => Err(LineRefusal::NotFound),
            (None, Some((old_total, _))) => {
                match op {
                    LineOp::Add {
                        product,
                        unit_price_minor,
                        quantity,
                    } => {
                        sqlx::query(
                            "INSERT INTO order_items (order_id, product_name, unit_price_minor, quantity, position) \
                             VALUES ($1, $2, $3, $4, \
                                (SELECT COALESCE(MAX(position), -1) + 1 FROM order_items WHERE order_id = $1))",
                        )
                        .bind(id)
                        .bind(product)
                        .bind(unit_price_minor)
                        .bind(quantity)
                        .execute(&mut *tx)
                        .await?;
                        changes.push(Change {
                            field: "item".into(),
                            old: None,
                            new: Some(line_text(product, *quantity, *unit_price_minor)),
                        });
                    }
                    LineOp::Update {
                        line_id,
                        unit_price_minor,
                        quantity,
                    } => {
                        let (_, name, price, qty) = line(*line_id).cloned().unwrap_or_default();
                        let (was, now_is) = (
                            line_text(&name, i64::from(qty), price),
                            line_text(&name, *quantity, *unit_price_minor),
                        );
                        if was != now_is {
                            sqlx::query(
                                "UPDATE order_items SET unit_price_minor = $2, quantity = $3 WHERE id = $1",
                            )
                            .bind(line_id)
                            .bind(unit_price_minor)
                            .bind(quantity)
                            .execute(&mut *tx)
                            .await?;
                            changes.push(Change::new("item", was, now_is));
                        }
                    }
                    LineOp::Remove { line_id } => {
                        let (_, name, price, qty) = line(*line_id).cloned().unwrap_or_default();
                        sqlx::query("DELETE FROM order_items WHERE id = $1")
                            .bind(line_id)
                            .execute(&mut *tx)
                            .await?;
                        changes.push(Change {
                            field: "item".into(),
                            old: Some(line_text(&name, i64::from(qty), price)),
                            new: None,
                        });
                    }
                }
                let total: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(unit_price_minor * quantity), 0) AS BIGINT) \
                     FROM order_items WHERE order_id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                if !changes.is_empty() {
                    crate::history::types::diff(
                        &mut changes,
                        "total",
                        &crate::server::rest::money_text(old_total),
                        &crate::server::rest::money_text(total),
                    );
                    sqlx::query(
                        "UPDATE orders SET total_minor = $2, updated_at = $3 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(total)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                    crate::record_changes!(tx, Entity::Order, id, changes.iter(), by, source, t);
                }
                Ok(total)
            }
        }
    });
    Ok(outcome)
}
