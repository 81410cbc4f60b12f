//! The back office's forms and seed 002's REST API parse input with the same
//! domain types: the same input gets the same verdict, field by field,
//! whichever way it arrives (the wording differs: the visitor's language in
//! the UI, English in the API).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with_demo};
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;

async fn api_token(app: &TestApp, email: &str) -> String {
    let res = app
        .client
        .post(app.url("/api/token/"))
        .json(&json!({ "username": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    body["access"].as_str().expect("an access token").to_owned()
}

async fn api(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, BTreeSet<String>) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    let fields = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (status, fields)
}

fn ui_fields(body: &Value) -> BTreeSet<String> {
    body["detail"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn clients_get_the_same_verdict_from_the_form_and_the_api() {
    let app = spawn_app().await;
    let manager = user(&app, Role::Manager).await;
    let browser = app.signed_in(&manager, PASSWORD).await;
    let token = api_token(&app, &manager).await;
    let long = "я".repeat(101);
    // (last name, first name, phone, notes)
    let cases: [(&str, &str, &str, &str); 8] = [
        ("Иванова", "Анна", "+7 (912) 345-67-89", ""),
        ("Иванова", "Анна", "12-34-5", "a note"),
        ("Иванова", "Анна", "1234", ""),
        ("Иванова", "Анна", "call me", ""),
        ("Иванова", "Анна", "1234567890123456", ""),
        ("", "Анна", "", ""),
        (&long, "Анна", "", ""),
        ("Иванова", "  ", "+7 900", ""),
    ];
    for (last, first, phone, notes) in cases {
        let (ui_status, ui_body) = app
            .call(
                &browser,
                "admin/clients/create",
                &[
                    ("last_name", last),
                    ("first_name", first),
                    ("phone", phone),
                    ("notes", notes),
                ],
            )
            .await;
        let (api_status, api_fields) = api(
            &app,
            &token,
            "/api/clients/add/",
            json!({ "last_name": last, "first_name": first, "mobile_phone": phone, "notes": notes }),
        )
        .await;
        let case = format!("{last:.10} / {first} / {phone}");
        assert_eq!(ui_status == 200, api_status == 200, "{case}: {ui_body}");
        let ui: BTreeSet<String> = ui_fields(&ui_body)
            .into_iter()
            .map(|f| {
                if f == "phone" {
                    "mobile_phone".into()
                } else {
                    f
                }
            })
            .collect();
        assert_eq!(ui, api_fields, "{case}");
        if ui_status != 200 {
            assert_eq!((ui_status, api_status), (422, 422), "{case}");
        }
    }
}

#[tokio::test]
async fn order_lines_get_the_same_verdict_from_the_form_and_the_api() {
    let app = spawn_app().await;
    let manager = user(&app, Role::Manager).await;
    let browser = app.signed_in(&manager, PASSWORD).await;
    let token = api_token(&app, &manager).await;
    let (status, client) = app
        .call(
            &browser,
            "admin/clients/create",
            &[("last_name", "Петров"), ("first_name", "Пётр")],
        )
        .await;
    assert_eq!(status, 200, "{client}");
    let client = client
        .as_i64()
        .expect("the new client's number")
        .to_string();
    // (product, price, quantity)
    let cases = [
        ("Napoleon", "1500", "2"),
        ("  Медовик   1 кг ", "1 500,50", "999"),
        ("Napoleon", "1500", "1000"),
        ("Napoleon", "1500", "0"),
        ("Napoleon", "1500", "2.5"),
        ("Napoleon", "-5", "1"),
        ("Napoleon", "10000000.01", "1"),
        ("   ", "abc", ""),
    ];
    for (product, price, quantity) in cases {
        let (ui_status, ui_body) = app
            .call(
                &browser,
                "admin/orders/create",
                &[
                    ("client_id", &client),
                    ("product", product),
                    ("price", price),
                    ("quantity", quantity),
                ],
            )
            .await;
        let (api_status, api_fields) = api(
            &app,
            &token,
            "/api/orders/add/",
            json!({ "client": client, "product": product, "price": price, "quantity": quantity }),
        )
        .await;
        let case = format!("{product} / {price} / {quantity}");
        assert_eq!(ui_status == 200, api_status == 200, "{case}: {ui_body}");
        assert_eq!(ui_fields(&ui_body), api_fields, "{case}");
    }
}

#[tokio::test]
async fn checkout_and_client_records_take_the_same_phones() {
    use crate::storefront::{add, call_owned, checkout_form, set_stock, store, variant, with};
    let app = spawn_app_with_demo().await;
    let manager = user(&app, Role::Manager).await;
    let browser = app.signed_in(&manager, PASSWORD).await;
    let guest = app.browser();
    let baguette = variant(&app, "baguette-1").await;
    set_stock(&app, baguette, 10).await;
    add(&app, &guest, baguette, "1").await;
    // A date in the past: the order is never placed, every field is checked.
    let form = with(
        &checkout_form(store(&app, "centre").await, "key-verdicts-000001"),
        "ready_date",
        "2020-01-01",
    );
    for phone in [
        "12-34-5",
        "123456",
        "+7 912 345-67-89",
        "1234",
        "call me",
        "1234567890123456",
    ] {
        let (status, body) =
            call_owned(&app, &guest, "orders/place", &with(&form, "phone", phone)).await;
        assert_eq!(status, 422, "{body}");
        let checkout_refuses = ui_fields(&body).contains("phone");
        let (_, body) = app
            .call(
                &browser,
                "admin/clients/create",
                &[
                    ("last_name", "Иванова"),
                    ("first_name", "Анна"),
                    ("phone", phone),
                ],
            )
            .await;
        let client_refuses = ui_fields(&body).contains("phone");
        assert_eq!(checkout_refuses, client_refuses, "{phone}");
    }
}
