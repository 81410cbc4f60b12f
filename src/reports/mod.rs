//! Reports on orders and clients for a period (seed 002: "reports for a
//! year, a month, a week, or any range"): number of orders, revenue,
//! average order, completed and cancelled orders, new clients, top clients
//! and top products. Saved reports keep their figures as they were.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (`/admin/reports`), `texts.rs`,
//! `repo.rs` (SQL), `routes.rs` (seed 002's `/api/reports/…`), `export.rs`
//! (the report as CSV, XLSX and plain text).

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
