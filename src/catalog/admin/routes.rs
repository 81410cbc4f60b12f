//! `GET /admin/catalog/export.csv` and `/admin/catalog/export.xlsx`: every
//! product the table's filters find (the same query string as
//! `/admin/catalog`), one row per variant, in the columns an import reads
//! back (see `sheet`). Staff, managers and admins; others get 401/403.

use axum::Extension;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;

use super::service;
use super::sheet;
use super::types::ProductFilter;
use crate::accounts::guard::{Caller, check};
use crate::accounts::roles::STAFF;
use crate::error::AppError;
use crate::server::AppState;
use crate::server::download::{attachment, failed, refuse};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/catalog/export.csv", get(csv_export))
        .route("/admin/catalog/export.xlsx", get(xlsx_export))
}

/// The rows for the caller, or the refusal.
async fn rows(
    state: &AppState,
    caller: Option<Extension<Caller>>,
    query: Option<String>,
) -> Result<Vec<Vec<String>>, Response> {
    check(caller.map(|c| c.0.0), &STAFF).map_err(refuse)?;
    let query = query.unwrap_or_default();
    if query.len() > 4096 {
        return Err(refuse(AppError::BadRequest("query too long".into())));
    }
    let filter = ProductFilter::parse(&query);
    service::export(&state.db, &filter).await.map_err(refuse)
}

fn file_name(ext: &str) -> String {
    format!(
        "assortment-{}.{ext}",
        chrono::Utc::now().format("%Y%m%d-%H%M")
    )
}

async fn csv_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    RawQuery(query): RawQuery,
) -> Response {
    let rows = match rows(&state, caller, query).await {
        Ok(rows) => rows,
        Err(refused) => return refused,
    };
    match sheet::write_csv(&rows) {
        Ok(bytes) => attachment("text/csv; charset=utf-8", &file_name("csv"), bytes),
        Err(err) => failed("the assortment's CSV export", err),
    }
}

async fn xlsx_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    RawQuery(query): RawQuery,
) -> Response {
    let rows = match rows(&state, caller, query).await {
        Ok(rows) => rows,
        Err(refused) => return refused,
    };
    // rust_xlsxwriter is synchronous: the workbook is built on a blocking thread.
    match tokio::task::spawn_blocking(move || sheet::write_xlsx(&rows)).await {
        Ok(Ok(bytes)) => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &file_name("xlsx"),
            bytes,
        ),
        Ok(Err(err)) => failed("the assortment's XLSX export", err),
        Err(err) => failed("the assortment's XLSX export", err),
    }
}
