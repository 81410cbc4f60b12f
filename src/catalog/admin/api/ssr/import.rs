//! The server side of the assortment's import: the upload read and kept,
//! its preview worded in the reader's language, its apply.

use leptos::server_fn::codec::MultipartData;

use super::{tr, word};
use crate::accounts::guard::require;
use crate::accounts::roles::MANAGERS;
use crate::catalog::admin::import::{LineError, LineProblem, Plan};
use crate::catalog::admin::service;
use crate::catalog::admin::sheet::{self, SheetProblem};
use crate::catalog::admin::texts::{AssortmentTexts, ImportTexts, import_texts_for};
use crate::catalog::admin::types::{ImportItem, ImportLineError, ImportPreview};
use crate::error::AppError;
use crate::history::types::Actor;
use crate::server::app_state;

fn itr() -> &'static ImportTexts {
    import_texts_for(crate::i18n::request_locale())
}

fn sheet_problem(t: &ImportTexts, problem: &SheetProblem) -> String {
    match problem {
        SheetProblem::TooLarge => t.err_file_large.to_owned(),
        SheetProblem::Unreadable => t.err_file_unreadable.to_owned(),
        SheetProblem::Empty => t.err_file_empty.to_owned(),
        SheetProblem::UnknownColumn(c) => (t.err_unknown_column)(c),
        SheetProblem::DuplicateColumn(c) => (t.err_duplicate_column)(c),
        SheetProblem::MissingColumn(c) => (t.err_missing_column)(c),
        SheetProblem::TooManyRows => (t.err_too_many_rows)(sheet::MAX_ROWS),
    }
}

fn line_error(a: &AssortmentTexts, t: &ImportTexts, e: &LineError) -> ImportLineError {
    let message = match &e.problem {
        LineProblem::Field(p) => word(a, *p),
        LineProblem::YesNo => t.err_yes_no.to_owned(),
        LineProblem::UnknownCategory => t.err_unknown_category.to_owned(),
        LineProblem::NeededForNew => t.err_needed_for_new.to_owned(),
        LineProblem::SkuTwice { first } => (t.err_sku_twice)(*first),
        LineProblem::SkuElsewhere { product } => (t.err_sku_elsewhere)(product),
        LineProblem::RowsDiffer { first } => (t.err_rows_differ)(*first),
        LineProblem::VariantNeeds => t.err_variant_needs.to_owned(),
        LineProblem::NoVariants => a.err_no_variants.to_owned(),
        LineProblem::NotAllowed(n) => {
            let c = crate::catalog::admin::texts::characteristic_texts_for(
                crate::i18n::request_locale(),
            );
            (c.err_not_allowed)(&n.name, &n.value, &n.allowed)
        }
    };
    ImportLineError {
        line: e.line,
        column: e.column.map(|c| c.header().to_owned()).unwrap_or_default(),
        message,
    }
}

fn preview(id: i64, file_name: String, rows: usize, plan: Plan) -> ImportPreview {
    let (a, t) = (tr(), itr());
    ImportPreview {
        id,
        file_name,
        rows,
        created: plan.created(),
        changed: plan.changed(),
        unchanged: plan.unchanged,
        errors: plan.errors.iter().map(|e| line_error(a, t, e)).collect(),
        products: plan
            .products
            .into_iter()
            .map(|p| ImportItem {
                line: p.line,
                id: p.id,
                name: p.input.label().to_owned(),
                slug: p.input.slug,
                changes: p
                    .changes
                    .iter()
                    .chain(p.variants.iter().flat_map(|v| v.changes.iter()))
                    .map(|c| {
                        (
                            (a.field_name)(&c.field),
                            c.old.clone().unwrap_or_default(),
                            c.new.clone().unwrap_or_default(),
                        )
                    })
                    .collect(),
                new_variants: p
                    .variants
                    .iter()
                    .filter(|v| v.id.is_none())
                    .filter_map(|v| service::variant_added(&v.input).new)
                    .collect(),
            })
            .collect(),
    }
}

/// A file name as shown back: no path, no control characters, at most 100 characters.
fn shown_name(name: Option<&str>) -> String {
    let name = name.unwrap_or("");
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if clean.trim().is_empty() {
        "import".to_owned()
    } else {
        clean
    }
}

pub async fn upload_import(data: MultipartData) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let (a, t) = (tr(), itr());
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let unreadable = |e: String| AppError::BadRequest(format!("{}: {e}", a.err_upload));
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(e.to_string()))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = shown_name(field.file_name());
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(e.to_string()))? {
            if bytes.len() + chunk.len() > sheet::MAX_BYTES {
                return Err(AppError::field("file", t.err_file_large));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((name, bytes));
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AppError::field("file", t.err_file_missing));
    };
    let id = service::upload_import(&state.db, user.id, &name, bytes)
        .await?
        .map_err(|p| AppError::field("file", sheet_problem(t, &p)))?;
    leptos_axum::redirect(&format!("/admin/catalog/import/{id}"));
    Ok(id)
}

pub async fn load_import(id: i64) -> Result<ImportPreview, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let (name, rows, plan) = service::import_preview(&state.db, id, user.id).await?;
    Ok(preview(id, name, rows, plan))
}

/// Applies the import; answers how many products it created or changed.
pub async fn apply_import(id: i64) -> Result<usize, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    match service::apply_import(&state.db, id, Actor::ui(user.id)).await? {
        Ok(plan) => {
            leptos_axum::redirect("/admin/catalog?notice=imported");
            Ok(plan.products.len())
        }
        Err(plan) => Err(AppError::Conflict((itr().err_changed)(plan.errors.len()))),
    }
}
