//! The keys' one table, `server_keys`.

#![allow(clippy::disallowed_methods)]

use secrecy::SecretString;

use crate::server::db::Db;
use crate::{db_read, db_write};

/// The secret named `name`, made (256 random bits) the first time it is
/// asked for. Instances starting at once agree: the first insert wins and
/// everyone reads what it wrote.
pub(super) async fn installation_secret(db: &Db, name: &str) -> Result<SecretString, sqlx::Error> {
    let fresh = crate::accounts::tokens::generate();
    let now = chrono::Utc::now().timestamp();
    db_write!(db, |pool| sqlx::query(
        "INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING"
    )
    .bind(name)
    .bind(&fresh)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))?;
    let secret: String = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT secret FROM server_keys WHERE name = $1"
    )
    .bind(name)
    .fetch_one(pool)
    .await)?;
    Ok(SecretString::from(secret))
}
