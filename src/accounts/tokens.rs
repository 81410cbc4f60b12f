//! One-time tokens sent by mail (email confirmation, password reset).
//!
//! A token is 32 random bytes, base64url; only its SHA-256 is stored, so a
//! leaked database does not leak working links. A token works once, before
//! it expires, for the purpose it was made for.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::repo;
use crate::server::db::Db;
use crate::server::jobs::Job;

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
    repo::insert_token(db, user_id, purpose, &digest(&token), &job).await
}

/// The user a still-valid token belongs to, without using it up (to show the
/// reset form only for a working link).
pub async fn peek(db: &Db, token: &str, purpose: Purpose) -> Result<Option<i64>, sqlx::Error> {
    repo::peek_token(db, &digest(token), purpose).await
}

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
