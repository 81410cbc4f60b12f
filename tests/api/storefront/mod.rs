//! The storefront: catalog search and filters, product pages, the cart,
//! checkout that never oversells, orders and their stages, sandbox payment.

use serde_json::Value;

use crate::helpers::TestApp;

/// A variant's id by SKU.
pub async fn variant(app: &TestApp, sku: &str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT id FROM product_variants WHERE sku = $1"
    )
    .bind(sku)
    .fetch_one(pool)
    .await)
    .unwrap()
}

pub async fn store(app: &TestApp, slug: &str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT id FROM stores WHERE slug = $1"
    )
    .bind(slug)
    .fetch_one(pool)
    .await)
    .unwrap()
}

pub async fn set_stock(app: &TestApp, variant_id: i64, quantity: i32) {
    karavai::db_write!(&app.db, |pool| sqlx::query(
        "UPDATE stock SET quantity = $2 WHERE variant_id = $1"
    )
    .bind(variant_id)
    .bind(quantity)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
}

pub(super) async fn stock_at(app: &TestApp, variant_id: i64, store_id: i64) -> i32 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT quantity FROM stock WHERE variant_id = $1 AND store_id = $2"
    )
    .bind(variant_id)
    .bind(store_id)
    .fetch_one(pool)
    .await)
    .unwrap()
}

pub(super) async fn count(app: &TestApp, sql: &'static str) -> i64 {
    karavai::db_read!(&app.db, |pool| sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await)
    .unwrap()
}

pub(super) fn tomorrow() -> String {
    (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string()
}

pub(super) fn in_days(n: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

/// A pick-up checkout's fields at `store_id`, ready tomorrow afternoon.
pub fn checkout_form(store_id: i64, key: &str) -> Vec<(String, String)> {
    [
        ("last_name", "Petrova"),
        ("first_name", "Olga"),
        ("phone", "+7 912 345-67-89"),
        ("email", "olga@example.com"),
        ("fulfilment", "pickup"),
        ("ready_date", &tomorrow()),
        ("time_slot", "13:00-15:00"),
        ("payment_method", "cash"),
        ("idempotency_key", key),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([("store_id".to_owned(), store_id.to_string())])
    .collect()
}

pub async fn call_owned(
    app: &TestApp,
    browser: &reqwest::Client,
    endpoint: &str,
    form: &[(String, String)],
) -> (u16, Value) {
    let args: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(browser, endpoint, &args).await
}

pub fn with(form: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = form.iter().filter(|(k, _)| k != key).cloned().collect();
    f.push((key.to_owned(), value.to_owned()));
    f
}

pub async fn add(
    app: &TestApp,
    browser: &reqwest::Client,
    variant_id: i64,
    qty: &str,
) -> (u16, Value) {
    app.call(
        browser,
        "cart/add",
        &[("variant_id", &variant_id.to_string()), ("quantity", qty)],
    )
    .await
}

mod cart;
mod catalog;
mod checkout;
