//! Clients: the contact records every order belongs to (a shopper's account
//! links to one; phone orders make them without accounts). Seed 002's
//! client accounting: search across every contact field, edits with their
//! change history, and its REST API (`/api/clients/…`).
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (the back office's clients table
//! and client page), `texts.rs`, `repo.rs` (SQL), `routes.rs` (the REST API), `service.rs` (one
//! function per operation, which `api.rs`, `routes.rs` and other features call).

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;
