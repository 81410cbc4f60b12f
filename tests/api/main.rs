//! Server integration tests: the real app on port 0, a fresh database per test.
//!
//! The database comes from `KARAVAI_TEST_DATABASE_URL`: unset or `sqlite`
//! gives each test its own SQLite file; a `postgres://…` URL gives each test
//! its own fresh PostgreSQL database on that server (`scripts/test.sh` runs
//! the suite once for each).

// Tests set up and inspect the database directly.
#![allow(clippy::disallowed_methods)]

mod helpers;

mod accounts;
mod analytics;
mod assortment;
mod cli;
mod clients;
mod database;
mod fuzz;
mod hardening;
mod health;
mod home;
mod i18n;
mod languages;
mod live;
mod mail;
mod oauth;
mod order_record;
mod orders_table;
mod production;
mod reports_page;
mod rest;
mod saved_filters;
mod schema;
mod server;
mod storefront;
mod suppliers;
mod throttling;
mod verdicts;
