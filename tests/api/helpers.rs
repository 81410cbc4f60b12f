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
    pub hub: karavai::live::hub::Hub,
    /// The app's cache of rendered storefront pages.
    pub pages: karavai::server::page_cache::PageCache,
    pub client: reqwest::Client,
    _site_root: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    pub server: Option<JoinHandle<std::io::Result<()>>>,
    pub database_url: String,
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

    /// The body of `GET path` sent with one extra request header.
    pub async fn get_text_with(&self, path: &str, (name, value): (&str, &str)) -> String {
        let res = self
            .client
            .get(self.url(path))
            .header(name, value)
            .send()
            .await;
        res.expect("request failed").text().await.expect("body")
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
    spawn_with(demo, |_| {}).await
}

/// An app with the demo data and configuration changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_with(true, configure).await
}

async fn spawn_with(demo: bool, configure: impl FnOnce(&mut Config)) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let (url, db) = fresh_database(data.path()).await;
    if demo {
        karavai::server::demo::seed(&db)
            .await
            .expect("demo data loads");
    }
    spawn_on(data, url, db, configure).await
}

/// Another app instance on the database of `other` (as behind a load balancer).
pub async fn spawn_second_instance(other: &TestApp) -> TestApp {
    spawn_second_instance_with(other, |_| {}).await
}

/// The same, with its configuration changed by `configure`.
pub async fn spawn_second_instance_with(
    other: &TestApp,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let db = Db::connect(&other.database_url, 4).await.expect("connect");
    spawn_on(data, other.database_url.clone(), db, configure).await
}

async fn spawn_on(
    data: TempDir,
    url: String,
    db: Db,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let site_root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site_root.path().join("pkg")).unwrap();
    std::fs::write(site_root.path().join("pkg/karavai.css"), "body{}").unwrap();
    std::fs::write(site_root.path().join("robots.txt"), "User-agent: *\n").unwrap();

    let mut config = Config::default();
    config.server.site_addr = "127.0.0.1:0".parse().unwrap();
    config.server.site_root = site_root.path().display().to_string();
    config.database.url = url.clone();
    // Tests sign in often from one address; throttling has its own test.
    config.auth.login_attempts_per_ip = 1000;
    config.auth.login_attempts_per_account = 100;
    config.auth.sign_ups_per_ip_per_hour = 1000;
    configure(&mut config);
    let app = Application::build_with_db(config, db.clone())
        .await
        .expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let hub = app.state().hub.clone();
    let pages = app.state().pages.clone();
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
        hub,
        pages,
        database_url: url,
        client,
        _site_root: site_root,
        shutdown: Some(tx),
        server: Some(server),
        _data: data,
    }
}

impl TestApp {
    /// A new "browser": its own cookie jar, redirects not followed.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Calls the server function at `/rpc/{endpoint}` as the hydrated app
    /// does (form-encoded arguments, JSON answer): `(status, JSON body)`.
    pub async fn call(
        &self,
        browser: &reqwest::Client,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let res = browser
            .post(self.url(&format!("/rpc/{endpoint}")))
            .header("Accept", "application/json")
            .form(args)
            .send()
            .await
            .expect("request failed");
        let status = res.status().as_u16();
        let text = res.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, json)
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str, password: &str) -> reqwest::Client {
        let browser = self.browser();
        let (status, body) = self
            .call(
                &browser,
                "accounts/login",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(status, 200, "sign-in as {email} failed: {body}");
        browser
    }

    /// A browser signed in as the demo user with this role.
    pub async fn signed_in_as(&self, role: &str) -> reqwest::Client {
        let (email, password, _) = karavai::server::demo::LOGINS
            .into_iter()
            .find(|(_, _, r)| *r == role)
            .expect("a demo login with that role");
        self.signed_in(email, password).await
    }

    /// Waits for a mail to `to` in the outbox whose body holds `marker`, and
    /// returns the body.
    pub async fn mail_to(&self, to: &str, marker: &str) -> String {
        for _ in 0..100 {
            let bodies: Vec<String> = karavai::db_read!(&self.db, |pool| sqlx::query_scalar(
                "SELECT body_text FROM outbox WHERE to_address = $1 ORDER BY id DESC"
            )
            .bind(to)
            .fetch_all(pool)
            .await)
            .unwrap();
            if let Some(body) = bodies.into_iter().find(|b| b.contains(marker)) {
                return body;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no mail to {to} containing {marker:?} within 10 s");
    }

    pub async fn user_count(&self) -> i64 {
        karavai::accounts::repo::count(&self.db).await.unwrap()
    }
}

/// The token of a link in a mail body (`…?token=XYZ`).
pub fn token_in(body: &str) -> String {
    let start = body.find("token=").expect("a link with a token") + "token=".len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Runs one raw SQL statement on the write side (for tests that break things).
pub async fn exec(db: &Db, sql: &'static str) -> Result<(), sqlx::Error> {
    karavai::db_write!(db, |pool| sqlx::query(sql).execute(pool).await.map(|_| ()))
}

/// An open Server-Sent Events stream.
pub struct EventStream {
    body: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

impl EventStream {
    /// Opens `GET /events` on `app`.
    pub async fn open(app: &TestApp) -> EventStream {
        Self::open_with(app, &app.client).await
    }

    /// Opens `GET /events` on `app` in `browser` (with its session).
    pub async fn open_with(app: &TestApp, browser: &reqwest::Client) -> EventStream {
        let subscribers = app.hub.subscribers();
        let res = browser
            .get(app.url("/events"))
            .send()
            .await
            .expect("request failed");
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        let stream = EventStream {
            body: Box::pin(res.bytes_stream()),
            buffer: String::new(),
        };
        // The handler subscribes when the response starts; wait until it has.
        for _ in 0..100 {
            if app.hub.subscribers() > subscribers {
                return stream;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the event stream never subscribed to the hub");
    }

    /// The next event's (name, data), skipping keep-alive comments; `None`
    /// when none comes within `secs` seconds.
    pub async fn next_within(&mut self, secs: u64) -> Option<(String, String)> {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = None;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = Some(v.trim().to_owned());
                    }
                }
                // `hello` greets every connection; tests want what comes after.
                if let Some(data) = data
                    && name != "hello"
                {
                    return Some((name, data));
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(_) => panic!("the event stream ended"),
                Err(_) => return None,
            }
        }
    }

    /// Whether the server ends the stream within `secs` seconds (what it
    /// sends before the end is read and dropped).
    pub async fn ends_within(&mut self, secs: u64) -> bool {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(_))) => continue,
                Ok(_) => return true,
                Err(_) => return false,
            }
        }
    }
}

/// The message a refused form gives `field` (`AppError::Invalid`'s detail).
pub fn field_error<'a>(body: &'a serde_json::Value, field: &str) -> Option<&'a str> {
    body["detail"]
        .as_array()?
        .iter()
        .find(|f| f["field"] == field)
        .and_then(|f| f["message"].as_str())
}
