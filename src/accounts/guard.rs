//! The one role guard. Every server function and route that is not public
//! calls [`require`] (or [`require_user`]) first, before it reads or writes
//! anything. The UI hides what a role cannot use; this is what enforces it.
//!
//! The session holds only `{user_id, epoch}`. On every request the
//! middleware loads the user fresh: a changed role applies at once, and a
//! blocked user, or one whose password was reset (the epoch moved on), is
//! signed out on the spot.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::repo;
use super::types::{Role, SessionUser};
use crate::error::AppError;
use crate::server::AppState;

const SESSION_KEY: &str = "auth";

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct SessionAuth {
    user_id: i64,
    epoch: i32,
}

/// The signed-in user of this request, put in the request's extensions by
/// [`middleware`].
#[derive(Debug, Clone)]
pub struct Caller(pub SessionUser);

/// Loads the session's user, or ends a session that is no longer good.
pub async fn middleware(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    match session.get::<SessionAuth>(SESSION_KEY).await {
        Ok(Some(auth)) => match repo::session_user(&state.db, auth.user_id).await {
            Ok(Some((user, epoch, blocked))) if !blocked && epoch == auth.epoch => {
                req.extensions_mut().insert(Caller(user));
            }
            Ok(_) => {
                // Blocked, deleted, or signed out everywhere: this session is over.
                if let Err(err) = session.flush().await {
                    tracing::warn!(error = %err, "could not end a stale session");
                }
            }
            Err(err) => tracing::error!(error = %err, "could not load the session's user"),
        },
        Ok(None) => {}
        Err(err) => tracing::warn!(error = %err, "unreadable session"),
    }
    next.run(req).await
}

/// Starts a signed-in session: a new session id (no fixation), then the user.
pub async fn sign_in(session: &Session, user_id: i64, epoch: i32) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    session
        .insert(SESSION_KEY, SessionAuth { user_id, epoch })
        .await
        .map_err(internal)
}

/// Ends the session, in the store as well as in the browser.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

#[track_caller]
fn internal(err: impl std::fmt::Display) -> AppError {
    AppError::internal("the session store", err)
}

/// The session of the request a server function is answering.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| AppError::internal("the session layer", e))
}

/// The signed-in user of the current request (server functions and pages).
pub fn current_user() -> Option<SessionUser> {
    use_context::<Parts>().and_then(|parts| caller_of(&parts))
}

/// The signed-in user in a request's parts (axum handlers).
pub fn caller_of(parts: &Parts) -> Option<SessionUser> {
    parts.extensions.get::<Caller>().map(|c| c.0.clone())
}

/// The caller must be signed in.
pub fn require_user() -> Result<SessionUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

/// The caller must be signed in with one of `roles`.
pub fn require(roles: &[Role]) -> Result<SessionUser, AppError> {
    check(current_user(), roles)
}

/// The decision itself: nobody → 401, a role not in `roles` → 403.
pub fn check(user: Option<SessionUser>, roles: &[Role]) -> Result<SessionUser, AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    if roles.contains(&user.role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The client's address: the socket's peer, or with `behind_proxy` the
/// first address of `X-Forwarded-For`.
pub fn client_ip(parts: &Parts, behind_proxy: bool) -> Option<IpAddr> {
    if behind_proxy
        && let Some(ip) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return Some(ip);
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> SessionUser {
        SessionUser {
            id: 1,
            email: "a@example.com".into(),
            name: "A".into(),
            role,
            avatar_version: None,
        }
    }

    #[test]
    fn nobody_is_unauthorized_and_a_wrong_role_is_forbidden() {
        assert_eq!(check(None, &[Role::Admin]), Err(AppError::Unauthorized));
        assert_eq!(
            check(Some(user(Role::Customer)), &[Role::Admin]),
            Err(AppError::Forbidden)
        );
        assert!(check(Some(user(Role::Admin)), &[Role::Manager, Role::Admin]).is_ok());
    }
}
