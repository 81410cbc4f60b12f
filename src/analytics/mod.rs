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

/// Notes a sign-in for the user-activity figures (`method`: "password" or
/// "oauth"). A sign-in never fails for it: a failure is logged and dropped.
#[cfg(feature = "ssr")]
pub async fn record_login(db: &crate::server::db::Db, user_id: i64, method: &str) {
    if let Err(err) = repo::record_login(db, user_id, method).await {
        tracing::warn!(error = %err, user_id, method, "could not record a sign-in");
    }
}

/// Works out the daily roll-ups of the days whose orders changed since the
/// last time (all of them after a change of time zone): the number of days.
#[cfg(feature = "ssr")]
pub async fn refresh(
    db: &crate::server::db::Db,
    config: &crate::server::config::Config,
) -> Result<usize, sqlx::Error> {
    repo::refresh(db, config).await
}
