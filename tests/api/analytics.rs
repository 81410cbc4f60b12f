//! The analytics dashboard: every key figure and chart table against values
//! worked out by hand on a small fixed shop, with store and category
//! filters; the roll-ups follow later writes; bad filters answered with
//! messages; exports; roles checked on the server.

use crate::helpers::{TestApp, spawn_app_with_demo};
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;
use serde_json::Value;

/// Unix seconds of 12:00 in Moscow (the tests' shop time zone, UTC+3) on
/// a day of 2026.
fn noon(month: u32, day: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, month, day)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let sql = sql.to_owned();
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar::<_, i64>(&sql)
        .fetch_one(pool)
        .await)
    .unwrap()
}

async fn run(app: &TestApp, sql: String) {
    karavai::db_write!(&app.db, |pool| sqlx::query(&sql)
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
}

/// A test order: number, client, store, stage, (month, day), and its items
/// as (product, quantity, unit price).
type TestOrder<'a> = (
    i64,
    i64,
    i64,
    &'a str,
    (u32, u32),
    Vec<(&'a (i64, String, i64), i64, i64)>,
);

struct Shop {
    /// The two products: (id, name, category id).
    a: (i64, String, i64),
    b: (i64, String, i64),
    s1: i64,
    s2: i64,
}

/// Five orders (see the test for the figures they make).
async fn shop(app: &TestApp) -> Shop {
    let product = |sql: &'static str| {
        let app = &app;
        async move {
            karavai::db_read!(&app.db, |pool| sqlx::query_as::<_, (i64, String, i64)>(sql)
                .fetch_one(pool)
                .await)
            .unwrap()
        }
    };
    let a = product("SELECT id, name, category_id FROM products ORDER BY id LIMIT 1").await;
    let b_sql = format!(
        "SELECT id, name, category_id FROM products WHERE category_id <> {} ORDER BY id LIMIT 1",
        a.2
    );
    let b = karavai::db_read!(&app.db, |pool| sqlx::query_as::<_, (i64, String, i64)>(
        &b_sql
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    let s1 = scalar(app, "SELECT id FROM stores ORDER BY position, id LIMIT 1").await;
    let s2 = scalar(
        app,
        "SELECT id FROM stores ORDER BY position, id LIMIT 1 OFFSET 1",
    )
    .await;
    for (id, last) in [(901, "Первая"), (902, "Вторая"), (903, "Третья")] {
        run(
            app,
            format!(
                "INSERT INTO clients (id, last_name, first_name, middle_name, phone, email, created_at) \
                 VALUES ({id}, '{last}', 'Анна', '', '', '', {})",
                noon(1, 1)
            ),
        )
        .await;
    }
    // (order, client, store, stage, day, items: (product, quantity, unit price))
    let orders: [TestOrder; 5] = [
        (9001, 901, s1, "handed_over", (2, 25), vec![(&a, 2, 10_000)]),
        (
            9002,
            901,
            s1,
            "handed_over",
            (3, 2),
            vec![(&a, 1, 10_000), (&b, 1, 5_000)],
        ),
        (9003, 902, s2, "new", (3, 2), vec![(&b, 3, 5_000)]),
        (9004, 903, s1, "cancelled", (3, 5), vec![(&a, 1, 10_000)]),
        (9005, 902, s2, "baking", (3, 6), vec![(&a, 2, 10_000)]),
    ];
    for (id, client, store, stage, (m, d), items) in orders {
        let total: i64 = items.iter().map(|(_, q, p)| q * p).sum();
        let at = noon(m, d) + (id - 9000) * 60;
        run(
            app,
            format!(
                "INSERT INTO orders (id, client_id, store_id, stage, fulfilment, payment_method, total_minor, \
                 created_at, updated_at) VALUES ({id}, {client}, {store}, '{stage}', 'pickup', 'cash', {total}, {at}, {at})"
            ),
        )
        .await;
        for (position, (p, q, price)) in items.iter().enumerate() {
            run(
                app,
                format!(
                    "INSERT INTO order_items (order_id, product_id, product_name, unit_price_minor, quantity, position) \
                     VALUES ({id}, {}, '{}', {price}, {q}, {position})",
                    p.0,
                    p.1.replace('\'', "''")
                ),
            )
            .await;
        }
    }
    // Order 9002's day in production: an hour new, two accepted, three baking.
    let start = noon(3, 2);
    for (from, to, hours) in [
        ("NULL", "'new'", 0),
        ("'new'", "'accepted'", 1),
        ("'accepted'", "'baking'", 3),
        ("'baking'", "'handed_over'", 6),
    ] {
        run(
            app,
            format!(
                "INSERT INTO order_stage_events (order_id, from_stage, to_stage, at) VALUES (9002, {from}, {to}, {})",
                start + hours * 3600
            ),
        )
        .await;
    }
    Shop { a, b, s1, s2 }
}

async fn dashboard(app: &TestApp, browser: &reqwest::Client, args: &[(&str, &str)]) -> Value {
    let args: Vec<(String, &str)> = args
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), *v))
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let (status, body) = app.call(browser, "admin/analytics", &args).await;
    assert_eq!(status, 200, "{body}");
    body
}

const MARCH: [(&str, &str); 3] = [
    ("period", "range"),
    ("from", "2026-03-01"),
    ("to", "2026-03-07"),
];

fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = MARCH.to_vec();
    v.extend_from_slice(extra);
    v
}

fn chart<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {d}"))
}

fn rows(d: &Value, id: &str) -> Vec<Vec<String>> {
    serde_json::from_value(chart(d, id)["rows"].clone()).unwrap()
}

#[tokio::test]
async fn every_figure_matches_the_hand_worked_shop() {
    let app = spawn_app_with_demo().await;
    let shop = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;

    let d = dashboard(&app, &manager, &MARCH).await;
    assert_eq!(d["problems"], serde_json::json!([]), "{d}");
    assert_eq!(d["previous_from"], "2026-02-22");
    assert_eq!(d["previous_to"], "2026-02-28");
    assert_eq!(d["bucket"], "Day");
    // 9002, 9003, 9005 sold (150 + 150 + 200); 9004 cancelled. 9003 and
    // 9004 are their clients' first orders.
    let k = &d["kpis"];
    assert_eq!(k["orders"], 4);
    assert_eq!(k["revenue_minor"], 50_000);
    assert_eq!(k["average_minor"], 16_666);
    assert_eq!(k["new_customers"], 2);
    assert_eq!(k["returning_orders"], 2);
    assert_eq!(k["cancelled"], 1);
    assert_eq!(k["cancelled_permille"], 250);
    let p = &d["previous"];
    assert_eq!(
        (
            p["orders"].as_i64(),
            p["revenue_minor"].as_i64(),
            p["new_customers"].as_i64()
        ),
        (Some(1), Some(20_000), Some(1))
    );

    // Revenue and orders per day: 2 March 300.00 over two orders, 5 March
    // one cancelled order, 6 March 200.00.
    let days = rows(&d, "chart-revenue");
    assert_eq!(days.len(), 7);
    let figures: Vec<(String, String)> =
        days.iter().map(|r| (r[1].clone(), r[2].clone())).collect();
    assert!(figures[1].0.contains("300"), "{days:?}");
    assert_eq!(figures[1].1, "2");
    assert_eq!(figures[4].1, "1");
    assert!(figures[5].0.contains("200"), "{days:?}");
    let option: Value =
        serde_json::from_str(chart(&d, "chart-revenue")["option"].as_str().unwrap()).unwrap();
    assert_eq!(option["series"][0]["data"][1], 300.0);
    assert_eq!(option["series"][1]["data"][1], 2);
    assert_eq!(
        option["series"][0]["data"][4], 0.0,
        "the cancelled order is no revenue"
    );

    // Rankings (orders not cancelled).
    let products = rows(&d, "chart-products");
    assert_eq!(products[0][0], shop.a.1);
    assert_eq!(products[0][1], "3");
    assert!(products[0][2].contains("300"));
    assert_eq!(products[1][0], shop.b.1);
    assert_eq!(products[1][1], "4");
    assert_eq!(rows(&d, "chart-categories").len(), 2);
    let stores = rows(&d, "chart-stores");
    assert_eq!(stores.len(), 2);
    assert!(stores.iter().any(|r| r[1].contains("150")), "{stores:?}");
    assert!(stores.iter().any(|r| r[1].contains("350")), "{stores:?}");
    let status = rows(&d, "chart-status");
    let status: Vec<(&str, &str)> = status
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("New", "1"),
            ("Baking", "1"),
            ("Handed over", "1"),
            ("Cancelled", "1")
        ]
    );

    // Production: hours in each stage, one order finished on 2 March.
    let hours = rows(&d, "chart-stage-time");
    let hours: Vec<(&str, &str)> = hours
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        &hours[..3],
        [("New", "1.0"), ("Accepted", "2.0"), ("Baking", "3.0")]
    );
    let finished = rows(&d, "chart-finished");
    assert_eq!(finished[1][1], "1");
    assert_eq!(finished.iter().filter(|r| r[1] != "0").count(), 1);

    // A store: 9002 and the cancelled 9004.
    let s1 = shop.s1.to_string();
    let k = dashboard(&app, &manager, &with(&[("store", &s1)])).await["kpis"].clone();
    assert_eq!(
        (
            k["orders"].as_i64(),
            k["revenue_minor"].as_i64(),
            k["cancelled"].as_i64(),
            k["new_customers"].as_i64()
        ),
        (Some(2), Some(15_000), Some(1), Some(1))
    );
    let s2 = shop.s2.to_string();
    let k = dashboard(&app, &manager, &with(&[("store", &s2)])).await["kpis"].clone();
    assert_eq!(
        (k["orders"].as_i64(), k["revenue_minor"].as_i64()),
        (Some(2), Some(35_000))
    );

    // A category: the orders holding it, the revenue of its items only.
    let cat = shop.a.2.to_string();
    let d = dashboard(&app, &manager, &with(&[("category", &cat)])).await;
    let k = &d["kpis"];
    assert_eq!(
        (
            k["orders"].as_i64(),
            k["revenue_minor"].as_i64(),
            k["cancelled"].as_i64(),
            k["new_customers"].as_i64()
        ),
        (Some(3), Some(30_000), Some(1), Some(1))
    );
    assert_eq!(rows(&d, "chart-products").len(), 1);

    // Weeks: 2 March 2026 is a Monday, so the range makes two weeks.
    let d = dashboard(&app, &manager, &with(&[("by", "week")])).await;
    assert_eq!(rows(&d, "chart-revenue").len(), 2);

    // A later write shows at the next read: a new order on 3 March.
    run(
        &app,
        format!(
            "INSERT INTO orders (id, client_id, store_id, stage, fulfilment, payment_method, total_minor, created_at, updated_at) \
             VALUES (9006, 903, {}, 'new', 'pickup', 'cash', 7000, {at}, {at})",
            shop.s1,
            at = noon(3, 3)
        ),
    )
    .await;
    run(
        &app,
        "UPDATE orders SET stage = 'cancelled' WHERE id = 9005".into(),
    )
    .await;
    let k = dashboard(&app, &manager, &MARCH).await["kpis"].clone();
    assert_eq!(k["orders"], 5);
    assert_eq!(k["revenue_minor"], 50_000 - 20_000 + 7_000);
    assert_eq!(k["cancelled"], 2);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM analytics_dirty").await,
        0,
        "every marked day worked out"
    );
}

#[tokio::test]
async fn sign_ins_low_stock_exports_bad_filters_and_roles() {
    let app = spawn_app_with_demo().await;
    shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;

    // Today: every account (all made today) and the manager's sign-in.
    let d = dashboard(&app, &manager, &[("period", "today")]).await;
    let activity = rows(&d, "chart-activity");
    assert_eq!(activity.len(), 1);
    let accounts = scalar(&app, "SELECT COUNT(*) FROM users").await;
    assert_eq!(
        activity[0][1],
        accounts.to_string(),
        "registrations: {activity:?}"
    );
    assert_eq!(activity[0][2], "1", "one sign-in: {activity:?}");
    assert_eq!(activity[0][3], "1", "one active user: {activity:?}");

    // Low stock: a variant with 2 left shows at the default threshold.
    run(
        &app,
        "UPDATE stock SET quantity = 2 WHERE variant_id = (SELECT v.id FROM product_variants v \
         JOIN products p ON p.id = v.product_id WHERE NOT p.made_to_order ORDER BY v.id LIMIT 1)"
            .into(),
    )
    .await;
    let low = dashboard(&app, &manager, &[("low", "2")]).await["low_stock"].clone();
    assert!(!low.as_array().unwrap().is_empty(), "{low}");
    assert!(
        low.as_array()
            .unwrap()
            .iter()
            .all(|r| r["quantity"].as_i64().unwrap() <= 2)
    );

    // Bad filters: each named at its field, nothing shown, no 500.
    let bad = dashboard(
        &app,
        &manager,
        &[
            ("period", "decade"),
            ("store", "999999"),
            ("category", "x"),
            ("by", "hour"),
            ("low", "-1"),
        ],
    )
    .await;
    let fields: Vec<&str> = bad["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["period", "store", "category", "by", "low"]);
    assert!(bad["charts"].as_array().unwrap().is_empty());
    let reversed = dashboard(
        &app,
        &manager,
        &[
            ("period", "range"),
            ("from", "2026-03-07"),
            ("to", "2026-03-01"),
        ],
    )
    .await;
    assert_eq!(reversed["problems"][0]["field"], "to");

    // Exports: sales as CSV with the period's figures, XLSX read back.
    let q = "period=range&from=2026-03-01&to=2026-03-07";
    let csv = manager
        .get(app.url(&format!("/admin/analytics/export.csv?report=sales&{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("Revenue,500.00,200.00"), "{csv}");
    let xlsx = manager
        .get(app.url(&format!("/admin/analytics/export.xlsx?report=sales&{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status().as_u16(), 200);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let revenue = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("Revenue".into())))
        .expect("a revenue row");
    assert_eq!(revenue[1], Data::Float(500.0));
    for report in ["stock", "activity"] {
        let res = manager
            .get(app.url(&format!("/admin/analytics/export.csv?report={report}&{q}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{report}");
    }
    let res = manager
        .get(app.url("/admin/analytics/export.csv?report=secrets"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);

    // Managers and admins only.
    let staff = app
        .signed_in(&user(&app, Role::Staff).await, PASSWORD)
        .await;
    assert_eq!(app.call(&staff, "admin/analytics", &[]).await.0, 403);
    assert_eq!(
        app.call(&app.browser(), "admin/analytics", &[]).await.0,
        401
    );
    let res = staff
        .get(app.url("/admin/analytics/export.csv?report=sales"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
}

/// The rankings read whole months from the monthly roll-ups and the days
/// around them from the daily ones: for periods of every shape, with and
/// without filters, they equal the rankings read from days alone, also
/// after an old order changes (its month is worked out again).
#[tokio::test]
async fn rankings_from_whole_months_equal_rankings_from_days() {
    use chrono::NaiveDate;
    use karavai::analytics::repo::{Ranked, ranking_reading, refresh, whole_months};
    let app = spawn_app_with_demo().await;
    karavai::server::demo::seed_history(&app.db, 150, 3_000, 150)
        .await
        .unwrap();
    let config = karavai::server::config::Config::default();
    refresh(&app.db, &config).await.unwrap();
    let today = karavai::orders::schedule::today(&config);
    let days = |n: i64| today - chrono::Duration::days(n);
    let date = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        whole_months(date(2026, 1, 15), date(2026, 4, 10)),
        (date(2026, 2, 1), date(2026, 4, 1))
    );
    assert_eq!(
        whole_months(date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 2, 1), date(2026, 3, 1))
    );
    assert_eq!(
        whole_months(date(2026, 2, 2), date(2026, 3, 30)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        "no whole month: every day from the daily roll-ups"
    );
    let store: i64 = scalar(&app, "SELECT MIN(id) FROM stores").await;
    let category: i64 = scalar(&app, "SELECT MIN(category_id) FROM products").await;
    let compare = |label: &'static str| {
        let app = &app;
        async move {
            let periods = [
                (days(149), today),
                (days(100), days(20)),
                (days(40), days(35)),
                (today, today),
                (
                    whole_months(days(120), today).0,
                    whole_months(days(120), today).1 - chrono::Duration::days(1),
                ),
            ];
            for (from, to) in periods {
                for what in [Ranked::Product, Ranked::Variant, Ranked::Category] {
                    for (s, c) in [
                        (None, None),
                        (Some(store), None),
                        (Some(store), Some(category)),
                    ] {
                        let monthly = ranking_reading(&app.db, what, from, to, s, c, 1_000, true)
                            .await
                            .unwrap();
                        let daily = ranking_reading(&app.db, what, from, to, s, c, 1_000, false)
                            .await
                            .unwrap();
                        assert_eq!(monthly, daily, "{label}: {what:?} {from}..{to} {s:?} {c:?}");
                    }
                }
            }
        }
    };
    compare("loaded").await;
    assert!(
        scalar(&app, "SELECT COUNT(*) FROM product_monthly").await > 0,
        "months were rolled up"
    );

    // An old order's item changes price; another one is cancelled.
    let old = scalar(
        &app,
        &format!(
            "SELECT MIN(id) FROM orders WHERE created_at < {}",
            chrono::Utc::now().timestamp() - 80 * 86_400
        ),
    )
    .await;
    run(
        &app,
        format!("UPDATE order_items SET unit_price_minor = unit_price_minor + 777 WHERE order_id = {old}"),
    )
    .await;
    run(
        &app,
        format!(
            "UPDATE orders SET stage = 'cancelled' WHERE id = {}",
            old + 1
        ),
    )
    .await;
    refresh(&app.db, &config).await.unwrap();
    compare("after writes").await;
}
