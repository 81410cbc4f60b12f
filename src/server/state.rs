use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::*;

use super::config::Config;
use super::db::Db;
use crate::error::AppError;

/// What every handler and server function can reach. Cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    /// What the API tokens are signed with.
    pub keys: super::keys::Keys,
    pub hub: crate::live::hub::Hub,
    pub throttle: crate::accounts::throttle::Throttle,
    /// The catalog in memory (lists, filters, facets).
    pub catalog: crate::catalog::index::CatalogCache,
    /// Rendered storefront pages for visitors without a session.
    pub pages: super::page_cache::PageCache,
}

/// The application state inside a server function (leptos_axum provides it
/// as context on every request it handles).
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The last step of every server function: on error, set the HTTP status
/// that goes with it (400, 403, 404, …) instead of the framework's blanket 500.
/// Not for plain HTML form posts (no JavaScript): leptos_axum answers those
/// with a redirect back to the form, which a status would overwrite.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && !is_html_form_post()
    {
        set_status(err.status());
    }
    result
}

/// Whether the server function was called by a plain HTML form (no
/// JavaScript), which expects a page, not data.
pub fn is_html_form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// Sets the status of the response being rendered or answered, if any.
pub fn set_status(status: u16) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(status)
    {
        response.set_status(code);
    }
}
