//! `GET /admin/reports/export.{csv,xlsx,txt}`: the report the reports page
//! shows (same query: `period`, `from`, `to`, or `saved`), as a spreadsheet
//! or as seed 002's plain text. A report is a few dozen lines, so each file
//! is built whole and sent with its length. Managers and admins.
//!
//! The layout, in every format: a heading with the dates, the figures
//! (orders, revenue, average order, completed, cancelled, new clients),
//! then the top clients and the top products. Money is a decimal with two
//! places (`3000.00`, as seed 002's API writes it; a number in XLSX);
//! dates are the page language's.
//!
//! The plain text, as seed 002's managers pasted reports into messages:
//!
//! ```text
//! Отчёт за 01.03.2026 – 31.03.2026
//!
//! Заказов: 3
//! Выручка: 3000.00
//! …
//!
//! Лучшие клиенты:
//! 1. Иванов Иван — 2 заказа, 3000.00
//!
//! Лучшие товары:
//! 1. Торт — 3 шт., 3000.00
//! ```

use axum::Extension;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

use super::api::ssr::shown;
use super::texts::{ReportTexts, texts};
use super::types::{ReportQuery, Shown, date_text};
use crate::accounts::guard::{Caller, check};
use crate::accounts::roles::MANAGERS;
use crate::i18n::{Locale, negotiate};
use crate::server::AppState;
use crate::server::download::{CSV, UTF8_BOM, XLSX, attachment, failed, refuse};
use crate::server::rest::money_text;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/reports/export.csv", get(csv_export))
        .route("/admin/reports/export.xlsx", get(xlsx_export))
        .route("/admin/reports/export.txt", get(txt_export))
}

/// A report ready to write out.
struct Export {
    shown: Shown,
    locale: Locale,
    t: &'static ReportTexts,
}

impl Export {
    fn heading(&self) -> String {
        (self.t.report_for)(
            &date_text(self.shown.date_from, self.locale),
            &date_text(self.shown.date_to, self.locale),
        )
    }

    /// The figures as (label, value, is money) lines.
    fn figures(&self) -> [(&'static str, i64, bool); 6] {
        let (f, t) = (&self.shown.figures, self.t);
        [
            (t.orders, f.orders, false),
            (t.revenue, f.revenue_minor, true),
            (t.average, f.average_minor, true),
            (t.completed, f.completed, false),
            (t.cancelled, f.cancelled, false),
            (t.new_clients, f.new_clients, false),
        ]
    }

    fn file_name(&self, ext: &str) -> String {
        format!(
            "report-{}-{}.{ext}",
            self.shown.date_from.format("%Y%m%d"),
            self.shown.date_to.format("%Y%m%d")
        )
    }
}

async fn start(
    state: &AppState,
    caller: Option<Extension<Caller>>,
    headers: &HeaderMap,
    query: &ReportQuery,
) -> Result<Export, Response> {
    check(caller.map(|c| c.0.0), &MANAGERS).map_err(refuse)?;
    let default = state.config.shop.default_locale;
    let locale = negotiate(headers, default);
    let t = texts(locale);
    let shown = shown(state, query, t).await.map_err(refuse)?;
    Ok(Export { shown, locale, t })
}

async fn csv_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Response {
    let e = match start(&state, caller, &headers, &query).await {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    match build_csv(&e) {
        Ok(bytes) => {
            let mut body = UTF8_BOM.to_vec();
            body.extend(bytes);
            attachment(CSV, &e.file_name("csv"), body)
        }
        Err(err) => failed("report export", err),
    }
}

fn build_csv(e: &Export) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let (t, f) = (e.t, &e.shown.figures);
    w.write_record([e.heading()])?;
    for (label, value, money) in e.figures() {
        let value = if money {
            money_text(value)
        } else {
            value.to_string()
        };
        w.write_record([label, value.as_str()])?;
    }
    w.write_record([""])?;
    w.write_record([t.top_clients, t.orders, t.revenue])?;
    for c in &f.top_clients {
        w.write_record([
            crate::server::download::csv_text(&c.name).into_owned(),
            c.orders.to_string(),
            money_text(c.revenue_minor),
        ])?;
    }
    w.write_record([""])?;
    w.write_record([t.top_products, t.quantity, t.revenue])?;
    for p in &f.top_products {
        w.write_record([
            crate::server::download::csv_text(&p.product).into_owned(),
            p.quantity.to_string(),
            money_text(p.revenue_minor),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

async fn xlsx_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Response {
    let e = match start(&state, caller, &headers, &query).await {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    match build_xlsx(&e) {
        Ok(bytes) => attachment(XLSX, &e.file_name("xlsx"), bytes),
        Err(err) => failed("report export", err),
    }
}

fn build_xlsx(e: &Export) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = book.add_worksheet();
    sheet.set_name(e.t.title)?;
    let (t, f) = (e.t, &e.shown.figures);
    sheet.write_string_with_format(0, 0, e.heading(), &bold)?;
    let mut r: u32 = 2;
    // Money as a number (a spreadsheet sums it), exact to the kopeck.
    let amount = |minor: i64| minor as f64 / 100.0;
    for (label, value, is_money) in e.figures() {
        sheet.write_string(r, 0, label)?;
        if is_money {
            sheet.write_number_with_format(r, 1, amount(value), &money)?;
        } else {
            sheet.write_number(r, 1, value as f64)?;
        }
        r += 1;
    }
    r += 1;
    for (col, h) in [t.top_clients, t.orders, t.revenue].into_iter().enumerate() {
        sheet.write_string_with_format(r, col as u16, h, &bold)?;
    }
    for c in &f.top_clients {
        r += 1;
        sheet.write_string(r, 0, &c.name)?;
        sheet.write_number(r, 1, c.orders as f64)?;
        sheet.write_number_with_format(r, 2, amount(c.revenue_minor), &money)?;
    }
    r += 2;
    for (col, h) in [t.top_products, t.quantity, t.revenue]
        .into_iter()
        .enumerate()
    {
        sheet.write_string_with_format(r, col as u16, h, &bold)?;
    }
    for p in &f.top_products {
        r += 1;
        sheet.write_string(r, 0, &p.product)?;
        sheet.write_number(r, 1, p.quantity as f64)?;
        sheet.write_number_with_format(r, 2, amount(p.revenue_minor), &money)?;
    }
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 14)?;
    book.save_to_buffer()
}

async fn txt_export(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Response {
    match start(&state, caller, &headers, &query).await {
        Ok(e) => attachment(
            "text/plain; charset=utf-8",
            &e.file_name("txt"),
            plain_text(&e).into_bytes(),
        ),
        Err(refused) => refused,
    }
}

/// The report as seed 002's plain text (see the module's comment).
fn plain_text(e: &Export) -> String {
    let (t, f) = (e.t, &e.shown.figures);
    let mut out = e.heading();
    out.push('\n');
    if let Some((id, at)) = &e.shown.saved {
        out.push_str(&(t.saved_note)(*id, at));
        out.push('\n');
    }
    out.push('\n');
    for (label, value, money) in e.figures() {
        let value = if money {
            money_text(value)
        } else {
            value.to_string()
        };
        out.push_str(&format!("{label}: {value}\n"));
    }
    out.push_str(&format!("\n{}:\n", t.top_clients));
    if f.top_clients.is_empty() {
        out.push_str(&format!("{}\n", t.nothing_sold));
    }
    for (i, c) in f.top_clients.iter().enumerate() {
        out.push_str(&format!(
            "{}. {} — {}, {}\n",
            i + 1,
            c.name,
            (t.orders_of_client)(c.orders),
            money_text(c.revenue_minor)
        ));
    }
    out.push_str(&format!("\n{}:\n", t.top_products));
    if f.top_products.is_empty() {
        out.push_str(&format!("{}\n", t.nothing_sold));
    }
    for (i, p) in f.top_products.iter().enumerate() {
        out.push_str(&format!(
            "{}. {} — {}, {}\n",
            i + 1,
            p.product,
            (t.pieces)(p.quantity),
            money_text(p.revenue_minor)
        ));
    }
    out
}
