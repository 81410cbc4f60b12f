//! SQL of the category tree's edits. Each change and its history rows
//! commit together; a refusal writes nothing.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::{Refusal, now};
use crate::catalog::admin::types::CategoryRow;
use crate::history::types::{Actor, Change, Entity, diff};
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, record_changes, reindex_product};

/// A category as typed, checked.
#[derive(Debug, Clone)]
pub struct CategoryInput {
    pub name: String,
    pub name_ru: String,
    pub slug: String,
    pub description: String,
    pub description_ru: String,
    pub parent_id: Option<i64>,
    pub position: i64,
}

/// Every category with the products (drafts too) filed directly in it.
pub async fn all(db: &Db) -> Result<Vec<CategoryRow>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
            "SELECT c.id, c.parent_id, c.slug, c.name, c.name_ru, c.description, c.description_ru, \
                CAST(c.position AS BIGINT) AS position, \
                (SELECT COUNT(*) FROM products p WHERE p.category_id = c.id) AS product_count \
         FROM categories c ORDER BY c.position, c.name",
        )
        .fetch_all(pool)
        .await
    })
}

/// Makes a category.
pub async fn create(
    db: &Db,
    c: &CategoryInput,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        if let Some(parent) = c.parent_id {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE id = $1")
                .bind(parent)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                break 'body Err(Refusal::Invalid("parent_id"));
            }
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1")
            .bind(&c.slug)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            break 'body Err(Refusal::Taken("slug"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (parent_id, slug, name, description, position, name_ru, description_ru) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(c.parent_id)
        .bind(&c.slug)
        .bind(&c.name)
        .bind(&c.description)
        .bind(c.position as i32)
        .bind(&c.name_ru)
        .bind(&c.description_ru)
        .fetch_one(&mut *tx)
        .await?;
        let changes = [Change {
            field: "created".into(),
            old: None,
            new: Some(if c.name.is_empty() {
                c.name_ru.clone()
            } else {
                c.name.clone()
            }),
        }];
        record_changes!(
            tx,
            Entity::Category,
            id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(id)
    }))
}

/// Renames, moves or reorders category `id`. Moving it under itself or under
/// one of its own descendants is refused (`Refusal::Loop`).
pub async fn update(
    db: &Db,
    id: i64,
    c: &CategoryInput,
    by: Actor,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let old: Option<CategoryRow> = sqlx::query_as(
            "SELECT id, parent_id, slug, name, name_ru, description, description_ru, \
                    CAST(position AS BIGINT) AS position, \
                    CAST(0 AS BIGINT) AS product_count FROM categories WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(old) = old else {
            break 'body Err(Refusal::NotFound);
        };
        // Walk up from the new parent: reaching `id` would close a loop.
        let mut at_parent = c.parent_id;
        let mut steps = 0;
        while let Some(p) = at_parent {
            if p == id {
                break 'body Err(Refusal::Loop);
            }
            let up: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT parent_id FROM categories WHERE id = $1")
                    .bind(p)
                    .fetch_optional(&mut *tx)
                    .await?;
            match up {
                None => break 'body Err(Refusal::Invalid("parent_id")),
                Some((next,)) => at_parent = next,
            }
            steps += 1;
            if steps > 64 {
                break 'body Err(Refusal::Loop);
            }
        }
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1 AND id <> $2")
                .bind(&c.slug)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            break 'body Err(Refusal::Taken("slug"));
        }
        sqlx::query(
            "UPDATE categories SET parent_id = $1, slug = $2, name = $3, description = $4, position = $5, \
                    name_ru = $6, description_ru = $7 WHERE id = $8",
        )
        .bind(c.parent_id)
        .bind(&c.slug)
        .bind(&c.name)
        .bind(&c.description)
        .bind(c.position as i32)
        .bind(&c.name_ru)
        .bind(&c.description_ru)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if old.name != c.name || old.name_ru != c.name_ru {
            // The category's names are in its products' search documents.
            let products: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM products WHERE category_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            for product in products {
                reindex_product!(tx, dialect, product);
            }
        }
        let mut changes = Vec::new();
        diff(&mut changes, "name", &old.name, &c.name);
        diff(&mut changes, "name_ru", &old.name_ru, &c.name_ru);
        diff(&mut changes, "slug", &old.slug, &c.slug);
        diff(
            &mut changes,
            "description",
            &old.description,
            &c.description,
        );
        diff(
            &mut changes,
            "description_ru",
            &old.description_ru,
            &c.description_ru,
        );
        let parent = |p: Option<i64>| p.map(|p| p.to_string()).unwrap_or_default();
        diff(
            &mut changes,
            "parent",
            &parent(old.parent_id),
            &parent(c.parent_id),
        );
        diff(
            &mut changes,
            "position",
            &old.position.to_string(),
            &c.position.to_string(),
        );
        record_changes!(
            tx,
            Entity::Category,
            id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(())
    }))
}

/// Deletes category `id` unless products or other categories are filed in
/// it (`Refusal::InUse` with how many of each).
pub async fn delete(db: &Db, id: i64, by: Actor) -> Result<Result<(), Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM categories WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else {
            break 'body Err(Refusal::NotFound);
        };
        let products: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE category_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let children: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE parent_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if products > 0 || children > 0 {
            break 'body Err(Refusal::InUse { products, children });
        }
        sqlx::query("DELETE FROM categories WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let changes = [Change {
            field: "deleted".into(),
            old: Some(name),
            new: None,
        }];
        record_changes!(
            tx,
            Entity::Category,
            id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(())
    }))
}
