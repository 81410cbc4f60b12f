//! The `karavai` binary: a shim over [`karavai::server::cli`].

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    karavai::server::cli::run().await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `karavai::hydrate` (src/lib.rs).
}
