//! Cross-site request forgery: a state-changing request (anything but GET,
//! HEAD and OPTIONS) that a browser sent from another site is refused
//! before it reaches a handler.
//!
//! Browsers say where a request comes from: `Sec-Fetch-Site` (every current
//! browser) and `Origin` (on every cross-origin POST). A request is refused
//! when `Sec-Fetch-Site` is `cross-site` or `same-site` (a sibling origin:
//! another port or subdomain, which SameSite cookies do not stop), or when
//! its `Origin` names another host than the one it was sent to. Requests
//! that carry neither header do not come from a browser page (scripts, the
//! REST API's clients, the tests); the API's Bearer tokens are never sent
//! by a browser on its own, so a request carrying one is not checked.
//! Our own pages' forms, with or without JavaScript, are same-origin.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// Why a request was refused, if it was.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    CrossSite,
}

/// The check itself, on a request's method and headers. `behind_proxy`:
/// the host the browser used is the proxy's `X-Forwarded-Host` when set.
pub fn check(method: &Method, headers: &HeaderMap, behind_proxy: bool) -> Verdict {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
        || headers.contains_key(header::AUTHORIZATION)
    {
        return Verdict::Allowed;
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match text("sec-fetch-site") {
        Some("same-origin") | Some("none") => {}
        Some(_) => return Verdict::CrossSite,
        None => {}
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Verdict::Allowed;
    };
    let host = behind_proxy
        .then(|| text("x-forwarded-host"))
        .flatten()
        .or_else(|| text("host"));
    match (origin.to_str().ok().and_then(origin_host), host) {
        (Some(from), Some(to)) if from.eq_ignore_ascii_case(to.trim()) => Verdict::Allowed,
        _ => Verdict::CrossSite,
    }
}

/// `http://shop.example:8080` → `shop.example:8080` (`null` and anything
/// that is not an http(s) origin → `None`).
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

/// The middleware: refuses with 403 what [`check`] calls cross-site.
pub async fn middleware(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    match check(
        request.method(),
        request.headers(),
        state.config.server.behind_proxy,
    ) {
        Verdict::Allowed => next.run(request).await,
        Verdict::CrossSite => {
            tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
            (
                StatusCode::FORBIDDEN,
                [(header::CACHE_CONTROL, "no-store")],
                "This request came from another site and was refused. Go back to the shop's page and try again.",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn posts_from_our_own_pages_pass_and_from_other_sites_do_not() {
        let post = Method::POST;
        let ours = [
            ("host", "shop.example:3000"),
            ("origin", "http://shop.example:3000"),
        ];
        assert_eq!(check(&post, &headers(&ours), false), Verdict::Allowed);
        let same = [
            ("host", "shop.example"),
            ("origin", "https://shop.example"),
            ("sec-fetch-site", "same-origin"),
        ];
        assert_eq!(check(&post, &headers(&same), false), Verdict::Allowed);
        // A sibling origin: another port, another subdomain.
        for (origin, site) in [
            ("http://shop.example:4000", "same-site"),
            ("https://blog.shop.example", "same-site"),
            ("https://evil.example", "cross-site"),
        ] {
            let with_fetch = [
                ("host", "shop.example:3000"),
                ("origin", origin),
                ("sec-fetch-site", site),
            ];
            assert_eq!(
                check(&post, &headers(&with_fetch), false),
                Verdict::CrossSite,
                "{origin}"
            );
            let origin_only = [("host", "shop.example:3000"), ("origin", origin)];
            assert_eq!(
                check(&post, &headers(&origin_only), false),
                Verdict::CrossSite,
                "{origin}"
            );
        }
        let null = [("host", "shop.example"), ("origin", "null")];
        assert_eq!(check(&post, &headers(&null), false), Verdict::CrossSite);
    }

    #[test]
    fn reads_scripts_and_api_tokens_are_not_checked() {
        let evil = [
            ("host", "shop.example"),
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ];
        assert_eq!(
            check(&Method::GET, &headers(&evil), false),
            Verdict::Allowed
        );
        assert_eq!(
            check(&Method::POST, &headers(&[("host", "shop.example")]), false),
            Verdict::Allowed
        );
        let api = [
            ("host", "shop.example"),
            ("origin", "https://evil.example"),
            ("authorization", "Bearer x"),
        ];
        assert_eq!(
            check(&Method::POST, &headers(&api), false),
            Verdict::Allowed
        );
    }

    #[test]
    fn behind_a_proxy_the_forwarded_host_is_the_one_the_browser_used() {
        let h = [
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-host", "shop.example"),
            ("origin", "https://shop.example"),
        ];
        assert_eq!(check(&Method::POST, &headers(&h), true), Verdict::Allowed);
        assert_eq!(
            check(&Method::POST, &headers(&h), false),
            Verdict::CrossSite
        );
    }
}
