//! A small persistent job queue in the database: slow or fallible work
//! (mail, later imports and exports) is written as a row in the same
//! database, and a worker in every app instance runs it, retrying with
//! exponential backoff. A failing mail server never loses a message and never
//! breaks the request that caused it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

mod repo;

pub use repo::{ENQUEUE_SQL, JobRow, add_to_outbox, enqueue, job, job_row};
use repo::{claim, finish};

use super::db::Db;
use super::mail::{Mailer, OutgoingMail};

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

/// How long to wait after the `attempts`-th failure: 5 s, 10 s, 20 s, … at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let secs = 5u64.saturating_mul(1u64 << attempts.clamp(1, 20).saturating_sub(1));
    Duration::from_secs(secs.min(3600))
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
