//! Server-only code (feature `ssr`). Nothing here compiles for the browser.

/// The command line: `serve`, `migrate`, `seed-demo`, `create-admin`.
pub mod cli;
/// Layered configuration: Leptos.toml, then `KARAVAI_*` environment variables.
pub mod config;
/// Cross-site request forgery: state-changing requests from other sites refused.
pub mod csrf;
/// The database handle over SQLite or PostgreSQL, pools and migrations.
pub mod db;
/// Demo data for a believable bakery.
pub mod demo;
/// File downloads: attachments and refusals shared by the exports.
pub mod download;
/// The security headers every answer carries.
pub mod headers;
/// The persistent job queue (mail now; imports and exports later).
pub mod jobs;
/// Signing keys: the installation's own, kept in the database.
pub mod keys;
/// Outgoing mail: SMTP, or the outbox table when no server is configured.
pub mod mail;
/// Prometheus metrics: the recorder and the per-route middleware.
pub mod metrics;
/// The REST API's OpenAPI document and its page.
pub mod openapi;
/// 503 "temporarily unavailable" instead of 500 while the database is away.
pub mod outage;
/// Rendered storefront pages for visitors without a session.
pub mod page_cache;
/// Uploaded pictures decoded within bounds, a few at a time.
pub mod pictures;
/// Where a `next` parameter may send someone: only a path of this site.
pub mod redirect;
/// The REST API's plumbing: JSON or form bodies, field checks, formats.
pub mod rest;
/// Server functions at the edge: multipart bodies checked, bad input a 4xx.
pub mod rpc;
/// Sessions in the database (tower-sessions).
pub mod session;
/// Building the axum router and running the HTTP server.
pub mod startup;
/// Shared application state, reachable from handlers and server functions.
pub mod state;
/// Structured logs.
pub mod telemetry;
/// Attempts counted per key and window, in the database (every instance together).
pub mod throttle;

pub use state::{AppState, app_state, is_html_form_post, respond, set_status};
