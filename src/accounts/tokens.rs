//! One-time tokens sent by mail (email confirmation, password reset).
//!
//! A token is 32 random bytes, base64url; only its SHA-256 is stored, so a
//! leaked database does not leak working links. A token works once, before
//! it expires, for the purpose it was made for.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::server::db::Db;
use crate::server::jobs::Job;
use crate::{db_read, db_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmEmail,
    ResetPassword,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmEmail => "confirm_email",
            Purpose::ResetPassword => "reset_password",
        }
    }

    /// How long a link works.
    pub fn lifetime_secs(self) -> i64 {
        match self {
            Purpose::ConfirmEmail => 3 * 24 * 3600,
            Purpose::ResetPassword => 3600,
        }
    }
}

/// A fresh random token (what goes in the link).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for `token`.
pub fn digest(token: &str) -> String {
    let hash = Sha256::digest(token.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Stores a token for `user_id` and queues the mail that carries it, in one
/// transaction: either both happen or neither. `mail` builds the message
/// from the token.
pub async fn issue_and_mail(
    db: &Db,
    user_id: i64,
    purpose: Purpose,
    mail: impl FnOnce(&str) -> Job,
) -> Result<(), sqlx::Error> {
    let token = generate();
    let job = mail(&token);
    let (kind, payload) = job.to_row().map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let t = now();
    db_tx!(db, |tx| {
        sqlx::query(
            "INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(purpose.as_str())
        .bind(digest(&token))
        .bind(t + purpose.lifetime_secs())
        .bind(t)
        .execute(&mut *tx)
        .await?;
        sqlx::query(crate::server::jobs::ENQUEUE_SQL)
            .bind(kind)
            .bind(&payload)
            .bind(t)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// The user a still-valid token belongs to, without using it up (to show the
/// reset form only for a working link).
pub async fn peek(db: &Db, token: &str, purpose: Purpose) -> Result<Option<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT user_id FROM user_tokens WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3"
    )
    .bind(digest(token))
    .bind(purpose.as_str())
    .bind(now())
    .fetch_optional(pool)
    .await)
}

/// SQL that uses a token up inside a caller's transaction: binds the
/// digest, purpose and now; returns the user id, or no row when the token is
/// unknown, used, expired or for another purpose. Only one of two concurrent
/// uses gets the row.
pub const CONSUME_SQL: &str = "UPDATE user_tokens SET used_at = $3 \
     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
     RETURNING user_id";

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_only_their_digest_is_kept() {
        let a = super::generate();
        let b = super::generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(super::digest(&a).len(), 64);
        assert_ne!(super::digest(&a), a);
        assert_eq!(super::digest(&a), super::digest(&a));
    }
}
