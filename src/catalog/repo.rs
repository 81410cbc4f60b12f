//! SQL for the catalog. The only place that reads or writes its tables.

use super::types::{CategorySummary, ProductCard};
use crate::db_read;
use crate::server::db::Db;

pub async fn categories_with_counts(db: &Db) -> Result<Vec<CategorySummary>, sqlx::Error> {
    const SQL: &str = "SELECT c.id, c.slug, c.name, c.description, COUNT(p.id) AS product_count \
                       FROM categories c LEFT JOIN products p ON p.category_id = c.id AND p.active \
                       GROUP BY c.id, c.slug, c.name, c.description, c.position \
                       ORDER BY c.position, c.name";
    db_read!(db, |pool| sqlx::query_as(SQL).fetch_all(pool).await)
}

/// Featured products first, then the rest by name; narrowed to a category
/// when `category_slug` is given.
pub async fn product_cards(
    db: &Db,
    category_slug: Option<&str>,
    limit: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, p.slug, p.name, c.slug AS category_slug, c.name AS category_name, \
                              COALESCE(MIN(v.price_minor), 0) AS min_price_minor, \
                              COUNT(v.id) AS variant_count, p.made_to_order, p.lead_time_days \
                       FROM products p \
                       JOIN categories c ON c.id = p.category_id \
                       LEFT JOIN product_variants v ON v.product_id = p.id \
                       WHERE p.active AND (CAST($1 AS TEXT) IS NULL OR c.slug = CAST($1 AS TEXT)) \
                       GROUP BY p.id, p.slug, p.name, c.slug, c.name, p.made_to_order, p.lead_time_days, p.featured \
                       ORDER BY p.featured DESC, p.name \
                       LIMIT $2";
    db_read!(db, |pool| sqlx::query_as(SQL)
        .bind(category_slug)
        .bind(limit)
        .fetch_all(pool)
        .await)
}

pub async fn category_exists(db: &Db, slug: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM categories WHERE slug = $1"
    )
    .bind(slug)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}
