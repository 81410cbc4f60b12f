//! Suppliers (seed 004): the order intake switch keeps a paused supplier's
//! goods on show but out of every cart and checkout, and each supplier
//! works only its own part of an order (its lines, its subtotal), which
//! the buyer sees on the order page.

use serde_json::Value;

use crate::helpers::{TestApp, field_error, spawn_app_with_demo};
use crate::storefront::{add, call_owned, checkout_form, set_stock, store, variant};

async fn supplier_id(app: &TestApp, name: &str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE name = $1"
    )
    .bind(name)
    .fetch_one(pool)
    .await)
    .unwrap()
}

async fn orders(app: &TestApp) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders"
    )
    .fetch_one(pool)
    .await)
    .unwrap()
}

/// Places the shopper's cart at the centre store; the new order's id.
async fn place(app: &TestApp, shopper: &reqwest::Client) -> Result<i64, (u16, Value)> {
    let (_, data) = app.call(shopper, "orders/checkout-data", &[]).await;
    let key = data["idempotency_key"].as_str().unwrap().to_owned();
    let centre = store(app, "centre").await;
    let (status, placed) =
        call_owned(app, shopper, "orders/place", &checkout_form(centre, &key)).await;
    if status == 200 {
        Ok(placed["order_id"].as_i64().unwrap())
    } else {
        Err((status, placed))
    }
}

/// The demo shop with 20 of the gingerbread supplier's gingerbread and of
/// the bakery's baguettes on the shelves, and a signed-in shopper.
struct Shop {
    app: TestApp,
    tula: i64,
    kitchen: i64,
    gingerbread: i64,
    baguette: i64,
    shopper: reqwest::Client,
}

async fn shop() -> Shop {
    let app = spawn_app_with_demo().await;
    let tula = supplier_id(&app, "Tula Gingerbread Co.").await;
    let kitchen = supplier_id(&app, "Karavai kitchen").await;
    let gingerbread = variant(&app, "gingerbread-1").await;
    let baguette = variant(&app, "baguette-1").await;
    set_stock(&app, gingerbread, 20).await;
    set_stock(&app, baguette, 20).await;
    let shopper = app.signed_in_as("customer").await;
    Shop {
        app,
        tula,
        kitchen,
        gingerbread,
        baguette,
        shopper,
    }
}

/// Switches a supplier's order intake as `browser`.
async fn intake(
    app: &TestApp,
    browser: &reqwest::Client,
    supplier: &str,
    accepting: &str,
) -> (u16, Value) {
    app.call(
        browser,
        "supplier/intake",
        &[("supplier_id", supplier), ("accepting", accepting)],
    )
    .await
}

fn message(body: &Value) -> String {
    body.to_string()
}

#[tokio::test]
async fn a_paused_supplier_s_goods_stay_on_show_but_cannot_be_ordered() {
    let Shop {
        app,
        tula,
        kitchen,
        gingerbread,
        baguette,
        shopper,
    } = shop().await;
    let supplier = app.signed_in_as("supplier").await;
    let tula_id = tula.to_string();
    let kitchen_id = kitchen.to_string();

    // In the cart before the pause.
    assert_eq!(add(&app, &shopper, gingerbread, "1").await.0, 200);

    // Only the supplier's own people (and admins) switch its intake.
    for role in ["customer", "staff", "manager"] {
        let browser = app.signed_in_as(role).await;
        let (status, body) = intake(&app, &browser, &tula_id, "no").await;
        assert_eq!(status, 403, "{role}: {body}");
    }
    let (status, _) = intake(&app, &app.browser(), &tula_id, "no").await;
    assert_eq!(status, 401);
    let (status, _) = intake(&app, &supplier, &kitchen_id, "no").await;
    assert_eq!(
        status, 404,
        "another supplier's switch is not this user's to know"
    );
    let (status, body) = intake(&app, &supplier, &tula_id, "maybe").await;
    assert_eq!(status, 422, "{body}");
    let (_, product) = app
        .call(&shopper, "catalog/product", &[("slug", "gingerbread")])
        .await;
    assert_eq!(product["paused"], false, "nothing changed yet");

    let (status, body) = intake(&app, &supplier, &tula_id, "no").await;
    assert_eq!((status, &body), (200, &Value::Bool(false)));

    // On show, marked, and refused by the cart and by checkout.
    let (_, product) = app
        .call(&shopper, "catalog/product", &[("slug", "gingerbread")])
        .await;
    assert_eq!(product["paused"], true, "{product}");
    let (_, found) = app
        .call(
            &shopper,
            "catalog/search",
            &[("query", "category=gingerbread")],
        )
        .await;
    let cards = found["products"].as_array().unwrap();
    assert!(!cards.is_empty());
    assert!(cards.iter().all(|c| c["paused"] == true), "{found}");
    let (status, body) = add(&app, &shopper, gingerbread, "1").await;
    assert_eq!(status, 409, "{body}");
    assert!(message(&body).contains("takes no orders"), "{body}");
    let (status, body) = add(&app, &shopper, baguette, "1").await;
    assert_eq!(status, 200, "other suppliers' goods still go in: {body}");
    let before = orders(&app).await;
    let (status, body) = place(&app, &shopper).await.unwrap_err();
    assert_eq!(status, 409, "{body}");
    assert!(message(&body).contains("Tula gingerbread"), "{body}");
    assert_eq!(orders(&app).await, before, "nothing was placed");
    assert_eq!(
        crate::storefront::stock_at(&app, baguette, store(&app, "centre").await).await,
        20,
        "no stock taken"
    );

    // Back on: the same cart goes through, and its lines remember their supplier.
    let (status, body) = intake(&app, &supplier, &tula_id, "yes").await;
    assert_eq!((status, &body), (200, &Value::Bool(true)));
    let order = place(&app, &shopper)
        .await
        .expect("placed once the supplier takes orders");
    let suppliers: Vec<(String, Option<i64>)> = karavai::db_read!(&app.db, |pool| sqlx::query_as(
        "SELECT sku, supplier_id FROM order_items WHERE order_id = $1 ORDER BY sku"
    )
    .bind(order)
    .fetch_all(pool)
    .await)
    .unwrap();
    assert_eq!(
        suppliers,
        vec![
            ("baguette-1".to_owned(), Some(kitchen)),
            ("gingerbread-1".to_owned(), Some(tula))
        ]
    );
}

#[tokio::test]
async fn each_supplier_sees_and_moves_only_its_own_part_of_an_order() {
    let Shop {
        app,
        tula,
        kitchen,
        gingerbread,
        baguette,
        shopper,
    } = shop().await;
    add(&app, &shopper, baguette, "2").await;
    add(&app, &shopper, gingerbread, "3").await;
    let order = place(&app, &shopper).await.unwrap();
    let price: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT unit_price_minor FROM order_items WHERE order_id = $1 AND sku = 'gingerbread-1'"
    )
    .bind(order)
    .fetch_one(pool)
    .await)
    .unwrap();

    // The admins' invoice lists every line under its supplier; the
    // supplier's own mail holds its part alone.
    let invoice = app
        .mail_to("admin@karavai.local", &format!("Order №{order} from"))
        .await;
    let kitchen_at = invoice
        .find("Karavai kitchen\n2 × Baguette")
        .expect(&invoice);
    let tula_at = invoice
        .find("Tula Gingerbread Co.\n3 × Tula gingerbread")
        .expect(&invoice);
    assert!(kitchen_at < tula_at, "{invoice}");
    assert!(invoice.contains("Olga Petrova"), "{invoice}");
    let part_mail = app
        .mail_to("supplier@karavai.local", &format!("order №{order} holds"))
        .await;
    assert!(part_mail.contains("3 × Tula gingerbread"), "{part_mail}");
    assert!(!part_mail.contains("Baguette"), "{part_mail}");

    // The supplier's page: its own lines and its own subtotal only.
    let supplier = app.signed_in_as("supplier").await;
    let (status, page) = app
        .call(&supplier, "supplier/page", &[("search", "")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["current"]["id"], tula);
    assert_eq!(
        page["suppliers"].as_array().unwrap().len(),
        1,
        "its own supplier only"
    );
    let part = &page["parts"][0];
    assert_eq!(part["order_id"], order, "newest first: {page}");
    assert_eq!(part["state"], "new");
    let lines = part["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "not the bakery's baguettes: {part}");
    assert_eq!(lines[0]["sku"], "gingerbread-1");
    assert_eq!(part["subtotal_minor"], price * 3);
    let (status, _) = app
        .call(
            &supplier,
            "supplier/page",
            &[("search", &format!("supplier={kitchen}"))],
        )
        .await;
    assert_eq!(status, 404, "another supplier's orders");
    for role in ["customer", "staff", "manager"] {
        let browser = app.signed_in_as(role).await;
        let (status, _) = app.call(&browser, "supplier/page", &[("search", "")]).await;
        assert_eq!(status, 403, "{role}");
    }

    // Confirmed, then shipped; never backwards, never twice.
    let order_id = order.to_string();
    let tula_id = tula.to_string();
    let kitchen_id = kitchen.to_string();
    let step = |state: &'static str| {
        [
            ("supplier_id", tula_id.clone()),
            ("order_id", order_id.clone()),
            ("state", state.to_owned()),
        ]
    };
    let call = |browser: &reqwest::Client, args: [(&'static str, String); 3]| {
        let form: Vec<(String, String)> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let app = &app;
        let browser = browser.clone();
        async move { call_owned(app, &browser, "supplier/part", &form).await }
    };
    let (status, body) = call(&supplier, step("new")).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = call(&supplier, step("confirmed")).await;
    assert_eq!((status, &body), (200, &Value::String("confirmed".into())));
    let (status, body) = call(&supplier, step("confirmed")).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = call(&supplier, step("shipped")).await;
    assert_eq!((status, &body), (200, &Value::String("shipped".into())));
    // The buyer is told, at the order's address.
    let notice = app
        .mail_to("olga@example.com", "Tula Gingerbread Co.")
        .await;
    assert!(notice.contains(&format!("№{order}")), "{notice}");
    assert!(
        notice.contains("shipped") || notice.contains("confirmed"),
        "{notice}"
    );
    let (_, page) = app
        .call(&supplier, "supplier/page", &[("search", "state=shipped")])
        .await;
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["parts"][0]["state"], "shipped");

    // The bakery's part is not this supplier's; an admin works every part.
    let kitchen_step = [
        ("supplier_id", kitchen_id.clone()),
        ("order_id", order_id.clone()),
        ("state", "confirmed".to_owned()),
    ];
    let (status, _) = call(&supplier, kitchen_step.clone()).await;
    assert_eq!(status, 404);
    let customer = app.signed_in_as("customer").await;
    let (status, _) = call(&customer, kitchen_step.clone()).await;
    assert_eq!(status, 403);
    let admin = app.signed_in_as("admin").await;
    let (status, body) = call(&admin, kitchen_step.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (_, all) = app.call(&admin, "supplier/page", &[("search", "")]).await;
    assert!(
        all["suppliers"].as_array().unwrap().len() >= 3,
        "an admin sees every supplier"
    );

    // The buyer sees each part's state on the order page.
    let (status, detail) = app.call(&shopper, "orders/get", &[("id", &order_id)]).await;
    assert_eq!(status, 200, "{detail}");
    let parts = detail["supplier_parts"].as_array().unwrap();
    assert_eq!(
        parts,
        &vec![
            serde_json::json!(["Karavai kitchen", "confirmed"]),
            serde_json::json!(["Tula Gingerbread Co.", "shipped"]),
        ]
    );

    // An order that holds none of its goods, and a cancelled one.
    add(&app, &shopper, baguette, "1").await;
    let bread_only = place(&app, &shopper).await.unwrap().to_string();
    let (status, _) = call(
        &supplier,
        [
            ("supplier_id", tula_id.clone()),
            ("order_id", bread_only),
            ("state", "confirmed".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 404);
    add(&app, &shopper, gingerbread, "1").await;
    let cancelled = place(&app, &shopper).await.unwrap();
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE orders SET stage = 'cancelled' WHERE id = $1"
    )
    .bind(cancelled)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (status, body) = call(
        &supplier,
        [
            ("supplier_id", tula_id.clone()),
            ("order_id", cancelled.to_string()),
            ("state", "confirmed".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 409, "{body}");
    let (_, page) = app
        .call(&supplier, "supplier/page", &[("search", "")])
        .await;
    assert_eq!(page["parts"][0]["order_id"], cancelled);
    assert_eq!(page["parts"][0]["cancelled"], true);
}

/// Two people moving the same part at once: one wins, the other is told.
#[tokio::test]
async fn two_moves_of_one_part_at_once_succeed_once() {
    let Shop {
        app,
        tula,
        gingerbread,
        shopper,
        ..
    } = shop().await;
    add(&app, &shopper, gingerbread, "1").await;
    let order = place(&app, &shopper).await.unwrap();
    let supplier = app.signed_in_as("supplier").await;
    let admin = app.signed_in_as("admin").await;
    let form: Vec<(String, String)> = [
        ("supplier_id", tula.to_string()),
        ("order_id", order.to_string()),
        ("state", "confirmed".to_owned()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    let (a, b) = tokio::join!(
        call_owned(&app, &supplier, "supplier/part", &form),
        call_owned(&app, &admin, "supplier/part", &form),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", a.1, b.1);
}

/// A shop owner adds a supplier, names it, and links the account that runs
/// it; the supplier's own people may rename it, never relink it.
#[tokio::test]
async fn admins_create_suppliers_and_link_the_accounts_that_run_them() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let supplier = app.signed_in_as("supplier").await;
    let tula = supplier_id(&app, "Tula Gingerbread Co.").await.to_string();
    let count = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            karavai::db_read!(&db, |pool| sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM suppliers"
            )
            .fetch_one(pool)
            .await)
            .unwrap()
        }
    };
    let before = count(&app).await;

    // Only admins create; bad names and addresses are refused by field.
    let good = [
        ("name", "Pskov Honey"),
        ("url", "https://honey.example/price.yaml"),
    ];
    for role in ["customer", "staff", "manager", "supplier"] {
        let browser = app.signed_in_as(role).await;
        let (status, _) = app.call(&browser, "supplier/create", &good).await;
        assert_eq!(status, 403, "{role}");
    }
    let (status, body) = app
        .call(
            &admin,
            "supplier/create",
            &[("name", "  "), ("url", "ftp://x")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        field_error(&body, "name").is_some() && field_error(&body, "url").is_some(),
        "{body}"
    );
    let (status, body) = app
        .call(
            &admin,
            "supplier/create",
            &[("name", "tula gingerbread co."), ("url", "")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        field_error(&body, "name").unwrap().contains("already"),
        "{body}"
    );
    assert_eq!(count(&app).await, before, "nothing made");
    let (status, id) = app.call(&admin, "supplier/create", &good).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap().to_string();

    // Linking: an account with the supplier role only.
    let link = |email: &'static str| [("supplier_id", id.clone()), ("email", email.to_owned())];
    let form = |args: [(&'static str, String); 2]| -> Vec<(String, String)> {
        args.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    let (status, _) = call_owned(
        &app,
        &supplier,
        "supplier/link",
        &form(link("supplier@karavai.local")),
    )
    .await;
    assert_eq!(status, 403, "a supplier links nobody");
    for (email, why) in [
        ("nobody@karavai.local", "No account"),
        ("anna@karavai.local", "supplier role"),
        ("not an email", "valid email"),
    ] {
        let (status, body) = call_owned(&app, &admin, "supplier/link", &form(link(email))).await;
        assert_eq!(status, 422, "{email}: {body}");
        assert!(
            field_error(&body, "email").unwrap().contains(why),
            "{email}: {body}"
        );
    }
    let (status, body) = call_owned(
        &app,
        &admin,
        "supplier/link",
        &form(link("Supplier@Karavai.local")),
    )
    .await;
    assert_eq!(
        (status, &body),
        (200, &Value::String("supplier@karavai.local".into()))
    );

    // The supplier's account now runs two suppliers and chooses between them.
    let (_, page) = app
        .call(&supplier, "supplier/page", &[("search", "")])
        .await;
    let names: Vec<&str> = page["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Pskov Honey", "Tula Gingerbread Co."]);
    let (status, page) = app
        .call(
            &supplier,
            "supplier/page",
            &[("search", &format!("supplier={id}"))],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["current"]["url"], "https://honey.example/price.yaml");
    assert_eq!(page["current"]["user_email"], "supplier@karavai.local");
    assert_eq!(page["can_admin"], false);

    // Its people rename it; a name another supplier has is refused.
    let (status, body) = app
        .call(
            &supplier,
            "supplier/save",
            &[
                ("supplier_id", &id),
                ("name", "Pskov Honey & Wax"),
                ("url", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .call(
            &supplier,
            "supplier/save",
            &[
                ("supplier_id", &id),
                ("name", "Lumière patisserie"),
                ("url", ""),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let kitchen = supplier_id(&app, "Karavai kitchen").await.to_string();
    let (status, _) = app
        .call(
            &supplier,
            "supplier/save",
            &[("supplier_id", &kitchen), ("name", "Mine now"), ("url", "")],
        )
        .await;
    assert_eq!(status, 404, "not its supplier");
    let (_, page) = app
        .call(
            &supplier,
            "supplier/page",
            &[("search", &format!("supplier={id}"))],
        )
        .await;
    assert_eq!(page["current"]["name"], "Pskov Honey & Wax");
    assert_eq!(page["current"]["url"], "");

    // Unlinked, it is gone from the account's page; Tula stays.
    let (status, _) = call_owned(&app, &admin, "supplier/link", &form(link(""))).await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(
            &supplier,
            "supplier/page",
            &[("search", &format!("supplier={id}"))],
        )
        .await;
    assert_eq!(status, 404);
    let (_, page) = app
        .call(&supplier, "supplier/page", &[("search", "")])
        .await;
    assert_eq!(page["current"]["id"].to_string(), tula);
}

/// The next event named `name` on `stream` within a few seconds (others
/// are skipped), as JSON.
async fn next_named(stream: &mut crate::helpers::EventStream, name: &str) -> Option<Value> {
    while let Some((event, data)) = stream.next_within(3).await {
        if event == name {
            return Some(serde_json::from_str(&data).unwrap());
        }
    }
    None
}

/// A supplier's page hears of new orders of its goods and of its parts
/// moving, live; other shoppers hear nothing of them.
#[tokio::test]
async fn the_supplier_and_the_buyer_hear_of_parts_live_and_nobody_else_does() {
    let Shop {
        app,
        tula,
        gingerbread,
        shopper,
        ..
    } = shop().await;
    let supplier = app.signed_in_as("supplier").await;
    let mut supplier_stream = crate::helpers::EventStream::open_with(&app, &supplier).await;
    let mut buyer_stream = crate::helpers::EventStream::open_with(&app, &shopper).await;
    let stranger = app.browser();
    let mut stranger_stream = crate::helpers::EventStream::open_with(&app, &stranger).await;

    add(&app, &shopper, gingerbread, "1").await;
    let order = place(&app, &shopper).await.unwrap();
    let heard = next_named(&mut supplier_stream, "parts_changed")
        .await
        .expect("the supplier hears of the order");
    assert_eq!(heard["parts_changed"]["order_id"], order, "{heard}");

    let form: Vec<(String, String)> = [
        ("supplier_id", tula.to_string()),
        ("order_id", order.to_string()),
        ("state", "confirmed".to_owned()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    let (status, body) = call_owned(&app, &supplier, "supplier/part", &form).await;
    assert_eq!(status, 200, "{body}");
    let heard = next_named(&mut buyer_stream, "parts_changed")
        .await
        .expect("the buyer hears of the move");
    assert_eq!(heard["parts_changed"]["order_id"], order, "{heard}");
    assert!(
        next_named(&mut stranger_stream, "parts_changed")
            .await
            .is_none(),
        "a stranger hears nothing"
    );
}
