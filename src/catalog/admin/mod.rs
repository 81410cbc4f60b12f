//! The assortment's back office (`/admin/catalog`): the category tree,
//! the products table with its filters and bulk price changes, and the
//! product editor (fields, characteristics, variants with their prices and
//! stock per store, photos, stock movements, history), and the assortment
//! as a sheet: exported as CSV or XLSX, imported with a preview (`sheet`
//! reads and writes files, `import` plans an import, `routes` serves the
//! downloads), and the characteristic types (`characteristics`: a closed
//! list of values or free values, both languages). Staff read;
//! managers and admins change. The storefront reads the same tables
//! through `catalog::index`, which every change here refreshes (the
//! catalog's version).
//!
//! Shape (as every feature folder): `types.rs`, `texts.rs`, `api/` (server
//! functions; `api::ssr` parses), `service.rs`, `repo/` (SQL), `pages/`.

pub mod api;
pub mod characteristics;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sheet;
