//! The catalog in memory: what the storefront's lists, filters and facets
//! read, instead of the database.
//!
//! A small shop's catalog (10,000 products is a big one) fits in a few
//! megabytes. Filtering, counting facets and sorting it in memory takes well
//! under a millisecond, where the same SQL over every product took tens of
//! milliseconds a request. Full-text search stays in the database (FTS5 or
//! tsvector): it gives the matching ids and their scores, the index does the
//! rest.
//!
//! **Freshness.** The table `catalog_version` holds one number that triggers
//! raise in the same transaction as any change to categories, products,
//! variants, photos, characteristics, stock, stores or suppliers (migration
//! 0006). [`CatalogCache::get`] reads that number when this process has
//! written anything since it last looked (so a request sees the writes of
//! the request before it) and otherwise at most every [`RECHECK`] (so
//! another instance's writes show within that). A changed number rebuilds the
//! index once, in one read transaction (a consistent snapshot); requests that
//! arrive meanwhile wait for it rather than read the old one.

use std::collections::HashMap;
use std::time::Duration;

use super::repo;

mod cache;
mod interner;
use super::types::{
    CatalogQuery, CategorySummary, CharacteristicFacet, FacetValue, ProductCard, Sort,
    StoreSummary, SupplierSummary,
};
use crate::i18n::Locale;
use crate::server::db::Db;
pub use cache::CatalogCache;
use interner::{Interner, Translations};

/// How stale another instance's catalog changes may be seen here.
pub const RECHECK: Duration = Duration::from_millis(100);

/// Most values a variant facet lists.
const VARIANT_FACET_VALUES: usize = 16;
/// Most (name, value) pairs the characteristic facets consider, and values
/// shown per characteristic.
const CHARACTERISTIC_PAIRS: usize = 200;
const VALUES_PER_CHARACTERISTIC: usize = 8;

/// One active product with what the filters look at.
#[derive(Debug, Clone)]
struct Entry {
    /// The card in English.
    card: ProductCard,
    /// Its name and its category's name in Russian.
    ru: (String, String),
    category_id: i64,
    supplier_id: Option<i64>,
    sold_count: i64,
    featured: bool,
    /// Its variants' distinct names, as ids into `CatalogIndex::variant_names`.
    variant_names: Vec<u32>,
    /// Its variants' prices, in minor units.
    prices: Vec<i64>,
    /// Its (name, value) characteristics, as ids into `CatalogIndex::pairs`.
    characteristics: Vec<u32>,
    /// Stores with at least one unit of some variant.
    stocked_at: Vec<i64>,
}

/// A snapshot of the catalog at one `catalog_version`.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    pub version: i64,
    /// Every category, in display order, with rolled-up product counts
    /// (named in English; [`CatalogIndex::categories_in`] for a language).
    pub categories: Vec<CategorySummary>,
    categories_ru: Vec<CategorySummary>,
    pub stores: Vec<StoreSummary>,
    stores_ru: Vec<StoreSummary>,
    /// Suppliers with at least one active product.
    pub suppliers: Vec<SupplierSummary>,
    /// Active products by id.
    products: Vec<Entry>,
    /// Every variant name, once; entries refer to them by position.
    variant_names: Interner<String>,
    /// The same in Russian, by the same positions (the first product's
    /// translation of a name wins).
    variant_names_ru: Translations<String>,
    /// Every (characteristic, value) pair, once.
    pairs: Interner<(String, String)>,
    pairs_ru: Translations<(String, String)>,
    /// Positions in `products` in each fixed sort order, computed once per
    /// snapshot: a request walks one instead of sorting.
    popular: Vec<u32>,
    newest: Vec<u32>,
    cheapest: Vec<u32>,
    dearest: Vec<u32>,
}

/// The filters, resolved against the index (ids instead of slugs).
#[derive(Debug)]
pub struct Filters<'a> {
    pub query: &'a CatalogQuery,
    pub category_ids: Option<Vec<i64>>,
    pub store_id: Option<i64>,
    /// Full-text matches, product id → score (lower is better), when searching.
    pub text: Option<HashMap<i64, f64>>,
    /// The currency's minor units per major unit (100).
    pub minor_per_unit: i64,
    /// The language of the cards and facets.
    pub locale: Locale,
}

/// The filters with names turned into the index's ids, once per request.
struct Resolved<'a> {
    f: &'a Filters<'a>,
    /// The chosen size: `Some(None)` when no product has it.
    variant: Option<Option<u32>>,
    /// The chosen characteristics: `None` when some pair exists nowhere
    /// (then nothing matches).
    pairs: Option<Vec<u32>>,
}

/// What one catalog request gets.
#[derive(Debug)]
pub struct SearchResult {
    pub cards: Vec<ProductCard>,
    pub total: i64,
    pub variants: Vec<FacetValue>,
    pub characteristics: Vec<CharacteristicFacet>,
}

impl Resolved<'_> {
    /// Whether `e` has the chosen variant (size), if one is chosen.
    fn has_variant(&self, e: &Entry) -> bool {
        match self.variant {
            None => true,
            Some(None) => false,
            Some(Some(id)) => e.variant_names.contains(&id),
        }
    }

    /// Whether `e` passes every filter but the variant's (the size facet
    /// ignores its own filter, so every size stays selectable).
    fn admits_but_variant(&self, e: &Entry) -> bool {
        let f = self.f;
        let q = f.query;
        if let Some(text) = &f.text
            && !text.contains_key(&e.card.id)
        {
            return false;
        }
        if let Some(ids) = &f.category_ids
            && !ids.contains(&e.category_id)
        {
            return false;
        }
        if q.price_min.is_some() || q.price_max.is_some() {
            let min = q.price_min.unwrap_or(0).saturating_mul(f.minor_per_unit);
            let max = q
                .price_max
                .map_or(i64::MAX, |p| p.saturating_mul(f.minor_per_unit));
            if !e.prices.iter().any(|p| (min..=max).contains(p)) {
                return false;
            }
        }
        match &self.pairs {
            None => return false,
            Some(pairs) => {
                if !pairs.iter().all(|p| e.characteristics.contains(p)) {
                    return false;
                }
            }
        }
        if let Some(store) = f.store_id
            && !e.card.made_to_order
            && !e.stocked_at.contains(&store)
        {
            return false;
        }
        if let Some(s) = q.supplier
            && e.supplier_id != Some(s)
        {
            return false;
        }
        true
    }
}

impl CatalogIndex {
    /// Reads the whole catalog in one read transaction.
    pub async fn load(db: &Db) -> Result<CatalogIndex, sqlx::Error> {
        let mut rows = repo::catalog_snapshot(db).await?;
        for categories in &mut rows.categories {
            repo::roll_up_counts(categories);
        }
        Ok(Self::assemble(rows))
    }

    /// The index from the rows `load` read.
    fn assemble(rows: repo::CatalogSnapshot) -> CatalogIndex {
        let repo::CatalogSnapshot {
            version,
            categories: [categories, categories_ru],
            stores: [stores, stores_ru],
            suppliers,
            products: rows,
            variants,
            stock,
            images,
            characteristics: chars,
        } = rows;
        let mut products: Vec<Entry> = rows
            .into_iter()
            .map(|r| Entry {
                card: ProductCard {
                    id: r.id,
                    slug: r.slug,
                    name: r.name,
                    category_slug: r.category_slug,
                    category_name: r.category_name,
                    min_price_minor: 0,
                    variant_count: 0,
                    made_to_order: r.made_to_order,
                    lead_time_days: r.lead_time_days,
                    image_id: None,
                    stock: 0,
                    paused: r.paused,
                },
                ru: (r.name_ru, r.category_name_ru),
                category_id: r.category_id,
                supplier_id: r.supplier_id,
                sold_count: r.sold_count,
                featured: r.featured,
                variant_names: Vec::new(),
                prices: Vec::new(),
                characteristics: Vec::new(),
                stocked_at: Vec::new(),
            })
            .collect();
        // Rows are sorted by id: find an entry by binary search.
        fn at(products: &mut [Entry], id: i64) -> Option<&mut Entry> {
            products
                .binary_search_by_key(&id, |e| e.card.id)
                .ok()
                .map(|i| &mut products[i])
        }
        let mut variant_names = Interner::default();
        let mut variant_names_ru = Translations::default();
        let mut pairs = Interner::default();
        let mut pairs_ru = Translations::default();
        for (pid, name, name_ru, price) in variants {
            if let Some(e) = at(&mut products, pid) {
                e.card.variant_count += 1;
                e.prices.push(price);
                let id = variant_names.intern(name);
                variant_names_ru.note(id, name_ru);
                if !e.variant_names.contains(&id) {
                    e.variant_names.push(id);
                }
            }
        }
        for (pid, store, quantity) in stock {
            if let Some(e) = at(&mut products, pid) {
                e.card.stock += quantity;
                if quantity > 0 {
                    e.stocked_at.push(store);
                }
            }
        }
        for (pid, image) in images {
            if let Some(e) = at(&mut products, pid) {
                e.card.image_id = Some(image);
            }
        }
        for (pid, name, value, name_ru, value_ru) in chars {
            if let Some(e) = at(&mut products, pid) {
                let id = pairs.intern((name, value));
                pairs_ru.note(id, (name_ru, value_ru));
                e.characteristics.push(id);
            }
        }
        for e in &mut products {
            e.card.min_price_minor = e.prices.iter().copied().min().unwrap_or(0);
        }
        let order = |key: &dyn Fn(&Entry, &Entry) -> std::cmp::Ordering| {
            let mut positions: Vec<u32> = (0..products.len() as u32).collect();
            positions.sort_by(|a, b| key(&products[*a as usize], &products[*b as usize]));
            positions
        };
        let popular = order(&|a, b| {
            b.sold_count
                .cmp(&a.sold_count)
                .then(a.card.id.cmp(&b.card.id))
        });
        let newest = order(&|a, b| b.card.id.cmp(&a.card.id));
        let cheapest = order(&|a, b| {
            a.card
                .min_price_minor
                .cmp(&b.card.min_price_minor)
                .then(a.card.id.cmp(&b.card.id))
        });
        let dearest = order(&|a, b| {
            b.card
                .min_price_minor
                .cmp(&a.card.min_price_minor)
                .then(a.card.id.cmp(&b.card.id))
        });
        CatalogIndex {
            version,
            categories,
            categories_ru,
            stores,
            stores_ru,
            suppliers,
            products,
            variant_names,
            variant_names_ru,
            pairs,
            pairs_ru,
            popular,
            newest,
            cheapest,
            dearest,
        }
    }

    /// The categories named in `locale`.
    pub fn categories_in(&self, locale: Locale) -> &[CategorySummary] {
        match locale {
            Locale::En => &self.categories,
            Locale::Ru => &self.categories_ru,
        }
    }

    /// The stores named in `locale`.
    pub fn stores_in(&self, locale: Locale) -> &[StoreSummary] {
        match locale {
            Locale::En => &self.stores,
            Locale::Ru => &self.stores_ru,
        }
    }

    /// An entry's card in `locale`.
    fn card(e: &Entry, locale: Locale) -> ProductCard {
        let mut card = e.card.clone();
        if locale == Locale::Ru {
            card.name.clone_from(&e.ru.0);
            card.category_name.clone_from(&e.ru.1);
        }
        card
    }

    /// A variant name's id, named in either language.
    fn variant_id(&self, name: &str) -> Option<u32> {
        self.variant_names
            .get(name)
            .or_else(|| self.variant_names_ru.ids.get(name).copied())
    }

    /// A characteristic pair's id, named in either language.
    fn pair_id(&self, pair: &(String, String)) -> Option<u32> {
        self.pairs
            .get(pair)
            .or_else(|| self.pairs_ru.ids.get(pair).copied())
    }

    fn variant_name(&self, id: usize, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.variant_names.values[id],
            Locale::Ru => &self.variant_names_ru.values[id],
        }
    }

    fn pair(&self, id: usize, locale: Locale) -> &(String, String) {
        match locale {
            Locale::En => &self.pairs.values[id],
            Locale::Ru => &self.pairs_ru.values[id],
        }
    }

    /// How many active products the index holds.
    pub fn len(&self) -> usize {
        self.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// One page of the products that pass `f`, their number, and the facets,
    /// in one walk over the products in the chosen order.
    pub fn search(&self, f: &Filters<'_>, limit: usize, offset: usize) -> SearchResult {
        let r = Resolved {
            f,
            variant: f.query.variant.as_ref().map(|v| self.variant_id(v)),
            pairs: f
                .query
                .ch
                .iter()
                .map(|(n, v)| self.pair_id(&(n.clone(), v.clone())))
                .collect(),
        };
        let mut variant_counts = vec![0i64; self.variant_names.values.len()];
        let mut pair_counts = vec![0i64; self.pairs.values.len()];
        let mut total = 0usize;
        let mut cards = Vec::new();
        let mut visit = |e: &Entry| {
            if !r.admits_but_variant(e) {
                return;
            }
            for id in &e.variant_names {
                variant_counts[*id as usize] += 1;
            }
            if !r.has_variant(e) {
                return;
            }
            for id in &e.characteristics {
                pair_counts[*id as usize] += 1;
            }
            if total >= offset && cards.len() < limit {
                cards.push(Self::card(e, f.locale));
            }
            total += 1;
        };
        let fixed = match f.query.effective_sort() {
            Sort::Relevance if f.text.is_some() => None,
            Sort::Relevance | Sort::Popular => Some(&self.popular),
            Sort::Newest => Some(&self.newest),
            Sort::PriceAsc => Some(&self.cheapest),
            Sort::PriceDesc => Some(&self.dearest),
        };
        match (fixed, &f.text) {
            (Some(order), _) => {
                for i in order {
                    visit(&self.products[*i as usize]);
                }
            }
            (None, text) => {
                // Best match first: only the (few) text matches are sorted.
                let text = text
                    .as_ref()
                    .expect("relevance is chosen only when searching");
                let mut hits: Vec<(&Entry, f64)> = self
                    .products
                    .iter()
                    .filter_map(|e| text.get(&e.card.id).map(|s| (e, *s)))
                    .collect();
                hits.sort_by(|(a, sa), (b, sb)| {
                    sa.total_cmp(sb)
                        .then(b.sold_count.cmp(&a.sold_count))
                        .then(a.card.id.cmp(&b.card.id))
                });
                for (e, _) in hits {
                    visit(e);
                }
            }
        }
        let total = total as i64;

        let mut variants: Vec<FacetValue> = variant_counts
            .into_iter()
            .enumerate()
            .filter(|(_, count)| *count > 0)
            .map(|(id, count)| FacetValue {
                value: self.variant_name(id, f.locale).to_owned(),
                count,
            })
            .collect();
        // Two names may share a translation: one entry, counted together.
        variants.sort_by(|a, b| a.value.cmp(&b.value));
        variants.dedup_by(|later, first| {
            let same = later.value == first.value;
            if same {
                first.count += later.count;
            }
            same
        });
        variants.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        variants.truncate(VARIANT_FACET_VALUES);

        let mut pairs: Vec<((&str, &str), i64)> = pair_counts
            .into_iter()
            .enumerate()
            .filter(|(_, count)| *count > 0)
            .map(|(id, count)| {
                let (n, v) = self.pair(id, f.locale);
                ((n.as_str(), v.as_str()), count)
            })
            .collect();
        pairs.sort_by(|((n1, v1), c1), ((n2, v2), c2)| {
            n1.cmp(n2).then(c2.cmp(c1)).then_with(|| v1.cmp(v2))
        });
        pairs.truncate(CHARACTERISTIC_PAIRS);
        let mut characteristics: Vec<CharacteristicFacet> = Vec::new();
        for ((name, value), count) in pairs {
            let value = FacetValue {
                value: value.to_owned(),
                count,
            };
            match characteristics.last_mut() {
                Some(last) if last.name == name => {
                    if last.values.len() < VALUES_PER_CHARACTERISTIC {
                        last.values.push(value);
                    }
                }
                _ => characteristics.push(CharacteristicFacet {
                    name: name.to_owned(),
                    values: vec![value],
                }),
            }
        }
        // The chosen values stay visible even when the facet list is cut
        // short, named in the page's language.
        let chosen: Vec<(String, String)> = f
            .query
            .ch
            .iter()
            .map(|pair| match self.pair_id(pair) {
                Some(id) => self.pair(id as usize, f.locale).clone(),
                None => pair.clone(),
            })
            .collect();
        for (name, value) in &chosen {
            let facet = match characteristics.iter().position(|c| &c.name == name) {
                Some(i) => &mut characteristics[i],
                None => {
                    characteristics.push(CharacteristicFacet {
                        name: name.clone(),
                        values: Vec::new(),
                    });
                    characteristics.last_mut().expect("just pushed")
                }
            };
            if !facet.values.iter().any(|v| &v.value == value) {
                facet.values.push(FacetValue {
                    value: value.clone(),
                    count: 0,
                });
            }
        }
        SearchResult {
            cards,
            total,
            variants,
            characteristics,
        }
    }

    /// Featured products first, then the most sold; narrowed to category ids.
    pub fn showcase(
        &self,
        category_ids: Option<&[i64]>,
        limit: usize,
        locale: Locale,
    ) -> Vec<ProductCard> {
        let in_category = |e: &&Entry| category_ids.is_none_or(|ids| ids.contains(&e.category_id));
        let popular = || self.popular.iter().map(|i| &self.products[*i as usize]);
        popular()
            .filter(|e| e.featured)
            .chain(popular().filter(|e| !e.featured))
            .filter(in_category)
            .take(limit)
            .map(|e| Self::card(e, locale))
            .collect()
    }

    /// Others from the same category, best sellers first.
    pub fn related(
        &self,
        product_id: i64,
        category_id: i64,
        limit: usize,
        locale: Locale,
    ) -> Vec<ProductCard> {
        self.popular
            .iter()
            .map(|i| &self.products[*i as usize])
            .filter(|e| e.category_id == category_id && e.card.id != product_id)
            .take(limit)
            .map(|e| Self::card(e, locale))
            .collect()
    }
}

#[cfg(test)]
mod tests;
