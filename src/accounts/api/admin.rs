//! The admin's pages: users (search, create, role, block) and the mail outbox.

use leptos::prelude::*;

use crate::accounts::types::{OutboxMessage, UserList};
use crate::error::AppError;

/// Admin: a page of users, searched by name or email and filtered by role.
#[server(endpoint = "admin/users")]
pub async fn list_users(
    q: Option<String>,
    role: Option<String>,
    page: Option<i64>,
) -> Result<UserList, AppError> {
    crate::server::respond(ssr::list_users(q, role, page).await)
}

/// Admin: adds a user with any role, ready to sign in (seed 001's "manual
/// registration").
#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    name: String,
    email: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    crate::server::respond(ssr::create_user(name, email, password, role).await)
}

#[server(endpoint = "admin/users/role")]
pub async fn set_user_role(user_id: i64, role: String) -> Result<(), AppError> {
    crate::server::respond(ssr::set_user_role(user_id, role).await)
}

/// Admin: blocks (signing the user out everywhere) or unblocks a user.
#[server(endpoint = "admin/users/block")]
pub async fn set_user_blocked(user_id: i64, blocked: bool) -> Result<(), AppError> {
    crate::server::respond(ssr::set_user_blocked(user_id, blocked).await)
}

/// Admin: the newest messages of the mail outbox and how many there are.
#[server(endpoint = "admin/outbox")]
pub async fn outbox() -> Result<(Vec<OutboxMessage>, i64), AppError> {
    crate::server::respond(ssr::outbox().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::accounts::api::shared::{account_changed, check_new_account, tr};
    use crate::accounts::guard::require;
    use crate::accounts::types::Role;
    use crate::accounts::{password, repo, roles};
    use crate::error::FieldErrors;
    use crate::server::app_state;

    pub const USERS_PER_PAGE: i64 = 25;

    pub async fn list_users(
        q: Option<String>,
        role: Option<String>,
        page: Option<i64>,
    ) -> Result<UserList, AppError> {
        require(&roles::ADMINS)?;
        let state = app_state()?;
        let q = q.unwrap_or_default();
        if q.len() > 200 {
            return Err(AppError::BadRequest("The search is too long".into()));
        }
        let role = role
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| Role::parse(r).ok_or_else(|| AppError::field("role", tr().err_role)));
        let role = role.transpose()?;
        let page = page.unwrap_or(1).clamp(1, 100_000);
        let (users, total) = repo::list(&state.db, &q, role, page, USERS_PER_PAGE).await?;
        Ok(UserList {
            users,
            total,
            page,
            per_page: USERS_PER_PAGE,
        })
    }

    pub async fn create_user(
        name: String,
        email: String,
        pw: String,
        role: String,
    ) -> Result<(), AppError> {
        require(&roles::ADMINS)?;
        let state = app_state()?;
        let t = tr();
        let mut problems = FieldErrors::default();
        let (name, email) = check_new_account(&name, &email, &pw, &mut problems, t);
        let role = Role::parse(&role);
        if role.is_none() {
            problems.add("role", t.err_role);
        }
        problems.done()?;
        let (Some(email), Some(role)) = (email, role) else {
            return Err(AppError::Internal);
        };
        let hash = password::hash(pw).await?;
        match repo::create_user(&state.db, &email, &name, &hash, role, true).await? {
            Some(_) => Ok(()),
            None => Err(AppError::field("email", t.err_email_taken)),
        }
    }

    pub async fn set_user_role(user_id: i64, role: String) -> Result<(), AppError> {
        let admin = require(&roles::ADMINS)?;
        let state = app_state()?;
        let t = tr();
        let role = Role::parse(&role).ok_or_else(|| AppError::field("role", t.err_role))?;
        if user_id == admin.id {
            return Err(AppError::Conflict(t.err_self.into()));
        }
        if !repo::set_role(&state.db, user_id, role).await? {
            return Err(AppError::NotFound);
        }
        tracing::info!(
            admin = admin.id,
            user_id,
            role = role.as_str(),
            "role changed"
        );
        account_changed(&state, user_id).await;
        Ok(())
    }

    pub async fn set_user_blocked(user_id: i64, blocked: bool) -> Result<(), AppError> {
        let admin = require(&roles::ADMINS)?;
        let state = app_state()?;
        if user_id == admin.id {
            return Err(AppError::Conflict(tr().err_self.into()));
        }
        if !repo::set_blocked(&state.db, user_id, blocked).await? {
            return Err(AppError::NotFound);
        }
        tracing::info!(admin = admin.id, user_id, blocked, "user block changed");
        account_changed(&state, user_id).await;
        Ok(())
    }

    pub async fn outbox() -> Result<(Vec<OutboxMessage>, i64), AppError> {
        require(&roles::ADMINS)?;
        let state = app_state()?;
        Ok(repo::outbox(&state.db, 100).await?)
    }
}
