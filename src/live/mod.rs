//! The live-event hub: typed events published by the server (an order placed,
//! an order moved to a stage, stock changed) and streamed to every connected
//! browser that may see them, over Server-Sent Events at `GET /events`.
//!
//! With PostgreSQL the hub also relays through `LISTEN`/`NOTIFY`, so an event
//! published on one app instance reaches browsers connected to any other.

pub mod client;
pub mod types;

#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
