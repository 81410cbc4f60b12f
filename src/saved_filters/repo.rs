//! SQL of saved filter sets. Every query is scoped to its user: nobody
//! reads, replaces or deletes another user's sets.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::types::{FilterPage, SavedFilter};
use crate::server::db::Db;
use crate::{db_read, db_write};

/// A user's sets for one table, by name.
pub async fn list(
    db: &Db,
    user_id: i64,
    page: FilterPage,
) -> Result<Vec<SavedFilter>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, name, query FROM saved_filters WHERE user_id = $1 AND page = $2 ORDER BY name, id"
    )
    .bind(user_id)
    .bind(page.code())
    .fetch_all(pool)
    .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, name, query)| SavedFilter { id, name, query })
        .collect())
}

/// Saves a set under `name`, replacing the user's set of that name on that
/// table; returns its id.
pub async fn save(
    db: &Db,
    user_id: i64,
    page: FilterPage,
    name: &str,
    query: &str,
) -> Result<i64, sqlx::Error> {
    let now = chrono::Utc::now().timestamp();
    db_write!(db, |pool| {
        sqlx::query_scalar(
        "INSERT INTO saved_filters (user_id, page, name, query, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, page, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at \
         RETURNING id"
    )
    .bind(user_id)
    .bind(page.code())
    .bind(name)
    .bind(query)
    .bind(now)
    .fetch_one(pool)
    .await
    })
}

/// Deletes one of the user's sets; false when the user has no such set.
pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = db_write!(db, |pool| sqlx::query(
        "DELETE FROM saved_filters WHERE id = $1 AND user_id = $2"
    )
    .bind(id)
    .bind(user_id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
