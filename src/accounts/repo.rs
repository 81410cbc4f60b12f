//! SQL for users. The only place that touches the `users` table.

use super::types::{Email, Role};
use crate::server::db::Db;
use crate::{db_read, db_write};

/// Inserts a user; `Ok(None)` when the email is taken.
pub async fn create_user(
    db: &Db,
    email: &Email,
    name: &str,
    password_hash: &str,
    role: Role,
) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, $4) \
                       ON CONFLICT (email) DO NOTHING RETURNING id";
    db_write!(db, |pool| sqlx::query_scalar(SQL)
        .bind(email.as_str())
        .bind(name)
        .bind(password_hash)
        .bind(role.as_str())
        .fetch_optional(pool)
        .await)
}

/// Sets the password and role of an existing user (used by `create-admin`
/// when the email exists); false when there is no such user.
pub async fn set_password_and_role(
    db: &Db,
    email: &Email,
    password_hash: &str,
    role: Role,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE users SET password_hash = $1, role = $2, blocked = FALSE WHERE email = $3";
    let done = db_write!(db, |pool| sqlx::query(SQL)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(email.as_str())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await)
}

/// The role of the user with this email, if any.
pub async fn role_of(db: &Db, email: &Email) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT role FROM users WHERE email = $1"
    )
    .bind(email.as_str())
    .fetch_optional(pool)
    .await)?;
    Ok(role.as_deref().and_then(Role::parse))
}
