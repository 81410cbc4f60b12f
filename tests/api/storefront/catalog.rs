//! The catalog: search, filters, sort, pages, server rendering, the
//! visitors' page cache and stock that shows at once.

use crate::helpers::{TestApp, spawn_app_with_demo};
use serde_json::Value;

use super::*;

#[tokio::test]
async fn the_catalog_searches_filters_sorts_and_pages() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let search = |q: &'static str| {
        let browser = browser.clone();
        let app = &app;
        async move { app.call(&browser, "catalog/search", &[("query", q)]).await }
    };

    let (status, all) = search("").await;
    assert_eq!(status, 200, "{all}");
    let total = all["total"].as_i64().unwrap();
    assert!(total >= 80, "the demo has 80+ products, got {total}");
    assert_eq!(
        all["products"].as_array().unwrap().len(),
        24,
        "a page of 24"
    );
    assert_eq!(all["pages"].as_i64().unwrap(), (total + 23) / 24);

    // Full-text search, prefix words, any case, Cyrillic-safe.
    let (_, found) = search("q=HONEY").await;
    let names: Vec<&str> = found["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Medovik honey cake"), "{names:?}");
    assert!(names.iter().all(|n| !n.contains("Baguette")));
    let (_, prefix) = search("q=medov").await;
    assert!(prefix["total"].as_i64().unwrap() >= 1, "prefixes match");
    let (status, nothing) = search("q=%22%29%20OR%201%3D1%20--").await;
    assert_eq!(
        status, 200,
        "search syntax cannot break the query: {nothing}"
    );

    // A category includes its subcategories (rye is under bread).
    let (_, bread) = search("category=bread").await;
    let slugs: Vec<&str> = bread["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["category_slug"].as_str().unwrap())
        .collect();
    assert!(
        slugs.contains(&"rye-bread") && slugs.contains(&"bread"),
        "{slugs:?}"
    );

    // Price range (whole roubles) and sort by price.
    let (_, cheap) = search("price_max=200&sort=price_asc").await;
    let prices: Vec<i64> = cheap["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["min_price_minor"].as_i64().unwrap())
        .collect();
    assert!(!prices.is_empty());
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "ascending: {prices:?}"
    );
    assert!(prices.iter().all(|p| *p <= 20_000), "{prices:?}");

    // Characteristics and variant filters.
    let (_, nuts) = search("ch=Contains%20nuts:Yes").await;
    assert!(nuts["total"].as_i64().unwrap() >= 1);
    let (_, boxes) = search("variant=box%20of%206").await;
    assert!(boxes["total"].as_i64().unwrap() >= 1);
    assert!(
        boxes["variants"].as_array().unwrap().len() > 1,
        "the size facet ignores its own filter"
    );

    // In stock at a store: a shelf product with no stock there drops out.
    let croissant = variant(&app, "croissant-1").await;
    let croissant_box = variant(&app, "croissant-2").await;
    set_stock(&app, croissant, 0).await;
    set_stock(&app, croissant_box, 0).await;
    let (_, centre) = search("store=centre&q=croissant").await;
    let names: Vec<&str> = centre["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"Butter croissant"), "{names:?}");

    // Page 2 differs from page 1; an unknown category is dropped, not an error.
    let (_, p2) = search("page=2").await;
    assert_ne!(p2["products"][0]["id"], all["products"][0]["id"]);
    let (status, unknown) = search("category=no-such&page=999999999&price_min=abc").await;
    assert_eq!(status, 200);
    assert_eq!(unknown["query"]["category"], Value::Null);
}

#[tokio::test]
async fn catalog_and_product_pages_render_on_the_server() {
    let app = spawn_app_with_demo().await;
    let (status, html) = app.get_text("/catalog?q=medovik").await;
    assert_eq!(status, 200);
    assert!(html.contains("Medovik honey cake"));
    assert!(
        html.contains(r#"name="q""#),
        "the filter form is a plain GET form"
    );

    let (status, html) = app.get_text("/product/medovik").await;
    assert_eq!(status, 200);
    assert!(html.contains("Medovik honey cake"));
    assert!(html.contains("/images/products/"), "a photo");
    assert!(html.contains("Flavour"), "characteristics");
    assert!(
        html.contains(r#"name="inscription""#),
        "made to order takes an inscription"
    );

    let (status, _) = app.get_text("/product/no-such-thing").await;
    assert_eq!(status, 404);

    // Photos are served, cached for good.
    let id: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT MIN(id) FROM product_images"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    let res = app.get(&format!("/images/products/{id}")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        app.get("/images/products/999999").await.status().as_u16(),
        404
    );
    // A drawn photo has no thumbnail of its own: the tiles get the photo.
    let thumb = app.get(&format!("/images/products/{id}/thumb")).await;
    assert_eq!(thumb.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        app.get("/images/products/999999/thumb")
            .await
            .status()
            .as_u16(),
        404
    );
}

/// A write straight to the database, past the app's write macros: as
/// another app instance's write looks to this one.
async fn write_behind_the_apps_back(db: &karavai::server::db::Db, sql: &'static str) {
    match db {
        karavai::server::db::Db::Sqlite { write, .. } => {
            sqlx::query(sql).execute(write).await.unwrap();
        }
        karavai::server::db::Db::Postgres(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
    }
}

#[tokio::test]
async fn visitors_without_a_session_share_cached_pages_that_follow_the_catalog() {
    let app = spawn_app_with_demo().await;
    assert!(app.pages.is_empty());
    let (status, first) = app.get_text("/product/medovik").await;
    assert_eq!(status, 200);
    assert!(first.contains("Medovik honey cake"));
    assert_eq!(app.pages.len(), 1, "kept for the next visitor");
    let (_, again) = app.get_text("/product/medovik").await;
    assert_eq!(again, first, "the same page, from the cache");
    assert_eq!(app.pages.len(), 1);

    // Languages are kept apart.
    let ru = app
        .get_text_with("/product/medovik", ("cookie", "lang=ru"))
        .await;
    assert!(ru.contains(r#"lang="ru""#), "the Russian page");
    assert_eq!(app.pages.len(), 2);

    // A visitor with a session gets a page rendered for it, never kept.
    let browser = app.browser();
    let (_, _) = add(&app, &browser, variant(&app, "croissant-1").await, "1").await;
    let html = browser
        .get(app.url("/product/medovik"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Medovik honey cake"));
    assert_eq!(app.pages.len(), 2, "pages for a session are not kept");

    // A change made through this app shows at once.
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE products SET name = 'Medovik, the royal one' WHERE slug = 'medovik'"
    )
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (_, changed) = app.get_text("/product/medovik").await;
    assert!(changed.contains("Medovik, the royal one"), "no stale page");

    // A change by another instance shows within the re-check interval, and
    // in the catalog's lists and counts as well as on the page.
    write_behind_the_apps_back(
        &app.db,
        "UPDATE products SET name = 'Medovik of the day' WHERE slug = 'medovik'",
    )
    .await;
    tokio::time::sleep(karavai::catalog::index::RECHECK * 2).await;
    let (_, page) = app.get_text("/product/medovik").await;
    assert!(
        page.contains("Medovik of the day"),
        "fresh after the re-check"
    );
    let (_, list) = app.get_text("/catalog?q=medovik").await;
    assert!(list.contains("Medovik of the day"), "the list too");
    write_behind_the_apps_back(
        &app.db,
        "UPDATE products SET active = FALSE WHERE slug = 'medovik'",
    )
    .await;
    tokio::time::sleep(karavai::catalog::index::RECHECK * 2).await;
    let (_, list) = app.get_text("/catalog?q=medovik").await;
    assert!(
        !list.contains("Medovik of the day"),
        "an inactive product leaves the list"
    );
}

/// Whether the catalog lists the butter croissant as on the centre's shelf.
async fn croissant_in_centre(app: &TestApp) -> bool {
    let (_, page) = app
        .call(
            &app.browser(),
            "catalog/search",
            &[("query", "store=centre&q=croissant")],
        )
        .await;
    page["products"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Butter croissant")
}

#[tokio::test]
async fn a_checkout_shows_in_the_catalog_stock_at_once() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let centre = store(&app, "centre").await;
    let croissant = variant(&app, "croissant-1").await;
    let croissant_box = variant(&app, "croissant-2").await;
    set_stock(&app, croissant_box, 0).await;
    set_stock(&app, croissant, 0).await;
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE stock SET quantity = 1 WHERE variant_id = $1 AND store_id = $2"
    )
    .bind(croissant)
    .bind(centre)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    assert!(croissant_in_centre(&app).await, "one on the shelf");
    let (status, body) = add(&app, &browser, croissant, "1").await;
    assert_eq!(status, 200, "{body}");
    let (status, data) = app.call(&browser, "orders/checkout-data", &[]).await;
    assert_eq!(status, 200, "{data}");
    let key = data["idempotency_key"].as_str().unwrap().to_owned();
    let total = data["cart"]["lines"][0]["unit_price_minor"]
        .as_i64()
        .unwrap();
    let form = with(
        &checkout_form(centre, &key),
        "expected_total",
        &total.to_string(),
    );
    let (status, body) = call_owned(&app, &browser, "orders/place", &form).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !croissant_in_centre(&app).await,
        "sold out at once: the catalog follows"
    );
}
