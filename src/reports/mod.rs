//! Reports on orders and clients for a period (seed 002: "reports for a
//! year, a month, a week, or any range"): number of orders, revenue,
//! average order, completed and cancelled orders, new clients, top clients
//! and top products. Saved reports keep their figures as they were.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `repo.rs` (SQL), `routes.rs` (seed 002's `/api/reports/…`).

pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
