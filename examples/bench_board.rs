//! Benchmark: how long does a move on the production board take to reach
//! every open board?
//!
//!     bash scripts/bench.sh board [BOARDS] [MOVES]      (default 200, 100)
//!
//! Starts one app instance in this process (SQLite in a temp dir, the demo
//! bakery and a few days of orders), signs a member of staff in, opens BOARDS
//! raw `GET /events` connections with that session (as BOARDS open board
//! pages would), then performs MOVES moves through the real server function
//! (`POST /rpc/production/move`, one after another) and reports, for each
//! move, the time from sending the request to the moment the last board has
//! read the `order_moved` event: p50, p95 and the worst.

// Benchmarks set up and inspect the database directly.
#![allow(clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use karavai::server::config::Config;
use karavai::server::db::Db;
use karavai::server::startup::Application;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let boards: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(200);
    let moves: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(100);
    let dir = tempfile::tempdir()?;
    let site = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = Db::connect(&url, 8).await?;
    db.migrate().await?;
    karavai::server::demo::seed(&db).await?;
    karavai::server::demo::seed_history(&db, 50, 200, 3).await?;
    let order_id: i64 = karavai::db_read!(&db, |pool| sqlx::query_scalar(
        "SELECT id FROM orders ORDER BY id DESC LIMIT 1"
    )
    .fetch_one(pool)
    .await)?;
    let mut config = Config::default();
    config.server.site_addr = "127.0.0.1:0".parse()?;
    config.server.site_root = site.path().display().to_string();
    config.database.url = url;
    let app = Application::build_with_db(config, db.clone()).await?;
    let addr = app.addr();
    let hub = app.state().hub.clone();
    tokio::spawn(app.run_until_stopped());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let base = format!("http://{addr}");

    // A member of staff signs in; every board uses that session.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = client
        .post(format!("{base}/rpc/accounts/login"))
        .header("Accept", "application/json")
        .form(&[
            ("email", "baker@karavai.local"),
            ("password", "karavai-baker"),
        ])
        .send()
        .await?;
    anyhow::ensure!(
        login.status().is_success(),
        "sign-in failed: {}",
        login.status()
    );
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");

    let (tx, mut rx) = mpsc::unbounded_channel::<Instant>();
    let request = format!(
        "GET /events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    let before = hub.subscribers();
    for _ in 0..boards {
        let tx = tx.clone();
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(request.as_bytes()).await?;
        tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            let mut seen = String::new();
            loop {
                let n = match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                while let Some(at) = seen.find("event: order_moved") {
                    let _ = tx.send(Instant::now());
                    seen.drain(..at + 18);
                }
                if seen.len() > 8192 {
                    seen.clear();
                }
            }
        });
    }
    while hub.subscribers() < before + boards {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    let (mut version, mut stage): (i32, String) = karavai::db_read!(&db, |pool| sqlx::query_as(
        "SELECT version, stage FROM orders WHERE id = $1"
    )
    .bind(order_id)
    .fetch_one(pool)
    .await)?;
    let mut requests = Vec::new();
    let mut to_all = Vec::new();
    for _ in 0..moves {
        let to = if stage == "accepted" {
            "baking"
        } else {
            "accepted"
        };
        let start = Instant::now();
        let res = client
            .post(format!("{base}/rpc/production/move"))
            .header("Accept", "application/json")
            .header("Cookie", &cookie)
            .form(&[
                ("id", order_id.to_string()),
                ("version", version.to_string()),
                ("stage", to.to_owned()),
            ])
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "move refused: {}", res.status());
        version = res.json().await?;
        requests.push(start.elapsed());
        stage = to.to_owned();
        let mut last = start;
        for _ in 0..boards {
            let at = tokio::time::timeout(Duration::from_secs(30), rx.recv())
                .await?
                .expect("boards alive");
            last = last.max(at);
        }
        to_all.push(last.duration_since(start));
    }
    requests.sort();
    to_all.sort();
    let pct = |v: &[Duration], p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    println!("karavai board benchmark: {boards} boards (SSE), {moves} moves, one instance, SQLite");
    println!(
        "  move request answered: p50 {:.2?}, p95 {:.2?}",
        pct(&requests, 0.5),
        pct(&requests, 0.95)
    );
    println!(
        "  move request → every board has the event: p50 {:.2?}, p95 {:.2?}, worst {:.2?}",
        pct(&to_all, 0.5),
        pct(&to_all, 0.95),
        to_all[to_all.len() - 1]
    );
    Ok(())
}
