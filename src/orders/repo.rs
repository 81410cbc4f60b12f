//! SQL for orders, clients and payments. The only place that writes them.
//!
//! Placing an order is one transaction: the cart is read, prices and lead
//! times are checked, stock is taken with a conditional update (`quantity >=
//! wanted`, so it can never go below zero: on SQLite the transaction holds
//! the write lock from its start, on PostgreSQL the row lock serialises
//! concurrent buyers), and the client, order, items, first timeline step,
//! payment and confirmation mail are written. Any refusal rolls it all back.

use chrono::NaiveDate;

use super::types::{Contact, Fulfilment, OrderItem, OrderSummary, PaymentMethod, StageEvent};
use crate::error::AppError;
use crate::server::db::{Args, Db, Dialect};
use crate::server::jobs::{ENQUEUE_SQL, Job};
use crate::server::rest::like_escape;
use crate::{db_read, db_tx_if_ok, db_write};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A checkout, validated field by field.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub cart_id: i64,
    pub user_id: Option<i64>,
    pub contact: Contact,
    pub fulfilment: Fulfilment,
    pub store_id: i64,
    pub delivery_address: String,
    pub ready_date: NaiveDate,
    pub time_slot: String,
    pub payment_method: PaymentMethod,
    pub notes: String,
    pub idempotency_key: String,
    /// The total the shopper saw; a different total now means prices changed.
    pub expected_total: Option<i64>,
    /// The first day goods of no lead time can be ready (today).
    pub today: NaiveDate,
    /// The provider's name and a fresh reference, for online payment.
    pub payment: Option<(String, String)>,
}

/// Why an order was not placed. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceProblem {
    /// This checkout form was already submitted: its order.
    Duplicate(i64),
    EmptyCart,
    /// A product in the cart is no longer sold.
    NotSold(String),
    /// Prices changed since the shopper saw the total: the new total.
    PriceChanged(i64),
    /// The ready date is inside a lead time: the earliest possible day.
    TooEarly(NaiveDate),
    /// The store has only this many of the item.
    OnlyLeft {
        name: String,
        left: i64,
    },
}

/// What was placed.
#[derive(Debug, Clone)]
pub struct Placed {
    pub order_id: i64,
    pub total_minor: i64,
    /// (variant, store, units left) for the live stock events.
    pub stock: Vec<(i64, i64, i64)>,
}

#[derive(Debug, sqlx::FromRow)]
struct Line {
    variant_id: i64,
    product_id: i64,
    product_name: String,
    variant_name: String,
    sku: String,
    price_minor: i64,
    quantity: i32,
    inscription: String,
    notes: String,
    made_to_order: bool,
    lead_time_days: i32,
    active: bool,
}

/// Places an order from a cart. `mail` builds the confirmation from the
/// order id, its items and total; it is queued in the same transaction.
pub async fn place(
    db: &Db,
    order: &NewOrder,
    mail: impl FnOnce(i64, &[OrderItem], i64) -> Option<Job>,
) -> Result<Result<Placed, PlaceProblem>, AppError> {
    let t = now();
    let attempt = async {
        let placed: Result<Placed, Fail> = db_tx_if_ok!(db, |tx| {
            async {
                let existing: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM orders WHERE idempotency_key = $1")
                        .bind(&order.idempotency_key)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(id) = existing {
                    return Err(Fail::Refused(PlaceProblem::Duplicate(id)));
                }
                let mut lines: Vec<Line> = sqlx::query_as(
                    "SELECT ci.variant_id, p.id AS product_id, p.name AS product_name, v.name AS variant_name, \
                            v.sku, v.price_minor, ci.quantity, ci.inscription, ci.notes, p.made_to_order, \
                            p.lead_time_days, p.active \
                     FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id \
                     JOIN products p ON p.id = v.product_id WHERE ci.cart_id = $1 ORDER BY ci.added_at, ci.id",
                )
                .bind(order.cart_id)
                .fetch_all(&mut *tx)
                .await?;
                if lines.is_empty() {
                    return Err(Fail::Refused(PlaceProblem::EmptyCart));
                }
                if let Some(l) = lines.iter().find(|l| !l.active) {
                    return Err(Fail::Refused(PlaceProblem::NotSold(l.product_name.clone())));
                }
                let total: i64 = lines
                    .iter()
                    .map(|l| l.price_minor * i64::from(l.quantity))
                    .sum();
                if order.expected_total.is_some_and(|e| e != total) {
                    return Err(Fail::Refused(PlaceProblem::PriceChanged(total)));
                }
                let lead = lines.iter().map(|l| l.lead_time_days).max().unwrap_or(0);
                let earliest = super::schedule::earliest_date(order.today, lead);
                if order.ready_date < earliest {
                    return Err(Fail::Refused(PlaceProblem::TooEarly(earliest)));
                }

                // Take the stock, in variant order (no deadlocks between buyers).
                let mut by_variant: Vec<(i64, i64, String)> = Vec::new();
                for l in lines.iter().filter(|l| !l.made_to_order) {
                    match by_variant.iter_mut().find(|(v, _, _)| *v == l.variant_id) {
                        Some(entry) => entry.1 += i64::from(l.quantity),
                        None => by_variant.push((
                            l.variant_id,
                            i64::from(l.quantity),
                            format!("{} ({})", l.product_name, l.variant_name),
                        )),
                    }
                }
                by_variant.sort_by_key(|(v, _, _)| *v);
                let mut stock = Vec::new();
                for (variant_id, wanted, name) in &by_variant {
                    let left: Option<i32> = sqlx::query_scalar(
                        "UPDATE stock SET quantity = quantity - $1 \
                         WHERE variant_id = $2 AND store_id = $3 AND quantity >= $1 RETURNING quantity",
                    )
                    .bind(*wanted as i32)
                    .bind(*variant_id)
                    .bind(order.store_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match left {
                        Some(left) => stock.push((*variant_id, order.store_id, i64::from(left))),
                        None => {
                            let have: Option<i32> = sqlx::query_scalar(
                                "SELECT quantity FROM stock WHERE variant_id = $1 AND store_id = $2",
                            )
                            .bind(*variant_id)
                            .bind(order.store_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                            return Err(Fail::Refused(PlaceProblem::OnlyLeft {
                                name: name.clone(),
                                left: i64::from(have.unwrap_or(0)),
                            }));
                        }
                    }
                }

                // The client: the account's own record (its contact brought up
                // to date, each change in the history), or for a guest the
                // record of an earlier guest order with the very same contact,
                // or a new one. A guest never changes an existing record.
                let c = &order.contact;
                let existing: Option<(i64, String, String, String, String, String)> =
                    match order.user_id {
                        Some(user_id) => {
                            sqlx::query_as(
                                "SELECT id, last_name, first_name, middle_name, phone, email \
                                 FROM clients WHERE user_id = $1",
                            )
                            .bind(user_id)
                            .fetch_optional(&mut *tx)
                            .await?
                        }
                        None => {
                            sqlx::query_as(
                                "SELECT id, last_name, first_name, middle_name, phone, email FROM clients \
                                 WHERE user_id IS NULL AND phone = $1 AND lower(email) = lower($2) \
                                   AND last_name = $3 AND first_name = $4 AND middle_name = $5 \
                                 ORDER BY id LIMIT 1",
                            )
                            .bind(&c.phone)
                            .bind(&c.email)
                            .bind(&c.last_name)
                            .bind(&c.first_name)
                            .bind(&c.middle_name)
                            .fetch_optional(&mut *tx)
                            .await?
                        }
                    };
                let client_id: i64 = match existing {
                    Some((id, last, first, middle, phone, email)) => {
                        use crate::history::types::{Entity, Source, diff};
                        let mut changes = Vec::new();
                        diff(&mut changes, "last_name", &last, &c.last_name);
                        diff(&mut changes, "first_name", &first, &c.first_name);
                        diff(&mut changes, "middle_name", &middle, &c.middle_name);
                        diff(&mut changes, "phone", &phone, &c.phone);
                        diff(&mut changes, "email", &email, &c.email);
                        if !changes.is_empty() {
                            sqlx::query(
                                "UPDATE clients SET last_name = $2, first_name = $3, middle_name = $4, \
                                 phone = $5, email = $6 WHERE id = $1",
                            )
                            .bind(id)
                            .bind(&c.last_name)
                            .bind(&c.first_name)
                            .bind(&c.middle_name)
                            .bind(&c.phone)
                            .bind(&c.email)
                            .execute(&mut *tx)
                            .await?;
                            crate::record_changes!(
                                tx,
                                Entity::Client,
                                id,
                                changes.iter(),
                                order.user_id,
                                Source::Ui,
                                t
                            );
                        }
                        id
                    }
                    None => {
                        sqlx::query_scalar(
                            // A concurrent first checkout of the same account
                            // may have made its record meanwhile: then this is it.
                            "INSERT INTO clients (user_id, last_name, first_name, middle_name, phone, email, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7) \
                             ON CONFLICT (user_id) DO UPDATE SET last_name = excluded.last_name \
                             RETURNING id",
                        )
                        .bind(order.user_id)
                        .bind(&c.last_name)
                        .bind(&c.first_name)
                        .bind(&c.middle_name)
                        .bind(&c.phone)
                        .bind(&c.email)
                        .bind(t)
                        .fetch_one(&mut *tx)
                        .await?
                    }
                };

                let payment_status = if order.payment.is_some() { "pending" } else { "unpaid" };
                let order_id: i64 = sqlx::query_scalar(
                    "INSERT INTO orders (client_id, user_id, store_id, stage, fulfilment, delivery_address, \
                        ready_date, time_slot, payment_method, payment_status, total_minor, notes, source, \
                        idempotency_key, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'new', $4, $5, $6, $7, $8, $9, $10, $11, 'web', $12, $13, $13) RETURNING id",
                )
                .bind(client_id)
                .bind(order.user_id)
                .bind(order.store_id)
                .bind(order.fulfilment.code())
                .bind(&order.delivery_address)
                .bind(order.ready_date.format("%Y-%m-%d").to_string())
                .bind(&order.time_slot)
                .bind(order.payment_method.code())
                .bind(payment_status)
                .bind(total)
                .bind(&order.notes)
                .bind(&order.idempotency_key)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;

                let mut items = Vec::with_capacity(lines.len());
                for (position, l) in lines.iter_mut().enumerate() {
                    sqlx::query(
                        "INSERT INTO order_items (order_id, product_id, variant_id, product_name, variant_name, sku, \
                            unit_price_minor, quantity, inscription, notes, position) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(order_id)
                    .bind(l.product_id)
                    .bind(l.variant_id)
                    .bind(&l.product_name)
                    .bind(&l.variant_name)
                    .bind(&l.sku)
                    .bind(l.price_minor)
                    .bind(l.quantity)
                    .bind(&l.inscription)
                    .bind(&l.notes)
                    .bind(position as i32)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE products SET sold_count = sold_count + $2 WHERE id = $1")
                        .bind(l.product_id)
                        .bind(i64::from(l.quantity))
                        .execute(&mut *tx)
                        .await?;
                    items.push(OrderItem {
                        product_id: Some(l.product_id),
                        variant_id: Some(l.variant_id),
                        product_name: std::mem::take(&mut l.product_name),
                        variant_name: std::mem::take(&mut l.variant_name),
                        unit_price_minor: l.price_minor,
                        quantity: l.quantity,
                        inscription: std::mem::take(&mut l.inscription),
                        notes: std::mem::take(&mut l.notes),
                    });
                }
                sqlx::query(
                    "INSERT INTO order_stage_events (order_id, from_stage, to_stage, user_id, at) \
                     VALUES ($1, NULL, 'new', $2, $3)",
                )
                .bind(order_id)
                .bind(order.user_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM cart_items WHERE cart_id = $1")
                    .bind(order.cart_id)
                    .execute(&mut *tx)
                    .await?;
                if let Some((provider, reference)) = &order.payment {
                    sqlx::query(
                        "INSERT INTO payments (order_id, provider, reference, amount_minor, status, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, 'pending', $5, $5)",
                    )
                    .bind(order_id)
                    .bind(provider)
                    .bind(reference)
                    .bind(total)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some(job) = mail(order_id, &items, total) {
                    let (kind, payload) = job
                        .to_row()
                        .map_err(|_| Fail::Error(AppError::Internal))?;
                    sqlx::query(ENQUEUE_SQL)
                        .bind(kind)
                        .bind(payload)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                }
                Ok::<Placed, Fail>(Placed {
                    order_id,
                    total_minor: total,
                    stock,
                })
            }
            .await
        });
        placed
    };
    match attempt.await {
        Ok(placed) => Ok(Ok(placed)),
        Err(Fail::Refused(problem)) => Ok(Err(problem)),
        Err(Fail::Error(err)) => Err(err),
    }
}

/// Inside [`place`]'s transaction: a refusal (roll back, then answer it) or
/// an error.
enum Fail {
    Refused(PlaceProblem),
    Error(AppError),
}

impl From<sqlx::Error> for Fail {
    fn from(err: sqlx::Error) -> Fail {
        Fail::Error(err.into())
    }
}

/// A signed-in shopper's orders, newest first.
pub async fn orders_of_user(
    db: &Db,
    user_id: i64,
    limit: i64,
) -> Result<Vec<OrderSummary>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT o.id, o.stage, o.total_minor, o.created_at, o.ready_date, \
                (SELECT CAST(COALESCE(SUM(i.quantity), 0) AS BIGINT) FROM order_items i WHERE i.order_id = o.id) AS item_count, \
                o.payment_status \
         FROM orders o WHERE o.user_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT $2"
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    })
}

#[derive(Debug, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub stage: String,
    pub version: i32,
    pub fulfilment: String,
    pub store_name: Option<String>,
    pub store_address: Option<String>,
    pub delivery_address: String,
    pub ready_date: Option<String>,
    pub time_slot: String,
    pub payment_method: String,
    pub payment_status: String,
    pub total_minor: i64,
    pub notes: String,
    pub created_at: i64,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
}

pub async fn order(db: &Db, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT o.id, o.user_id, o.stage, o.version, o.fulfilment, s.name AS store_name, s.address AS store_address, \
                o.delivery_address, o.ready_date, o.time_slot, o.payment_method, o.payment_status, o.total_minor, \
                o.notes, o.created_at, c.last_name, c.first_name, c.middle_name, c.phone, c.email \
         FROM orders o JOIN clients c ON c.id = o.client_id LEFT JOIN stores s ON s.id = o.store_id \
         WHERE o.id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    })
}

pub async fn items(db: &Db, order_id: i64) -> Result<Vec<OrderItem>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT product_id, variant_id, product_name, variant_name, unit_price_minor, quantity, inscription, notes \
         FROM order_items WHERE order_id = $1 ORDER BY position, id"
    )
    .bind(order_id)
    .fetch_all(pool)
    .await
    })
}

pub async fn timeline(db: &Db, order_id: i64) -> Result<Vec<StageEvent>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT e.from_stage, e.to_stage, e.at, u.name AS by_name FROM order_stage_events e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.order_id = $1 ORDER BY e.at, e.id"
    )
    .bind(order_id)
    .fetch_all(pool)
    .await)
}

/// The order a payment reference belongs to, with the payment's status.
pub async fn payment(db: &Db, reference: &str) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT order_id, amount_minor, status FROM payments WHERE reference = $1"
    )
    .bind(reference)
    .fetch_optional(pool)
    .await)
}

/// Settles a pending payment (what a provider's callback does). Returns the
/// order id, or `None` when the reference is unknown or already settled.
pub async fn settle_payment(
    db: &Db,
    reference: &str,
    succeeded: bool,
) -> Result<Option<i64>, AppError> {
    let t = now();
    let status = if succeeded { "succeeded" } else { "failed" };
    let order_status = if succeeded { "paid" } else { "failed" };
    let order_id = crate::db_tx!(db, |tx| {
        let order_id: Option<i64> = sqlx::query_scalar(
            "UPDATE payments SET status = $2, updated_at = $3 WHERE reference = $1 AND status = 'pending' RETURNING order_id",
        )
        .bind(reference)
        .bind(status)
        .bind(t)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = order_id {
            sqlx::query("UPDATE orders SET payment_status = $2, updated_at = $3 WHERE id = $1 AND payment_status <> 'paid'")
                .bind(id)
                .bind(order_status)
                .bind(t)
                .execute(&mut *tx)
                .await?;
        }
        order_id
    });
    Ok(order_id)
}

/// A new payment attempt for an unpaid online order.
pub async fn new_payment(
    db: &Db,
    order_id: i64,
    provider: &str,
    reference: &str,
    amount: i64,
) -> Result<(), AppError> {
    let t = now();
    crate::db_tx!(db, |tx| {
        sqlx::query(
            "INSERT INTO payments (order_id, provider, reference, amount_minor, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5, $5)",
        )
        .bind(order_id)
        .bind(provider)
        .bind(reference)
        .bind(amount)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE orders SET payment_status = 'pending', updated_at = $2 WHERE id = $1")
            .bind(order_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// The contact details on a user's client record, if any.
pub async fn client_of_user(db: &Db, user_id: i64) -> Result<Option<Contact>, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT last_name, first_name, middle_name, phone, email FROM clients WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await
    })?;
    Ok(row.map(
        |(last_name, first_name, middle_name, phone, email)| Contact {
            last_name,
            first_name,
            middle_name,
            phone,
            email,
        },
    ))
}

/// Stores with their opening hours.
pub async fn stores_with_hours(db: &Db) -> Result<Vec<super::types::CheckoutStore>, sqlx::Error> {
    let stores: Vec<(i64, String, String)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name, address FROM stores WHERE active ORDER BY position, name"
    )
    .fetch_all(pool)
    .await)?;
    let hours: Vec<(i64, i32, String, String)> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT store_id, weekday, opens_at, closes_at FROM store_hours ORDER BY store_id, weekday"
    )
    .fetch_all(pool)
    .await
    })?;
    Ok(stores
        .into_iter()
        .map(|(id, name, address)| super::types::CheckoutStore {
            id,
            name,
            address,
            hours: hours
                .iter()
                .filter(|h| h.0 == id)
                .map(|h| super::schedule::OpeningHours {
                    weekday: h.1,
                    opens_at: h.2.clone(),
                    closes_at: h.3.clone(),
                })
                .collect(),
        })
        .collect())
}

/// Puts an order's items back into a cart (re-order): the variants still
/// sold, at today's prices. Returns how many lines were added.
pub async fn reorder_into_cart(db: &Db, order_id: i64, cart_id: i64) -> Result<u64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "INSERT INTO cart_items (cart_id, variant_id, quantity, inscription, notes, added_at) \
         SELECT $2, i.variant_id, i.quantity, i.inscription, i.notes, $3 FROM order_items i \
         JOIN product_variants v ON v.id = i.variant_id JOIN products p ON p.id = v.product_id \
         WHERE i.order_id = $1 AND p.active \
         ON CONFLICT (cart_id, variant_id, inscription, notes) DO NOTHING"
    )
    .bind(order_id)
    .bind(cart_id)
    .bind(now())
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
}

// ---------------------------------------------------------------------------
// Back office and the REST API of seed 002: orders made by staff, lists with
// filters, edits recorded in the change history.

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

// ---------------------------------------------------------------------------
// The back office's orders table and its exports.

/// The orders table's filters, checked (see `api::ssr::check_filter`).
#[derive(Debug, Clone)]
pub struct TableQuery {
    /// Lower-cased words of the search box; each must match the number,
    /// the client, an item or the notes.
    pub words: Vec<String>,
    /// Lower-cased words of the client column's filter.
    pub client: Vec<String>,
    /// Lower-cased words of the items column's filter.
    pub item: Vec<String>,
    pub stage: Option<String>,
    pub payment: Option<String>,
    /// `created_at` from (inclusive) and until (exclusive), Unix seconds.
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// Total between these, minor units, inclusive.
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub sort: super::types::OrderColumn,
    pub desc: bool,
}

impl Default for TableQuery {
    /// Every order, newest first (the table's own default).
    fn default() -> Self {
        TableQuery {
            words: Vec::new(),
            client: Vec::new(),
            item: Vec::new(),
            stage: None,
            payment: None,
            from: None,
            until: None,
            min: None,
            max: None,
            sort: super::types::OrderColumn::Created,
            desc: true,
        }
    }
}

/// A row of the orders table or an export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TableRow {
    pub id: i64,
    pub created_at: i64,
    pub client_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub stage: String,
    pub ready_date: Option<String>,
    pub time_slot: String,
    pub fulfilment: String,
    pub store_name: Option<String>,
    pub payment_status: String,
    pub total_minor: i64,
    pub notes: String,
    /// "Éclair ×3; Napoleon 1 kg ×1".
    pub items: Option<String>,
}

const TABLE_FROM: &str = "FROM orders o JOIN clients c ON c.id = o.client_id \
     LEFT JOIN stages st ON st.code = o.stage LEFT JOIN stores s ON s.id = o.store_id";

fn table_columns(dialect: Dialect) -> String {
    let line = "i.product_name || CASE WHEN i.variant_name <> '' THEN ' ' || i.variant_name ELSE '' END || ' ×' || i.quantity";
    let items = match dialect {
        Dialect::Sqlite => format!("group_concat({line}, '; ' ORDER BY i.position, i.id)"),
        Dialect::Postgres => format!("string_agg({line}, '; ' ORDER BY i.position, i.id)"),
    };
    format!(
        "o.id, o.created_at, o.client_id, c.last_name, c.first_name, c.middle_name, c.phone, o.stage, \
         o.ready_date, o.time_slot, o.fulfilment, s.name AS store_name, o.payment_status, o.total_minor, o.notes, \
         (SELECT {items} FROM order_items i WHERE i.order_id = o.id) AS items"
    )
}

/// `LIKE` patterns of a lower-cased word: as typed, and capitalised (SQLite
/// folds the case of ASCII letters only; names are written capitalised).
fn like_patterns(word: &str) -> (String, String) {
    let mut chars = word.chars();
    let capitalised: String = chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    (
        format!("%{}%", like_escape(word)),
        format!("%{}%", like_escape(&capitalised)),
    )
}

/// A condition: `expr` contains `word` (any letter case).
fn contains(dialect: Dialect, expr: &str, word: &str, args: &mut Args) -> String {
    let (typed, capitalised) = like_patterns(word);
    match dialect {
        Dialect::Sqlite => {
            let a = args.text(typed);
            let b = args.text(capitalised);
            format!("({expr} LIKE {a} ESCAPE '\\' OR {expr} LIKE {b} ESCAPE '\\')")
        }
        Dialect::Postgres => {
            let a = args.text(typed);
            format!("lower({expr}) LIKE {a} ESCAPE '\\'")
        }
    }
}

/// An FTS5 phrase matching `word` as a substring (SQLite's trigram index
/// serves words of three characters or more).
fn fts_phrase(word: &str) -> Option<String> {
    (word.chars().count() >= 3).then(|| format!("\"{}\"", word.replace('"', "\"\"")))
}

/// An order number typed in the search box ("123", "№123", "#123").
fn order_number(word: &str) -> Option<i64> {
    word.trim_start_matches(['№', '#']).parse::<i64>().ok()
}

/// Each of `words` that is an order number, with the other words: the
/// search finds the order of that number when the other words match it.
fn numbers_and_others<'a>(words: &[&'a String]) -> Vec<(i64, Vec<&'a String>)> {
    words
        .iter()
        .enumerate()
        .filter_map(|(i, word)| {
            let others = words
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, w)| *w)
                .collect();
            order_number(word).map(|number| (number, others))
        })
        .collect()
}

/// Ids of the clients every one of `words` finds (a subquery).
fn client_ids(dialect: Dialect, words: &[String], args: &mut Args) -> String {
    let mut conditions = Vec::new();
    crate::clients::repo::search_condition(dialect, words, args, &mut conditions);
    if conditions.is_empty() {
        conditions.push("1 = 1".to_owned());
    }
    format!(
        "SELECT c.id FROM clients c WHERE {}",
        conditions.join(" AND ")
    )
}

/// SQLite: the numbers of the orders the search's words of three
/// characters or more find (a subquery with one column, `id`), or `None`
/// when it has no such word. See [`sqlite_search`].
fn sqlite_search_ids(q: &TableQuery, args: &mut Args, newest: Option<i64>) -> Option<String> {
    let long: Vec<&String> = q.words.iter().filter(|w| fts_phrase(w).is_some()).collect();
    if long.is_empty() {
        return None;
    }
    let phrase = |words: &[&String]| {
        words
            .iter()
            .filter_map(|w| fts_phrase(w))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let all = args.text(phrase(&long));
    let mut any = vec![match newest {
        Some(n) => format!(
            "SELECT id FROM (SELECT -rowid AS id FROM order_search WHERE order_search MATCH {all} \
             ORDER BY rowid {} LIMIT {n})",
            // The rowid is the number negated (migration 0011).
            if q.desc { "ASC" } else { "DESC" }
        ),
        None => format!("SELECT -rowid AS id FROM order_search WHERE order_search MATCH {all}"),
    }];
    for (number, others) in numbers_and_others(&long) {
        let n = args.int(number);
        any.push(if others.is_empty() {
            format!("SELECT id FROM orders WHERE id = {n}")
        } else {
            let p = args.text(phrase(&others));
            format!("SELECT -rowid FROM order_search WHERE order_search MATCH {p} AND rowid = -{n}")
        });
    }
    Some(any.join(" UNION "))
}

/// SQLite: the search box and the items filter through `order_search`, one
/// trigram document per order (client, items, notes; migration 0011). All
/// the long words are one FTS query, so "croissant anna" finds the order
/// whose item is a croissant and whose client is Anna without gathering
/// either word's orders. A number also finds the order of that number when
/// the other words match it. Words under three characters, which trigrams
/// cannot serve, are checked on each candidate row.
///
/// With `newest`, the search is the table's only filter and the page is in
/// number order: the index is read in that order and stops after `newest`
/// matches, enough for the page and the capped count.
fn sqlite_search(
    q: &TableQuery,
    args: &mut Args,
    conditions: &mut Vec<String>,
    newest: Option<i64>,
) {
    if let Some(ids) = sqlite_search_ids(q, args, newest) {
        conditions.push(format!("o.id IN ({ids})"));
    }
    for word in q.words.iter().filter(|w| fts_phrase(w).is_none()) {
        let mut any = Vec::new();
        if let Some(number) = order_number(word) {
            any.push(format!("o.id = {}", args.int(number)));
        }
        let mut client = Vec::new();
        crate::clients::repo::search_condition(
            Dialect::Sqlite,
            std::slice::from_ref(word),
            args,
            &mut client,
        );
        any.push(format!(
            "EXISTS (SELECT 1 FROM clients c WHERE c.id = o.client_id AND {})",
            client.join(" AND ")
        ));
        any.push(format!(
            "EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND {})",
            contains(
                Dialect::Sqlite,
                "(i.product_name || ' ' || i.variant_name)",
                word,
                args
            )
        ));
        any.push(contains(Dialect::Sqlite, "o.notes", word, args));
        conditions.push(format!("({})", any.join(" OR ")));
    }
    let long_items: Vec<String> = q.item.iter().filter_map(|w| fts_phrase(w)).collect();
    if !long_items.is_empty() {
        let p = args.text(format!("items : ({})", long_items.join(" AND ")));
        conditions.push(format!(
            "o.id IN (SELECT -rowid FROM order_search WHERE order_search MATCH {p})"
        ));
    }
    for word in q.item.iter().filter(|w| fts_phrase(w).is_none()) {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND {})",
            contains(
                Dialect::Sqlite,
                "(i.product_name || ' ' || i.variant_name)",
                word,
                args
            )
        ));
    }
}

/// PostgreSQL: every `words` a `LIKE` on the same search document, so the
/// trigram index intersects the words itself.
fn postgres_like(column: &str, words: &[&String], args: &mut Args) -> String {
    let mut parts = vec!["TRUE".to_owned()];
    for w in words {
        let p = args.text(format!("%{}%", like_escape(w)));
        parts.push(format!("{column} LIKE {p} ESCAPE '\\'"));
    }
    parts.join(" AND ")
}

/// PostgreSQL: the numbers of the orders the search box's words find (a
/// subquery with one column), or `None` when it is empty. (Up to a cap,
/// newest first, [`postgres_newest_matches`] finds them.)
fn postgres_search_ids(q: &TableQuery, args: &mut Args) -> Option<String> {
    if q.words.is_empty() {
        return None;
    }
    let all: Vec<&String> = q.words.iter().collect();
    let matching = postgres_like(SEARCH_DOC, &all, args);
    let mut any = vec![format!(
        "SELECT s.order_id AS id FROM order_search s WHERE {matching}"
    )];
    any.extend(postgres_number_hits(&all, "s.order_id", args));
    Some(any.join(" UNION "))
}

/// PostgreSQL: for each of `words` that is an order number, the order of
/// that number when the other words match it (a query of `columns`).
fn postgres_number_hits(words: &[&String], columns: &str, args: &mut Args) -> Vec<String> {
    numbers_and_others(words)
        .into_iter()
        .map(|(number, others)| {
            let n = args.int(number);
            let matching = postgres_like(SEARCH_DOC, &others, args);
            format!("SELECT {columns} FROM order_search s WHERE s.order_id = {n} AND {matching}")
        })
        .collect()
}

/// The order in which a PostgreSQL search walks the search documents: by
/// number, or by creation time (the table's default sort), each along its
/// own index on `order_search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchKey {
    Number,
    Created,
}

/// A search document's place in either order: its order's creation time
/// (0 when walking by number, which never reads it) and number.
type DocKey = (i64, i64);

impl SearchKey {
    /// The creation time as a query reads it: by number, a constant, so
    /// the primary key alone places a document.
    fn created(self) -> &'static str {
        match self {
            SearchKey::Number => "CAST(0 AS BIGINT)",
            SearchKey::Created => "s.created_at",
        }
    }

    /// The `ORDER BY` of this walk.
    fn order(self, desc: bool) -> &'static str {
        match (self, desc) {
            (SearchKey::Number, true) => "s.order_id DESC",
            (SearchKey::Number, false) => "s.order_id ASC",
            (SearchKey::Created, true) => "s.created_at DESC, s.order_id DESC",
            (SearchKey::Created, false) => "s.created_at ASC, s.order_id ASC",
        }
    }

    /// A key `docs` documents on from `span.1` at the pace the keys went
    /// over the `sample` documents from `span.0` to it (`desc`: backwards).
    /// For a bound of a walk only: the documents' pace is not even.
    fn ahead(self, desc: bool, span: (DocKey, DocKey), sample: i64, docs: i64) -> DocKey {
        let (from, to) = match self {
            SearchKey::Created => (span.0.0, span.1.0),
            SearchKey::Number => (span.0.1, span.1.1),
        };
        let step = (i128::from(from.abs_diff(to).max(1)) * i128::from(docs.max(1))
            / i128::from(sample.max(1)))
        .clamp(1, i128::from(i64::MAX / 4)) as i64;
        let at = if desc {
            to.saturating_sub(step)
        } else {
            to.saturating_add(step)
        };
        match self {
            // Every document of that second, whatever its number.
            SearchKey::Created => (at, if desc { i64::MIN } else { i64::MAX }),
            SearchKey::Number => (0, at),
        }
    }

    /// The condition that a document lies `op` (`<`, `>=`…) the document
    /// at `at` in this order, as its index reads it.
    fn beyond(self, op: &str, at: DocKey, args: &mut Args) -> String {
        match self {
            SearchKey::Number => format!("s.order_id {op} {}", args.int(at.1)),
            SearchKey::Created => format!(
                "(s.created_at, s.order_id) {op} ({}, {})",
                args.int(at.0),
                args.int(at.1)
            ),
        }
    }
}

/// PostgreSQL: the numbers of the orders the search box finds, in `key`'s
/// order (`q.desc`: newest first), chosen without the planner's guess of
/// how many documents the words are in: up to `cap` of them, or, when the
/// second value says there are at least `cap`, at least the first
/// `page_end` (the page the table shows).
///
/// A trigram search is read one of two ways: walking the documents in
/// the key's order and checking each (about 0.5 µs a document: cheap when
/// matches are dense), or gathering the GIN index's candidates and
/// checking each one's row (a few µs a candidate, plus the index: cheap
/// when they are rare). The planner guesses the density from a sample of
/// the documents and, for two words, multiplies their guesses; on a
/// million orders it walked 770,000 documents (390 ms) for a client's
/// "Last First" that the index finds in 25 ms. Here the first `SAMPLE`
/// documents are walked; their matches measure the density, and the rest
/// is walked on while that stays within `WALK` documents, else gathered
/// from the index. Each part runs with the other way switched off.
///
/// The count stops at the cap, and most of the work of finding `cap`
/// matches only feeds that "1,000+". So when walking on to the cap would
/// read more than another sample, [`at_least`] first tells from counts
/// that need no sort whether the rest of the documents hold enough
/// matches for it; if they do, only the page's matches are still looked
/// for.
async fn postgres_newest_matches(
    pool: &sqlx::PgPool,
    q: &TableQuery,
    key: SearchKey,
    cap: i64,
    page_end: i64,
) -> Result<(Vec<i64>, bool), sqlx::Error> {
    /// The documents walked first, to measure the density.
    const SAMPLE: i64 = 5_000;
    /// The most documents walked in all (about 30 ms).
    const WALK: i64 = 60_000;
    let words = &q.words;
    let desc = q.desc;
    let (past, before): (&'static str, &'static str) = if desc { (">=", "<") } else { ("<=", ">") };
    let part = |range: Vec<(&'static str, DocKey)>, limit: i64, walk: bool| {
        search_part(pool, words, key, desc, range, limit, walk)
    };
    let mut past_cap = false;
    let mut found = match search_boundary(pool, key, desc, SAMPLE).await? {
        // A few thousand documents: walk them all.
        None => part(vec![], cap, true).await?,
        Some(first) => {
            let mut found = part(vec![(past, first)], cap, true).await?;
            let seen = found.len() as i64;
            // The documents still to walk to find `n` more matches at the
            // density seen, with half again to spare.
            let walk_for = |n: i64| (seen > 0).then(|| n * SAMPLE / seen * 3 / 2);
            // Past another sample's walk, the count of the clients' orders
            // is cheaper (a few ms); past `WALK`, where the rest would be
            // gathered, the count of the items and notes is too. None in
            // the sample: the rest is unlikely to hold the cap.
            let to_cap = walk_for(cap - seen);
            if let Some(to_cap) = to_cap.filter(|m| seen < cap && *m > SAMPLE) {
                let rest = SAMPLE + to_cap > WALK;
                past_cap = at_least(pool, words, key, (before, first), cap - seen, rest).await?;
            }
            // The matches still wanted: up to the cap, or only the page's
            // once there are known to be more than the cap.
            let target = if past_cap { page_end.min(cap) } else { cap };
            let mut last = Some(first);
            if let Some(more) =
                walk_for(target - seen).filter(|m| seen < target && SAMPLE + m <= WALK)
            {
                // The walk stops at the matches it wants; its bound only
                // keeps a wrong guess of the density from walking on too
                // far. A key that far on at the sample's pace, not the
                // document that far on: an index reads 50,000 entries in
                // 5 ms to find that one.
                let start = search_boundary(pool, key, desc, 1).await?.unwrap_or(first);
                let bound = key.ahead(desc, (start, first), SAMPLE, (2 * more).min(WALK - SAMPLE));
                let range = vec![(past, bound), (before, first)];
                found.extend(part(range, target - seen, true).await?);
                last = Some(bound);
                if (found.len() as i64) < target
                    && !search_beyond(pool, key, (before, bound)).await?
                {
                    // The walk reached the last document.
                    last = None;
                }
            }
            let need = target - found.len() as i64;
            if let (true, Some(last)) = (need > 0, last) {
                let range = vec![(before, last)];
                let gathered = match gather_by_client(pool, words, key, desc, &range, need).await? {
                    Some(gathered) => gathered,
                    None => part(range, need, false).await?,
                };
                found.extend(gathered);
            }
            found
        }
    };
    // An order number among the words finds that order when the others
    // match it.
    let mut args = Args::default();
    let hits = {
        let all: Vec<&String> = words.iter().collect();
        let columns = format!("{}, s.order_id", key.created());
        postgres_number_hits(&all, &columns, &mut args)
    };
    if !hits.is_empty() {
        let sql = hits.join(" UNION ");
        let hit: Vec<DocKey> = crate::bind_args!(sqlx::query_as(&sql), args)
            .fetch_all(pool)
            .await?;
        found.extend(hit);
    }
    found.sort_unstable();
    found.dedup();
    if desc {
        found.reverse();
    }
    if !past_cap {
        found.truncate(cap as usize);
    }
    Ok((found.into_iter().map(|(_, id)| id).collect(), past_cap))
}

/// PostgreSQL: whether the clients' and the documents' trigram indexes can
/// serve `words` on their own: one to eight words (each a condition of
/// its own), every one of three characters or more.
fn trigram_words(words: &[String]) -> bool {
    (1..=8).contains(&words.len()) && words.iter().all(|w| w.chars().count() >= 3)
}

/// PostgreSQL: whether at least `n` documents lying `range` (an operator
/// and a bound) hold every one of `words`, told by counts that stop at `n`
/// and sort nothing: the orders of the clients whose contacts hold every
/// word (`order_search_client_idx` under the clients' own trigram index:
/// 4 ms for a million orders' "Last First"), then, with `rest`, the
/// documents whose items and notes hold every word
/// (`order_search_rest_trgm`: 10-15 ms for an item in 3 % of them, about
/// what walking to the cap costs there). Each is a lower bound of the
/// matches, so `false` only means no bound reaches `n`; it also comes when
/// a word is too short for a trigram.
async fn at_least(
    pool: &sqlx::PgPool,
    words: &[String],
    key: SearchKey,
    range: (&'static str, DocKey),
    n: i64,
    rest: bool,
) -> Result<bool, sqlx::Error> {
    if !trigram_words(words) {
        return Ok(false);
    }
    let count = |condition: String, args: &mut Args| {
        let beyond = key.beyond(range.0, range.1, args);
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM order_search s WHERE {condition} AND {beyond} \
             LIMIT {}) m",
            args.int(n)
        )
    };
    let mut args = Args::default();
    let clients = client_ids(Dialect::Postgres, words, &mut args);
    let by_client = count(format!("s.client_id IN ({clients})"), &mut args);
    let mut tx = planned(pool, &["enable_seqscan"]).await?;
    let clients_orders: i64 =
        crate::bind_args!(sqlx::query_scalar(&by_client).persistent(false), args)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    if clients_orders >= n || !rest {
        return Ok(clients_orders >= n);
    }
    let mut args = Args::default();
    let all: Vec<&String> = words.iter().collect();
    let rest = postgres_like(REST_DOC, &all, &mut args);
    let by_rest = count(rest, &mut args);
    let mut tx = planned(pool, &["enable_seqscan", "enable_indexscan"]).await?;
    let rest_docs: i64 = crate::bind_args!(sqlx::query_scalar(&by_rest).persistent(false), args)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rest_docs >= n)
}

/// PostgreSQL: a transaction with the planner's `off` ways (`enable_…`
/// settings) switched off until it ends, for the one query it runs: one
/// statement (`set_config(…, true)` is `SET LOCAL`), one round trip.
fn planned(
    pool: &sqlx::PgPool,
    off: &[&str],
) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>>
+ Send
+ 'static {
    // Owned, so the future borrows nothing of its caller's.
    let pool = pool.clone();
    let settings = off
        .iter()
        .map(|s| format!("set_config('{s}', 'off', true)"))
        .collect::<Vec<_>>()
        .join(", ");
    async move {
        let mut tx = pool.begin().await?;
        sqlx::query(&format!("SELECT {settings}"))
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// SQLite: the numbers of the orders the search box finds (every word of
/// three characters or more), in number order: up to `cap` of them, or,
/// when the second value says there are at least `cap`, the first
/// `page_end` (none unless `by_number`: a page in another order walks the
/// orders itself).
///
/// Several words, such as a client's "Last First": the index intersects
/// every word's trigrams up to the cap, yet the orders of the clients
/// holding every word (each one a match) may pass the cap alone, counted
/// through `orders_client_idx` in a few ms (38.1 -> 22.5 ms at p95 for a
/// million orders' "Last First").
async fn sqlite_newest_matches(
    read: &sqlx::SqlitePool,
    q: &TableQuery,
    cap: i64,
    page_end: i64,
    by_number: bool,
) -> Result<(Vec<i64>, bool), sqlx::Error> {
    let past_cap = q.words.len() > 1 && cap > page_end && {
        let mut args = Args::default();
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE o.client_id IN ({}) LIMIT {cap})",
            client_ids(Dialect::Sqlite, &q.words, &mut args)
        );
        let orders: i64 = crate::bind_args!(sqlx::query_scalar(&sql), args)
            .fetch_one(read)
            .await?;
        orders >= cap
    };
    if past_cap && !by_number {
        return Ok((Vec::new(), true));
    }
    let want = if past_cap { page_end } else { cap };
    let mut args = Args::default();
    let dir = if q.desc { "DESC" } else { "ASC" };
    let ids_sql = sqlite_search_ids(q, &mut args, Some(want)).unwrap_or_default();
    let sql = format!("SELECT id FROM ({ids_sql}) m ORDER BY id {dir} LIMIT {want}");
    let found = crate::bind_args!(sqlx::query_scalar(&sql), args)
        .fetch_all(read)
        .await?;
    Ok((found, past_cap))
}

/// PostgreSQL: an order's search document, as the trigram index holds it.
const SEARCH_DOC: &str = "(s.client || ' ' || s.items || ' ' || s.notes)";

/// PostgreSQL: the items and notes of an order's search document, as
/// `order_search_rest_trgm` (migration 0014) holds them.
const REST_DOC: &str = "(s.items || ' ' || s.notes)";

/// PostgreSQL: the gather from the index of [`postgres_newest_matches`],
/// done through the clients: up to `limit` documents in `key`'s order
/// within `range` that hold every one of `words`. `None` when a word is too
/// short for a trigram, or the words are in too many clients' contacts,
/// for this to pay: the caller then gathers from the documents' index.
///
/// A word holds no space, so each word a document holds lies in its
/// client's contacts or in its items and notes. The documents' index
/// repeats each client's contacts in every one of their orders, so a
/// surname's trigrams ("ova" is in 42 % of a million documents) cost more
/// there than all the rest of the search; the clients' own index holds
/// them once per client (83,000 at a million orders). So the clients that
/// hold any of the words are found first, with which words each holds,
/// and grouped by those words. A group holding every word gives all its
/// orders (`order_search_client_idx`, migration 0014); any other group
/// gives its orders whose items and notes hold the other words (that index
/// and `order_search_rest_trgm`, intersected); and the documents whose
/// items and notes hold every word come from that index alone.
async fn gather_by_client(
    pool: &sqlx::PgPool,
    words: &[String],
    key: SearchKey,
    desc: bool,
    range: &[(&'static str, DocKey)],
    limit: i64,
) -> Result<Option<Vec<DocKey>>, sqlx::Error> {
    use crate::clients::repo::POSTGRES_CONTACTS;
    /// The most clients the words may be in (a client's dozen orders each).
    const CLIENTS: usize = 10_000;
    /// The most groups of clients (each a subquery).
    const GROUPS: usize = 16;
    if !trigram_words(words) {
        return Ok(None);
    }
    let mut args = Args::default();
    let (mut held, mut any) = (Vec::new(), Vec::new());
    for (i, w) in words.iter().enumerate() {
        let p = args.text(format!("%{}%", like_escape(w)));
        let holds = format!("{POSTGRES_CONTACTS} LIKE {p} ESCAPE '\\'");
        held.push(format!("CASE WHEN {holds} THEN {} ELSE 0 END", 1 << i));
        any.push(holds);
    }
    let sql = format!(
        "SELECT c.id, {} FROM clients c WHERE {} LIMIT {}",
        held.join(" + "),
        any.join(" OR "),
        CLIENTS + 1
    );
    let mut tx = planned(pool, &["enable_seqscan"]).await?;
    // Unnamed statements, planned for their own words and numbers each time
    // (a cached generic plan cannot see how common the words are).
    let clients: Vec<(i64, i32)> = crate::bind_args!(sqlx::query_as(&sql).persistent(false), args)
        .fetch_all(&mut *tx)
        .await?;
    let mut groups = std::collections::BTreeMap::<i32, Vec<i64>>::new();
    for (id, words_held) in &clients {
        groups.entry(*words_held).or_default().push(*id);
    }
    if clients.len() > CLIENTS || groups.len() > GROUPS {
        tx.commit().await?;
        return Ok(None);
    }
    let mut args = Args::default();
    let mut parts = Vec::new();
    let mut part = |mut conditions: Vec<String>, args: &mut Args| {
        for (op, at) in range {
            conditions.push(key.beyond(op, *at, args));
        }
        parts.push(format!(
            "(SELECT {}, s.order_id FROM order_search s WHERE {} ORDER BY {} LIMIT {})",
            key.created(),
            conditions.join(" AND "),
            key.order(desc),
            args.int(limit)
        ));
    };
    for (words_held, ids) in &groups {
        let others: Vec<&String> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| words_held & (1 << i) == 0)
            .map(|(_, w)| w)
            .collect();
        // The numbers written into the statement: a constant array is read
        // once, where a text parameter cast to an array is parsed again
        // for every row a bitmap rechecks (20 ms for 200 rows of 2,000
        // clients' orders).
        let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut conditions = vec![format!("s.client_id = ANY('{{{ids}}}'::BIGINT[])")];
        if !others.is_empty() {
            conditions.push(postgres_like(REST_DOC, &others, &mut args));
        }
        part(conditions, &mut args);
    }
    // The documents whose items and notes hold every word.
    let all: Vec<&String> = words.iter().collect();
    let rest = postgres_like(REST_DOC, &all, &mut args);
    part(vec![rest], &mut args);
    let sql = parts.join(" UNION ALL ");
    let found: Vec<DocKey> = crate::bind_args!(sqlx::query_as(&sql).persistent(false), args)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(found))
}

/// PostgreSQL: the search document `docs` in from the start of `key`'s
/// order (`desc`: the newest), or `None` when fewer exist.
async fn search_boundary(
    pool: &sqlx::PgPool,
    key: SearchKey,
    desc: bool,
    docs: i64,
) -> Result<Option<DocKey>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {}, s.order_id FROM order_search s ORDER BY {} OFFSET $1 LIMIT 1",
        key.created(),
        key.order(desc)
    ))
    .bind(docs - 1)
    .fetch_optional(pool)
    .await
}

/// PostgreSQL: whether any search document lies `range` (an operator and a
/// bound).
async fn search_beyond(
    pool: &sqlx::PgPool,
    key: SearchKey,
    range: (&'static str, DocKey),
) -> Result<bool, sqlx::Error> {
    let mut args = Args::default();
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM order_search s WHERE {})",
        key.beyond(range.0, range.1, &mut args)
    );
    crate::bind_args!(sqlx::query_scalar(&sql), args)
        .fetch_one(pool)
        .await
}

/// PostgreSQL: up to `limit` documents, in `key`'s order, that hold every
/// one of `words` and lie within `range` (each an operator and a bound),
/// either walked in that order (`walk`) or gathered from the trigram index:
/// the other way is switched off for this one query.
async fn search_part(
    pool: &sqlx::PgPool,
    words: &[String],
    key: SearchKey,
    desc: bool,
    range: Vec<(&'static str, DocKey)>,
    limit: i64,
    walk: bool,
) -> Result<Vec<DocKey>, sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = if walk {
        // Each word in one of the document's fields: the same as in the
        // whole document (a word holds no space), without joining the
        // fields on every document walked (a third less time a document).
        words
            .iter()
            .map(|w| {
                let p = args.text(format!("%{}%", like_escape(w)));
                format!(
                    "(s.client LIKE {p} ESCAPE '\\' OR s.items LIKE {p} ESCAPE '\\' \
                     OR s.notes LIKE {p} ESCAPE '\\')"
                )
            })
            .chain(["TRUE".to_owned()])
            .collect()
    } else {
        let words: Vec<&String> = words.iter().collect();
        vec![postgres_like(SEARCH_DOC, &words, &mut args)]
    };
    for (op, at) in range {
        conditions.push(key.beyond(op, at, &mut args));
    }
    let sql = format!(
        "SELECT {}, s.order_id FROM order_search s WHERE {} ORDER BY {} LIMIT {}",
        key.created(),
        conditions.join(" AND "),
        key.order(desc),
        args.int(limit)
    );
    let off = if walk {
        "enable_bitmapscan"
    } else {
        "enable_indexscan"
    };
    let mut tx = planned(pool, &[off, "enable_seqscan"]).await?;
    let found = crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(found)
}

/// PostgreSQL: the search box and the items filter through `order_search`,
/// one lower-cased document per order (client, items, notes; migration
/// 0011) with a trigram index, every word a `LIKE` on the same row, so the
/// index intersects the words itself. A number also finds the order of that
/// number when the other words match it.
fn postgres_search(q: &TableQuery, args: &mut Args, conditions: &mut Vec<String>) {
    if let Some(ids) = postgres_search_ids(q, args) {
        conditions.push(format!("o.id IN ({ids})"));
    }
    if !q.item.is_empty() {
        let words: Vec<&String> = q.item.iter().collect();
        let matching = postgres_like("s.items", &words, args);
        conditions.push(format!(
            "o.id IN (SELECT s.order_id FROM order_search s WHERE {matching})"
        ));
    }
}

/// The orders whose numbers are `ids`, as a condition on `o.id`, with the
/// numbers bound as one text parameter in each engine's own list form.
fn in_list(dialect: Dialect, ids: &[i64], args: &mut Args) -> String {
    let joined = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    match dialect {
        // A JSON array, read back by `json_each`.
        Dialect::Sqlite => format!(
            "o.id IN (SELECT value FROM json_each({}))",
            args.text(format!("[{joined}]"))
        ),
        // An array literal: `= ANY` reads each through the primary key, and
        // the planner sees how many there are.
        Dialect::Postgres => format!(
            "o.id = ANY(CAST({} AS BIGINT[]))",
            args.text(format!("{{{joined}}}"))
        ),
    }
}

/// The `WHERE` clause of `q`. Every text condition is an `IN` over ids that
/// an index finds (SQLite: the orders' search documents; PostgreSQL: the
/// trigram indexes of client contacts, item names and notes, and the
/// clients of an order by `orders_client_idx`), never a scan of every
/// order: searching a million orders reads only the matches.
fn table_where(dialect: Dialect, q: &TableQuery, args: &mut Args) -> String {
    table_where_newest(dialect, q, args, None)
}

/// [`table_where`], SQLite's search reading only the `newest` matches (see
/// [`sqlite_search`]).
fn table_where_newest(
    dialect: Dialect,
    q: &TableQuery,
    args: &mut Args,
    newest: Option<i64>,
) -> String {
    let mut conditions = vec!["1 = 1".to_owned()];
    match dialect {
        Dialect::Sqlite => sqlite_search(q, args, &mut conditions, newest),
        Dialect::Postgres => postgres_search(q, args, &mut conditions),
    }
    if !q.client.is_empty() {
        conditions.push(format!(
            "o.client_id IN ({})",
            client_ids(dialect, &q.client, args)
        ));
    }
    if let Some(stage) = &q.stage {
        conditions.push(format!("o.stage = {}", args.text(stage.clone())));
    }
    if let Some(payment) = &q.payment {
        conditions.push(format!("o.payment_status = {}", args.text(payment.clone())));
    }
    if let Some(from) = q.from {
        conditions.push(format!("o.created_at >= {}", args.int(from)));
    }
    if let Some(until) = q.until {
        conditions.push(format!("o.created_at < {}", args.int(until)));
    }
    if let Some(min) = q.min {
        conditions.push(format!("o.total_minor >= {}", args.int(min)));
    }
    if let Some(max) = q.max {
        conditions.push(format!("o.total_minor <= {}", args.int(max)));
    }
    conditions.join(" AND ")
}

/// Past this many matches the table says "more than" instead of counting
/// (and summing) every one: a search that finds half a million orders
/// would otherwise read them all for one page.
pub const COUNT_CAP: i64 = 10_000;

/// The cap for a text filter (the search box, the client or item column):
/// on PostgreSQL a trigram match is checked against each candidate's text,
/// so counting a word found in 3 % of a million orders up to 10,000 reads
/// some 330,000 documents (180 ms); up to 1,000 it reads a tenth of that.
/// Past a thousand matches a manager narrows the search rather than pages
/// through it. The same on both engines, so the table behaves alike.
pub const SEARCH_COUNT_CAP: i64 = 1_000;

/// The count cap for `q`: [`SEARCH_COUNT_CAP`] with a text filter, else
/// [`COUNT_CAP`].
pub fn count_cap(q: &TableQuery) -> i64 {
    if q.words.is_empty() && q.client.is_empty() && q.item.is_empty() {
        COUNT_CAP
    } else {
        SEARCH_COUNT_CAP
    }
}

/// How many orders a filter finds, and their summed total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Exact when `exact`; otherwise more than the cap ([`count_cap`]).
    pub orders: i64,
    /// Meaningful only when `exact`.
    pub sum_minor: i64,
    pub exact: bool,
}

/// The count and sum from the hourly roll-up (`order_rollup`, kept by
/// triggers in the order's own transaction), when the filter is one it
/// holds: stage, payment and whole-hour date bounds. A few thousand rows
/// instead of a million. Per stage when `per_stage` (the stage sort's
/// pages need each stage's count too).
async fn rollup_count(
    db: &Db,
    q: &TableQuery,
    per_stage: bool,
) -> Result<Option<(Counted, Vec<(String, i64, i64)>)>, sqlx::Error> {
    if !rollup_fits(q) {
        return Ok(None);
    }
    let rows = rollup_sums(db, q, per_stage).await?;
    let (orders, sum_minor) = rows
        .iter()
        .fold((0, 0), |(o, s), (_, orders, sum)| (o + orders, s + sum));
    let counted = Counted {
        orders,
        sum_minor,
        exact: true,
    };
    Ok(Some((counted, rows)))
}

/// Whether the hourly roll-up holds `q`'s filter: stage, payment and
/// whole-hour date bounds only.
fn rollup_fits(q: &TableQuery) -> bool {
    let whole_hour = |t: Option<i64>| t.is_none_or(|t| t.rem_euclid(3600) == 0);
    q.words.is_empty()
        && q.client.is_empty()
        && q.item.is_empty()
        && q.min.is_none()
        && q.max.is_none()
        && whole_hour(q.from)
        && whole_hour(q.until)
}

/// `(stage, orders, summed total)` from the roll-up under `q`'s filter: one
/// row for all stages, or one per stage when `per_stage`.
async fn rollup_sums(
    db: &Db,
    q: &TableQuery,
    per_stage: bool,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(stage) = &q.stage {
        conditions.push(format!("stage = {}", args.text(stage.clone())));
    }
    if let Some(payment) = &q.payment {
        conditions.push(format!("payment_status = {}", args.text(payment.clone())));
    }
    if let Some(from) = q.from {
        conditions.push(format!("hour >= {}", args.int(from.div_euclid(3600))));
    }
    if let Some(until) = q.until {
        conditions.push(format!("hour < {}", args.int(until.div_euclid(3600))));
    }
    let (key, group) = if per_stage {
        ("stage", " GROUP BY stage")
    } else {
        ("''", "")
    };
    let sql = format!(
        "SELECT {key}, CAST(COALESCE(SUM(orders), 0) AS BIGINT), CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) \
         FROM order_rollup WHERE {}{group}",
        conditions.join(" AND ")
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

fn table_order(q: &TableQuery) -> String {
    use super::types::OrderColumn as C;
    let dir = if q.desc { "DESC" } else { "ASC" };
    let keys: &[&str] = match q.sort {
        C::Number | C::Items => &["o.id"],
        C::Created => &["o.created_at"],
        // Each client's orders through orders_client_idx (client, created).
        C::Client => &["c.last_name", "c.first_name", "c.id", "o.created_at"],
        C::Phone => &["c.phone"],
        // Each stage's orders through orders_stage_idx (stage, ready date).
        C::Stage => &["COALESCE(st.position, 0)", "st.code", "o.ready_date"],
        C::Ready => &["o.ready_date", "o.time_slot"],
        C::Fulfilment => &["o.fulfilment"],
        C::Payment => &["o.payment_status"],
        C::Total => &["o.total_minor"],
        C::Notes => &["o.notes"],
    };
    let mut order: Vec<String> = keys.iter().map(|k| format!("{k} {dir}")).collect();
    if keys != ["o.id"] {
        order.push(format!("o.id {dir}"));
    }
    order.join(", ")
}

/// Up to this many matches a page is chosen by sorting them all (their
/// numbers and sort keys only); past it, sorts by client or stage walk an
/// index in order instead and stop at the page.
const SORT_ALL_UP_TO: i64 = 20_000;

/// A page of the orders table, and how many orders match with their
/// summed total (exactly up to [`count_cap`]).
///
/// The page's numbers are chosen first, reading only what the sort needs;
/// its columns (client, store, the items' summary) are then read for those
/// numbers alone.
pub async fn table(
    db: &Db,
    q: &TableQuery,
    offset: i64,
    limit: i64,
) -> Result<(Vec<TableRow>, Counted), sqlx::Error> {
    table_sorting_up_to(db, q, offset, limit, SORT_ALL_UP_TO).await
}

/// [`table`] with the number of matches up to which a page is chosen by
/// sorting them all (tests compare both ways of choosing on one data set).
pub async fn table_sorting_up_to(
    db: &Db,
    q: &TableQuery,
    offset: i64,
    limit: i64,
    sort_all_up_to: i64,
) -> Result<(Vec<TableRow>, Counted), sqlx::Error> {
    use super::types::OrderColumn as C;
    let dialect = db.dialect();
    let counts_to = count_cap(q);
    let by_number = matches!(q.sort, C::Number | C::Items);
    // Only the search filters: the search index alone gives the matches'
    // numbers (see below); in number order the index itself is read newest
    // (or oldest) first and stops once the page and the capped count are
    // covered, so a word in half the orders costs no more than a rare one.
    let search_only = !q.words.is_empty()
        && q.client.is_empty()
        && q.item.is_empty()
        && q.stage.is_none()
        && q.payment.is_none()
        && q.from.is_none()
        && q.until.is_none()
        && q.min.is_none()
        && q.max.is_none();
    let newest = (search_only && by_number).then(|| (counts_to + 1).max(offset + limit));
    // PostgreSQL walks the search documents by creation time too (the
    // table's default sort), so that search's page comes with its matches.
    let walk = match q.sort {
        C::Created if dialect == Dialect::Postgres => SearchKey::Created,
        _ => SearchKey::Number,
    };
    let mut args = Args::default();
    let filter = table_where_newest(dialect, q, &mut args, newest);
    let mut first_ids: Option<Vec<i64>> = None;
    // Every match's number, when the search gave them all.
    let mut only_ids: Option<Vec<i64>> = None;
    let long_words_only = q.words.iter().all(|w| fts_phrase(w).is_some());
    let rolled = rollup_count(db, q, matches!(q.sort, C::Stage)).await?;
    let counted = match &rolled {
        Some((counted, _)) => *counted,
        // SQLite's index serves words of three characters or more only.
        None if search_only && (dialect == Dialect::Postgres || long_words_only) => {
            // Only the search: its index alone gives the numbers (every
            // document is an existing order's), read in number order (on
            // PostgreSQL, in creation order when that is the sort) up to
            // what the capped count (and, in that order, the page) needs.
            // When they are all there, the sum and the page read just those
            // orders instead of searching again.
            let cap = (counts_to + 1).max(offset + limit);
            let (found, past_cap): (Vec<i64>, bool) = match db {
                Db::Postgres(pool) => {
                    postgres_newest_matches(pool, q, walk, cap, offset + limit).await?
                }
                Db::Sqlite { read, .. } => {
                    sqlite_newest_matches(read, q, cap, offset + limit, by_number).await?
                }
            };
            let n = found.len() as i64;
            let exact = !past_cap && n <= counts_to;
            let sum_minor = if exact && n > 0 {
                let mut args = Args::default();
                let sql = format!(
                    "SELECT CAST(COALESCE(SUM(o.total_minor), 0) AS BIGINT) FROM orders o WHERE {}",
                    in_list(dialect, &found, &mut args)
                );
                db_read!(db, |pool| crate::bind_args!(
                    sqlx::query_scalar::<_, i64>(&sql),
                    args
                )
                .fetch_one(pool)
                .await)?
            } else {
                0
            };
            if by_number || walk == SearchKey::Created {
                first_ids = Some(
                    found
                        .iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .copied()
                        .collect(),
                );
            }
            if exact && n > 0 {
                only_ids = Some(found);
            }
            Counted {
                orders: if exact { n } else { counts_to },
                sum_minor,
                exact,
            }
        }
        None if by_number => {
            // One reading of the filter gives the count, the sum and (in
            // number order) the page: the matches' numbers and totals up to
            // one past the cap.
            let dir = if q.desc { "DESC" } else { "ASC" };
            let sql = format!(
                "SELECT o.id, o.total_minor FROM orders o WHERE {filter} ORDER BY o.id {dir} LIMIT {}",
                counts_to + 1
            );
            let found: Vec<(i64, i64)> =
                db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
                    .fetch_all(pool)
                    .await)?;
            let n = found.len() as i64;
            if offset + limit <= n || n <= counts_to {
                first_ids = Some(
                    found
                        .iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .map(|(id, _)| *id)
                        .collect(),
                );
            }
            Counted {
                orders: n.min(counts_to),
                sum_minor: found.iter().map(|(_, t)| t).sum(),
                exact: n <= counts_to,
            }
        }
        None => {
            // Counts up to one past the cap: the filter's indexes stop there.
            let count_sql = format!(
                "SELECT COUNT(*), CAST(COALESCE(SUM(t), 0) AS BIGINT) FROM \
                 (SELECT o.total_minor AS t FROM orders o WHERE {filter} LIMIT {}) m",
                counts_to + 1
            );
            let (orders, sum_minor): (i64, i64) = db_read!(db, |pool| crate::bind_args!(
                sqlx::query_as(&count_sql),
                args
            )
            .fetch_one(pool)
            .await)?;
            Counted {
                orders: orders.min(counts_to),
                sum_minor,
                exact: orders <= counts_to,
            }
        }
    };
    if counted.exact && offset >= counted.orders {
        return Ok((Vec::new(), counted));
    }
    let many = !counted.exact || counted.orders > sort_all_up_to;
    let order = table_order(q);
    let ids: Vec<i64> = match q.sort {
        _ if first_ids.is_some() => first_ids.unwrap_or_default(),
        C::Stage if many && rolled.is_some() => {
            let per_stage = rolled.as_ref().map(|r| r.1.as_slice()).unwrap_or_default();
            stage_page(db, q, per_stage, offset, limit).await?
        }
        _ => {
            let from = match q.sort {
                // Clients in name order, each one's orders in turn: no sort
                // of every order (SQLite takes CROSS JOIN's order as given).
                C::Client if many => "clients c CROSS JOIN orders o",
                // Many matches of a search: newest first along the index,
                // each checked against the matches, stops at the page
                // (SQLite cannot tell how many a search finds).
                C::Created if many && dialect == Dialect::Sqlite => {
                    "orders o INDEXED BY orders_created_idx"
                }
                C::Client => "orders o JOIN clients c ON c.id = o.client_id",
                C::Stage => "orders o LEFT JOIN stages st ON st.code = o.stage",
                _ => "orders o",
            };
            let join = if from.starts_with("clients") {
                "o.client_id = c.id AND "
            } else {
                ""
            };
            let (filter, mut args) = match &only_ids {
                Some(list) => {
                    let mut args = Args::default();
                    (in_list(dialect, list, &mut args), args)
                }
                None => (filter.clone(), args.clone()),
            };
            let sql = format!(
                "SELECT o.id FROM {from} WHERE {join}{filter} ORDER BY {order} LIMIT {} OFFSET {}",
                args.int(limit),
                args.int(offset),
            );
            db_read!(db, |pool| crate::bind_args!(sqlx::query_scalar(&sql), args)
                .fetch_all(pool)
                .await)?
        }
    };
    Ok((page_rows(db, &ids, &order).await?, counted))
}

/// The page's numbers when sorting by stage under a roll-up filter: the
/// roll-up tells how many match in each stage, so whole stages before the
/// page are skipped and each stage on it is read through orders_stage_idx.
async fn stage_page(
    db: &Db,
    q: &TableQuery,
    counts: &[(String, i64, i64)],
    offset: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut stages: Vec<String> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT code FROM stages ORDER BY position, code"
    )
    .fetch_all(pool)
    .await)?;
    if q.desc {
        stages.reverse();
    }
    let dir = if q.desc { "DESC" } else { "ASC" };
    let (mut skip, mut left) = (offset, limit);
    let mut ids = Vec::new();
    for stage in stages {
        let n: i64 = counts
            .iter()
            .filter(|(code, _, _)| *code == stage)
            .map(|(_, orders, _)| orders)
            .sum();
        if skip >= n {
            skip -= n;
            continue;
        }
        let mut args = Args::default();
        let filter = table_where(db.dialect(), q, &mut args);
        let sql = format!(
            "SELECT o.id FROM orders o WHERE o.stage = {} AND {filter} \
             ORDER BY o.ready_date {dir}, o.id {dir} LIMIT {} OFFSET {}",
            args.text(stage),
            args.int(left),
            args.int(skip),
        );
        let found: Vec<i64> =
            db_read!(db, |pool| crate::bind_args!(sqlx::query_scalar(&sql), args)
                .fetch_all(pool)
                .await)?;
        left -= found.len() as i64;
        ids.extend(found);
        skip = 0;
        if left <= 0 {
            break;
        }
    }
    Ok(ids)
}

/// The table's rows for `ids`, in `order`.
async fn page_rows(db: &Db, ids: &[i64], order: &str) -> Result<Vec<TableRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::default();
    let list: Vec<String> = ids.iter().map(|id| args.int(*id)).collect();
    let sql = format!(
        "SELECT {} {TABLE_FROM} WHERE o.id IN ({}) ORDER BY {order}",
        table_columns(db.dialect()),
        list.join(", "),
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

/// Sends every order matching `q`, in the table's order, into `out` as the
/// database yields them (one query, read as a stream: an export of a
/// million orders never holds them all). Stops early when `out` is closed.
pub async fn table_stream(
    db: Db,
    q: TableQuery,
    out: tokio::sync::mpsc::Sender<Result<TableRow, sqlx::Error>>,
) {
    use futures::StreamExt;
    let dialect = db.dialect();
    let mut args = Args::default();
    let filter = table_where(dialect, &q, &mut args);
    let sql = format!(
        "SELECT {} {TABLE_FROM} WHERE {filter} ORDER BY {}",
        table_columns(dialect),
        table_order(&q),
    );
    let result: Result<(), sqlx::Error> = db_read!(&db, |pool| {
        let mut rows = crate::bind_args!(sqlx::query_as::<_, TableRow>(&sql), args).fetch(pool);
        let mut result = Ok(());
        while let Some(row) = rows.next().await {
            match row {
                Ok(row) => {
                    if out.send(Ok(row)).await.is_err() {
                        break;
                    }
                }
                Err(err) => {
                    result = Err(err);
                    break;
                }
            }
        }
        result
    });
    if let Err(err) = result {
        let _ = out.send(Err(err)).await;
    }
}

/// The version of each of `ids` that exists.
pub async fn versions(db: &Db, ids: &[i64]) -> Result<Vec<(i64, i32)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::default();
    let list: Vec<String> = ids.iter().map(|id| args.int(*id)).collect();
    let sql = format!(
        "SELECT id, version FROM orders WHERE id IN ({})",
        list.join(", ")
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}
