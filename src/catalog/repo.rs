//! SQL for the catalog. The only place that reads or writes its tables.
//!
//! Lists, filters and facets are answered from the in-memory index
//! (`index.rs`), which reads the catalog with the queries here. Full-text
//! search is the one dialect-specific part: SQLite's FTS5 table
//! `products_fts`, PostgreSQL's `product_search` tsvector with a GIN index.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::collections::HashMap;

use super::types::{CategorySummary, StoreSummary, SupplierSummary, VariantDetail};
use crate::db_read;
use crate::server::db::{Db, Dialect};

/// The words of a search, reduced to letters and digits (so nothing the
/// shopper types can change the query's syntax), at most 8.
pub fn search_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .take(8)
        .collect()
}

/// The full-text expression for `words`, every word a prefix, all required.
pub fn match_expression(dialect: Dialect, words: &[String]) -> String {
    match dialect {
        Dialect::Sqlite => words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" "),
        Dialect::Postgres => words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

/// Every category with the number of active products filed directly in it.
pub const CATEGORIES_SQL: &str = "SELECT c.id, c.parent_id, c.slug, c.name, c.description, COUNT(p.id) AS product_count \
     FROM categories c LEFT JOIN products p ON p.category_id = c.id AND p.active \
     GROUP BY c.id, c.parent_id, c.slug, c.name, c.description, c.position \
     ORDER BY c.position, c.name";

/// The active stores, in display order.
pub const STORES_SQL: &str =
    "SELECT id, slug, name, address FROM stores WHERE active ORDER BY position, name";

/// Suppliers with at least one active product.
pub const SUPPLIERS_SQL: &str = "SELECT s.id, s.name FROM suppliers s \
     WHERE EXISTS (SELECT 1 FROM products p WHERE p.supplier_id = s.id AND p.active) ORDER BY s.name";

/// Adds each category's descendants' counts to its own.
pub fn roll_up_counts(categories: &mut [CategorySummary]) {
    let direct: HashMap<i64, (Option<i64>, i64)> = categories
        .iter()
        .map(|c| (c.id, (c.parent_id, c.product_count)))
        .collect();
    let mut totals: HashMap<i64, i64> = HashMap::new();
    for (&id, &(_, n)) in &direct {
        // Walk up, at most as deep as there are categories (cycles cannot loop).
        let mut at = Some(id);
        let mut steps = 0;
        while let Some(c) = at
            && steps <= direct.len()
        {
            *totals.entry(c).or_default() += n;
            at = direct.get(&c).and_then(|(p, _)| *p);
            steps += 1;
        }
    }
    for c in categories.iter_mut() {
        c.product_count = totals.get(&c.id).copied().unwrap_or(0);
    }
}

/// The ids of `root` and every category below it.
pub fn subtree(categories: &[CategorySummary], root: i64) -> Vec<i64> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() && out.len() <= categories.len() {
        let parent = out[i];
        out.extend(
            categories
                .iter()
                .filter(|c| c.parent_id == Some(parent))
                .map(|c| c.id),
        );
        i += 1;
    }
    out
}

const VERSION_SQL: &str = "SELECT version FROM catalog_version WHERE id = 1";

/// The catalog's version now (raised by triggers with every catalog change).
pub async fn catalog_version(db: &Db) -> Result<i64, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(VERSION_SQL)
        .fetch_one(pool)
        .await)
}

/// A product as the in-memory index reads it: id, slug, name, category slug
/// and name, made to order, lead time, category id, supplier id, units sold,
/// featured.
pub type CardRow = (
    i64,
    String,
    String,
    String,
    String,
    bool,
    i32,
    i64,
    Option<i64>,
    i64,
    bool,
);

/// Everything the in-memory catalog index is built from, read in one
/// transaction (a consistent snapshot, REPEATABLE READ on PostgreSQL).
#[derive(Debug)]
pub struct CatalogSnapshot {
    pub version: i64,
    pub categories: Vec<CategorySummary>,
    pub stores: Vec<StoreSummary>,
    pub suppliers: Vec<SupplierSummary>,
    /// Active products, by id.
    pub products: Vec<CardRow>,
    /// (product, variant name, price), in each product's order.
    pub variants: Vec<(i64, String, i64)>,
    /// (product, store, units in all its variants).
    pub stock: Vec<(i64, i64, i64)>,
    /// (product, its first photo).
    pub images: Vec<(i64, i64)>,
    /// (product, name, value), in each product's order.
    pub characteristics: Vec<(i64, String, String)>,
}

/// Reads the whole catalog for the in-memory index.
pub async fn catalog_snapshot(db: &Db) -> Result<CatalogSnapshot, sqlx::Error> {
    let postgres = db.dialect() == Dialect::Postgres;
    db_read!(db, |pool| {
        let mut tx = pool.begin().await?;
        if postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let version: i64 = sqlx::query_scalar(VERSION_SQL).fetch_one(&mut *tx).await?;
        let categories: Vec<CategorySummary> =
            sqlx::query_as(CATEGORIES_SQL).fetch_all(&mut *tx).await?;
        let stores: Vec<StoreSummary> = sqlx::query_as(STORES_SQL).fetch_all(&mut *tx).await?;
        let suppliers: Vec<SupplierSummary> =
            sqlx::query_as(SUPPLIERS_SQL).fetch_all(&mut *tx).await?;
        let rows: Vec<CardRow> = sqlx::query_as(
            "SELECT p.id, p.slug, p.name, c.slug, c.name, p.made_to_order, p.lead_time_days, \
                        p.category_id, p.supplier_id, p.sold_count, p.featured \
                 FROM products p JOIN categories c ON c.id = p.category_id \
                 WHERE p.active ORDER BY p.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let variants: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT v.product_id, v.name, v.price_minor FROM product_variants v \
                 JOIN products p ON p.id = v.product_id WHERE p.active \
                 ORDER BY v.product_id, v.position, v.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let stock: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT v.product_id, s.store_id, SUM(s.quantity) FROM stock s \
                 JOIN product_variants v ON v.id = s.variant_id \
                 GROUP BY v.product_id, s.store_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let images: Vec<(i64, i64)> =
            sqlx::query_as("SELECT product_id, MIN(id) FROM product_images GROUP BY product_id")
                .fetch_all(&mut *tx)
                .await?;
        let chars: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT product_id, name, value FROM product_characteristics \
                 ORDER BY product_id, position, name",
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(CatalogSnapshot {
            version,
            categories,
            stores,
            suppliers,
            products: rows,
            variants,
            stock,
            images,
            characteristics: chars,
        })
    })
}

/// The products whose search document matches every word of `q` (as a
/// prefix), with their scores: lower is a better match.
pub async fn text_matches(db: &Db, q: &str) -> Result<HashMap<i64, f64>, sqlx::Error> {
    let words = search_words(q);
    if words.is_empty() {
        return Ok(HashMap::new());
    }
    let dialect = db.dialect();
    let expression = match_expression(dialect, &words);
    let sql = match dialect {
        Dialect::Sqlite => {
            "SELECT rowid, bm25(products_fts, 10.0, 1.0) FROM products_fts WHERE products_fts MATCH $1"
        }
        Dialect::Postgres => {
            "SELECT product_id, CAST(-ts_rank(document, to_tsquery('simple', $1)) AS DOUBLE PRECISION) \
             FROM product_search WHERE document @@ to_tsquery('simple', $1)"
        }
    };
    let rows: Vec<(i64, f64)> = db_read!(db, |pool| sqlx::query_as(sql)
        .bind(&expression)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().collect())
}

#[derive(Debug, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category_id: i64,
    pub category_slug: String,
    pub category_name: String,
    pub made_to_order: bool,
    pub lead_time_days: i32,
    pub supplier: Option<String>,
}

pub async fn product_by_slug(db: &Db, slug: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT p.id, p.slug, p.name, p.description, p.category_id, c.slug AS category_slug, \
                c.name AS category_name, p.made_to_order, p.lead_time_days, s.name AS supplier \
         FROM products p JOIN categories c ON c.id = p.category_id \
         LEFT JOIN suppliers s ON s.id = p.supplier_id \
         WHERE p.slug = $1 AND p.active"
    )
    .bind(slug)
    .fetch_optional(pool)
    .await)
}

pub async fn image_ids(db: &Db, product_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id"
    )
    .bind(product_id)
    .fetch_all(pool)
    .await)
}

pub async fn variants(db: &Db, product_id: i64) -> Result<Vec<VariantDetail>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, sku, name, price_minor, old_price_minor FROM product_variants WHERE product_id = $1 ORDER BY position, id"
    )
    .bind(product_id)
    .fetch_all(pool)
    .await
    })?;
    let stock: Vec<(i64, i64, i32)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT s.variant_id, s.store_id, s.quantity FROM stock s \
         JOIN product_variants v ON v.id = s.variant_id JOIN stores st ON st.id = s.store_id \
         WHERE v.product_id = $1 AND st.active ORDER BY st.position, st.id"
    )
    .bind(product_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, sku, name, price_minor, old_price_minor)| VariantDetail {
                id,
                sku,
                name,
                price_minor,
                old_price_minor: old_price_minor.filter(|o| *o > price_minor),
                stock: stock
                    .iter()
                    .filter(|(v, _, _)| *v == id)
                    .map(|(_, s, q)| (*s, i64::from(*q)))
                    .collect(),
            },
        )
        .collect())
}

pub async fn characteristics(
    db: &Db,
    product_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT name, value FROM product_characteristics WHERE product_id = $1 ORDER BY position, name"
    )
    .bind(product_id)
    .fetch_all(pool)
    .await
    })
}

/// A product photo: (content type, bytes).
pub async fn image(db: &Db, image_id: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT content_type, bytes FROM product_images WHERE id = $1"
    )
    .bind(image_id)
    .fetch_optional(pool)
    .await)
}

/// Rebuilds a product's search document from its name, description,
/// category, variants and characteristics. Call after every change to those,
/// in the same transaction.
#[macro_export]
macro_rules! reindex_product {
    ($tx:expr, $dialect:expr, $product_id:expr) => {{
        let product_id: i64 = $product_id;
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT p.name, p.description || ' ' || c.name || ' ' || \
                    COALESCE((SELECT string_agg(v.name, ' ') FROM product_variants v WHERE v.product_id = p.id), '') || ' ' || \
                    COALESCE((SELECT string_agg(pc.value, ' ') FROM product_characteristics pc WHERE pc.product_id = p.id), '') \
             FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = $1",
        )
        .bind(product_id)
        .fetch_optional(&mut *$tx)
        .await?;
        match $dialect {
            $crate::server::db::Dialect::Sqlite => {
                sqlx::query("DELETE FROM products_fts WHERE rowid = $1")
                    .bind(product_id)
                    .execute(&mut *$tx)
                    .await?;
                if let Some((name, body)) = row {
                    sqlx::query("INSERT INTO products_fts (rowid, name, body) VALUES ($1, $2, $3)")
                        .bind(product_id)
                        .bind(name)
                        .bind(body)
                        .execute(&mut *$tx)
                        .await?;
                }
            }
            $crate::server::db::Dialect::Postgres => {
                sqlx::query("DELETE FROM product_search WHERE product_id = $1")
                    .bind(product_id)
                    .execute(&mut *$tx)
                    .await?;
                if let Some((name, body)) = row {
                    sqlx::query(
                        "INSERT INTO product_search (product_id, document) VALUES \
                         ($1, setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B'))",
                    )
                    .bind(product_id)
                    .bind(name)
                    .bind(body)
                    .execute(&mut *$tx)
                    .await?;
                }
            }
        }
    }};
}

/// Rebuilds the whole search index (after a bulk load).
pub async fn reindex_all(db: &Db) -> Result<(), sqlx::Error> {
    let dialect = db.dialect();
    let ids: Vec<i64> = db_read!(db, |pool| sqlx::query_scalar("SELECT id FROM products")
        .fetch_all(pool)
        .await)?;
    for chunk in ids.chunks(500) {
        crate::db_tx!(db, |tx| {
            for id in chunk {
                reindex_product!(tx, dialect, *id);
            }
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: i64, parent: Option<i64>, n: i64) -> CategorySummary {
        CategorySummary {
            id,
            parent_id: parent,
            slug: format!("c{id}"),
            name: format!("C{id}"),
            description: String::new(),
            product_count: n,
        }
    }

    #[test]
    fn counts_roll_up_the_tree_and_subtrees_include_descendants() {
        let mut cats = vec![
            cat(1, None, 2),
            cat(2, Some(1), 3),
            cat(3, Some(2), 4),
            cat(4, None, 1),
        ];
        roll_up_counts(&mut cats);
        let counts: Vec<i64> = cats.iter().map(|c| c.product_count).collect();
        assert_eq!(counts, vec![9, 7, 4, 1]);
        assert_eq!(subtree(&cats, 1), vec![1, 2, 3]);
        assert_eq!(subtree(&cats, 4), vec![4]);
    }

    #[test]
    fn search_words_cannot_inject_syntax() {
        let words = search_words(r#"Медовик" OR x* -- ) & !торт:"#);
        assert_eq!(words, vec!["медовик", "or", "x", "торт"]);
        assert_eq!(
            match_expression(Dialect::Sqlite, &words[..1]),
            "\"медовик\"*"
        );
        assert_eq!(
            match_expression(Dialect::Postgres, &words),
            "медовик:* & or:* & x:* & торт:*"
        );
    }
}
