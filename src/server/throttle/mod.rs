//! Throttling: at most `limit` attempts per bucket in any window's length
//! (a sign-in per account and address, a reset link per address, …),
//! counted as a sliding window: this window's attempts plus the previous
//! window's, weighted by how much of it is still within the last `window`.
//! (Fixed windows alone let twice the quota through around each boundary.)
//!
//! The counters live in the database (`throttle_hits`, one upsert per
//! attempt), not in the instance's memory: several instances on one
//! PostgreSQL database share the quota (in memory, two instances allowed
//! twice the attempts), and a restart does not reset it. The in-memory
//! limiters (`governor`) cannot share state between processes, which is
//! the whole point here; attempts are rare (sign-ins, resets, sign-ups,
//! uploads), so a write each costs nothing that matters.

use std::time::Duration;

use crate::server::db::Db;

mod repo;

/// One kind of attempt and its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The bucket's prefix (`login:pair`, `register:ip`, …).
    pub name: &'static str,
    /// Attempts allowed per window.
    pub limit: u32,
    /// The window's length.
    pub window: Duration,
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Limit {
    fn window_secs(&self) -> i64 {
        i64::try_from(self.window.as_secs())
            .unwrap_or(i64::MAX)
            .max(1)
    }

    /// The window `at` falls in, and how long until it ends.
    fn window_at(&self, at: i64) -> (i64, Duration) {
        let w = self.window_secs();
        let start = at - at.rem_euclid(w);
        let left = u64::try_from(start + w - at).unwrap_or(1).max(1);
        (start, Duration::from_secs(left))
    }

    fn bucket(&self, key: &str) -> String {
        // Keys are emails and addresses: bounded so nobody fills the table
        // with megabyte-long keys.
        let key: String = key.chars().take(200).collect();
        format!("{}:{key}", self.name)
    }

    /// Counts one attempt for `key`; `Some(wait)` when this attempt is over
    /// the quota: try again after `wait` (a refused attempt is counted all
    /// the same: hammering keeps the bucket closed).
    pub async fn spend(&self, db: &Db, key: &str) -> Result<Option<Duration>, sqlx::Error> {
        let at = now();
        let (start, left) = self.window_at(at);
        let bucket = self.bucket(key);
        let current = repo::hit(db, &bucket, start).await?;
        let limit = i64::from(self.limit);
        if current > limit {
            return Ok(Some(left));
        }
        let previous = repo::hits(db, &bucket, start - self.window_secs()).await?;
        Ok(self.refusal(previous, current, at - start))
    }

    /// The wait for an attempt that made `current` in this window, `elapsed`
    /// seconds into it, after `previous` in the window before; `None`: allowed.
    fn refusal(&self, previous: i64, current: i64, elapsed: i64) -> Option<Duration> {
        // previous × (1 − e/w) + current ≤ limit, times w: in whole numbers.
        let w = self.window_secs();
        let limit = i64::from(self.limit);
        if previous * (w - elapsed) + current * w <= limit * w {
            return None;
        }
        // Allowed again from e ≥ w × (1 − (limit − current) / previous).
        let until = if previous > 0 && current <= limit {
            (w * (previous - (limit - current)) + previous - 1) / previous
        } else {
            w + w
        };
        Some(Duration::from_secs(
            u64::try_from(until - elapsed).unwrap_or(1).max(1),
        ))
    }
}

/// Forgets the counters of windows that ended more than a day ago, every
/// ten minutes, for as long as the process runs.
pub fn spawn_cleanup(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(err) = repo::forget_before(&db, now() - 2 * 86_400).await {
                tracing::warn!(error = %err, "could not forget old throttle counters");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_and_say_how_long_is_left() {
        let l = Limit {
            name: "t",
            limit: 1,
            window: Duration::from_secs(60),
        };
        assert_eq!(l.window_at(120), (120, Duration::from_secs(60)));
        assert_eq!(l.window_at(179), (120, Duration::from_secs(1)));
        assert_eq!(l.window_at(-1), (-60, Duration::from_secs(1)));
        assert_eq!(l.bucket(&"x".repeat(500)).len(), 2 + 200);
    }

    #[test]
    fn the_previous_window_counts_for_what_is_left_of_it() {
        let l = Limit {
            name: "t",
            limit: 3,
            window: Duration::from_secs(60),
        };
        // Three attempts at the end of one window, the fourth just after
        // the boundary: refused (fixed windows would let it through).
        assert!(l.refusal(3, 1, 1).is_some());
        // Allowed once enough of the old window has slid away:
        // 3 × (1 − e/60) + 1 ≤ 3 from e = 20 s.
        assert_eq!(l.refusal(3, 1, 5), Some(Duration::from_secs(15)));
        assert_eq!(l.refusal(3, 1, 20), None);
        assert_eq!(l.refusal(0, 3, 0), None);
        assert!(l.refusal(0, 4, 0).is_some());
    }
}
