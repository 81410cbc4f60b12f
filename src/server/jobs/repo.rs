//! SQL of the job queue (`jobs`) and of the outbox it delivers to when no
//! SMTP server is configured.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::time::Duration;

use super::{Job, backoff};
use crate::server::db::{Db, Dialect};
use crate::{db_read, db_write};

/// Queues a job inside a caller's transaction (so the job exists exactly
/// when the change that caused it does): binds kind, payload, now.
pub const ENQUEUE_SQL: &str =
    "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $3) RETURNING id";

/// `(kind, payload)` of `job`, for [`ENQUEUE_SQL`] inside a caller's
/// transaction (a repo's).
pub fn job_row(job: &Job) -> Result<(&'static str, String), sqlx::Error> {
    job.to_row().map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// A job's state, for admins and tests.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    pub done_at: Option<i64>,
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Adds a job, due now.
pub async fn enqueue(db: &Db, job: &Job) -> Result<i64, sqlx::Error> {
    let (kind, payload) = job_row(job)?;
    let t = now();
    db_write!(db, |pool| sqlx::query_scalar(ENQUEUE_SQL)
        .bind(kind)
        .bind(&payload)
        .bind(t)
        .fetch_one(pool)
        .await)
}

pub async fn job(db: &Db, id: i64) -> Result<JobRow, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, kind, attempts, max_attempts, last_error, done_at FROM jobs WHERE id = $1"
    )
    .bind(id)
    .fetch_one(pool)
    .await)
}

/// Claims the next due job (at most one worker gets each) for `lease`.
pub(super) async fn claim(
    db: &Db,
    lease: Duration,
) -> Result<Option<(i64, String, i32)>, sqlx::Error> {
    let t = now();
    // PostgreSQL: several instances poll at once; SKIP LOCKED hands each its
    // own row. SQLite: one writer, so the UPDATE is atomic as it stands.
    let lock = match db.dialect() {
        Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs \
                     WHERE done_at IS NULL AND run_at <= $2 AND attempts < max_attempts \
                       AND (locked_until IS NULL OR locked_until < $2) \
                     ORDER BY run_at, id LIMIT 1 {lock}) \
         RETURNING id, payload, attempts"
    );
    db_write!(db, |pool| sqlx::query_as(&sql)
        .bind(t + lease.as_secs() as i64)
        .bind(t)
        .fetch_optional(pool)
        .await)
}

pub(super) async fn finish(
    db: &Db,
    id: i64,
    outcome: Result<(), String>,
    attempts: i32,
) -> Result<(), sqlx::Error> {
    match outcome {
        Ok(()) => {
            db_write!(db, |pool| sqlx::query(
                "UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2"
            )
            .bind(now())
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()))
        }
        Err(error) => {
            let retry_at = now() + backoff(attempts).as_secs() as i64;
            db_write!(db, |pool| sqlx::query(
                "UPDATE jobs SET locked_until = NULL, last_error = $1, run_at = $2 WHERE id = $3"
            )
            .bind(error)
            .bind(retry_at)
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()))
        }
    }
}

/// Keeps a message in the outbox (admins read it at `/admin/outbox`).
pub async fn add_to_outbox(
    db: &Db,
    to: &str,
    subject: &str,
    body_text: &str,
) -> Result<(), sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "INSERT INTO outbox (to_address, subject, body_text, created_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(to)
    .bind(subject)
    .bind(body_text)
    .bind(chrono::Utc::now().timestamp())
    .execute(pool)
    .await
    .map(|_| ()))
}
