//! `GET /lang/{code}?next=/path`: remembers the visitor's language in a
//! cookie and sends them back to where they were.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{COOKIE, Locale};
use crate::error::AppError;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/lang/{code}", get(set_language))
}

async fn set_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(locale) = Locale::parse(&code) else {
        return AppError::NotFound.into_response();
    };
    let next = query
        .get("next")
        .map(String::as_str)
        .and_then(|n| crate::server::redirect::local_path(n))
        .unwrap_or("/");
    let secure = if state.config.public_url().starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale.code()
    );
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, next.to_owned()), (SET_COOKIE, cookie)],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        for ok in ["/", "/?category=bread", "/orders/12#top"] {
            assert!(crate::server::redirect::local_path(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/a\nb",
            "evil",
        ] {
            assert!(
                crate::server::redirect::local_path(bad).is_none(),
                "{bad:?}"
            );
        }
    }
}
