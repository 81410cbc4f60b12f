//! The server side of the assortment's server functions: the role check,
//! the input parsed into domain types (every mistake at once, next to its
//! field, in the visitor's language), the service, the answer.

use leptos::server_fn::codec::MultipartData;

mod characteristics;
mod import;
pub use characteristics::{
    CharacteristicForm, characteristics, create_characteristic, delete_characteristic,
    save_characteristic,
};
pub use import::{apply_import, load_import, upload_import};

use crate::accounts::guard::require;
use crate::accounts::roles::{MANAGERS, STAFF};
use crate::catalog::admin::repo::Refusal;
use crate::catalog::admin::service::{
    self, Adjustment, CategoryInput, PhotoMove, PriceChange, ProductInput, VariantInput,
};
use crate::catalog::admin::texts::{AssortmentTexts, characteristic_texts_for, texts};
use crate::catalog::admin::types::{
    CategoryTree, PER_PAGE, ProductEditor, ProductFilter, ProductTable, StockReason, tree_order,
};
use crate::domain::{
    Characteristics, Count, Notes, Percent, Price, Problem, Problems, Sku, Slug, TwoNames,
};
use crate::error::AppError;
use crate::history::types::Actor;
use crate::server::app_state;
use crate::server::pictures::{self, PictureProblem};

/// The category form's fields as posted.
pub struct CategoryForm {
    pub name: String,
    pub name_ru: String,
    pub slug: String,
    pub parent_id: String,
    pub position: String,
    pub description: String,
    pub description_ru: String,
}

/// The product form's fields as posted.
pub struct ProductForm {
    pub name: String,
    pub name_ru: String,
    pub slug: String,
    pub description: String,
    pub description_ru: String,
    pub category_id: String,
    pub supplier_id: String,
    pub published: bool,
    pub featured: bool,
    pub made_to_order: bool,
    pub lead_time_days: String,
    pub characteristics: String,
}

/// The variant form's fields as posted.
pub struct VariantForm {
    pub sku: String,
    pub name: String,
    pub name_ru: String,
    pub price: String,
    pub old_price: String,
    pub low_stock: String,
}

fn tr() -> &'static AssortmentTexts {
    texts(crate::i18n::request_locale())
}

/// Words a field's problem.
fn word(t: &AssortmentTexts, problem: Problem) -> String {
    match problem {
        Problem::Required => t.err_required.to_owned(),
        Problem::TooLong(n) => (t.err_too_long)(n),
        Problem::Amount | Problem::TooLarge => t.err_amount.to_owned(),
        Problem::Slug => t.err_slug.to_owned(),
        Problem::Sku => t.err_sku.to_owned(),
        Problem::Count => t.err_count.to_owned(),
        Problem::Characteristic => t.err_characteristic.to_owned(),
        Problem::Duplicate => t.err_duplicate.to_owned(),
        Problem::TooMany(n) => (t.err_too_many)(n),
        Problem::Percent => t.err_percent.to_owned(),
        Problem::Phone | Problem::Quantity => t.err_required.to_owned(),
    }
}

/// Words a refusal from the service.
fn refused(t: &AssortmentTexts, refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotFound => AppError::NotFound,
        Refusal::Invalid("published") => AppError::field("published", t.err_no_variants),
        Refusal::Invalid(field) => AppError::field(field, t.err_choose),
        Refusal::Taken("slug") => AppError::field("slug", t.err_slug_taken),
        Refusal::Taken("name") => AppError::field(
            "name",
            characteristic_texts_for(crate::i18n::request_locale()).err_name_taken,
        ),
        Refusal::Taken(field) => AppError::field(field, t.err_sku_taken),
        Refusal::Loop => AppError::field("parent_id", t.err_loop),
        Refusal::InUse { products, children } => {
            AppError::Conflict((t.err_in_use)(products, children))
        }
        Refusal::Stale => AppError::Conflict(t.err_stale.to_owned()),
        Refusal::NotEnough { have } => AppError::field("quantity", (t.err_not_enough)(have)),
        Refusal::NotAllowed(n) => {
            let c = characteristic_texts_for(crate::i18n::request_locale());
            AppError::field(
                "characteristics",
                (c.err_not_allowed)(&n.name, &n.value, &n.allowed),
            )
        }
        Refusal::ValuesInUse(values) => {
            let c = characteristic_texts_for(crate::i18n::request_locale());
            AppError::field("values", (c.err_values_in_use)(&values))
        }
    }
}

/// An id typed in a select: empty is `None`; anything else must be a number.
fn optional_id(text: &str) -> Result<Option<i64>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or(Problem::Required)
}

fn description(text: &str) -> Result<String, Problem> {
    Notes::parse(text).map(Notes::into_string)
}

fn category_input(f: &CategoryForm, t: &AssortmentTexts) -> Result<CategoryInput, AppError> {
    let mut p = Problems::default();
    let names = p.check("name", TwoNames::parse(&f.name, &f.name_ru));
    let for_slug = names.as_ref().map_or("", TwoNames::for_slug);
    let slug = p.check("slug", Slug::parse_or_make(&f.slug, for_slug));
    let parent = p.check("parent_id", optional_id(&f.parent_id));
    let position = p.check(
        "position",
        if f.position.trim().is_empty() {
            Count::parse("0")
        } else {
            Count::parse(&f.position)
        },
    );
    let desc = p.check("description", description(&f.description));
    let desc_ru = p.check("description_ru", description(&f.description_ru));
    match (names, slug, parent, position, desc, desc_ru) {
        (
            Some(names),
            Some(slug),
            Some(parent_id),
            Some(position),
            Some(description),
            Some(description_ru),
        ) if p.is_empty() => Ok(CategoryInput {
            name: names.en,
            name_ru: names.ru,
            slug: slug.into_string(),
            description,
            description_ru,
            parent_id,
            position: position.get(),
        }),
        _ => Err(AppError::Invalid(p.worded(|_, problem| word(t, problem)))),
    }
}

/// `slug` as typed, else made from the name.
fn slug_for(slug: &str, name: &str) -> Result<Slug, Problem> {
    Slug::parse_or_make(slug, name)
}

pub async fn categories() -> Result<CategoryTree, AppError> {
    let user = require(&STAFF)?;
    let state = app_state()?;
    let rows = service::categories(&state.db).await?;
    Ok(CategoryTree {
        rows: tree_order(&rows),
        can_edit: MANAGERS.contains(&user.role),
    })
}

pub async fn create_category(form: CategoryForm) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let input = category_input(&form, t)?;
    service::create_category(&state.db, &input, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))
}

pub async fn save_category(id: i64, form: CategoryForm) -> Result<(), AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let input = category_input(&form, t)?;
    service::update_category(&state.db, id, &input, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))
}

pub async fn delete_category(id: i64) -> Result<(), AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    service::delete_category(&state.db, id, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(tr(), r))
}

pub async fn products(query: String) -> Result<ProductTable, AppError> {
    let user = require(&STAFF)?;
    let state = app_state()?;
    if query.len() > 4096 {
        return Err(AppError::BadRequest(tr().err_query_long.into()));
    }
    let filter = ProductFilter::parse(&query);
    let (rows, total) =
        service::table(&state.db, &filter, PER_PAGE, crate::i18n::request_locale()).await?;
    let categories = service::categories(&state.db).await?;
    Ok(ProductTable {
        filter,
        rows,
        total,
        per_page: PER_PAGE,
        categories: tree_order(&categories),
        suppliers: service::suppliers(&state.db).await?,
        can_edit: MANAGERS.contains(&user.role),
    })
}

fn product_input(f: &ProductForm, t: &AssortmentTexts) -> Result<ProductInput, AppError> {
    let mut p = Problems::default();
    let names = p.check("name", TwoNames::parse(&f.name, &f.name_ru));
    let for_slug = names.as_ref().map_or("", TwoNames::for_slug);
    let slug = p.check("slug", slug_for(&f.slug, for_slug));
    let desc = p.check("description", description(&f.description));
    let desc_ru = p.check("description_ru", description(&f.description_ru));
    let category = p.check(
        "category_id",
        optional_id(&f.category_id).and_then(|c| c.ok_or(Problem::Required)),
    );
    let supplier = p.check("supplier_id", optional_id(&f.supplier_id));
    let lead = p.check(
        "lead_time_days",
        if f.lead_time_days.trim().is_empty() {
            Count::parse("0")
        } else {
            Count::parse(&f.lead_time_days).and_then(|c| {
                if c.get() > 365 {
                    Err(Problem::Count)
                } else {
                    Ok(c)
                }
            })
        },
    );
    let chars = p.check(
        "characteristics",
        Characteristics::parse(&f.characteristics),
    );
    match (
        names,
        slug,
        (desc, desc_ru),
        category,
        supplier,
        lead,
        chars,
    ) {
        (
            Some(names),
            Some(slug),
            (Some(description), Some(description_ru)),
            Some(category_id),
            Some(supplier_id),
            Some(lead),
            Some(chars),
        ) if p.is_empty() => Ok(ProductInput {
            name: names.en,
            name_ru: names.ru,
            slug: slug.into_string(),
            description,
            description_ru,
            category_id,
            supplier_id,
            published: f.published,
            featured: f.featured,
            made_to_order: f.made_to_order,
            lead_time_days: lead.get(),
            characteristics: chars.into_vec(),
        }),
        _ => Err(AppError::Invalid(p.worded(|_, problem| word(t, problem)))),
    }
}

pub async fn create_product(
    name: String,
    name_ru: String,
    category_id: String,
) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let form = ProductForm {
        slug: String::new(),
        name,
        name_ru,
        description: String::new(),
        description_ru: String::new(),
        category_id,
        supplier_id: String::new(),
        published: false,
        featured: false,
        made_to_order: false,
        lead_time_days: String::new(),
        characteristics: String::new(),
    };
    let input = product_input(&form, t)?;
    let id = service::create_product(&state.db, &input, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))?;
    leptos_axum::redirect(&format!("/admin/catalog/{id}"));
    Ok(id)
}

pub async fn editor(id: i64) -> Result<ProductEditor, AppError> {
    let user = require(&STAFF)?;
    let state = app_state()?;
    service::editor(&state.db, id, MANAGERS.contains(&user.role)).await
}

pub async fn save_product(id: i64, version: i64, form: ProductForm) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let input = product_input(&form, t)?;
    service::save_product(&state.db, id, version, &input, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))
}

pub async fn delete_product(id: i64) -> Result<(), AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    service::delete_product(&state.db, id, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(tr(), r))?;
    leptos_axum::redirect("/admin/catalog?notice=deleted");
    Ok(())
}

fn variant_input(f: &VariantForm, t: &AssortmentTexts) -> Result<VariantInput, AppError> {
    let mut p = Problems::default();
    let sku = p.check("sku", Sku::parse(&f.sku));
    let name = p.check("name", TwoNames::parse(&f.name, &f.name_ru));
    let price = p.check("price", Price::parse(&f.price));
    let old_price = p.check(
        "old_price",
        if f.old_price.trim().is_empty() {
            Ok(None)
        } else {
            Price::parse(&f.old_price).map(Some)
        },
    );
    let low = p.check("low_stock", Count::parse_optional(&f.low_stock));
    match (sku, name, price, old_price, low) {
        (Some(sku), Some(name), Some(price), Some(old_price), Some(low)) if p.is_empty() => {
            Ok(VariantInput {
                sku: sku.into_string(),
                name: name.en,
                name_ru: name.ru,
                price_minor: price.minor(),
                old_price_minor: old_price.map(Price::minor),
                low_stock_threshold: low.map(Count::get),
            })
        }
        _ => Err(AppError::Invalid(p.worded(|_, problem| word(t, problem)))),
    }
}

pub async fn add_variant(product_id: i64, form: VariantForm) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let input = variant_input(&form, t)?;
    service::add_variant(&state.db, product_id, &input, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))
}

pub async fn save_variant(id: i64, form: VariantForm) -> Result<(), AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let input = variant_input(&form, t)?;
    service::save_variant(&state.db, id, &input, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))?;
    Ok(())
}

pub async fn delete_variant(id: i64) -> Result<(), AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    service::delete_variant(&state.db, id, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(tr(), r))?;
    Ok(())
}

pub async fn adjust_stock(
    variant_id: i64,
    store_id: String,
    reason: String,
    quantity: String,
    note: String,
) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    let mut p = Problems::default();
    let store = p.check(
        "store_id",
        optional_id(&store_id).and_then(|s| s.ok_or(Problem::Required)),
    );
    let reason_parsed =
        StockReason::parse(reason.trim()).filter(|r| StockReason::MANUAL.contains(r));
    let quantity = p.check("quantity", Count::parse(&quantity));
    let note = p.check("note", Notes::parse(&note));
    let mut errors = p.worded(|_, problem| word(t, problem));
    if reason_parsed.is_none() {
        errors.push(crate::error::FieldError {
            field: "reason".into(),
            message: t.err_choose.into(),
        });
    }
    let (Some(store_id), Some(reason), Some(quantity), Some(note)) =
        (store, reason_parsed, quantity, note)
    else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let adjustment = Adjustment {
        variant_id,
        store_id,
        reason,
        quantity: quantity.get(),
        note: note.into_string(),
    };
    let (_, after) = service::adjust_stock(&state.db, &adjustment, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))?;
    Ok(after)
}

pub async fn upload_photo(data: MultipartData) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    if state.throttle.upload(&state.db, user.id).await?.is_some() {
        return Err(AppError::TooManyRequests(t.err_busy.into()));
    }
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let unreadable = |e: String| AppError::BadRequest(format!("{}: {e}", t.err_upload));
    let mut product_id: Option<i64> = None;
    let mut bytes = Vec::new();
    let mut found = false;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(e.to_string()))?
    {
        match field.name() {
            Some("product_id") => {
                let text = field.text().await.map_err(|e| unreadable(e.to_string()))?;
                product_id = text.trim().parse().ok();
            }
            Some("photo") => {
                found = true;
                while let Some(chunk) =
                    field.chunk().await.map_err(|e| unreadable(e.to_string()))?
                {
                    if bytes.len() + chunk.len() > pictures::PHOTO.max_bytes {
                        return Err(AppError::field("photo", t.err_photo_large));
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    let Some(product_id) = product_id else {
        return Err(AppError::BadRequest(t.err_upload.into()));
    };
    if !found || bytes.is_empty() {
        return Err(AppError::field("photo", t.err_photo_missing));
    }
    let photo = service::encode_photo(bytes).await.map_err(|p| match p {
        PictureProblem::TooLarge => AppError::field("photo", t.err_photo_large),
        PictureProblem::TooManyPixels => AppError::field("photo", t.err_photo_pixels),
        PictureProblem::NotAPicture => AppError::field("photo", t.err_photo_not_image),
        PictureProblem::Busy => AppError::TooManyRequests(t.err_busy.into()),
    })?;
    service::add_photo(&state.db, product_id, &photo, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(t, r))
}

pub async fn change_photo(id: i64, action: String) -> Result<(), AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let how = match action.trim() {
        "main" => PhotoMove::First,
        "earlier" => PhotoMove::Earlier,
        "later" => PhotoMove::Later,
        "delete" => PhotoMove::Delete,
        _ => return Err(AppError::BadRequest(tr().err_unknown_action.into())),
    };
    service::change_photo(&state.db, id, how, Actor::ui(user.id))
        .await?
        .map_err(|r| refused(tr(), r))?;
    Ok(())
}

/// The most products one bulk price change touches.
pub const BULK_MAX: usize = 1000;

pub async fn bulk_price(ids: Vec<i64>, mode: String, value: String) -> Result<i64, AppError> {
    let user = require(&MANAGERS)?;
    let state = app_state()?;
    let t = tr();
    if ids.is_empty() {
        return Err(AppError::field("ids", t.err_none_selected));
    }
    if ids.len() > BULK_MAX {
        return Err(AppError::field("ids", (t.err_too_many)(BULK_MAX)));
    }
    let change = match mode.trim() {
        "percent" => Percent::parse(&value).map(|p| PriceChange::Percent(p.hundredths())),
        "set" => Price::parse(&value).map(|p| PriceChange::To(p.minor())),
        _ => return Err(AppError::field("mode", t.err_choose)),
    }
    .map_err(|problem| AppError::field("value", word(t, problem)))?;
    let mut ids = ids;
    ids.sort_unstable();
    ids.dedup();
    service::bulk_price(&state.db, &ids, change, Actor::ui(user.id)).await
}
