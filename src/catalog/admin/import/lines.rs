//! One line of an import file read into what the plan needs: its
//! product columns and the variant it adds or changes, every problem
//! noted with its line and column.

use std::collections::HashMap;

use super::{LineError, LineProblem, VariantPlan, VariantSnap};
use crate::catalog::admin::repo::variants::{VariantInput, money_text};
use crate::catalog::admin::sheet::{Column, Row};
use crate::domain::{Characteristics, Count, Notes, Price, Problem, ProductName, Sku, TwoNames};
use crate::history::types::diff;

/// One line's product columns, parsed; `None` where the file has no
/// such column or (on an existing product) leaves a keeping cell empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct ProductCells {
    pub(super) name: Option<String>,
    pub(super) category: Option<String>,
    pub(super) published: Option<bool>,
    pub(super) made_to_order: Option<bool>,
    pub(super) lead_time_days: Option<i64>,
    pub(super) description: Option<String>,
    pub(super) characteristics: Option<Vec<(String, String)>>,
    /// The Russian name and description: present and empty clears them.
    pub(super) name_ru: Option<String>,
    pub(super) description_ru: Option<String>,
}

fn yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "да" | "д" => Some(true),
        "no" | "n" | "false" | "0" | "нет" | "н" => Some(false),
        _ => None,
    }
}

/// The product columns of a row; problems go to `errors`.
pub(super) fn product_cells(row: &Row, errors: &mut Vec<LineError>) -> ProductCells {
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
    if let Some(text) = row.get(Column::NameRu) {
        match TwoNames::parse("-", text) {
            Ok(n) => cells.name_ru = Some(n.ru),
            Err(p) => fail(Column::NameRu, LineProblem::Field(p)),
        }
    }
    for (column, slot) in [
        (Column::Description, &mut cells.description),
        (Column::DescriptionRu, &mut cells.description_ru),
    ] {
        if let Some(text) = row.get(column) {
            match Notes::parse(text) {
                Ok(n) => *slot = Some(n.into_string()),
                Err(p) => fail(column, LineProblem::Field(p)),
            }
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
pub(super) fn agrees(first: &ProductCells, other: &ProductCells) -> bool {
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
        && text_same(&first.name_ru, &other.name_ru)
        && text_same(&first.description_ru, &other.description_ru)
        && chars_same(&first.characteristics, &other.characteristics)
}

/// The variant a row adds or changes, if any (a row with no SKU is about
/// the product alone).
pub(super) fn variant(
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
    // Present and empty clears the Russian name; absent keeps it.
    let name_ru = match row.get(Column::VariantRu) {
        None => None,
        Some(text) => match TwoNames::parse("-", text) {
            Ok(n) => Some(n.ru),
            Err(p) => {
                problem(Column::VariantRu, p);
                None
            }
        },
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
        let named = name.is_some() || name_ru.as_ref().is_some_and(|n| !n.is_empty());
        let (true, Some(price_minor)) = (named, price) else {
            let column = if named {
                Column::Price
            } else {
                Column::Variant
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
                name: name.unwrap_or_default(),
                name_ru: name_ru.unwrap_or_default(),
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
        name_ru: name_ru.unwrap_or(was.name_ru.clone()),
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
        &format!("variant_name_ru:{sku}"),
        &was.name_ru,
        &input.name_ru,
    );
    if input.name.is_empty() && input.name_ru.is_empty() {
        errors.push(LineError {
            line: row.line,
            column: Some(Column::VariantRu),
            problem: LineProblem::Field(Problem::Required),
        });
        return None;
    }
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
