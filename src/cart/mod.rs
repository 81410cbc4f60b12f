//! The cart: a guest's lives on the server behind the session cookie and
//! joins the account's at sign-in; stock is checked on every add; the
//! header's badge follows it live.
//!
//! Shape (as every feature folder): `types.rs`, `api.rs`, `pages/`,
//! `repo.rs`, `texts.rs`.

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;

/// The id of the shell's `<script>` that carries the cart count.
pub const ELEMENT_ID: &str = "karavai-cart";

/// Units in the cart when the page was served: from the request on the
/// server (see `routes::middleware`), from the shell in the browser.
pub fn initial_count() -> i64 {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<routes::CartCount>().map(|c| c.0))
            .unwrap_or(0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .get_element_by_id(ELEMENT_ID)
            .and_then(|el| el.text_content())
            .and_then(|json| crate::ui::json_from_str(&json).ok())
            .unwrap_or(0)
    }
}
