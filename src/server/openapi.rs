//! The REST API's routes and their OpenAPI 3.1 document (utoipa), served at
//! `/api/openapi.json`, and a page that renders it at `/api/docs` (plain
//! server-rendered HTML with the site's stylesheet: no script, no CDN).
//!
//! Each handler carries its own `#[utoipa::path]`; each feature's router is
//! a `utoipa_axum` router of those handlers, and [`router`] merges them, so
//! the document is made from the routes themselves and cannot drift from
//! them (`tests/api/rest/openapi.rs` also calls every documented operation).
//! Here: the schemas of request bodies (the handlers read them field by
//! field, with `server::rest::Payload`) and of the envelopes around answers.

// The request schemas are read by no code: they document what a body holds.
#![allow(dead_code)]

use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde_json::Value;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use super::AppState;
use crate::clients::routes::ApiClient;
use crate::orders::record::routes::{ApiOrder, ApiOrderClient, ApiOrderItem};
use crate::reports::routes::{ApiReport, ApiTopClient, ApiTopProduct};

/// `{"username", "password"}`: the username is the account's email.
#[derive(Serialize, ToSchema)]
pub struct TokenRequest {
    #[schema(min_length = 1)]
    pub username: String,
    #[schema(min_length = 1)]
    pub password: String,
}
#[derive(Serialize, ToSchema)]
pub struct TokenPair {
    pub access: String,
    pub refresh: String,
}
#[derive(Serialize, ToSchema)]
pub struct RefreshRequest {
    #[schema(min_length = 1)]
    pub refresh: String,
}
#[derive(Serialize, ToSchema)]
pub struct Success {
    pub success: bool,
}
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub success: bool,
    pub id: i64,
}
/// A new client (first and last names required) or the fields to change.
#[derive(Serialize, ToSchema)]
pub struct ClientInput {
    #[schema(min_length = 1)]
    pub first_name: String,
    #[schema(min_length = 1)]
    pub last_name: String,
    pub middle_name: Option<String>,
    /// 5 to 15 digits; + ( ) - and spaces allowed.
    pub mobile_phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
}
/// The fields of a client to change; those left out keep their values.
#[derive(Serialize, ToSchema)]
pub struct ClientEdit {
    #[schema(min_length = 1)]
    pub first_name: Option<String>,
    #[schema(min_length = 1)]
    pub last_name: Option<String>,
    pub middle_name: Option<String>,
    /// 5 to 15 digits; + ( ) - and spaces allowed.
    pub mobile_phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
}
#[derive(Serialize, ToSchema)]
pub struct ClientEnvelope {
    pub client: ApiClient,
}
/// Paging, search and order of a client list.
#[derive(Serialize, ToSchema)]
pub struct ClientListRequest {
    /// Only clients with this id or above (default 0).
    pub start_id: Option<i64>,
    /// Every word must appear in a name, the email or the phone, in any order.
    pub search: Option<String>,
    /// id, last_name, first_name, middle_name, email, mobile_phone or created_at; `-` first for descending.
    #[schema(pattern = "^-?(id|last_name|first_name|middle_name|email|mobile_phone|created_at)?$")]
    pub order_by: Option<String>,
}
#[derive(Serialize, ToSchema)]
pub struct ClientList {
    /// At most 50.
    pub clients: Vec<ApiClient>,
    /// The `start_id` of the next page, when sorted by id and the page is full.
    pub next_start_id: Option<i64>,
}
/// A one-line order. The product may be free text.
#[derive(Serialize, ToSchema)]
pub struct OrderInput {
    /// The client's id (`client_id` is accepted too).
    #[schema(minimum = 1)]
    pub client: i64,
    #[schema(min_length = 1)]
    pub product: String,
    /// 1 to 10,000.
    #[schema(minimum = 1, maximum = 10000)]
    pub quantity: i64,
    /// Unit price, a decimal: "1500.00" (a JSON number is taken too).
    pub price: String,
    pub description: Option<String>,
}
/// The fields to change; `product`, `quantity` and `price` only on one-line orders.
#[derive(Serialize, ToSchema)]
pub struct OrderEdit {
    pub client: Option<i64>,
    pub product: Option<String>,
    pub quantity: Option<i64>,
    pub price: Option<String>,
    pub description: Option<String>,
    /// Pending, Completed or Cancelled (moves the order through the production rules).
    pub status: Option<String>,
    /// A production stage's code (instead of `status`).
    pub stage: Option<String>,
}
#[derive(Serialize, ToSchema)]
pub struct OrderListRequest {
    pub start_id: Option<i64>,
    pub client_id: Option<i64>,
    /// Pending, Completed or Cancelled.
    pub status: Option<String>,
}
#[derive(Serialize, ToSchema)]
pub struct OrderList {
    /// At most 50, by id.
    pub orders: Vec<ApiOrder>,
    pub next_start_id: Option<i64>,
}
/// A period ending today (`period`), or a range of dates.
#[derive(Serialize, ToSchema)]
pub struct ReportRequest {
    /// day, week (7 days), month (30 days) or year (365 days); or both dates.
    #[schema(pattern = "^(day|week|month|year)$")]
    pub period: Option<String>,
    /// dd.mm.yyyy or yyyy-mm-dd.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}
#[derive(Serialize, ToSchema)]
pub struct ReportCreated {
    pub success: bool,
    pub report: ApiReport,
}
#[derive(Serialize, ToSchema)]
pub struct ReportEnvelope {
    pub report: ApiReport,
}
#[derive(Serialize, ToSchema)]
pub struct ReportList {
    pub reports: Vec<ApiReport>,
}
#[derive(Serialize, ToSchema)]
pub struct ErrorItem {
    /// unauthorized, forbidden, not_found, bad_request, invalid, conflict, too_many_requests, internal.
    pub code: String,
    /// The field at fault (code `invalid`).
    pub field: Option<String>,
    pub detail: String,
}
/// Every error: a 4xx status (500 only when the server failed).
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub errors: Vec<ErrorItem>,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "karavai REST API",
        description = "Seed 002's API for clients, orders and reports. Get a token from /api/token/, then send \
                       `Authorization: Bearer <access>` with every request. Bodies may be JSON or form fields. \
                       Reading takes a staff, manager or admin account; writing and reports take a manager or admin."
    ),
    components(schemas(TokenRequest, TokenPair, RefreshRequest, Success, Created, ClientInput, ClientEdit,
        ClientEnvelope, ClientListRequest, ClientList, ApiClient, OrderInput, OrderEdit, OrderListRequest, OrderList,
        ApiOrder, ApiOrderClient, ApiOrderItem, ReportRequest, ReportCreated, ReportEnvelope, ReportList, ApiReport,
        ApiTopClient, ApiTopProduct, ErrorBody, ErrorItem)),
    modifiers(&BearerAuth),
    tags((name = "auth", description = "JSON Web Tokens"), (name = "clients"), (name = "orders"), (name = "reports"))
)]
pub struct ApiDoc;

/// The API's routes (tokens, clients, orders, reports) with the document
/// they make, and the routes that serve the document.
pub fn router() -> Router<AppState> {
    let (api, doc) = api_routes().split_for_parts();
    // The same on every call: the first is kept.
    let _ = DOCUMENT.set(conform(serde_json::to_value(doc).unwrap_or(Value::Null)));
    api.route("/api/openapi.json", get(json))
        .route("/api/docs", get(docs))
        .route("/api/docs/", get(docs))
}

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::accounts::jwt::router())
        .merge(crate::clients::routes::router())
        .merge(crate::orders::record::routes::router())
        .merge(crate::reports::routes::router())
}

static DOCUMENT: OnceLock<Value> = OnceLock::new();

/// The document as JSON.
pub fn document() -> Value {
    DOCUMENT
        .get_or_init(|| {
            let (_, doc) = api_routes().split_for_parts();
            conform(serde_json::to_value(doc).unwrap_or(Value::Null))
        })
        .clone()
}

/// The answers every operation may give besides its own, written once
/// here rather than on each handler (schemathesis checks that the document
/// names every status the API answers):
/// - 400: a body that is not JSON or a form, or a path id that is no number;
/// - 401: no valid token, on every operation that needs one;
/// - 413: a body over 64 KB;
/// - 422: fields that are missing or wrong;
/// - 503: the database is away, try again.
///
/// A body whose fields are all optional (the lists, the report) may be left
/// out: its `requestBody` is not required. In request bodies a field sent
/// as `null` is refused (`server::rest::Payload`), so no field is nullable
/// there; a text field without a pattern takes a number too, as its text
/// (Django REST framework's CharField, which the seed's clients were
/// written against, does the same).
fn conform(mut doc: Value) -> Value {
    let mut request_schemas = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for op in paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|o| o.values())
        {
            if let Some(name) = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
            {
                request_schemas.push(name.to_owned());
            }
        }
    }
    for name in &request_schemas {
        let Some(props) = doc["components"]["schemas"][name]["properties"].as_object_mut() else {
            continue;
        };
        for prop in props.values_mut() {
            let plain = match &prop["type"] {
                Value::Array(types) => types.iter().find(|t| *t != "null").cloned(),
                other => Some(other.clone()),
            };
            if let Some(kind) = plain {
                let text = kind == "string" && prop.get("pattern").is_none();
                prop["type"] = if text {
                    serde_json::json!(["string", "number"])
                } else {
                    kind
                };
            }
        }
    }
    let schemas = doc["components"]["schemas"].clone();
    let error = |description: &str| {
        serde_json::json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } }
        })
    };
    let Some(paths) = doc["paths"].as_object_mut() else {
        return doc;
    };
    for item in paths.values_mut() {
        let Some(ops) = item.as_object_mut() else {
            continue;
        };
        for op in ops.values_mut() {
            let secured = op.get("security").is_some();
            if let Some(body) = op.get_mut("requestBody") {
                let schema = &body["content"]["application/json"]["schema"];
                let target = schema
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .map(|name| &schemas[name])
                    .unwrap_or(schema);
                let required = target["required"].as_array().is_some_and(|r| !r.is_empty());
                body["required"] = Value::Bool(required);
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            let mut add = |status: &str, description: &str| {
                responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description));
            };
            add("400", "The body or the path cannot be read");
            if secured {
                add("401", "No valid access token");
            }
            add("413", "The body is over 64 KB");
            add("422", "Fields missing or wrong; each error names its field");
            add("503", "The database is away; try again (Retry-After)");
        }
    }
    doc
}

async fn json() -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        axum::Json(document()),
    )
        .into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The name of a `$ref`'d schema, or a short type for an inline one.
fn type_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    if let Some(items) = schema.get("items") {
        return format!("array of {}", type_name(items));
    }
    if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
        return one.iter().map(type_name).collect::<Vec<_>>().join(" or ");
    }
    match schema.get("type") {
        Some(Value::String(t)) => esc(t),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(esc)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "object".into(),
    }
}

fn body_schema(content: Option<&Value>) -> Option<String> {
    content?
        .get("application/json")?
        .get("schema")
        .map(type_name)
}

/// `GET /api/docs`: the document as a page.
async fn docs(State(state): State<AppState>) -> Html<String> {
    let doc = document();
    let css = stylesheet(&state);
    let mut html = String::with_capacity(32 * 1024);
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    html.push_str(&format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{t}</title>{css}</head><body>\
         <main class=\"container api-docs\"><h1>{t}</h1><p>{d}</p>\
         <p><a href=\"/api/openapi.json\">OpenAPI document (JSON)</a></p>",
        t = esc(title),
        d = esc(doc["info"]["description"].as_str().unwrap_or("")),
    ));
    if let Some(paths) = doc["paths"].as_object() {
        html.push_str("<h2>Endpoints</h2>");
        for (path, item) in paths {
            let Some(ops) = item.as_object() else {
                continue;
            };
            for (method, op) in ops {
                html.push_str(&format!(
                    "<section class=\"card card--pad api-op\"><h3><code>{} {}</code></h3>",
                    esc(&method.to_uppercase()),
                    esc(path)
                ));
                if let Some(d) = op["description"].as_str().or(op["summary"].as_str()) {
                    html.push_str(&format!("<p>{}</p>", esc(d)));
                }
                if op.get("security").is_some() {
                    html.push_str("<p class=\"muted\">Needs <code>Authorization: Bearer &lt;access&gt;</code>.</p>");
                }
                if let Some(body) = body_schema(op["requestBody"].get("content")) {
                    html.push_str(&format!("<p>Body (JSON or form fields): {body}</p>"));
                }
                if let Some(responses) = op["responses"].as_object() {
                    html.push_str("<ul>");
                    for (status, r) in responses {
                        let body = body_schema(r.get("content")).unwrap_or_default();
                        html.push_str(&format!(
                            "<li><code>{}</code> {} {}</li>",
                            esc(status),
                            esc(r["description"].as_str().unwrap_or("")),
                            body
                        ));
                    }
                    html.push_str("</ul>");
                }
                html.push_str("</section>");
            }
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        html.push_str("<h2>Schemas</h2>");
        for (name, schema) in schemas {
            html.push_str(&format!(
                "<section class=\"card card--pad api-schema\" id=\"schema-{n}\"><h3>{n}</h3>",
                n = esc(name)
            ));
            if let Some(d) = schema["description"].as_str() {
                html.push_str(&format!("<p>{}</p>", esc(d)));
            }
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = schema["properties"].as_object() {
                html.push_str("<table class=\"table\"><thead><tr><th>field</th><th>type</th><th></th></tr></thead><tbody>");
                for (field, p) in props {
                    html.push_str(&format!(
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(field),
                        if required.contains(&field.as_str()) {
                            " *"
                        } else {
                            ""
                        },
                        type_name(p),
                        esc(p["description"].as_str().unwrap_or(""))
                    ));
                }
                html.push_str("</tbody></table>");
            }
            html.push_str("</section>");
        }
    }
    html.push_str("</main></body></html>");
    Html(html)
}

/// The site's stylesheet link (hashed name in release builds).
fn stylesheet(state: &AppState) -> String {
    let options = &state.leptos_options;
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let css = std::fs::read_dir(&pkg)
        .ok()
        .and_then(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with("karavai") && n.ends_with(".css"))
        })
        .unwrap_or_else(|| "karavai.css".into());
    format!(
        "<link rel=\"stylesheet\" href=\"/{}/{}\">",
        esc(options.site_pkg_dir.as_ref()),
        esc(&css)
    )
}
