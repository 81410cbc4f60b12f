//! Seed 002's reports endpoints:
//!
//! - `POST /api/reports/new/` (`period`: day, week, month, year; or
//!   `date_from` and `date_to`, `dd.mm.yyyy` or `yyyy-mm-dd`) → the saved
//!   report with its figures
//! - `POST|GET /api/reports/get/` → `{"reports": [… newest first, up to 100]}`
//! - `POST|GET /api/reports/get/{id}/` → `{"report": {…}}`
//!
//! Periods end today, in the shop's time zone, and include it. Managers and
//! admins only (reports show revenue).

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde_json::{Value, json};

use super::repo;
use super::types::{Period, Report};
use crate::accounts::jwt::ApiUser;
use crate::clients::routes::WRITE;
use crate::error::AppError;
use crate::server::AppState;
use crate::server::rest::{Payload, Problems, money_text, path_id, seed_datetime};

/// The longest range a report covers (ten years).
const MAX_DAYS: i64 = 3660;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/reports/new/", post(new))
        .route("/api/reports/get/", post(list).get(list))
        .route("/api/reports/get/{id}/", post(one).get(one))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

/// A client among a report's best.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiTopClient {
    pub id: i64,
    pub full_name: String,
    pub orders: i64,
    pub revenue: String,
}

/// A product among a report's best sellers.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiTopProduct {
    pub product: String,
    pub quantity: i64,
    pub revenue: String,
}

/// A saved report as the API shows it (money as decimal strings, dates
/// `dd.mm.yyyy`).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiReport {
    pub id: i64,
    /// day, week, month, year or range.
    pub period: String,
    pub date_from: String,
    pub date_to: String,
    pub created_at: String,
    pub orders: i64,
    pub revenue: String,
    pub average_order: String,
    pub completed_orders: i64,
    pub cancelled_orders: i64,
    pub new_clients: i64,
    pub top_clients: Vec<ApiTopClient>,
    pub top_products: Vec<ApiTopProduct>,
}

fn api_report(state: &AppState, r: &Report) -> ApiReport {
    let f = &r.figures;
    ApiReport {
        id: r.id,
        period: r.period.code().to_owned(),
        date_from: r.date_from.format("%d.%m.%Y").to_string(),
        date_to: r.date_to.format("%d.%m.%Y").to_string(),
        created_at: seed_datetime(&state.config, r.created_at),
        orders: f.orders,
        revenue: money_text(f.revenue_minor),
        average_order: money_text(f.average_minor),
        completed_orders: f.completed,
        cancelled_orders: f.cancelled,
        new_clients: f.new_clients,
        top_clients: f
            .top_clients
            .iter()
            .map(|c| ApiTopClient {
                id: c.client_id,
                full_name: c.name.clone(),
                orders: c.orders,
                revenue: money_text(c.revenue_minor),
            })
            .collect(),
        top_products: f
            .top_products
            .iter()
            .map(|p| ApiTopProduct {
                product: p.product.clone(),
                quantity: p.quantity,
                revenue: money_text(p.revenue_minor),
            })
            .collect(),
    }
}

/// `POST /api/reports/new/`
pub async fn new(
    State(state): State<AppState>,
    caller: ApiUser,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&WRITE)?;
    let mut p = Problems::default();
    let today = crate::orders::schedule::today(&state.config);
    let from_text = payload
        .text("date_from", 20, &mut p)
        .filter(|s| !s.is_empty());
    let to_text = payload
        .text("date_to", 20, &mut p)
        .filter(|s| !s.is_empty());
    let period_text = payload.text("period", 20, &mut p).filter(|s| !s.is_empty());
    let mut dates = None;
    let mut period = Period::Range;
    if from_text.is_some() || to_text.is_some() {
        let from = from_text.as_deref().and_then(parse_date);
        let to = to_text.as_deref().map_or(Some(today), parse_date);
        if from.is_none() {
            p.add(
                "date_from",
                "date_from must be a date: dd.mm.yyyy or yyyy-mm-dd.",
            );
        }
        if to.is_none() {
            p.add(
                "date_to",
                "date_to must be a date: dd.mm.yyyy or yyyy-mm-dd.",
            );
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                p.add("date_to", "date_to must not be before date_from.");
            } else if (t - f).num_days() > MAX_DAYS {
                p.add("date_from", "A report covers at most ten years.");
            } else {
                dates = Some((f, t));
            }
        }
    } else {
        match period_text.as_deref().map(Period::parse) {
            Some(Some(Period::Range)) | None => {
                p.add(
                    "period",
                    "Send period (day, week, month, year) or date_from and date_to.",
                );
            }
            Some(Some(chosen)) => {
                period = chosen;
                dates = chosen.dates(today);
            }
            Some(None) => p.add("period", "period must be day, week, month or year."),
        }
    }
    p.done()?;
    let (from, to) = dates.ok_or(AppError::Internal)?;
    let figures = repo::figures(
        &state.db,
        state.config.midnight(from),
        state.config.midnight(to + chrono::Duration::days(1)),
    )
    .await?;
    let id = repo::save(&state.db, period, from, to, &figures, Some(user.id)).await?;
    let report = repo::get(&state.db, id).await?.ok_or(AppError::Internal)?;
    Ok(Json(
        json!({ "success": true, "report": api_report(&state, &report) }),
    ))
}

/// `POST|GET /api/reports/get/`
pub async fn list(State(state): State<AppState>, caller: ApiUser) -> Result<Json<Value>, AppError> {
    caller.require(&WRITE)?;
    let reports = repo::list(&state.db, 100).await?;
    let reports: Vec<ApiReport> = reports.iter().map(|r| api_report(&state, r)).collect();
    Ok(Json(json!({ "reports": reports })))
}

/// `POST|GET /api/reports/get/{id}/`
pub async fn one(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    caller.require(&WRITE)?;
    let id = path_id(&id)?;
    let report = repo::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(json!({ "report": api_report(&state, &report) })))
}
