use std::path::Path;

use karavai::server::config::Config;
use karavai::server::db::Db;
use karavai::server::startup::Application;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running app and the things a test needs to poke at it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub db: Db,
    pub client: reqwest::Client,
    _site_root: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    pub server: Option<JoinHandle<std::io::Result<()>>>,
    _data: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }

    /// Stops the server as SIGTERM would, and waits for it to finish.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.server.take() {
            tokio::time::timeout(std::time::Duration::from_secs(10), handle)
                .await
                .expect("server did not stop within 10 s")
                .expect("server task panicked")
                .expect("server returned an error");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Which engine this run tests.
pub fn is_postgres() -> bool {
    std::env::var("KARAVAI_TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
}

/// A fresh, empty, migrated database of the engine under test.
pub async fn fresh_database(dir: &Path) -> (String, Db) {
    let url = match std::env::var("KARAVAI_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("karavai_test_{}", uuid::Uuid::new_v4().simple());
            let admin = sqlx::PgPool::connect(&base)
                .await
                .expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create test database");
            admin.close().await;
            let (prefix, _) = base.rsplit_once('/').expect("the URL names a database");
            format!("{prefix}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("karavai.db").display()),
    };
    let db = Db::connect(&url, 4)
        .await
        .expect("connect to the test database");
    db.migrate().await.expect("migrations apply");
    (url, db)
}

pub async fn spawn_app() -> TestApp {
    spawn(false).await
}

/// An app whose database holds the demo bakery.
pub async fn spawn_app_with_demo() -> TestApp {
    spawn(true).await
}

async fn spawn(demo: bool) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let site_root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site_root.path().join("pkg")).unwrap();
    std::fs::write(site_root.path().join("pkg/karavai.css"), "body{}").unwrap();
    std::fs::write(site_root.path().join("robots.txt"), "User-agent: *\n").unwrap();

    let (url, db) = fresh_database(data.path()).await;
    if demo {
        karavai::server::demo::seed(&db)
            .await
            .expect("demo data loads");
    }
    let config = Config {
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: site_root.path().display().to_string(),
        database_url: url,
        ..Config::default()
    };
    let app = Application::build_with_db(config, db.clone())
        .await
        .expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_with_shutdown(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        db,
        client,
        _site_root: site_root,
        shutdown: Some(tx),
        server: Some(server),
        _data: data,
    }
}

/// Runs one raw SQL statement on the write side (for tests that break things).
pub async fn exec(db: &Db, sql: &'static str) -> Result<(), sqlx::Error> {
    karavai::db_write!(db, |pool| sqlx::query(sql).execute(pool).await.map(|_| ()))
}
