use crate::helpers::{is_postgres, spawn_app};

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
