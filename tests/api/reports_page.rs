//! The back office's reports page (`/admin/reports`): figures of a period
//! worked out on the server, refused periods answered with messages,
//! saved reports that keep their figures, and the CSV, XLSX and plain-text
//! exports read back; managers and admins only.

use crate::helpers::{TestApp, spawn_app};
use crate::orders_table::shop;
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;
use karavai::history::types::Source;
use karavai::orders::record::repo::{SimpleOrder, create_simple};

async fn report(
    app: &TestApp,
    browser: &reqwest::Client,
    args: &[(&str, &str)],
) -> serde_json::Value {
    let args: Vec<(String, &str)> = args
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), *v))
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let (status, body) = app.call(browser, "admin/reports", &args).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn saved_ids(page: &serde_json::Value) -> Vec<i64> {
    page["saved"]
        .as_array()
        .unwrap_or_else(|| panic!("no saved list in {page}"))
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_reports_page_works_out_saves_and_lists_reports() {
    let app = spawn_app().await;
    let [eclair, ..] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;

    // This week: three orders (Petrova's is from January), three new clients.
    let week = report(&app, &manager, &[("period", "week")]).await;
    let f = &week["shown"]["figures"];
    assert_eq!(week["shown"]["period"], "week");
    assert_eq!(f["orders"], 3);
    assert_eq!(f["revenue_minor"], 45_000 + 120_000 + 18_000);
    assert_eq!(f["average_minor"], 61_000);
    assert_eq!(f["completed"], 0);
    assert_eq!(f["cancelled"], 0);
    assert_eq!(f["new_clients"], 3);
    assert_eq!(f["top_clients"][0]["name"], "Иванов Иван");
    assert_eq!(f["top_clients"][0]["orders"], 2);
    assert_eq!(f["top_clients"][0]["revenue_minor"], 165_000);
    assert_eq!(f["top_clients"][1]["name"], "Smith Anna");
    assert_eq!(f["top_products"][0]["product"], "Наполеон");
    assert_eq!(f["top_products"][1]["product"], "Эклер");
    assert_eq!(f["top_products"][1]["quantity"], 3);
    assert_eq!(week["problems"].as_array().unwrap().len(), 0);
    assert!(saved_ids(&week).is_empty());

    // No period: the last 30 days. Dates: a range (dates left in the form
    // do not count when a period is picked).
    let first = report(&app, &manager, &[]).await;
    assert_eq!(first["shown"]["period"], "month");
    let range = [
        ("period", "range"),
        ("from", "2026-01-01"),
        ("to", "2035-12-31"),
    ];
    let year_and_more = report(&app, &manager, &range).await;
    assert_eq!(year_and_more["shown"]["period"], "range");
    assert_eq!(year_and_more["shown"]["figures"]["orders"], 4);
    assert_eq!(year_and_more["shown"]["figures"]["revenue_minor"], 383_000);
    let picked = report(
        &app,
        &manager,
        &[
            ("period", "week"),
            ("from", "2026-01-01"),
            ("to", "2026-01-31"),
        ],
    )
    .await;
    assert_eq!(picked["shown"]["figures"]["orders"], 3);

    // A refused period: its problems, no figures.
    for (args, field) in [
        (
            vec![
                ("period", "range"),
                ("from", "2026-02-10"),
                ("to", "2026-02-01"),
            ],
            "date_to",
        ),
        (vec![("period", "range"), ("from", "soon")], "date_from"),
        (vec![("period", "decade")], "period"),
        (vec![("period", "range")], "period"),
        (
            vec![
                ("period", "range"),
                ("from", "2000-01-01"),
                ("to", "2026-01-01"),
            ],
            "date_from",
        ),
    ] {
        let refused = report(&app, &manager, &args).await;
        assert!(refused["shown"].is_null(), "{args:?}: {refused}");
        assert_eq!(refused["problems"][0]["field"], field, "{args:?}");
        assert!(
            !refused["problems"][0]["message"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }

    // Save the week; it is listed and opens with its figures.
    let (status, id) = app
        .call(&manager, "admin/reports/save", &[("period", "week")])
        .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("the saved report's number");
    let (status, range_id) = app
        .call(
            &manager,
            "admin/reports/save",
            &[
                ("period", "range"),
                ("from", "2026-01-01"),
                ("to", "2035-12-31"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{range_id}");
    let range_id = range_id.as_i64().unwrap();
    let page = report(&app, &manager, &[]).await;
    assert_eq!(saved_ids(&page), [range_id, id], "newest first");
    assert_eq!(page["saved"][1]["orders"], 3);
    assert_eq!(page["saved"][1]["revenue_minor"], 183_000);
    assert_eq!(page["saved"][0]["period"], "range");

    // A new order changes this week's figures, not the saved report's.
    let client_id: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT client_id FROM orders WHERE id = $1"
    )
    .bind(eclair)
    .fetch_one(pool)
    .await)
    .unwrap();
    create_simple(
        &app.db,
        &SimpleOrder {
            client_id,
            product: "Эклер".into(),
            quantity: 1,
            unit_price_minor: 15_000,
            notes: String::new(),
            source: "phone",
        },
        None,
        Source::System,
    )
    .await
    .unwrap()
    .unwrap();
    let now = report(&app, &manager, &[("period", "week")]).await;
    assert_eq!(now["shown"]["figures"]["orders"], 4);
    let id_text = id.to_string();
    let saved = report(&app, &manager, &[("saved", &id_text)]).await;
    assert_eq!(saved["shown"]["figures"]["orders"], 3);
    assert_eq!(saved["shown"]["saved"][0], id);
    assert_eq!(
        app.call(&manager, "admin/reports", &[("query[saved]", "424242")])
            .await
            .0,
        404
    );

    // A refused save writes nothing.
    for bad in [
        vec![("period", "decade")],
        vec![
            ("period", "range"),
            ("from", "2026-03-01"),
            ("to", "2026-02-01"),
        ],
    ] {
        let (status, body) = app.call(&manager, "admin/reports/save", &bad).await;
        assert_eq!(status, 422, "{bad:?}: {body}");
        assert!(
            body["detail"].as_array().is_some_and(|d| !d.is_empty()),
            "{body}"
        );
    }
    assert_eq!(saved_ids(&report(&app, &manager, &[]).await).len(), 2);
}

#[tokio::test]
async fn only_managers_and_admins_see_reports() {
    let app = spawn_app().await;
    shop(&app).await;
    let admin = app
        .signed_in(&user(&app, Role::Admin).await, PASSWORD)
        .await;
    assert_eq!(app.call(&admin, "admin/reports", &[]).await.0, 200);
    for role in [Role::Staff, Role::Customer, Role::Supplier] {
        let browser = app.signed_in(&user(&app, role).await, PASSWORD).await;
        assert_eq!(app.call(&browser, "admin/reports", &[]).await.0, 403);
        assert_eq!(
            app.call(&browser, "admin/reports/save", &[("period", "week")])
                .await
                .0,
            403
        );
        let res = browser
            .get(app.url("/admin/reports/export.csv?period=week"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "{role:?}");
    }
    let anonymous = app.browser();
    assert_eq!(app.call(&anonymous, "admin/reports", &[]).await.0, 401);
    assert_eq!(
        app.get("/admin/reports/export.txt?period=week")
            .await
            .status()
            .as_u16(),
        401
    );
    // Nothing was saved by the refused callers.
    let page = app.call(&admin, "admin/reports", &[]).await.1;
    assert!(saved_ids(&page).is_empty());
}

#[tokio::test]
async fn report_exports_hold_the_figures_in_each_format() {
    let app = spawn_app().await;
    shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let get = |path: &'static str, lang: &'static str| {
        let (app, manager) = (&app, &manager);
        async move {
            manager
                .get(app.url(path))
                .header("Accept-Language", lang)
                .send()
                .await
                .unwrap()
        }
    };

    // CSV: a byte-order mark, the heading, the figures, then the tops.
    let res = get("/admin/reports/export.csv?period=week", "en").await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert!(rows[0][0].starts_with("Report for "), "{rows:?}");
    assert_eq!(rows[1], ["Orders", "3"]);
    assert_eq!(rows[2], ["Revenue", "1830.00"]);
    assert_eq!(rows[3], ["Average order", "610.00"]);
    assert_eq!(rows[6], ["New clients", "3"]);
    assert_eq!(rows[8], ["Top clients", "Orders", "Revenue"]);
    assert_eq!(rows[9], ["Иванов Иван", "2", "1650.00"]);
    assert!(
        rows.contains(&vec!["Наполеон".to_owned(), "1".into(), "1200.00".into()]),
        "{rows:?}"
    );

    // XLSX, in Russian: numbers are numbers.
    let res = get("/admin/reports/export.xlsx?period=week", "ru").await;
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Отчёты").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells[2][0], Data::String("Заказов".into()));
    assert_eq!(cells[2][1], Data::Float(3.0));
    assert_eq!(cells[3][1], Data::Float(1830.0));
    assert_eq!(cells[10][0], Data::String("Иванов Иван".into()));
    assert_eq!(cells[10][2], Data::Float(1650.0));

    // Plain text, in Russian, with Russian plurals.
    let res = get(
        "/admin/reports/export.txt?period=range&from=2026-01-01&to=2035-12-31",
        "ru",
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    assert!(
        text.starts_with("Отчёт за 01.01.2026 – 31.12.2035\n"),
        "{text}"
    );
    assert!(text.contains("\nЗаказов: 4\n"), "{text}");
    assert!(text.contains("\nВыручка: 3830.00\n"), "{text}");
    assert!(
        text.contains("\n1. Petrova Olga — 1 заказ, 2000.00\n"),
        "{text}"
    );
    assert!(
        text.contains("\n2. Иванов Иван — 2 заказа, 1650.00\n"),
        "{text}"
    );
    assert!(
        text.contains("\nЛучшие товары:\n1. Medovik — 1 шт., 2000.00\n"),
        "{text}"
    );

    // A saved report exports as it was saved.
    let (_, id) = app
        .call(&manager, "admin/reports/save", &[("period", "week")])
        .await;
    let path = format!("/admin/reports/export.txt?saved={}", id.as_i64().unwrap());
    let text = manager
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("Orders: 3\n"), "{text}");
    assert!(text.contains("Saved report №"), "{text}");

    // Refusals: a bad period is 422 with its message; an unknown report 404.
    let res = get(
        "/admin/reports/export.csv?period=range&from=2026-03-01&to=2026-02-01",
        "en",
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("end date"));
    let res = get("/admin/reports/export.xlsx?saved=424242", "en").await;
    assert_eq!(res.status().as_u16(), 404);
    let res = get("/admin/reports/export.txt?saved=many", "en").await;
    assert_eq!(res.status().as_u16(), 400);
}
