//! A small persistent job queue in the database: slow or fallible work
//! (mail, later imports and exports) is written as a row in the same
//! database, and a worker in every app instance runs it, retrying with
//! exponential backoff. A failing mail server never loses a message and never
//! breaks the request that caused it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::db::{Db, Dialect};
use super::mail::{Mailer, OutgoingMail};
use crate::{db_read, db_write};

/// Work to do later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    SendMail(OutgoingMail),
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::SendMail(_) => "send_mail",
        }
    }

    /// `(kind, payload)`, for [`ENQUEUE_SQL`] inside a caller's transaction.
    pub fn to_row(&self) -> Result<(&'static str, String), serde_json::Error> {
        Ok((self.kind(), serde_json::to_string(self)?))
    }
}

/// Queues a job inside a caller's transaction (so the job exists exactly
/// when the change that caused it does): binds kind, payload, now.
pub const ENQUEUE_SQL: &str =
    "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $3) RETURNING id";

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

/// How long to wait after the `attempts`-th failure: 5 s, 10 s, 20 s, … at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let secs = 5u64.saturating_mul(1u64 << attempts.clamp(1, 20).saturating_sub(1));
    Duration::from_secs(secs.min(3600))
}

/// Adds a job, due now.
pub async fn enqueue(db: &Db, job: &Job) -> Result<i64, sqlx::Error> {
    let (kind, payload) = job.to_row().map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
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
async fn claim(db: &Db, lease: Duration) -> Result<Option<(i64, String, i32)>, sqlx::Error> {
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

async fn finish(
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

/// Runs every job that is due now; returns how many ran (succeeded or not).
pub async fn run_due(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let mut ran = 0;
    while let Some((id, payload, attempts)) = claim(db, Duration::from_secs(120)).await? {
        let outcome = match serde_json::from_str::<Job>(&payload) {
            Ok(Job::SendMail(mail)) => mailer.deliver(db, &mail).await,
            Err(e) => Err(format!("unreadable job: {e}")),
        };
        if let Err(error) = &outcome {
            tracing::warn!(job_id = id, attempts, error = %error, "job failed; will retry");
        }
        finish(db, id, outcome, attempts).await?;
        ran += 1;
    }
    Ok(ran)
}

/// The background worker: polls for due jobs until the process ends.
pub fn spawn_worker(db: Db, mailer: Mailer, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if db.is_closed() {
                return;
            }
            if let Err(err) = run_due(&db, &mailer).await {
                tracing::warn!(error = %err, "job worker: database error");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(5));
        assert_eq!(backoff(2), Duration::from_secs(10));
        assert_eq!(backoff(5), Duration::from_secs(80));
        assert_eq!(backoff(30), Duration::from_secs(3600));
    }
}
