//! Suppliers (seed 004): the firms whose goods the shop sells. A supplier
//! switches its order intake on and off (off: its goods stay on the
//! storefront as unavailable and can be neither added to a cart nor checked
//! out), and works its part of each order: only its own lines and its own
//! subtotal, confirmed and then shipped, while the buyer keeps one order.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (`/supplier`), `texts.rs`, and on
//! the server `service.rs` (one function per operation, the role and
//! ownership checks) and `repo.rs` (SQL).

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
