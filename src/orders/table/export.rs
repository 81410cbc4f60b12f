//! `GET /admin/orders/export.csv` and `/admin/orders/export.xlsx`: every
//! order the table's filters find (same query string as `/admin/orders`),
//! in the columns shown (`cols`), in the table's order.
//!
//! CSV is streamed: rows go out as the database yields them, so the
//! browser's download shows progress from the first byte and the server
//! never holds the whole export. XLSX (rust_xlsxwriter, constant-memory
//! worksheet) is a zip that can only be finished at the end: it is built
//! while the rows stream in, then sent with its length, so the download
//! shows progress too. Staff, managers and admins; others get 401/403.

use axum::Extension;
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::mpsc;

use super::api::ssr::{check_filter, line};
use super::repo::{self, TableRow};
use super::texts::{OrderTableTexts, table_texts};
use crate::accounts::guard::{Caller, check};
use crate::accounts::roles::STAFF;
use crate::error::AppError;
use crate::i18n::{Locale, negotiate};
use crate::orders::types::{OrderColumn, OrderFilter, OrderLine};
use crate::production::types::Stages;
use crate::server::AppState;
use crate::server::download::refuse;

/// Rows per chunk of a streamed CSV.
const CSV_CHUNK_ROWS: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/orders/export.csv", get(csv_export))
        .route("/admin/orders/export.xlsx", get(xlsx_export))
}

/// What an export needs: the rows' stream, the columns and the texts.
struct Export {
    rows: mpsc::Receiver<Result<TableRow, sqlx::Error>>,
    columns: Vec<OrderColumn>,
    stages: Stages,
    locale: Locale,
    tz: chrono_tz::Tz,
    t: &'static OrderTableTexts,
}

async fn start(
    state: &AppState,
    caller: Option<Extension<Caller>>,
    headers: &HeaderMap,
    query: Vec<(String, String)>,
) -> Result<Export, Response> {
    check(caller.map(|c| c.0.0), &STAFF).map_err(refuse)?;
    let default = state.config.shop.default_locale;
    let locale = negotiate(headers, default);
    let t = table_texts(locale);
    let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let filter = OrderFilter::from_query(get);
    let codes: Vec<String> = query
        .iter()
        .filter(|(k, _)| k == "cols")
        .map(|(_, v)| v.clone())
        .collect();
    let stages = crate::production::api::ssr::stages_for(state)
        .await
        .map_err(refuse)?;
    let q = check_filter(state, &filter, &stages, t).map_err(refuse)?;
    let (tx, rows) = mpsc::channel(1024);
    tokio::spawn(repo::table_stream(state.db.clone(), q, tx));
    Ok(Export {
        rows,
        columns: OrderColumn::chosen(&codes),
        stages,
        locale,
        tz: state.config.tz(),
        t,
    })
}

/// A cell's text (CSV, and XLSX's text cells).
fn cell(e: &Export, o: &OrderLine, column: OrderColumn) -> String {
    match column {
        OrderColumn::Number => o.id.to_string(),
        OrderColumn::Created => o.created.clone(),
        OrderColumn::Client => o.client_name.clone(),
        OrderColumn::Phone => o.phone.clone(),
        OrderColumn::Items => o.items.clone(),
        OrderColumn::Stage => o.stage_name.clone(),
        OrderColumn::Ready => match &o.ready_date {
            Some(d) => format!("{d} {}", o.time_slot).trim().to_owned(),
            None => String::new(),
        },
        OrderColumn::Fulfilment => match o.fulfilment.as_str() {
            "delivery" => e.t.delivery.to_owned(),
            _ => match &o.store_name {
                Some(store) => format!("{} · {store}", e.t.pickup),
                None => e.t.pickup.to_owned(),
            },
        },
        OrderColumn::Payment => (e.t.payment_status)(&o.payment_status).to_owned(),
        OrderColumn::Total => crate::server::rest::money_text(o.total_minor),
        OrderColumn::Notes => o.notes.clone(),
    }
}

fn file_name(ext: &str) -> String {
    format!(
        "attachment; filename=\"orders-{}.{ext}\"",
        chrono::Utc::now().format("%Y%m%d-%H%M")
    )
}

async fn csv_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let mut export = match start(&state, caller, &headers, query).await {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    let (chunks_tx, chunks) = mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    tokio::spawn(async move {
        // Each chunk is a writer of its own over a fresh buffer, sent when
        // full: the response carries rows while the query still runs.
        let writer = || {
            csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new())
        };
        // A byte-order mark first, so spreadsheet programs read the UTF-8 right.
        if chunks_tx.send(Ok(b"\xEF\xBB\xBF".to_vec())).await.is_err() {
            return;
        }
        let mut out = writer();
        let header: Vec<&str> = export
            .columns
            .iter()
            .map(|c| (export.t.column)(*c))
            .collect();
        let mut rows_in_chunk = 0;
        let mut failed = out.write_record(&header).err();
        while failed.is_none() {
            match export.rows.recv().await {
                None => break,
                Some(Err(err)) => {
                    tracing::error!(error = %err, "orders export stopped");
                    let _ = chunks_tx
                        .send(Err(std::io::Error::other("the export stopped")))
                        .await;
                    return;
                }
                Some(Ok(row)) => {
                    let o = line(row, &export.stages, export.locale, export.tz);
                    let record: Vec<String> = export
                        .columns
                        .iter()
                        .map(|c| {
                            crate::server::download::csv_text(&cell(&export, &o, *c)).into_owned()
                        })
                        .collect();
                    failed = out.write_record(&record).err();
                    rows_in_chunk += 1;
                    if failed.is_none() && rows_in_chunk == CSV_CHUNK_ROWS {
                        rows_in_chunk = 0;
                        let full = std::mem::replace(&mut out, writer());
                        match full.into_inner() {
                            Ok(chunk) => {
                                if chunks_tx.send(Ok(chunk)).await.is_err() {
                                    return; // the browser went away
                                }
                            }
                            Err(err) => {
                                tracing::error!(error = %err, "orders export could not write CSV");
                                return;
                            }
                        }
                    }
                }
            }
        }
        if let Some(err) = failed {
            tracing::error!(error = %err, "orders export could not write CSV");
            let _ = chunks_tx
                .send(Err(std::io::Error::other("the export stopped")))
                .await;
            return;
        }
        match out.into_inner() {
            Ok(rest) => {
                let _ = chunks_tx.send(Ok(rest)).await;
            }
            Err(err) => tracing::error!(error = %err, "orders export could not finish CSV"),
        }
    });
    let mut chunks = chunks;
    let stream = futures::stream::poll_fn(move |cx| chunks.poll_recv(cx));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file_name("csv")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

async fn xlsx_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let export = match start(&state, caller, &headers, query).await {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    // rust_xlsxwriter is synchronous: the rows cross to a blocking thread.
    let built = tokio::task::spawn_blocking(move || build_xlsx(export)).await;
    match built {
        Ok(Ok(bytes)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
                ),
                (header::CONTENT_DISPOSITION, file_name("xlsx")),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "orders export could not build XLSX");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Internal.to_string(),
            )
                .into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "orders export task failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Internal.to_string(),
            )
                .into_response()
        }
    }
}

fn build_xlsx(mut export: Export) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name(export.t.title).map_err(|e| e.to_string())?;
    for (col, c) in export.columns.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, (export.t.column)(*c), &bold)
            .map_err(|e| e.to_string())?;
    }
    let mut r: u32 = 0;
    while let Some(row) = export.rows.blocking_recv() {
        let row = row.map_err(|e| e.to_string())?;
        r += 1;
        let o = line(row, &export.stages, export.locale, export.tz);
        for (col, c) in export.columns.iter().enumerate() {
            let col = col as u16;
            match c {
                OrderColumn::Number => sheet.write_number(r, col, o.id as f64),
                // Money as a number (a spreadsheet sums it); exact to the
                // kopeck well past any order's total.
                OrderColumn::Total => {
                    sheet.write_number_with_format(r, col, o.total_minor as f64 / 100.0, &money)
                }
                _ => sheet.write_string(r, col, cell(&export, &o, *c)),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}
