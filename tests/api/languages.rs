//! The catalog in two languages: names, descriptions, categories, variants
//! and characteristics shown in the visitor's language (the other one where
//! a translation is missing), search by either language's word forms, and
//! the characteristic types with their closed lists and translations.

use serde_json::Value;

use crate::helpers::{TestApp, field_error, spawn_app_with_demo};
use crate::storefront::call_owned;

/// A browser that asks for Russian pages.
fn russian() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static("ru-RU,ru;q=0.9"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn search(app: &TestApp, browser: &reqwest::Client, q: &str) -> Value {
    let (status, page) = app.call(browser, "catalog/search", &[("query", q)]).await;
    assert_eq!(status, 200, "{q}: {page}");
    page
}

fn total(page: &Value) -> i64 {
    page["total"].as_i64().unwrap()
}

fn slugs(page: &Value) -> Vec<String> {
    page["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_owned())
        .collect()
}

fn names(page: &Value) -> Vec<String> {
    page["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

fn cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()))
}

#[tokio::test]
async fn a_russian_shopper_reads_russian_and_finds_every_word_form() {
    let app = spawn_app_with_demo().await;
    let ru = russian();
    let en = app.browser();

    // «торт», «торты», «тортов», «Торт»: one word.
    let cakes = search(&app, &ru, "q=торт").await;
    assert!(total(&cakes) >= 5, "{cakes}");
    for form in ["торты", "тортов", "ТОРТ"] {
        let found = search(&app, &ru, &format!("q={form}")).await;
        assert_eq!(total(&found), total(&cakes), "{form}");
    }
    // Russian names on a Russian page.
    assert!(names(&cakes).iter().all(|n| cyrillic(n)), "{cakes}");
    let medovik = search(&app, &ru, "q=медовик").await;
    assert!(slugs(&medovik).contains(&"medovik".to_owned()), "{medovik}");
    let name = &medovik["products"][0]["name"];
    assert!(name.as_str().unwrap().contains("Медовик"), "{name}");

    // English singular and plural alike; either language from either page.
    let english = search(&app, &en, "q=cakes").await;
    assert!(total(&english) >= 5);
    assert_eq!(total(&search(&app, &en, "q=cake").await), total(&english));
    assert!(names(&english).iter().all(|n| !cyrillic(n)), "{english}");
    let crossed = search(&app, &en, "q=медовик").await;
    assert!(slugs(&crossed).contains(&"medovik".to_owned()));

    // Facets in Russian, and a Russian filter finds what the English one does.
    let all = search(&app, &ru, "").await;
    let facets: Vec<&str> = all["characteristics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(facets.contains(&"Вкус"), "{facets:?}");
    assert!(
        all["categories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| cyrillic(c["name"].as_str().unwrap()))
    );
    let honey_ru = search(&app, &ru, "ch=Вкус:Медовый").await;
    let honey_en = search(&app, &en, "ch=Flavour:Honey").await;
    assert!(total(&honey_en) >= 1);
    assert_eq!(total(&honey_ru), total(&honey_en));

    // The product page: name, description, variants, characteristics.
    let (status, page) = app
        .call(&ru, "catalog/product", &[("slug", "medovik")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(cyrillic(page["description"].as_str().unwrap()), "{page}");
    assert!(page["variants"][0]["name"].as_str().unwrap().contains("кг"));
    let chars: Vec<(String, String)> =
        serde_json::from_value(page["characteristics"].clone()).unwrap();
    assert!(
        chars.contains(&("Вкус".to_owned(), "Медовый".to_owned())),
        "{chars:?}"
    );
    let (_, page) = app
        .call(&en, "catalog/product", &[("slug", "medovik")])
        .await;
    assert_eq!(page["name"], "Medovik honey cake");
    assert!(page["variants"][0]["name"].as_str().unwrap().contains("kg"));

    // The server-rendered page follows the language too.
    let html = ru
        .get(app.url("/product/medovik"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Медовик") && html.contains("Вкус"), "{html}");
}

#[tokio::test]
async fn one_language_is_enough_and_either_finds_it() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let ru = russian();
    let en = app.browser();

    // A category and a product named in Russian only.
    let (status, category) = app
        .call(
            &manager,
            "admin/catalog/categories/create",
            &[
                ("name_ru", "Карельская выпечка"),
                ("description_ru", "Ржаное тесто, открытые пироги"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{category}");
    let category = category.as_i64().unwrap().to_string();
    let (status, id) = app
        .call(
            &manager,
            "admin/catalog/products/create",
            &[("name_ru", "Калитка с пшеном"), ("category_id", &category)],
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap().to_string();
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/variant/add",
            &[
                ("product_id", &id),
                ("sku", "KAL-1"),
                ("name_ru", "целая"),
                ("price", "900"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let form = |version: &str, name: &str| -> Vec<(String, String)> {
        [
            ("id", id.as_str()),
            ("version", version),
            ("name", name),
            ("name_ru", "Калитка с пшеном"),
            ("slug", "kalitka-s-pshenom"),
            ("description_ru", "Ржаное тесто, пшённая каша"),
            ("category_id", category.as_str()),
            ("published", "on"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let (status, body) =
        call_owned(&app, &manager, "admin/catalog/product/save", &form("1", "")).await;
    assert_eq!(status, 200, "{body}");

    // English pages fall back to the Russian; word forms find it either way.
    let (_, page) = app
        .call(&en, "catalog/product", &[("slug", "kalitka-s-pshenom")])
        .await;
    assert_eq!(page["name"], "Калитка с пшеном", "{page}");
    assert_eq!(page["category_name"], "Карельская выпечка");
    assert_eq!(page["variants"][0]["name"], "целая");
    for q in ["q=калитки", "q=калиткой", "q=калитка пшено"] {
        assert_eq!(total(&search(&app, &en, q).await), 1, "{q}");
    }

    // Named in English later: each language shows its own.
    let (status, body) = call_owned(
        &app,
        &manager,
        "admin/catalog/product/save",
        &form("2", "Karelian kalitka"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = app
        .call(&en, "catalog/product", &[("slug", "kalitka-s-pshenom")])
        .await;
    assert_eq!(page["name"], "Karelian kalitka");
    let (_, page) = app
        .call(&ru, "catalog/product", &[("slug", "kalitka-s-pshenom")])
        .await;
    assert_eq!(page["name"], "Калитка с пшеном");
    assert_eq!(total(&search(&app, &ru, "q=kalitkas").await), 1);

    // A category renamed in Russian is found by its new name.
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/categories/save",
            &[
                ("id", &category),
                ("name_ru", "Заонежье"),
                ("slug", "karelskaya-vypechka"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(total(&search(&app, &ru, "q=заонежья").await), 1);

    // Neither name: refused, nothing written.
    let mut nameless = form("3", "");
    nameless.retain(|(k, _)| k != "name_ru");
    let (status, body) = call_owned(&app, &manager, "admin/catalog/product/save", &nameless).await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "name").is_some(), "{body}");
    let (_, editor) = app
        .call(&manager, "admin/catalog/product", &[("id", &id)])
        .await;
    assert_eq!(editor["version"], 3);
    assert_eq!(editor["name_ru"], "Калитка с пшеном");
    let fields: Vec<&str> = editor["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"description_ru"),
        "{fields:?}"
    );
}

#[tokio::test]
async fn characteristic_types_keep_their_lists_and_speak_both_languages() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    let ru = russian();

    // Roles: staff read, managers change, shoppers and visitors do neither.
    let baker = app.signed_in_as("staff").await;
    let (status, list) = app.call(&baker, "admin/catalog/characteristics", &[]).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["can_edit"], false);
    let flavour = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Flavour")
        .expect("the demo's flavour");
    assert_eq!(flavour["name_ru"], "Вкус");
    assert!(flavour["used_by"].as_i64().unwrap() >= 80);
    let filling = [
        ("name", "Filling"),
        ("name_ru", "Начинка"),
        ("values", "Quince = Айва\nCottage cheese = Творог"),
    ];
    let customer = app.signed_in_as("customer").await;
    let supplier = app.signed_in_as("supplier").await;
    for (who, expected) in [
        (&baker, 403),
        (&customer, 403),
        (&supplier, 403),
        (&app.browser(), 401),
    ] {
        let (status, _) = app
            .call(who, "admin/catalog/characteristics/create", &filling)
            .await;
        assert_eq!(status, expected);
    }

    // Bad input names its field and writes nothing.
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/characteristics/create",
            &[("name", ""), ("values", "A\n = Б")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "name").is_some() && field_error(&body, "values").is_some());
    let (status, body) = app
        .call(&manager, "admin/catalog/characteristics/create", &filling)
        .await;
    assert_eq!(status, 200, "{body}");
    let filling_id = body.as_i64().unwrap().to_string();
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/characteristics/create",
            &[("name", "filling")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "name").is_some(), "taken: {body}");

    // Typed in Russian, kept in the shop's terms; a value off the list is refused.
    let (_, editor) = app
        .call(&manager, "admin/catalog/product", &[("id", "1")])
        .await;
    let product = editor["id"].to_string();
    let category = editor["category_id"].to_string();
    let save = |version: i64, characteristics: &str| -> Vec<(String, String)> {
        [
            ("id", product.clone()),
            ("version", version.to_string()),
            ("name", editor["name"].as_str().unwrap().to_owned()),
            ("name_ru", editor["name_ru"].as_str().unwrap().to_owned()),
            ("category_id", category.clone()),
            ("published", "on".to_owned()),
            ("characteristics", characteristics.to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    };
    let version = editor["version"].as_i64().unwrap();
    let (status, body) = call_owned(
        &app,
        &manager,
        "admin/catalog/product/save",
        &save(version, "Начинка: слива"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let message = field_error(&body, "characteristics").unwrap();
    assert!(
        message.contains("Quince") && message.contains("Cottage cheese"),
        "{message}"
    );
    let (status, body) = call_owned(
        &app,
        &manager,
        "admin/catalog/product/save",
        &save(version, "начинка: айва\nВкус: медовый"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, editor) = app
        .call(&manager, "admin/catalog/product", &[("id", "1")])
        .await;
    let chars: Vec<(String, String)> =
        serde_json::from_value(editor["characteristics"].clone()).unwrap();
    assert_eq!(
        chars,
        vec![
            ("Filling".to_owned(), "Quince".to_owned()),
            ("Flavour".to_owned(), "Honey".to_owned())
        ]
    );
    let slug = editor["slug"].as_str().unwrap().to_owned();
    let (_, page) = app.call(&ru, "catalog/product", &[("slug", &slug)]).await;
    let shown: Vec<(String, String)> =
        serde_json::from_value(page["characteristics"].clone()).unwrap();
    assert!(
        shown.contains(&("Начинка".to_owned(), "Айва".to_owned())),
        "{shown:?}"
    );
    assert_eq!(
        total(&search(&app, &ru, "q=айва").await),
        1,
        "translations are searched"
    );

    // A closed list keeps the values products carry; a rename follows onto them.
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/characteristics/save",
            &[
                ("id", &filling_id),
                ("name", "Filling"),
                ("values", "Cottage cheese"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        field_error(&body, "values").unwrap().contains("Quince"),
        "{body}"
    );
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/characteristics/save",
            &[
                ("id", &filling_id),
                ("name", "Pie filling"),
                ("name_ru", "Начинка"),
                ("values", "Quince = Айвовая\nCottage cheese = Творог"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, found) = app
        .call(
            &app.browser(),
            "catalog/search",
            &[("query", "ch=Pie%20filling:Quince")],
        )
        .await;
    assert_eq!(total(&found), 1, "{found}");
    assert_eq!(total(&search(&app, &ru, "q=айвовая").await), 1);

    // A type products carry cannot go; an unused one can.
    let (status, body) = app
        .call(
            &manager,
            "admin/catalog/characteristics/delete",
            &[("id", &filling_id)],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, unused) = app
        .call(
            &manager,
            "admin/catalog/characteristics/create",
            &[("name", "Colour"), ("free_values", "on")],
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(
            &manager,
            "admin/catalog/characteristics/delete",
            &[("id", &unused.to_string())],
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn search_documents_are_rebuilt_when_their_format_is_older() {
    let app = spawn_app_with_demo().await;
    let ru = russian();
    assert!(total(&search(&app, &ru, "q=торт").await) > 0);
    let wipe = if crate::helpers::is_postgres() {
        "DELETE FROM product_search"
    } else {
        "DELETE FROM products_fts"
    };
    crate::helpers::exec(&app.db, wipe).await.unwrap();
    crate::helpers::exec(&app.db, "UPDATE search_index_state SET format = 1")
        .await
        .unwrap();
    assert_eq!(total(&search(&app, &ru, "q=торт").await), 0);
    assert!(
        karavai::catalog::repo::ensure_search_format(&app.db)
            .await
            .unwrap()
    );
    assert!(total(&search(&app, &ru, "q=торт").await) > 0);
    assert!(
        !karavai::catalog::repo::ensure_search_format(&app.db)
            .await
            .unwrap(),
        "once is enough"
    );
}
