//! The back office's orders table (`/admin/orders`): a search box, a filter
//! per column, sort by any column, column choice, bulk stage moves, all
//! state in the URL; `export.rs` streams what the filters find as CSV or
//! XLSX; `search/` finds orders by their words on each engine.

pub mod api;
pub mod pages;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
