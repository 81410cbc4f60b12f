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
use crate::i18n::Locale;
use crate::server::db::{Db, Dialect, localized};

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
/// SQLite's documents are stemmed by [`super::words`], so the words are too;
/// PostgreSQL stems both itself (the `russian` configuration).
pub fn match_expression(dialect: Dialect, words: &[String]) -> String {
    match dialect {
        Dialect::Sqlite => words
            .iter()
            .map(|w| format!("\"{}\"*", super::words::stem(w)))
            .collect::<Vec<_>>()
            .join(" "),
        Dialect::Postgres => words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

/// Every category with the number of active products filed directly in it,
/// named in `locale`.
pub fn categories_sql(locale: Locale) -> String {
    format!(
        "SELECT c.id, c.parent_id, c.slug, {} AS name, {} AS description, COUNT(p.id) AS product_count \
         FROM categories c LEFT JOIN products p ON p.category_id = c.id AND p.active \
         GROUP BY c.id, c.parent_id, c.slug, c.name, c.name_ru, c.description, c.description_ru, c.position \
         ORDER BY c.position, c.name",
        localized("c.name", locale),
        localized("c.description", locale)
    )
}

/// The active stores, in display order, named in `locale`.
pub fn stores_sql(locale: Locale) -> String {
    format!(
        "SELECT id, slug, {} AS name, {} AS address FROM stores WHERE active ORDER BY position, name",
        localized("name", locale),
        localized("address", locale)
    )
}

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

/// A product as the in-memory index reads it, named in both languages.
#[derive(Debug, sqlx::FromRow)]
pub struct CardRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_ru: String,
    pub category_name: String,
    pub category_name_ru: String,
    pub category_slug: String,
    pub made_to_order: bool,
    pub lead_time_days: i32,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
    pub sold_count: i64,
    pub featured: bool,
    /// Its supplier takes no orders now.
    pub paused: bool,
}

/// Something named in both languages: (English, Russian), each falling back
/// to the other when empty.
pub type Names = (String, String);

/// Everything the in-memory catalog index is built from, read in one
/// transaction (a consistent snapshot, REPEATABLE READ on PostgreSQL).
#[derive(Debug)]
pub struct CatalogSnapshot {
    pub version: i64,
    /// In English and in Russian: the same rows in the same order.
    pub categories: [Vec<CategorySummary>; 2],
    pub stores: [Vec<StoreSummary>; 2],
    pub suppliers: Vec<SupplierSummary>,
    /// Active products, by id.
    pub products: Vec<CardRow>,
    /// (product, variant name, its Russian name, price), in each product's order.
    pub variants: Vec<(i64, String, String, i64)>,
    /// (product, store, units in all its variants).
    pub stock: Vec<(i64, i64, i64)>,
    /// (product, its first photo).
    pub images: Vec<(i64, i64)>,
    /// (product, name, value, Russian name, Russian value), in each product's order.
    pub characteristics: Vec<(i64, String, String, String, String)>,
}

/// A characteristic's name and value in Russian, from its type's
/// translations (`pc`: product_characteristics, `t`: its type, `cv`: the
/// value's row), falling back to the name and value as the product has them.
pub const CHARACTERISTIC_RU_SQL: &str = "CASE WHEN COALESCE(t.name_ru, '') <> '' THEN t.name_ru ELSE pc.name END, \
     CASE WHEN COALESCE(cv.value_ru, '') <> '' THEN cv.value_ru ELSE pc.value END";

/// Joins a characteristic's type and value row to `pc`.
pub const CHARACTERISTIC_JOIN_SQL: &str = "LEFT JOIN characteristic_types t ON t.name = pc.name \
     LEFT JOIN characteristic_values cv ON cv.type_id = t.id AND cv.value = pc.value";

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
        let mut categories: [Vec<CategorySummary>; 2] = Default::default();
        let mut stores: [Vec<StoreSummary>; 2] = Default::default();
        for (i, locale) in Locale::ALL.into_iter().enumerate() {
            categories[i] = sqlx::query_as(&categories_sql(locale))
                .fetch_all(&mut *tx)
                .await?;
            stores[i] = sqlx::query_as(&stores_sql(locale))
                .fetch_all(&mut *tx)
                .await?;
        }
        let suppliers: Vec<SupplierSummary> =
            sqlx::query_as(SUPPLIERS_SQL).fetch_all(&mut *tx).await?;
        let rows: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT p.id, p.slug, {} AS name, {} AS name_ru, {} AS category_name, {} AS category_name_ru, \
                        c.slug AS category_slug, p.made_to_order, p.lead_time_days, \
                        p.category_id, p.supplier_id, p.sold_count, p.featured, \
                        CASE WHEN s.accepting_orders = FALSE THEN TRUE ELSE FALSE END AS paused \
                 FROM products p JOIN categories c ON c.id = p.category_id \
                 LEFT JOIN suppliers s ON s.id = p.supplier_id \
                 WHERE p.active ORDER BY p.id",
            localized("p.name", Locale::En),
            localized("p.name", Locale::Ru),
            localized("c.name", Locale::En),
            localized("c.name", Locale::Ru),
        ))
        .fetch_all(&mut *tx)
        .await?;
        let variants: Vec<(i64, String, String, i64)> = sqlx::query_as(&format!(
            "SELECT v.product_id, {}, {}, v.price_minor FROM product_variants v \
                 JOIN products p ON p.id = v.product_id WHERE p.active \
                 ORDER BY v.product_id, v.position, v.id",
            localized("v.name", Locale::En),
            localized("v.name", Locale::Ru),
        ))
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
        let chars: Vec<(i64, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT pc.product_id, pc.name, pc.value, {CHARACTERISTIC_RU_SQL} \
                 FROM product_characteristics pc {CHARACTERISTIC_JOIN_SQL} \
                 ORDER BY pc.product_id, pc.position, pc.name"
        ))
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
            "SELECT product_id, CAST(-ts_rank(document, to_tsquery('russian', $1)) AS DOUBLE PRECISION) \
             FROM product_search WHERE document @@ to_tsquery('russian', $1)"
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
    pub paused: bool,
}

/// An active product by its address, named in `locale`.
pub async fn product_by_slug(
    db: &Db,
    slug: &str,
    locale: Locale,
) -> Result<Option<ProductRow>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.slug, {} AS name, {} AS description, p.category_id, c.slug AS category_slug, \
                {} AS category_name, p.made_to_order, p.lead_time_days, s.name AS supplier, \
                CASE WHEN s.accepting_orders = FALSE THEN TRUE ELSE FALSE END AS paused \
         FROM products p JOIN categories c ON c.id = p.category_id \
         LEFT JOIN suppliers s ON s.id = p.supplier_id \
         WHERE p.slug = $1 AND p.active",
        localized("p.name", locale),
        localized("p.description", locale),
        localized("c.name", locale),
    );
    db_read!(db, |pool| sqlx::query_as(&sql)
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

/// A product's variants, named in `locale`, with their stock per store.
pub async fn variants(
    db: &Db,
    product_id: i64,
    locale: Locale,
) -> Result<Vec<VariantDetail>, sqlx::Error> {
    let sql = format!(
        "SELECT id, sku, {} AS name, price_minor, old_price_minor FROM product_variants \
         WHERE product_id = $1 ORDER BY position, id",
        localized("name", locale)
    );
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = db_read!(db, |pool| {
        sqlx::query_as(&sql).bind(product_id).fetch_all(pool).await
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

/// A product's characteristics as (name, value), in `locale`.
pub async fn characteristics(
    db: &Db,
    product_id: i64,
    locale: Locale,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let sql = match locale {
        Locale::En => "SELECT pc.name, pc.value FROM product_characteristics pc \
             WHERE pc.product_id = $1 ORDER BY pc.position, pc.name"
            .to_owned(),
        Locale::Ru => format!(
            "SELECT {CHARACTERISTIC_RU_SQL} FROM product_characteristics pc {CHARACTERISTIC_JOIN_SQL} \
             WHERE pc.product_id = $1 ORDER BY pc.position, pc.name"
        ),
    };
    db_read!(db, |pool| {
        sqlx::query_as(&sql).bind(product_id).fetch_all(pool).await
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

/// A product photo's thumbnail (a JPEG), or the photo itself where it has
/// none (drawn SVGs): (content type, bytes).
pub async fn thumb(db: &Db, image_id: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT CASE WHEN thumb IS NULL THEN content_type ELSE 'image/jpeg' END, \
                COALESCE(thumb, bytes) FROM product_images WHERE id = $1"
    )
    .bind(image_id)
    .fetch_optional(pool)
    .await)
}

/// What a product's search document is made of, in both languages: its
/// names (weighted first), then its descriptions, its category's names, its
/// variants' names and its characteristics' values.
pub const SEARCH_DOCUMENT_SQL: &str = "SELECT p.name || ' ' || p.name_ru, \
        p.description || ' ' || p.description_ru || ' ' || c.name || ' ' || c.name_ru || ' ' || \
        COALESCE((SELECT string_agg(v.name || ' ' || v.name_ru, ' ') FROM product_variants v WHERE v.product_id = p.id), '') || ' ' || \
        COALESCE((SELECT string_agg(pc.value || ' ' || COALESCE(cv.value_ru, ''), ' ') FROM product_characteristics pc \
                  LEFT JOIN characteristic_types t ON t.name = pc.name \
                  LEFT JOIN characteristic_values cv ON cv.type_id = t.id AND cv.value = pc.value \
                  WHERE pc.product_id = p.id), '') \
     FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = $1";

/// The format of the search documents this build writes. Raise it when
/// `SEARCH_DOCUMENT_SQL` or the stemming changes: the server rebuilds every
/// document at start ([`ensure_search_format`]).
pub const SEARCH_FORMAT: i32 = 2;

/// Rebuilds a product's search document from its names, descriptions,
/// category, variants and characteristics in both languages. Call after
/// every change to those, in the same transaction.
#[macro_export]
macro_rules! reindex_product {
    ($tx:expr, $dialect:expr, $product_id:expr) => {{
        let product_id: i64 = $product_id;
        let row: Option<(String, String)> =
            sqlx::query_as($crate::catalog::repo::SEARCH_DOCUMENT_SQL)
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
                        .bind($crate::catalog::words::stemmed_text(&name))
                        .bind($crate::catalog::words::stemmed_text(&body))
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
                         ($1, setweight(to_tsvector('russian', $2), 'A') || setweight(to_tsvector('russian', $3), 'B'))",
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
    let ids: Vec<i64> = db_read!(db, |pool| sqlx::query_scalar("SELECT id FROM products")
        .fetch_all(pool)
        .await)?;
    reindex(db, &ids).await
}

/// Rebuilds the search documents of `ids`, 500 to a transaction.
pub async fn reindex(db: &Db, ids: &[i64]) -> Result<(), sqlx::Error> {
    let dialect = db.dialect();
    for chunk in ids.chunks(500) {
        crate::db_tx!(db, |tx| {
            for id in chunk {
                reindex_product!(tx, dialect, *id);
            }
        });
    }
    Ok(())
}

/// Rebuilds every search document when they were written in an older
/// format than this build's (a migration or an upgrade changed them).
/// Several instances starting at once may each rebuild: the result is the
/// same.
pub async fn ensure_search_format(db: &Db) -> Result<bool, sqlx::Error> {
    let format: i32 = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT format FROM search_index_state WHERE id = 1"
    )
    .fetch_one(pool)
    .await)?;
    if format >= SEARCH_FORMAT {
        return Ok(false);
    }
    reindex_all(db).await?;
    crate::db_write!(db, |pool| sqlx::query(
        "UPDATE search_index_state SET format = $1 WHERE id = 1"
    )
    .bind(SEARCH_FORMAT)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(true)
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
            match_expression(Dialect::Sqlite, &["торты".to_owned(), "Cakes".to_owned()]),
            "\"торт\"* \"cake\"*"
        );
        assert_eq!(
            match_expression(Dialect::Postgres, &words),
            "медовик:* & or:* & x:* & торт:*"
        );
    }
}
