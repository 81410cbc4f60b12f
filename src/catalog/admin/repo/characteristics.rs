//! SQL of characteristic types and their values. Products carry their
//! characteristics as (name, value) pairs by the type's name; a type's
//! rename renames them, a change of its translations rewrites the search
//! documents of the products that carry it. (Types keep no history of
//! their own: the change history covers orders, clients, products and
//! categories.)

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::collections::HashMap;

use super::Refusal;
use crate::catalog::admin::types::CharacteristicType;
use crate::server::db::Db;
use crate::{db_read, db_tx_if_ok, reindex_product};

/// A type as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeInput {
    pub name: String,
    pub name_ru: String,
    pub free_values: bool,
    pub values: Vec<(String, String)>,
}

/// (id, name, Russian name, free values, products carrying it).
pub(super) type TypeRow = (i64, String, String, bool, i64);

pub(super) const TYPES_SQL: &str = "SELECT t.id, t.name, t.name_ru, t.free_values, \
        (SELECT COUNT(*) FROM product_characteristics pc WHERE pc.name = t.name) \
     FROM characteristic_types t ORDER BY t.position, t.name";
pub(super) const VALUES_SQL: &str =
    "SELECT type_id, value, value_ru FROM characteristic_values ORDER BY type_id, position, id";

pub(super) fn assemble(
    types: Vec<TypeRow>,
    values: Vec<(i64, String, String)>,
) -> Vec<CharacteristicType> {
    let mut by_type: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (t, v, ru) in values {
        by_type.entry(t).or_default().push((v, ru));
    }
    types
        .into_iter()
        .map(
            |(id, name, name_ru, free_values, used_by)| CharacteristicType {
                id,
                name,
                name_ru,
                free_values,
                values: by_type.remove(&id).unwrap_or_default(),
                used_by,
            },
        )
        .collect()
}

/// Reads every type through `$ex` (a pool or `&mut *tx`); `?` on errors.
macro_rules! all_types {
    ($ex:expr) => {{
        let types: Vec<$crate::catalog::admin::repo::characteristics::TypeRow> =
            sqlx::query_as($crate::catalog::admin::repo::characteristics::TYPES_SQL)
                .fetch_all($ex)
                .await?;
        let values: Vec<(i64, String, String)> =
            sqlx::query_as($crate::catalog::admin::repo::characteristics::VALUES_SQL)
                .fetch_all($ex)
                .await?;
        $crate::catalog::admin::repo::characteristics::assemble(types, values)
    }};
}
pub(super) use all_types;

/// Every type with its values and how many products carry it.
pub async fn all(db: &Db) -> Result<Vec<CharacteristicType>, sqlx::Error> {
    Ok(db_read!(db, |pool| all_types!(pool)))
}

/// Makes the types and values a product's characteristics name that the
/// shop has not listed yet: a new name becomes a type with free values, a
/// new value of a free type joins its list (to be translated).
macro_rules! note_characteristics {
    ($tx:expr, $list:expr) => {{
        for (name, value) in $list.iter() {
            sqlx::query(
                "INSERT INTO characteristic_types (name, free_values, position) \
                 VALUES ($1, TRUE, (SELECT COALESCE(MAX(position) + 1, 0) FROM characteristic_types)) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .execute(&mut *$tx)
            .await?;
            sqlx::query(
                "INSERT INTO characteristic_values (type_id, value, position) \
                 SELECT t.id, $2, (SELECT COALESCE(MAX(position) + 1, 0) FROM characteristic_values WHERE type_id = t.id) \
                 FROM characteristic_types t WHERE t.name = $1 \
                 ON CONFLICT (type_id, value) DO NOTHING",
            )
            .bind(name)
            .bind(value)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}
pub(super) use note_characteristics;

/// Writes a type's values anew, in order.
macro_rules! write_values {
    ($tx:expr, $id:expr, $values:expr) => {{
        sqlx::query("DELETE FROM characteristic_values WHERE type_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (position, (value, value_ru)) in $values.iter().enumerate() {
            sqlx::query(
                "INSERT INTO characteristic_values (type_id, value, value_ru, position) VALUES ($1, $2, $3, $4)",
            )
            .bind($id)
            .bind(value)
            .bind(value_ru)
            .bind(position as i32)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Makes a type, last in the list.
pub async fn create(db: &Db, t: &TypeInput) -> Result<Result<i64, Refusal>, sqlx::Error> {
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM characteristic_types WHERE LOWER(name) = LOWER($1)")
                .bind(&t.name)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            break 'body Err(Refusal::Taken("name"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO characteristic_types (name, name_ru, free_values, position) \
             VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position) + 1, 0) FROM characteristic_types)) RETURNING id",
        )
        .bind(&t.name)
        .bind(&t.name_ru)
        .bind(t.free_values)
        .fetch_one(&mut *tx)
        .await?;
        write_values!(tx, id, t.values);
        Ok(id)
    }))
}

/// Renames type `id` (and the characteristic on every product carrying it),
/// changes its translations and its list. A closed list that would leave
/// out values products still carry is refused (`ValuesInUse`).
pub async fn update(db: &Db, id: i64, t: &TypeInput) -> Result<Result<(), Refusal>, sqlx::Error> {
    let dialect = db.dialect();
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let types = all_types!(&mut *tx);
        let Some(old) = types.iter().find(|o| o.id == id).cloned() else {
            break 'body Err(Refusal::NotFound);
        };
        if types
            .iter()
            .any(|o| o.id != id && o.name.to_lowercase() == t.name.to_lowercase())
        {
            break 'body Err(Refusal::Taken("name"));
        }
        if old.name != t.name {
            // A product may carry a pair by the new name outside any type.
            let clash: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM product_characteristics WHERE name = $1")
                    .bind(&t.name)
                    .fetch_one(&mut *tx)
                    .await?;
            if clash > 0 {
                break 'body Err(Refusal::Taken("name"));
            }
        }
        if !t.free_values {
            let used: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT value FROM product_characteristics WHERE name = $1 ORDER BY value",
            )
            .bind(&old.name)
            .fetch_all(&mut *tx)
            .await?;
            let missing: Vec<String> = used
                .into_iter()
                .filter(|u| !t.values.iter().any(|(v, _)| v == u))
                .collect();
            if !missing.is_empty() {
                break 'body Err(Refusal::ValuesInUse(missing));
            }
        }
        sqlx::query(
            "UPDATE characteristic_types SET name = $1, name_ru = $2, free_values = $3 WHERE id = $4",
        )
        .bind(&t.name)
        .bind(&t.name_ru)
        .bind(t.free_values)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        write_values!(tx, id, t.values);
        let products: Vec<i64> =
            sqlx::query_scalar("SELECT product_id FROM product_characteristics WHERE name = $1")
                .bind(&old.name)
                .fetch_all(&mut *tx)
                .await?;
        if old.name != t.name {
            sqlx::query("UPDATE product_characteristics SET name = $1 WHERE name = $2")
                .bind(&t.name)
                .bind(&old.name)
                .execute(&mut *tx)
                .await?;
        }
        // The translations are in the search documents of its products.
        for product in products {
            reindex_product!(tx, dialect, product);
        }
        Ok(())
    }))
}

/// Deletes type `id` unless products carry it (`InUse`).
pub async fn delete(db: &Db, id: i64) -> Result<Result<(), Refusal>, sqlx::Error> {
    Ok(db_tx_if_ok!(db, |tx| 'body: {
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM characteristic_types WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(name) = name else {
            break 'body Err(Refusal::NotFound);
        };
        let products: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM product_characteristics WHERE name = $1")
                .bind(&name)
                .fetch_one(&mut *tx)
                .await?;
        if products > 0 {
            break 'body Err(Refusal::InUse {
                products,
                children: 0,
            });
        }
        sqlx::query("DELETE FROM characteristic_types WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }))
}
