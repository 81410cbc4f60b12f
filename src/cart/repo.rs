//! SQL for carts. The only place that reads or writes `carts` and `cart_items`.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::types::{CartLine, MAX_LINES, MAX_QUANTITY};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::db::Db;
use crate::server::db::localized;
use crate::{db_read, db_tx, db_write};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The cart of a signed-in user, made on first use.
pub async fn user_cart(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query_scalar(
        "INSERT INTO carts (user_id, updated_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at RETURNING id"
    )
    .bind(user_id)
    .bind(now())
    .fetch_one(pool)
    .await)
}

/// The signed-in user's cart if it exists (reading never makes one).
pub async fn find_user_cart(db: &Db, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM carts WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)
}

/// Whether `cart_id` is a guest cart that still exists.
pub async fn guest_cart_exists(db: &Db, cart_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM carts WHERE id = $1 AND user_id IS NULL"
    )
    .bind(cart_id)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

pub async fn new_guest_cart(db: &Db) -> Result<i64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query_scalar(
        "INSERT INTO carts (user_id, updated_at) VALUES (NULL, $1) RETURNING id"
    )
    .bind(now())
    .fetch_one(pool)
    .await)
}

/// Units in a cart (the header's badge).
pub async fn count(db: &Db, cart_id: i64) -> Result<i64, sqlx::Error> {
    let n: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT CAST(SUM(quantity) AS BIGINT) FROM cart_items WHERE cart_id = $1"
    )
    .bind(cart_id)
    .fetch_one(pool)
    .await)?;
    Ok(n.unwrap_or(0))
}

/// A cart's lines, the product and variant named in `locale`.
fn line_sql(locale: Locale) -> String {
    format!(
        "SELECT ci.id, ci.variant_id, p.slug AS product_slug, {} AS product_name, \
            {} AS variant_name, v.price_minor AS unit_price_minor, ci.quantity, ci.inscription, ci.notes, \
            p.made_to_order, p.lead_time_days, \
            COALESCE((SELECT SUM(s.quantity) FROM stock s JOIN stores st ON st.id = s.store_id \
                      WHERE s.variant_id = v.id AND st.active), 0) AS stock, \
            (SELECT MIN(i.id) FROM product_images i WHERE i.product_id = p.id) AS image_id, \
            p.active \
         FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id \
         JOIN products p ON p.id = v.product_id \
         WHERE ci.cart_id = $1 ORDER BY ci.added_at, ci.id",
        localized("p.name", locale),
        localized("v.name", locale),
    )
}

pub async fn lines(db: &Db, cart_id: i64, locale: Locale) -> Result<Vec<CartLine>, sqlx::Error> {
    let sql = line_sql(locale);
    db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(cart_id)
        .fetch_all(pool)
        .await)
}

/// What add-to-cart needs to know about a variant: (made to order, active,
/// units on the shelves of every open store).
#[derive(Debug, sqlx::FromRow)]
struct VariantState {
    made_to_order: bool,
    active: bool,
    stock: i64,
    name: String,
    accepting: bool,
}

const VARIANT_STATE_SQL: &str = "SELECT p.made_to_order, p.active, \
        CASE WHEN p.name <> '' THEN p.name ELSE p.name_ru END AS name, \
        COALESCE((SELECT SUM(s.quantity) FROM stock s JOIN stores st ON st.id = s.store_id \
                  WHERE s.variant_id = v.id AND st.active), 0) AS stock, \
        COALESCE(sp.accepting_orders, TRUE) AS accepting \
     FROM product_variants v JOIN products p ON p.id = v.product_id \
     LEFT JOIN suppliers sp ON sp.id = p.supplier_id WHERE v.id = $1";

/// Why an add or a change was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CartProblem {
    UnknownVariant,
    /// The product's supplier takes no orders now (its name).
    Paused(String),
    /// The shelves hold only this many (what the cart may hold in all).
    OnlyLeft(i64, String),
    TooMany,
    TooManyLines,
    UnknownLine,
}

/// Adds `quantity` of a variant (merging with an identical line), checking
/// the stock, in one transaction.
pub async fn add(
    db: &Db,
    cart_id: i64,
    variant_id: i64,
    quantity: i32,
    inscription: &str,
    notes: &str,
) -> Result<Result<(), CartProblem>, AppError> {
    let t = now();
    let outcome = db_tx!(db, |tx| {
        let variant: Option<VariantState> = sqlx::query_as(VARIANT_STATE_SQL)
            .bind(variant_id)
            .fetch_optional(&mut *tx)
            .await?;
        match variant {
            None => Err(CartProblem::UnknownVariant),
            Some(v) if !v.active => Err(CartProblem::UnknownVariant),
            Some(v) if !v.accepting => Err(CartProblem::Paused(v.name)),
            Some(v) => {
                // Everything of this variant already in the cart counts against the stock.
                let in_cart: Option<i64> = sqlx::query_scalar(
                    "SELECT CAST(SUM(quantity) AS BIGINT) FROM cart_items WHERE cart_id = $1 AND variant_id = $2",
                )
                .bind(cart_id)
                .bind(variant_id)
                .fetch_one(&mut *tx)
                .await?;
                let same_line: Option<i32> = sqlx::query_scalar(
                    "SELECT quantity FROM cart_items WHERE cart_id = $1 AND variant_id = $2 \
                     AND inscription = $3 AND notes = $4",
                )
                .bind(cart_id)
                .bind(variant_id)
                .bind(inscription)
                .bind(notes)
                .fetch_optional(&mut *tx)
                .await?;
                let line_count: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM cart_items WHERE cart_id = $1")
                        .bind(cart_id)
                        .fetch_one(&mut *tx)
                        .await?;
                let wanted_total = in_cart.unwrap_or(0) + i64::from(quantity);
                if same_line.unwrap_or(0) + quantity > MAX_QUANTITY {
                    Err(CartProblem::TooMany)
                } else if same_line.is_none() && line_count as usize >= MAX_LINES {
                    Err(CartProblem::TooManyLines)
                } else if !v.made_to_order && wanted_total > v.stock {
                    Err(CartProblem::OnlyLeft(v.stock, v.name))
                } else {
                    sqlx::query(
                        "INSERT INTO cart_items (cart_id, variant_id, quantity, inscription, notes, added_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (cart_id, variant_id, inscription, notes) \
                         DO UPDATE SET quantity = cart_items.quantity + excluded.quantity",
                    )
                    .bind(cart_id)
                    .bind(variant_id)
                    .bind(quantity)
                    .bind(inscription)
                    .bind(notes)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1")
                        .bind(cart_id)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                    Ok(())
                }
            }
        }
    });
    Ok(outcome)
}

/// Sets a line's quantity (0 removes it), checking the stock.
pub async fn set_quantity(
    db: &Db,
    cart_id: i64,
    line_id: i64,
    quantity: i32,
) -> Result<Result<(), CartProblem>, AppError> {
    let outcome = db_tx!(db, |tx| {
        let line: Option<(i64, i32)> = sqlx::query_as(
            "SELECT variant_id, quantity FROM cart_items WHERE id = $1 AND cart_id = $2",
        )
        .bind(line_id)
        .bind(cart_id)
        .fetch_optional(&mut *tx)
        .await?;
        match line {
            None => Err(CartProblem::UnknownLine),
            Some(_) if quantity == 0 => {
                sqlx::query("DELETE FROM cart_items WHERE id = $1 AND cart_id = $2")
                    .bind(line_id)
                    .bind(cart_id)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            }
            Some((variant_id, old)) => {
                let v: VariantState = sqlx::query_as(VARIANT_STATE_SQL)
                    .bind(variant_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let in_cart: Option<i64> = sqlx::query_scalar(
                    "SELECT CAST(SUM(quantity) AS BIGINT) FROM cart_items WHERE cart_id = $1 AND variant_id = $2",
                )
                .bind(cart_id)
                .bind(variant_id)
                .fetch_one(&mut *tx)
                .await?;
                let wanted_total = in_cart.unwrap_or(0) - i64::from(old) + i64::from(quantity);
                // Lowering a quantity is always allowed; raising it needs the
                // stock, and a supplier that takes orders.
                if quantity > old && !v.accepting {
                    Err(CartProblem::Paused(v.name))
                } else if !v.made_to_order && quantity > old && wanted_total > v.stock {
                    Err(CartProblem::OnlyLeft(v.stock, v.name))
                } else {
                    sqlx::query(
                        "UPDATE cart_items SET quantity = $3 WHERE id = $1 AND cart_id = $2",
                    )
                    .bind(line_id)
                    .bind(cart_id)
                    .bind(quantity)
                    .execute(&mut *tx)
                    .await?;
                    Ok(())
                }
            }
        }
    });
    Ok(outcome)
}

/// Moves a guest cart's lines into a user's cart (quantities of identical
/// lines add up, capped at the maximum) and deletes the guest cart.
pub async fn merge(db: &Db, guest_cart: i64, user_cart: i64) -> Result<(), AppError> {
    db_tx!(db, |tx| {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM carts WHERE id = $1 AND user_id IS NULL")
                .bind(guest_cart)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            sqlx::query(
                "INSERT INTO cart_items (cart_id, variant_id, quantity, inscription, notes, added_at) \
                 SELECT $2, variant_id, quantity, inscription, notes, added_at FROM cart_items WHERE cart_id = $1 \
                 ON CONFLICT (cart_id, variant_id, inscription, notes) \
                 DO UPDATE SET quantity = CASE WHEN cart_items.quantity + excluded.quantity > 99 \
                 THEN 99 ELSE cart_items.quantity + excluded.quantity END",
            )
            .bind(guest_cart)
            .bind(user_cart)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM carts WHERE id = $1")
                .bind(guest_cart)
                .execute(&mut *tx)
                .await?;
        }
    });
    Ok(())
}

/// Deletes guest carts nobody touched for `max_age_secs`.
pub async fn delete_stale_guest_carts(db: &Db, max_age_secs: i64) -> Result<u64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "DELETE FROM carts WHERE user_id IS NULL AND updated_at < $1"
    )
    .bind(now() - max_age_secs)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
}
