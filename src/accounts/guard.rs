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

/// The client's address: the socket's peer; with `behind_proxy`, and only
/// when the peer is one of `server.trusted_proxies`, the last address of
/// `X-Forwarded-For` that a trusted proxy did not add (read right to left:
/// the entries on the left are whatever the client chose to send).
pub fn client_ip(parts: &Parts, server: &crate::server::config::ServerConfig) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    if !server.behind_proxy {
        return Some(peer);
    }
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    Some(forwarded_client(peer, &forwarded, &server.trusted_proxies))
}

/// The client behind `peer`, given the `X-Forwarded-For` entries and the
/// trusted proxies.
fn forwarded_client(peer: IpAddr, forwarded: &str, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if !is_trusted(&client) {
        return client;
    }
    for entry in forwarded.rsplit(',') {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            // Garbage: the proxy before it did not write it; stop at what we know.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forwarded_client_is_what_a_trusted_proxy_saw() {
        let trusted: Vec<ipnet::IpNet> = vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let local = ip("127.0.0.1");
        // The client wrote 1.1.1.1 itself; the proxy added 203.0.113.9.
        assert_eq!(
            forwarded_client(local, "1.1.1.1, 203.0.113.9", &trusted),
            ip("203.0.113.9")
        );
        // Two trusted proxies in a row.
        assert_eq!(
            forwarded_client(local, "198.51.100.4, 10.1.2.3", &trusted),
            ip("198.51.100.4")
        );
        // A peer that is no proxy of ours: its header is not believed.
        assert_eq!(
            forwarded_client(ip("198.51.100.7"), "127.0.0.1", &trusted),
            ip("198.51.100.7")
        );
        // Garbage or nothing: what we know.
        assert_eq!(forwarded_client(local, "", &trusted), local);
        assert_eq!(
            forwarded_client(local, "1.1.1.1, not-an-ip", &trusted),
            local
        );
    }

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
