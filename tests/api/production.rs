//! The production board: cards, moves and their rules for every role, the
//! version check under concurrent moves, assignment, the daily plan, and the
//! admin's stage settings.

use serde_json::Value;

use crate::helpers::{EventStream, TestApp, spawn_app_with_demo};

async fn scalar_i64(app: &TestApp, sql: &str, arg: i64) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(sql)
        .bind(arg)
        .fetch_one(pool)
        .await)
    .unwrap()
}

async fn id_of(app: &TestApp, sql: &'static str, key: &str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(sql)
        .bind(key)
        .fetch_one(pool)
        .await)
    .unwrap()
}

fn in_days(n: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

/// Places an order through the real checkout: `qty` of `sku` at the centre
/// store, ready in three days (inside every demo lead time), with an
/// inscription when given. Returns the order id.
async fn place(app: &TestApp, sku: &str, qty: i64, inscription: &str, key: &str) -> i64 {
    let shopper = app.signed_in_as("customer").await;
    let variant = id_of(app, "SELECT id FROM product_variants WHERE sku = $1", sku).await;
    let store = id_of(app, "SELECT id FROM stores WHERE slug = $1", "centre").await;
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE stock SET quantity = 50 WHERE variant_id = $1"
    )
    .bind(variant)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (status, body) = app
        .call(
            &shopper,
            "cart/add",
            &[
                ("variant_id", &variant.to_string()),
                ("quantity", &qty.to_string()),
                ("inscription", inscription),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let date = in_days(3);
    let store = store.to_string();
    let (status, placed) = app
        .call(
            &shopper,
            "orders/place",
            &[
                ("last_name", "Petrova"),
                ("first_name", "Olga"),
                ("phone", "+7 912 345-67-89"),
                ("email", "olga@example.com"),
                ("fulfilment", "pickup"),
                ("store_id", &store),
                ("ready_date", &date),
                ("time_slot", "13:00-15:00"),
                ("payment_method", "cash"),
                ("idempotency_key", key),
            ],
        )
        .await;
    assert_eq!(status, 200, "{placed}");
    placed["order_id"].as_i64().unwrap()
}

/// The board of the day the test orders are due.
async fn board(app: &TestApp, browser: &reqwest::Client, extra: &[(&str, &str)]) -> Value {
    let date = in_days(3);
    let mut args = vec![
        ("due", "range"),
        ("from", date.as_str()),
        ("to", date.as_str()),
    ];
    args.extend_from_slice(extra);
    let (status, body) = app.call(browser, "production/board", &args).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn card(board: &Value, id: i64) -> Option<&Value> {
    board["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
}

async fn mv(
    app: &TestApp,
    who: &reqwest::Client,
    id: i64,
    version: i64,
    stage: &str,
) -> (u16, Value) {
    app.call(
        who,
        "production/move",
        &[
            ("id", &id.to_string()),
            ("version", &version.to_string()),
            ("stage", stage),
        ],
    )
    .await
}

#[tokio::test]
async fn the_board_shows_each_order_with_what_to_make_and_filters_it() {
    let app = spawn_app_with_demo().await;
    let id = place(
        &app,
        "napoleon-1",
        1,
        "Happy birthday, Lida!",
        "board-key-000001",
    )
    .await;
    let staff = app.signed_in_as("staff").await;
    let b = board(&app, &staff, &[]).await;
    let codes: Vec<&str> = b["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "new",
            "accepted",
            "baking",
            "decorating",
            "ready",
            "handed_over",
            "cancelled"
        ]
    );
    let c = card(&b, id).expect("the new order is on the board");
    assert_eq!(c["stage"], "new");
    assert_eq!(c["client_name"], "Petrova Olga");
    assert!(!c["store_name"].as_str().unwrap().is_empty());
    assert_eq!(c["time_slot"], "13:00-15:00");
    assert_eq!(c["items"][0]["quantity"], 1);
    assert_eq!(c["items"][0]["inscription"], "Happy birthday, Lida!");
    assert_eq!(c["late"], false);

    // Filters: another store, a product it does not hold, nobody's cards.
    let other = id_of(&app, "SELECT id FROM stores WHERE slug = $1", "riverside").await;
    let b = board(&app, &staff, &[("store", &other.to_string())]).await;
    assert!(card(&b, id).is_none(), "another store's board");
    let eclair = id_of(&app, "SELECT id FROM products WHERE slug = $1", "eclair").await;
    let b = board(&app, &staff, &[("product", &eclair.to_string())]).await;
    assert!(card(&b, id).is_none(), "a product it does not hold");
    let napoleon = id_of(&app, "SELECT id FROM products WHERE slug = $1", "napoleon").await;
    let b = board(
        &app,
        &staff,
        &[("product", &napoleon.to_string()), ("assignee", "0")],
    )
    .await;
    assert!(card(&b, id).is_some(), "its product, nobody's yet");

    // A bad range is a clear error on its field.
    let (status, body) = app
        .call(
            &staff,
            "production/board",
            &[("due", "range"), ("from", "2026-13-01"), ("to", "x")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("YYYY-MM-DD"), "{body}");
}

#[tokio::test]
async fn moves_follow_the_rules_for_every_role_and_are_recorded() {
    let app = spawn_app_with_demo().await;
    let id = place(&app, "eclair-1", 2, "", "rules-key-0000001").await;
    let staff = app.signed_in_as("staff").await;
    let manager = app.signed_in_as("manager").await;
    let admin = app.signed_in_as("admin").await;

    // Nobody else moves orders.
    for role in ["customer", "supplier"] {
        let who = app.signed_in_as(role).await;
        let (status, _) = mv(&app, &who, id, 1, "baking").await;
        assert_eq!(status, 403, "{role}");
    }
    let (status, _) = mv(&app, &app.browser(), id, 1, "baking").await;
    assert_eq!(status, 401);

    // Unknown stage, same stage, unknown order: refused, nothing changes.
    let (status, body) = mv(&app, &staff, id, 1, "frying").await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = mv(&app, &staff, id, 1, "new").await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("already"), "{body}");
    let (status, _) = mv(&app, &staff, 999_999, 1, "baking").await;
    assert_eq!(status, 404);

    // Staff move forward, skipping stages, and into a final stage.
    let (status, v) = mv(&app, &staff, id, 1, "baking").await;
    assert_eq!((status, v.as_i64()), (200, Some(2)));
    let (status, v) = mv(&app, &staff, id, 2, "handed_over").await;
    assert_eq!((status, v.as_i64()), (200, Some(3)));
    // Out of a final stage: managers only.
    let (status, body) = mv(&app, &staff, id, 3, "ready").await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("manager"), "{body}");
    let (status, _) = mv(&app, &manager, id, 3, "ready").await;
    assert_eq!(status, 200);
    let (status, _) = mv(&app, &admin, id, 4, "cancelled").await;
    assert_eq!(status, 200);

    // Every move: who, when, from, to.
    let rows: Vec<(Option<String>, String, Option<i64>, i64)> = karavai::db_read!(&app.db, |pool| {
        sqlx::query_as(
            "SELECT from_stage, to_stage, user_id, at FROM order_stage_events WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })
    .unwrap();
    let steps: Vec<(Option<&str>, &str)> = rows
        .iter()
        .map(|(f, t, _, _)| (f.as_deref(), t.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (None, "new"),
            (Some("new"), "baking"),
            (Some("baking"), "handed_over"),
            (Some("handed_over"), "ready"),
            (Some("ready"), "cancelled"),
        ]
    );
    let baker = id_of(
        &app,
        "SELECT id FROM users WHERE email = $1",
        "baker@karavai.local",
    )
    .await;
    assert_eq!(rows[1].2, Some(baker));
    assert!(rows.iter().all(|r| r.3 > 0));
    let (_, order) = app
        .call(&manager, "orders/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(order["stage"], "cancelled");
    assert_eq!(order["timeline"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn two_people_moving_one_card_at_once_one_wins_the_other_is_told() {
    let app = spawn_app_with_demo().await;
    let id = place(&app, "eclair-1", 1, "", "conflict-key-00001").await;
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for (i, role) in ["staff", "manager", "admin", "staff", "manager", "admin"]
        .into_iter()
        .enumerate()
    {
        let app = app.clone();
        let target = if i % 2 == 0 { "baking" } else { "accepted" };
        tasks.push(tokio::spawn(async move {
            let who = app.signed_in_as(role).await;
            mv(&app, &who, id, 1, target).await
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        if status == 409 {
            assert!(body.to_string().contains("first"), "{body}");
        }
        statuses.push(status);
    }
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409]);
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM order_stage_events WHERE order_id = $1",
            id
        )
        .await,
        2,
        "one move recorded"
    );
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT CAST(version AS BIGINT) FROM orders WHERE id = $1",
            id
        )
        .await,
        2
    );
}

#[tokio::test]
async fn cards_are_given_to_staff_only_and_every_board_hears_it() {
    let app = spawn_app_with_demo().await;
    let id = place(&app, "eclair-1", 1, "", "assign-key-000001").await;
    let manager = app.signed_in_as("manager").await;
    let staff = app.signed_in_as("staff").await;
    let mut events = EventStream::open_with(&app, &staff).await;
    let anna = id_of(
        &app,
        "SELECT id FROM users WHERE email = $1",
        "anna@karavai.local",
    )
    .await;
    let baker = id_of(
        &app,
        "SELECT id FROM users WHERE email = $1",
        "baker@karavai.local",
    )
    .await;
    let id_s = id.to_string();

    for bad in [anna.to_string(), "abc".to_owned(), "999999".to_owned()] {
        let (status, body) = app
            .call(
                &manager,
                "production/assign",
                &[("id", &id_s), ("assignee", &bad)],
            )
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let shopper = app.signed_in_as("customer").await;
    let (status, _) = app
        .call(
            &shopper,
            "production/assign",
            &[("id", &id_s), ("assignee", &baker.to_string())],
        )
        .await;
    assert_eq!(status, 403);

    let (status, body) = app
        .call(
            &manager,
            "production/assign",
            &[("id", &id_s), ("assignee", &baker.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut heard = false;
    while let Some((name, data)) = events.next_within(5).await {
        if name == "order_assigned" {
            assert!(data.contains(&format!("\"assignee_id\":{baker}")), "{data}");
            heard = true;
            break;
        }
    }
    assert!(heard, "the staff's board hears the assignment");
    let b = board(&app, &staff, &[("assignee", &baker.to_string())]).await;
    let c = card(&b, id).expect("the baker's card");
    assert!(!c["assignee_name"].as_str().unwrap().is_empty());
    let b = board(&app, &staff, &[("assignee", "0")]).await;
    assert!(card(&b, id).is_none(), "no longer nobody's");
    // Taking a card does not make a move stale.
    let (status, _) = mv(&app, &staff, id, 1, "baking").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_daily_plan_sums_what_to_make_per_stage() {
    let app = spawn_app_with_demo().await;
    let a = place(&app, "eclair-1", 2, "", "plan-key-00000001").await;
    let b = place(&app, "eclair-1", 3, "", "plan-key-00000002").await;
    let c = place(&app, "eclair-1", 4, "", "plan-key-00000003").await;
    let d = place(&app, "napoleon-1", 1, "For Vera", "plan-key-00000004").await;
    let staff = app.signed_in_as("staff").await;
    assert_eq!(mv(&app, &staff, b, 1, "baking").await.0, 200);
    assert_eq!(mv(&app, &staff, c, 1, "cancelled").await.0, 200);
    let _ = (a, d);

    let date = in_days(3);
    let (status, plan) = app
        .call(&staff, "production/plan", &[("date", &date)])
        .await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["orders"], 3, "the cancelled order is left out");
    let stages: Vec<&str> = plan["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["new", "baking"]);
    let rows = plan["rows"].as_array().unwrap();
    let eclair = rows
        .iter()
        .find(|r| r["product_name"].as_str().unwrap().contains("clair"))
        .expect("an éclair row");
    assert_eq!(eclair["by_stage"], serde_json::json!([2, 3]));
    assert_eq!(eclair["total"], 5);
    assert!(plan["notes"].to_string().contains("For Vera"), "{plan}");

    let (status, body) = app
        .call(&staff, "production/plan", &[("date", "tomorrow-ish")])
        .await;
    assert_eq!(status, 422, "{body}");
    let shopper = app.signed_in_as("customer").await;
    assert_eq!(app.call(&shopper, "production/plan", &[]).await.0, 403);
}

#[tokio::test]
async fn admins_configure_the_stages_and_the_board_follows() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let manager = app.signed_in_as("manager").await;
    let glazing = [
        ("code", "glazing"),
        ("name_en", "Glazing"),
        ("name_ru", "Глазировка"),
        ("colour", "#AA5500"),
        ("position", "35"),
        ("kind", "open"),
        ("adding", "1"),
    ];
    assert_eq!(
        app.call(&manager, "production/save-stage", &glazing)
            .await
            .0,
        403
    );
    let (status, body) = app.call(&admin, "production/save-stage", &glazing).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.call(&admin, "production/save-stage", &glazing).await;
    assert_eq!(status, 422, "adding it twice: {body}");

    let (_, stages) = app.call(&manager, "production/stages", &[]).await;
    let codes: Vec<&str> = stages
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes[2..4], ["baking", "glazing"]);

    // Every mistake at once; nothing saved.
    let (status, body) = app
        .call(
            &admin,
            "production/save-stage",
            &[
                ("code", "Bad Code"),
                ("name_en", ""),
                ("name_ru", "ok"),
                ("colour", "red"),
                ("position", "x"),
                ("kind", "open"),
                ("adding", "1"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let text = body.to_string();
    for field in ["code", "name_en", "colour", "position"] {
        assert!(text.contains(&format!("\"{field}\"")), "{field}: {text}");
    }
    // The entry stage stays open; used stages stay.
    let (status, _) = app
        .call(
            &admin,
            "production/save-stage",
            &[
                ("code", "new"),
                ("name_en", "New"),
                ("name_ru", "Новый"),
                ("colour", "#5b7db1"),
                ("position", "10"),
                ("kind", "done"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        app.call(&admin, "production/delete-stage", &[("code", "new")])
            .await
            .0,
        409
    );
    let id = place(&app, "eclair-1", 1, "", "stages-key-000001").await;
    let staff = app.signed_in_as("staff").await;
    assert_eq!(mv(&app, &staff, id, 1, "glazing").await.0, 200);
    let (status, body) = app
        .call(&admin, "production/delete-stage", &[("code", "glazing")])
        .await;
    assert_eq!(status, 409, "{body}");

    // Renamed: the shopper's order page says the new name.
    let (status, _) = app
        .call(
            &admin,
            "production/save-stage",
            &[
                ("code", "glazing"),
                ("name_en", "Icing"),
                ("name_ru", "Глазурь"),
                ("colour", "#aa5500"),
                ("position", "35"),
                ("kind", "open"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let shopper = app.signed_in_as("customer").await;
    let (_, list) = app.call(&shopper, "orders/mine", &[]).await;
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap();
    assert_eq!(mine["stage_name"], "Icing");

    // An unused stage goes.
    let mut spare = glazing;
    spare[0] = ("code", "spare");
    assert_eq!(
        app.call(&admin, "production/save-stage", &spare).await.0,
        200
    );
    assert_eq!(
        app.call(&admin, "production/delete-stage", &[("code", "spare")])
            .await
            .0,
        200
    );
    assert_eq!(
        app.call(&admin, "production/delete-stage", &[("code", "spare")])
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn the_move_form_works_without_javascript() {
    let app = spawn_app_with_demo().await;
    let id = place(&app, "eclair-1", 1, "", "nojs-key-00000001").await;
    let staff = app.signed_in_as("staff").await;
    let post = |version: &'static str| {
        staff
            .post(app.url("/rpc/production/move"))
            .header("Accept", "text/html")
            .header("Referer", app.url("/production?due=week"))
            .form(&[
                ("id", id.to_string().as_str()),
                ("version", version),
                ("stage", "baking"),
            ])
            .send()
    };
    let res = post("1").await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("/production?due=week"), "{location}");
    assert!(!location.contains("__err"), "{location}");
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT CAST(version AS BIGINT) FROM orders WHERE id = $1",
            id
        )
        .await,
        2
    );
    // The same (now stale) form again: back to the board with the error.
    let res = post("1").await.unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("__err"), "{location}");
    let (status, page) = {
        let res = staff
            .get(app.url("/production?due=week"))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        page.contains("data-testid=\"board\""),
        "the board renders on the server"
    );
    assert!(
        page.contains(&format!("data-card=\"{id}\"")),
        "with the card"
    );
}
