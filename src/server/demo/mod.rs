//! Demo data: a believable bakery, so a fresh install has something to show.
//!
//! [`seed`] loads the shop itself (users, stores, suppliers, categories,
//! 80-odd products with variants, characteristics, photos drawn here as SVG,
//! and stock) into an empty database, in one transaction. [`seed_history`]
//! adds clients and past orders (two years by default) in large batches,
//! so the dashboards and tables have something to show.

//! Shape: `catalog.rs` reads `catalog.toml` (the products, as data) and
//! draws the pictures; `repo/` writes them, and the past orders.

mod catalog;
mod repo;

pub use catalog::{Kind, picture};
pub use repo::*;
