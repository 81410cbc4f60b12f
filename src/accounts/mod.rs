//! Accounts: registration with email confirmation, sign-in (password or
//! GitHub/Google), sessions, password reset, profiles with avatars, the
//! role guard, and the admin's user pages.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (components), `repo.rs` (SQL),
//! `routes.rs`-like plain axum handlers (`oauth.rs`, `avatar.rs`), and the
//! server-only helpers (`guard.rs`, `password.rs`, `tokens.rs`, `throttle.rs`).

pub mod api;
pub mod pages;
pub mod roles;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod avatar;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod jwt;
#[cfg(feature = "ssr")]
pub mod oauth;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

use leptos::prelude::*;

use types::SessionUser;

/// The signed-in user as the UI knows it. The server renders each page with
/// it and writes it into the shell; sign-in and sign-out update it. It only
/// decides what the UI shows: the server checks every call on its own.
#[derive(Debug, Clone, Copy)]
pub struct CurrentUser(pub RwSignal<Option<SessionUser>>);

/// The id of the `<script type="application/json">` element that carries it.
pub const ELEMENT_ID: &str = "karavai-user";

/// The signed-in user of this page, for the shell (server) or from it (browser).
pub fn initial_user() -> Option<SessionUser> {
    #[cfg(feature = "ssr")]
    {
        guard::current_user()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .get_element_by_id(ELEMENT_ID)
            .and_then(|el| el.text_content())
            .and_then(|json| crate::ui::json_from_str(&json).ok())
            .flatten()
    }
}

/// The current user signal (provided by `<App/>`).
pub fn use_current_user() -> RwSignal<Option<SessionUser>> {
    use_context::<CurrentUser>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(None))
}

/// How another feature finds an account by its email: its id and role
/// (the suppliers' page links a supplier to its user this way).
#[cfg(feature = "ssr")]
pub async fn find_account(
    db: &crate::server::db::Db,
    email: &types::Email,
) -> Result<Option<(i64, types::Role)>, crate::error::AppError> {
    Ok(repo::id_and_role(db, email).await?)
}

/// Where mail for the shop's administrators goes: every admin who is not
/// blocked (a placed order's invoice).
#[cfg(feature = "ssr")]
pub async fn admin_emails(
    db: &crate::server::db::Db,
) -> Result<Vec<String>, crate::error::AppError> {
    Ok(repo::admin_emails(db).await?)
}
