//! Saved filter sets: a back-office user's named views of the orders or
//! clients table (Saleor's and Odoo's "saved filters"). A view is the
//! table's URL query (filters, sort, columns) under a name, per user and
//! per table; opening it is following a link, so it works without
//! JavaScript and survives any future filter the table gains.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (the bar each table shows),
//! `texts.rs`, `repo.rs` (SQL).

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
