//! SQL of the assortment's back office: the category tree, products and
//! their variants, characteristics and photos, stock and its movements.
//! The storefront's reads stay in `catalog::repo`; every write here raises
//! the catalog's version (its triggers), so the storefront's index and page
//! cache see each change at once, on every instance.

pub mod categories;
pub mod characteristics;
pub mod import;
pub mod photos;
pub mod products;
pub mod stock;
pub mod variants;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Why a write was refused. Nothing was written; the service words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    /// The field points at nothing (a category, a store, a supplier).
    Invalid(&'static str),
    /// The field's value is already used (a slug, an SKU).
    Taken(&'static str),
    /// A category moved under itself or its own descendant.
    Loop,
    /// A category still holds products or other categories.
    InUse {
        products: i64,
        children: i64,
    },
    /// Someone else saved the product since the editor was opened.
    Stale,
    /// A write-off of more than the shelf holds.
    NotEnough {
        have: i64,
    },
    /// A characteristic's value outside its type's closed list.
    NotAllowed(crate::catalog::admin::characteristics::NotAllowed),
    /// Values a closed list would leave out that products still carry.
    ValuesInUse(Vec<String>),
}
