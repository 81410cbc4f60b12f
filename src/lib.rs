//! # karavai
//!
//! One self-hosted web application that runs a small producer-retailer end to
//! end. One crate, two builds: the server (`ssr`: axum + sqlx, renders every
//! page) and the browser (`hydrate`: the same components compiled to
//! WebAssembly, taking over the server's HTML).
//!
//! A guided tour, outside in:

// The hydration future nests every route's view type (lazy routes made it
// deeper than the default limit of 128 allows).
#![recursion_limit = "256"]

/// Users and roles.
pub mod accounts;
/// Live sales, production and customer dashboards with daily roll-ups.
pub mod analytics;
/// The HTML shell, `<App/>`, the layout and the route table.
pub mod app;
/// The cart: guest carts behind the session, merged at sign-in.
pub mod cart;
/// Storefront catalog: categories, products, search, photos, stock.
pub mod catalog;
/// Clients: contact records, search, edits with history, seed 002's API.
pub mod clients;
/// Input parsed once into types (phone, name, price, quantity, …): one
/// rule each, for the UI and the REST API alike.
pub mod domain;
/// The one error type, shared by server functions, pages and the REST API.
pub mod error;
/// The change history of orders and clients.
pub mod history;
/// English and Russian: every UI string, plural rules, the visitor's language.
pub mod i18n;
/// Live events pushed to open pages (Server-Sent Events).
pub mod live;
/// Checkout, orders and online payment.
pub mod orders;
/// The production board: stages, moves, the daily plan.
pub mod production;
/// Reports on orders and clients for a period, saved with their figures.
pub mod reports;
/// Saved filter sets: each back-office user's named views of the tables.
pub mod saved_filters;
/// Shop-wide settings the UI needs (name, currency, language).
pub mod shop;
/// Suppliers: order intake, their parts of orders (seed 004).
pub mod suppliers;
/// The design system: small components that every page is built from.
pub mod ui;

/// Server-only code: configuration, database, HTTP server, CLI, telemetry.
#[cfg(feature = "ssr")]
pub mod server;

/// The browser entry point: hydrates the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The release wasm's panics abort at once, without a message (setup.sh):
    // no hook would ever run there.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    // As `leptos::mount::hydrate_lazy`: a page split into its own wasm chunk
    // (`app::split`) is fetched before the server's HTML for it is hydrated.
    // Awaited here so that the mark below follows the hydration.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("the page has a body");
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        // A mark for people and tests: from here on the page is interactive.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
