//! SQL for the catalog. The only place that reads or writes its tables.
//!
//! The catalog query is built from the filters that are set: fragments of
//! SQL both dialects share, with numbered parameters collected in [`Args`].
//! Full-text search is the one dialect-specific part: SQLite's FTS5 table
//! `products_fts`, PostgreSQL's `product_search` tsvector with a GIN index.

use std::collections::HashMap;

use super::types::{
    CatalogQuery, CategorySummary, CharacteristicFacet, FacetValue, ProductCard, Sort,
    StoreSummary, SupplierSummary, VariantDetail,
};
use crate::bind_args;
use crate::db_read;
use crate::server::db::{Args, Db, Dialect};

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
pub async fn categories(db: &Db) -> Result<Vec<CategorySummary>, sqlx::Error> {
    const SQL: &str = "SELECT c.id, c.parent_id, c.slug, c.name, c.description, COUNT(p.id) AS product_count \
                       FROM categories c LEFT JOIN products p ON p.category_id = c.id AND p.active \
                       GROUP BY c.id, c.parent_id, c.slug, c.name, c.description, c.position \
                       ORDER BY c.position, c.name";
    db_read!(db, |pool| sqlx::query_as(SQL).fetch_all(pool).await)
}

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

const CARD_COLUMNS: &str = "p.id, p.slug, p.name, c.slug AS category_slug, c.name AS category_name, \
     COALESCE((SELECT MIN(v.price_minor) FROM product_variants v WHERE v.product_id = p.id), 0) AS min_price_minor, \
     (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS variant_count, \
     p.made_to_order, p.lead_time_days, \
     (SELECT MIN(i.id) FROM product_images i WHERE i.product_id = p.id) AS image_id, \
     COALESCE((SELECT SUM(s.quantity) FROM stock s JOIN product_variants v ON v.id = s.variant_id WHERE v.product_id = p.id), 0) AS stock";

/// The resolved filters: ids instead of slugs.
#[derive(Debug)]
pub struct Filters<'a> {
    pub query: &'a CatalogQuery,
    pub category_ids: Option<Vec<i64>>,
    pub store_id: Option<i64>,
    /// The currency's minor units per major unit (100).
    pub minor_per_unit: i64,
}

/// The search join (with its `f.score` column, lower is better) and the
/// WHERE clause of `f`. Parameters go into `args`.
fn filter_sql(dialect: Dialect, f: &Filters<'_>, args: &mut Args) -> (String, String) {
    let q = f.query;
    let mut join = String::new();
    let mut sql = String::from(" WHERE p.active");
    let words = search_words(&q.q);
    if !words.is_empty() {
        let m = args.text(match_expression(dialect, &words));
        join = match dialect {
            Dialect::Sqlite => format!(
                " JOIN (SELECT rowid AS pid, bm25(products_fts, 10.0, 1.0) AS score FROM products_fts \
                   WHERE products_fts MATCH {m}) f ON f.pid = p.id"
            ),
            Dialect::Postgres => format!(
                " JOIN (SELECT product_id AS pid, -ts_rank(document, to_tsquery('simple', {m})) AS score \
                   FROM product_search WHERE document @@ to_tsquery('simple', {m})) f ON f.pid = p.id"
            ),
        };
    }
    if let Some(ids) = &f.category_ids {
        let list: Vec<String> = ids.iter().map(|id| args.int(*id)).collect();
        sql.push_str(&format!(" AND p.category_id IN ({})", list.join(", ")));
    }
    if let Some(v) = &q.variant {
        let n = args.text(v.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.name = {n})"
        ));
    }
    if q.price_min.is_some() || q.price_max.is_some() {
        let min = args.int(q.price_min.unwrap_or(0) * f.minor_per_unit);
        let max = args.int(q.price_max.unwrap_or(i64::MAX / 1000) * f.minor_per_unit);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.price_minor BETWEEN {min} AND {max})"
        ));
    }
    for (name, value) in &q.ch {
        let n = args.text(name.clone());
        let v = args.text(value.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM product_characteristics pc WHERE pc.product_id = p.id AND pc.name = {n} AND pc.value = {v})"
        ));
    }
    if let Some(store) = f.store_id {
        let s = args.int(store);
        sql.push_str(&format!(
            " AND (p.made_to_order OR EXISTS (SELECT 1 FROM stock s JOIN product_variants v ON v.id = s.variant_id \
               WHERE v.product_id = p.id AND s.store_id = {s} AND s.quantity > 0))"
        ));
    }
    if let Some(sup) = q.supplier {
        let s = args.int(sup);
        sql.push_str(&format!(" AND p.supplier_id = {s}"));
    }
    (join, sql)
}

/// One page of product cards and the number of matches.
pub async fn search(
    db: &Db,
    f: &Filters<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ProductCard>, i64), sqlx::Error> {
    let dialect = db.dialect();
    let mut args = Args::default();
    let (join, where_sql) = filter_sql(dialect, f, &mut args);
    let searching = !join.is_empty();

    let count_sql = format!("SELECT COUNT(*) FROM products p{join}{where_sql}");
    let total: i64 = db_read!(db, |pool| bind_args!(sqlx::query_scalar(&count_sql), args)
        .fetch_one(pool)
        .await)?;

    let order = match f.query.effective_sort() {
        Sort::Relevance if searching => "f.score, p.sold_count DESC, p.id",
        Sort::Relevance | Sort::Popular => "p.sold_count DESC, p.id",
        Sort::Newest => "p.id DESC",
        Sort::PriceAsc => "min_price_minor ASC, p.id",
        Sort::PriceDesc => "min_price_minor DESC, p.id",
    };
    let l = args.int(limit);
    let o = args.int(offset);
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id{join}{where_sql} \
         ORDER BY {order} LIMIT {l} OFFSET {o}"
    );
    let cards = db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)?;
    Ok((cards, total))
}

/// The variant names of the matching products (the size filter), by count.
pub async fn variant_facet(db: &Db, f: &Filters<'_>) -> Result<Vec<FacetValue>, sqlx::Error> {
    let mut args = Args::default();
    // The facet ignores its own filter, so every size stays selectable.
    let without = CatalogQuery {
        variant: None,
        ..f.query.clone()
    };
    let f2 = Filters {
        query: &without,
        category_ids: f.category_ids.clone(),
        store_id: f.store_id,
        minor_per_unit: f.minor_per_unit,
    };
    let (join, where_sql) = filter_sql(db.dialect(), &f2, &mut args);
    let sql = format!(
        "SELECT v.name AS value, COUNT(DISTINCT p.id) AS count FROM products p{join} \
         JOIN product_variants v ON v.product_id = p.id{where_sql} \
         GROUP BY v.name ORDER BY count DESC, v.name LIMIT 16"
    );
    db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

/// The characteristics of the matching products with their commonest values.
pub async fn characteristic_facets(
    db: &Db,
    f: &Filters<'_>,
) -> Result<Vec<CharacteristicFacet>, sqlx::Error> {
    let mut args = Args::default();
    let (join, where_sql) = filter_sql(db.dialect(), f, &mut args);
    let sql = format!(
        "SELECT pc.name, pc.value, COUNT(*) AS count FROM products p{join} \
         JOIN product_characteristics pc ON pc.product_id = p.id{where_sql} \
         GROUP BY pc.name, pc.value ORDER BY pc.name, count DESC, pc.value LIMIT 200"
    );
    let rows: Vec<(String, String, i64)> =
        db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
            .fetch_all(pool)
            .await)?;
    let mut facets: Vec<CharacteristicFacet> = Vec::new();
    for (name, value, count) in rows {
        match facets.last_mut() {
            Some(last) if last.name == name => {
                if last.values.len() < 8 {
                    last.values.push(FacetValue { value, count });
                }
            }
            _ => facets.push(CharacteristicFacet {
                name,
                values: vec![FacetValue { value, count }],
            }),
        }
    }
    // The chosen values stay visible even when the facet list is cut short.
    for (name, value) in &f.query.ch {
        let facet = match facets.iter_mut().find(|c| &c.name == name) {
            Some(facet) => facet,
            None => {
                facets.push(CharacteristicFacet {
                    name: name.clone(),
                    values: Vec::new(),
                });
                facets.last_mut().expect("just pushed")
            }
        };
        if !facet.values.iter().any(|v| &v.value == value) {
            facet.values.push(FacetValue {
                value: value.clone(),
                count: 0,
            });
        }
    }
    Ok(facets)
}

pub async fn stores(db: &Db) -> Result<Vec<StoreSummary>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, slug, name, address FROM stores WHERE active ORDER BY position, name"
    )
    .fetch_all(pool)
    .await)
}

pub async fn suppliers(db: &Db) -> Result<Vec<SupplierSummary>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT s.id, s.name FROM suppliers s WHERE EXISTS (SELECT 1 FROM products p WHERE p.supplier_id = s.id AND p.active) ORDER BY s.name"
    )
    .fetch_all(pool)
    .await
    })
}

/// Featured products first, then the most sold; narrowed to category ids.
pub async fn product_cards(
    db: &Db,
    category_ids: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let mut args = Args::default();
    let mut sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active"
    );
    if let Some(ids) = category_ids {
        let list: Vec<String> = ids.iter().map(|id| args.int(*id)).collect();
        sql.push_str(&format!(" AND p.category_id IN ({})", list.join(", ")));
    }
    let l = args.int(limit);
    sql.push_str(&format!(
        " ORDER BY p.featured DESC, p.sold_count DESC, p.id LIMIT {l}"
    ));
    db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
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
    let rows: Vec<(i64, String, String, i64)> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, sku, name, price_minor FROM product_variants WHERE product_id = $1 ORDER BY position, id"
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
        .map(|(id, sku, name, price_minor)| VariantDetail {
            id,
            sku,
            name,
            price_minor,
            stock: stock
                .iter()
                .filter(|(v, _, _)| *v == id)
                .map(|(_, s, q)| (*s, i64::from(*q)))
                .collect(),
        })
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

/// Others from the same category, best sellers first.
pub async fn related(
    db: &Db,
    product_id: i64,
    category_id: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id \
         WHERE p.active AND p.category_id = $1 AND p.id <> $2 ORDER BY p.sold_count DESC, p.id LIMIT 4"
    );
    db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(category_id)
        .bind(product_id)
        .fetch_all(pool)
        .await)
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
