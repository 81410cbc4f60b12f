//! SQL of the shopper's orders: the history, one order with its items and
//! timeline, and ordering it again.

use super::now;
use crate::orders::types::{OrderItem, OrderSummary, StageEvent};
use crate::server::db::Db;
use crate::{db_read, db_write};

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
