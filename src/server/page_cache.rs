//! Rendered storefront pages for visitors without a session.
//!
//! Most storefront traffic is people (and crawlers) who have not signed in
//! and have no cart yet: for them the home page, the catalog and a product
//! page depend only on the URL, the language and the catalog. This cache
//! keeps those pages as sent (already compressed), keyed by URL, language and
//! `Accept-Encoding`, and labelled with the catalog's version
//! (`catalog::index`): a page is served again only while the catalog is
//! unchanged, and for at most [`MAX_AGE`] (the product page shows the
//! earliest ready date, which moves at midnight).
//!
//! Anything with a session cookie (signed in, or a guest with a cart) is
//! rendered for its viewer every time, as is every response that sets a
//! cookie or is not a 200 HTML page.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// How long a page is served from the cache at most.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Memory the cached pages may take, in bytes of body.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Larger pages are not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// Longer URLs are not kept (each filter combination is its own page).
const MAX_URL_LEN: usize = 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    url: String,
    locale: &'static str,
    encoding: String,
}

struct Page {
    version: i64,
    stored: Instant,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Key, Arc<Page>> for Weight {
    fn weight(&self, key: &Key, page: &Arc<Page>) -> u64 {
        (page.body.len() + key.url.len() + 512) as u64
    }
}

/// The cache of one app instance. Cheap to clone.
#[derive(Clone)]
pub struct PageCache(Arc<quick_cache::sync::Cache<Key, Arc<Page>, Weight>>);

impl Default for PageCache {
    fn default() -> Self {
        PageCache(Arc::new(quick_cache::sync::Cache::with_weighter(
            1024,
            CAPACITY_BYTES,
            Weight,
        )))
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PageCache({} pages)", self.0.len())
    }
}

impl PageCache {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether the page at `path` is the same for every visitor without a session.
fn shared_page(path: &str) -> bool {
    path == "/" || path == "/catalog" || path.starts_with("/product/")
}

/// Whether the request carries the session cookie (a signed-in visitor or a
/// guest with a cart), or credentials of any kind.
fn has_viewer(headers: &HeaderMap) -> bool {
    let session = super::session::COOKIE_NAME;
    headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, _)| name == session)
}

fn key(state: &AppState, req: &Request) -> Option<Key> {
    let uri = req.uri();
    if req.method() != Method::GET
        || !shared_page(uri.path())
        || has_viewer(req.headers())
        || uri.path_and_query()?.as_str().len() > MAX_URL_LEN
    {
        return None;
    }
    let default = state.config.shop.default_locale;
    Some(Key {
        url: uri.path_and_query()?.as_str().to_owned(),
        locale: crate::i18n::negotiate(req.headers(), default).code(),
        encoding: req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(100)
            .collect(),
    })
}

/// Middleware (outermost): answers from the cache, or renders and keeps
/// what may be kept.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = key(&state, &req) else {
        return next.run(req).await;
    };
    // The catalog's version, read at most every 100 ms or after a local write.
    let version = match state.catalog.get(&state.db).await {
        Ok(index) => index.version,
        Err(_) => {
            // The database is away: the page as it was beats no page.
            if let Some(page) = state.pages.0.get(&key) {
                metrics::counter!("page_cache_total", "result" => "stale").increment(1);
                let mut res = Response::new(Body::from(page.body.clone()));
                *res.headers_mut() = page.headers.clone();
                return res;
            }
            return next.run(req).await;
        }
    };
    if let Some(page) = state.pages.0.get(&key)
        && page.version == version
        && page.stored.elapsed() < MAX_AGE
    {
        metrics::counter!("page_cache_total", "result" => "hit").increment(1);
        let mut res = Response::new(Body::from(page.body.clone()));
        *res.headers_mut() = page.headers.clone();
        return res;
    }
    metrics::counter!("page_cache_total", "result" => "miss").increment(1);
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if res.status() != StatusCode::OK || !html || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            state.pages.0.insert(
                key,
                Arc::new(Page {
                    version,
                    stored: Instant::now(),
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                }),
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(err) => {
            // Too large to keep (or the body failed): the visitor still gets an answer.
            tracing::warn!(error = %err, "page not cached");
            let mut res =
                Response::new(Body::from("The page could not be sent; please reload it."));
            *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_storefront_pages_without_a_session_are_shared() {
        assert!(shared_page("/"));
        assert!(shared_page("/catalog"));
        assert!(shared_page("/product/honey-cake"));
        assert!(!shared_page("/cart"));
        assert!(!shared_page("/account"));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("lang=ru"));
        assert!(!has_viewer(&h), "the language cookie is part of the key");
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; karavai_session=abc"),
        );
        assert!(has_viewer(&h));
    }
}
