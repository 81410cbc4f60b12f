//! The clients' operations, one function each. The back office's server
//! functions (`api.rs`) and the REST routes (`routes.rs`) both call them,
//! after checking the caller's role and parsing the input into domain types
//! (`crate::domain`); other features reach the clients through them too
//! (the order page picks a client).

use super::repo;
use super::types::{Client, ClientPatch, ClientRow, ClientSort};
use crate::error::AppError;
use crate::history::types::Actor;
use crate::server::db::Db;

pub use super::repo::{EmailTaken, ListQuery, NewClient};

/// Makes a client, unless another client holds its email (each caller
/// words that in its own language); its history says who and through what.
pub async fn create(
    db: &Db,
    new: &NewClient,
    by: Actor,
) -> Result<Result<i64, EmailTaken>, AppError> {
    Ok(repo::create(db, new, by.user, by.source).await?)
}

/// Client `id`, or `NotFound`.
pub async fn get(db: &Db, id: i64) -> Result<Client, AppError> {
    repo::get(db, id).await?.ok_or(AppError::NotFound)
}

/// Seed 002's list: clients from `start_id`, matching every word, sorted.
pub async fn list(db: &Db, q: &ListQuery) -> Result<Vec<Client>, AppError> {
    Ok(repo::list(db, q).await?)
}

/// A page of the back office's clients table and the total that match.
pub async fn table(
    db: &Db,
    words: &[String],
    sort: ClientSort,
    desc: bool,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ClientRow>, i64), AppError> {
    Ok(repo::table(db, words, sort, desc, offset, limit).await?)
}

/// A client's orders, newest first (at most `limit`): `(id, placed at,
/// stage, stage kind, total)`, with their count and what was spent.
pub type ClientOrders = (Vec<(i64, i64, String, String, i64)>, i64, i64);

/// See [`ClientOrders`].
pub async fn orders_of(db: &Db, id: i64, limit: i64) -> Result<ClientOrders, AppError> {
    Ok(repo::orders_of(db, id, limit).await?)
}

/// Changes the fields `patch` names, unless the new email is another
/// client's; `NotFound` when there is no such client.
pub async fn edit(
    db: &Db,
    id: i64,
    patch: &ClientPatch,
    by: Actor,
) -> Result<Result<(), EmailTaken>, AppError> {
    match repo::edit(db, id, patch, by.user, by.source).await? {
        Ok(_) => Ok(Ok(())),
        Err(repo::EditRefusal::NotFound) => Err(AppError::NotFound),
        Err(repo::EditRefusal::EmailTaken(taken)) => Ok(Err(taken)),
    }
}

/// Why a client was kept: it has this many orders (orders are never removed
/// with their client). Each caller words it in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HasOrders(pub i64);

/// Deletes client `id` (`NotFound` when there is none), unless it has orders.
pub async fn delete(db: &Db, id: i64, by: Actor) -> Result<Result<(), HasOrders>, AppError> {
    match repo::delete(db, id, by.user, by.source).await? {
        Ok(()) => Ok(Ok(())),
        Err(repo::DeleteRefusal::NotFound) => Err(AppError::NotFound),
        Err(repo::DeleteRefusal::HasOrders(n)) => Ok(Err(HasOrders(n))),
    }
}
