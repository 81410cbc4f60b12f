//! Argon2id password hashing, run off the async runtime (it takes ~50 ms of
//! CPU on purpose).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::AppError;

/// Hashes `password` into a PHC string (`$argon2id$v=19$…`).
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::internal("the password hashing task", e))?
    .map_err(|e| AppError::internal("hashing a password", e))
}

/// True when `password` matches the stored `phc` hash.
pub async fn verify(password: String, phc: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&phc).ok()?;
        Some(
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
        )
    })
    .await
    .map(|ok| ok.unwrap_or(false))
    .map_err(|e| AppError::internal("the password verification task", e))
}

/// A hash to verify against when an account does not exist (or has no
/// password), so a wrong email takes as long as a wrong password.
pub async fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash("no such account".into()))
        .await
        .cloned()
}

/// Checks a sign-in: the password against the account's hash, or against a
/// dummy hash (same time) when there is no account or no password.
pub async fn check_login(password: String, stored: Option<&str>) -> Result<bool, AppError> {
    let real = stored.filter(|h| !h.is_empty());
    let phc = match real {
        Some(h) => h.to_owned(),
        None => dummy_hash().await?,
    };
    Ok(verify(password, phc).await? && real.is_some())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_verify_and_differ_by_salt() {
        let a = super::hash("correct horse battery".into()).await.unwrap();
        let b = super::hash("correct horse battery".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(
            super::verify("correct horse battery".into(), a.clone())
                .await
                .unwrap()
        );
        assert!(
            !super::verify("wrong horse battery".into(), a)
                .await
                .unwrap()
        );
        assert!(
            !super::verify("x".into(), "not a hash".into())
                .await
                .unwrap()
        );
    }
}
