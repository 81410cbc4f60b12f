//! SQL for users, avatars and linked OAuth identities. The only place that
//! touches those tables, and the one-time tokens (`user_tokens`; made and
//! digested in `tokens.rs`).

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::tokens::Purpose;
use super::types::{Email, OutboxMessage, Role, SessionUser, UserSummary};
use crate::server::db::Db;
use crate::server::jobs::{ENQUEUE_SQL, Job, job_row};
use crate::{db_read, db_tx, db_write};

pub mod api_tokens;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Inserts a user; `Ok(None)` when the email is taken.
pub async fn create_user(
    db: &Db,
    email: &Email,
    name: &str,
    password_hash: &str,
    role: Role,
    email_verified: bool,
) -> Result<Option<i64>, sqlx::Error> {
    db_write!(db, |pool| sqlx::query_scalar(CREATE_USER_SQL)
        .bind(email.as_str())
        .bind(name)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(email_verified)
        .fetch_optional(pool)
        .await)
}

/// For inserting a user inside a caller's transaction: binds email, name,
/// password hash, role, email_verified; returns the id, or no row when the
/// email is taken.
pub const CREATE_USER_SQL: &str = "INSERT INTO users (email, name, password_hash, role, email_verified) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id";

/// Sets the password and role of an existing user (used by `create-admin`
/// when the email exists); false when there is no such user.
pub async fn set_password_and_role(
    db: &Db,
    email: &Email,
    password_hash: &str,
    role: Role,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE users SET password_hash = $1, role = $2, blocked = FALSE, \
                       email_verified = TRUE, session_epoch = session_epoch + 1 WHERE email = $3";
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

/// The addresses of the admins who are not blocked, oldest account first.
pub async fn admin_emails(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT email FROM users WHERE role = 'admin' AND NOT blocked ORDER BY id"
    )
    .fetch_all(pool)
    .await)
}

/// The id and role of the user with this email, if any.
pub async fn id_and_role(db: &Db, email: &Email) -> Result<Option<(i64, Role)>, sqlx::Error> {
    let row: Option<(i64, String)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT id, role FROM users WHERE email = $1"
    )
    .bind(email.as_str())
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(id, role)| Some((id, Role::parse(&role)?))))
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

/// What signing in needs to know about an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub blocked: bool,
    pub email_verified: bool,
    pub session_epoch: i32,
}

pub async fn find_login(db: &Db, email: &Email) -> Result<Option<LoginRow>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name, password_hash, blocked, email_verified, session_epoch \
         FROM users WHERE email = $1"
    )
    .bind(email.as_str())
    .fetch_optional(pool)
    .await)
}

pub async fn find_login_by_id(db: &Db, id: i64) -> Result<Option<LoginRow>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name, password_hash, blocked, email_verified, session_epoch \
         FROM users WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await)
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    avatar_version: Option<i64>,
    blocked: bool,
    session_epoch: i32,
}

/// The user behind a session: `(user, session epoch, blocked)`.
pub async fn session_user(
    db: &Db,
    id: i64,
) -> Result<Option<(SessionUser, i32, bool)>, sqlx::Error> {
    let row: Option<SessionRow> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, email, name, role, avatar_version, blocked, session_epoch FROM users WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    })?;
    Ok(row.and_then(|r| {
        let role = Role::parse(&r.role)?;
        Some((
            SessionUser {
                id: r.id,
                email: r.email,
                name: r.name,
                role,
                avatar_version: r.avatar_version,
            },
            r.session_epoch,
            r.blocked,
        ))
    }))
}

/// Used up with every password change: the user's reset links still out
/// (a link mailed before the change must not change the password again).
/// Binds the user and the time.
const END_RESET_LINKS_SQL: &str = "UPDATE user_tokens SET used_at = $2 \
     WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL";

/// Replaces the password, ends every session of the user (the epoch moves
/// on) and every reset link still out. Returns the new epoch.
pub async fn set_password(db: &Db, id: i64, password_hash: &str) -> Result<i32, sqlx::Error> {
    let t = now();
    Ok(db_tx!(db, |tx| {
        let epoch: i32 = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 \
             WHERE id = $2 RETURNING session_epoch",
        )
        .bind(password_hash)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(END_RESET_LINKS_SQL)
            .bind(id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        epoch
    }))
}

pub async fn set_name(db: &Db, id: i64, name: &str) -> Result<(), sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "UPDATE users SET name = $1 WHERE id = $2"
    )
    .bind(name)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Changes a user's role; false when there is no such user.
pub async fn set_role(db: &Db, id: i64, role: Role) -> Result<bool, sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "UPDATE users SET role = $1 WHERE id = $2"
    )
    .bind(role.as_str())
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Blocks (ending every session) or unblocks a user; false when there is no
/// such user.
pub async fn set_blocked(db: &Db, id: i64, blocked: bool) -> Result<bool, sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "UPDATE users SET blocked = $1, session_epoch = session_epoch + 1 WHERE id = $2"
    )
    .bind(blocked)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Escapes `%`, `_` and `\` for a LIKE pattern (used with `ESCAPE '\'`).
fn like_pattern(query: &str) -> String {
    let mut out = String::from("%");
    for c in query.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A page of users matching `query` (in email or name) and `role` (empty:
/// any), newest first: the account an admin has just added, or a shopper
/// has just registered, is at the top of the first page.
pub async fn list(
    db: &Db,
    query: &str,
    role: Option<Role>,
    page: i64,
    per_page: i64,
) -> Result<(Vec<UserSummary>, i64), sqlx::Error> {
    const WHERE: &str = "WHERE (LOWER(email) LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $1 ESCAPE '\\') \
                         AND ($2 = '' OR role = $2)";
    let pattern = like_pattern(query);
    let role = role.map(Role::as_str).unwrap_or("");
    let list_sql = format!(
        "SELECT id, email, name, role, blocked, email_verified FROM users {WHERE} \
         ORDER BY id DESC LIMIT $3 OFFSET $4"
    );
    let count_sql = format!("SELECT COUNT(*) FROM users {WHERE}");
    let users = db_read!(db, |pool| sqlx::query_as(&list_sql)
        .bind(&pattern)
        .bind(role)
        .bind(per_page)
        .bind((page - 1).max(0) * per_page)
        .fetch_all(pool)
        .await)?;
    let total = db_read!(db, |pool| sqlx::query_scalar(&count_sql)
        .bind(&pattern)
        .bind(role)
        .fetch_one(pool)
        .await)?;
    Ok((users, total))
}

/// Stores a user's avatar thumbnail and moves its version on; returns the version.
pub async fn save_avatar(
    db: &Db,
    user_id: i64,
    content_type: &str,
    bytes: &[u8],
) -> Result<i64, sqlx::Error> {
    let version = chrono::Utc::now().timestamp_millis();
    db_tx!(db, |tx| {
        sqlx::query(
            "INSERT INTO avatars (user_id, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET content_type = excluded.content_type, \
             bytes = excluded.bytes, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(content_type)
        .bind(bytes)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE users SET avatar_version = $1 WHERE id = $2")
            .bind(version)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    });
    Ok(version)
}

pub async fn remove_avatar(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    db_tx!(db, |tx| {
        sqlx::query("DELETE FROM avatars WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET avatar_version = NULL WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// `(content type, bytes)` of a user's avatar.
pub async fn avatar(db: &Db, user_id: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT content_type, bytes FROM avatars WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)
}

/// The user linked to an account at an OAuth provider.
pub async fn identity_user(
    db: &Db,
    provider: &str,
    subject: &str,
) -> Result<Option<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT user_id FROM oauth_identities WHERE provider = $1 AND subject = $2"
    )
    .bind(provider)
    .bind(subject)
    .fetch_optional(pool)
    .await)
}

/// Links an OAuth account to a user, creating the user first when `create`
/// names one (a new customer with a verified email and no password).
/// Returns the user's id.
pub async fn link_identity(
    db: &Db,
    provider: &str,
    subject: &str,
    existing_user: Option<i64>,
    create: Option<(&Email, &str)>,
) -> Result<i64, sqlx::Error> {
    let id = db_tx!(db, |tx| {
        let user_id: i64 = match (existing_user, create) {
            (Some(id), _) => id,
            (None, Some((email, name))) => {
                sqlx::query_scalar(CREATE_USER_SQL)
                    .bind(email.as_str())
                    .bind(name)
                    .bind("")
                    .bind(Role::Customer.as_str())
                    .bind(true)
                    .fetch_one(&mut *tx)
                    .await?
            }
            (None, None) => return Err(sqlx::Error::RowNotFound),
        };
        sqlx::query(
            "INSERT INTO oauth_identities (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (provider, subject) DO NOTHING",
        )
        .bind(provider)
        .bind(subject)
        .bind(user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        user_id
    });
    Ok(id)
}

/// Marks an email as confirmed (an OAuth provider vouched for it).
pub async fn mark_verified(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    db_write!(db, |pool| sqlx::query(
        "UPDATE users SET email_verified = TRUE WHERE id = $1"
    )
    .bind(user_id)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The newest messages of the outbox.
pub async fn outbox(db: &Db, limit: i64) -> Result<(Vec<OutboxMessage>, i64), sqlx::Error> {
    let messages = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, to_address, subject, body_text, created_at FROM outbox ORDER BY id DESC LIMIT $1"
    )
    .bind(limit)
    .fetch_all(pool)
    .await
    })?;
    let total = db_read!(db, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(pool)
        .await)?;
    Ok((messages, total))
}

// ---------------------------------------------------------------------------
// One-time tokens (`user_tokens`): only a token's digest is stored.

/// Uses a token up inside a caller's transaction: binds the digest, purpose
/// and now; returns the user id, or no row when the token is unknown, used,
/// expired or for another purpose. Only one of two concurrent uses gets the
/// row.
const CONSUME_TOKEN_SQL: &str = "UPDATE user_tokens SET used_at = $3 \
     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
     RETURNING user_id";

const INSERT_TOKEN_SQL: &str = "INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at, created_at) \
     VALUES ($1, $2, $3, $4, $5)";

/// Inside a transaction `tx` (of either engine): stores a token's digest for
/// a user and queues the mail that carries it.
macro_rules! token_and_mail {
    ($tx:ident, $user:expr, $purpose:expr, $digest:expr, ($kind:expr, $payload:expr), $now:expr) => {
        sqlx::query(INSERT_TOKEN_SQL)
            .bind($user)
            .bind($purpose.as_str())
            .bind($digest)
            .bind($now + $purpose.lifetime_secs())
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(ENQUEUE_SQL)
            .bind($kind)
            .bind($payload)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
    };
}

/// A new customer awaiting confirmation, the confirmation token (its
/// digest) and the mail that carries it: all or nothing. `None` when the
/// email is taken (a concurrent registration won).
pub async fn register(
    db: &Db,
    email: &Email,
    name: &str,
    password_hash: &str,
    token_digest: &str,
    mail: &Job,
) -> Result<Option<i64>, sqlx::Error> {
    let (kind, payload) = job_row(mail)?;
    let t = now();
    let purpose = Purpose::ConfirmEmail;
    Ok(db_tx!(db, |tx| {
        let id: Option<i64> = sqlx::query_scalar(CREATE_USER_SQL)
            .bind(email.as_str())
            .bind(name)
            .bind(password_hash)
            .bind(Role::Customer.as_str())
            .bind(false)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(id) = id {
            token_and_mail!(tx, id, purpose, token_digest, (kind, &payload), t);
        }
        id
    }))
}

/// Uses a confirmation token up and marks its user's email verified; the
/// user, or `None` for a bad link.
pub async fn confirm_email(
    db: &Db,
    token_digest: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(db_tx!(db, |tx| {
        let user: Option<i64> = sqlx::query_scalar(CONSUME_TOKEN_SQL)
            .bind(token_digest)
            .bind(Purpose::ConfirmEmail.as_str())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(id) = user {
            sqlx::query("UPDATE users SET email_verified = TRUE WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        user
    }))
}

/// Uses a reset token up and sets its user's password (which also proves
/// the address, and ends every session); the user, or `None` for a bad
/// link.
pub async fn reset_password(
    db: &Db,
    token_digest: &str,
    password_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(db_tx!(db, |tx| {
        let user: Option<i64> = sqlx::query_scalar(CONSUME_TOKEN_SQL)
            .bind(token_digest)
            .bind(Purpose::ResetPassword.as_str())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(id) = user {
            sqlx::query(
                "UPDATE users SET password_hash = $1, email_verified = TRUE, \
                 session_epoch = session_epoch + 1 WHERE id = $2",
            )
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            // The other links mailed before this one are used up with it.
            sqlx::query(END_RESET_LINKS_SQL)
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        user
    }))
}

/// Stores a token (its digest) for `user_id` and queues the mail that
/// carries it, in one transaction.
pub async fn insert_token(
    db: &Db,
    user_id: i64,
    purpose: Purpose,
    token_digest: &str,
    mail: &Job,
) -> Result<(), sqlx::Error> {
    let (kind, payload) = job_row(mail)?;
    let t = now();
    db_tx!(db, |tx| {
        token_and_mail!(tx, user_id, purpose, token_digest, (kind, &payload), t);
    });
    Ok(())
}

/// The user a still-valid token belongs to, without using it up.
pub async fn peek_token(
    db: &Db,
    token_digest: &str,
    purpose: Purpose,
) -> Result<Option<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT user_id FROM user_tokens WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3"
    )
    .bind(token_digest)
    .bind(purpose.as_str())
    .bind(now())
    .fetch_optional(pool)
    .await)
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern(" Anna "), "%anna%");
        assert_eq!(super::like_pattern("50%_off"), "%50\\%\\_off%");
    }
}
