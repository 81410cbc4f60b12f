//! SQL of online payments: an attempt per order, settled once.

use super::now;
use crate::db_read;
use crate::error::AppError;
use crate::server::db::Db;

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
