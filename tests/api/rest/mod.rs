//! Seed 002's REST API: tokens, clients, orders, reports, the OpenAPI
//! document; JSON and form bodies; every error a 4xx JSON answer that
//! changes nothing.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use karavai::accounts::types::{Email, Role};

pub const PASSWORD: &str = "correct horse battery";

/// Makes a confirmed user with `role`; returns the email.
pub async fn user(app: &TestApp, role: Role) -> String {
    let email = format!("{}@api.test", role.as_str());
    let hash = karavai::accounts::password::hash(PASSWORD.into())
        .await
        .unwrap();
    karavai::accounts::repo::create_user(
        &app.db,
        &Email::parse(&email).unwrap(),
        role.as_str(),
        &hash,
        role,
        true,
    )
    .await
    .unwrap()
    .expect("new user");
    email
}

/// `(status, JSON)` of a request with an optional Bearer token and JSON body.
pub(super) async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app.client.request(method.parse().unwrap(), app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let json =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, json)
}

/// The same with a form-encoded body.
pub(super) async fn call_form(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut req = app.client.post(app.url(path)).form(form);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let json = res.json().await.expect("JSON");
    (status, json)
}

pub(super) async fn tokens(app: &TestApp, email: &str) -> (String, String) {
    let (status, body) = call(
        app,
        "POST",
        "/api/token/",
        None,
        Some(json!({ "username": email, "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    (
        body["access"].as_str().unwrap().to_owned(),
        body["refresh"].as_str().unwrap().to_owned(),
    )
}

pub(super) async fn token_for(app: &TestApp, role: Role) -> String {
    let email = user(app, role).await;
    tokens(app, &email).await.0
}

pub(super) fn error_code(body: &Value) -> &str {
    body["errors"][0]["code"].as_str().unwrap_or("")
}

pub(super) async fn history(
    app: &TestApp,
    entity: &str,
    id: i64,
) -> Vec<(String, Option<String>, Option<String>, String)> {
    karavai::db_read!(&app.db, |pool| sqlx::query_as(
        "SELECT field, old_value, new_value, source FROM change_log WHERE entity = $1 AND entity_id = $2 ORDER BY id"
    )
    .bind(entity)
    .bind(id)
    .fetch_all(pool)
    .await)
    .unwrap()
}

mod auth;
mod clients;
mod openapi;
mod orders;
mod reports;
