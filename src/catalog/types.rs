use serde::{Deserialize, Serialize};

/// A category with how many active products it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CategorySummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub product_count: i64,
}

/// What a product card shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProductCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub category_slug: String,
    pub category_name: String,
    /// The cheapest variant's price, in minor units.
    pub min_price_minor: i64,
    pub variant_count: i64,
    pub made_to_order: bool,
    pub lead_time_days: i32,
}

/// Everything the home page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub categories: Vec<CategorySummary>,
    pub products: Vec<ProductCard>,
    /// The category the product list is narrowed to, if it exists.
    pub active_category: Option<String>,
}

/// How many products the home page lists.
pub const HOME_PRODUCTS: i64 = 12;
