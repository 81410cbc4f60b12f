//! SQL for orders, clients and payments. The only place that writes them.
//!
//! Placing an order is one transaction: the cart is read, prices and lead
//! times are checked, stock is taken with a conditional update (`quantity >=
//! wanted`, so it can never go below zero: on SQLite the transaction holds
//! the write lock from its start, on PostgreSQL the row lock serialises
//! concurrent buyers), and the client, order, items, first timeline step,
//! payment and confirmation mail are written. Any refusal rolls it all back.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod orders;
mod payments;

pub use orders::{OrderRow, items, order, orders_of_user, reorder_into_cart, timeline};
pub use payments::{new_payment, payment, settle_payment};

use chrono::NaiveDate;

use crate::error::AppError;
use crate::orders::types::{Contact, Fulfilment, OrderItem, PaymentMethod};
use crate::server::db::Db;
use crate::server::jobs::{ENQUEUE_SQL, Job};
use crate::{db_read, db_tx_if_ok};

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
    /// A product's supplier has switched its order intake off.
    Paused(String),
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
    supplier_id: Option<i64>,
    accepting: bool,
}

/// Places an order from a cart. `mail` builds the order's mails from the
/// order id, its items, each item's supplier and the total; they are
/// queued in the same transaction.
/// The order keeps its products' and variants' names in `records_in`, the
/// shop's own language (the other one where that is empty).
pub async fn place(
    db: &Db,
    order: &NewOrder,
    records_in: crate::i18n::Locale,
    mail: impl FnOnce(i64, &[OrderItem], &[Option<i64>], i64) -> Vec<Job>,
) -> Result<Result<Placed, PlaceProblem>, AppError> {
    let t = now();
    let lines_sql = format!(
        "SELECT ci.variant_id, p.id AS product_id, {} AS product_name, {} AS variant_name, \
                v.sku, v.price_minor, ci.quantity, ci.inscription, ci.notes, p.made_to_order, \
                p.lead_time_days, p.active, p.supplier_id, COALESCE(s.accepting_orders, TRUE) AS accepting \
         FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id \
         JOIN products p ON p.id = v.product_id LEFT JOIN suppliers s ON s.id = p.supplier_id \
         WHERE ci.cart_id = $1 ORDER BY ci.added_at, ci.id",
        crate::server::db::localized("p.name", records_in),
        crate::server::db::localized("v.name", records_in),
    );
    let lines_sql = lines_sql.as_str();
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
                let mut lines: Vec<Line> = sqlx::query_as(lines_sql)
                .bind(order.cart_id)
                .fetch_all(&mut *tx)
                .await?;
                if lines.is_empty() {
                    return Err(Fail::Refused(PlaceProblem::EmptyCart));
                }
                if let Some(l) = lines.iter().find(|l| !l.active) {
                    return Err(Fail::Refused(PlaceProblem::NotSold(l.product_name.clone())));
                }
                if let Some(l) = lines.iter().find(|l| !l.accepting) {
                    return Err(Fail::Refused(PlaceProblem::Paused(l.product_name.clone())));
                }
                let total: i64 = lines
                    .iter()
                    .map(|l| l.price_minor * i64::from(l.quantity))
                    .sum();
                if order.expected_total.is_some_and(|e| e != total) {
                    return Err(Fail::Refused(PlaceProblem::PriceChanged(total)));
                }
                let lead = lines.iter().map(|l| l.lead_time_days).max().unwrap_or(0);
                let earliest = crate::orders::schedule::earliest_date(order.today, lead);
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
                            unit_price_minor, quantity, inscription, notes, position, supplier_id) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
                    .bind(l.supplier_id)
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
                // What the order took from the shelves joins each variant's
                // stock history (the assortment's movements).
                for ((variant_id, store_id, left), (_, taken, _)) in stock.iter().zip(&by_variant) {
                    crate::record_movement!(tx, *variant_id, *store_id, -*taken, *left, Some(order_id), order.user_id, t);
                }
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
                let suppliers: Vec<Option<i64>> = lines.iter().map(|l| l.supplier_id).collect();
                for job in mail(order_id, &items, &suppliers, total) {
                    let (kind, payload) = crate::server::jobs::job_row(&job)?;
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
        Err(Fail::KeyTaken) => {
            // The same form placed at the same moment by another request
            // (PostgreSQL lets both look before either writes): that order.
            let id: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
                "SELECT id FROM orders WHERE idempotency_key = $1"
            )
            .bind(&order.idempotency_key)
            .fetch_optional(pool)
            .await)?;
            match id {
                Some(id) => Ok(Err(PlaceProblem::Duplicate(id))),
                None => Err(AppError::internal(
                    "an order's idempotency key",
                    "taken, yet no order has it",
                )),
            }
        }
        Err(Fail::Error(err)) => Err(err),
    }
}

/// Inside [`place`]'s transaction: a refusal (roll back, then answer it),
/// the form's key taken by a concurrent placement, or an error.
enum Fail {
    Refused(PlaceProblem),
    KeyTaken,
    Error(AppError),
}

impl From<sqlx::Error> for Fail {
    #[track_caller]
    fn from(err: sqlx::Error) -> Fail {
        // The only unique key this transaction can hit is the order's
        // idempotency key (the client record's is an upsert).
        if crate::error::is_unique_violation(&err) {
            Fail::KeyTaken
        } else {
            Fail::Error(err.into())
        }
    }
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

/// Stores with their opening hours, named in `locale`.
pub async fn stores_with_hours(
    db: &Db,
    locale: crate::i18n::Locale,
) -> Result<Vec<crate::orders::types::CheckoutStore>, sqlx::Error> {
    let sql = format!(
        "SELECT id, {}, {} FROM stores WHERE active ORDER BY position, name",
        crate::server::db::localized("name", locale),
        crate::server::db::localized("address", locale),
    );
    let stores: Vec<(i64, String, String)> =
        db_read!(db, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
    let hours: Vec<(i64, i32, String, String)> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT store_id, weekday, opens_at, closes_at FROM store_hours ORDER BY store_id, weekday"
    )
    .fetch_all(pool)
    .await
    })?;
    Ok(stores
        .into_iter()
        .map(|(id, name, address)| crate::orders::types::CheckoutStore {
            id,
            name,
            address,
            hours: hours
                .iter()
                .filter(|h| h.0 == id)
                .map(|h| crate::orders::schedule::OpeningHours {
                    weekday: h.1,
                    opens_at: h.2.clone(),
                    closes_at: h.3.clone(),
                })
                .collect(),
        })
        .collect())
}
