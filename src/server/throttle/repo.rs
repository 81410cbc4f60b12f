//! SQL of the attempt counters (`throttle_hits`).

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use crate::server::db::Db;
use crate::{db_read, db_write};

/// Counts one attempt in `bucket`'s window starting at `window_start`;
/// answers the window's attempts so far, this one included. One statement,
/// atomic on both engines: two instances counting at once both count.
pub async fn hit(db: &Db, bucket: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query_scalar(
        "INSERT INTO throttle_hits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = throttle_hits.hits + 1 \
         RETURNING hits"
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(pool)
    .await)
}

/// The attempts counted in `bucket`'s window, without counting one.
pub async fn hits(db: &Db, bucket: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    let n: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT hits FROM throttle_hits WHERE bucket = $1 AND window_start = $2"
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_optional(pool)
    .await)?;
    Ok(n.unwrap_or(0))
}

/// Forgets windows that started before `before`.
pub async fn forget_before(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "DELETE FROM throttle_hits WHERE window_start < $1"
    )
    .bind(before)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
}
