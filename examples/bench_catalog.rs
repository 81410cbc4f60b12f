//! Benchmark: the catalog page under load, against a bare route of the same
//! server.
//!
//!     bash scripts/bench.sh catalog [PRODUCTS] [SECONDS]   (default 10000, 10)
//!
//! Loads the demo bakery plus PRODUCTS generated products (with variants,
//! characteristics, stock and the search index) into SQLite in a temp dir
//! (or the PostgreSQL database named by `KARAVAI_BENCH_DATABASE_URL`, which
//! must be empty), starts one app instance in this process, and for each
//! target runs 32 concurrent keep-alive connections for SECONDS seconds:
//! requests per second and latency percentiles. The load generator shares
//! the machine's cores with the server, alike for every target, so the
//! ratio between the catalog and the bare route is the figure to compare.

// Benchmarks set up and inspect the database directly.
#![allow(clippy::disallowed_methods)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use karavai::server::config::Config;
use karavai::server::db::Db;
use karavai::server::db::{Arg, Args};
use karavai::server::startup::Application;

const CONNECTIONS: usize = 32;

async fn load(db: &Db, products: usize) -> anyhow::Result<()> {
    karavai::server::demo::seed(db).await?;
    let categories: Vec<i64> =
        karavai::db_read!(db, |pool| sqlx::query_scalar("SELECT id FROM categories")
            .fetch_all(pool)
            .await)?;
    let stores: Vec<i64> =
        karavai::db_read!(db, |pool| sqlx::query_scalar("SELECT id FROM stores")
            .fetch_all(pool)
            .await)?;
    let first: i64 = karavai::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT MAX(id) + 1 FROM products"
    )
    .fetch_one(pool)
    .await)?;
    let first_variant: i64 = karavai::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT MAX(id) + 1 FROM product_variants"
    )
    .fetch_one(pool)
    .await)?;
    let words = [
        "Honey",
        "Rye",
        "Berry",
        "Chocolate",
        "Almond",
        "Poppy",
        "Cherry",
        "Walnut",
        "Vanilla",
        "Lemon",
    ];
    let kinds = [
        "cake", "loaf", "tart", "roll", "pie", "cookie", "bun", "slice",
    ];
    let words_ru = [
        "Медовый",
        "Ржаной",
        "Ягодный",
        "Шоколадный",
        "Миндальный",
        "Маковый",
        "Вишнёвый",
        "Ореховый",
        "Ванильный",
        "Лимонный",
    ];
    let kinds_ru = [
        "торт",
        "хлеб",
        "тарт",
        "рулет",
        "пирог",
        "пряник",
        "булочка",
        "кусочек",
    ];
    let mut product_rows = Vec::new();
    let mut variant_rows = Vec::new();
    let mut char_rows = Vec::new();
    let mut stock_rows = Vec::new();
    for i in 0..products {
        let id = first + i as i64;
        let name = format!(
            "{} {} №{}",
            words[i % words.len()],
            kinds[(i / 10) % kinds.len()],
            i
        );
        let name_ru = format!(
            "{} {} №{}",
            words_ru[i % words_ru.len()],
            kinds_ru[(i / 10) % kinds_ru.len()],
            i
        );
        product_rows.push(vec![
            Arg::Int(id),
            Arg::Int(categories[i % categories.len()]),
            Arg::Text(format!("bench-{i}")),
            Arg::Text(name),
            Arg::Text("Generated for the benchmark: flour, butter, sugar.".into()),
            Arg::Int((i % 997) as i64),
            Arg::Text(name_ru),
            Arg::Text("Для замера: мука, масло, сахар.".into()),
        ]);
        for v in 0..2 {
            let vid = first_variant + (i * 2 + v) as i64;
            variant_rows.push(vec![
                Arg::Int(vid),
                Arg::Int(id),
                Arg::Text(format!("bench-{i}-{v}")),
                Arg::Text(if v == 0 {
                    "small".into()
                } else {
                    "large".into()
                }),
                Arg::Int(10_000 + ((i * 37) % 500) as i64 * 100 + v as i64 * 20_000),
                Arg::Int(v as i64),
            ]);
            for s in &stores {
                stock_rows.push(vec![
                    Arg::Int(vid),
                    Arg::Int(*s),
                    Arg::Int(((i + v) % 7) as i64),
                ]);
            }
        }
        char_rows.push(vec![
            Arg::Int(id),
            Arg::Text("Flavour".into()),
            Arg::Text(words[i % words.len()].into()),
            Arg::Int(0),
        ]);
    }
    async fn insert(
        db: &Db,
        table: &str,
        columns: &[&str],
        rows: &[Vec<Arg>],
    ) -> anyhow::Result<()> {
        for chunk in rows.chunks(20_000 / columns.len()) {
            let mut args = Args::default();
            let values: Vec<String> = chunk
                .iter()
                .map(|r| {
                    format!(
                        "({})",
                        r.iter()
                            .map(|a| args.push(a.clone()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES {}",
                columns.join(", "),
                values.join(", ")
            );
            karavai::db_write!(db, |pool| karavai::bind_args!(sqlx::query(&sql), args)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        Ok(())
    }
    insert(
        db,
        "products",
        &[
            "id",
            "category_id",
            "slug",
            "name",
            "description",
            "sold_count",
            "name_ru",
            "description_ru",
        ],
        &product_rows,
    )
    .await?;
    insert(
        db,
        "product_variants",
        &["id", "product_id", "sku", "name", "price_minor", "position"],
        &variant_rows,
    )
    .await?;
    insert(
        db,
        "product_characteristics",
        &["product_id", "name", "value", "position"],
        &char_rows,
    )
    .await?;
    insert(
        db,
        "stock",
        &["variant_id", "store_id", "quantity"],
        &stock_rows,
    )
    .await?;
    if db.dialect() == karavai::server::db::Dialect::Postgres {
        for table in ["products", "product_variants"] {
            karavai::db_write!(db, |pool| {
                sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(pool)
            .await
            .map(|_| ())
            })?;
        }
        karavai::db_write!(db, |pool| sqlx::query("ANALYZE")
            .execute(pool)
            .await
            .map(|_| ()))?;
    } else {
        karavai::db_write!(db, |pool| sqlx::query("ANALYZE")
            .execute(pool)
            .await
            .map(|_| ()))?;
    }
    karavai::catalog::repo::reindex_all(db).await?;
    Ok(())
}

struct Outcome {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

/// `cookie`: a `Cookie` header to send (a session cookie puts the request
/// past the page cache, as a signed-in shopper's is).
async fn hammer(base: &str, paths: &[&str], secs: u64, cookie: Option<&str>) -> Outcome {
    // Like a browser: asks for HTML, compressed; unlike one, it does not
    // decompress (the bytes are counted, not read), so the load generator's
    // share of the two cores stays the same for every target.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .no_gzip()
        .no_brotli()
        .default_headers(reqwest::header::HeaderMap::from_iter([
            (
                reqwest::header::ACCEPT,
                reqwest::header::HeaderValue::from_static("text/html"),
            ),
            (
                reqwest::header::ACCEPT_ENCODING,
                reqwest::header::HeaderValue::from_static("br, gzip"),
            ),
        ]))
        .build()
        .expect("client");
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let client = client.clone();
        let stop = stop.clone();
        let urls: Vec<String> = paths.iter().map(|p| format!("{base}{p}")).collect();
        let cookie = cookie.map(str::to_owned);
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            let mut n = c;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let mut req = client.get(&urls[n % urls.len()]);
                if let Some(c) = &cookie {
                    req = req.header(reqwest::header::COOKIE, c);
                }
                match req.send().await {
                    Ok(res) if res.status().is_success() => {
                        let _ = res.bytes().await;
                        lat.push(t.elapsed());
                    }
                    _ => errors += 1,
                }
                n += 1;
            }
            (lat, errors)
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.expect("task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed();
    latencies.sort();
    Outcome {
        requests: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

fn report(name: &str, o: &Outcome) -> f64 {
    let rps = o.requests as f64 / o.elapsed.as_secs_f64();
    let pct = |p: f64| {
        o.latencies
            .get(((o.latencies.len().max(1) - 1) as f64 * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "  {name:<34} {rps:>9.0} req/s   p50 {:>8.2?}   p99 {:>8.2?}   errors {}",
        pct(0.5),
        pct(0.99),
        o.errors
    );
    rps
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let products: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let secs: u64 = std::env::args()
        .nth(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10);
    let dir = tempfile::tempdir()?;
    let site = tempfile::tempdir()?;
    std::fs::create_dir_all(site.path().join("pkg"))?;
    let url = std::env::var("KARAVAI_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = Db::connect(&url, 16).await?;
    db.migrate().await?;
    let t = Instant::now();
    load(&db, products).await?;
    let total: i64 = karavai::db_read!(&db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM products"
    )
    .fetch_one(pool)
    .await)?;
    println!(
        "karavai catalog benchmark: {total} products on {:?}, loaded in {:.1?}",
        db.dialect(),
        t.elapsed()
    );
    let mut config = Config::default();
    config.server.site_addr = "127.0.0.1:0".parse()?;
    config.server.site_root = site.path().display().to_string();
    config.database.url = url;
    config.database.max_connections = 16;
    let app = Application::build_with_db(config, db)
        .await?
        .merge(axum::Router::new().route("/hello", axum::routing::get(|| async { "hello" })));
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until_stopped());
    tokio::time::sleep(Duration::from_millis(300)).await;

    println!(
        "  {CONNECTIONS} connections, {secs} s per target, keep-alive, load generator in-process"
    );
    const FILTERED: [&str; 9] = [
        "/catalog?page=3",
        "/catalog?q=honey",
        "/catalog?category=bread&sort=price_asc",
        "/catalog?ch=Flavour%3AHoney",
        "/catalog?price_min=100&price_max=300",
        "/catalog?store=centre&sort=newest",
        "/catalog?q=cherry%20pie",
        "/catalog?q=%D1%82%D0%BE%D1%80%D1%82%D1%8B",
        "/catalog?variant=large&page=10",
    ];
    // A session cookie the server does not know: the visitor is anonymous,
    // but the page is rendered for it (as for a signed-in shopper).
    let session = format!(
        "{}=bench-no-such-session",
        karavai::server::session::COOKIE_NAME
    );
    // Warm up every target once.
    let mut warm = vec!["/hello", "/catalog"];
    warm.extend(FILTERED);
    hammer(&base, &warm, 1, None).await;
    let hello = report(
        "GET /hello (bare route)",
        &hammer(&base, &["/hello"], secs, None).await,
    );
    println!("  visitors without a session (page cache):");
    let catalog = report(
        "GET /catalog (page 1, popular)",
        &hammer(&base, &["/catalog"], secs, None).await,
    );
    let mixed = report(
        "GET /catalog, 9 filtered variants",
        &hammer(&base, &FILTERED, secs, None).await,
    );
    println!("  visitors with a session (rendered every time):");
    let rendered = report(
        "GET /catalog (page 1, popular)",
        &hammer(&base, &["/catalog"], secs, Some(&session)).await,
    );
    let rendered_mixed = report(
        "GET /catalog, 9 filtered variants",
        &hammer(&base, &FILTERED, secs, Some(&session)).await,
    );
    println!(
        "  catalog / bare route, without a session: {:.1} % (page 1), {:.1} % (filtered mix)",
        catalog / hello * 100.0,
        mixed / hello * 100.0
    );
    println!(
        "  catalog / bare route, with a session:    {:.1} % (page 1), {:.1} % (filtered mix)",
        rendered / hello * 100.0,
        rendered_mixed / hello * 100.0
    );
    Ok(())
}
