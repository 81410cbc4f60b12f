//! An assortment import, planned: the sheet's rows (see `sheet`) compared
//! with what the shop has, giving the products to create and to change,
//! each change field by field, and every error by line. Pure: the preview
//! shows a plan, and apply plans again inside its transaction and writes
//! that plan only if it has no error.
//!
//! Products are found by their URL name (`product`), variants by SKU.
//! A column the file lacks keeps what the product has; on an existing
//! product an empty name, category, flag or number keeps it too, while an
//! empty description, characteristics, old price or low-stock level
//! clears it (an export writes them empty when there are none). Variants
//! the file does not mention stay as they are: an import never deletes.
//! Stock is not imported: shelves change through movements with a reason.

use std::collections::HashMap;

use super::repo::products::ProductInput;
use super::repo::variants::{VariantInput, money_text};
use super::sheet::{Column, Row};
use crate::domain::{Characteristics, Count, Notes, Price, Problem, ProductName, Sku, Slug};
use crate::history::types::{Change, diff};

/// The shop's products and variants as an import compares them.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// id → slug.
    pub categories: HashMap<i64, String>,
    pub products: Vec<ProductSnap>,
    /// In each product's order.
    pub variants: Vec<VariantSnap>,
}

#[derive(Debug, Clone)]
pub struct ProductSnap {
    pub id: i64,
    pub input: ProductInput,
}

#[derive(Debug, Clone)]
pub struct VariantSnap {
    pub id: i64,
    pub product_id: i64,
    pub input: VariantInput,
}

/// A product to create (`id` is `None`) or change, with its variants to
/// add or change.
#[derive(Debug, Clone)]
pub struct ProductPlan {
    pub line: usize,
    pub id: Option<i64>,
    pub input: ProductInput,
    /// The product's own fields that change (empty for a new product).
    pub changes: Vec<Change>,
    pub variants: Vec<VariantPlan>,
}

#[derive(Debug, Clone)]
pub struct VariantPlan {
    pub line: usize,
    pub id: Option<i64>,
    pub input: VariantInput,
    pub changes: Vec<Change>,
}

/// What is wrong with a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    Field(Problem),
    /// Not yes or no.
    YesNo,
    UnknownCategory,
    /// A new product needs a name and a category.
    NeededForNew,
    /// The SKU is on an earlier line too.
    SkuTwice {
        first: usize,
    },
    /// The SKU belongs to another product.
    SkuElsewhere {
        product: String,
    },
    /// The product's own columns differ from its first line.
    RowsDiffer {
        first: usize,
    },
    /// A new variant needs a name and a price.
    VariantNeeds,
    /// Published with no variant to sell.
    NoVariants,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub column: Option<Column>,
    pub problem: LineProblem,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub products: Vec<ProductPlan>,
    /// Products the file names that would not change.
    pub unchanged: usize,
    pub errors: Vec<LineError>,
}

impl Plan {
    pub fn created(&self) -> usize {
        self.products.iter().filter(|p| p.id.is_none()).count()
    }
    pub fn changed(&self) -> usize {
        self.products.iter().filter(|p| p.id.is_some()).count()
    }
}

/// One line's product columns, parsed; `None` where the file has no
/// such column or (on an existing product) leaves a keeping cell empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct ProductCells {
    name: Option<String>,
    category: Option<String>,
    published: Option<bool>,
    made_to_order: Option<bool>,
    lead_time_days: Option<i64>,
    description: Option<String>,
    characteristics: Option<Vec<(String, String)>>,
}

fn yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "да" | "д" => Some(true),
        "no" | "n" | "false" | "0" | "нет" | "н" => Some(false),
        _ => None,
    }
}

/// The product columns of a row; problems go to `errors`.
fn product_cells(row: &Row, errors: &mut Vec<LineError>) -> ProductCells {
    let mut fail = |column: Column, problem: LineProblem| {
        errors.push(LineError {
            line: row.line,
            column: Some(column),
            problem,
        })
    };
    let filled = |c: Column| row.get(c).filter(|t| !t.is_empty());
    let mut cells = ProductCells::default();
    if let Some(name) = filled(Column::Name) {
        match ProductName::parse(name) {
            Ok(n) => cells.name = Some(n.into_string()),
            Err(p) => fail(Column::Name, LineProblem::Field(p)),
        }
    }
    cells.category = filled(Column::Category).map(str::to_lowercase);
    for (column, slot) in [
        (Column::Published, &mut cells.published),
        (Column::MadeToOrder, &mut cells.made_to_order),
    ] {
        if let Some(text) = filled(column) {
            match yes_no(text) {
                Some(b) => *slot = Some(b),
                None => fail(column, LineProblem::YesNo),
            }
        }
    }
    if let Some(text) = filled(Column::LeadTimeDays) {
        match Count::parse(text) {
            Ok(c) if c.get() <= 365 => cells.lead_time_days = Some(c.get()),
            _ => fail(Column::LeadTimeDays, LineProblem::Field(Problem::Count)),
        }
    }
    if let Some(text) = row.get(Column::Description) {
        match Notes::parse(text) {
            Ok(n) => cells.description = Some(n.into_string()),
            Err(p) => fail(Column::Description, LineProblem::Field(p)),
        }
    }
    if let Some(text) = row.get(Column::Characteristics) {
        match Characteristics::parse(&text.replace(';', "\n")) {
            Ok(c) => cells.characteristics = Some(c.into_vec()),
            Err(p) => fail(Column::Characteristics, LineProblem::Field(p)),
        }
    }
    cells
}

/// `first` with the cells a follow-up line fills: each must agree.
fn agrees(first: &ProductCells, other: &ProductCells) -> bool {
    fn same<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
        b.is_none() || a == b
    }
    let text_same =
        |a: &Option<String>, b: &Option<String>| b.as_deref().is_none_or(str::is_empty) || a == b;
    let chars_same = |a: &Option<Vec<(String, String)>>, b: &Option<Vec<(String, String)>>| {
        b.as_ref().is_none_or(Vec::is_empty) || a == b
    };
    same(&first.name, &other.name)
        && same(&first.category, &other.category)
        && same(&first.published, &other.published)
        && same(&first.made_to_order, &other.made_to_order)
        && same(&first.lead_time_days, &other.lead_time_days)
        && text_same(&first.description, &other.description)
        && chars_same(&first.characteristics, &other.characteristics)
}

fn chars_text(list: &[(String, String)]) -> String {
    list.iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn yes_no_text(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// The rows of an export: one per variant, a product without variants on
/// one row of its own; `ids` in the order given.
pub fn export_rows(snapshot: &Snapshot, ids: &[i64]) -> Vec<Vec<String>> {
    let products: HashMap<i64, &ProductSnap> =
        snapshot.products.iter().map(|p| (p.id, p)).collect();
    let mut variants: HashMap<i64, Vec<&VariantSnap>> = HashMap::new();
    for v in &snapshot.variants {
        variants.entry(v.product_id).or_default().push(v);
    }
    let mut out = Vec::new();
    for id in ids {
        let Some(p) = products.get(id) else { continue };
        let i = &p.input;
        let own = [
            i.slug.clone(),
            i.name.clone(),
            snapshot
                .categories
                .get(&i.category_id)
                .cloned()
                .unwrap_or_default(),
            yes_no_text(i.published),
            yes_no_text(i.made_to_order),
            i.lead_time_days.to_string(),
            i.description.clone(),
            chars_text(&i.characteristics),
        ];
        let list = variants.get(id).map(Vec::as_slice).unwrap_or(&[]);
        if list.is_empty() {
            let mut row = own.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 5));
            out.push(row);
        }
        for v in list {
            let mut row = own.to_vec();
            row.extend([
                v.input.sku.clone(),
                v.input.name.clone(),
                money_text(v.input.price_minor),
                v.input.old_price_minor.map(money_text).unwrap_or_default(),
                v.input
                    .low_stock_threshold
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ]);
            out.push(row);
        }
    }
    out
}

/// Plans an import of `rows` into the shop as `snapshot` has it.
pub fn plan(rows: &[Row], snapshot: &Snapshot) -> Plan {
    let mut errors = Vec::new();
    let by_slug: HashMap<&str, &ProductSnap> = snapshot
        .products
        .iter()
        .map(|p| (p.input.slug.as_str(), p))
        .collect();
    let by_sku: HashMap<&str, &VariantSnap> = snapshot
        .variants
        .iter()
        .map(|v| (v.input.sku.as_str(), v))
        .collect();
    let category_ids: HashMap<&str, i64> = snapshot
        .categories
        .iter()
        .map(|(id, slug)| (slug.as_str(), *id))
        .collect();
    let slugs: HashMap<i64, &str> = snapshot
        .products
        .iter()
        .map(|p| (p.id, p.input.slug.as_str()))
        .collect();

    // The lines of each product, in the file's order.
    let mut order: Vec<String> = Vec::new();
    let mut lines: HashMap<String, Vec<&Row>> = HashMap::new();
    for row in rows {
        let name = row.get(Column::Name).unwrap_or("");
        match Slug::parse_or_make(row.get(Column::Product).unwrap_or(""), name) {
            Ok(slug) => {
                let slug = slug.into_string();
                if !lines.contains_key(&slug) {
                    order.push(slug.clone());
                }
                lines.entry(slug).or_default().push(row);
            }
            Err(p) => errors.push(LineError {
                line: row.line,
                column: Some(Column::Product),
                problem: LineProblem::Field(if name.is_empty() {
                    Problem::Required
                } else {
                    p
                }),
            }),
        }
    }

    let mut skus_seen: HashMap<String, usize> = HashMap::new();
    let mut out = Plan::default();
    for slug in order {
        let rows = &lines[&slug];
        let first_row = rows[0];
        let cells = product_cells(first_row, &mut errors);
        for row in &rows[1..] {
            let other = product_cells(row, &mut errors);
            if !agrees(&cells, &other) {
                errors.push(LineError {
                    line: row.line,
                    column: None,
                    problem: LineProblem::RowsDiffer {
                        first: first_row.line,
                    },
                });
            }
        }
        let existing = by_slug.get(slug.as_str()).copied();
        let fail = |errors: &mut Vec<LineError>, column, problem| {
            errors.push(LineError {
                line: first_row.line,
                column,
                problem,
            })
        };
        let category_id = match &cells.category {
            Some(c) => match category_ids.get(c.as_str()) {
                Some(id) => Some(*id),
                None => {
                    fail(
                        &mut errors,
                        Some(Column::Category),
                        LineProblem::UnknownCategory,
                    );
                    None
                }
            },
            None => None,
        };
        let base = match existing {
            Some(p) => p.input.clone(),
            None => {
                if cells.name.is_none() || cells.category.is_none() {
                    let column = if cells.name.is_none() {
                        Column::Name
                    } else {
                        Column::Category
                    };
                    fail(&mut errors, Some(column), LineProblem::NeededForNew);
                }
                ProductInput {
                    name: String::new(),
                    slug: slug.clone(),
                    description: String::new(),
                    category_id: 0,
                    supplier_id: None,
                    published: false,
                    featured: false,
                    made_to_order: false,
                    lead_time_days: 0,
                    characteristics: Vec::new(),
                }
            }
        };
        let input = ProductInput {
            name: cells.name.clone().unwrap_or(base.name.clone()),
            slug: slug.clone(),
            description: cells
                .description
                .clone()
                .unwrap_or(base.description.clone()),
            category_id: category_id.unwrap_or(base.category_id),
            supplier_id: base.supplier_id,
            published: cells.published.unwrap_or(base.published),
            featured: base.featured,
            made_to_order: cells.made_to_order.unwrap_or(base.made_to_order),
            lead_time_days: cells.lead_time_days.unwrap_or(base.lead_time_days),
            characteristics: cells
                .characteristics
                .clone()
                .unwrap_or(base.characteristics.clone()),
        };
        let mut changes = Vec::new();
        if existing.is_some() {
            let category = |id: i64| snapshot.categories.get(&id).cloned().unwrap_or_default();
            diff(&mut changes, "name", &base.name, &input.name);
            diff(
                &mut changes,
                "description",
                &base.description,
                &input.description,
            );
            diff(
                &mut changes,
                "category",
                &category(base.category_id),
                &category(input.category_id),
            );
            diff(
                &mut changes,
                "published",
                &yes_no_text(base.published),
                &yes_no_text(input.published),
            );
            diff(
                &mut changes,
                "made_to_order",
                &yes_no_text(base.made_to_order),
                &yes_no_text(input.made_to_order),
            );
            diff(
                &mut changes,
                "lead_time_days",
                &base.lead_time_days.to_string(),
                &input.lead_time_days.to_string(),
            );
            diff(
                &mut changes,
                "characteristics",
                &chars_text(&base.characteristics),
                &chars_text(&input.characteristics),
            );
        }

        let mut variants = Vec::new();
        for row in rows {
            if let Some(v) = variant(
                row,
                existing.map(|p| p.id),
                &by_sku,
                &slugs,
                &mut skus_seen,
                &mut errors,
            ) {
                variants.push(v);
            }
        }
        let has_variants = !variants.is_empty()
            || existing.is_some_and(|p| snapshot.variants.iter().any(|v| v.product_id == p.id));
        if input.published && !has_variants {
            fail(
                &mut errors,
                Some(Column::Published),
                LineProblem::NoVariants,
            );
        }
        if existing.is_some() && changes.is_empty() && variants.is_empty() {
            out.unchanged += 1;
            continue;
        }
        out.products.push(ProductPlan {
            line: first_row.line,
            id: existing.map(|p| p.id),
            input,
            changes,
            variants,
        });
    }
    errors.sort_by_key(|e| e.line);
    out.errors = errors;
    out
}

/// The variant a row adds or changes, if any (a row with no SKU is about
/// the product alone).
fn variant(
    row: &Row,
    product_id: Option<i64>,
    by_sku: &HashMap<&str, &VariantSnap>,
    slugs: &HashMap<i64, &str>,
    skus_seen: &mut HashMap<String, usize>,
    errors: &mut Vec<LineError>,
) -> Option<VariantPlan> {
    let mut fail = |column: Option<Column>, problem: LineProblem| {
        errors.push(LineError {
            line: row.line,
            column,
            problem,
        });
        None
    };
    let sku_text = row.get(Column::Sku).unwrap_or("");
    if sku_text.is_empty() {
        let variant_cells = [Column::Variant, Column::Price, Column::OldPrice];
        if variant_cells
            .iter()
            .any(|c| row.get(*c).is_some_and(|t| !t.is_empty()))
        {
            return fail(Some(Column::Sku), LineProblem::Field(Problem::Required));
        }
        return None;
    }
    let sku = match Sku::parse(sku_text) {
        Ok(s) => s.into_string(),
        Err(p) => return fail(Some(Column::Sku), LineProblem::Field(p)),
    };
    if let Some(first) = skus_seen.insert(sku.clone(), row.line) {
        return fail(Some(Column::Sku), LineProblem::SkuTwice { first });
    }
    let existing = by_sku.get(sku.as_str()).copied();
    if let Some(v) = existing
        && Some(v.product_id) != product_id
    {
        let product = slugs.get(&v.product_id).copied().unwrap_or("").to_owned();
        return fail(Some(Column::Sku), LineProblem::SkuElsewhere { product });
    }
    let filled = |c: Column| row.get(c).filter(|t| !t.is_empty());
    let mut bad = false;
    let mut problem = |column: Column, p: Problem| {
        bad = true;
        errors.push(LineError {
            line: row.line,
            column: Some(column),
            problem: LineProblem::Field(p),
        });
    };
    let name = match filled(Column::Variant).map(ProductName::parse) {
        Some(Ok(n)) => Some(n.into_string()),
        Some(Err(p)) => {
            problem(Column::Variant, p);
            None
        }
        None => None,
    };
    let price = match filled(Column::Price).map(Price::parse) {
        Some(Ok(p)) => Some(p.minor()),
        Some(Err(p)) => {
            problem(Column::Price, p);
            None
        }
        None => None,
    };
    // Present and empty clears these two; absent keeps them.
    let old_price = match row.get(Column::OldPrice) {
        None => None,
        Some("") => Some(None),
        Some(text) => match Price::parse(text) {
            Ok(p) => Some(Some(p.minor())),
            Err(p) => {
                problem(Column::OldPrice, p);
                None
            }
        },
    };
    let low_stock = match row.get(Column::LowStock).map(Count::parse_optional) {
        None => None,
        Some(Ok(c)) => Some(c.map(Count::get)),
        Some(Err(p)) => {
            problem(Column::LowStock, p);
            None
        }
    };
    if bad {
        return None;
    }
    let Some(old) = existing else {
        let (Some(name), Some(price_minor)) = (name, price) else {
            let column = if filled(Column::Variant).is_none() {
                Column::Variant
            } else {
                Column::Price
            };
            errors.push(LineError {
                line: row.line,
                column: Some(column),
                problem: LineProblem::VariantNeeds,
            });
            return None;
        };
        return Some(VariantPlan {
            line: row.line,
            id: None,
            input: VariantInput {
                sku,
                name,
                price_minor,
                old_price_minor: old_price.flatten(),
                low_stock_threshold: low_stock.flatten(),
            },
            changes: Vec::new(),
        });
    };
    let was = &old.input;
    let input = VariantInput {
        sku: sku.clone(),
        name: name.unwrap_or(was.name.clone()),
        price_minor: price.unwrap_or(was.price_minor),
        old_price_minor: old_price.unwrap_or(was.old_price_minor),
        low_stock_threshold: low_stock.unwrap_or(was.low_stock_threshold),
    };
    let money = |m: Option<i64>| m.map(money_text).unwrap_or_default();
    let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut changes = Vec::new();
    diff(
        &mut changes,
        &format!("variant_name:{sku}"),
        &was.name,
        &input.name,
    );
    diff(
        &mut changes,
        &format!("price:{sku}"),
        &money_text(was.price_minor),
        &money_text(input.price_minor),
    );
    diff(
        &mut changes,
        &format!("old_price:{sku}"),
        &money(was.old_price_minor),
        &money(input.old_price_minor),
    );
    diff(
        &mut changes,
        &format!("low_stock:{sku}"),
        &count(was.low_stock_threshold),
        &count(input.low_stock_threshold),
    );
    if changes.is_empty() {
        return None;
    }
    Some(VariantPlan {
        line: row.line,
        id: Some(old.id),
        input,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let product = |id: i64, slug: &str, published: bool| ProductSnap {
            id,
            input: ProductInput {
                name: format!("Product {id}"),
                slug: slug.into(),
                description: String::new(),
                category_id: 1,
                supplier_id: None,
                published,
                featured: false,
                made_to_order: false,
                lead_time_days: 0,
                characteristics: vec![("Weight".into(), "500 g".into())],
            },
        };
        let variant = |id: i64, product_id: i64, sku: &str, price: i64| VariantSnap {
            id,
            product_id,
            input: VariantInput {
                sku: sku.into(),
                name: "Whole".into(),
                price_minor: price,
                old_price_minor: None,
                low_stock_threshold: None,
            },
        };
        Snapshot {
            categories: HashMap::from([(1, "bread".into()), (2, "cakes".into())]),
            products: vec![product(10, "rye", true), product(11, "empty", false)],
            variants: vec![variant(100, 10, "RYE-1", 15_000)],
        }
    }

    fn row(line: usize, cells: &[(Column, &str)]) -> Row {
        let mut all = vec![None; Column::ALL.len()];
        for (c, text) in cells {
            let i = Column::ALL.iter().position(|x| x == c).unwrap();
            all[i] = Some((*text).to_owned());
        }
        Row::from_cells(line, all)
    }

    #[test]
    fn an_export_planned_back_changes_nothing() {
        let s = snapshot();
        let rows: Vec<Row> = export_rows(&s, &[10, 11])
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row::from_cells(i + 2, cells.into_iter().map(Some).collect()))
            .collect();
        let plan = plan(&rows, &s);
        assert_eq!(plan.errors, []);
        assert!(plan.products.is_empty());
        assert_eq!(plan.unchanged, 2);
    }

    #[test]
    fn creates_changes_and_keeps_what_the_file_leaves_out() {
        use Column::*;
        let rows = [
            row(2, &[(Product, "rye"), (Sku, "RYE-1"), (Price, "160")]),
            row(
                3,
                &[
                    (Product, ""),
                    (Name, "Медовик"),
                    (Category, "Cakes"),
                    (Sku, "MED-1"),
                    (Variant, "Целый"),
                    (Price, "1 200,50"),
                ],
            ),
        ];
        let plan = plan(&rows, &snapshot());
        assert_eq!(plan.errors, []);
        assert_eq!((plan.created(), plan.changed()), (1, 1));
        let rye = &plan.products[0];
        assert_eq!(rye.id, Some(10));
        assert!(rye.changes.is_empty(), "{:?}", rye.changes);
        assert_eq!(rye.input.characteristics.len(), 1);
        assert_eq!(
            rye.variants[0].changes,
            [Change::new("price:RYE-1", "150.00", "160.00")]
        );
        let new = &plan.products[1];
        assert_eq!((new.id, new.input.slug.as_str()), (None, "medovik"));
        assert_eq!(new.input.category_id, 2);
        assert_eq!(new.variants[0].input.price_minor, 120_050);
    }

    #[test]
    fn errors_come_by_line() {
        use Column::*;
        let rows = [
            row(2, &[(Product, "rye"), (Sku, "BAD SKU")]),
            row(3, &[(Product, "new"), (Name, "New"), (Category, "nowhere")]),
            row(
                4,
                &[
                    (Product, "empty"),
                    (Published, "yes"),
                    (Sku, "RYE-1"),
                    (Price, "1"),
                ],
            ),
            row(
                5,
                &[
                    (Product, "other"),
                    (Name, "Other"),
                    (Category, "bread"),
                    (Sku, "MED-1"),
                    (Variant, "x"),
                    (Price, "1"),
                ],
            ),
            row(
                6,
                &[
                    (Product, "other-2"),
                    (Name, "Other 2"),
                    (Category, "bread"),
                    (Sku, "MED-1"),
                    (Variant, "y"),
                    (Price, "2"),
                ],
            ),
            row(7, &[(Product, "rye"), (Name, "Renamed")]),
            row(
                8,
                &[
                    (Product, "fresh"),
                    (Name, "Fresh"),
                    (Category, "bread"),
                    (Published, "maybe"),
                ],
            ),
            row(
                9,
                &[
                    (Product, "fresh-2"),
                    (Name, "Fresh 2"),
                    (Category, "bread"),
                    (Sku, "F-2"),
                    (Variant, "v"),
                    (Price, "abc"),
                ],
            ),
            row(
                10,
                &[
                    (Product, "fresh-3"),
                    (Name, "Fresh 3"),
                    (Sku, "F-3"),
                    (Price, "5"),
                ],
            ),
        ];
        let plan = plan(&rows, &snapshot());
        let found: Vec<(usize, Option<Column>, LineProblem)> = plan
            .errors
            .iter()
            .map(|e| (e.line, e.column, e.problem.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (2, Some(Sku), LineProblem::Field(Problem::Sku)),
                (3, Some(Category), LineProblem::UnknownCategory),
                (
                    4,
                    Some(Sku),
                    LineProblem::SkuElsewhere {
                        product: "rye".into()
                    }
                ),
                (4, Some(Published), LineProblem::NoVariants),
                (6, Some(Sku), LineProblem::SkuTwice { first: 5 }),
                (7, None, LineProblem::RowsDiffer { first: 2 }),
                (8, Some(Published), LineProblem::YesNo),
                (9, Some(Price), LineProblem::Field(Problem::Amount)),
                (10, Some(Category), LineProblem::NeededForNew),
                (10, Some(Variant), LineProblem::VariantNeeds),
            ]
        );
    }
}
