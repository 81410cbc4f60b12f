//! When the database is away (a PostgreSQL restart, a network cut), a page
//! that needed it is not "something went wrong on our side" (500): it is
//! "temporarily unavailable, try again" (503 with `Retry-After`), in the
//! shape the caller reads: an HTML page, a server function's error, or the
//! REST API's. Visitors' storefront pages still come from the page cache,
//! stale (`page_cache`).
//!
//! Only a 500 is looked at, and the database is asked (bounded to a
//! second) only then: a server error while the database answers stays a 500.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use crate::error::AppError;

/// How long the check for the database may take.
const PING: Duration = Duration::from_secs(1);
/// What browsers and clients are told to wait.
const RETRY_AFTER_SECS: &str = "30";

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let reachable = matches!(
        tokio::time::timeout(PING, state.db.ping()).await,
        Ok(Ok(()))
    );
    if reachable {
        return res;
    }
    metrics::counter!("database_unavailable_answers_total").increment(1);
    let mut answer = unavailable(&path);
    answer.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECS),
    );
    answer
}

/// The 503 for `path`, in its caller's shape.
fn unavailable(path: &str) -> Response {
    let err = AppError::Unavailable;
    if path.starts_with("/rpc/") {
        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(err)).into_response();
    }
    if path.starts_with("/api/") {
        return err.into_response();
    }
    (StatusCode::SERVICE_UNAVAILABLE, Html(PAGE)).into_response()
}

/// A page that needs nothing from the database or the site's files.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#2b2118}h1{font-size:1.4rem}</style>
</head><body>
<h1>The shop is temporarily unavailable</h1>
<p>Please try again in a minute. Nothing you sent was lost or half-saved.</p>
<h1 lang="ru">Магазин временно недоступен</h1>
<p lang="ru">Попробуйте через минуту. Ничего из отправленного не потеряно и не сохранено наполовину.</p>
<p><a href="">Try again · Попробовать снова</a></p>
</body></html>"#;
