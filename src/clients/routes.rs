//! Seed 002's REST API for clients, path for path:
//!
//! - `POST /api/clients/add/` → `{"success": true, "id": N}`
//! - `POST|GET /api/clients/get/{id}/` → `{"client": {…}}`
//! - `POST|GET /api/clients/get/` (`start_id`, `search`, `order_by`) →
//!   `{"clients": [… up to 50], "next_start_id": N|null}`
//! - `POST|PUT|PATCH /api/clients/edit/{id}/` → `{"success": true}`
//! - `DELETE /api/clients/delete/{id}/` → `{"success": true}`
//!
//! Bodies are JSON or form fields. Reading takes staff, manager or admin;
//! writing takes manager or admin. Every edit is recorded in the change
//! history with the source `api`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, HasOrders, ListQuery, NewClient};
use super::types::{Client, ClientPatch, ClientSort, search_words};
use crate::accounts::jwt::ApiUser;
use crate::accounts::roles::{MANAGERS, STAFF};
use crate::accounts::types::Email;
use crate::domain::{Notes, PersonName, Phone, Problems as DomainProblems};
use crate::error::{AppError, FieldErrors};
use crate::history::types::Actor;
use crate::server::AppState;
use crate::server::openapi::{
    ClientEdit, ClientEnvelope, ClientInput, ClientList, ClientListRequest, Created, ErrorBody,
    Success,
};
use crate::server::rest::{Payload, path_id, seed_datetime, success};

/// Clients per page of `/api/clients/get/`.
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

/// A client as seed 002's API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiClient {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub middle_name: String,
    pub mobile_phone: String,
    pub email: String,
    pub notes: String,
    /// `dd.mm.yyyy HH:MM`, the shop's time zone.
    pub created_at: String,
}

impl ApiClient {
    pub fn from_client(state: &AppState, c: Client) -> ApiClient {
        ApiClient {
            id: c.id,
            first_name: c.first_name,
            last_name: c.last_name,
            middle_name: c.middle_name,
            mobile_phone: c.phone,
            email: c.email,
            notes: c.notes,
            created_at: seed_datetime(&state.config, c.created_at),
        }
    }
}

/// Reads and checks the contact fields of a body. With `creating`, the
/// first and last names are required.
pub fn parse_patch(payload: &Payload, creating: bool) -> Result<ClientPatch, AppError> {
    let mut p = FieldErrors::default();
    let name = |field: &str, p: &mut FieldErrors, required: bool| {
        if required {
            payload.required_text(field, 100, p)
        } else {
            payload.text(field, 100, p)
        }
    };
    // The contact fields parse with the same types as the back office's
    // forms (crate::domain), so both give the same verdict.
    let mut d = DomainProblems::default();
    let last_name = name("last_name", &mut p, creating)
        .and_then(|v| d.check("last_name", PersonName::parse(&v)))
        .map(PersonName::into_string);
    let first_name = name("first_name", &mut p, creating)
        .and_then(|v| d.check("first_name", PersonName::parse(&v)))
        .map(PersonName::into_string);
    let middle_name = name("middle_name", &mut p, false)
        .and_then(|v| d.check("middle_name", PersonName::parse_optional(&v)))
        .map(PersonName::into_string);
    let phone = payload
        .text("mobile_phone", 64, &mut p)
        .or_else(|| payload.text("phone", 64, &mut p))
        .and_then(|v| d.check("mobile_phone", Phone::parse_optional(&v)))
        .map(|phone| phone.map(Phone::into_string).unwrap_or_default());
    let email = match payload.text("email", 254, &mut p) {
        Some(e) if !e.is_empty() => match Email::parse(&e) {
            Ok(email) => Some(email.as_str().to_owned()),
            Err(msg) => {
                p.add("email", msg);
                None
            }
        },
        other => other,
    };
    let notes = payload
        .text("notes", 4000, &mut p)
        .and_then(|v| d.check("notes", Notes::parse(&v)))
        .map(Notes::into_string);
    p.0.extend(d.worded(|field, problem| problem.english(field)));
    p.done()?;
    Ok(ClientPatch {
        last_name,
        first_name,
        middle_name,
        phone,
        email,
        notes,
    })
}

/// The original app's words for an email another client holds.
const EMAIL_TAKEN: &str = "client with this email already exists.";

/// Adds a client (managers and admins).
#[utoipa::path(post, path = "/api/clients/add/", tag = "clients", request_body = ClientInput, security(("bearer" = [])),
    responses((status = 200, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    caller: ApiUser,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?;
    let patch = parse_patch(&payload, true)?;
    let new = NewClient {
        last_name: patch.last_name.unwrap_or_default(),
        first_name: patch.first_name.unwrap_or_default(),
        middle_name: patch.middle_name.unwrap_or_default(),
        phone: patch.phone.unwrap_or_default(),
        email: patch.email.unwrap_or_default(),
        notes: patch.notes.unwrap_or_default(),
    };
    let id = service::create(&state.db, &new, Actor::api(user.id))
        .await?
        .map_err(|_| AppError::field("email", EMAIL_TAKEN))?;
    Ok(Json(json!({ "success": true, "id": id })))
}

/// One client (GET works too).
#[utoipa::path(method(post, get), path = "/api/clients/get/{id}/", tag = "clients", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The client's id")),
    responses((status = 200, body = ClientEnvelope), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    caller.require(&STAFF)?;
    let id = path_id(&id)?;
    let client = service::get(&state.db, id).await?;
    Ok(Json(
        json!({ "client": ApiClient::from_client(&state, client) }),
    ))
}

/// 50 clients from `start_id` on, searched and sorted (GET with query parameters works too).
///
/// Every word of `search` must appear in a name (in any order), the email or
/// the phone; `order_by` is a field name, `-` first for descending (default `id`).
#[utoipa::path(method(post, get), path = "/api/clients/get/", tag = "clients", request_body = ClientListRequest, security(("bearer" = [])),
    responses((status = 200, body = ClientList), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    caller.require(&STAFF)?;
    let mut p = FieldErrors::default();
    let start_id = payload.int("start_id", 0, i64::MAX, &mut p).unwrap_or(0);
    let search = payload.text("search", 200, &mut p).unwrap_or_default();
    let order_by = payload.text("order_by", 40, &mut p).unwrap_or_default();
    let (sort, desc) = if order_by.is_empty() {
        (ClientSort::Id, false)
    } else {
        ClientSort::parse(&order_by).unwrap_or_else(|| {
            p.add(
                "order_by",
                "order_by must be one of id, last_name, first_name, middle_name, email, mobile_phone, created_at (with - for descending).",
            );
            (ClientSort::Id, false)
        })
    };
    p.done()?;
    let clients = service::list(
        &state.db,
        &ListQuery {
            start_id,
            words: search_words(&search),
            sort,
            desc,
            limit: PAGE,
        },
    )
    .await?;
    let next_start_id = (sort == ClientSort::Id && !desc && clients.len() as i64 == PAGE)
        .then(|| clients.last().map(|c| c.id + 1))
        .flatten();
    let clients: Vec<ApiClient> = clients
        .into_iter()
        .map(|c| ApiClient::from_client(&state, c))
        .collect();
    Ok(Json(
        json!({ "clients": clients, "next_start_id": next_start_id }),
    ))
}

/// Changes the fields sent; each change goes into the client's history (PUT and PATCH work too).
#[utoipa::path(method(post, put, patch), path = "/api/clients/edit/{id}/", tag = "clients", request_body = ClientEdit, security(("bearer" = [])),
    params(("id" = i64, Path, description = "The client's id")),
    responses((status = 200, body = Success), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    payload: Payload,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?;
    let id = path_id(&id)?;
    let patch = parse_patch(&payload, false)?;
    service::edit(&state.db, id, &patch, Actor::api(user.id))
        .await?
        .map_err(|_| AppError::field("email", EMAIL_TAKEN))?;
    Ok(success())
}

/// Deletes a client who has no orders (409 while the client has any).
#[utoipa::path(delete, path = "/api/clients/delete/{id}/", tag = "clients", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The client's id")),
    responses((status = 200, body = Success), (status = 404, body = ErrorBody),
              (status = 409, description = "The client has orders", body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let user = caller.require(&MANAGERS)?;
    let id = path_id(&id)?;
    match service::delete(&state.db, id, Actor::api(user.id)).await? {
        Ok(()) => Ok(success()),
        Err(HasOrders(n)) => Err(AppError::Conflict(format!(
            "The client has {n} order(s); delete them or give them to another client first."
        ))),
    }
}
