//! The security headers every answer carries: no framing by other sites
//! (clickjacking), no MIME sniffing, no full URL in the Referer sent to
//! other sites, HTTPS only once the shop is served over HTTPS (HSTS), and
//! pages made for someone with a session never kept by a shared cache or the
//! browser's disk (`private, no-store`).
//!
//! The fixed headers are set by `SetResponseHeaderLayer`s outside everything
//! (cached storefront pages too), decided once when the router is built; the
//! session check runs inside the page cache, which only serves visitors
//! without a session.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;

/// The Content-Security-Policy: no framing, no `<base>` or form target
/// elsewhere, no plugins.
const CSP: &str = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// Wraps `router` in the fixed headers (HSTS when `https`).
pub fn layers(router: Router<AppState>, https: bool) -> Router<AppState> {
    let fixed = |name, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    let router = router
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(fixed(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ));
    if https {
        router.layer(fixed(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"))
    } else {
        router
    }
}

/// `private, no-store` on the HTML answered to a request with a session.
pub async fn no_store_for_sessions(request: Request<Body>, next: Next) -> Response {
    let with_session = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(super::session::COOKIE_NAME));
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if with_session && html {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}
