//! The back office's order page (`/admin/orders/{id}`): lines added,
//! changed and removed with the total worked out again in the same
//! transaction, notes, the client, status, one timeline merging stage moves
//! and the change history, deletion, and phone orders; `routes.rs` serves
//! seed 002's REST API for orders. Both call `service.rs`, one function per
//! operation.

pub mod api;
pub mod pages;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;
