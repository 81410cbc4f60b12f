//! SQL of assortment imports: the shop as an import compares it (also
//! the export's source), a file's rows kept between preview and apply,
//! and apply itself: planned again and written in one transaction, or
//! nothing at all.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::collections::HashMap;

use super::characteristics::note_characteristics;
use super::now;
use super::products::{ProductInput, insert_product, update_product, write_characteristics};
use super::variants::{VariantInput, added, insert_variant, update_variant};
use crate::catalog::admin::import::{Plan, ProductSnap, Snapshot, VariantSnap, plan};
use crate::catalog::admin::sheet::Row;
use crate::history::types::{Actor, Change, Entity};
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, db_write, record_changes, reindex_product};

/// (id, slug, name, description, category, supplier, published, featured,
/// made to order, lead time, Russian name, Russian description).
type ProductRow = (
    i64,
    String,
    String,
    String,
    i64,
    Option<i64>,
    bool,
    bool,
    bool,
    i64,
    String,
    String,
);
/// (id, product, SKU, name, price, old price, low-stock level, Russian name).
type VariantRow = (
    i64,
    i64,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    String,
);

/// Reads the snapshot through `$ex` (a pool or `&mut *tx`); `?` on errors.
macro_rules! snapshot {
    ($ex:expr) => {{
        let categories: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM categories")
            .fetch_all($ex)
            .await?;
        let products: Vec<ProductRow> = sqlx::query_as(
            "SELECT id, slug, name, description, category_id, supplier_id, active, featured, made_to_order, \
                    CAST(lead_time_days AS BIGINT), name_ru, description_ru FROM products ORDER BY id",
        )
        .fetch_all($ex)
        .await?;
        let characteristics: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT product_id, name, value FROM product_characteristics ORDER BY product_id, position, name",
        )
        .fetch_all($ex)
        .await?;
        let variants: Vec<VariantRow> = sqlx::query_as(
            "SELECT id, product_id, sku, name, price_minor, old_price_minor, CAST(low_stock_threshold AS BIGINT), \
                    name_ru FROM product_variants ORDER BY product_id, position, id",
        )
        .fetch_all($ex)
        .await?;
        let types = super::characteristics::all_types!($ex);
        assemble(categories, products, characteristics, variants, types)
    }};
}

fn assemble(
    categories: Vec<(i64, String)>,
    products: Vec<ProductRow>,
    characteristics: Vec<(i64, String, String)>,
    variants: Vec<VariantRow>,
    types: Vec<crate::catalog::admin::types::CharacteristicType>,
) -> Snapshot {
    let mut chars: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (product, name, value) in characteristics {
        chars.entry(product).or_default().push((name, value));
    }
    Snapshot {
        categories: categories.into_iter().collect(),
        products: products
            .into_iter()
            .map(
                |(
                    id,
                    slug,
                    name,
                    description,
                    category_id,
                    supplier_id,
                    published,
                    featured,
                    made_to_order,
                    lead,
                    name_ru,
                    description_ru,
                )| {
                    ProductSnap {
                        id,
                        input: ProductInput {
                            name,
                            name_ru,
                            slug,
                            description,
                            description_ru,
                            category_id,
                            supplier_id,
                            published,
                            featured,
                            made_to_order,
                            lead_time_days: lead,
                            characteristics: chars.remove(&id).unwrap_or_default(),
                        },
                    }
                },
            )
            .collect(),
        variants: variants
            .into_iter()
            .map(
                |(id, product_id, sku, name, price, old, low, name_ru)| VariantSnap {
                    id,
                    product_id,
                    input: VariantInput {
                        sku,
                        name,
                        name_ru,
                        price_minor: price,
                        old_price_minor: old,
                        low_stock_threshold: low,
                    },
                },
            )
            .collect(),
        types,
    }
}

/// The assortment as it is now.
pub async fn snapshot(db: &Db) -> Result<Snapshot, sqlx::Error> {
    Ok(db_read!(db, |pool| snapshot!(pool)))
}

/// How long an uploaded file waits for its apply.
const KEEP_SECONDS: i64 = 24 * 3600;

/// Keeps a file's rows for user `user`; answers the import's id. Imports
/// older than a day go.
pub async fn store(db: &Db, user: i64, file_name: &str, rows: &[Row]) -> Result<i64, sqlx::Error> {
    let json = serde_json::to_string(rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let at = now();
    db_write!(db, |pool| {
        sqlx::query("DELETE FROM catalog_imports WHERE created_at < $1")
            .bind(at - KEEP_SECONDS)
            .execute(pool)
            .await?;
        sqlx::query_scalar(
            "INSERT INTO catalog_imports (user_id, file_name, rows_json, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user)
        .bind(file_name)
        .bind(&json)
        .bind(at)
        .fetch_one(pool)
        .await
    })
}

/// Import `id` of user `user` (another user's is not found): its file
/// name and rows.
pub async fn load(db: &Db, id: i64, user: i64) -> Result<Option<(String, Vec<Row>)>, sqlx::Error> {
    let found: Option<(String, String)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT file_name, rows_json FROM catalog_imports WHERE id = $1 AND user_id = $2"
    )
    .bind(id)
    .bind(user)
    .fetch_optional(pool)
    .await)?;
    let Some((name, json)) = found else {
        return Ok(None);
    };
    let rows = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(Some((name, rows)))
}

/// Applies import `id`: plans its rows against the data inside the
/// transaction and writes the plan, every change in its product's
/// history; when the plan has errors (the data changed since the preview)
/// nothing is written and the plan comes back as `Err`. The import is
/// spent either way on success.
pub async fn apply(
    db: &Db,
    id: i64,
    rows: &[Row],
    by: Actor,
) -> Result<Result<Plan, Plan>, sqlx::Error> {
    let at = now();
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let snapshot = snapshot!(&mut *tx);
        let plan = plan(rows, &snapshot);
        if !plan.errors.is_empty() {
            break 'body Err(plan);
        }
        for p in &plan.products {
            let product_id = match p.id {
                Some(product_id) => {
                    let old_chars = snapshot
                        .products
                        .iter()
                        .find(|s| s.id == product_id)
                        .map(|s| s.input.characteristics.clone())
                        .unwrap_or_default();
                    if !p.changes.is_empty() {
                        update_product!(tx, product_id, p.input, at);
                    }
                    if old_chars != p.input.characteristics {
                        write_characteristics!(tx, product_id, p.input.characteristics);
                    }
                    product_id
                }
                None => insert_product!(tx, p.input, at),
            };
            note_characteristics!(tx, p.input.characteristics);
            let mut changes: Vec<Change> = match p.id {
                Some(_) => p.changes.clone(),
                None => vec![Change {
                    field: "created".into(),
                    old: None,
                    new: Some(p.input.label().to_owned()),
                }],
            };
            for v in &p.variants {
                match v.id {
                    Some(variant_id) => {
                        update_variant!(tx, variant_id, v.input);
                        changes.extend(v.changes.iter().cloned());
                    }
                    None => {
                        insert_variant!(tx, product_id, v.input);
                        changes.push(added(&v.input));
                    }
                }
            }
            reindex_product!(tx, dialect, product_id);
            record_changes!(
                tx,
                Entity::Product,
                product_id,
                changes.iter(),
                by.user,
                by.source,
                at
            );
        }
        sqlx::query("DELETE FROM catalog_imports WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(plan)
    }))
}
