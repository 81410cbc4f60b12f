//! SQL of products, their variants, characteristics and photos, as the
//! back office edits them. Every write reindexes the product's search
//! document and records its history in the same transaction.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::{Refusal, now};
use crate::catalog::admin::types::{Choice, ProductLine, VariantEdit};
use crate::history::types::{Actor, Change, Entity, diff};
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, record_changes, reindex_product};

/// A product's own fields as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInput {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
    pub published: bool,
    pub featured: bool,
    pub made_to_order: bool,
    pub lead_time_days: i64,
    /// (name, value), names unique, in the order shown.
    pub characteristics: Vec<(String, String)>,
}

/// A variant as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantInput {
    pub sku: String,
    pub name: String,
    pub price_minor: i64,
    pub old_price_minor: Option<i64>,
    pub low_stock_threshold: Option<i64>,
}

/// Money in the history: whole units and cents, as people read it.
pub fn money_text(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

/// A line of the products table with what its filters need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TableRow {
    #[sqlx(flatten)]
    pub line: ProductLine,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
}

/// Every product (drafts too) as the table lists it, newest first.
pub async fn table_rows(db: &Db) -> Result<Vec<TableRow>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT p.id, p.slug, p.name, c.name AS category_name, s.name AS supplier_name, \
                p.active AS published, p.made_to_order, \
                (SELECT MIN(v.price_minor) FROM product_variants v WHERE v.product_id = p.id) AS min_price_minor, \
                (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS variant_count, \
                CAST(COALESCE((SELECT SUM(k.quantity) FROM stock k JOIN product_variants v ON v.id = k.variant_id \
                               WHERE v.product_id = p.id), 0) AS BIGINT) AS stock, \
                (SELECT i.id FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image_id, \
                p.category_id, p.supplier_id \
         FROM products p JOIN categories c ON c.id = p.category_id \
         LEFT JOIN suppliers s ON s.id = p.supplier_id ORDER BY p.id DESC"
    )
    .fetch_all(pool)
    .await
    })
}

/// (product, SKU) of every variant: the table's search finds SKUs.
pub async fn skus(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT product_id, sku FROM product_variants"
    )
    .fetch_all(pool)
    .await)
}

pub async fn suppliers(db: &Db) -> Result<Vec<Choice>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM suppliers ORDER BY name"
    )
    .fetch_all(pool)
    .await)
}

pub async fn stores(db: &Db) -> Result<Vec<Choice>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM stores ORDER BY position, name"
    )
    .fetch_all(pool)
    .await)
}

/// A product's own fields as the editor shows them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductFields {
    pub id: i64,
    pub version: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
    pub published: bool,
    pub featured: bool,
    pub made_to_order: bool,
    pub lead_time_days: i64,
}

const FIELDS: &str = "SELECT id, CAST(version AS BIGINT) AS version, slug, name, description, category_id, supplier_id, \
     active AS published, featured, made_to_order, CAST(lead_time_days AS BIGINT) AS lead_time_days \
     FROM products WHERE id = $1";

pub async fn fields(db: &Db, id: i64) -> Result<Option<ProductFields>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(FIELDS)
        .bind(id)
        .fetch_optional(pool)
        .await)
}

pub async fn characteristics(db: &Db, id: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT name, value FROM product_characteristics WHERE product_id = $1 ORDER BY position, name"
    )
    .bind(id)
    .fetch_all(pool)
    .await
    })
}

pub async fn image_ids(db: &Db, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)
}

/// (id or product, SKU, name, price, old price, low-stock level).
type VariantRow = (i64, String, String, i64, Option<i64>, Option<i64>);

pub async fn variants(db: &Db, id: i64) -> Result<Vec<VariantEdit>, sqlx::Error> {
    let rows: Vec<VariantRow> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, sku, name, price_minor, old_price_minor, CAST(low_stock_threshold AS BIGINT) \
         FROM product_variants WHERE product_id = $1 ORDER BY position, id"
    )
    .bind(id)
    .fetch_all(pool)
    .await
    })?;
    let stock: Vec<(i64, i64, i64)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT k.variant_id, k.store_id, CAST(k.quantity AS BIGINT) FROM stock k \
         JOIN product_variants v ON v.id = k.variant_id JOIN stores s ON s.id = k.store_id \
         WHERE v.product_id = $1 ORDER BY s.position, s.id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, sku, name, price_minor, old_price_minor, low_stock_threshold)| VariantEdit {
                id,
                sku,
                name,
                price_minor,
                old_price_minor,
                low_stock_threshold,
                stock: stock
                    .iter()
                    .filter(|(v, _, _)| *v == id)
                    .map(|(_, s, q)| (*s, *q))
                    .collect(),
            },
        )
        .collect())
}

/// Checks that the category and supplier exist and the slug is free (apart
/// from product `id` itself).
macro_rules! check_links {
    ($tx:expr, $p:expr, $id:expr) => {{
        let category: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE id = $1")
            .bind($p.category_id)
            .fetch_optional(&mut *$tx)
            .await?;
        let supplier_ok = match $p.supplier_id {
            None => true,
            Some(s) => {
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM suppliers WHERE id = $1")
                        .bind(s)
                        .fetch_optional(&mut *$tx)
                        .await?;
                found.is_some()
            }
        };
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM products WHERE slug = $1 AND id <> $2")
                .bind(&$p.slug)
                .bind($id)
                .fetch_optional(&mut *$tx)
                .await?;
        if category.is_none() {
            Some(Refusal::Invalid("category_id"))
        } else if !supplier_ok {
            Some(Refusal::Invalid("supplier_id"))
        } else if taken.is_some() {
            Some(Refusal::Taken("slug"))
        } else {
            None
        }
    }};
}

/// Writes the characteristics of product `$id` anew.
macro_rules! write_characteristics {
    ($tx:expr, $id:expr, $list:expr) => {{
        sqlx::query("DELETE FROM product_characteristics WHERE product_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (position, (name, value)) in $list.iter().enumerate() {
            sqlx::query(
                "INSERT INTO product_characteristics (product_id, name, value, position) VALUES ($1, $2, $3, $4)",
            )
            .bind($id)
            .bind(name)
            .bind(value)
            .bind(position as i32)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Makes a product (a draft until it is published).
pub async fn create(
    db: &Db,
    p: &ProductInput,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        if let Some(refusal) = check_links!(tx, p, 0i64) {
            break 'body Err(refusal);
        }
        if p.published {
            break 'body Err(Refusal::Invalid("published"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO products (category_id, supplier_id, slug, name, description, made_to_order, \
                                   lead_time_days, featured, active, version, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, 1, $9) RETURNING id",
        )
        .bind(p.category_id)
        .bind(p.supplier_id)
        .bind(&p.slug)
        .bind(&p.name)
        .bind(&p.description)
        .bind(p.made_to_order)
        .bind(p.lead_time_days as i32)
        .bind(p.featured)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        write_characteristics!(tx, id, p.characteristics);
        reindex_product!(tx, dialect, id);
        let changes = [Change {
            field: "created".into(),
            old: None,
            new: Some(p.name.clone()),
        }];
        record_changes!(
            tx,
            Entity::Product,
            id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(id)
    }))
}

/// Saves product `id`'s own fields, if its version is still `version`
/// (else `Refusal::Stale`: someone saved meanwhile). Publishing a product
/// without a variant is refused (`Invalid("published")`).
pub async fn save(
    db: &Db,
    id: i64,
    version: i64,
    p: &ProductInput,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let old: Option<ProductFields> = sqlx::query_as(FIELDS)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(old) = old else {
            break 'body Err(Refusal::NotFound);
        };
        if old.version != version {
            break 'body Err(Refusal::Stale);
        }
        if let Some(refusal) = check_links!(tx, p, id) {
            break 'body Err(refusal);
        }
        if p.published {
            let variants: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE product_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if variants == 0 {
                break 'body Err(Refusal::Invalid("published"));
            }
        }
        let old_chars: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, value FROM product_characteristics WHERE product_id = $1 ORDER BY position, name",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE products SET category_id = $1, supplier_id = $2, slug = $3, name = $4, description = $5, \
                    made_to_order = $6, lead_time_days = $7, featured = $8, active = $9, \
                    version = version + 1, updated_at = $10 WHERE id = $11",
        )
        .bind(p.category_id)
        .bind(p.supplier_id)
        .bind(&p.slug)
        .bind(&p.name)
        .bind(&p.description)
        .bind(p.made_to_order)
        .bind(p.lead_time_days as i32)
        .bind(p.featured)
        .bind(p.published)
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let text = |list: &[(String, String)]| {
            list.iter()
                .map(|(n, v)| format!("{n}: {v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if old_chars != p.characteristics {
            write_characteristics!(tx, id, p.characteristics);
        }
        reindex_product!(tx, dialect, id);
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut changes = Vec::new();
        diff(&mut changes, "name", &old.name, &p.name);
        diff(&mut changes, "slug", &old.slug, &p.slug);
        diff(
            &mut changes,
            "description",
            &old.description,
            &p.description,
        );
        diff(
            &mut changes,
            "category",
            &old.category_id.to_string(),
            &p.category_id.to_string(),
        );
        diff(
            &mut changes,
            "supplier",
            &opt(old.supplier_id),
            &opt(p.supplier_id),
        );
        diff(
            &mut changes,
            "published",
            &yes_no(old.published),
            &yes_no(p.published),
        );
        diff(
            &mut changes,
            "featured",
            &yes_no(old.featured),
            &yes_no(p.featured),
        );
        diff(
            &mut changes,
            "made_to_order",
            &yes_no(old.made_to_order),
            &yes_no(p.made_to_order),
        );
        diff(
            &mut changes,
            "lead_time_days",
            &old.lead_time_days.to_string(),
            &p.lead_time_days.to_string(),
        );
        diff(
            &mut changes,
            "characteristics",
            &text(&old_chars),
            &text(&p.characteristics),
        );
        record_changes!(
            tx,
            Entity::Product,
            id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(old.version + 1)
    }))
}

/// Deletes product `id` with its variants, photos and stock. Placed orders
/// keep their lines: each line holds its own copy of name, SKU and price.
pub async fn delete(db: &Db, id: i64, by: Actor) -> Result<Result<(), Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM products WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else {
            break 'body Err(Refusal::NotFound);
        };
        sqlx::query("DELETE FROM products WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        reindex_product!(tx, dialect, id);
        let changes = [Change {
            field: "deleted".into(),
            old: Some(name),
            new: None,
        }];
        record_changes!(
            tx,
            Entity::Product,
            id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(())
    }))
}

/// Adds a variant to product `product_id`, last.
pub async fn add_variant(
    db: &Db,
    product_id: i64,
    v: &VariantInput,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            break 'body Err(Refusal::NotFound);
        }
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM product_variants WHERE sku = $1")
                .bind(&v.sku)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            break 'body Err(Refusal::Taken("sku"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO product_variants (product_id, sku, name, price_minor, old_price_minor, low_stock_threshold, position) \
             VALUES ($1, $2, $3, $4, $5, $6, \
                     (SELECT COALESCE(MAX(position) + 1, 0) FROM product_variants WHERE product_id = $1)) RETURNING id",
        )
        .bind(product_id)
        .bind(&v.sku)
        .bind(&v.name)
        .bind(v.price_minor)
        .bind(v.old_price_minor)
        .bind(v.low_stock_threshold.map(|n| n as i32))
        .fetch_one(&mut *tx)
        .await?;
        reindex_product!(tx, dialect, product_id);
        let changes = [Change {
            field: "variant_added".into(),
            old: None,
            new: Some(format!(
                "{} · {} · {}",
                v.sku,
                v.name,
                money_text(v.price_minor)
            )),
        }];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(id)
    }))
}

/// Saves variant `id`; its product's history names the SKU with each change.
pub async fn save_variant(
    db: &Db,
    id: i64,
    v: &VariantInput,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let old: Option<VariantRow> = sqlx::query_as(
            "SELECT product_id, sku, name, price_minor, old_price_minor, CAST(low_stock_threshold AS BIGINT) \
             FROM product_variants WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((product_id, sku, name, price, old_price, low)) = old else {
            break 'body Err(Refusal::NotFound);
        };
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM product_variants WHERE sku = $1 AND id <> $2")
                .bind(&v.sku)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            break 'body Err(Refusal::Taken("sku"));
        }
        sqlx::query(
            "UPDATE product_variants SET sku = $1, name = $2, price_minor = $3, old_price_minor = $4, \
                    low_stock_threshold = $5 WHERE id = $6",
        )
        .bind(&v.sku)
        .bind(&v.name)
        .bind(v.price_minor)
        .bind(v.old_price_minor)
        .bind(v.low_stock_threshold.map(|n| n as i32))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        reindex_product!(tx, dialect, product_id);
        let money = |m: Option<i64>| m.map(money_text).unwrap_or_default();
        let opt = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        let mut changes = Vec::new();
        diff(&mut changes, &format!("sku:{sku}"), &sku, &v.sku);
        diff(
            &mut changes,
            &format!("variant_name:{}", v.sku),
            &name,
            &v.name,
        );
        diff(
            &mut changes,
            &format!("price:{}", v.sku),
            &money_text(price),
            &money_text(v.price_minor),
        );
        diff(
            &mut changes,
            &format!("old_price:{}", v.sku),
            &money(old_price),
            &money(v.old_price_minor),
        );
        diff(
            &mut changes,
            &format!("low_stock:{}", v.sku),
            &opt(low),
            &opt(v.low_stock_threshold),
        );
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(product_id)
    }))
}

/// Deletes variant `id` (its stock and cart lines go with it; placed
/// orders keep their copy). Returns its product. A published product keeps
/// at least one variant.
pub async fn delete_variant(
    db: &Db,
    id: i64,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let old: Option<(i64, String, bool)> = sqlx::query_as(
            "SELECT v.product_id, v.sku, p.active FROM product_variants v \
             JOIN products p ON p.id = v.product_id WHERE v.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((product_id, sku, published)) = old else {
            break 'body Err(Refusal::NotFound);
        };
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE product_id = $1")
                .bind(product_id)
                .fetch_one(&mut *tx)
                .await?;
        if published && count <= 1 {
            break 'body Err(Refusal::Invalid("published"));
        }
        sqlx::query("DELETE FROM product_variants WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        reindex_product!(tx, dialect, product_id);
        let changes = [Change {
            field: "variant_deleted".into(),
            old: Some(sku),
            new: None,
        }];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(product_id)
    }))
}

/// A bulk change of prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceChange {
    /// By this many hundredths of a percent (-1000 = 10 % off), rounded to
    /// whole units of the currency.
    Percent(i64),
    /// To this price, in minor units.
    To(i64),
}

impl PriceChange {
    /// The new price for `minor`: never negative; a percentage is rounded
    /// to the currency's unit (`unit` minor units, half up).
    pub fn apply(self, minor: i64, unit: i64) -> i64 {
        match self {
            PriceChange::To(p) => p.max(0),
            PriceChange::Percent(bp) => {
                let exact = i128::from(minor) * i128::from(10_000 + bp);
                let unit = i128::from(unit.max(1));
                let scale = 10_000 * unit;
                let rounded = (exact + scale / 2).div_euclid(scale) * unit;
                i64::try_from(rounded.max(0)).unwrap_or(i64::MAX)
            }
        }
    }
}

/// Changes the price of every variant of `products`; returns how many
/// variants changed. Each change is in its product's history.
pub async fn bulk_price(
    db: &Db,
    products: &[i64],
    change: PriceChange,
    unit: i64,
    by: Actor,
) -> Result<i64, sqlx::Error> {
    let at = now();
    let mut changed = 0;
    crate::db_tx!(db, |tx| {
        for product_id in products {
            let variants: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT id, sku, price_minor FROM product_variants WHERE product_id = $1 ORDER BY position, id",
            )
            .bind(product_id)
            .fetch_all(&mut *tx)
            .await?;
            let mut changes = Vec::new();
            for (id, sku, price) in variants {
                let new = change
                    .apply(price, unit)
                    .min(crate::domain::Price::MAX_MINOR);
                if new == price {
                    continue;
                }
                sqlx::query("UPDATE product_variants SET price_minor = $1 WHERE id = $2")
                    .bind(new)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                changes.push(Change::new(
                    &format!("price:{sku}"),
                    money_text(price),
                    money_text(new),
                ));
                changed += 1;
            }
            record_changes!(
                tx,
                Entity::Product,
                *product_id,
                changes.iter(),
                by.user,
                by.source,
                at
            );
        }
    });
    Ok(changed)
}

/// Adds a photo (already re-encoded) to product `product_id`, last.
pub async fn add_image(
    db: &Db,
    product_id: i64,
    content_type: &str,
    bytes: &[u8],
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            break 'body Err(Refusal::NotFound);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO product_images (product_id, position, content_type, bytes) \
             VALUES ($1, (SELECT COALESCE(MAX(position) + 1, 0) FROM product_images WHERE product_id = $1), $2, $3) \
             RETURNING id",
        )
        .bind(product_id)
        .bind(content_type)
        .bind(bytes)
        .fetch_one(&mut *tx)
        .await?;
        let changes = [Change {
            field: "photo_added".into(),
            old: None,
            new: Some(id.to_string()),
        }];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(id)
    }))
}

/// Where a photo moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoMove {
    /// Becomes the main photo.
    First,
    Earlier,
    Later,
    Delete,
}

/// Moves or deletes photo `id`; returns its product.
pub async fn change_image(
    db: &Db,
    id: i64,
    how: PhotoMove,
    by: Actor,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let at = now();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let product: Option<i64> =
            sqlx::query_scalar("SELECT product_id FROM product_images WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(product_id) = product else {
            break 'body Err(Refusal::NotFound);
        };
        let mut order: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(product_id)
        .fetch_all(&mut *tx)
        .await?;
        let Some(at_index) = order.iter().position(|i| *i == id) else {
            break 'body Err(Refusal::NotFound);
        };
        let field = match how {
            PhotoMove::Delete => {
                order.remove(at_index);
                sqlx::query("DELETE FROM product_images WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                "photo_deleted"
            }
            PhotoMove::First => {
                let photo = order.remove(at_index);
                order.insert(0, photo);
                "photo_main"
            }
            PhotoMove::Earlier => {
                if at_index > 0 {
                    order.swap(at_index, at_index - 1);
                }
                "photo_moved"
            }
            PhotoMove::Later => {
                if at_index + 1 < order.len() {
                    order.swap(at_index, at_index + 1);
                }
                "photo_moved"
            }
        };
        for (position, photo) in order.iter().enumerate() {
            sqlx::query("UPDATE product_images SET position = $1 WHERE id = $2 AND position <> $1")
                .bind(position as i32)
                .bind(*photo)
                .execute(&mut *tx)
                .await?;
        }
        let changes = [Change {
            field: field.into(),
            old: None,
            new: Some(id.to_string()),
        }];
        record_changes!(
            tx,
            Entity::Product,
            product_id,
            changes.iter(),
            by.user,
            by.source,
            at
        );
        Ok(product_id)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_changes_round_to_whole_units_and_never_go_below_zero() {
        // 450.00 + 10 % = 495.00; 455.00 + 10 % = 500.50 → 501.00 (half up).
        assert_eq!(PriceChange::Percent(1000).apply(45_000, 100), 49_500);
        assert_eq!(PriceChange::Percent(1000).apply(45_500, 100), 50_100);
        // 12.5 % off 99.90 = 87.4125 → 87.00.
        assert_eq!(PriceChange::Percent(-1250).apply(9_990, 100), 8_700);
        assert_eq!(PriceChange::Percent(-10_000).apply(9_990, 100), 0);
        assert_eq!(PriceChange::Percent(-20_000).apply(9_990, 100), 0);
        assert_eq!(PriceChange::To(12_300).apply(9_990, 100), 12_300);
        assert_eq!(money_text(49_505), "495.05");
    }
}
