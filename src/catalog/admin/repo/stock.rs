//! SQL of stock: a shelf's count changed with a reason, each change kept
//! as a movement (who, when, how many, why). Checkout's own takes are
//! recorded with [`record_movement!`] in its transaction.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::{Refusal, now};
use crate::catalog::admin::types::{Movement, StockReason};
use crate::history::types::{Actor, Change, Entity};
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, record_changes};

/// `$1` variant, `$2` store, `$3` change (signed), `$4` units after, `$5`
/// reason code, `$6` note, `$7` order, `$8` user, `$9` at (Unix seconds).
pub const INSERT_MOVEMENT: &str = "INSERT INTO stock_movements \
     (variant_id, store_id, delta, quantity_after, reason, note, order_id, user_id, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Records checkout's take of `$delta` (negative) units of `$variant` at
/// `$store`, leaving `$after`, for order `$order`, inside the transaction `$tx`.
#[macro_export]
macro_rules! record_movement {
    ($tx:expr, $variant:expr, $store:expr, $delta:expr, $after:expr, $order:expr, $user:expr, $at:expr) => {
        sqlx::query($crate::catalog::admin::repo::stock::INSERT_MOVEMENT)
            .bind($variant)
            .bind($store)
            .bind($delta as i32)
            .bind($after as i32)
            .bind($crate::catalog::admin::types::StockReason::Order.code())
            .bind("")
            .bind($order)
            .bind($user)
            .bind($at)
            .execute(&mut *$tx)
            .await?;
    };
}

/// How a person changes a shelf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub variant_id: i64,
    pub store_id: i64,
    pub reason: StockReason,
    /// Delivery: units that came; write-off: units that went; correction:
    /// the units counted on the shelf.
    pub quantity: i64,
    pub note: String,
}

/// Applies `a`; returns the product and the units now on the shelf.
pub async fn adjust(
    db: &Db,
    a: &Adjustment,
    by: Actor,
) -> Result<Result<(i64, i64), Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let variant: Option<(i64, String)> =
            sqlx::query_as("SELECT product_id, sku FROM product_variants WHERE id = $1")
                .bind(a.variant_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((product_id, sku)) = variant else {
            break 'body Err(Refusal::NotFound);
        };
        let store: Option<String> = sqlx::query_scalar("SELECT name FROM stores WHERE id = $1")
            .bind(a.store_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(store) = store else {
            break 'body Err(Refusal::Invalid("store_id"));
        };
        let have: Option<i32> = sqlx::query_scalar(
            "SELECT quantity FROM stock WHERE variant_id = $1 AND store_id = $2",
        )
        .bind(a.variant_id)
        .bind(a.store_id)
        .fetch_optional(&mut *tx)
        .await?;
        let have = i64::from(have.unwrap_or(0));
        let after = match a.reason {
            StockReason::Delivery => have + a.quantity,
            StockReason::WriteOff => {
                if a.quantity > have {
                    break 'body Err(Refusal::NotEnough { have });
                }
                have - a.quantity
            }
            StockReason::Correction => a.quantity,
            StockReason::Order => break 'body Err(Refusal::Invalid("reason")),
        };
        if after > i64::from(i32::MAX) {
            break 'body Err(Refusal::Invalid("quantity"));
        }
        let delta = after - have;
        sqlx::query(
            "INSERT INTO stock (variant_id, store_id, quantity) VALUES ($1, $2, $3) \
             ON CONFLICT (variant_id, store_id) DO UPDATE SET quantity = excluded.quantity",
        )
        .bind(a.variant_id)
        .bind(a.store_id)
        .bind(after as i32)
        .execute(&mut *tx)
        .await?;
        sqlx::query(INSERT_MOVEMENT)
            .bind(a.variant_id)
            .bind(a.store_id)
            .bind(delta as i32)
            .bind(after as i32)
            .bind(a.reason.code())
            .bind(&a.note)
            .bind(None::<i64>)
            .bind(by.user)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        let changes = [Change::new(
            &format!("stock:{sku}@{store}"),
            have.to_string(),
            after.to_string(),
        )];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok((product_id, after))
    }))
}

/// The newest movements of product `product_id`'s variants (at most `limit`).
pub async fn movements(db: &Db, product_id: i64, limit: i64) -> Result<Vec<Movement>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT m.id, m.variant_id, v.sku, s.name AS store_name, CAST(m.delta AS BIGINT) AS delta, \
                CAST(m.quantity_after AS BIGINT) AS quantity_after, m.reason, m.note, m.order_id, \
                u.name AS user_name, m.at \
         FROM stock_movements m JOIN product_variants v ON v.id = m.variant_id \
         JOIN stores s ON s.id = m.store_id LEFT JOIN users u ON u.id = m.user_id \
         WHERE v.product_id = $1 ORDER BY m.id DESC LIMIT $2"
    )
    .bind(product_id)
    .bind(limit)
    .fetch_all(pool)
    .await)
}
