//! SQL of product photos: added (already re-encoded), reordered, deleted.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::{Refusal, now};
use crate::history::types::{Actor, Change, Entity};
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, record_changes};

pub async fn image_ids(db: &Db, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)
}

/// Adds a photo (already re-encoded) to product `product_id`, last.
pub async fn add_image(
    db: &Db,
    product_id: i64,
    content_type: &str,
    bytes: &[u8],
    thumb: Option<&[u8]>,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            break 'body Err(Refusal::NotFound);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO product_images (product_id, position, content_type, bytes, thumb) \
             VALUES ($1, (SELECT COALESCE(MAX(position) + 1, 0) FROM product_images WHERE product_id = $1), $2, $3, $4) \
             RETURNING id",
        )
        .bind(product_id)
        .bind(content_type)
        .bind(bytes)
        .bind(thumb)
        .fetch_one(&mut *tx)
        .await?;
        let changes = [Change {
            field: "photo_added".into(),
            old: None,
            new: Some(id.to_string()),
        }];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(id)
    }))
}

/// Where a photo moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoMove {
    /// Becomes the main photo.
    First,
    Earlier,
    Later,
    Delete,
}

/// Moves or deletes photo `id`; returns its product.
pub async fn change_image(
    db: &Db,
    id: i64,
    how: PhotoMove,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let product: Option<i64> =
            sqlx::query_scalar("SELECT product_id FROM product_images WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(product_id) = product else {
            break 'body Err(Refusal::NotFound);
        };
        let mut order: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(product_id)
        .fetch_all(&mut *tx)
        .await?;
        let Some(at_index) = order.iter().position(|i| *i == id) else {
            break 'body Err(Refusal::NotFound);
        };
        let field = match how {
            PhotoMove::Delete => {
                order.remove(at_index);
                sqlx::query("DELETE FROM product_images WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                "photo_deleted"
            }
            PhotoMove::First => {
                let photo = order.remove(at_index);
                order.insert(0, photo);
                "photo_main"
            }
            PhotoMove::Earlier => {
                if at_index > 0 {
                    order.swap(at_index, at_index - 1);
                }
                "photo_moved"
            }
            PhotoMove::Later => {
                if at_index + 1 < order.len() {
                    order.swap(at_index, at_index + 1);
                }
                "photo_moved"
            }
        };
        for (position, photo) in order.iter().enumerate() {
            sqlx::query("UPDATE product_images SET position = $1 WHERE id = $2 AND position <> $1")
                .bind(position as i32)
                .bind(*photo)
                .execute(&mut *tx)
                .await?;
        }
        let changes = [Change {
            field: field.into(),
            old: None,
            new: Some(id.to_string()),
        }];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(product_id)
    }))
}
