//! SQL of the live-event hub: PostgreSQL's `NOTIFY`, which carries an event
//! to every other instance's `LISTEN` connection.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use sqlx::PgPool;

/// Sends `payload` on `channel` to every listening instance (delivered when
/// the statement's transaction commits; this one is its own).
pub async fn notify(pool: &PgPool, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(pool)
        .await
        .map(|_| ())
}
