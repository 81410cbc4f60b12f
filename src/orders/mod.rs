//! Orders, in three slices:
//!
//! - [`checkout`]: the shopper places an order from the cart without ever
//!   overselling, reads the order history and the order page with its live
//!   stage timeline, and pays online through a provider (the built-in
//!   sandbox);
//! - [`table`]: the back office's orders table (`/admin/orders`): search,
//!   a filter per column, sort, bulk stage moves, CSV and XLSX exports;
//! - [`record`]: the back office's order page (`/admin/orders/{id}`): lines,
//!   notes, client, phone orders, deletion; and seed 002's REST API for
//!   orders.
//!
//! Each slice has the feature folder's shape (`api.rs`, `repo.rs`,
//! `texts.rs`, `pages/`); `types.rs` (wire types, shared with the browser)
//! and `schedule.rs` (dates and slots) serve all three.

pub mod checkout;
pub mod record;
pub mod schedule;
pub mod table;
pub mod types;
