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
use crate::domain::{Problem, Slug};
use crate::history::types::{Change, diff};

use crate::catalog::admin::characteristics::normalise;

mod lines;
use lines::{agrees, product_cells, variant};

/// The shop's products and variants as an import compares them.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// id → slug.
    pub categories: HashMap<i64, String>,
    pub products: Vec<ProductSnap>,
    /// In each product's order.
    pub variants: Vec<VariantSnap>,
    /// The characteristic types (closed lists refuse other values).
    pub types: Vec<crate::catalog::admin::types::CharacteristicType>,
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
    /// A value outside its characteristic's closed list.
    NotAllowed(crate::catalog::admin::characteristics::NotAllowed),
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
            row.extend([i.name_ru.clone(), i.description_ru.clone(), String::new()]);
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
                i.name_ru.clone(),
                i.description_ru.clone(),
                v.input.name_ru.clone(),
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
        let name = match row.get(Column::Name).unwrap_or("") {
            "" => row.get(Column::NameRu).unwrap_or(""),
            name => name,
        };
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
                let named =
                    cells.name.is_some() || cells.name_ru.as_ref().is_some_and(|n| !n.is_empty());
                if !named || cells.category.is_none() {
                    let column = if !named {
                        Column::Name
                    } else {
                        Column::Category
                    };
                    fail(&mut errors, Some(column), LineProblem::NeededForNew);
                }
                ProductInput {
                    name: String::new(),
                    name_ru: String::new(),
                    slug: slug.clone(),
                    description: String::new(),
                    description_ru: String::new(),
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
            name_ru: cells.name_ru.clone().unwrap_or(base.name_ru.clone()),
            slug: slug.clone(),
            description: cells
                .description
                .clone()
                .unwrap_or(base.description.clone()),
            description_ru: cells
                .description_ru
                .clone()
                .unwrap_or(base.description_ru.clone()),
            category_id: category_id.unwrap_or(base.category_id),
            supplier_id: base.supplier_id,
            published: cells.published.unwrap_or(base.published),
            featured: base.featured,
            made_to_order: cells.made_to_order.unwrap_or(base.made_to_order),
            lead_time_days: cells.lead_time_days.unwrap_or(base.lead_time_days),
            characteristics: match &cells.characteristics {
                None => base.characteristics.clone(),
                Some(typed) => match normalise(typed, &snapshot.types) {
                    Ok(list) => list,
                    Err(refused) => {
                        fail(
                            &mut errors,
                            Some(Column::Characteristics),
                            LineProblem::NotAllowed(refused),
                        );
                        base.characteristics.clone()
                    }
                },
            },
        };
        if existing.is_some() && input.name.is_empty() && input.name_ru.is_empty() {
            fail(
                &mut errors,
                Some(Column::NameRu),
                LineProblem::Field(Problem::Required),
            );
        }
        let mut changes = Vec::new();
        if existing.is_some() {
            let category = |id: i64| snapshot.categories.get(&id).cloned().unwrap_or_default();
            diff(&mut changes, "name", &base.name, &input.name);
            diff(&mut changes, "name_ru", &base.name_ru, &input.name_ru);
            diff(
                &mut changes,
                "description",
                &base.description,
                &input.description,
            );
            diff(
                &mut changes,
                "description_ru",
                &base.description_ru,
                &input.description_ru,
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

#[cfg(test)]
mod tests;
