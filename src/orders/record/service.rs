//! The order record's operations, one function each. The order page's
//! server functions (`api.rs`) and seed 002's REST routes (`routes.rs`)
//! both call them, after checking the caller's role and parsing the input
//! into domain types (`crate::domain`). A refusal the caller words in its
//! own language (a closed order, an unknown client) comes back as a value;
//! "no such order" is `NotFound` for every caller.

use super::repo;
use crate::error::AppError;
use crate::history::types::Actor;
use crate::server::db::Db;

pub use super::repo::{
    EditRefusal, LineOp, LineRefusal, OrderPatch, RecordItem, RecordQuery, RecordRow, SimpleOrder,
};

/// Order `id` with its lines.
pub async fn record(db: &Db, id: i64) -> Result<(RecordRow, Vec<RecordItem>), AppError> {
    repo::record(db, id).await?.ok_or(AppError::NotFound)
}

/// A page of orders, then the lines of those orders.
pub async fn records(
    db: &Db,
    q: &RecordQuery,
) -> Result<(Vec<RecordRow>, Vec<RecordItem>), AppError> {
    Ok(repo::records(db, q).await?)
}

/// Makes a one-line order (a phone order, or one sent through the API):
/// `None` when its client does not exist.
pub async fn create(db: &Db, order: &SimpleOrder, by: Actor) -> Result<Option<i64>, AppError> {
    repo::create_simple(db, order, by.user, by.source).await
}

/// Applies `patch` to order `id`, its changes recorded in the history in the
/// same transaction. Refused (nothing written): an unknown client, line
/// fields on an order of several lines, a total too large.
pub async fn edit(
    db: &Db,
    id: i64,
    patch: &OrderPatch,
    by: Actor,
) -> Result<Result<(), EditRefusal>, AppError> {
    match repo::edit_record(db, id, patch, by.user, by.source).await? {
        Ok(_) => Ok(Ok(())),
        Err(EditRefusal::NotFound) => Err(AppError::NotFound),
        Err(refusal) => Ok(Err(refusal)),
    }
}

/// Adds, changes or removes a line of order `id` and works its total out
/// again in the same transaction: the new total, or why not.
pub async fn change_line(
    db: &Db,
    id: i64,
    op: &LineOp,
    by: Actor,
) -> Result<Result<i64, LineRefusal>, AppError> {
    match repo::change_line(db, id, op, by.user, by.source).await? {
        Ok(total) => Ok(Ok(total)),
        Err(LineRefusal::NotFound) => Err(AppError::NotFound),
        Err(refusal) => Ok(Err(refusal)),
    }
}

/// Deletes order `id` with its lines, timeline and payments; the deletion is
/// recorded in the history.
pub async fn delete(db: &Db, id: i64, by: Actor) -> Result<(), AppError> {
    if repo::delete_record(db, id, by.user, by.source).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
