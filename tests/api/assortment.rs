//! The assortment's back office: categories, products, variants, stock
//! movements, photos and bulk prices, with their role checks, bad input and
//! history, on the storefront at once.

use serde_json::Value;

use crate::helpers::{TestApp, field_error, spawn_app_with_demo};
use crate::storefront::{add, call_owned, checkout_form, count, stock_at, store, variant, with};

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(pool)
        .await)
    .unwrap()
}

async fn category_id(app: &TestApp, slug: &str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT id FROM categories WHERE slug = $1"
    )
    .bind(slug)
    .fetch_one(pool)
    .await)
    .unwrap()
}

/// Makes a product with `name` in `category` as `who`; returns its id.
async fn new_product(app: &TestApp, who: &reqwest::Client, name: &str, category: i64) -> i64 {
    let (status, id) = app
        .call(
            who,
            "admin/catalog/products/create",
            &[("name", name), ("category_id", &category.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{id}");
    id.as_i64().unwrap()
}

fn product_form(id: i64, version: i64, name: &str, category: i64) -> Vec<(String, String)> {
    [
        ("id", id.to_string()),
        ("version", version.to_string()),
        ("name", name.to_owned()),
        ("slug", String::new()),
        ("description", "Honey layers and cream.".to_owned()),
        ("category_id", category.to_string()),
        ("supplier_id", String::new()),
        ("lead_time_days", "1".to_owned()),
        ("characteristics", "Weight: 1 kg\nFilling: honey".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[tokio::test]
async fn a_manager_builds_a_product_and_the_storefront_shows_it_at_once() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let visitor = app.browser();

    // A category under "bread", with its slug made from the Russian name.
    let cakes = category_id(&app, "bread").await;
    let (status, honey) = app
        .call(
            &manager,
            "admin/catalog/categories/create",
            &[("name", "Медовые торты"), ("parent_id", &cakes.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{honey}");
    let honey = honey.as_i64().unwrap();
    assert_eq!(category_id(&app, "medovye-torty").await, honey);

    // A draft, invisible to shoppers, then two variants, then published.
    let id = new_product(&app, &manager, "Медовик Зимний", honey).await;
    let (status, editor) = app
        .call(
            &manager,
            "admin/catalog/product",
            &[("id", &id.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{editor}");
    assert_eq!(editor["published"], false);
    assert_eq!(editor["slug"], "medovik-zimniy");
    let (status, _) = app.get_text("/product/medovik-zimniy").await;
    assert_eq!(status, 404, "a draft is not in the shop");

    // Publishing without a variant is refused and writes nothing.
    let mut form = product_form(id, 1, "Медовик Зимний", honey);
    form.push(("published".into(), "on".into()));
    let (status, body) = call_owned(&app, &manager, "admin/catalog/product/save", &form).await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "published").is_some(), "{body}");
    assert_eq!(
        scalar(
            &app,
            "SELECT CAST(version AS BIGINT) FROM products WHERE id = $1",
            id
        )
        .await,
        1
    );

    for (sku, name, price) in [("MZ-1", "1 kg", "1450"), ("MZ-2", "2 kg", "2800.50")] {
        let (status, body) = app
            .call(
                &manager,
                "admin/catalog/variant/add",
                &[
                    ("product_id", &id.to_string()),
                    ("sku", sku),
                    ("name", name),
                    ("price", price),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, version) = call_owned(&app, &manager, "admin/catalog/product/save", &form).await;
    assert_eq!(status, 200, "{version}");
    assert_eq!(version, 2);

    // At once in the shop: the page, search in Russian, the characteristic filter.
    let (status, page) = app.get_text("/product/medovik-zimniy").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Медовик Зимний") && page.contains("2 kg"),
        "{page}"
    );
    let (_, found) = app
        .call(&visitor, "catalog/search", &[("query", "q=медовик зимний")])
        .await;
    assert_eq!(found["total"], 1, "{found}");
    let (_, found) = app
        .call(
            &visitor,
            "catalog/search",
            &[("query", "ch=Filling:honey&category=medovye-torty")],
        )
        .await;
    assert_eq!(found["total"], 1, "{found}");

    // A save over someone else's is refused: the version moved on.
    let stale = product_form(id, 1, "Медовик Летний", honey);
    let (status, body) = call_owned(&app, &manager, "admin/catalog/product/save", &stale).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM products WHERE name = 'Медовик Летний' AND id = $1",
            id
        )
        .await,
        0
    );

    // The history says who did what.
    let (_, editor) = app
        .call(
            &manager,
            "admin/catalog/product",
            &[("id", &id.to_string())],
        )
        .await;
    let fields: Vec<&str> = editor["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    for f in ["created", "variant_added", "published", "characteristics"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    assert_eq!(editor["history"][0]["user_name"], "Manager");
}

#[tokio::test]
async fn stock_changes_and_checkout_takes_are_movements_and_bulk_prices_round() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let baguette = variant(&app, "baguette-1").await;
    let centre = store(&app, "centre").await;
    let product = scalar(
        &app,
        "SELECT product_id FROM product_variants WHERE id = $1",
        baguette,
    )
    .await;
    let before = stock_at(&app, baguette, centre).await;

    let adjust = |reason: &'static str, quantity: &'static str| {
        let app = &app;
        let manager = &manager;
        async move {
            app.call(
                manager,
                "admin/catalog/stock",
                &[
                    ("variant_id", &baguette.to_string()),
                    ("store_id", &centre.to_string()),
                    ("reason", reason),
                    ("quantity", quantity),
                    ("note", "morning"),
                ],
            )
            .await
        }
    };
    let (status, left) = adjust("delivery", "20").await;
    assert_eq!(status, 200, "{left}");
    assert_eq!(left, i64::from(before) + 20);
    let (status, body) = adjust("write_off", "100000").await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "quantity").is_some(), "{body}");
    let (status, body) = adjust("order", "1").await;
    assert_eq!(status, 422, "people do not record orders: {body}");
    let (status, body) = adjust("delivery", "-5").await;
    assert_eq!(status, 422, "{body}");
    let (status, left) = adjust("correction", "12").await;
    assert_eq!(status, 200, "{left}");
    assert_eq!(stock_at(&app, baguette, centre).await, 12);

    // A shopper buys 2: the take joins the same history, with the order.
    let shopper = app.signed_in_as("customer").await;
    add(&app, &shopper, baguette, "2").await;
    let (_, data) = app.call(&shopper, "orders/checkout-data", &[]).await;
    let key = data["idempotency_key"].as_str().unwrap().to_owned();
    let (status, placed) =
        call_owned(&app, &shopper, "orders/place", &checkout_form(centre, &key)).await;
    assert_eq!(status, 200, "{placed}");
    let (_, editor) = app
        .call(
            &manager,
            "admin/catalog/product",
            &[("id", &product.to_string())],
        )
        .await;
    let moves: Vec<(String, i64, i64)> = editor["movements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["reason"].as_str().unwrap().to_owned(),
                m["delta"].as_i64().unwrap(),
                m["quantity_after"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        vec![
            ("order".to_owned(), -2, 10),
            ("correction".to_owned(), 12 - (i64::from(before) + 20), 12),
            ("delivery".to_owned(), 20, i64::from(before) + 20),
        ]
    );
    assert_eq!(editor["movements"][0]["order_id"], placed["order_id"]);
    assert_eq!(editor["movements"][1]["user_name"], "Manager");

    // Bulk: +10 % rounds to whole units; the old and new prices are in the history.
    let price = scalar(
        &app,
        "SELECT price_minor FROM product_variants WHERE id = $1",
        baguette,
    )
    .await;
    let (status, changed) = app
        .call(
            &manager,
            "admin/catalog/prices",
            &[
                ("ids[]", &product.to_string()),
                ("mode", "percent"),
                ("value", "10"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert!(changed.as_i64().unwrap() >= 1);
    let now = scalar(
        &app,
        "SELECT price_minor FROM product_variants WHERE id = $1",
        baguette,
    )
    .await;
    assert_eq!(now, (price * 11 + 500) / 1000 * 100);
    assert_eq!(now % 100, 0);
    let (_, editor) = app
        .call(
            &manager,
            "admin/catalog/product",
            &[("id", &product.to_string())],
        )
        .await;
    assert!(
        editor["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["field"] == "price:baguette-1"),
        "{editor}"
    );
    for (mode, value) in [
        ("percent", "0"),
        ("percent", "-150"),
        ("set", "-1"),
        ("double", "2"),
    ] {
        let (status, body) = app
            .call(
                &manager,
                "admin/catalog/prices",
                &[
                    ("ids[]", &product.to_string()),
                    ("mode", mode),
                    ("value", value),
                ],
            )
            .await;
        assert_eq!(status, 422, "{mode} {value}: {body}");
    }
    assert_eq!(
        scalar(
            &app,
            "SELECT price_minor FROM product_variants WHERE id = $1",
            baguette
        )
        .await,
        now,
        "refused changes change nothing"
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_writes_nothing() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let cakes = category_id(&app, "bread").await;
    let categories_before = count(&app, "SELECT COUNT(*) FROM categories").await;

    // A category cycle: cakes under its own child.
    let (status, child) = app
        .call(
            &manager,
            "admin/catalog/categories/create",
            &[
                ("name", "Wedding"),
                ("slug", "wedding-x"),
                ("parent_id", &cakes.to_string()),
            ],
        )
        .await;
    assert_eq!(status, 200, "{child}");
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/categories/save",
            &[
                ("id", &cakes.to_string()),
                ("name", "Cakes"),
                ("slug", "bread"),
                ("parent_id", &child.to_string()),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "parent_id").is_some(), "{body}");
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM categories WHERE id = $1 AND parent_id IS NULL",
            cakes
        )
        .await,
        1
    );
    // Deleting a category in use is refused with the reason.
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/categories/delete",
            &[("id", &cakes.to_string())],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    // Duplicate slug, bad slug, empty name: all at once.
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/categories/create",
            &[("name", ""), ("slug", "Not A Slug")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        field_error(&body, "name").is_some() && field_error(&body, "slug").is_some(),
        "{body}"
    );
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/categories/create",
            &[("name", "Cakes again"), ("slug", "bread")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "slug").is_some(), "{body}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM categories").await,
        categories_before + 1
    );

    // Variants: duplicate SKU, negative price, no price, bad old price.
    let product = new_product(&app, &manager, "Test loaf", cakes).await;
    let pid = product.to_string();
    let cases: [(&str, &str, &str, &str); 4] = [
        ("baguette-1", "1", "100", "sku"),
        ("TL-1", "1", "-5", "price"),
        ("TL-1", "1", "", "price"),
        ("TL 1", "1", "100", "sku"),
    ];
    for (sku, name, price, field) in cases {
        let (status, body) = app
            .call(
                &manager,
                "admin/catalog/variant/add",
                &[
                    ("product_id", &pid),
                    ("sku", sku),
                    ("name", name),
                    ("price", price),
                ],
            )
            .await;
        assert_eq!(status, 422, "{sku} {price}: {body}");
        assert!(field_error(&body, field).is_some(), "{field}: {body}");
    }
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM product_variants WHERE product_id = $1",
            product
        )
        .await,
        0
    );
    // Characteristics that are not "name: value", a name used twice.
    for chars in ["just words", "Weight: 1\nweight: 2"] {
        let mut form = product_form(product, 1, "Test loaf", cakes);
        form.retain(|(k, _)| k != "characteristics");
        form.push(("characteristics".into(), chars.into()));
        let (status, body) = call_owned(&app, &manager, "admin/catalog/product/save", &form).await;
        assert_eq!(status, 422, "{body}");
        assert!(field_error(&body, "characteristics").is_some(), "{body}");
    }
    // A photo that is not a picture; an unknown photo action; unknown ids.
    let part =
        reqwest::multipart::Part::bytes(b"<svg onload=alert(1)>".to_vec()).file_name("x.png");
    let form = reqwest::multipart::Form::new()
        .text("product_id", pid.clone())
        .part("photo", part);
    let res = manager
        .post(app.url("/rpc/admin/catalog/photo"))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM product_images WHERE product_id = $1",
            product
        )
        .await,
        0
    );
    let (status, _) = app
        .call(&manager, "admin/catalog/product", &[("id", "999999")])
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .call(
            &manager,
            "admin/catalog/photo/change",
            &[("id", "999999"), ("action", "drop")],
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .call(
            &manager,
            "admin/catalog/variant/delete",
            &[("id", "999999")],
        )
        .await;
    assert_eq!(status, 404);
    let mut form = product_form(product, 1, "Test loaf", 999_999);
    form.retain(|(k, _)| k != "category_id");
    form.push(("category_id".into(), "999999".into()));
    let (status, body) = call_owned(&app, &manager, "admin/catalog/product/save", &form).await;
    assert_eq!(status, 422, "{body}");
    let form = with(
        &product_form(product, 1, "Test loaf", cakes),
        "lead_time_days",
        "-1",
    );
    let (status, _) = call_owned(&app, &manager, "admin/catalog/product/save", &form).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn photos_are_re_encoded_ordered_and_served() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let cakes = category_id(&app, "bread").await;
    let product = new_product(&app, &manager, "Photo cake", cakes).await;
    let mut ids = Vec::new();
    for colour in [[255u8, 0, 0], [0, 0, 255]] {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(960, 720, image::Rgb(colour))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let form = reqwest::multipart::Form::new()
            .text("product_id", product.to_string())
            .part(
                "photo",
                reqwest::multipart::Part::bytes(png).file_name("p.png"),
            );
        let res = manager
            .post(app.url("/rpc/admin/catalog/photo"))
            .header("Accept", "application/json")
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        ids.push(res.json::<i64>().await.unwrap());
    }
    let served = app.get(&format!("/images/products/{}", ids[1])).await;
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    let photo = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((photo.width(), photo.height()), (960, 720));
    // The tiles' thumbnail: the same picture within 480 pixels.
    let thumb = app.get(&format!("/images/products/{}/thumb", ids[1])).await;
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    let thumb = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (480, 360));
    assert!(thumb.to_rgb8().get_pixel(10, 10).0[2] > 200, "still blue");
    let (status, _) = app
        .call(
            &manager,
            "admin/catalog/photo/change",
            &[("id", &ids[1].to_string()), ("action", "main")],
        )
        .await;
    assert_eq!(status, 200);
    let (_, editor) = app
        .call(
            &manager,
            "admin/catalog/product",
            &[("id", &product.to_string())],
        )
        .await;
    assert_eq!(editor["images"], serde_json::json!([ids[1], ids[0]]));
    let (status, _) = app
        .call(
            &manager,
            "admin/catalog/photo/change",
            &[("id", &ids[0].to_string()), ("action", "delete")],
        )
        .await;
    assert_eq!(status, 200);
    let (_, editor) = app
        .call(
            &manager,
            "admin/catalog/product",
            &[("id", &product.to_string())],
        )
        .await;
    assert_eq!(editor["images"], serde_json::json!([ids[1]]));
}

#[tokio::test]
async fn only_managers_and_admins_change_the_assortment_and_staff_only_read() {
    let app = spawn_app_with_demo().await;
    let cakes = category_id(&app, "bread").await.to_string();
    let baguette = variant(&app, "baguette-1").await.to_string();
    let writes: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("admin/catalog/categories/create", vec![("name", "X")]),
        ("admin/catalog/categories/delete", vec![("id", &cakes)]),
        (
            "admin/catalog/products/create",
            vec![("name", "X"), ("category_id", &cakes)],
        ),
        (
            "admin/catalog/variant/save",
            vec![
                ("id", &baguette),
                ("sku", "x"),
                ("name", "x"),
                ("price", "1"),
            ],
        ),
        ("admin/catalog/variant/delete", vec![("id", &baguette)]),
        (
            "admin/catalog/stock",
            vec![
                ("variant_id", &baguette),
                ("store_id", "1"),
                ("reason", "delivery"),
                ("quantity", "1"),
            ],
        ),
        (
            "admin/catalog/prices",
            vec![("ids[]", "1"), ("mode", "set"), ("value", "1")],
        ),
    ];
    let reads: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("admin/catalog/categories", vec![]),
        ("admin/catalog/products", vec![("query", "")]),
        ("admin/catalog/product", vec![("id", "1")]),
    ];
    let nobody = app.browser();
    for (endpoint, args) in writes.iter().chain(&reads) {
        let (status, _) = app.call(&nobody, endpoint, args).await;
        assert_eq!(status, 401, "{endpoint} without signing in");
    }
    for role in ["customer", "supplier"] {
        let who = app.signed_in_as(role).await;
        for (endpoint, args) in writes.iter().chain(&reads) {
            let (status, _) = app.call(&who, endpoint, args).await;
            assert_eq!(status, 403, "{endpoint} as {role}");
        }
    }
    let staff = app.signed_in_as("staff").await;
    for (endpoint, args) in &writes {
        let (status, _) = app.call(&staff, endpoint, args).await;
        assert_eq!(status, 403, "{endpoint} as staff");
    }
    for (endpoint, args) in &reads {
        let (status, body) = app.call(&staff, endpoint, args).await;
        assert_eq!(status, 200, "{endpoint} as staff: {body}");
    }
    let (_, table) = app
        .call(&staff, "admin/catalog/products", &[("query", "")])
        .await;
    assert_eq!(table["can_edit"], false);
    assert!(table["total"].as_i64().unwrap() > 10);
    // The table's filters: search across SKUs, drafts, stock.
    let (_, table) = app
        .call(
            &staff,
            "admin/catalog/products",
            &[("query", "q=baguette-1")],
        )
        .await;
    assert_eq!(table["total"], 1, "{table}");
    let (_, table) = app
        .call(
            &staff,
            "admin/catalog/products",
            &[("query", "published=no")],
        )
        .await;
    assert_eq!(table["total"], 0, "the demo has no drafts: {table}");
    let (status, page) = app.get_text("/admin/catalog").await;
    assert_eq!(status, 401, "{page}");
}

/// Uploads `bytes` as the import file `name`: (status, JSON body).
async fn upload(app: &TestApp, who: &reqwest::Client, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let res = who
        .post(app.url("/rpc/admin/catalog/import"))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn price_of(app: &TestApp, sku: &str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT price_minor FROM product_variants WHERE sku = $1"
    )
    .bind(sku)
    .fetch_one(pool)
    .await)
    .unwrap()
}

#[tokio::test]
async fn the_assortment_exports_and_an_edited_export_imports_with_a_preview_in_one_go() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;

    // The filtered export: the header, then a row per variant.
    let res = manager
        .get(app.url("/admin/catalog/export.csv?q=baguette"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..3], ["product", "name", "category"]);
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let sku = header.iter().position(|h| h == "sku").unwrap();
    let price = header.iter().position(|h| h == "price").unwrap();
    let at = rows
        .iter()
        .position(|r| r[sku] == "baguette-1")
        .expect("the baguette's row");
    let was = price_of(&app, "baguette-1").await;
    assert_eq!(rows[at][price], format!("{}.{:02}", was / 100, was % 100));
    assert!(
        rows.iter()
            .all(|r| r[1].to_lowercase().contains("baguette")),
        "{rows:?}"
    );

    // The XLSX export has the same columns, prices as numbers.
    let res = manager
        .get(app.url("/admin/catalog/export.xlsx?q=baguette"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells[0][0], Data::String("product".into()));
    assert_eq!(cells.len(), rows.len() + 1);
    assert!(
        cells
            .iter()
            .any(|r| r[price] == Data::Float(was as f64 / 100.0))
    );

    // Edited: the baguette costs 199; a new product with a variant. Saved
    // with semicolons, as a Russian spreadsheet does.
    rows[at][price] = "199".into();
    let mut new = vec![String::new(); header.len()];
    for (column, value) in [
        ("product", ""),
        ("name", "Бородинский тест"),
        ("category", "rye-bread"),
        ("published", "да"),
        ("characteristics", "Вес: 400 г; Мука: ржаная"),
        ("sku", "BOR-T-1"),
        ("variant", "Целый"),
        ("price", "250"),
    ] {
        new[header.iter().position(|h| h == column).unwrap()] = value.into();
    }
    rows.push(new);
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    out.write_record(&header).unwrap();
    for r in &rows {
        out.write_record(r).unwrap();
    }
    let (status, id) = upload(&app, &manager, "assortment.csv", out.into_inner().unwrap()).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap().to_string();

    // The preview: one new, one changed, nothing written yet.
    let (status, preview) = app
        .call(&manager, "admin/catalog/import/preview", &[("id", &id)])
        .await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["errors"], serde_json::json!([]));
    assert_eq!(
        (preview["created"].as_i64(), preview["changed"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(preview["file_name"], "assortment.csv");
    let changed = preview["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| !p["id"].is_null())
        .unwrap();
    assert_eq!(changed["changes"][0][2], "199.00", "{changed}");
    let created = preview["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"].is_null())
        .unwrap();
    assert_eq!(created["slug"], "borodinskiy-test");
    assert_eq!(price_of(&app, "baguette-1").await, was);

    // Someone else's import is not theirs to see or apply.
    let admin = app.signed_in_as("admin").await;
    let (status, _) = app
        .call(&admin, "admin/catalog/import/preview", &[("id", &id)])
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .call(&admin, "admin/catalog/import/apply", &[("id", &id)])
        .await;
    assert_eq!(status, 404);

    // Apply: both written, in the history and on the storefront; spent after.
    let (status, body) = app
        .call(&manager, "admin/catalog/import/apply", &[("id", &id)])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, 2);
    assert_eq!(price_of(&app, "baguette-1").await, 19_900);
    assert_eq!(price_of(&app, "BOR-T-1").await, 25_000);
    let product = variant(&app, "BOR-T-1").await;
    let history = count(
        &app,
        "SELECT COUNT(*) FROM change_log WHERE entity = 'product' AND field = 'price:baguette-1' AND new_value = '199.00'",
    )
    .await;
    assert_eq!(history, 1);
    let (status, page) = app.get_text("/product/borodinskiy-test").await;
    assert_eq!(status, 200);
    assert!(page.contains("Бородинский тест") && page.contains("ржаная"));
    assert!(product > 0);
    let (status, _) = app
        .call(&manager, "admin/catalog/import/apply", &[("id", &id)])
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_bad_file_is_refused_by_line_and_changes_nothing() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let was = price_of(&app, "baguette-1").await;
    let products_before = count(&app, "SELECT COUNT(*) FROM products").await;

    // Files that are not an assortment sheet at all.
    for (bytes, expected) in [
        (b"sku,price\nbaguette-1,1\n".to_vec(), "product"),
        (b"product,colour\nx,red\n".to_vec(), "colour"),
        (vec![0xff, 0xfe, 0x00, 0x01], "CSV"),
        (b"PK\x03\x04not a workbook".to_vec(), "CSV"),
    ] {
        let (status, body) = upload(&app, &manager, "x.csv", bytes).await;
        assert_eq!(status, 422, "{body}");
        assert!(
            field_error(&body, "file").unwrap().contains(expected),
            "{body}"
        );
    }
    let (status, body) = upload(&app, &manager, "x.csv", Vec::new()).await;
    assert_eq!(status, 422, "{body}");

    // A sheet with mistakes: every one by its line, and apply refused.
    let file = "product,name,category,sku,variant,price\n\
                baguette,,,baguette-1,,12abc\n\
                new-one,New one,nowhere,NEW-1,Whole,10\n\
                other,Other,bread,baguette-1,Whole,10\n\
                baguette,,,baguette-1,,99\n";
    let (status, id) = upload(&app, &manager, "bad.csv", file.as_bytes().to_vec()).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap().to_string();
    let (status, preview) = app
        .call(&manager, "admin/catalog/import/preview", &[("id", &id)])
        .await;
    assert_eq!(status, 200);
    let lines: Vec<i64> = preview["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5], "{preview}");
    assert_eq!(preview["errors"][1]["column"], "category");
    let (status, body) = app
        .call(&manager, "admin/catalog/import/apply", &[("id", &id)])
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(price_of(&app, "baguette-1").await, was);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM products").await,
        products_before
    );

    // A plan that was good at preview but not at apply writes nothing:
    // its category goes in between.
    let (_, fresh) = app
        .call(
            &manager,
            "admin/catalog/categories/create",
            &[("name", "Fresh shelf")],
        )
        .await;
    let file = "product,name,category,sku,variant,price\n\
                baguette,,,baguette-1,,77\n\
                shelf-bun,Shelf bun,fresh-shelf,SB-1,Whole,10\n";
    let (_, id) = upload(&app, &manager, "ok.csv", file.as_bytes().to_vec()).await;
    let id = id.as_i64().unwrap().to_string();
    let (_, preview) = app
        .call(&manager, "admin/catalog/import/preview", &[("id", &id)])
        .await;
    assert_eq!(preview["errors"], serde_json::json!([]), "{preview}");
    let (status, _) = app
        .call(
            &manager,
            "admin/catalog/categories/delete",
            &[("id", &fresh.to_string())],
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .call(&manager, "admin/catalog/import/apply", &[("id", &id)])
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(price_of(&app, "baguette-1").await, was);

    // Roles: staff export but do not import; a visitor does neither.
    let baker = app.signed_in_as("staff").await;
    let (status, _) = upload(&app, &baker, "x.csv", file.as_bytes().to_vec()).await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(&baker, "admin/catalog/import/preview", &[("id", &id)])
        .await;
    assert_eq!(status, 403);
    let res = baker
        .get(app.url("/admin/catalog/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (status, _) = app.get_text("/admin/catalog/export.xlsx").await;
    assert_eq!(status, 401);
    let (status, _) = upload(&app, &app.browser(), "x.csv", file.as_bytes().to_vec()).await;
    assert_eq!(status, 401);
}
