use serde::{Deserialize, Serialize};

/// A category with how many active products it holds (its subcategories'
/// included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CategorySummary {
    pub id: i64,
    pub parent_id: Option<i64>,
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
    /// The first photo, if any (`/images/products/{id}`).
    pub image_id: Option<i64>,
    /// Units on the shelves of every store (0 for made-to-order goods).
    pub stock: i64,
    /// Its supplier takes no orders now: shown, but not for sale.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub paused: bool,
}

impl ProductCard {
    pub fn href(&self) -> String {
        format!("/product/{}", self.slug)
    }
    /// Whether a shopper can order it now.
    pub fn available(&self) -> bool {
        !self.paused && (self.made_to_order || self.stock > 0)
    }
}

/// The URL of a product image.
pub fn image_url(image_id: i64) -> String {
    format!("/images/products/{image_id}")
}

/// The URL of a product image's thumbnail (at most 480 px), for tiles and
/// lists.
pub fn thumb_url(image_id: i64) -> String {
    format!("/images/products/{image_id}/thumb")
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
/// Products per catalog page.
pub const PAGE_SIZE: i64 = 24;

/// How the catalog is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (the default while searching).
    Relevance,
    /// Most sold first (the default otherwise).
    #[default]
    Popular,
    Newest,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::Popular,
        Sort::Newest,
        Sort::PriceAsc,
        Sort::PriceDesc,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Popular => "popular",
            Sort::Newest => "newest",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
        }
    }
    pub fn parse(code: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Every filter of the catalog page. It lives in the page's URL query
/// (shareable, the back button works): [`CatalogQuery::parse`] and
/// [`CatalogQuery::to_query_string`] are the two directions, used alike by
/// the server and the browser. Unknown or malformed parameters are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CatalogQuery {
    /// Full-text search words.
    pub q: String,
    /// A category slug; its subcategories are included.
    pub category: Option<String>,
    /// A variant name ("1 kg", "M").
    pub variant: Option<String>,
    /// Price range in whole currency units, as people type them.
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    /// Characteristics, each `name:value`; all must match.
    pub ch: Vec<(String, String)>,
    /// Only what a store has on its shelves (made-to-order goods always count).
    pub store: Option<String>,
    pub supplier: Option<i64>,
    pub sort: Option<Sort>,
    /// 1-based.
    pub page: i64,
}

/// Longest search text we accept.
pub const MAX_QUERY_LEN: usize = 200;

impl CatalogQuery {
    /// Reads a URL query string (without the `?`).
    pub fn parse(query: &str) -> CatalogQuery {
        let mut out = CatalogQuery {
            page: 1,
            ..Default::default()
        };
        let query = query.strip_prefix('?').unwrap_or(query);
        let text = |v: &str| {
            let v = v.trim();
            (!v.is_empty() && v.len() <= 100).then(|| v.to_owned())
        };
        let money = |v: &str| {
            v.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000_000).contains(n))
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "q" => out.q = value.trim().chars().take(MAX_QUERY_LEN).collect(),
                "category" => out.category = text(&value),
                "variant" => out.variant = text(&value),
                "price_min" => out.price_min = money(&value),
                "price_max" => out.price_max = money(&value),
                "ch" => {
                    if let Some((n, v)) = value.split_once(':')
                        && let (Some(n), Some(v)) = (text(n), text(v))
                        && out.ch.len() < 10
                        && !out.ch.iter().any(|(a, b)| a == &n && b == &v)
                    {
                        out.ch.push((n, v));
                    }
                }
                "store" => out.store = text(&value),
                "supplier" => out.supplier = value.trim().parse().ok().filter(|n| *n > 0),
                "sort" => out.sort = Sort::parse(value.trim()),
                "page" => {
                    out.page = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| (1..=10_000).contains(n))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        out
    }

    /// The URL query string (without `?`) that [`CatalogQuery::parse`] reads back.
    pub fn to_query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        if let Some(c) = &self.category {
            s.append_pair("category", c);
        }
        if let Some(v) = &self.variant {
            s.append_pair("variant", v);
        }
        if let Some(p) = self.price_min {
            s.append_pair("price_min", &p.to_string());
        }
        if let Some(p) = self.price_max {
            s.append_pair("price_max", &p.to_string());
        }
        for (n, v) in &self.ch {
            s.append_pair("ch", &format!("{n}:{v}"));
        }
        if let Some(st) = &self.store {
            s.append_pair("store", st);
        }
        if let Some(sup) = self.supplier {
            s.append_pair("supplier", &sup.to_string());
        }
        if let Some(sort) = self.sort {
            s.append_pair("sort", sort.code());
        }
        if self.page > 1 {
            s.append_pair("page", &self.page.to_string());
        }
        s.finish()
    }

    /// The catalog URL for this query.
    pub fn href(&self) -> String {
        let qs = self.to_query_string();
        if qs.is_empty() {
            "/catalog".to_owned()
        } else {
            format!("/catalog?{qs}")
        }
    }

    /// The sort in effect: the chosen one, else relevance while searching,
    /// else popularity.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(Sort::Relevance) if self.q.is_empty() => Sort::Popular,
            Some(s) => s,
            None if !self.q.is_empty() => Sort::Relevance,
            None => Sort::Popular,
        }
    }

    /// Whether any filter (not sort or page) is set.
    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.category.is_some()
            || self.variant.is_some()
            || self.price_min.is_some()
            || self.price_max.is_some()
            || !self.ch.is_empty()
            || self.store.is_some()
            || self.supplier.is_some()
    }

    /// The same query on another page.
    pub fn with_page(&self, page: i64) -> CatalogQuery {
        CatalogQuery {
            page,
            ..self.clone()
        }
    }
}

/// One value of a filter with how many products have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct FacetValue {
    pub value: String,
    pub count: i64,
}

/// A characteristic and its most common values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharacteristicFacet {
    pub name: String,
    pub values: Vec<FacetValue>,
}

/// A store as the storefront shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StoreSummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub address: String,
}

/// A supplier in the filter list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SupplierSummary {
    pub id: i64,
    pub name: String,
}

/// The catalog page: one page of results and what the filters can offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// The query as understood (normalised).
    pub query: CatalogQuery,
    pub products: Vec<ProductCard>,
    pub total: i64,
    pub pages: i64,
    pub categories: Vec<CategorySummary>,
    pub variants: Vec<FacetValue>,
    pub characteristics: Vec<CharacteristicFacet>,
    pub stores: Vec<StoreSummary>,
    pub suppliers: Vec<SupplierSummary>,
}

/// A variant on the product page, with its stock per store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantDetail {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub price_minor: i64,
    /// The price before a reduction, shown crossed out.
    pub old_price_minor: Option<i64>,
    /// (store id, units); empty for made-to-order goods.
    pub stock: Vec<(i64, i64)>,
}

impl VariantDetail {
    pub fn total_stock(&self) -> i64 {
        self.stock.iter().map(|(_, q)| q).sum()
    }
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category_slug: String,
    pub category_name: String,
    pub made_to_order: bool,
    pub lead_time_days: i32,
    pub supplier: Option<String>,
    /// Its supplier takes no orders now: shown, but not for sale.
    pub paused: bool,
    pub image_ids: Vec<i64>,
    pub variants: Vec<VariantDetail>,
    pub characteristics: Vec<(String, String)>,
    pub stores: Vec<StoreSummary>,
    pub related: Vec<ProductCard>,
    /// The first day it can be ready (`YYYY-MM-DD`, the shop's calendar).
    pub earliest_date: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_round_trips() {
        let q = CatalogQuery {
            q: "медовик с орехами".into(),
            category: Some("cakes".into()),
            variant: Some("1 kg".into()),
            price_min: Some(100),
            price_max: Some(5000),
            ch: vec![("Filling".into(), "Honey & nuts".into())],
            store: Some("centre".into()),
            supplier: Some(3),
            sort: Some(Sort::PriceDesc),
            page: 4,
        };
        assert_eq!(CatalogQuery::parse(&q.to_query_string()), q);
        assert_eq!(CatalogQuery::parse(""), CatalogQuery::parse("?page=1"));
        assert_eq!(CatalogQuery::default().with_page(1).href(), "/catalog");
    }

    #[test]
    fn malformed_parameters_are_dropped_not_fatal() {
        let q = CatalogQuery::parse(
            "price_min=-5&price_max=abc&page=0&sort=cheapest&supplier=x&ch=novalue&category=",
        );
        assert_eq!(q.price_min, None);
        assert_eq!(q.price_max, None);
        assert_eq!(q.page, 1);
        assert_eq!(q.sort, None);
        assert_eq!(q.supplier, None);
        assert!(q.ch.is_empty());
        assert_eq!(q.category, None);
        assert!(!q.is_filtered());
        let long = "x".repeat(1000);
        assert_eq!(
            CatalogQuery::parse(&format!("q={long}")).q.len(),
            MAX_QUERY_LEN
        );
    }

    #[test]
    fn searching_sorts_by_relevance_unless_told_otherwise() {
        assert_eq!(
            CatalogQuery::parse("q=cake").effective_sort(),
            Sort::Relevance
        );
        assert_eq!(CatalogQuery::parse("").effective_sort(), Sort::Popular);
        assert_eq!(
            CatalogQuery::parse("sort=relevance").effective_sort(),
            Sort::Popular
        );
        assert_eq!(
            CatalogQuery::parse("q=cake&sort=newest").effective_sort(),
            Sort::Newest
        );
    }
}
