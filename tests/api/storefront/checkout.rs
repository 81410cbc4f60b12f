//! Checkout: placing an order, client records, bad input, no overselling,
//! live moves, online payment, forms without JavaScript.

use crate::helpers::spawn_app_with_demo;

use super::*;

/// Two requests with the same form at the same moment (a double click that
/// the browser sent twice): one order, and both get it. On PostgreSQL both
/// may look for the form's key before either writes; the second then hits
/// the unique key, which must read as "already placed", never as a 500.
#[tokio::test]
async fn the_same_form_sent_twice_at_once_places_one_order_and_answers_both() {
    let app = spawn_app_with_demo().await;
    let shopper = app.signed_in_as("customer").await;
    let baguette = variant(&app, "baguette-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, baguette, 10).await;
    add(&app, &shopper, baguette, "2").await;
    let (_, data) = app.call(&shopper, "orders/checkout-data", &[]).await;
    let key = data["idempotency_key"].as_str().unwrap().to_owned();
    let total = data["cart"]["lines"][0]["unit_price_minor"]
        .as_i64()
        .unwrap()
        * 2;
    let form = with(
        &checkout_form(centre, &key),
        "expected_total",
        &total.to_string(),
    );

    for _ in 0..3 {
        let (first, second) = tokio::join!(
            call_owned(&app, &shopper, "orders/place", &form),
            call_owned(&app, &shopper, "orders/place", &form),
        );
        assert_eq!(first.0, 200, "{}", first.1);
        assert_eq!(second.0, 200, "{}", second.1);
        assert_eq!(first.1["order_id"], second.1["order_id"]);
    }
    let placed: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE idempotency_key = $1"
    )
    .bind(&key)
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(placed, 1);
    assert_eq!(stock_at(&app, baguette, centre).await, 8);
}

#[tokio::test]
async fn checkout_places_an_order_takes_stock_and_mails_a_confirmation() {
    let app = spawn_app_with_demo().await;
    let shopper = app.signed_in_as("customer").await;
    let baguette = variant(&app, "baguette-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, baguette, 10).await;
    add(&app, &shopper, baguette, "3").await;

    let (status, data) = app.call(&shopper, "orders/checkout-data", &[]).await;
    assert_eq!(status, 200, "{data}");
    assert_eq!(data["contact"]["email"], "anna@karavai.local", "prefilled");
    let key = data["idempotency_key"].as_str().unwrap().to_owned();
    let total = data["cart"]["lines"][0]["unit_price_minor"]
        .as_i64()
        .unwrap()
        * 3;

    let form = with(
        &checkout_form(centre, &key),
        "expected_total",
        &total.to_string(),
    );
    let (status, placed) = call_owned(&app, &shopper, "orders/place", &form).await;
    assert_eq!(status, 200, "{placed}");
    let order_id = placed["order_id"].as_i64().unwrap();
    assert_eq!(stock_at(&app, baguette, centre).await, 7);
    let (_, n) = app.call(&shopper, "cart/count", &[]).await;
    assert_eq!(n, 0, "the cart is emptied");
    app.mail_to("olga@example.com", &format!("№{order_id}"))
        .await;

    // The same form again: the same order, nothing new.
    let (status, again) = call_owned(&app, &shopper, "orders/place", &form).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["order_id"].as_i64(), Some(order_id));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM orders WHERE idempotency_key IS NOT NULL"
        )
        .await,
        1
    );

    // The order is in the shopper's history with its snapshot and timeline.
    let (_, mine) = app.call(&shopper, "orders/mine", &[]).await;
    assert_eq!(mine[0]["id"].as_i64(), Some(order_id));
    let (status, order) = app
        .call(&shopper, "orders/get", &[("id", &order_id.to_string())])
        .await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["stage"], "new");
    assert_eq!(order["items"][0]["product_name"], "Baguette");
    assert_eq!(order["total_minor"].as_i64(), Some(total));
    assert_eq!(order["timeline"].as_array().unwrap().len(), 1);

    // A catalog price change never changes the past order.
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE product_variants SET price_minor = price_minor * 2 WHERE id = $1"
    )
    .bind(baguette)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (_, order) = app
        .call(&shopper, "orders/get", &[("id", &order_id.to_string())])
        .await;
    assert_eq!(order["total_minor"].as_i64(), Some(total));

    // Nobody else sees it; staff do.
    let (status, _) = app
        .call(
            &app.browser(),
            "orders/get",
            &[("id", &order_id.to_string())],
        )
        .await;
    assert_eq!(status, 401);
    let staff = app.signed_in_as("staff").await;
    let (status, _) = app
        .call(&staff, "orders/get", &[("id", &order_id.to_string())])
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn checkout_keeps_one_client_record_per_person_with_its_history() {
    let app = spawn_app_with_demo().await;
    let baguette = variant(&app, "baguette-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, baguette, 50).await;
    let place = |browser: reqwest::Client, form: Vec<(String, String)>| {
        let app = &app;
        async move {
            let (status, body) = add(app, &browser, baguette, "1").await;
            assert_eq!(status, 200, "{body}");
            let (status, placed) = call_owned(app, &browser, "orders/place", &form).await;
            assert_eq!(status, 200, "{placed}");
            let id = placed["order_id"].as_i64().unwrap();
            karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(
                "SELECT client_id FROM orders WHERE id = $1"
            )
            .bind(id)
            .fetch_one(pool)
            .await)
            .unwrap()
        }
    };

    // A guest who comes back with the very same contact is the same client;
    // one with another phone is someone else, and never changes the first.
    let first = place(app.browser(), checkout_form(centre, "guest-key-000000001")).await;
    let again = place(app.browser(), checkout_form(centre, "guest-key-000000002")).await;
    assert_eq!(first, again);
    let other = place(
        app.browser(),
        with(
            &checkout_form(centre, "guest-key-000000003"),
            "phone",
            "+7 900 000-00-00",
        ),
    )
    .await;
    assert_ne!(other, first);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM clients WHERE last_name = 'Petrova'"
        )
        .await,
        2
    );

    // A signed-in shopper's record follows the contact they check out with,
    // and each change is in the client's history, by them.
    let shopper = app.signed_in_as("customer").await;
    let mine = place(
        shopper.clone(),
        checkout_form(centre, "anna-key-0000000001"),
    )
    .await;
    assert_ne!(mine, first);
    let moved = place(
        shopper,
        with(
            &with(
                &checkout_form(centre, "anna-key-0000000002"),
                "phone",
                "+7 911 111-11-11",
            ),
            "last_name",
            "Petrova-Orlova",
        ),
    )
    .await;
    assert_eq!(moved, mine, "an account keeps its one client record");
    // (field, from, to, by, source)
    type Change = (String, Option<String>, Option<String>, Option<i64>, String);
    let changes: Vec<Change> = karavai::db_read!(&app.db, |pool| sqlx::query_as(
        "SELECT field, old_value, new_value, user_id, source FROM change_log \
             WHERE entity = 'client' AND entity_id = $1 ORDER BY id"
    )
    .bind(mine)
    .fetch_all(pool)
    .await)
    .unwrap();
    let fields: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(fields, ["last_name", "phone"], "{changes:?}");
    assert_eq!(changes[0].1.as_deref(), Some("Petrova"));
    assert_eq!(changes[0].2.as_deref(), Some("Petrova-Orlova"));
    assert!(
        changes[1].2.as_deref().unwrap_or("").contains("911"),
        "{changes:?}"
    );
    assert!(changes[0].3.is_some(), "recorded as the shopper's change");
    assert_eq!(changes[0].4, "ui");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM clients WHERE last_name = 'Petrova-Orlova'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn checkout_refuses_bad_input_and_writes_nothing() {
    let app = spawn_app_with_demo().await;
    let guest = app.browser();
    let baguette = variant(&app, "baguette-1").await;
    let medovik = variant(&app, "medovik-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, baguette, 10).await;

    // An empty cart.
    let form = checkout_form(centre, "key-0123456789abcdef");
    let (status, body) = call_owned(&app, &guest, "orders/place", &form).await;
    assert_eq!(status, 409, "{body}");

    add(&app, &guest, baguette, "1").await;
    add(&app, &guest, medovik, "1").await; // made to order, 2 days.
    type Case = (Vec<(String, String)>, u16, &'static str);
    let cases: Vec<Case> = vec![
        (with(&form, "ready_date", "2020-01-01"), 422, "ready_date"),
        (with(&form, "ready_date", &tomorrow()), 422, "ready_date"), // inside the lead time
        (with(&form, "ready_date", "not a date"), 422, "ready_date"),
        (with(&form, "ready_date", &in_days(400)), 422, "ready_date"),
        (with(&form, "time_slot", "03:00-04:00"), 422, "time_slot"),
        (with(&form, "phone", "call me"), 422, "phone"),
        (with(&form, "email", "nope"), 422, "email"),
        (with(&form, "first_name", "  "), 422, "first_name"),
        (with(&form, "store_id", "999999"), 422, "store_id"),
        (
            with(&form, "payment_method", "barter"),
            422,
            "payment_method",
        ),
        (with(&form, "fulfilment", "teleport"), 422, "fulfilment"),
        (
            with(
                &with(&form, "fulfilment", "delivery"),
                "delivery_address",
                "",
            ),
            422,
            "delivery_address",
        ),
    ];
    for (case, expected, field) in cases {
        let (status, body) = call_owned(&app, &guest, "orders/place", &case).await;
        assert_eq!(status, expected, "{field}: {body}");
        let fields: Vec<&str> = body["detail"]
            .as_array()
            .map(|a| a.iter().map(|f| f["field"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert!(fields.contains(&field), "{field} named in {body}");
    }
    // A tampered total: prices are the server's, the shopper is told.
    let ok_date = in_days(3);
    let good = with(&form, "ready_date", &ok_date);
    let (status, body) = call_owned(
        &app,
        &guest,
        "orders/place",
        &with(&good, "expected_total", "1"),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM orders").await,
        0,
        "nothing written"
    );
    assert_eq!(stock_at(&app, baguette, centre).await, 10, "no stock taken");
    // And with everything right, it goes through.
    let (status, body) = call_owned(&app, &guest, "orders/place", &good).await;
    assert_eq!(status, 200, "{body}");
}

/// Two buyers, one cake, fifty times over: 50 concurrent checkouts for 5
/// units. Exactly 5 succeed, the rest are told how many are left, and the
/// stock ends at 0, never below.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_buyers_for_five_units_never_oversell() {
    let app = spawn_app_with_demo().await;
    let eclair = variant(&app, "eclair-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, eclair, 50).await;
    let mut buyers = Vec::new();
    for i in 0..50 {
        let browser = app.browser();
        let (status, body) = add(&app, &browser, eclair, "1").await;
        assert_eq!(status, 200, "{body}");
        buyers.push((
            browser,
            checkout_form(centre, &format!("concurrent-checkout-{i:04}")),
        ));
    }
    // Now only 5 are on the centre's shelf.
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE stock SET quantity = 5 WHERE variant_id = $1 AND store_id = $2"
    )
    .bind(eclair)
    .bind(centre)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();

    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for (browser, form) in buyers {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            call_owned(&app, &browser, "orders/place", &form).await
        }));
    }
    let mut ok = 0;
    let mut refused = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            200 => ok += 1,
            409 => {
                assert!(
                    body["detail"].as_str().unwrap().contains("left")
                        || body["detail"].as_str().unwrap().contains("sold out"),
                    "{body}"
                );
                refused += 1
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((ok, refused), (5, 45));
    assert_eq!(stock_at(&app, eclair, centre).await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM orders").await, 5);
}

#[tokio::test]
async fn staff_move_orders_and_the_shopper_hears_it() {
    let app = spawn_app_with_demo().await;
    let shopper = app.signed_in_as("customer").await;
    let eclair = variant(&app, "eclair-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, eclair, 10).await;
    add(&app, &shopper, eclair, "1").await;
    let (status, placed) = call_owned(
        &app,
        &shopper,
        "orders/place",
        &checkout_form(centre, "move-test-key-0001"),
    )
    .await;
    assert_eq!(status, 200, "{placed}");
    let id = placed["order_id"].as_i64().unwrap().to_string();

    let mut events = crate::helpers::EventStream::open_with(&app, &shopper).await;
    let staff = app.signed_in_as("staff").await;
    let (status, body) = app
        .call(
            &staff,
            "orders/move",
            &[("id", &id), ("version", "1"), ("stage", "baking")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (name, data) = events
        .next_within(5)
        .await
        .expect("the shopper hears the move");
    assert_eq!(name, "order_moved");
    assert!(data.contains("baking"));

    // A stale version is refused; the customer cannot move anything.
    let (status, body) = app
        .call(
            &staff,
            "orders/move",
            &[("id", &id), ("version", "1"), ("stage", "ready")],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = app
        .call(
            &shopper,
            "orders/move",
            &[("id", &id), ("version", "2"), ("stage", "ready")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            &staff,
            "orders/move",
            &[("id", &id), ("version", "2"), ("stage", "on-the-moon")],
        )
        .await;
    assert_eq!(status, 422);
    let (_, order) = app.call(&shopper, "orders/get", &[("id", &id)]).await;
    assert_eq!(order["stage"], "baking");
    assert_eq!(order["timeline"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn online_payment_goes_through_the_sandbox() {
    let app = spawn_app_with_demo().await;
    let guest = app.browser();
    let eclair = variant(&app, "eclair-1").await;
    let centre = store(&app, "centre").await;
    set_stock(&app, eclair, 10).await;
    add(&app, &guest, eclair, "2").await;
    let form = with(
        &checkout_form(centre, "online-payment-key-1"),
        "payment_method",
        "online",
    );
    let (status, placed) = call_owned(&app, &guest, "orders/place", &form).await;
    assert_eq!(status, 200, "{placed}");
    let redirect = placed["redirect"].as_str().unwrap().to_owned();
    assert!(redirect.starts_with("/pay/sandbox/"), "{redirect}");
    let id = placed["order_id"].as_i64().unwrap().to_string();

    // The hosted page shows the amount; declining keeps the order unpaid.
    let page = guest.get(app.url(&redirect)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Order №"));
    let res = guest
        .post(app.url(&redirect))
        .form(&[("outcome", "decline")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let (_, order) = app.call(&guest, "orders/get", &[("id", &id)]).await;
    assert_eq!(order["payment_status"], "failed");

    // Try again, and pay.
    let (status, url) = app.call(&guest, "orders/pay", &[("id", &id)]).await;
    assert_eq!(status, 200, "{url}");
    let res = guest
        .post(app.url(url.as_str().unwrap()))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let (_, order) = app.call(&guest, "orders/get", &[("id", &id)]).await;
    assert_eq!(order["payment_status"], "paid");
    // A settled payment cannot be settled again.
    let res = guest
        .post(app.url(url.as_str().unwrap()))
        .form(&[("outcome", "decline")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let (_, order) = app.call(&guest, "orders/get", &[("id", &id)]).await;
    assert_eq!(order["payment_status"], "paid");
}

#[tokio::test]
async fn forms_work_without_javascript() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let eclair = variant(&app, "eclair-1").await;
    set_stock(&app, eclair, 10).await;
    // A plain HTML post (Accept: text/html) of the product page's form.
    let res = browser
        .post(app.url("/rpc/cart/add"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/product/eclair"))
        .form(&[
            ("variant_id", eclair.to_string().as_str()),
            ("quantity", "2"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/cart");
    let res = browser.get(app.url("/cart")).send().await.unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("Éclair"), "the cart page lists it");
    // A bad quantity comes back to the form with the error in the URL.
    let res = browser
        .post(app.url("/rpc/cart/add"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/product/eclair"))
        .form(&[
            ("variant_id", eclair.to_string().as_str()),
            ("quantity", "-1"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&app.url("/product/eclair"))
            || location.starts_with("/product/eclair"),
        "{location}"
    );
    assert!(location.contains("__err"), "{location}");
}
