use crate::helpers::{exec, spawn_app, spawn_app_with_demo};

#[tokio::test]
async fn home_page_renders_categories_and_products_from_the_database() {
    let app = spawn_app_with_demo().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<title>Karavai Bakery</title>"), "title");
    assert!(html.contains("Celebration cakes"));
    assert!(html.contains("Wedding &amp; tiered cakes") || html.contains("Wedding & tiered cakes"));
    assert!(html.contains("Medovik honey cake"));
    assert!(html.contains("₽2,800"), "roubles, written the English way");
    assert!(html.contains(r#"<html lang="en""#));
    // The page hydrates: the script and the shop settings are in the document.
    assert!(html.contains("/pkg/karavai"), "hydration script");
    assert!(html.contains(r#"id="karavai-shop""#));
}

#[tokio::test]
async fn home_page_narrows_products_to_a_category_from_the_url() {
    let app = spawn_app_with_demo().await;
    let (status, html) = app.get_text("/?category=bread").await;
    assert_eq!(status, 200);
    assert!(html.contains("Country sourdough"));
    assert!(
        !html.contains("Medovik honey cake"),
        "cakes are filtered out"
    );
    assert!(html.contains(r#"aria-current="true""#));
}

#[tokio::test]
async fn an_empty_shop_says_so() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("The shelves are empty"));
}

#[tokio::test]
async fn the_home_server_function_answers_json() {
    let app = spawn_app_with_demo().await;
    let res = app
        .client
        .post(app.url("/rpc/catalog/home"))
        .form(&[("category", "bread")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["active_category"], "bread");
    let products = body["products"].as_array().unwrap();
    // Bread and its subcategory, rye.
    assert_eq!(products.len(), 10);
    assert!(
        products
            .iter()
            .all(|p| p["category_slug"] == "bread" || p["category_slug"] == "rye-bread")
    );
    // The home page lists the top of the category tree.
    assert_eq!(body["categories"].as_array().unwrap().len(), 9);

    // An unknown category is ignored rather than failing the page.
    let body: serde_json::Value = app
        .client
        .post(app.url("/rpc/catalog/home"))
        .form(&[("category", "no-such-thing")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["active_category"].is_null());
    assert_eq!(body["products"].as_array().unwrap().len(), 12);
}

#[tokio::test]
async fn bad_server_function_input_is_a_clear_400_not_a_500() {
    let app = spawn_app_with_demo().await;
    let long = "x".repeat(200);
    let res = app
        .client
        .post(app.url("/rpc/catalog/home"))
        .form(&[("category", long.as_str())])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "bad_request", "{body}");
    assert_eq!(status, 400);
}

#[tokio::test]
async fn unknown_pages_get_a_404_inside_the_layout() {
    let app = spawn_app_with_demo().await;
    let (status, html) = app.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
    assert!(html.contains("site-header"), "the normal layout");
}

#[tokio::test]
async fn a_failing_database_gives_a_500_page_that_leaks_nothing() {
    let app = spawn_app_with_demo().await;
    exec(
        &app.db,
        "ALTER TABLE product_variants RENAME TO product_variants_gone",
    )
    .await
    .unwrap();
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 500);
    assert!(html.contains("Something went wrong"));
    assert!(html.contains("site-header"), "the normal layout");
    assert!(
        !html.contains("product_variants"),
        "no SQL detail reaches the page"
    );
}

#[tokio::test]
async fn a_failing_form_post_without_javascript_goes_back_to_the_form() {
    // A plain HTML form (no wasm yet) posts to the server function; whatever
    // the outcome, the browser is sent back to the page it came from.
    let app = spawn_app_with_demo().await;
    let long = "x".repeat(200);
    let res = app
        .client
        .post(app.url("/rpc/catalog/home"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url("/?category=bread"))
        .form(&[("category", long.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        302,
        "a redirect, not the error's 400"
    );
    let location = res.headers()["location"].to_str().unwrap();
    // Leptos carries the error back in the query, for the form to show it.
    assert!(
        location.starts_with(&app.url("/?category=bread&")),
        "{location}"
    );
    assert!(
        location.contains("__path=%2Frpc%2Fcatalog%2Fhome"),
        "{location}"
    );
    assert!(location.contains("__err="), "{location}");
}
