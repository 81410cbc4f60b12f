//! Seed 002's REST API for orders, path for path:
//!
//! - `POST /api/orders/add/` (`client`, `product`, `quantity`, `price`,
//!   `description`) → `{"success": true, "id": N}`: an order of one line
//!   (the product may be free text), picked up and paid in cash.
//! - `POST|GET /api/orders/get/{id}/` → the order
//! - `POST|GET /api/orders/get/` (`start_id`, `client_id`, `status`) →
//!   `{"orders": [… up to 50], "next_start_id": N|null}`
//! - `POST|PUT|PATCH /api/orders/edit/{id}/` → `{"success": true}`
//! - `DELETE /api/orders/delete/{id}/` → `{"success": true}`
//!
//! Seed 002 knew three statuses; ours are the production stages. An order
//! is `Pending` while its stage is open, `Completed` in a done stage and
//! `Cancelled` in a cancelled one (`stage` gives the stage itself). Setting
//! `status` moves the order through the production rules: `Completed` to
//! the first done stage, `Cancelled` to the first cancelled stage, `Pending`
//! back to `new` (only from a final stage); `stage` moves it to any stage.
//!
//! Multi-item orders (from the storefront or the back office) appear with
//! `product` naming every line ("Eclair ×2; Napoleon 1 kg ×1"), `quantity`
//! 1 and `price` = `total_price` = the order's total, plus `items`, one
//! entry per line. Their lines cannot be edited through this API (409): it
//! has one product per order; status, description and client can.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{
    self, EditRefusal, OrderPatch, RecordItem, RecordQuery, RecordRow, SimpleOrder,
};
use crate::accounts::jwt::ApiUser;
use crate::accounts::roles::{MANAGERS, STAFF};
use crate::domain::{NewLine, Notes, Price, Problems as DomainProblems, ProductName, Quantity};
use crate::error::{AppError, FieldErrors};
use crate::history::types::Actor;
use crate::production::types::{ENTRY_STAGE, StageKind, Stages};
use crate::server::AppState;
use crate::server::openapi::{
    Created, ErrorBody, OrderEdit, OrderInput, OrderList, OrderListRequest, Success,
};
use crate::server::rest::{Payload, money_text, path_id, seed_datetime, success};

/// Orders per page of `/api/orders/get/`.
pub const PAGE: i64 = 50;

/// The routes with their documentation (each handler's `#[utoipa::path]`);
/// the aliases seed 002 allows (GET for reads, PUT and PATCH for edits) are
/// routed beside them.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(add))
        .routes(routes!(list))
        .routes(routes!(one))
        .routes(routes!(edit))
        .routes(routes!(remove))
}

/// Seed 002's status of a stage kind.
pub fn status_of(kind: &str) -> &'static str {
    match StageKind::parse(kind) {
        Some(StageKind::Done) => "Completed",
        Some(StageKind::Cancelled) => "Cancelled",
        _ => "Pending",
    }
}

/// The stage kind of one of seed 002's statuses (any letter case).
pub fn kind_of_status(status: &str) -> Option<StageKind> {
    match status.trim().to_ascii_lowercase().as_str() {
        "pending" => Some(StageKind::Open),
        "completed" => Some(StageKind::Done),
        "cancelled" | "canceled" => Some(StageKind::Cancelled),
        _ => None,
    }
}

/// The client of an order, as seed 002 shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiOrderClient {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub mobile_phone: String,
}

/// One line of an order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiOrderItem {
    pub product: String,
    pub variant: String,
    pub quantity: i64,
    /// Unit price, a decimal string.
    pub price: String,
    pub total_price: String,
}

/// An order as seed 002's API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiOrder {
    pub id: i64,
    pub client: ApiOrderClient,
    pub product: String,
    pub quantity: i64,
    /// A decimal string: "1500.00".
    pub price: String,
    pub total_price: String,
    pub description: String,
    /// `Pending`, `Completed` or `Cancelled`.
    pub status: String,
    /// The production stage's code.
    pub stage: String,
    /// `dd.mm.yyyy HH:MM`, the shop's time zone.
    pub created_at: String,
    pub items: Vec<ApiOrderItem>,
}

fn line_name(item: &RecordItem) -> String {
    if item.variant_name.is_empty() {
        item.product_name.clone()
    } else {
        format!("{} {}", item.product_name, item.variant_name)
    }
}

impl ApiOrder {
    pub fn build(state: &AppState, row: RecordRow, items: Vec<&RecordItem>) -> ApiOrder {
        let (product, quantity, price) = match items.as_slice() {
            [one] => (
                line_name(one),
                i64::from(one.quantity),
                one.unit_price_minor,
            ),
            many => (
                many.iter()
                    .map(|i| format!("{} ×{}", line_name(i), i.quantity))
                    .collect::<Vec<_>>()
                    .join("; "),
                1,
                row.total_minor,
            ),
        };
        let full_name = [&row.first_name, &row.last_name]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        ApiOrder {
            id: row.id,
            client: ApiOrderClient {
                id: row.client_id,
                full_name,
                email: row.email,
                mobile_phone: row.phone,
            },
            product,
            quantity,
            price: money_text(price),
            total_price: money_text(row.total_minor),
            description: row.notes,
            status: status_of(&row.stage_kind).to_owned(),
            stage: row.stage,
            created_at: seed_datetime(&state.config, row.created_at),
            items: items
                .iter()
                .map(|i| ApiOrderItem {
                    product: i.product_name.clone(),
                    variant: i.variant_name.clone(),
                    quantity: i64::from(i.quantity),
                    price: money_text(i.unit_price_minor),
                    total_price: money_text(i.unit_price_minor * i64::from(i.quantity)),
                })
                .collect(),
        }
    }
}

/// Adds a one-line order for a client (managers and admins).
#[utoipa::path(post, path = "/api/orders/add/", tag = "orders", request_body = OrderInput, security(("bearer" = [])),
    responses((status = 200, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    caller: ApiUser,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?;
    let mut p = FieldErrors::default();
    let client_id = if payload.has("client") {
        payload.required_int("client", 1, i64::MAX, &mut p)
    } else {
        payload.required_int("client_id", 1, i64::MAX, &mut p)
    };
    // The line parses with the same types as the order page's forms.
    let mut d = DomainProblems::default();
    let (product, price, quantity) = (
        field(&payload, "product", &mut p),
        field(&payload, "price", &mut p),
        field(&payload, "quantity", &mut p),
    );
    let line = NewLine::parse(&product, &price, &quantity, &mut d);
    let notes = d.check(
        "description",
        Notes::parse(&field(&payload, "description", &mut p)),
    );
    p.0.extend(d.worded(|field, problem| problem.english(field)));
    p.done()?;
    let (Some(client_id), Some(line), Some(notes)) = (client_id, line, notes) else {
        return Err(AppError::internal(
            "an order checked whole",
            "a field is missing",
        ));
    };
    let order = SimpleOrder {
        client_id,
        product: line.product.into_string(),
        quantity: line.quantity.get(),
        unit_price_minor: line.price.minor(),
        notes: notes.into_string(),
        source: "api",
    };
    match service::create(&state.db, &order, Actor::api(user.id)).await? {
        Some(id) => Ok(Json(json!({ "success": true, "id": id }))),
        None => Err(AppError::field(
            "client",
            format!("There is no client {client_id}."),
        )),
    }
}

/// One order. Multi-line orders name every line in `product`, with quantity 1 and price = total; `items` lists the lines.
#[utoipa::path(method(post, get), path = "/api/orders/get/{id}/", tag = "orders", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The order's id")),
    responses((status = 200, body = ApiOrder), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ApiOrder>, AppError> {
    caller.require(&STAFF)?;
    let id = path_id(&id)?;
    let (row, items) = service::record(&state.db, id).await?;
    Ok(Json(ApiOrder::build(&state, row, items.iter().collect())))
}

/// 50 orders from `start_id` on, of a client and with a status when given.
#[utoipa::path(method(post, get), path = "/api/orders/get/", tag = "orders", request_body = OrderListRequest, security(("bearer" = [])),
    responses((status = 200, body = OrderList), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    caller.require(&STAFF)?;
    let mut p = FieldErrors::default();
    let start_id = payload.int("start_id", 0, i64::MAX, &mut p).unwrap_or(0);
    let client_id = payload.int("client_id", 1, i64::MAX, &mut p);
    let kind = match payload.text("status", 20, &mut p) {
        Some(s) if !s.is_empty() => match kind_of_status(&s) {
            Some(k) => Some(k.code().to_owned()),
            None => {
                p.add("status", "status must be Pending, Completed or Cancelled.");
                None
            }
        },
        _ => None,
    };
    p.done()?;
    let (rows, items) = service::records(
        &state.db,
        &RecordQuery {
            start_id,
            client_id,
            kind,
            limit: PAGE,
            desc: false,
        },
    )
    .await?;
    let next_start_id = (rows.len() as i64 == PAGE)
        .then(|| rows.last().map(|r| r.id + 1))
        .flatten();
    let orders: Vec<ApiOrder> = rows
        .into_iter()
        .map(|row| {
            let mine = items.iter().filter(|i| i.order_id == row.id).collect();
            ApiOrder::build(&state, row, mine)
        })
        .collect();
    Ok(Json(
        json!({ "orders": orders, "next_start_id": next_start_id }),
    ))
}

/// The stage a status or stage field asks for, checked against `stages`;
/// `None` when the order stays where it is.
fn target_stage(
    payload: &Payload,
    stages: &Stages,
    current: &str,
    current_kind: &str,
    p: &mut FieldErrors,
) -> Option<String> {
    if let Some(stage) = payload.text("stage", 32, p).filter(|s| !s.is_empty()) {
        if stages.get(&stage).is_none() {
            p.add(
                "stage",
                "stage must be one of the production stages' codes.",
            );
            return None;
        }
        return (stage != current).then_some(stage);
    }
    let status = payload.text("status", 20, p).filter(|s| !s.is_empty())?;
    let Some(kind) = kind_of_status(&status) else {
        p.add("status", "status must be Pending, Completed or Cancelled.");
        return None;
    };
    if StageKind::parse(current_kind) == Some(kind) {
        return None;
    }
    match kind {
        StageKind::Open => Some(ENTRY_STAGE.to_owned()),
        _ => {
            let target = stages
                .0
                .iter()
                .find(|s| s.kind == kind)
                .map(|s| s.code.clone());
            if target.is_none() {
                p.add("status", "No production stage has this status.");
            }
            target
        }
    }
}

/// Changes the fields sent; everything is checked before anything is written.
///
/// The fields: `client`, `product`, `quantity`, `price`, `description`,
/// `status` or `stage` (PUT and PATCH work too).
#[utoipa::path(method(post, put, patch), path = "/api/orders/edit/{id}/", tag = "orders", request_body = OrderEdit, security(("bearer" = [])),
    params(("id" = i64, Path, description = "The order's id")),
    responses((status = 200, body = Success), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "A multi-line order's lines, or a move the rules refuse", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?.clone();
    let id = path_id(&id)?;
    let (row, items) = service::record(&state.db, id).await?;
    let stages = crate::production::api::ssr::stages_for(&state).await?;
    let mut p = FieldErrors::default();
    let client_id = if payload.has("client") {
        payload.int("client", 1, i64::MAX, &mut p)
    } else {
        payload.int("client_id", 1, i64::MAX, &mut p)
    };
    let mut d = DomainProblems::default();
    let given =
        |name: &str, p: &mut FieldErrors| payload.has(name).then(|| field(&payload, name, p));
    let product = given("product", &mut p).and_then(|v| d.check("product", ProductName::parse(&v)));
    let quantity = given("quantity", &mut p).and_then(|v| d.check("quantity", Quantity::parse(&v)));
    let price = given("price", &mut p).and_then(|v| d.check("price", Price::parse(&v)));
    let notes = given("description", &mut p).and_then(|v| d.check("description", Notes::parse(&v)));
    let target = target_stage(&payload, &stages, &row.stage, &row.stage_kind, &mut p);
    p.0.extend(d.worded(|field, problem| problem.english(field)));
    p.done()?;
    let patch = OrderPatch {
        client_id,
        product: product.map(ProductName::into_string),
        quantity: quantity.map(Quantity::get),
        unit_price_minor: price.map(Price::minor),
        notes: notes.map(Notes::into_string),
    };
    if patch.touches_line() && items.len() != 1 {
        return Err(many_lines(items.len()));
    }
    if let Some(stage) = &target {
        // Refused moves (a baker reopening a finished order) stop here, before any write.
        crate::production::types::check_move(user.role, &stages, &row.stage, stage).map_err(
            |r| {
                use crate::production::types::MoveRefusal;
                match r {
                    MoveRefusal::Role => AppError::Forbidden,
                    _ => AppError::Conflict(format!(
                        "The order cannot move from {} to {stage}.",
                        row.stage
                    )),
                }
            },
        )?;
    }
    match service::edit(&state.db, id, &patch, Actor::api(user.id)).await? {
        Ok(()) => {}
        Err(EditRefusal::NotFound) => return Err(AppError::NotFound),
        Err(EditRefusal::UnknownClient) => {
            return Err(AppError::field("client", "There is no such client."));
        }
        Err(EditRefusal::ManyLines(n)) => return Err(many_lines(n)),
        Err(EditRefusal::TooLarge) => {
            return Err(AppError::field("price", "price × quantity is too large."));
        }
    }
    if let Some(stage) = target {
        crate::production::api::ssr::move_as(&state, &user, id, row.version, &stage).await?;
    }
    Ok(success())
}

fn many_lines(n: usize) -> AppError {
    AppError::Conflict(format!(
        "This order has {n} lines; change its products in the back office (this API has one product per order)."
    ))
}

/// Deletes an order with its lines.
#[utoipa::path(delete, path = "/api/orders/delete/{id}/", tag = "orders", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The order's id")),
    responses((status = 200, body = Success), (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?;
    let id = path_id(&id)?;
    service::delete(&state.db, id, Actor::api(user.id)).await?;
    Ok(success())
}

/// A field of the body as text (numbers as their text), `""` when absent;
/// its own length limit is generous: the domain type's is the one that
/// speaks.
fn field(payload: &Payload, name: &str, p: &mut FieldErrors) -> String {
    payload.text(name, 4000, p).unwrap_or_default()
}
