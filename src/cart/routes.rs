//! The cart's middleware: pages arrive with the cart badge's count in them.

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use crate::accounts::guard::Caller;
use crate::server::AppState;

/// Units in the caller's cart, for the page being rendered.
#[derive(Debug, Clone, Copy)]
pub struct CartCount(pub i64);

/// For page loads (GET, HTML), counts the caller's cart once so the shell
/// can render the header's badge without a request of its own. Runs inside
/// the role guard (it needs the caller).
pub async fn middleware(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let page = req.method() == Method::GET
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if page {
        let user = req.extensions().get::<Caller>().map(|c| c.0.id);
        let cart = match user {
            Some(id) => super::repo::find_user_cart(&state.db, id)
                .await
                .ok()
                .flatten(),
            None => session
                .get::<i64>(super::api::ssr::GUEST_CART)
                .await
                .ok()
                .flatten(),
        };
        let count = match cart {
            Some(id) => super::repo::count(&state.db, id).await.unwrap_or(0),
            None => 0,
        };
        req.extensions_mut().insert(CartCount(count));
    }
    next.run(req).await
}
