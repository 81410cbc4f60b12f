//! The back office's order page: lines added, changed and removed with the
//! total worked out on the server, refusals that write nothing, the merged
//! timeline, phone orders and deletion; roles checked on the server.

use crate::helpers::{TestApp, spawn_app};
use crate::orders_table::shop;
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;

async fn record(app: &TestApp, browser: &reqwest::Client, id: i64) -> serde_json::Value {
    let (status, body) = app
        .call(browser, "admin/orders/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn lines(order: &serde_json::Value) -> Vec<(String, i64, i64)> {
    order["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("no lines in {order}"))
        .iter()
        .map(|l| {
            (
                l["product"].as_str().unwrap().to_owned(),
                l["unit_price_minor"].as_i64().unwrap(),
                l["quantity"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn managers_edit_an_orders_lines_and_the_total_follows() {
    let app = spawn_app().await;
    let [eclair, ..] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let id = eclair.to_string();

    let order = record(&app, &manager, eclair).await;
    assert_eq!(lines(&order), [("Эклер".to_owned(), 15_000, 3)]);
    assert_eq!(order["total_minor"], 45_000);
    assert_eq!(order["can_edit"], true);
    assert_eq!(order["lines_open"], true);
    assert_eq!(order["client_name"], "Иванов Иван");
    let first_line = order["lines"][0]["id"].as_i64().unwrap().to_string();

    // Add: the answer is the new total, worked out from the lines.
    let (status, total) = app
        .call(
            &manager,
            "admin/orders/lines/add",
            &[
                ("id", &id),
                ("product", " Кофе  латте "),
                ("price", "120,50"),
                ("quantity", "2"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{total}");
    assert_eq!(total, 45_000 + 24_100);
    // Change: price and quantity of the éclairs.
    let (status, total) = app
        .call(
            &manager,
            "admin/orders/lines/update",
            &[
                ("id", &id),
                ("line_id", &first_line),
                ("price", "160"),
                ("quantity", "4"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{total}");
    assert_eq!(total, 64_000 + 24_100);
    let order = record(&app, &manager, eclair).await;
    assert_eq!(
        lines(&order),
        [
            ("Эклер".to_owned(), 16_000, 4),
            ("Кофе латте".to_owned(), 12_050, 2)
        ]
    );
    assert_eq!(order["total_minor"], 88_100);
    let coffee = order["lines"][1]["id"].as_i64().unwrap().to_string();

    // Refused, nothing written: bad fields (each named), a line of another
    // order, the last line.
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/lines/add",
            &[
                ("id", &id),
                ("product", " "),
                ("price", "-5"),
                ("quantity", "0"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let mut fields: Vec<&str> = body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["price", "product", "quantity"]);
    for (price, quantity) in [
        ("150", "1000"),
        ("10000000.01", "1"),
        ("abc", "2"),
        ("150", "2.5"),
    ] {
        let (status, body) = app
            .call(
                &manager,
                "admin/orders/lines/update",
                &[
                    ("id", &id),
                    ("line_id", &first_line),
                    ("price", price),
                    ("quantity", quantity),
                ],
            )
            .await;
        assert_eq!(status, 422, "{price} × {quantity}: {body}");
    }
    let (status, _) = app
        .call(
            &manager,
            "admin/orders/lines/update",
            &[
                ("id", &id),
                ("line_id", "999999"),
                ("price", "1"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(record(&app, &manager, eclair).await["total_minor"], 88_100);

    // Remove: the coffee goes; the éclairs, the last line, stay.
    let (status, total) = app
        .call(
            &manager,
            "admin/orders/lines/remove",
            &[("id", &id), ("line_id", &coffee)],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(total, 64_000);
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/lines/remove",
            &[("id", &id), ("line_id", &first_line)],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("at least one item"), "{body}");

    // Notes.
    let (status, _) = app
        .call(
            &manager,
            "admin/orders/notes",
            &[("id", &id), ("notes", "позвонить за час")],
        )
        .await;
    assert_eq!(status, 200);

    // One timeline, oldest first: the first stage, then every change with who made it.
    let order = record(&app, &manager, eclair).await;
    assert_eq!(order["notes"], "позвонить за час");
    let timeline = order["timeline"].as_array().unwrap();
    let fields: Vec<&str> = timeline
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "stage", "created", "item", "total", "item", "total", "item", "total", "notes"
        ]
    );
    assert_eq!(timeline[0]["new"], "New");
    assert_eq!(timeline[2]["old"], serde_json::Value::Null);
    assert_eq!(timeline[2]["new"], "Кофе латте × 2 @ 120.50");
    assert_eq!(timeline[4]["old"], "Эклер × 3 @ 150.00");
    assert_eq!(timeline[4]["new"], "Эклер × 4 @ 160.00");
    assert_eq!(timeline[5]["new"], "881.00");
    assert_eq!(timeline[6]["new"], serde_json::Value::Null);
    assert_eq!(timeline[8]["who"], "manager");
    assert_eq!(timeline[8]["source"], "ui");

    // A cancelled order's lines are final.
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE orders SET stage = 'cancelled' WHERE id = $1"
    )
    .bind(eclair)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    assert_eq!(record(&app, &manager, eclair).await["lines_open"], false);
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/lines/add",
            &[
                ("id", &id),
                ("product", "Хлеб"),
                ("price", "50"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(record(&app, &manager, eclair).await["total_minor"], 64_000);
}

#[tokio::test]
async fn phone_orders_are_made_for_a_client_and_deleted_by_managers_only() {
    let app = spawn_app().await;
    let [eclair, ..] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let client_id: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT client_id FROM orders WHERE id = $1"
    )
    .bind(eclair)
    .fetch_one(pool)
    .await)
    .unwrap();
    let client = client_id.to_string();

    let (status, id) = app
        .call(
            &manager,
            "admin/orders/create",
            &[
                ("client_id", &client),
                ("product", "Торт «Наполеон»"),
                ("price", "1800"),
                ("quantity", "1"),
                ("notes", "надпись «С днём рождения»"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("the new order's id");
    let order = record(&app, &manager, id).await;
    assert_eq!(order["source"], "phone");
    assert_eq!(order["client_id"], client_id);
    assert_eq!(order["total_minor"], 180_000);
    assert_eq!(order["stage"], "new");

    // Refused: an unknown client, bad fields; nothing written.
    let count = || async {
        karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM orders"
        )
        .fetch_one(pool)
        .await)
        .unwrap()
    };
    let before = count().await;
    let (status, _) = app
        .call(
            &manager,
            "admin/orders/create",
            &[
                ("client_id", "999999"),
                ("product", "Хлеб"),
                ("price", "50"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(status, 404);
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/create",
            &[
                ("client_id", &client),
                ("product", ""),
                ("price", "free"),
                ("quantity", "-1"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(count().await, before);

    // Staff look but change nothing; shoppers do not look.
    let staff = app
        .signed_in(&user(&app, Role::Staff).await, PASSWORD)
        .await;
    assert_eq!(record(&app, &staff, id).await["can_edit"], false);
    let id_text = id.to_string();
    let add = [
        ("id", id_text.as_str()),
        ("product", "Хлеб"),
        ("price", "50"),
        ("quantity", "1"),
    ];
    assert_eq!(
        app.call(&staff, "admin/orders/lines/add", &add).await.0,
        403
    );
    assert_eq!(
        app.call(&staff, "admin/orders/delete", &[("id", &id_text)])
            .await
            .0,
        403
    );
    let create = [
        ("client_id", client.as_str()),
        ("product", "Хлеб"),
        ("price", "50"),
        ("quantity", "1"),
    ];
    assert_eq!(
        app.call(&staff, "admin/orders/create", &create).await.0,
        403
    );
    let customer = app
        .signed_in(&user(&app, Role::Customer).await, PASSWORD)
        .await;
    assert_eq!(
        app.call(&customer, "admin/orders/one", &[("id", &id_text)])
            .await
            .0,
        403
    );

    // Deleted: gone, and the history keeps a record of it.
    assert_eq!(
        app.call(&manager, "admin/orders/delete", &[("id", &id_text)])
            .await
            .0,
        200
    );
    assert_eq!(
        app.call(&manager, "admin/orders/one", &[("id", &id_text)])
            .await
            .0,
        404
    );
    assert_eq!(
        app.call(&manager, "admin/orders/delete", &[("id", &id_text)])
            .await
            .0,
        404
    );
    let deleted: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM change_log WHERE entity = 'order' AND entity_id = $1 AND field = 'deleted'"
    )
    .bind(id)
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(deleted, 1);
}

#[tokio::test]
async fn managers_move_an_order_to_another_client_by_name_or_number() {
    use karavai::clients::repo::{self as clients, NewClient};
    use karavai::history::types::Source;
    let app = spawn_app().await;
    let [eclair, _, croissant, medovik] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let id = eclair.to_string();
    let client_of = |order: i64| {
        let app = &app;
        async move {
            karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(
                "SELECT client_id FROM orders WHERE id = $1"
            )
            .bind(order)
            .fetch_one(pool)
            .await)
            .unwrap()
        }
    };
    let (ivanov, smith, petrova) = (
        client_of(eclair).await,
        client_of(croissant).await,
        client_of(medovik).await,
    );

    // By words that find one client, in any order and letter case.
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/client",
            &[("id", &id), ("client", "anna SMITH")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, smith);
    let order = record(&app, &manager, eclair).await;
    assert_eq!(order["client_name"], "Smith Anna");
    let change = order["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "client")
        .cloned()
        .expect("the move is in the history");
    assert_eq!(change["old"], ivanov.to_string());
    assert_eq!(change["new"], smith.to_string());
    assert_eq!(change["who"], "manager");

    // By number.
    let (status, _) = app
        .call(
            &manager,
            "admin/orders/client",
            &[("id", &id), ("client", &format!("№{petrova}"))],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(client_of(eclair).await, petrova);

    // Refused, the order left with Petrova: nothing typed, nobody found,
    // several found (the message names them), an unknown number.
    clients::create(
        &app.db,
        &NewClient {
            last_name: "Smith".into(),
            first_name: "John".into(),
            phone: "+15550100".into(),
            ..Default::default()
        },
        None,
        Source::System,
    )
    .await
    .unwrap()
    .expect("a new email");
    for (typed, says) in [
        ("  ", "Enter the client"),
        ("Nobody Atall", "No client"),
        ("smith", "2 clients match"),
        ("999999", "No client"),
    ] {
        let (status, body) = app
            .call(
                &manager,
                "admin/orders/client",
                &[("id", &id), ("client", typed)],
            )
            .await;
        assert_eq!(status, 422, "{typed}: {body}");
        assert!(body.to_string().contains(says), "{typed}: {body}");
        assert_eq!(client_of(eclair).await, petrova, "{typed}");
    }
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/client",
            &[("id", &id), ("client", "smith +1555")],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // Staff read; they do not move orders.
    let staff = app
        .signed_in(&user(&app, Role::Staff).await, PASSWORD)
        .await;
    let (status, _) = app
        .call(
            &staff,
            "admin/orders/client",
            &[("id", &id), ("client", &smith.to_string())],
        )
        .await;
    assert_eq!(status, 403);
    assert_ne!(client_of(eclair).await, smith);
}
