//! Signing keys.
//!
//! The API tokens (`accounts::jwt`) are signed with a key derived from a
//! secret this installation made for itself on its first start, kept in the
//! database (`server_keys`): every instance on one database shares it, and
//! no two installations do. An operator who manages secrets elsewhere can
//! set `session_secret` instead; the value karavai once shipped as a demo
//! default is refused where the shop can be reached from another machine
//! (`server::config`). Sessions sign nothing: their ids are random and live
//! in the database.

mod repo;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::config::Config;
use super::db::Db;

/// The keys a running server signs with.
#[derive(Clone)]
pub struct Keys {
    api_tokens: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys { .. }")
    }
}

/// The name of the API tokens' secret in `server_keys`.
const API_TOKENS: &str = "api_tokens";

impl Keys {
    /// The configured secret's keys, or the installation's own (made now
    /// when this is its first start).
    pub async fn load(db: &Db, config: &Config) -> Result<Keys, sqlx::Error> {
        let secret = match config.auth.session_secret.expose_secret() {
            "" => repo::installation_secret(db, API_TOKENS).await?,
            configured => SecretString::from(configured),
        };
        Ok(Keys {
            api_tokens: derive(b"karavai api tokens v2", &secret),
        })
    }

    /// The HS256 key of the API's access and refresh tokens.
    pub fn api_tokens(&self) -> &[u8; 32] {
        &self.api_tokens
    }
}

/// A key for one purpose from a secret (another purpose gets another key).
fn derive(purpose: &[u8], secret: &SecretString) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(purpose);
    h.update([0]);
    h.update(secret.expose_secret().as_bytes());
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_and_each_secret_has_its_own_key() {
        let a = SecretString::from("a".repeat(40));
        let b = SecretString::from("b".repeat(40));
        assert_ne!(derive(b"one", &a), derive(b"two", &a));
        assert_ne!(derive(b"one", &a), derive(b"one", &b));
        assert_eq!(derive(b"one", &a), derive(b"one", &a));
    }
}
