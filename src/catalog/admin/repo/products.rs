//! SQL of products: their own fields and characteristics, the table's
//! rows and the editor's lookups. Every write reindexes the product's
//! search document and records its history in the same transaction.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::characteristics::{all_types, note_characteristics};
use super::{Refusal, now};
use crate::catalog::admin::characteristics::normalise;
use crate::catalog::admin::types::{Choice, ProductLine};
use crate::history::types::{Actor, Change, Entity, diff};
use crate::i18n::Locale;
use crate::server::db::Db;
use crate::server::db::localized;
use crate::{db_read, db_tx_if_ok, record_changes, reindex_product};

/// A product's own fields as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInput {
    /// In English; may be empty when `name_ru` is not.
    pub name: String,
    pub name_ru: String,
    pub slug: String,
    pub description: String,
    pub description_ru: String,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
    pub published: bool,
    pub featured: bool,
    pub made_to_order: bool,
    pub lead_time_days: i64,
    /// (name, value), names unique, in the order shown.
    pub characteristics: Vec<(String, String)>,
}

impl ProductInput {
    /// Its name for the history: the English one, else the Russian.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.name_ru
        } else {
            &self.name
        }
    }
}

/// A line of the products table with what its filters need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TableRow {
    #[sqlx(flatten)]
    pub line: ProductLine,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
}

/// Every product (drafts too) as the table lists it, newest first, named
/// in `locale`.
pub async fn table_rows(db: &Db, locale: Locale) -> Result<Vec<TableRow>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.slug, {} AS name, {} AS category_name, s.name AS supplier_name, \
                p.active AS published, p.made_to_order, \
                (SELECT MIN(v.price_minor) FROM product_variants v WHERE v.product_id = p.id) AS min_price_minor, \
                (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS variant_count, \
                CAST(COALESCE((SELECT SUM(k.quantity) FROM stock k JOIN product_variants v ON v.id = k.variant_id \
                               WHERE v.product_id = p.id), 0) AS BIGINT) AS stock, \
                (SELECT i.id FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image_id, \
                p.category_id, p.supplier_id \
         FROM products p JOIN categories c ON c.id = p.category_id \
         LEFT JOIN suppliers s ON s.id = p.supplier_id ORDER BY p.id DESC",
        localized("p.name", locale),
        localized("c.name", locale),
    );
    db_read!(db, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
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
    pub name_ru: String,
    pub description: String,
    pub description_ru: String,
    pub category_id: i64,
    pub supplier_id: Option<i64>,
    pub published: bool,
    pub featured: bool,
    pub made_to_order: bool,
    pub lead_time_days: i64,
}

const FIELDS: &str = "SELECT id, CAST(version AS BIGINT) AS version, slug, name, name_ru, description, description_ru, \
     category_id, supplier_id, \
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
pub(super) use write_characteristics;

/// Inserts product `$p` (a [`ProductInput`]) with its characteristics;
/// evaluates to its id. The caller checks links and records history.
macro_rules! insert_product {
    ($tx:expr, $p:expr, $at:expr) => {{
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO products (category_id, supplier_id, slug, name, description, made_to_order, \
                                   lead_time_days, featured, active, version, updated_at, name_ru, description_ru) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12) RETURNING id",
        )
        .bind($p.category_id)
        .bind($p.supplier_id)
        .bind(&$p.slug)
        .bind(&$p.name)
        .bind(&$p.description)
        .bind($p.made_to_order)
        .bind($p.lead_time_days as i32)
        .bind($p.featured)
        .bind($p.published)
        .bind($at)
        .bind(&$p.name_ru)
        .bind(&$p.description_ru)
        .fetch_one(&mut *$tx)
        .await?;
        write_characteristics!($tx, id, $p.characteristics);
        id
    }};
}
pub(super) use insert_product;

/// Writes product `$id`'s own fields from `$p` and raises its version
/// (characteristics apart: see `write_characteristics!`).
macro_rules! update_product {
    ($tx:expr, $id:expr, $p:expr, $at:expr) => {
        sqlx::query(
            "UPDATE products SET category_id = $1, supplier_id = $2, slug = $3, name = $4, description = $5, \
                    made_to_order = $6, lead_time_days = $7, featured = $8, active = $9, \
                    version = version + 1, updated_at = $10, name_ru = $12, description_ru = $13 WHERE id = $11",
        )
        .bind($p.category_id)
        .bind($p.supplier_id)
        .bind(&$p.slug)
        .bind(&$p.name)
        .bind(&$p.description)
        .bind($p.made_to_order)
        .bind($p.lead_time_days as i32)
        .bind($p.featured)
        .bind($p.published)
        .bind($at)
        .bind($id)
        .bind(&$p.name_ru)
        .bind(&$p.description_ru)
        .execute(&mut *$tx)
        .await?
    };
}
pub(super) use update_product;

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
        let types = all_types!(&mut *tx);
        let p = &match normalise(&p.characteristics, &types) {
            Ok(characteristics) => ProductInput {
                characteristics,
                ..p.clone()
            },
            Err(refused) => break 'body Err(Refusal::NotAllowed(refused)),
        };
        let id = insert_product!(tx, p, at);
        note_characteristics!(tx, p.characteristics);
        reindex_product!(tx, dialect, id);
        let changes = [Change {
            field: "created".into(),
            old: None,
            new: Some(p.label().to_owned()),
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
        let types = all_types!(&mut *tx);
        let p = &match normalise(&p.characteristics, &types) {
            Ok(characteristics) => ProductInput {
                characteristics,
                ..p.clone()
            },
            Err(refused) => break 'body Err(Refusal::NotAllowed(refused)),
        };
        let old_chars: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, value FROM product_characteristics WHERE product_id = $1 ORDER BY position, name",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        update_product!(tx, id, p, at);
        let text = |list: &[(String, String)]| {
            list.iter()
                .map(|(n, v)| format!("{n}: {v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if old_chars != p.characteristics {
            write_characteristics!(tx, id, p.characteristics);
            note_characteristics!(tx, p.characteristics);
        }
        reindex_product!(tx, dialect, id);
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut changes = Vec::new();
        diff(&mut changes, "name", &old.name, &p.name);
        diff(&mut changes, "name_ru", &old.name_ru, &p.name_ru);
        diff(&mut changes, "slug", &old.slug, &p.slug);
        diff(
            &mut changes,
            "description",
            &old.description,
            &p.description,
        );
        diff(
            &mut changes,
            "description_ru",
            &old.description_ru,
            &p.description_ru,
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
        let name: Option<String> = sqlx::query_scalar(
            "SELECT CASE WHEN name <> '' THEN name ELSE name_ru END FROM products WHERE id = $1",
        )
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
