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
/// elsewhere, no plugins. HTML pages add `script-src` with their nonce.
const CSP: &str = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// A page's script nonce: made for each request before the page renders,
/// put on the page's own inline scripts (hydration, resources) by Leptos,
/// and named in the page's `script-src`. Scripts from our origin load;
/// an injected inline script or `onclick` does not run.
#[derive(Debug, Clone)]
pub struct ScriptNonce(pub std::sync::Arc<str>);

/// Gives each request a [`ScriptNonce`] and its HTML answer the
/// Content-Security-Policy that names it. Runs inside the page cache, so a
/// cached page keeps the header that matches its HTML.
pub async fn script_nonce(mut request: Request<Body>, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    let value: std::sync::Arc<str> = nonce.as_inner().clone();
    request.extensions_mut().insert(ScriptNonce(value.clone()));
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if html
        && !response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        // 'wasm-unsafe-eval' compiles the storefront's WebAssembly; nothing
        // else is evaluated.
        let policy = format!("{CSP}; script-src 'self' 'nonce-{value}' 'wasm-unsafe-eval'");
        if let Ok(policy) = HeaderValue::from_str(&policy) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    response
}

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
