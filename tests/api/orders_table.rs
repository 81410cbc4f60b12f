//! The back office's orders table: every filter, sorting, the search box,
//! bad filters answered with messages, the bulk status change, and the CSV
//! and XLSX exports read back; roles checked on the server.

use crate::helpers::{TestApp, spawn_app};
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;
use karavai::clients::repo::{self as clients, NewClient};
use karavai::history::types::Source;
use karavai::orders::record::repo::{SimpleOrder, create_simple};

/// Three clients, four orders (ids returned in this order):
/// Иванов: Эклер ×3 at 150 (450), notes "без сахара"
/// Иванов: Наполеон ×1 at 1200 (1200)
/// Smith: Croissant ×2 at 90 (180)
/// Petrova: Medovik ×1 at 2000 (2000), placed 2026-01-10 12:00 UTC
pub async fn shop(app: &TestApp) -> [i64; 4] {
    let client = |last: &str, first: &str, phone: &str| NewClient {
        last_name: last.into(),
        first_name: first.into(),
        phone: phone.into(),
        ..Default::default()
    };
    let ivanov = clients::create(
        &app.db,
        &client("Иванов", "Иван", "+79001112233"),
        None,
        Source::System,
    )
    .await
    .unwrap()
    .expect("no email, never taken");
    let smith = clients::create(&app.db, &client("Smith", "Anna", ""), None, Source::System)
        .await
        .unwrap()
        .expect("no email, never taken");
    let petrova = clients::create(
        &app.db,
        &client("Petrova", "Olga", ""),
        None,
        Source::System,
    )
    .await
    .unwrap()
    .expect("no email, never taken");
    let mut ids = Vec::new();
    for (client_id, product, quantity, price, notes) in [
        (ivanov, "Эклер", 3, 15_000, "без сахара"),
        (ivanov, "Наполеон", 1, 120_000, ""),
        (smith, "Croissant", 2, 9_000, ""),
        (petrova, "Medovik", 1, 200_000, ""),
    ] {
        let id = create_simple(
            &app.db,
            &SimpleOrder {
                client_id,
                product: product.into(),
                quantity,
                unit_price_minor: price,
                notes: notes.into(),
                source: "phone",
            },
            None,
            Source::System,
        )
        .await
        .unwrap()
        .unwrap();
        ids.push(id);
    }
    // Petrova's order was placed long ago (2026-01-10 12:00 UTC).
    crate::helpers::exec(
        &app.db,
        "UPDATE orders SET created_at = 1768046400 WHERE id = (SELECT MAX(id) FROM orders)",
    )
    .await
    .unwrap();
    [ids[0], ids[1], ids[2], ids[3]]
}

/// The ids of a table answer, in order.
fn ids(table: &serde_json::Value) -> Vec<i64> {
    table["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("no rows in {table}"))
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// Page `page` of the orders table for the search box's `q`, sorted by
/// `sort` in `dir`: its orders' numbers and the table itself.
async fn search_page(
    app: &TestApp,
    browser: &reqwest::Client,
    q: &str,
    (sort, dir): (&str, &str),
    page: usize,
) -> (Vec<i64>, serde_json::Value) {
    let page = page.to_string();
    let got = table(
        app,
        browser,
        &[("q", q), ("sort", sort), ("dir", dir), ("page", &page)],
    )
    .await;
    (ids(&got), got)
}

/// The body of `GET url` by `client`.
async fn body(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

async fn table(
    app: &TestApp,
    browser: &reqwest::Client,
    args: &[(&str, &str)],
) -> serde_json::Value {
    let args: Vec<(String, &str)> = args
        .iter()
        .map(|(k, v)| (format!("filter[{k}]"), *v))
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let (status, body) = app.call(browser, "admin/orders", &args).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn the_orders_table_filters_sorts_and_searches_on_the_server() {
    let app = spawn_app().await;
    let [eclair, napoleon, croissant, medovik] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;

    // Newest first by default; the count and sum cover every match.
    let all = table(&app, &manager, &[]).await;
    assert_eq!(ids(&all), [croissant, napoleon, eclair, medovik]);
    assert_eq!(all["total"], 4);
    assert_eq!(all["sum_minor"], 45_000 + 120_000 + 18_000 + 200_000);
    assert_eq!(all["can_edit"], true);
    assert_eq!(all["rows"][0]["items"], "Croissant ×2");
    assert_eq!(all["rows"][0]["stage_name"], "New");

    // Sort by total, both ways; by client name.
    let up = table(&app, &manager, &[("sort", "total"), ("dir", "asc")]).await;
    assert_eq!(ids(&up), [croissant, eclair, napoleon, medovik]);
    let down = table(&app, &manager, &[("sort", "total"), ("dir", "desc")]).await;
    assert_eq!(ids(&down), [medovik, napoleon, eclair, croissant]);
    let by_client = table(&app, &manager, &[("sort", "client"), ("dir", "asc")]).await;
    assert_eq!(ids(&by_client), [medovik, croissant, eclair, napoleon]);

    // One search box: number, client in any word order, item, note.
    let hit = |q: &'static str| {
        let (app, manager) = (&app, &manager);
        async move { ids(&table(app, manager, &[("q", q)]).await) }
    };
    assert_eq!(hit("иван иванов").await, [napoleon, eclair]);
    assert_eq!(hit("эклер").await, [eclair]);
    assert_eq!(hit("сахара").await, [eclair]);
    assert_eq!(hit("croissant anna").await, [croissant]);
    let number = medovik.to_string();
    assert_eq!(
        ids(&table(&app, &manager, &[("q", &number)]).await),
        [medovik]
    );
    assert!(hit("nothing-like-this").await.is_empty());

    // Per-column filters: client, item, amounts, dates, stage, payment.
    assert_eq!(
        ids(&table(&app, &manager, &[("client", "smith")]).await),
        [croissant]
    );
    assert_eq!(
        ids(&table(&app, &manager, &[("item", "наполеон")]).await),
        [napoleon]
    );
    let mid = table(&app, &manager, &[("min", "400"), ("max", "1200.00")]).await;
    assert_eq!(ids(&mid), [napoleon, eclair]);
    assert_eq!(mid["sum_minor"], 165_000);
    let january = table(
        &app,
        &manager,
        &[("from", "2026-01-01"), ("to", "2026-01-31")],
    )
    .await;
    assert_eq!(ids(&january), [medovik]);
    let since = table(&app, &manager, &[("from", "2026-02-01")]).await;
    assert_eq!(ids(&since).len(), 3);
    assert_eq!(
        ids(&table(&app, &manager, &[("stage", "new")]).await).len(),
        4
    );
    assert!(ids(&table(&app, &manager, &[("stage", "ready")]).await).is_empty());
    assert_eq!(
        ids(&table(&app, &manager, &[("payment", "unpaid")]).await).len(),
        4
    );

    // Pages of 25.
    let second = table(&app, &manager, &[("page", "2")]).await;
    assert!(ids(&second).is_empty());
    assert_eq!(second["total"], 4);

    // Bad filters: every mistake named at its field, no rows, no 500.
    let bad = table(
        &app,
        &manager,
        &[
            ("from", "yesterday"),
            ("min", "12x"),
            ("stage", "oven"),
            ("sort", "password"),
        ],
    )
    .await;
    let fields: Vec<&str> = bad["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["stage", "from", "min", "sort"]);
    assert!(ids(&bad).is_empty());
    let reversed = table(&app, &manager, &[("min", "500"), ("max", "100")]).await;
    assert_eq!(reversed["problems"][0]["field"], "max");
}

#[tokio::test]
async fn only_staff_and_above_see_the_table_and_only_managers_change_it() {
    let app = spawn_app().await;
    let [eclair, ..] = shop(&app).await;
    let staff = app
        .signed_in(&user(&app, Role::Staff).await, PASSWORD)
        .await;
    let customer = app
        .signed_in(&user(&app, Role::Customer).await, PASSWORD)
        .await;

    let seen = table(&app, &staff, &[]).await;
    assert_eq!(seen["can_edit"], false);
    let (status, _) = app.call(&customer, "admin/orders", &[]).await;
    assert_eq!(status, 403);
    let (status, _) = app.call(&app.browser(), "admin/orders", &[]).await;
    assert_eq!(status, 401);

    let id = eclair.to_string();
    let (status, _) = app
        .call(
            &staff,
            "admin/orders/bulk",
            &[("ids[]", &id), ("stage", "accepted")],
        )
        .await;
    assert_eq!(status, 403);
    for who in [&staff, &customer] {
        let res = who
            .get(app.url("/admin/orders/export.csv"))
            .send()
            .await
            .unwrap();
        let expected = if std::ptr::eq(who, &staff) { 200 } else { 403 };
        assert_eq!(res.status().as_u16(), expected);
    }
    let res = app.get("/admin/orders/export.xlsx").await;
    assert_eq!(res.status().as_u16(), 401);
    // The page itself is refused on the server too.
    let (status, _) = {
        let res = customer.get(app.url("/admin/orders")).send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_bulk_status_change_moves_what_it_can_and_says_what_it_left() {
    let app = spawn_app().await;
    let [eclair, napoleon, croissant, _] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let (a, b, c) = (
        eclair.to_string(),
        napoleon.to_string(),
        croissant.to_string(),
    );

    // As the plain HTML form posts it: ids[]=…&ids[]=…
    let (status, outcome) = app
        .call(
            &manager,
            "admin/orders/bulk",
            &[("ids[]", &a), ("ids[]", &b), ("stage", "accepted")],
        )
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["moved"], serde_json::json!([eclair, napoleon]));
    assert_eq!(outcome["skipped"], serde_json::json!([]));
    let accepted = table(&app, &manager, &[("stage", "accepted")]).await;
    assert_eq!(ids(&accepted), [napoleon, eclair]);

    // One already there, one unknown: the third still moves.
    let (status, outcome) = app
        .call(
            &manager,
            "admin/orders/bulk",
            &[
                ("ids[]", &a),
                ("ids[]", "999999"),
                ("ids[]", &c),
                ("stage", "accepted"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["moved"], serde_json::json!([croissant]));
    let skipped: Vec<i64> = outcome["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_i64().unwrap())
        .collect();
    assert_eq!(skipped, [eclair, 999_999]);
    assert!(!outcome["skipped"][0][1].as_str().unwrap().is_empty());

    // Bad input changes nothing.
    let (status, body) = app
        .call(
            &manager,
            "admin/orders/bulk",
            &[("ids[]", &b), ("stage", "oven")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .call(&manager, "admin/orders/bulk", &[("stage", "ready")])
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        ids(&table(&app, &manager, &[("stage", "accepted")]).await).len(),
        3
    );
}

#[tokio::test]
async fn exports_hold_every_filtered_order_in_the_columns_shown() {
    let app = spawn_app().await;
    let [eclair, napoleon, _, _] = shop(&app).await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let query = "q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2&sort=total&dir=asc&cols=number&cols=client&cols=items&cols=total";

    let res = manager
        .get(app.url(&format!("/admin/orders/export.csv?{query}")))
        .send()
        .await
        .unwrap();
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
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["No.", "Client", "Items", "Total"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                eclair.to_string(),
                "Иванов Иван".into(),
                "Эклер ×3".into(),
                "450.00".into()
            ],
            vec![
                napoleon.to_string(),
                "Иванов Иван".into(),
                "Наполеон ×1".into(),
                "1200.00".into()
            ],
        ]
    );

    let res = manager
        .get(app.url(&format!("/admin/orders/export.xlsx?{query}")))
        .header("Accept-Language", "ru")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Заказы").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells.len(), 3);
    assert_eq!(
        cells[0],
        [
            Data::String("№".into()),
            Data::String("Клиент".into()),
            Data::String("Состав".into()),
            Data::String("Сумма".into())
        ]
    );
    assert_eq!(cells[1][0], Data::Float(eclair as f64));
    assert_eq!(cells[1][2], Data::String("Эклер ×3".into()));
    assert_eq!(cells[1][3], Data::Float(450.0));
    assert_eq!(cells[2][3], Data::Float(1200.0));

    // A bad filter is refused with its message, not an empty file.
    let res = manager
        .get(app.url("/admin/orders/export.csv?from=soon"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("date"));
}

#[tokio::test]
async fn counts_come_from_the_hourly_rollup_and_stop_at_the_cap() {
    let app = spawn_app().await;
    karavai::server::demo::seed(&app.db).await.unwrap();
    let loaded = karavai::server::demo::seed_history(&app.db, 800, 10_040, 90)
        .await
        .unwrap();
    assert_eq!(loaded, 10_040);
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let truth = |filter: &'static str| {
        let app = &app;
        async move {
            let sql = format!(
                "SELECT COUNT(*), CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM orders WHERE {filter}"
            );
            karavai::db_read!(&app.db, |pool| sqlx::query_as::<_, (i64, i64)>(&sql)
                .fetch_one(pool)
                .await)
            .unwrap()
        }
    };
    let counted = |t: &serde_json::Value| {
        (
            t["total"].as_i64().unwrap(),
            t["sum_minor"].as_i64().unwrap(),
            t["exact"].as_bool().unwrap(),
        )
    };
    let check =
        |label: &'static str, filter: &'static str, args: Vec<(&'static str, &'static str)>| {
            let (app, manager) = (&app, &manager);
            async move {
                let (n, sum) = truth(filter).await;
                let got = counted(&table(app, manager, &args).await);
                assert_eq!(got, (n, sum, true), "{label}");
            }
        };

    // Every order, a stage, a payment state: exact past the cap, from the
    // roll-up, matching the orders themselves.
    check("all", "1 = 1", vec![]).await;
    check(
        "handed over",
        "stage = 'handed_over'",
        vec![("stage", "handed_over")],
    )
    .await;
    check(
        "unpaid",
        "payment_status = 'unpaid'",
        vec![("payment", "unpaid")],
    )
    .await;

    // A filter the roll-up does not hold: counted up to the cap, then "more".
    let many = table(&app, &manager, &[("min", "0")]).await;
    assert_eq!(counted(&many).0, karavai::orders::table::repo::COUNT_CAP);
    assert!(!counted(&many).2);
    assert_eq!(ids(&many).len(), 25, "the page itself is served");
    let html = body(&manager, app.url("/admin/orders?min=0")).await;
    assert!(html.contains("More than 10000 orders"), "the page says so");

    // The roll-up follows every write: a stage move, a payment, a new
    // total, a deletion.
    for sql in [
        "UPDATE orders SET stage = 'cancelled' WHERE id IN (SELECT id FROM orders WHERE stage = 'handed_over' ORDER BY id LIMIT 7)",
        "UPDATE orders SET payment_status = 'paid' WHERE id IN (SELECT id FROM orders WHERE payment_status = 'unpaid' ORDER BY id LIMIT 3)",
        "UPDATE orders SET total_minor = total_minor + 100 WHERE id = (SELECT MIN(id) FROM orders)",
        "DELETE FROM orders WHERE id = (SELECT MAX(id) FROM orders)",
    ] {
        crate::helpers::exec(&app.db, sql).await.unwrap();
    }
    check("all, after writes", "1 = 1", vec![]).await;
    check(
        "cancelled",
        "stage = 'cancelled'",
        vec![("stage", "cancelled")],
    )
    .await;
    check(
        "unpaid, after",
        "payment_status = 'unpaid'",
        vec![("payment", "unpaid")],
    )
    .await;

    // A word in every order: the search reads the newest matches only, up
    // to the search's own, lower cap, yet every page, past the cap too, is
    // the one the orders themselves give.
    crate::helpers::exec(&app.db, "UPDATE orders SET notes = 'Ring the bell twice'")
        .await
        .unwrap();
    for (sort, dir) in [
        ("number", "desc"),
        ("number", "asc"),
        ("created", "desc"),
        ("created", "asc"),
    ] {
        let truth: Vec<i64> = {
            let keys = if sort == "number" {
                format!("id {dir}")
            } else {
                format!("created_at {dir}, id {dir}")
            };
            let sql = format!("SELECT id FROM orders ORDER BY {keys}");
            karavai::db_read!(&app.db, |pool| sqlx::query_scalar(&sql)
                .fetch_all(pool)
                .await)
            .unwrap()
        };
        for page in [1usize, 40, 41, 42, 400] {
            let (got_ids, got) = search_page(&app, &manager, "bell", (sort, dir), page).await;
            let from = (page - 1) * 25;
            let expected: Vec<i64> = truth.iter().skip(from).take(25).copied().collect();
            assert_eq!(got_ids, expected, "bell, {sort} {dir}, page {page}");
            assert_eq!(
                counted(&got).0,
                karavai::orders::table::repo::SEARCH_COUNT_CAP
            );
            assert!(!counted(&got).2, "more than the cap");
        }
    }
    let html = body(&manager, app.url("/admin/orders?q=bell")).await;
    assert!(
        html.contains("More than 1000 orders"),
        "the search's page says so"
    );

    // Words as dense as a product in every fifth order and as rare as one
    // in two hundred: PostgreSQL walks the newest documents first (by
    // number, or by creation time, which the demo's numbers do not follow)
    // and gathers the rest one way or the other by the density it saw;
    // every way gives the orders themselves, newest and oldest first.
    crate::helpers::exec(
        &app.db,
        "UPDATE orders SET notes = \
         CASE WHEN id % 5 = 0 THEN 'fifth ' ELSE '' END || \
         CASE WHEN id % 20 = 0 THEN 'twentieth ' ELSE '' END || \
         CASE WHEN id % 10 = 0 THEN 'tenth ' ELSE '' END || \
         CASE WHEN id % 200 = 0 THEN 'rare ' ELSE '' END || 'note'",
    )
    .await
    .unwrap();
    // A rare client's names, and one of them in a few other orders' notes:
    // the search finds them across the fields (a word in the client, the
    // other in the notes) and, with a word in every order's notes, all of
    // the client's orders; rare enough that PostgreSQL gathers them from the
    // index rather than walking on: through the clients, or (with a word
    // too short for a trigram, "om") from the documents' own index.
    for sql in [
        "UPDATE clients SET last_name = 'Omegova', middle_name = 'Zetovna' WHERE id % 100 = 0",
        "UPDATE orders SET notes = notes || ' zetovna' WHERE id % 300 = 0",
        // Forty of the earliest clients (not the first, who has a fifth of
        // all orders): more orders than the count's cap, but mostly old
        // ones, so too few among the newest for PostgreSQL to walk on.
        "UPDATE clients SET last_name = 'Quintova', first_name = 'Yana' \
         WHERE id IN (SELECT id FROM clients ORDER BY id LIMIT 40 OFFSET 1)",
        // A note on the 1,100 oldest orders and one in a hundred of the
        // rest: a few dozen among the newest 5,000.
        "UPDATE orders SET notes = notes || ' vintage' \
         WHERE id % 100 = 0 OR id IN (SELECT id FROM orders ORDER BY created_at, id LIMIT 1100)",
    ] {
        crate::helpers::exec(&app.db, sql).await.unwrap();
    }
    let oracle = search_oracle(&app).await;
    for (search, sort, dir) in [
        "fifth",
        "twentieth",
        "rare",
        "absent",
        "zetovna",
        "omegova zetovna",
        "zetovna rare",
        "zetovna note",
        "zetovna om",
        "tenth",
        "quintova yana",
        "vintage",
    ]
    .into_iter()
    .flat_map(|w| ["number", "created"].map(|s| (w, s)))
    .flat_map(|(w, s)| ["desc", "asc"].map(|d| (w, s, d)))
    {
        let words = karavai::clients::types::search_words(search);
        let matching: std::collections::HashSet<i64> = oracle
            .iter()
            .filter(|(_, client, items, notes)| {
                words.iter().all(|w| {
                    client.contains(w.as_str())
                        || items.contains(w.as_str())
                        || notes.contains(w.as_str())
                })
            })
            .map(|o| o.0)
            .collect();
        let keys = if sort == "number" {
            format!("id {dir}")
        } else {
            format!("created_at {dir}, id {dir}")
        };
        let sql = format!("SELECT id FROM orders ORDER BY {keys}");
        let every: Vec<i64> = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(&sql)
            .fetch_all(pool)
            .await)
        .unwrap();
        // Each order's place in this walk.
        let order: std::collections::HashMap<i64, usize> =
            every.iter().enumerate().map(|(at, id)| (*id, at)).collect();
        let truth: Vec<i64> = every
            .into_iter()
            .filter(|id| matching.contains(id))
            .collect();
        if search.contains("zetovna") {
            // Rare: PostgreSQL's sample sees too few to walk on.
            assert!(
                (1..500).contains(&truth.len()),
                "{search}: {} matches",
                truth.len()
            );
        }
        let cap = karavai::orders::table::repo::SEARCH_COUNT_CAP;
        // More than the cap, but few among PostgreSQL's sample (the first
        // 5,000 documents in the walk's order): walking on to the cap would
        // read another sample or more, so a count that stops at the cap
        // tells there are more first, and only the page's matches are
        // looked for. "tenth" is everywhere, so its count is walked after
        // all ("tenth" is in no client's contacts); the name's orders are
        // counted through the clients (they are mostly old, so newest
        // first only; SQLite counts them too, in either order, as two
        // words); "vintage" is so rare among the newest that walking
        // to the cap would pass 60,000 documents, so the items and notes
        // are counted too (newest first only).
        let in_sample = truth
            .iter()
            .filter(|id| order.get(id).is_some_and(|at| *at < 5_000))
            .count();
        let sparse = match search {
            "tenth" | "quintova yana" if dir == "desc" || search == "tenth" => Some(1..600),
            "vintage" if dir == "desc" => Some(1..120),
            _ => None,
        };
        if let Some(seen) = sparse {
            assert!(
                truth.len() as i64 > cap && seen.contains(&in_sample),
                "{search}, {dir}: {} matches, {in_sample} in the sample",
                truth.len()
            );
        }
        for page in [1usize, 2, 40, 41] {
            let (got_ids, got) = search_page(&app, &manager, search, (sort, dir), page).await;
            let from = (page - 1) * 25;
            let expected: Vec<i64> = truth.iter().skip(from).take(25).copied().collect();
            assert_eq!(got_ids, expected, "{search}, {sort} {dir}, page {page}");
            let n = truth.len() as i64;
            assert_eq!(
                (counted(&got).0, counted(&got).2),
                (n.min(cap), n <= cap),
                "{search}, {sort} {dir}: the count"
            );
        }
    }
}

/// Every order's searchable text, built in Rust from the tables themselves:
/// `(id, client's contacts, items' names, notes)`, lower-cased.
async fn search_oracle(app: &TestApp) -> Vec<(i64, String, String, String)> {
    let orders: Vec<(i64, i64, String)> = karavai::db_read!(&app.db, |pool| sqlx::query_as(
        "SELECT id, client_id, notes FROM orders ORDER BY id DESC"
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    let clients: Vec<(i64, String, String, String, String, String)> =
        karavai::db_read!(&app.db, |pool| sqlx::query_as(
            "SELECT id, last_name, first_name, middle_name, email, phone FROM clients"
        )
        .fetch_all(pool)
        .await)
        .unwrap();
    let items: Vec<(i64, String, String)> = karavai::db_read!(&app.db, |pool| sqlx::query_as(
        "SELECT order_id, product_name, variant_name FROM order_items"
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    let contacts: std::collections::HashMap<i64, String> = clients
        .into_iter()
        .map(|(id, l, f, m, e, p)| (id, format!("{l} {f} {m} {e} {p}").to_lowercase()))
        .collect();
    let mut names: std::collections::HashMap<i64, String> = Default::default();
    for (order, product, variant) in items {
        let doc = names.entry(order).or_default();
        doc.push_str(&format!(" {product} {variant}").to_lowercase());
    }
    orders
        .into_iter()
        .map(|(id, client, notes)| {
            (
                id,
                contacts.get(&client).cloned().unwrap_or_default(),
                names.remove(&id).unwrap_or_default(),
                notes.to_lowercase(),
            )
        })
        .collect()
}

fn query(words: &[String]) -> karavai::orders::table::repo::TableQuery {
    karavai::orders::table::repo::TableQuery {
        words: words.to_vec(),
        sort: karavai::orders::types::OrderColumn::Number,
        ..Default::default()
    }
}

async fn page_ids(
    app: &TestApp,
    q: &karavai::orders::table::repo::TableQuery,
    offset: i64,
    limit: i64,
    sort_all_up_to: i64,
) -> Vec<i64> {
    let (rows, _) = karavai::orders::table::repo::table_sorting_up_to(
        &app.db,
        q,
        offset,
        limit,
        sort_all_up_to,
    )
    .await
    .unwrap();
    rows.iter().map(|r| r.id).collect()
}

/// The search finds exactly the orders whose number, client, items or notes
/// hold every word, after the loader and after every kind of write (the
/// SQLite search documents are kept by triggers); sorting by client or stage
/// gives the same pages whether every match is sorted or an index is walked.
#[tokio::test]
async fn search_and_sorted_pages_agree_with_the_orders_themselves() {
    use karavai::clients::types::search_words;
    use karavai::orders::types::OrderColumn;
    let app = spawn_app().await;
    karavai::server::demo::seed(&app.db).await.unwrap();
    karavai::server::demo::seed_history(&app.db, 120, 1_500, 60)
        .await
        .unwrap();

    // Writes of every kind the documents follow.
    for sql in [
        // The client of the oldest order, which the writes below keep (the
        // newest client's orders may be the ones moved or deleted).
        "UPDATE clients SET last_name = 'Zebrovskaya', phone = '+70000009999' \
         WHERE id = (SELECT client_id FROM orders WHERE id = (SELECT MIN(id) FROM orders))",
        "UPDATE order_items SET product_name = 'Quincepie' WHERE id = (SELECT MIN(id) FROM order_items)",
        "UPDATE orders SET notes = 'Leave at the blue gate' WHERE id = (SELECT MIN(id) FROM orders)",
        "DELETE FROM order_items WHERE id = (SELECT MAX(id) FROM order_items)",
        "INSERT INTO order_items (order_id, product_name, unit_price_minor, quantity, position) \
         VALUES ((SELECT MAX(id) FROM orders), 'Kumquat tart', 100, 1, 9)",
        "UPDATE orders SET client_id = (SELECT MIN(id) FROM clients) WHERE id = (SELECT MAX(id) - 1 FROM orders)",
        "DELETE FROM orders WHERE id = (SELECT MAX(id) - 2 FROM orders)",
    ] {
        crate::helpers::exec(&app.db, sql).await.unwrap();
    }
    let oracle = search_oracle(&app).await;
    let (some, client, items, _) = oracle[oracle.len() / 2].clone();
    let product_word = items.split_whitespace().next().unwrap().to_owned();
    let mut names = client.split_whitespace();
    let (last, first) = (names.next().unwrap(), names.next().unwrap());
    let searches = [
        format!("{last} {first}"),
        format!("{first} {last}"),
        product_word.clone(),
        format!("{product_word} {first}"),
        some.to_string(),
        format!("№{some}"),
        format!("{some} {product_word}"),
        last.chars().take(2).collect(),
        format!("{last} {}", first.chars().take(1).collect::<String>()),
        "zebrovskaya".into(),
        "9999".into(),
        "quincepie".into(),
        "blue gate".into(),
        "kumquat".into(),
        "no-such-word-anywhere".into(),
    ];
    for search in searches {
        let words = search_words(&search);
        let expected: Vec<i64> = oracle
            .iter()
            .filter(|(id, client, items, notes)| {
                words.iter().all(|w| {
                    w.trim_start_matches(['№', '#']).parse::<i64>() == Ok(*id)
                        || client.contains(w.as_str())
                        || items.contains(w.as_str())
                        || notes.contains(w.as_str())
                })
            })
            .map(|o| o.0)
            .collect();
        let got = page_ids(&app, &query(&words), 0, 10_000, 20_000).await;
        assert_eq!(got, expected, "search {search:?}");
        // Newest first by time: the same orders.
        let mut by_time = query(&words);
        by_time.sort = OrderColumn::Created;
        let mut got = page_ids(&app, &by_time, 0, 10_000, 20_000).await;
        got.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(got, expected, "search {search:?} by time");
    }
    assert!(
        !page_ids(&app, &query(&search_words("zebrovskaya")), 0, 50, 0)
            .await
            .is_empty()
    );

    // The items filter reads item names only.
    let mut by_item = query(&[]);
    by_item.item = vec!["kumquat".into()];
    assert_eq!(page_ids(&app, &by_item, 0, 50, 0).await.len(), 1);
    by_item.item = vec![first.to_owned()];
    let item_hits = page_ids(&app, &by_item, 0, 2_000, 0).await;
    let expected: Vec<i64> = oracle
        .iter()
        .filter(|o| o.2.contains(first))
        .map(|o| o.0)
        .collect();
    assert_eq!(item_hits, expected, "items filter {first:?}");

    // Sorted pages: all matches sorted, or an index walked; both ways agree.
    let sorted = |sort: OrderColumn, desc: bool, stage: Option<&str>, payment: Option<&str>| {
        let mut q = query(&[]);
        q.sort = sort;
        q.desc = desc;
        q.stage = stage.map(str::to_owned);
        q.payment = payment.map(str::to_owned);
        q
    };
    let cases = [
        sorted(OrderColumn::Client, false, None, None),
        sorted(OrderColumn::Client, true, None, None),
        sorted(OrderColumn::Client, false, None, Some("unpaid")),
        sorted(OrderColumn::Stage, false, None, None),
        sorted(OrderColumn::Stage, true, None, None),
        sorted(OrderColumn::Stage, false, None, Some("unpaid")),
        sorted(OrderColumn::Stage, true, Some("handed_over"), Some("paid")),
    ];
    for q in cases {
        for offset in [0, 25, 40, 730, 1_480, 1_600] {
            let walked = page_ids(&app, &q, offset, 25, 0).await;
            let all_sorted = page_ids(&app, &q, offset, 25, i64::MAX).await;
            assert_eq!(
                walked, all_sorted,
                "{:?} desc={} at {offset}",
                q.sort, q.desc
            );
            if offset < 1_000 && q.payment.is_none() {
                assert_eq!(walked.len(), 25, "{:?} at {offset}", q.sort);
            }
        }
    }
    // The client sort really is by name (SQLite compares bytes, as Rust
    // does; PostgreSQL's order is its collation's).
    if app.db.dialect() != karavai::server::db::Dialect::Sqlite {
        return;
    }
    let (rows, _) = karavai::orders::table::repo::table_sorting_up_to(
        &app.db,
        &sorted(OrderColumn::Client, false, None, None),
        0,
        200,
        0,
    )
    .await
    .unwrap();
    let keys: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.last_name.clone(), r.first_name.clone()))
        .collect();
    let mut in_order = keys.clone();
    in_order.sort();
    assert_eq!(keys, in_order);
}

/// A guest who calls themselves `=HYPERLINK(…)` must not become a formula
/// in the manager's spreadsheet: the CSV cell starts with `'`; the phone
/// number (`+7…`) and the money stay as they are. XLSX writes text cells
/// as text, never as formulas.
#[tokio::test]
async fn exported_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised() {
    let app = spawn_app().await;
    let evil = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    let client = clients::create(
        &app.db,
        &NewClient {
            last_name: evil.into(),
            first_name: "@SUM(1+1)".into(),
            phone: "+79001112233".into(),
            ..Default::default()
        },
        None,
        Source::System,
    )
    .await
    .unwrap()
    .expect("a new email");
    create_simple(
        &app.db,
        &SimpleOrder {
            client_id: client,
            product: "-2+3+cmd|' /C calc'!A0".into(),
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
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let bytes = manager
        .get(app.url("/admin/orders/export.csv?cols=client&cols=phone&cols=items&cols=total"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[0].starts_with("'=HYPERLINK("), "{:?}", &row[0]);
    assert_eq!(&row[1], "+79001112233");
    assert!(row[2].starts_with("'-2+3+cmd"), "{:?}", &row[2]);
    assert_eq!(&row[3], "150.00");
}
