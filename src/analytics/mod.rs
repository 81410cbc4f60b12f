//! Analytics (seed 000's manager analytics; the design card's "managers
//! viewing live sales charts"): `/admin/analytics`, a period's key figures
//! against the period before, charts of sales, production and customers,
//! low stock, live as orders come in; exports of sales, stock and user
//! activity.
//!
//! Shape (as every feature folder): `types.rs` (shared with the browser),
//! `api.rs` (server functions), `pages/` (`/admin/analytics`), `texts.rs`,
//! `repo.rs` (SQL: sign-ins, the daily roll-ups and their refresh),
//! `charts.rs` (ECharts options built with charming), `export.rs` (CSV and
//! XLSX).

pub mod api;
pub mod pages;
pub mod texts;
pub mod types;

#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
