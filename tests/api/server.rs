use crate::helpers::spawn_app_with_demo;

#[tokio::test]
async fn pages_are_compressed_for_clients_that_ask() {
    let app = spawn_app_with_demo().await;
    let raw = reqwest::Client::builder()
        .no_brotli()
        .no_gzip()
        .build()
        .unwrap();
    let res = raw
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    let res = raw
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let res = raw.get(app.url("/")).send().await.unwrap();
    assert!(res.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn static_files_are_served_with_cache_rules() {
    let app = spawn_app_with_demo().await;
    // Unhashed (debug) assets must be revalidated; hashed ones are checked by end2end.
    let res = app.get("/pkg/karavai.css").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(app.get("/pkg/missing.js").await.status().as_u16(), 404);
    let res = app.get("/robots.txt").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.text().await.unwrap(), "User-agent: *\n");
}

#[tokio::test]
async fn shutdown_finishes_and_stops_listening() {
    let mut app = spawn_app_with_demo().await;
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    let url = app.url("/healthz");
    app.stop().await;
    let after = reqwest::Client::new().get(url).send().await;
    assert!(after.is_err(), "the port is closed after shutdown");
}

/// A browser holding `/events` open must not keep a stopping server alive
/// (a deploy would hang on it): the stream ends at once and the server
/// stops within seconds.
#[tokio::test]
async fn stopping_ends_the_live_streams_and_does_not_wait_for_them() {
    let mut app = crate::helpers::spawn_app().await;
    let mut stream = crate::helpers::EventStream::open(&app).await;
    let mut second = crate::helpers::EventStream::open(&app).await;
    tokio::time::timeout(std::time::Duration::from_secs(5), app.stop())
        .await
        .expect("the server stopped within 5 s with two streams open");
    assert!(stream.ends_within(2).await);
    assert!(second.ends_within(2).await);
}
