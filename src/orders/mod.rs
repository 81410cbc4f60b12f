//! Checkout and orders: placing an order from the cart without ever
//! overselling, the shopper's order history and order pages with their live
//! stage timeline, and online payment through a provider (the built-in
//! sandbox).
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (components), `repo.rs` (SQL),
//! `payments.rs` (the provider and its plain axum routes), `export.rs` (the
//! orders table's CSV and XLSX downloads), `routes.rs` (seed 002's REST
//! API), `texts.rs`, and `schedule.rs` (dates and slots, shared).

pub mod api;
pub mod pages;
pub mod schedule;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
