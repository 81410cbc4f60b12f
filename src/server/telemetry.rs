use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

use super::config::LogFormat;

/// Installs the global log subscriber (once; later calls do nothing, so tests
/// that build many apps can call it freely). Levels follow `RUST_LOG`.
///
/// Rules (see ARCHITECTURE.md): a readable message plus queryable fields,
/// units in field names (`elapsed_ms`), never emails, IPs or real names.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match format {
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
        LogFormat::Pretty => registry.with(fmt::layer().compact()).try_init(),
    };
}
