use crate::helpers::spawn_app_with_demo;

#[tokio::test]
async fn the_language_cookie_renders_the_page_in_russian_from_the_first_byte() {
    let app = spawn_app_with_demo().await;
    let html = app.get_text_with("/", ("cookie", "lang=ru")).await;
    assert!(html.contains(r#"<html lang="ru""#));
    assert!(html.contains("Категории"));
    assert!(html.contains("Популярное сейчас"));
    // Plurals: "Celebration cakes" has 4 products, "Bread" 3, and money the Russian way.
    assert!(html.contains("4 товара"));
    assert!(html.contains("2\u{202f}800\u{a0}₽"));
    assert!(
        html.contains(r#""locale":"ru""#),
        "the browser is told, so hydration matches"
    );
    assert!(!html.contains("Popular now"));
}

#[tokio::test]
async fn accept_language_chooses_when_there_is_no_cookie() {
    let app = spawn_app_with_demo().await;
    let html = app
        .get_text_with(
            "/no/such/page",
            ("accept-language", "ru-RU,ru;q=0.9,en;q=0.5"),
        )
        .await;
    assert!(html.contains("Страница не найдена"));
}

#[tokio::test]
async fn the_switch_sets_the_cookie_and_returns_to_the_page() {
    let app = spawn_app_with_demo().await;
    let res = app.get("/lang/ru?next=%2F%3Fcategory%3Dbread").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/?category=bread");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=ru;"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );

    // Never an open redirect.
    let res = app.get("/lang/en?next=//evil.example/").await;
    assert_eq!(res.headers()["location"], "/");
    // Unknown languages are a 404, and set nothing.
    let res = app.get("/lang/xx?next=/").await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(res.headers().get("set-cookie").is_none());
}
