//! The index's search, sort, facets and filters on a small made-up catalog.

use super::*;

/// (id, category, units sold, variants with prices).
type TestProduct = (i64, i64, i64, &'static [(&'static str, i64)]);

/// Four products in two categories.
fn index() -> CatalogIndex {
    let products: [TestProduct; 4] = [
        (1, 10, 5, &[("S", 100), ("L", 300)]),
        (2, 10, 9, &[("S", 200)]),
        (3, 11, 9, &[("L", 500)]),
        (4, 11, 1, &[("S", 50), ("S", 60)]),
    ];
    let rows = products
        .iter()
        .map(|(id, category, sold, _)| repo::CardRow {
            id: *id,
            slug: format!("p{id}"),
            name: format!("P{id}"),
            name_ru: format!("П{id}"),
            category_name: format!("C{category}"),
            category_name_ru: format!("К{category}"),
            category_slug: String::new(),
            made_to_order: false,
            lead_time_days: 0,
            category_id: *category,
            supplier_id: None,
            sold_count: *sold,
            featured: *id == 4,
            paused: false,
        })
        .collect();
    let variants = products
        .iter()
        .flat_map(|(id, _, _, vs)| {
            vs.iter()
                .map(|(n, p)| (*id, n.to_string(), format!("{n}-ru"), *p))
        })
        .collect();
    let stock = products.iter().map(|(id, ..)| (*id, 1, 1)).collect();
    let chars = products
        .iter()
        .map(|(id, ..)| {
            (
                *id,
                "Flavour".to_owned(),
                format!("F{}", id % 2),
                "Вкус".to_owned(),
                format!("В{}", id % 2),
            )
        })
        .collect();
    CatalogIndex::assemble(repo::CatalogSnapshot {
        version: 1,
        categories: Default::default(),
        stores: Default::default(),
        suppliers: Vec::new(),
        products: rows,
        variants,
        stock,
        images: Vec::new(),
        characteristics: chars,
    })
}

fn run(query: &str, category_ids: Option<Vec<i64>>) -> SearchResult {
    run_in(query, category_ids, Locale::En)
}

fn run_in(query: &str, category_ids: Option<Vec<i64>>, locale: Locale) -> SearchResult {
    let q = CatalogQuery::parse(query);
    let f = Filters {
        query: &q,
        category_ids,
        store_id: None,
        text: None,
        minor_per_unit: 100,
        locale,
    };
    index().search(&f, 2, 0)
}

fn ids(r: &SearchResult) -> Vec<i64> {
    r.cards.iter().map(|c| c.id).collect()
}

#[test]
fn searching_sorts_by_score_and_pages_walk_on() {
    let q = CatalogQuery::parse("q=x");
    let f = Filters {
        query: &q,
        category_ids: None,
        store_id: None,
        text: Some(HashMap::from([(3, -1.0), (1, -2.0)])),
        minor_per_unit: 100,
        locale: Locale::En,
    };
    let r = index().search(&f, 10, 0);
    assert_eq!(
        ids(&r),
        vec![1, 3],
        "the best score first, text matches only"
    );
    let q = CatalogQuery::parse("");
    let f = Filters {
        text: None,
        query: &q,
        ..f
    };
    assert_eq!(
        ids(&index().search(&f, 2, 2)),
        vec![1, 4],
        "the second page"
    );
}

#[test]
fn popular_sorts_by_sales_then_id_and_pages() {
    let r = run("", None);
    assert_eq!(r.total, 4);
    assert_eq!(ids(&r), vec![2, 3], "page of 2: most sold, ties by id");
    assert_eq!(ids(&run("sort=price_asc", None)), vec![4, 1]);
    assert_eq!(ids(&run("sort=newest", None)), vec![4, 3]);
}

#[test]
fn the_size_facet_ignores_its_own_filter_and_counts_products_once() {
    let r = run("variant=L", None);
    assert_eq!(r.total, 2);
    let sizes: Vec<(&str, i64)> = r
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    // Product 4 has two variants named S: counted once.
    assert_eq!(sizes, vec![("S", 3), ("L", 2)]);
    // Characteristic counts follow the full filter.
    let flavours: Vec<(String, i64)> = r.characteristics[0]
        .values
        .iter()
        .map(|v| (v.value.clone(), v.count))
        .collect();
    assert_eq!(flavours, vec![("F1".to_owned(), 2)]);
}

#[test]
fn price_category_and_characteristic_filters_combine() {
    // (The home page: featured first, then by sales.)
    let home: Vec<i64> = index()
        .showcase(None, 3, Locale::En)
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(home, vec![4, 2, 3]);
    let related: Vec<i64> = index()
        .related(2, 10, 4, Locale::En)
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(related, vec![1]);
    // 1..=2 major units = 100..=200 minor: products 1 (S 100) and 2 (S 200).
    let r = run("price_min=1&price_max=2", None);
    assert_eq!(r.total, 2);
    let r = run("price_min=1&price_max=2&ch=Flavour:F0", Some(vec![10]));
    assert_eq!(ids(&r), vec![2]);
    let r = run("ch=Flavour:Nothing", None);
    assert_eq!(r.total, 0);
    assert!(
        r.characteristics.iter().any(|c| c
            .values
            .iter()
            .any(|v| v.value == "Nothing" && v.count == 0)),
        "a chosen value stays listed"
    );
}

#[test]
fn cards_and_facets_speak_the_pages_language_and_filters_take_either() {
    let r = run_in("ch=Flavour:F0", None, Locale::Ru);
    assert_eq!(ids(&r), vec![2, 4], "an English filter on a Russian page");
    assert_eq!(r.cards[0].name, "П2");
    assert_eq!(r.cards[0].category_name, "К10");
    let facet = &r.characteristics[0];
    assert_eq!(facet.name, "Вкус");
    assert_eq!(facet.values[0].value, "В0", "the chosen value, in Russian");
    assert!(facet.values.iter().all(|v| v.value != "F0"));
    let r = run_in("ch=Вкус:В0&variant=S-ru", None, Locale::Ru);
    assert_eq!(ids(&r), vec![2, 4], "Russian names filter too");
    let r = run_in("ch=Вкус:В1&variant=L-ru", None, Locale::Ru);
    assert_eq!(ids(&r), vec![3, 1]);
    assert!(r.variants.iter().any(|v| v.value == "S-ru"));
    let r = run_in("ch=Вкус:В0", None, Locale::En);
    assert_eq!(r.cards[0].name, "P2");
    assert_eq!(r.characteristics[0].name, "Flavour");
    assert_eq!(r.characteristics[0].values[0].value, "F0");
    let home = index().showcase(None, 1, Locale::Ru);
    assert_eq!(home[0].name, "П4");
}
