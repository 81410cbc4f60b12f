//! `GET /admin/analytics/export.{csv,xlsx}?report=sales|stock|activity&…`:
//! the dashboard's reports with the page's filters. Sales: the key figures
//! against the period before, then revenue per period, by category,
//! product, store, size and status. Stock: every shelf item per store (the
//! filters' store and category), low ones marked. User activity:
//! registrations, sign-ins and active users per period, and production
//! (hours in each stage, orders finished). Money is a decimal with two
//! places (a number in XLSX). Managers and admins.

use crate::server::download::csv_text;
use axum::Extension;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::dashboard::dashboard;
use super::repo;
use super::texts::{AnalyticsTexts, texts};
use super::types::{AnalyticsQuery, Dashboard};
use crate::accounts::guard::{Caller, check};
use crate::accounts::roles::MANAGERS;
use crate::error::AppError;
use crate::i18n::negotiate;
use crate::server::AppState;
use crate::server::download::{CSV, UTF8_BOM, XLSX, attachment, failed, refuse};
use crate::server::rest::money_text;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/analytics/export.csv", get(csv_export))
        .route("/admin/analytics/export.xlsx", get(xlsx_export))
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    #[serde(default)]
    report: String,
    #[serde(flatten)]
    query: AnalyticsQuery,
}

/// A titled table of a report.
struct Section {
    title: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A report ready to write out.
struct Report {
    name: &'static str,
    title: String,
    sections: Vec<Section>,
}

fn section_of(d: &Dashboard, id: &str) -> Option<Section> {
    d.charts.iter().find(|c| c.id == id).map(|c| Section {
        title: c.title.clone(),
        head: c.head.clone(),
        rows: c.rows.clone(),
    })
}

async fn build(
    state: &AppState,
    caller: Option<Extension<Caller>>,
    headers: &HeaderMap,
    q: ExportQuery,
) -> Result<Report, Response> {
    check(caller.map(|c| c.0.0), &MANAGERS).map_err(refuse)?;
    let default = state.config.shop.default_locale;
    let locale = negotiate(headers, default);
    let t: &AnalyticsTexts = texts(locale);
    let report = match q.report.trim() {
        "" | "sales" => "sales",
        "stock" => "stock",
        "activity" => "activity",
        _ => {
            return Err(refuse(AppError::field(
                "report",
                "Choose sales, stock or activity.",
            )));
        }
    };
    let d = dashboard(&state.db, &state.config, q.query, locale, true)
        .await
        .map_err(refuse)?;
    if !d.problems.is_empty() {
        return Err(refuse(AppError::Invalid(d.problems)));
    }
    let span = format!(
        "{} – {}",
        crate::reports::types::date_text(d.from, locale),
        crate::reports::types::date_text(d.to, locale)
    );
    let mut sections = Vec::new();
    let (title, name) = match report {
        "sales" => {
            let (n, b) = (d.kpis, d.previous);
            let previous = format!(
                "{} – {}",
                crate::reports::types::date_text(d.previous_from, locale),
                crate::reports::types::date_text(d.previous_to, locale)
            );
            sections.push(Section {
                title: t.export_sales.into(),
                head: vec![String::new(), span.clone(), previous],
                rows: vec![
                    vec![
                        t.revenue.into(),
                        money_text(n.revenue_minor),
                        money_text(b.revenue_minor),
                    ],
                    vec![t.orders.into(), n.orders.to_string(), b.orders.to_string()],
                    vec![
                        t.average.into(),
                        money_text(n.average_minor),
                        money_text(b.average_minor),
                    ],
                    vec![
                        t.customers.into(),
                        format!("{} / {}", n.new_customers, n.returning_orders),
                        format!("{} / {}", b.new_customers, b.returning_orders),
                    ],
                    vec![
                        t.cancelled_share.into(),
                        n.cancelled.to_string(),
                        b.cancelled.to_string(),
                    ],
                ],
            });
            for id in [
                "chart-revenue",
                "chart-categories",
                "chart-products",
                "chart-stores",
                "chart-variants",
                "chart-status",
            ] {
                sections.extend(section_of(&d, id));
            }
            (format!("{} {span}", t.export_sales), "sales")
        }
        "stock" => {
            let all = repo::stock(&state.db, None, store_of(&d), category_of(&d), 100_000)
                .await
                .map_err(|e| refuse(e.into()))?;
            sections.push(Section {
                title: t.export_stock.into(),
                head: vec![
                    t.col_store.into(),
                    t.col_product.into(),
                    t.col_variant.into(),
                    t.col_sku.into(),
                    t.col_left_stock.into(),
                    t.low_stock.into(),
                ],
                rows: all
                    .iter()
                    .map(|r| {
                        vec![
                            r.store.clone(),
                            r.product.clone(),
                            r.variant.clone(),
                            r.sku.clone(),
                            r.quantity.to_string(),
                            if r.quantity <= d.low_threshold {
                                "✓".into()
                            } else {
                                String::new()
                            },
                        ]
                    })
                    .collect(),
            });
            (t.export_stock.to_owned(), "stock")
        }
        _ => {
            for id in ["chart-activity", "chart-stage-time", "chart-finished"] {
                sections.extend(section_of(&d, id));
            }
            (format!("{} {span}", t.export_activity), "activity")
        }
    };
    Ok(Report {
        name,
        title,
        sections,
    })
}

fn store_of(d: &Dashboard) -> Option<i64> {
    d.query.store.trim().parse().ok()
}

fn category_of(d: &Dashboard) -> Option<i64> {
    d.query.category.trim().parse().ok()
}

async fn csv_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Response {
    let report = match build(&state, caller, &headers, q).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let write = || -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        w.write_record([&report.title])?;
        for s in &report.sections {
            w.write_record([""])?;
            w.write_record([&s.title])?;
            w.write_record(&s.head)?;
            for row in &s.rows {
                w.write_record(row.iter().map(|cell| csv_text(cell).into_owned()))?;
            }
        }
        w.into_inner().map_err(|e| e.into_error().into())
    };
    match write() {
        Ok(bytes) => {
            let mut body = UTF8_BOM.to_vec();
            body.extend(bytes);
            attachment(CSV, &format!("analytics-{}.csv", report.name), body)
        }
        Err(err) => failed("analytics export", err),
    }
}

async fn xlsx_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Response {
    let report = match build(&state, caller, &headers, q).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let write = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet();
        sheet.write_string_with_format(0, 0, &report.title, &bold)?;
        let mut r: u32 = 1;
        for s in &report.sections {
            r += 1;
            sheet.write_string_with_format(r, 0, &s.title, &bold)?;
            r += 1;
            for (c, h) in s.head.iter().enumerate() {
                sheet.write_string_with_format(r, c as u16, h, &bold)?;
            }
            for row in &s.rows {
                r += 1;
                for (c, cell) in row.iter().enumerate() {
                    // Figures as numbers (a spreadsheet sums them); names as text.
                    match cell.parse::<f64>() {
                        Ok(n) if c > 0 => sheet.write_number(r, c as u16, n)?,
                        _ => sheet.write_string(r, c as u16, cell)?,
                    };
                }
            }
            r += 1;
        }
        sheet.set_column_width(0, 32)?;
        book.save_to_buffer()
    };
    match write() {
        Ok(bytes) => attachment(XLSX, &format!("analytics-{}.xlsx", report.name), bytes),
        Err(err) => failed("analytics export", err),
    }
}
