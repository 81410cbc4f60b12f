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

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::repo;
use super::types::{RangeProblem, Report, resolve};
use crate::accounts::jwt::ApiUser;
use crate::accounts::roles::MANAGERS;
use crate::error::{AppError, FieldErrors};
use crate::server::AppState;
use crate::server::openapi::{ErrorBody, ReportCreated, ReportEnvelope, ReportList, ReportRequest};
use crate::server::rest::{Payload, money_text, path_id, seed_datetime};

/// The routes with their documentation (each handler's `#[utoipa::path]`);
/// GET is routed beside POST for the reads, as seed 002 allows.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(new))
        .routes(routes!(list))
        .routes(routes!(one))
}

/// The API's (English) words for a refused period.
fn api_message(problem: RangeProblem) -> &'static str {
    match problem {
        RangeProblem::Missing => "Send period (day, week, month, year) or date_from and date_to.",
        RangeProblem::UnknownPeriod => "period must be day, week, month or year.",
        RangeProblem::FromNotDate => "date_from must be a date: dd.mm.yyyy or yyyy-mm-dd.",
        RangeProblem::ToNotDate => "date_to must be a date: dd.mm.yyyy or yyyy-mm-dd.",
        RangeProblem::Reversed => "date_to must not be before date_from.",
        RangeProblem::TooLong => "A report covers at most ten years.",
    }
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

/// Computes and saves a report for a period (managers and admins).
#[utoipa::path(post, path = "/api/reports/new/", tag = "reports", request_body = ReportRequest, security(("bearer" = [])),
    responses((status = 200, body = ReportCreated), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn new(
    State(state): State<AppState>,
    caller: ApiUser,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?;
    let mut p = FieldErrors::default();
    let today = crate::orders::schedule::today(&state.config);
    let from_text = payload
        .text("date_from", 20, &mut p)
        .filter(|s| !s.is_empty());
    let to_text = payload
        .text("date_to", 20, &mut p)
        .filter(|s| !s.is_empty());
    let period_text = payload.text("period", 20, &mut p).filter(|s| !s.is_empty());
    let resolved = resolve(
        today,
        period_text.as_deref(),
        from_text.as_deref(),
        to_text.as_deref(),
    );
    if let Err(problems) = &resolved {
        for problem in problems {
            p.add(problem.field(), api_message(*problem));
        }
    }
    p.done()?;
    let (period, from, to) =
        resolved.map_err(|_| AppError::internal("a period already checked", "did not resolve"))?;
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

/// The saved reports, newest first (at most 100).
#[utoipa::path(method(post, get), path = "/api/reports/get/", tag = "reports", security(("bearer" = [])),
    responses((status = 200, body = ReportList), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: ApiUser) -> Result<Json<Value>, AppError> {
    caller.require(&MANAGERS)?;
    let reports = repo::list(&state.db, 100).await?;
    let reports: Vec<ApiReport> = reports.iter().map(|r| api_report(&state, r)).collect();
    Ok(Json(json!({ "reports": reports })))
}

/// One saved report.
#[utoipa::path(method(post, get), path = "/api/reports/get/{id}/", tag = "reports", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The report's id")),
    responses((status = 200, body = ReportEnvelope), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    caller.require(&MANAGERS)?;
    let id = path_id(&id)?;
    let report = repo::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(json!({ "report": api_report(&state, &report) })))
}
