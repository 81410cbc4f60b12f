//! Seed 002's reports API: the figures of a period.

use serde_json::json;

use super::*;
use crate::helpers::spawn_app;
use karavai::accounts::types::Role;

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
