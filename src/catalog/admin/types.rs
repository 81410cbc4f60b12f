//! Wire types of the assortment's back office (shared with the browser).

use serde::{Deserialize, Serialize};

use crate::history::types::HistoryEntry;

/// Rows per page of the products table.
pub const PER_PAGE: i64 = 50;

/// A category as the back office edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CategoryRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub name_ru: String,
    pub description: String,
    pub description_ru: String,
    pub position: i64,
    /// Products filed directly in it (drafts included).
    pub product_count: i64,
}

impl CategoryRow {
    /// Its name in `locale`, the other language's when that one is empty.
    pub fn label(&self, locale: crate::i18n::Locale) -> &str {
        let (first, second) = match locale {
            crate::i18n::Locale::En => (&self.name, &self.name_ru),
            crate::i18n::Locale::Ru => (&self.name_ru, &self.name),
        };
        if first.is_empty() { second } else { first }
    }
}

/// `/admin/catalog/categories`: the tree in display order, each with its
/// depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTree {
    pub rows: Vec<(CategoryRow, usize)>,
    pub can_edit: bool,
}

/// Orders the categories as a tree (parents before their children, each
/// level by position then name) with each one's depth. Categories that a
/// broken parent link cuts off are kept at the end, at depth 0.
pub fn tree_order(categories: &[CategoryRow]) -> Vec<(CategoryRow, usize)> {
    let mut sorted: Vec<&CategoryRow> = categories.iter().collect();
    sorted.sort_by(|a, b| (a.position, &a.name).cmp(&(b.position, &b.name)));
    let mut out: Vec<(CategoryRow, usize)> = Vec::with_capacity(categories.len());
    fn walk(
        parent: Option<i64>,
        depth: usize,
        sorted: &[&CategoryRow],
        out: &mut Vec<(CategoryRow, usize)>,
    ) {
        if depth > 32 {
            return;
        }
        for c in sorted.iter().filter(|c| c.parent_id == parent) {
            out.push(((*c).clone(), depth));
            walk(Some(c.id), depth + 1, sorted, out);
        }
    }
    walk(None, 0, &sorted, &mut out);
    for c in sorted {
        if !out.iter().any(|(o, _)| o.id == c.id) {
            out.push((c.clone(), 0));
        }
    }
    out
}

/// A characteristic type the shop defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharacteristicType {
    pub id: i64,
    pub name: String,
    pub name_ru: String,
    /// Any value goes; otherwise only `values`.
    pub free_values: bool,
    /// Its known values with their Russian forms, in order.
    pub values: Vec<(String, String)>,
    /// Products carrying it.
    pub used_by: i64,
}

/// `/admin/catalog/characteristics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharacteristicTypes {
    pub rows: Vec<CharacteristicType>,
    pub can_edit: bool,
}

/// What the products table is narrowed to and sorted by: the page's URL
/// query, read by [`ProductFilter::parse`]. Unknown values are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProductFilter {
    /// Words that must all appear in the name, the slug or a variant's SKU.
    pub q: String,
    pub category: Option<i64>,
    /// `Some(true)`: published only; `Some(false)`: drafts only.
    pub published: Option<bool>,
    /// `Some(true)`: on a shelf or made to order; `Some(false)`: sold out.
    pub in_stock: Option<bool>,
    pub supplier: Option<i64>,
    /// Price range in whole currency units (the cheapest variant).
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub sort: ProductSort,
    /// 1-based.
    pub page: i64,
}

/// How the products table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProductSort {
    #[default]
    Name,
    Newest,
    PriceAsc,
    PriceDesc,
    StockAsc,
}

impl ProductSort {
    pub const ALL: [ProductSort; 5] = [
        ProductSort::Name,
        ProductSort::Newest,
        ProductSort::PriceAsc,
        ProductSort::PriceDesc,
        ProductSort::StockAsc,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ProductSort::Name => "name",
            ProductSort::Newest => "newest",
            ProductSort::PriceAsc => "price_asc",
            ProductSort::PriceDesc => "price_desc",
            ProductSort::StockAsc => "stock_asc",
        }
    }
    pub fn parse(code: &str) -> Option<ProductSort> {
        ProductSort::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl ProductFilter {
    /// Reads a URL query string (with or without `?`).
    pub fn parse(query: &str) -> ProductFilter {
        let mut out = ProductFilter {
            page: 1,
            ..Default::default()
        };
        let query = query.strip_prefix('?').unwrap_or(query);
        let id = |v: &str| v.trim().parse::<i64>().ok().filter(|n| *n > 0);
        let money = |v: &str| {
            v.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=10_000_000).contains(n))
        };
        let yes_no = |v: &str| match v.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "q" => out.q = value.trim().chars().take(200).collect(),
                "category" => out.category = id(&value),
                "published" => out.published = yes_no(&value),
                "in_stock" => out.in_stock = yes_no(&value),
                "supplier" => out.supplier = id(&value),
                "price_min" => out.price_min = money(&value),
                "price_max" => out.price_max = money(&value),
                "sort" => out.sort = ProductSort::parse(value.trim()).unwrap_or_default(),
                "page" => {
                    out.page = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| (1..=100_000).contains(n))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        out
    }

    /// The query string [`ProductFilter::parse`] reads back (no `?`).
    pub fn to_query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        if let Some(c) = self.category {
            s.append_pair("category", &c.to_string());
        }
        if let Some(p) = self.published {
            s.append_pair("published", yes_no(p));
        }
        if let Some(p) = self.in_stock {
            s.append_pair("in_stock", yes_no(p));
        }
        if let Some(p) = self.supplier {
            s.append_pair("supplier", &p.to_string());
        }
        if let Some(p) = self.price_min {
            s.append_pair("price_min", &p.to_string());
        }
        if let Some(p) = self.price_max {
            s.append_pair("price_max", &p.to_string());
        }
        if self.sort != ProductSort::Name {
            s.append_pair("sort", self.sort.code());
        }
        if self.page > 1 {
            s.append_pair("page", &self.page.to_string());
        }
        s.finish()
    }

    /// The table's URL for this filter.
    pub fn href(&self) -> String {
        let qs = self.to_query_string();
        if qs.is_empty() {
            "/admin/catalog".to_owned()
        } else {
            format!("/admin/catalog?{qs}")
        }
    }
}

/// An uploaded import as its preview shows it: what would be created and
/// changed, and every error by line (worded in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i64,
    pub file_name: String,
    pub rows: usize,
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub products: Vec<ImportItem>,
    pub errors: Vec<ImportLineError>,
}

impl ImportPreview {
    /// Apply is offered when there is something to do and nothing wrong.
    pub fn can_apply(&self) -> bool {
        self.errors.is_empty() && !self.products.is_empty()
    }
}

/// A product an import creates (`id` is `None`) or changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    pub line: usize,
    pub id: Option<i64>,
    pub slug: String,
    pub name: String,
    /// (what, before, after), worded.
    pub changes: Vec<(String, String, String)>,
    /// "SKU · name · price" of each variant it adds.
    pub new_variants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLineError {
    pub line: usize,
    /// The column's header, empty for the line as a whole.
    pub column: String,
    pub message: String,
}

/// One line of the products table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProductLine {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub category_name: String,
    pub supplier_name: Option<String>,
    pub published: bool,
    pub made_to_order: bool,
    /// The cheapest variant's price (None: no variant yet).
    pub min_price_minor: Option<i64>,
    pub variant_count: i64,
    /// Units on every shelf.
    pub stock: i64,
    pub image_id: Option<i64>,
}

/// A choice in a select (suppliers, stores).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// `/admin/catalog`: a page of the products table and what the filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductTable {
    pub filter: ProductFilter,
    pub rows: Vec<ProductLine>,
    pub total: i64,
    pub per_page: i64,
    pub categories: Vec<(CategoryRow, usize)>,
    pub suppliers: Vec<Choice>,
    pub can_edit: bool,
}

/// A variant as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantEdit {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub name_ru: String,
    pub price_minor: i64,
    pub old_price_minor: Option<i64>,
    pub low_stock_threshold: Option<i64>,
    /// (store id, units), for every store that has a row.
    pub stock: Vec<(i64, i64)>,
}

impl VariantEdit {
    /// Its name in `locale`, the other language's when that one is empty.
    pub fn label(&self, locale: crate::i18n::Locale) -> &str {
        let (first, second) = match locale {
            crate::i18n::Locale::En => (&self.name, &self.name_ru),
            crate::i18n::Locale::Ru => (&self.name_ru, &self.name),
        };
        if first.is_empty() { second } else { first }
    }
}

/// Why a shelf's count changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockReason {
    /// Goods came in.
    Delivery,
    /// Goods went out unsold (spoiled, damaged).
    WriteOff,
    /// The count was wrong (a stocktake).
    Correction,
    /// Checkout took them.
    Order,
}

impl StockReason {
    /// The reasons a person may choose (checkout records `Order` itself).
    pub const MANUAL: [StockReason; 3] = [
        StockReason::Delivery,
        StockReason::WriteOff,
        StockReason::Correction,
    ];
    pub fn code(self) -> &'static str {
        match self {
            StockReason::Delivery => "delivery",
            StockReason::WriteOff => "write_off",
            StockReason::Correction => "correction",
            StockReason::Order => "order",
        }
    }
    pub fn parse(code: &str) -> Option<StockReason> {
        [
            StockReason::Delivery,
            StockReason::WriteOff,
            StockReason::Correction,
            StockReason::Order,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// One change of a shelf's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Movement {
    pub id: i64,
    pub variant_id: i64,
    pub sku: String,
    pub store_name: String,
    pub delta: i64,
    pub quantity_after: i64,
    pub reason: String,
    pub note: String,
    pub order_id: Option<i64>,
    pub user_name: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

/// Everything the product editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEditor {
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
    /// One `name: value` per line, as the editor's text box holds them.
    pub characteristics: Vec<(String, String)>,
    pub variants: Vec<VariantEdit>,
    /// Photo ids, the main one first.
    pub images: Vec<i64>,
    pub categories: Vec<(CategoryRow, usize)>,
    pub suppliers: Vec<Choice>,
    pub stores: Vec<Choice>,
    /// The newest stock movements of its variants, newest first.
    pub movements: Vec<Movement>,
    pub history: Vec<HistoryEntry>,
    pub can_edit: bool,
}

impl ProductEditor {
    /// Its name in `locale`, the other language's when that one is empty.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        let (first, second) = match locale {
            crate::i18n::Locale::En => (&self.name, &self.name_ru),
            crate::i18n::Locale::Ru => (&self.name_ru, &self.name),
        };
        if first.is_empty() { second } else { first }.clone()
    }
}

/// The characteristics as the editor's text box shows them.
pub fn characteristics_text(list: &[(String, String)]) -> String {
    list.iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: i64, parent: Option<i64>, position: i64, name: &str) -> CategoryRow {
        CategoryRow {
            id,
            parent_id: parent,
            slug: format!("c{id}"),
            name: name.into(),
            name_ru: String::new(),
            description: String::new(),
            description_ru: String::new(),
            position,
            product_count: 0,
        }
    }

    #[test]
    fn the_tree_puts_children_under_their_parent_in_order() {
        let cats = vec![
            cat(1, None, 2, "Bread"),
            cat(2, None, 1, "Cakes"),
            cat(3, Some(2), 0, "Wedding"),
            cat(4, Some(2), 0, "Birthday"),
            cat(5, Some(9), 0, "Orphan"),
        ];
        let order: Vec<(i64, usize)> = tree_order(&cats).iter().map(|(c, d)| (c.id, *d)).collect();
        assert_eq!(order, vec![(2, 0), (4, 1), (3, 1), (1, 0), (5, 0)]);
    }

    #[test]
    fn the_filter_round_trips_and_drops_nonsense() {
        let f = ProductFilter {
            q: "медовик 1kg".into(),
            category: Some(3),
            published: Some(false),
            in_stock: Some(true),
            supplier: Some(2),
            price_min: Some(10),
            price_max: Some(500),
            sort: ProductSort::PriceDesc,
            page: 3,
        };
        assert_eq!(ProductFilter::parse(&f.to_query_string()), f);
        let junk =
            ProductFilter::parse("category=x&published=maybe&page=-1&sort=evil&price_min=-3");
        assert_eq!(junk, ProductFilter::parse(""));
        assert_eq!(ProductFilter::parse("").href(), "/admin/catalog");
    }
}
