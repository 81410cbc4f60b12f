//! The storefront catalog: categories (a tree), products with variants,
//! photos, characteristics and stock per store, full-text search, and the
//! catalog, home and product pages.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (components), `repo.rs` (SQL),
//! `routes.rs` (plain axum routes: photos), `words.rs` (word forms for
//! the search on SQLite), and `index.rs`: the catalog in
//! memory, which lists, filters and facets read.

pub mod admin;
pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod index;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod words;
