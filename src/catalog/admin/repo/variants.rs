//! SQL of variants: their fields, bulk price changes. Each change is in
//! the product's history and reindexes its search document.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::{Refusal, now};
use crate::catalog::admin::types::VariantEdit;
use crate::history::types::{Actor, Change, Entity, diff};
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, record_changes, reindex_product};

/// A variant as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantInput {
    pub sku: String,
    /// In English; may be empty when `name_ru` is not.
    pub name: String,
    pub name_ru: String,
    pub price_minor: i64,
    pub old_price_minor: Option<i64>,
    pub low_stock_threshold: Option<i64>,
}

/// Money in the history: whole units and cents, as people read it.
pub fn money_text(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

/// The history's entry for variant `v` added: "SKU · name · price".
pub fn added(v: &VariantInput) -> Change {
    Change {
        field: "variant_added".into(),
        old: None,
        new: Some(format!(
            "{} · {} · {}",
            v.sku,
            if v.name.is_empty() {
                &v.name_ru
            } else {
                &v.name
            },
            money_text(v.price_minor)
        )),
    }
}

/// (id or product, SKU, name, price, old price, low-stock level, Russian name).
type VariantRow = (i64, String, String, i64, Option<i64>, Option<i64>, String);

pub async fn variants(db: &Db, id: i64) -> Result<Vec<VariantEdit>, sqlx::Error> {
    let rows: Vec<VariantRow> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, sku, name, price_minor, old_price_minor, CAST(low_stock_threshold AS BIGINT), name_ru \
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
            |(id, sku, name, price_minor, old_price_minor, low_stock_threshold, name_ru)| {
                VariantEdit {
                    id,
                    sku,
                    name,
                    name_ru,
                    price_minor,
                    old_price_minor,
                    low_stock_threshold,
                    stock: stock
                        .iter()
                        .filter(|(v, _, _)| *v == id)
                        .map(|(_, s, q)| (*s, *q))
                        .collect(),
                }
            },
        )
        .collect())
}

/// Inserts variant `$v` (a [`VariantInput`]) last in product `$product_id`;
/// evaluates to its id.
macro_rules! insert_variant {
    ($tx:expr, $product_id:expr, $v:expr) => {{
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO product_variants (product_id, sku, name, price_minor, old_price_minor, low_stock_threshold, position, name_ru) \
             VALUES ($1, $2, $3, $4, $5, $6, \
                     (SELECT COALESCE(MAX(position) + 1, 0) FROM product_variants WHERE product_id = $1), $7) RETURNING id",
        )
        .bind($product_id)
        .bind(&$v.sku)
        .bind(&$v.name)
        .bind($v.price_minor)
        .bind($v.old_price_minor)
        .bind($v.low_stock_threshold.map(|n| n as i32))
        .bind(&$v.name_ru)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}
pub(super) use insert_variant;

/// Writes variant `$id`'s fields from `$v`.
macro_rules! update_variant {
    ($tx:expr, $id:expr, $v:expr) => {
        sqlx::query(
            "UPDATE product_variants SET sku = $1, name = $2, price_minor = $3, old_price_minor = $4, \
                    low_stock_threshold = $5, name_ru = $7 WHERE id = $6",
        )
        .bind(&$v.sku)
        .bind(&$v.name)
        .bind($v.price_minor)
        .bind($v.old_price_minor)
        .bind($v.low_stock_threshold.map(|n| n as i32))
        .bind($id)
        .bind(&$v.name_ru)
        .execute(&mut *$tx)
        .await?
    };
}
pub(super) use update_variant;

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
        let id = insert_variant!(tx, product_id, v);
        reindex_product!(tx, dialect, product_id);
        let changes = [added(v)];
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
            "SELECT product_id, sku, name, price_minor, old_price_minor, CAST(low_stock_threshold AS BIGINT), name_ru \
             FROM product_variants WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((product_id, sku, name, price, old_price, low, name_ru)) = old else {
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
        update_variant!(tx, id, v);
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
            &format!("variant_name_ru:{}", v.sku),
            &name_ru,
            &v.name_ru,
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
