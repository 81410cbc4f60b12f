//! The change history of orders, clients, products and categories: who changed which field, when,
//! from what, to what, and through what (the back office, the REST API, the
//! production board). Rows are written by the repos that make the changes,
//! in the same transaction (`repo::INSERT`); stage moves keep their own
//! table (`order_stage_events`) and join the timeline when it is shown.
//!
//! Shape: `types.rs` (shared with the browser), `repo.rs` (SQL), and
//! `of`, how the other features read a record's history.

pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;

/// The history of one order or client, newest first.
#[cfg(feature = "ssr")]
pub async fn of(
    db: &crate::server::db::Db,
    entity: types::Entity,
    id: i64,
) -> Result<Vec<types::HistoryEntry>, crate::error::AppError> {
    Ok(repo::of(db, entity, id).await?)
}
