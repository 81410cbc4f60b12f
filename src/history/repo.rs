//! SQL of the change history. Writers insert with [`INSERT`] inside their
//! own transaction (the change and its record commit together).

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::types::{Entity, HistoryEntry};
use crate::db_read;
use crate::server::db::Db;

/// `$1` entity, `$2` entity id, `$3` field, `$4` old, `$5` new, `$6` user id,
/// `$7` source, `$8` at (Unix seconds).
pub const INSERT: &str = "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, user_id, source, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    user_id: Option<i64>,
    user_name: Option<String>,
    source: String,
    at: i64,
}

/// The history of one order or client, oldest first.
pub async fn of(db: &Db, entity: Entity, id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows: Vec<Row> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT h.id, h.field, h.old_value, h.new_value, h.user_id, u.name AS user_name, h.source, h.at \
         FROM change_log h LEFT JOIN users u ON u.id = h.user_id \
         WHERE h.entity = $1 AND h.entity_id = $2 ORDER BY h.id"
    )
    .bind(entity.code())
    .bind(id)
    .fetch_all(pool)
    .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            id: r.id,
            field: r.field,
            old: r.old_value,
            new: r.new_value,
            user_id: r.user_id,
            user_name: r.user_name,
            source: r.source,
            at: r.at,
        })
        .collect())
}

/// Writes `changes` of `entity` `id` inside the transaction `$tx`.
#[macro_export]
macro_rules! record_changes {
    ($tx:expr, $entity:expr, $id:expr, $changes:expr, $user:expr, $source:expr, $at:expr) => {
        for change in $changes {
            sqlx::query($crate::history::repo::INSERT)
                .bind($entity.code())
                .bind($id)
                .bind(&change.field)
                .bind(&change.old)
                .bind(&change.new)
                .bind($user)
                .bind($source.code())
                .bind($at)
                .execute(&mut *$tx)
                .await?;
        }
    };
}
