//! Benchmark: how much do held Server-Sent Events connections cost, and how
//! long does one event take to reach all of them?
//!
//!     bash scripts/bench.sh sse [CLIENTS]      (default 1000)
//!
//! Starts one app instance in this process (SQLite in a temp dir), opens
//! CLIENTS raw HTTP connections to `GET /events`, and measures:
//! - resident memory before and after the connections (both ends of each
//!   socket live in this process, so the per-connection figure is an upper
//!   bound for the server's share);
//! - for several events published on the hub, the time until every client
//!   has read it (fan-out latency: median and worst round, p50/p99 per client).

// Benchmarks set up and inspect the database directly.
#![allow(clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use karavai::live::types::LiveEvent;
use karavai::server::config::Config;
use karavai::server::db::Db;
use karavai::server::startup::Application;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let clients: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1000);
    let rounds = 5;
    let dir = tempfile::tempdir()?;
    let site = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = Db::connect(&url, 8).await?;
    db.migrate().await?;
    let mut config = Config::default();
    config.server.site_addr = "127.0.0.1:0".parse()?;
    config.server.site_root = site.path().display().to_string();
    config.database.url = url;
    let app = Application::build_with_db(config, db).await?;
    let addr = app.addr();
    let hub = app.state().hub.clone();
    tokio::spawn(app.run_until_stopped());
    tokio::time::sleep(Duration::from_millis(200)).await;

    let before = rss_kib();
    let (tx, mut rx) = mpsc::unbounded_channel::<(usize, Instant)>();
    let opened = Instant::now();
    for id in 0..clients {
        let tx = tx.clone();
        let mut stream = TcpStream::connect(addr).await?;
        stream
            .write_all(b"GET /events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
            .await?;
        tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            let mut seen = String::new();
            loop {
                let n = match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                while let Some(at) = seen.find("event: stock_changed") {
                    let _ = tx.send((id, Instant::now()));
                    seen.drain(..at + 20);
                }
                if seen.len() > 8192 {
                    seen.clear();
                }
            }
        });
    }
    while hub.subscribers() < clients {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let open_time = opened.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_kib();

    let mut worst = Vec::new();
    let mut per_client = Vec::new();
    for round in 0..rounds {
        let start = Instant::now();
        hub.publish(LiveEvent::StockChanged {
            variant_id: 1,
            store_id: 1,
            quantity: round,
        })
        .await?;
        let mut got = 0;
        let mut last = Duration::ZERO;
        while got < clients {
            let (_, at) = tokio::time::timeout(Duration::from_secs(30), rx.recv())
                .await?
                .expect("clients alive");
            let d = at.duration_since(start);
            per_client.push(d);
            last = last.max(d);
            got += 1;
        }
        worst.push(last);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    worst.sort();
    per_client.sort();
    let pct = |v: &[Duration], p: f64| v[((v.len() as f64 - 1.0) * p) as usize];
    let delta = after.saturating_sub(before);
    println!("karavai SSE benchmark: {clients} clients, one instance, {rounds} events");
    println!("  connections opened and subscribed in {open_time:.2?}");
    println!(
        "  resident memory: {:.1} MiB before, {:.1} MiB with the clients: +{:.1} MiB, {:.1} KiB per connection (both ends)",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        delta as f64 / 1024.0,
        delta as f64 / clients as f64
    );
    println!(
        "  one event to all {clients}: median {:.2?}, worst {:.2?} (per client p50 {:.2?}, p99 {:.2?})",
        worst[worst.len() / 2],
        worst[worst.len() - 1],
        pct(&per_client, 0.5),
        pct(&per_client, 0.99)
    );
    Ok(())
}
