use crate::helpers::{is_postgres, spawn_app, spawn_app_with_demo};

#[tokio::test]
async fn healthz_reports_the_database_and_its_dialect() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(
        body["dialect"],
        if is_postgres() { "postgres" } else { "sqlite" }
    );
}

#[tokio::test]
async fn healthz_is_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = spawn_app().await;
    for _ in 0..3 {
        assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    }
    app.get("/no/such/page").await;
    let (status, text) = app.get_text("/metrics").await;
    assert_eq!(status, 200);
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total{") && l.contains(r#"path="/healthz",status="200""#)
        })
        .unwrap_or_else(|| panic!("no healthz counter in:\n{text}"));
    // The recorder is process-wide and tests run in parallel: at least our 3.
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 3.0, "{line}");
    assert!(text.contains("http_request_duration_seconds_bucket{"));
    // Unknown paths share one label instead of one each.
    assert!(!text.contains("/no/such/page"));
}

/// The traffic figures are not public: without `metrics_token` only a
/// scraper on this machine talking to karavai directly reads them; what
/// came through a proxy (on this machine too) is refused; with a token, the
/// token decides.
#[tokio::test]
async fn metrics_are_not_public() {
    let app = spawn_app().await;
    for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP"] {
        let res = app
            .client
            .get(app.url("/metrics"))
            .header(header, "203.0.113.9")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 401, "{header}");
    }
    let app = crate::helpers::spawn_app_with(|c| {
        c.server.metrics_token = secrecy::SecretString::from("scrape-me-please");
    })
    .await;
    assert_eq!(app.get("/metrics").await.status().as_u16(), 401);
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-please")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

/// A database that answers reads but takes no writes (here: another
/// connection holds the write lock) is not healthy: every order would fail.
#[tokio::test]
async fn healthz_is_503_when_the_database_takes_no_writes() {
    use sqlx::Connection;
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    let started = std::time::Instant::now();
    let ask = || async {
        let res = app.get("/healthz").await;
        assert_eq!(res.status().as_u16(), 503);
        res.json::<serde_json::Value>().await.unwrap()
    };
    let body = if is_postgres() {
        let mut other = sqlx::PgConnection::connect(&app.database_url)
            .await
            .unwrap();
        let mut tx = other.begin().await.unwrap();
        sqlx::query("LOCK TABLE health_checks IN ACCESS EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .unwrap();
        let body = ask().await;
        tx.rollback().await.unwrap();
        body
    } else {
        let mut other = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .unwrap();
        let tx = sqlx::Connection::begin_with(&mut other, "BEGIN IMMEDIATE")
            .await
            .unwrap();
        let body = ask().await;
        tx.rollback().await.unwrap();
        body
    };
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"], "read_only");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "answered in bounded time"
    );
    // Once the lock is gone, healthy again.
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

/// With the database away (a PostgreSQL restart, a network cut) even the
/// visitors' cached pages answered 500. Now they are served as they were,
/// and everything that needs the database is a 503 with `Retry-After` in
/// its caller's shape (a page, a server function's error, the REST API's),
/// never a 500.
#[tokio::test]
async fn with_the_database_away_cached_pages_are_served_and_the_rest_is_a_503() {
    let app = spawn_app_with_demo().await;
    let (status, home) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert_eq!(
        app.get_text("/").await.1,
        home,
        "served again from the cache"
    );
    app.db.close().await;

    let (status, stale) = app.get_text("/").await;
    assert_eq!(status, 200, "the cached home page");
    assert_eq!(stale, home);

    let res = app.get("/product/baguette").await;
    assert_eq!(res.status().as_u16(), 503, "a page never cached");
    assert_eq!(res.headers()["retry-after"], "30");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("temporarily unavailable")
    );

    let (status, body) = app
        .call(&app.browser(), "catalog/search", &[("query", "q=bread")])
        .await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "unavailable", "{body}");

    let res = app
        .client
        .post(app.url("/api/token/"))
        .json(&serde_json::json!({ "username": "manager@karavai.local", "password": "karavai-manager" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "unavailable", "{body}");
}
