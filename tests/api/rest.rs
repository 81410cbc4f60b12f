//! Seed 002's REST API: tokens, clients, orders, reports, the OpenAPI
//! document; JSON and form bodies; every error a 4xx JSON answer that
//! changes nothing.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
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
async fn call(
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
async fn call_form(
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

async fn tokens(app: &TestApp, email: &str) -> (String, String) {
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

async fn token_for(app: &TestApp, role: Role) -> String {
    let email = user(app, role).await;
    tokens(app, &email).await.0
}

fn error_code(body: &Value) -> &str {
    body["errors"][0]["code"].as_str().unwrap_or("")
}

async fn history(
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

#[tokio::test]
async fn tokens_are_issued_refreshed_and_refused_when_wrong() {
    let app = spawn_app().await;
    let email = user(&app, Role::Manager).await;

    // JSON and form bodies both work.
    let (access, refresh) = tokens(&app, &email).await;
    let (status, body) = call_form(
        &app,
        "/api/token/",
        None,
        &[("username", &email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["access"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );

    // Wrong password, unknown user, missing fields.
    let (status, body) = call(
        &app,
        "POST",
        "/api/token/",
        None,
        Some(json!({ "username": email, "password": "nope" })),
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(error_code(&body), "unauthorized");
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/",
        None,
        Some(json!({ "username": "ghost@api.test", "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, 401);
    let (status, body) = call(&app, "POST", "/api/token/", None, Some(json!({}))).await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["username", "password"]);
    let res = app
        .client
        .post(app.url("/api/token/"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);

    // The access token opens the API; refresh gives a new working one.
    let (status, _) = call(&app, "POST", "/api/clients/get/", Some(&access), None).await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let fresh = body["access"].as_str().unwrap().to_owned();
    assert_eq!(
        call(&app, "GET", "/api/clients/get/", Some(&fresh), None)
            .await
            .0,
        200
    );

    // A refresh token is not an access token, and the other way round.
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&refresh), None)
            .await
            .0,
        401
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": access })),
    )
    .await;
    assert_eq!(status, 401);

    // Missing, malformed and tampered tokens.
    let (status, body) = call(&app, "POST", "/api/clients/get/", None, None).await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body), "unauthorized");
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some("abc.def"), None)
            .await
            .0,
        401
    );
    let mut tampered = access.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&tampered), None)
            .await
            .0,
        401
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": "garbage" })),
    )
    .await;
    assert_eq!(status, 401);

    // A password change (the session epoch moves on) revokes every token.
    let id: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = $1"
    )
    .bind(&email)
    .fetch_one(pool)
    .await)
    .unwrap();
    let hash = karavai::accounts::password::hash("another long password".into())
        .await
        .unwrap();
    karavai::accounts::repo::set_password(&app.db, id, &hash)
        .await
        .unwrap();
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&access), None)
            .await
            .0,
        401
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn roles_are_checked_on_every_route() {
    let app = spawn_app().await;
    let customer = token_for(&app, Role::Customer).await;
    let staff = token_for(&app, Role::Staff).await;
    let manager = token_for(&app, Role::Manager).await;
    let (_, created) = call(
        &app,
        "POST",
        "/api/clients/add/",
        Some(&manager),
        Some(json!({ "first_name": "Иван", "last_name": "Иванов" })),
    )
    .await;
    let id = created["id"].as_i64().unwrap();

    for (method, path) in [
        ("POST", "/api/clients/get/".to_owned()),
        ("POST", format!("/api/clients/get/{id}/")),
        ("POST", "/api/orders/get/".to_owned()),
        ("POST", "/api/clients/add/".to_owned()),
        ("POST", format!("/api/clients/edit/{id}/")),
        ("DELETE", format!("/api/clients/delete/{id}/")),
        ("POST", "/api/orders/add/".to_owned()),
        ("POST", "/api/reports/get/".to_owned()),
    ] {
        let (status, body) = call(&app, method, &path, Some(&customer), Some(json!({}))).await;
        assert_eq!(status, 403, "customer on {method} {path}: {body}");
        assert_eq!(error_code(&body), "forbidden");
    }
    // Staff read, but do not write.
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&staff), None)
            .await
            .0,
        200
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/api/clients/get/{id}/"),
            Some(&staff),
            None
        )
        .await
        .0,
        200
    );
    for (method, path) in [
        ("POST", "/api/clients/add/".to_owned()),
        ("POST", format!("/api/clients/edit/{id}/")),
        ("DELETE", format!("/api/clients/delete/{id}/")),
        ("POST", "/api/orders/add/".to_owned()),
        ("POST", "/api/reports/new/".to_owned()),
    ] {
        let (status, _) = call(
            &app,
            method,
            &path,
            Some(&staff),
            Some(json!({ "first_name": "X" })),
        )
        .await;
        assert_eq!(status, 403, "staff on {method} {path}");
    }
    // Nothing was changed by the refused calls.
    let (_, body) = call(
        &app,
        "POST",
        &format!("/api/clients/get/{id}/"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(body["client"]["first_name"], "Иван");
}

#[tokio::test]
async fn clients_are_added_found_edited_with_history_and_deleted() {
    let app = spawn_app().await;
    let token = token_for(&app, Role::Manager).await;
    let t = Some(token.as_str());

    // JSON body, as in the seed's README.
    let (status, body) = call(
        &app,
        "POST",
        "/api/clients/add/",
        t,
        Some(json!({
            "first_name": "Иван", "last_name": "Иванов", "middle_name": "Иванович",
            "mobile_phone": "+79001234567", "email": "ivanov@example.com"
        })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    let ivan = body["id"].as_i64().unwrap();
    // A form body.
    let (status, body) = call_form(
        &app,
        "/api/clients/add/",
        t,
        &[
            ("first_name", "Пётр"),
            ("last_name", "Петров"),
            ("mobile_phone", "8 (900) 555-11-22"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let petr = body["id"].as_i64().unwrap();
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/add/",
        t,
        Some(json!({ "first_name": "Anna", "last_name": "Smith", "email": "anna@example.com" })),
    )
    .await;
    let anna = body["id"].as_i64().unwrap();

    // One client, in the seed's shape.
    let (status, body) = call(&app, "POST", &format!("/api/clients/get/{ivan}/"), t, None).await;
    assert_eq!(status, 200);
    let c = &body["client"];
    assert_eq!(c["id"], ivan);
    assert_eq!(c["first_name"], "Иван");
    assert_eq!(c["last_name"], "Иванов");
    assert_eq!(c["middle_name"], "Иванович");
    assert_eq!(c["mobile_phone"], "+79001234567");
    assert_eq!(c["email"], "ivanov@example.com");

    // The list: paging from start_id, search in any order and letter case, sorting.
    let ids = |body: &Value| -> Vec<i64> {
        body["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/get/",
        t,
        Some(json!({ "start_id": 0 })),
    )
    .await;
    assert_eq!(ids(&body), [ivan, petr, anna]);
    assert_eq!(body["next_start_id"], Value::Null);
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/get/",
        t,
        Some(json!({ "start_id": petr })),
    )
    .await;
    assert_eq!(ids(&body), [petr, anna]);
    for search in [
        "Иванов Иван",
        "иван иванов",
        "IVANOV@example",
        "1234567",
        "Иванович",
    ] {
        let (_, body) = call(
            &app,
            "POST",
            "/api/clients/get/",
            t,
            Some(json!({ "search": search })),
        )
        .await;
        assert_eq!(ids(&body), [ivan], "search {search:?}");
    }
    let (_, body) = call(&app, "GET", "/api/clients/get/?search=smith", t, None).await;
    assert_eq!(ids(&body), [anna]);
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/get/",
        t,
        Some(json!({ "search": "nobody-like-this" })),
    )
    .await;
    assert_eq!(ids(&body), Vec::<i64>::new());
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/get/",
        t,
        Some(json!({ "order_by": "-last_name" })),
    )
    .await;
    assert_eq!(ids(&body), [petr, ivan, anna]);
    let (status, body) = call(
        &app,
        "POST",
        "/api/clients/get/",
        t,
        Some(json!({ "order_by": "password" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "order_by");
    let (status, _) = call(
        &app,
        "POST",
        "/api/clients/get/",
        t,
        Some(json!({ "start_id": "abc" })),
    )
    .await;
    assert_eq!(status, 422);

    // Edit a phone number: the change is in the history, with its source.
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/clients/edit/{ivan}/"),
        t,
        Some(json!({ "mobile_phone": "+79990000000" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = call(&app, "POST", &format!("/api/clients/get/{ivan}/"), t, None).await;
    assert_eq!(body["client"]["mobile_phone"], "+79990000000");
    assert_eq!(body["client"]["first_name"], "Иван", "fields not sent stay");
    let h = history(&app, "client", ivan).await;
    assert_eq!(h[0].0, "created");
    assert_eq!(
        h[1],
        (
            "phone".into(),
            Some("+79001234567".into()),
            Some("+79990000000".into()),
            "api".into()
        )
    );
    assert_eq!(h.len(), 2);

    // Bad input: a clear error, nothing written.
    for bad in [
        json!({ "email": "not an email" }),
        json!({ "mobile_phone": "call me" }),
        json!({ "first_name": "" }),
        json!({ "last_name": "x".repeat(101) }),
        json!({ "first_name": ["a"] }),
    ] {
        let (status, body) = call(
            &app,
            "POST",
            &format!("/api/clients/edit/{ivan}/"),
            t,
            Some(bad.clone()),
        )
        .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(error_code(&body), "invalid");
    }
    let (status, body) = call(
        &app,
        "POST",
        "/api/clients/add/",
        t,
        Some(json!({ "first_name": "Only" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "last_name");
    assert_eq!(history(&app, "client", ivan).await.len(), 2);
    let (_, body) = call(&app, "POST", "/api/clients/get/", t, None).await;
    assert_eq!(ids(&body).len(), 3);

    // Unknown and malformed ids are 404s.
    assert_eq!(
        call(&app, "POST", "/api/clients/get/999999/", t, None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(&app, "POST", "/api/clients/get/abc/", t, None).await.0,
        404
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/clients/edit/999999/",
            t,
            Some(json!({ "first_name": "X" }))
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(&app, "DELETE", "/api/clients/delete/-1/", t, None)
            .await
            .0,
        404
    );

    // Delete: refused while the client has orders, done without.
    let (status, _) = call(
        &app,
        "POST",
        "/api/orders/add/",
        t,
        Some(json!({ "client": petr, "product": "Торт", "quantity": 1, "price": "100" })),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &app,
        "DELETE",
        &format!("/api/clients/delete/{petr}/"),
        t,
        None,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("1 order")
    );
    assert_eq!(
        call(&app, "POST", &format!("/api/clients/get/{petr}/"), t, None)
            .await
            .0,
        200
    );
    let (status, body) = call(
        &app,
        "DELETE",
        &format!("/api/clients/delete/{anna}/"),
        t,
        None,
    )
    .await;
    assert_eq!((status, body["success"].clone()), (200, json!(true)));
    assert_eq!(
        call(&app, "POST", &format!("/api/clients/get/{anna}/"), t, None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("/api/clients/delete/{anna}/"),
            t,
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        history(&app, "client", anna).await.last().unwrap().0,
        "deleted"
    );
}

#[tokio::test]
async fn orders_are_added_listed_edited_moved_and_deleted() {
    let app = spawn_app().await;
    let token = token_for(&app, Role::Manager).await;
    let t = Some(token.as_str());
    let (_, body) = call(&app, "POST", "/api/clients/add/", t, Some(json!({ "first_name": "Иван", "last_name": "Иванов", "email": "ivan@example.com", "mobile_phone": "+79001234567" }))).await;
    let ivan = body["id"].as_i64().unwrap();
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/add/",
        t,
        Some(json!({ "first_name": "Olga", "last_name": "Petrova" })),
    )
    .await;
    let olga = body["id"].as_i64().unwrap();

    // The seed's example, as JSON; then a form body with `client_id`.
    let (status, body) = call(
        &app,
        "POST",
        "/api/orders/add/",
        t,
        Some(json!({ "client": ivan, "product": "Ноутбук", "quantity": 2, "price": "1500.00", "description": "Заказ ноутбука" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let first = body["id"].as_i64().unwrap();
    let (status, body) = call_form(
        &app,
        "/api/orders/add/",
        t,
        &[
            ("client_id", &olga.to_string()),
            ("product", "Эклер"),
            ("quantity", "3"),
            ("price", "120,50"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let second = body["id"].as_i64().unwrap();

    let (status, o) = call(&app, "POST", &format!("/api/orders/get/{first}/"), t, None).await;
    assert_eq!(status, 200);
    assert_eq!(o["client"]["full_name"], "Иван Иванов");
    assert_eq!(o["client"]["email"], "ivan@example.com");
    assert_eq!(o["client"]["mobile_phone"], "+79001234567");
    assert_eq!(o["product"], "Ноутбук");
    assert_eq!(o["quantity"], 2);
    assert_eq!(o["price"], "1500.00");
    assert_eq!(o["total_price"], "3000.00");
    assert_eq!(o["description"], "Заказ ноутбука");
    assert_eq!(o["status"], "Pending");
    assert_eq!(o["stage"], "new");
    let created = o["created_at"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(created, "%d.%m.%Y %H:%M").is_ok(),
        "created_at {created}"
    );
    let (_, o) = call(&app, "GET", &format!("/api/orders/get/{second}/"), t, None).await;
    assert_eq!(
        (o["price"].as_str(), o["total_price"].as_str()),
        (Some("120.50"), Some("361.50"))
    );

    // Bad input: nothing is written.
    for (bad, field) in [
        (
            json!({ "client": ivan, "product": "X", "quantity": "many", "price": "1" }),
            "quantity",
        ),
        (
            json!({ "client": ivan, "product": "X", "quantity": -1, "price": "1" }),
            "quantity",
        ),
        (
            json!({ "client": ivan, "product": "X", "quantity": 1, "price": "1.005" }),
            "price",
        ),
        (
            json!({ "client": ivan, "product": "X", "quantity": 1, "price": "-3" }),
            "price",
        ),
        (
            json!({ "client": ivan, "product": "", "quantity": 1, "price": "1" }),
            "product",
        ),
        (
            json!({ "client": "abc", "product": "X", "quantity": 1, "price": "1" }),
            "client",
        ),
        (
            json!({ "client": 999999, "product": "X", "quantity": 1, "price": "1" }),
            "client",
        ),
        (
            json!({ "product": "X", "quantity": 1, "price": "1" }),
            "client_id",
        ),
    ] {
        let (status, body) = call(&app, "POST", "/api/orders/add/", t, Some(bad.clone())).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["errors"][0]["field"], field, "{bad}: {body}");
    }
    let (_, body) = call(&app, "POST", "/api/orders/get/", t, None).await;
    assert_eq!(body["orders"].as_array().unwrap().len(), 2);

    // Edit the line and the description; the total follows; history records it.
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/orders/edit/{first}/"),
        t,
        Some(json!({ "product": "Смартфон", "quantity": 3, "price": "1000.00" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, o) = call(&app, "POST", &format!("/api/orders/get/{first}/"), t, None).await;
    assert_eq!(
        (
            o["product"].as_str(),
            o["quantity"].as_i64(),
            o["total_price"].as_str()
        ),
        (Some("Смартфон"), Some(3), Some("3000.00"))
    );
    let fields: Vec<String> = history(&app, "order", first)
        .await
        .into_iter()
        .map(|h| h.0)
        .collect();
    assert_eq!(fields, ["created", "product", "price", "quantity"]);

    // Status: Completed moves the order to the first done stage through the board's rules.
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/orders/edit/{first}/"),
        t,
        Some(json!({ "status": "Completed" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, o) = call(&app, "POST", &format!("/api/orders/get/{first}/"), t, None).await;
    assert_eq!(
        (o["status"].as_str(), o["stage"].as_str()),
        (Some("Completed"), Some("handed_over"))
    );
    let moves: i64 = karavai::db_read!(&app.db, |pool| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_stage_events WHERE order_id = $1 AND to_stage = 'handed_over'"
    )
    .bind(first)
    .fetch_one(pool)
    .await
    })
    .unwrap();
    assert_eq!(moves, 1);
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/orders/edit/{first}/"),
        t,
        Some(json!({ "status": "Shipped" })),
    )
    .await;
    assert_eq!(status, 422);

    // Filters: status and client.
    let list_ids = |body: &Value| -> Vec<i64> {
        body["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_i64().unwrap())
            .collect()
    };
    let (_, body) = call(
        &app,
        "POST",
        "/api/orders/get/",
        t,
        Some(json!({ "status": "Completed" })),
    )
    .await;
    assert_eq!(list_ids(&body), [first]);
    let (_, body) = call(
        &app,
        "POST",
        "/api/orders/get/",
        t,
        Some(json!({ "status": "pending" })),
    )
    .await;
    assert_eq!(list_ids(&body), [second]);
    let (_, body) = call(
        &app,
        "GET",
        &format!("/api/orders/get/?client_id={olga}"),
        t,
        None,
    )
    .await;
    assert_eq!(list_ids(&body), [second]);
    let (_, body) = call(
        &app,
        "POST",
        "/api/orders/get/",
        t,
        Some(json!({ "start_id": second + 1 })),
    )
    .await;
    assert_eq!(list_ids(&body), Vec::<i64>::new());
    let (status, _) = call(
        &app,
        "POST",
        "/api/orders/get/",
        t,
        Some(json!({ "status": "lost" })),
    )
    .await;
    assert_eq!(status, 422);

    // A multi-line order: shown whole, its lines not editable here (nothing written).
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "INSERT INTO order_items (order_id, product_name, variant_name, unit_price_minor, quantity, position) VALUES ($1, 'Наполеон', '1 кг', 50000, 1, 1)"
    )
    .bind(second)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE orders SET total_minor = 86150 WHERE id = $1"
    )
    .bind(second)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (_, o) = call(&app, "POST", &format!("/api/orders/get/{second}/"), t, None).await;
    assert_eq!(o["product"], "Эклер ×3; Наполеон 1 кг ×1");
    assert_eq!(
        (
            o["quantity"].as_i64(),
            o["price"].as_str(),
            o["total_price"].as_str()
        ),
        (Some(1), Some("861.50"), Some("861.50"))
    );
    assert_eq!(o["items"].as_array().unwrap().len(), 2);
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/orders/edit/{second}/"),
        t,
        Some(json!({ "quantity": 5, "description": "changed" })),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    let (_, o) = call(&app, "POST", &format!("/api/orders/get/{second}/"), t, None).await;
    assert_eq!(o["description"], "", "nothing written");
    let (status, _) = call(
        &app,
        "PATCH",
        &format!("/api/orders/edit/{second}/"),
        t,
        Some(json!({ "description": "к 10:00", "client": ivan })),
    )
    .await;
    assert_eq!(status, 200);
    let (_, o) = call(&app, "POST", &format!("/api/orders/get/{second}/"), t, None).await;
    assert_eq!(
        (o["description"].as_str(), o["client"]["id"].as_i64()),
        (Some("к 10:00"), Some(ivan))
    );

    // Delete.
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/orders/delete/{second}/"),
        t,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        call(&app, "POST", &format!("/api/orders/get/{second}/"), t, None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("/api/orders/delete/{second}/"),
            t,
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(&app, "POST", "/api/orders/edit/nope/", t, Some(json!({})))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn reports_count_what_happened_in_the_period() {
    let app = spawn_app().await;
    let token = token_for(&app, Role::Manager).await;
    let t = Some(token.as_str());
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/add/",
        t,
        Some(json!({ "first_name": "Иван", "last_name": "Иванов" })),
    )
    .await;
    let ivan = body["id"].as_i64().unwrap();
    let (_, body) = call(
        &app,
        "POST",
        "/api/clients/add/",
        t,
        Some(json!({ "first_name": "Olga", "last_name": "Petrova" })),
    )
    .await;
    let olga = body["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for (client, product, qty, price) in [
        (ivan, "Торт", 2, "1000"),
        (ivan, "Эклер", 10, "100"),
        (olga, "Торт", 1, "1000"),
        (olga, "Хлеб", 4, "50"),
    ] {
        let (_, body) = call(
            &app,
            "POST",
            "/api/orders/add/",
            t,
            Some(json!({ "client": client, "product": product, "quantity": qty, "price": price })),
        )
        .await;
        ids.push(body["id"].as_i64().unwrap());
    }
    // One completed, one cancelled (not revenue).
    call(
        &app,
        "POST",
        &format!("/api/orders/edit/{}/", ids[0]),
        t,
        Some(json!({ "status": "Completed" })),
    )
    .await;
    call(
        &app,
        "POST",
        &format!("/api/orders/edit/{}/", ids[3]),
        t,
        Some(json!({ "status": "Cancelled" })),
    )
    .await;
    // An old order, outside the week.
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE orders SET created_at = created_at - 30 * 86400 WHERE id = $1"
    )
    .bind(ids[2])
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();

    let (status, body) = call(
        &app,
        "POST",
        "/api/reports/new/",
        t,
        Some(json!({ "period": "week" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let r = &body["report"];
    // Orders 0, 1, 3 this week; revenue 2000 + 1000 (3 is cancelled).
    assert_eq!(r["orders"], 3);
    assert_eq!(r["revenue"], "3000.00");
    assert_eq!(r["average_order"], "1500.00");
    assert_eq!(r["completed_orders"], 1);
    assert_eq!(r["cancelled_orders"], 1);
    assert_eq!(r["new_clients"], 2);
    assert_eq!(r["top_clients"][0]["full_name"], "Иванов Иван");
    assert_eq!(r["top_clients"][0]["revenue"], "3000.00");
    assert_eq!(r["top_clients"].as_array().unwrap().len(), 1);
    assert_eq!(r["top_products"][0]["product"], "Торт");
    assert_eq!(r["top_products"][1]["product"], "Эклер");
    assert_eq!(r["top_products"][1]["quantity"], 10);
    let week_id = r["id"].as_i64().unwrap();

    // A range that covers the old order too.
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Duration::days(40))
        .format("%d.%m.%Y")
        .to_string();
    let (status, body) = call_form(&app, "/api/reports/new/", t, &[("date_from", &from)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["report"]["orders"], 4);
    assert_eq!(body["report"]["revenue"], "4000.00");
    assert_eq!(body["report"]["period"], "range");

    // Saved, listed newest first, readable one by one.
    let (_, body) = call(&app, "POST", "/api/reports/get/", t, None).await;
    let listed: Vec<i64> = body["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1], week_id);
    let (status, body) = call(
        &app,
        "GET",
        &format!("/api/reports/get/{week_id}/"),
        t,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["report"]["revenue"], "3000.00");
    assert_eq!(
        call(&app, "POST", "/api/reports/get/424242/", t, None)
            .await
            .0,
        404
    );

    // Bad periods.
    for bad in [
        json!({}),
        json!({ "period": "decade" }),
        json!({ "date_from": "32.13.2024" }),
        json!({ "date_from": "10.01.2025", "date_to": "01.01.2025" }),
    ] {
        let (status, body) = call(&app, "POST", "/api/reports/new/", t, Some(bad.clone())).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let (_, body) = call(&app, "POST", "/api/reports/get/", t, None).await;
    assert_eq!(
        body["reports"].as_array().unwrap().len(),
        2,
        "refused requests saved nothing"
    );
}

#[tokio::test]
async fn the_openapi_document_covers_every_route_and_renders() {
    let app = spawn_app().await;
    let token = token_for(&app, Role::Admin).await;
    let (status, doc) = call(&app, "GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 15, "{:?}", paths.keys().collect::<Vec<_>>());
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "1");
            let res = app
                .client
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .bearer_auth(&token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            // Routed: an answer of the API (a JSON body), never the site's 404 page or a 405.
            assert!(body.is_object(), "{method} {path}: {status} is not the API");
            assert_ne!(status, 405, "{method} {path}");
            assert!(status < 500, "{method} {path}: {status}");
        }
    }
    let (status, html) = app.get_text("/api/docs").await;
    assert_eq!(status, 200);
    assert!(html.contains("POST /api/clients/add/"));
    assert!(html.contains("id=\"schema-ApiOrder\""));
}
