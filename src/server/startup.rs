//! Building the router and running the server. `Application::build` is what
//! `karavai serve` and every integration test call: tests bind port 0.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::config::Config;
use super::db::Db;
use super::state::AppState;
use crate::app::{App, shell};

/// How long requests in flight may take to finish once the server is told to stop.
pub const DRAIN: std::time::Duration = std::time::Duration::from_secs(10);

/// A built, bound, not yet running server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listener.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = Db::connect(&config.database.url, config.database.max_connections).await?;
        db.migrate().await?;
        Self::build_with_db(config, db).await
    }

    /// Like [`Application::build`] with a database the caller has prepared.
    pub async fn build_with_db(mut config: Config, db: Db) -> anyhow::Result<Application> {
        let mailer = super::mail::Mailer::from_config(&config).map_err(anyhow::Error::msg)?;
        let listener = TcpListener::bind(config.server.site_addr).await?;
        // Port 0 means "any free port": from here on the config tells the truth.
        config.server.site_addr = listener.local_addr()?;
        let sessions = super::session::Store::new(&db);
        sessions.migrate().await?;
        if crate::catalog::repo::ensure_search_format(&db).await? {
            tracing::info!("catalog search documents rebuilt in the current format");
        }
        sessions.spawn_cleanup();
        super::throttle::spawn_cleanup(db.clone());
        let keys = super::keys::Keys::load(&db, &config).await?;
        let state = AppState {
            keys,
            leptos_options: leptos_options(&config),
            hub: crate::live::hub::Hub::start(db.clone()),
            throttle: crate::accounts::throttle::Throttle::new(&config.auth),
            catalog: Default::default(),
            pages: Default::default(),
            db,
            config: Arc::new(config),
        };
        super::jobs::spawn_worker(state.db.clone(), mailer, std::time::Duration::from_secs(1));
        {
            // Works out the analytics roll-ups of days changed while the app
            // was away (a demo history, an import), so the dashboard's first
            // visit does not wait for them.
            let (db, config) = (state.db.clone(), state.config.clone());
            tokio::spawn(async move {
                match crate::analytics::refresh(&db, &config).await {
                    Ok(0) => {}
                    Ok(days) => tracing::info!(days, "analytics roll-ups worked out"),
                    Err(err) => tracing::warn!(error = %err, "analytics roll-ups failed"),
                }
            });
        }
        let router = router(state.clone(), sessions);
        Ok(Application {
            listener,
            router,
            state,
        })
    }

    /// Adds routes outside the app's middleware (benchmarks add a bare
    /// "hello" to compare the pages with).
    pub fn merge(mut self, extra: Router) -> Application {
        self.router = self.router.merge(extra);
        self
    }

    pub fn port(&self) -> u16 {
        self.state.config.server.site_addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.state.config.server.site_addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight
    /// and closes the database.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_with_shutdown(shutdown_signal()).await
    }

    /// Serves until `signal` completes (tests pass their own). Then the live
    /// streams end, the requests in flight finish, at most [`DRAIN`] later
    /// the process goes on to close the database whatever is still open.
    pub async fn run_with_shutdown(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let db = self.state.db.clone();
        let hub = self.state.hub.clone();
        tracing::info!(addr = %self.state.config.server.site_addr, "listening");
        let (stopping_tx, stopping) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            signal.await;
            tracing::info!("stopping: ending live streams, finishing requests");
            hub.close_streams();
            let _ = stopping_tx.send(());
        };
        let serve = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(signal)
        .into_future();
        let drained = async {
            if stopping.await.is_ok() {
                tokio::time::sleep(DRAIN).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        let result = tokio::select! {
            result = serve => result,
            () = drained => {
                tracing::warn!(seconds = DRAIN.as_secs(), "requests still open after the drain time: stopping anyway");
                Ok(())
            }
        };
        db.close().await;
        tracing::info!("stopped");
        result
    }
}

/// Leptos's options, from our configuration. Asset names are hashed exactly
/// when cargo-leptos wrote a hash file beside the binary (release builds).
fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_file = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")));
    let hash_files = hash_file.is_some_and(|f| f.exists());
    LeptosOptions::builder()
        .output_name("karavai")
        .site_root(config.server.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(config.server.site_addr)
        .hash_files(hash_files)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The app's routes, worked out once per process. Leptos works them out by
/// running `<App/>` with resource loading suspended by a process-wide flag
/// (leptos-rs/leptos#4773): a resource first polled by a page being rendered
/// meanwhile would wait forever. The server does it before it serves
/// anything; tests, which start many apps in one process, must not redo it
/// while another app renders a page.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface.
pub fn router(state: AppState, sessions: super::session::Store) -> Router {
    super::metrics::handle();
    let options = state.leptos_options.clone();
    let routes = route_list();
    let pkg_dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    // Hashed names change with their content: cache them for a year. Unhashed
    // (debug) builds must be revalidated on every load.
    let pkg_cache = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));

    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .nest("/pkg", pkg)
        .merge(crate::i18n::routes::router())
        .merge(crate::live::routes::router())
        .merge(crate::accounts::oauth::router())
        .route("/avatars/{user_id}", get(crate::accounts::avatar::serve))
        .merge(crate::catalog::routes::router())
        .merge(crate::orders::checkout::payments::routes())
        .merge(crate::orders::table::export::router())
        .merge(crate::reports::export::router())
        .merge(crate::analytics::export::router())
        .merge(crate::catalog::admin::routes::router())
        .merge(super::openapi::router())
        .leptos_routes(&state, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // The cart badge's count for page loads (needs the caller).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::cart::routes::middleware,
        ))
        // Who is calling: loaded on every request, inside the session layer.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::guard::middleware,
        ))
        .layer(super::session::layer(sessions, &state.config))
        .layer(axum::middleware::from_fn(super::rpc::middleware))
        // Before anything reads the session: a forged request changes nothing.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::csrf::middleware,
        ))
        .layer(axum::middleware::from_fn(super::metrics::track))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(
            super::headers::no_store_for_sessions,
        ))
        .layer(axum::middleware::from_fn(super::headers::script_nonce))
        // A cached storefront page skips everything above.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::page_cache::middleware,
        ))
        // The database away: 503 and "try again", not 500.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::outage::middleware,
        ));
    // Outermost: every answer, cached or not, carries them.
    let https = state.config.public_url().starts_with("https://");
    super::headers::layers(router, https).with_state(state)
}

/// `GET /healthz`: 200 when the database answers and takes writes; 503
/// ("degraded") when it does not answer ("unreachable") or refuses writes
/// ("read_only": every order would fail).
async fn healthz(State(state): State<AppState>) -> Response {
    let database = match state.db.ping().await {
        Ok(()) => match state
            .db
            .write_check(state.hub.instance(), std::time::Duration::from_secs(2))
            .await
        {
            Ok(()) => "ok",
            Err(err) => {
                tracing::error!(error = %err, "health check: the database takes no writes");
                "read_only"
            }
        },
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            "unreachable"
        }
    };
    let status = if database == "ok" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if database == "ok" { "ok" } else { "degraded" },
        "database": database,
        "dialect": format!("{:?}", state.db.dialect()).to_lowercase(),
        "version": env!("CARGO_PKG_VERSION"),
    });
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

/// `GET /metrics`: Prometheus text format (request counts, and so the
/// shop's traffic: not for everyone). With `metrics_token` set, a scraper
/// presents it as a Bearer token; without it, only a scraper on this
/// machine talking to karavai directly may read (a request that came
/// through a proxy, which may run on this machine too, says so in its
/// forwarding headers and is refused).
async fn metrics(
    State(state): State<AppState>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    let token = state.config.server.metrics_token.expose_secret();
    let allowed = if token.is_empty() {
        let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
            .iter()
            .any(|h| headers.contains_key(*h));
        peer.is_some_and(|p| p.0.0.ip().is_loopback()) && !forwarded
    } else {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        presented == Some(token)
    };
    if !allowed {
        return crate::error::AppError::Unauthorized.into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        super::metrics::handle().render(),
    )
        .into_response()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
