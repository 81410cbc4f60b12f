//! The production board: bakery staff move orders through configurable
//! stages (drag and drop, keyboard, or a plain form), live on every screen;
//! every move is recorded with who, when, from and to; a version check turns
//! the second of two simultaneous moves into a clear refusal. Also the daily
//! plan (what to make for a day) and the admin's stage settings.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser,
//! including the move rules), `api.rs` (server functions), `pages/`
//! (components), `repo.rs` (SQL), `texts.rs`.

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
