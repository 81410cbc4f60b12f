//! Seed 002's clients API: add, find, edit with history, delete.

use serde_json::{Value, json};

use super::*;
use crate::helpers::spawn_app;
use karavai::accounts::types::Role;

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

/// The original app's clients have unique emails: a second client with an
/// email another holds (in any letter case), by adding or by editing, is a
/// 422 on the email that writes nothing; clients without an email are many.
/// A null where the document says "string" is refused, not taken as absent.
#[tokio::test]
async fn a_second_client_with_the_same_email_or_a_null_field_is_refused() {
    let app = spawn_app().await;
    let token = token_for(&app, Role::Manager).await;
    let t = Some(token.as_str());
    let add = |body: Value| {
        let app = &app;
        async move { call(app, "POST", "/api/clients/add/", t, Some(body)).await }
    };
    let (status, body) =
        add(json!({ "first_name": "Иван", "last_name": "Иванов", "email": "ivan@example.com" }))
            .await;
    assert_eq!(status, 200, "{body}");
    let ivan = body["id"].as_i64().unwrap();
    let count = || async {
        karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM clients"
        )
        .fetch_one(pool)
        .await)
        .unwrap()
    };
    let before = count().await;
    let (status, body) =
        add(json!({ "first_name": "Ivan", "last_name": "Ivanov", "email": "IVAN@example.com" }))
            .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "email", "{body}");
    assert_eq!(count().await, before, "nothing was added");

    // Without an email: as many as there are.
    for _ in 0..2 {
        let (status, body) = add(json!({ "first_name": "Пётр", "last_name": "Петров" })).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) =
        add(json!({ "first_name": "Anna", "last_name": "Smith", "email": "anna@example.com" }))
            .await;
    assert_eq!(status, 200, "{body}");
    let anna = body["id"].as_i64().unwrap();

    // Editing onto another's email: refused, nothing changed.
    let edit = |id: i64, body: Value| {
        let app = &app;
        async move {
            call(
                app,
                "POST",
                &format!("/api/clients/edit/{id}/"),
                t,
                Some(body),
            )
            .await
        }
    };
    let (status, body) = edit(
        anna,
        json!({ "email": "ivan@example.com", "first_name": "Anne" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (_, body) = call(&app, "POST", &format!("/api/clients/get/{anna}/"), t, None).await;
    assert_eq!(body["client"]["email"], "anna@example.com");
    assert_eq!(body["client"]["first_name"], "Anna");
    // Keeping one's own email is fine.
    let (status, body) = edit(ivan, json!({ "email": "ivan@example.com", "notes": "VIP" })).await;
    assert_eq!(status, 200, "{body}");

    // null is not "absent".
    let (status, body) = edit(anna, json!({ "email": null })).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "email", "{body}");
    let (status, body) = add(json!({ "first_name": null, "last_name": "X" })).await;
    assert_eq!(status, 422, "{body}");
    let (_, body) = call(&app, "POST", &format!("/api/clients/get/{anna}/"), t, None).await;
    assert_eq!(body["client"]["email"], "anna@example.com");

    // Blanks are no JSON document (schemathesis): 400, nothing changed.
    let res = app
        .client
        .patch(app.url(&format!("/api/clients/edit/{anna}/")))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body("\t")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);

    // Two managers adding the same email at the same moment: one client.
    for round in 0..3 {
        let email = format!("twin{round}@example.com");
        let a = json!({ "first_name": "A", "last_name": "Twin", "email": email });
        let (x, y) = tokio::join!(add(a.clone()), add(a));
        let mut statuses = [x.0, y.0];
        statuses.sort();
        assert_eq!(statuses, [200, 422], "{x:?} {y:?}");
    }
}
