//! SQL of the REST API's refresh tokens: which were used, which families
//! were revoked.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use crate::db_tx;
use crate::server::db::Db;

/// What trading refresh token `jti` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trade {
    /// First use: recorded; a new pair may be issued.
    Fresh,
    /// Used before (or its family was revoked): refused, and the family is
    /// revoked from now on.
    Reused,
}

/// Records the use of refresh token `jti` of `family` (valid until
/// `expires_at`), once: a second use revokes the family. One transaction;
/// two trades of one token at once: one is `Fresh`, the other `Reused`.
pub async fn trade(
    db: &Db,
    jti: &str,
    family: &str,
    expires_at: i64,
    now: i64,
) -> Result<Trade, sqlx::Error> {
    let outcome = db_tx!(db, |tx| {
        sqlx::query("DELETE FROM api_refresh_used WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM api_refresh_revoked WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let revoked: Option<String> =
            sqlx::query_scalar("SELECT family FROM api_refresh_revoked WHERE family = $1")
                .bind(family)
                .fetch_optional(&mut *tx)
                .await?;
        let inserted = sqlx::query(
            "INSERT INTO api_refresh_used (jti, family, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (jti) DO NOTHING",
        )
        .bind(jti)
        .bind(family)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if revoked.is_some() || inserted == 0 {
            sqlx::query(
                "INSERT INTO api_refresh_revoked (family, expires_at) VALUES ($1, $2) \
                 ON CONFLICT (family) DO NOTHING",
            )
            .bind(family)
            // A family lives at most as long as a token made now would.
            .bind(now + crate::accounts::jwt::REFRESH_SECONDS)
            .execute(&mut *tx)
            .await?;
            Trade::Reused
        } else {
            Trade::Fresh
        }
    });
    Ok(outcome)
}
