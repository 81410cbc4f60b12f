//! Benchmark: the analytics dashboard at scale (issue 7's target: the whole
//! dashboard for one year in under 100 ms of server time, on both engines,
//! with a million orders).
//!
//!     bash scripts/bench.sh analytics [ORDERS] [RUNS]   (default 1000000, 30)
//!
//! Loads the demo bakery and ORDERS past orders over two years (the
//! `seed-demo --orders` generator) into SQLite in a temp dir, or into the
//! empty PostgreSQL database named by `KARAVAI_BENCH_DATABASE_URL`; works
//! the daily roll-ups out (timed: what `seed-demo` and a first start do);
//! then asks for the whole dashboard (every card, chart and table, as the
//! page's server function builds it) RUNS times after two warm-up runs, one
//! at a time, for one year, and for one year of one store and category, and
//! prints p50, p95 and the slowest. Between runs one new order arrives, so
//! every run also works out that day's roll-ups again, as a live shop's
//! dashboard does. With `RUST_LOG=sqlx::query=debug` every statement is
//! printed with its time.

// Benchmarks set up and inspect the database directly.
#![allow(clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use karavai::analytics::types::AnalyticsQuery;
use karavai::server::config::Config;
use karavai::server::db::Db;

fn pct(v: &[Duration], p: f64) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v.get(((v.len().max(1) - 1) as f64 * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `RUST_LOG=sqlx::query=debug` prints every statement with its time.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
    let orders: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let runs: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(30);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("KARAVAI_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = Db::connect(&url, 8).await?;
    db.migrate().await?;
    let config = Config::default();
    let t = Instant::now();
    karavai::server::demo::seed(&db).await?;
    karavai::server::demo::seed_history(&db, (orders / 12).max(50), orders, 730).await?;
    let loaded = t.elapsed();
    let t = Instant::now();
    let days = karavai::analytics::repo::refresh(&db, &config).await?;
    let rolled = t.elapsed();
    if let Db::Postgres(pool) = &db {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    println!(
        "karavai analytics benchmark: {orders} orders on {:?}, loaded in {loaded:.1?}; \
         roll-ups of {days} days worked out in {rolled:.1?}; {runs} runs per query, one at a time",
        db.dialect()
    );
    let (store, category): (i64, i64) = karavai::db_read!(&db, |pool| sqlx::query_as(
        "SELECT (SELECT MIN(id) FROM stores), (SELECT MIN(category_id) FROM products)"
    )
    .fetch_one(pool)
    .await)?;
    let client: i64 = karavai::db_read!(&db, |pool| sqlx::query_scalar(
        "SELECT MIN(id) FROM clients"
    )
    .fetch_one(pool)
    .await)?;
    let cases = [
        (
            "one year, every store and category",
            AnalyticsQuery {
                period: "year".into(),
                ..Default::default()
            },
        ),
        (
            "one year, one store, one category",
            AnalyticsQuery {
                period: "year".into(),
                store: store.to_string(),
                category: category.to_string(),
                ..Default::default()
            },
        ),
        (
            "30 days, per day",
            AnalyticsQuery {
                period: "30d".into(),
                ..Default::default()
            },
        ),
    ];
    println!(
        "  {:<40} {:>10} {:>10} {:>10}",
        "dashboard", "p50", "p95", "max"
    );
    let mut worst = Duration::ZERO;
    for (name, q) in cases {
        let mut times = Vec::with_capacity(runs);
        for i in 0..runs + 2 {
            // A new order today: this run works today's roll-ups out again.
            karavai::orders::record::repo::create_simple(
                &db,
                &karavai::orders::record::repo::SimpleOrder {
                    client_id: client,
                    product: "Bench bun".into(),
                    quantity: 1,
                    unit_price_minor: 5_000,
                    notes: String::new(),
                    source: "phone",
                },
                None,
                karavai::history::types::Source::System,
            )
            .await?;
            let t = Instant::now();
            let d = karavai::analytics::dashboard::dashboard(
                &db,
                &config,
                q.clone(),
                karavai::i18n::Locale::En,
                false,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if i >= 2 {
                times.push(t.elapsed());
            }
            assert!(d.problems.is_empty() && d.kpis.orders > 0);
        }
        let p95 = pct(&times, 0.95);
        worst = worst.max(p95);
        println!(
            "  {:<40} {:>10.1?} {:>10.1?} {:>10.1?}",
            name,
            pct(&times, 0.5),
            p95,
            pct(&times, 1.0)
        );
    }
    println!(
        "  worst p95: {worst:.1?} (target: under 100 ms) — {}",
        if worst < Duration::from_millis(100) {
            "met"
        } else {
            "missed"
        }
    );
    Ok(())
}
