//! Seed 002's orders API: add, list, edit, move through the stages, delete.

use serde_json::{Value, json};

use super::*;
use crate::helpers::spawn_app;
use karavai::accounts::types::Role;

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
