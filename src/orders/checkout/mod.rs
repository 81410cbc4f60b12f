//! Checkout and the shopper's orders: placing an order from the cart in
//! one transaction that never oversells, the order history, the order page
//! with its live stage timeline, and online payment (`payments.rs`: the
//! provider trait, the built-in sandbox and its plain axum routes), and the
//! mails a placed order sends (`mails.rs`: the buyer's confirmation, the
//! admins' invoice, each supplier's part).

pub mod api;
pub mod pages;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod mails;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod repo;
