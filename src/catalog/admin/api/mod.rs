//! Server functions of the assortment's back office: guard → parse →
//! service → answer. Staff read; managers and admins change. Every change
//! is in the product's or category's history (source `ui`).

// A product's form has a field per column: the server function takes them all.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use super::types::{CategoryTree, CharacteristicTypes, ImportPreview, ProductEditor, ProductTable};
use crate::error::AppError;

/// The category tree.
#[server(endpoint = "admin/catalog/categories")]
pub async fn admin_categories() -> Result<CategoryTree, AppError> {
    crate::server::respond(ssr::categories().await)
}

/// Makes a category (`parent_id` empty: at the top).
#[server(endpoint = "admin/catalog/categories/create")]
pub async fn create_category(
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] slug: String,
    #[server(default)] parent_id: String,
    #[server(default)] position: String,
    #[server(default)] description: String,
    #[server(default)] description_ru: String,
) -> Result<i64, AppError> {
    crate::server::respond(
        ssr::create_category(ssr::CategoryForm {
            name,
            name_ru,
            slug,
            parent_id,
            position,
            description,
            description_ru,
        })
        .await,
    )
}

/// Renames, moves or reorders a category.
#[server(endpoint = "admin/catalog/categories/save")]
pub async fn save_category(
    id: i64,
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] slug: String,
    #[server(default)] parent_id: String,
    #[server(default)] position: String,
    #[server(default)] description: String,
    #[server(default)] description_ru: String,
) -> Result<(), AppError> {
    crate::server::respond(
        ssr::save_category(
            id,
            ssr::CategoryForm {
                name,
                name_ru,
                slug,
                parent_id,
                position,
                description,
                description_ru,
            },
        )
        .await,
    )
}

/// Deletes an empty category.
#[server(endpoint = "admin/catalog/categories/delete")]
pub async fn delete_category(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete_category(id).await)
}

/// The characteristic types with their values.
#[server(endpoint = "admin/catalog/characteristics")]
pub async fn admin_characteristics() -> Result<CharacteristicTypes, AppError> {
    crate::server::respond(ssr::characteristics().await)
}

/// Makes a characteristic type (`free_values` ticked: any value goes).
#[server(endpoint = "admin/catalog/characteristics/create")]
pub async fn create_characteristic(
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] free_values: Option<String>,
    #[server(default)] values: String,
) -> Result<i64, AppError> {
    crate::server::respond(
        ssr::create_characteristic(ssr::CharacteristicForm {
            name,
            name_ru,
            free_values: free_values.is_some(),
            values,
        })
        .await,
    )
}

/// Renames a characteristic type, changes its translations or its values.
#[server(endpoint = "admin/catalog/characteristics/save")]
pub async fn save_characteristic(
    id: i64,
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] free_values: Option<String>,
    #[server(default)] values: String,
) -> Result<(), AppError> {
    crate::server::respond(
        ssr::save_characteristic(
            id,
            ssr::CharacteristicForm {
                name,
                name_ru,
                free_values: free_values.is_some(),
                values,
            },
        )
        .await,
    )
}

/// Deletes a characteristic type no product carries.
#[server(endpoint = "admin/catalog/characteristics/delete")]
pub async fn delete_characteristic(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete_characteristic(id).await)
}

/// A page of the products table for a URL query string (see `ProductFilter`).
#[server(endpoint = "admin/catalog/products")]
pub async fn admin_products(query: String) -> Result<ProductTable, AppError> {
    crate::server::respond(ssr::products(query).await)
}

/// Makes a draft product and opens its editor.
#[server(endpoint = "admin/catalog/products/create")]
pub async fn create_product(
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] category_id: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::create_product(name, name_ru, category_id).await)
}

/// The product editor's data.
#[server(endpoint = "admin/catalog/product")]
pub async fn load_product_editor(id: i64) -> Result<ProductEditor, AppError> {
    crate::server::respond(ssr::editor(id).await)
}

/// Saves a product's own fields; refused when someone saved it since
/// `version` was read. Answers the new version.
#[server(endpoint = "admin/catalog/product/save")]
pub async fn save_product(
    id: i64,
    version: i64,
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] slug: String,
    #[server(default)] description: String,
    #[server(default)] description_ru: String,
    #[server(default)] category_id: String,
    #[server(default)] supplier_id: String,
    #[server(default)] published: Option<String>,
    #[server(default)] featured: Option<String>,
    #[server(default)] made_to_order: Option<String>,
    #[server(default)] lead_time_days: String,
    #[server(default)] characteristics: String,
) -> Result<i64, AppError> {
    let form = ssr::ProductForm {
        name,
        name_ru,
        slug,
        description,
        description_ru,
        category_id,
        supplier_id,
        published: published.is_some(),
        featured: featured.is_some(),
        made_to_order: made_to_order.is_some(),
        lead_time_days,
        characteristics,
    };
    crate::server::respond(ssr::save_product(id, version, form).await)
}

/// Deletes a product (placed orders keep their lines) and goes back to the table.
#[server(endpoint = "admin/catalog/product/delete")]
pub async fn delete_product(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete_product(id).await)
}

/// Adds a variant to a product.
#[server(endpoint = "admin/catalog/variant/add")]
pub async fn add_variant(
    product_id: i64,
    #[server(default)] sku: String,
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] price: String,
    #[server(default)] old_price: String,
    #[server(default)] low_stock: String,
) -> Result<i64, AppError> {
    let form = ssr::VariantForm {
        sku,
        name,
        name_ru,
        price,
        old_price,
        low_stock,
    };
    crate::server::respond(ssr::add_variant(product_id, form).await)
}

/// Saves a variant.
#[server(endpoint = "admin/catalog/variant/save")]
pub async fn save_variant(
    id: i64,
    #[server(default)] sku: String,
    #[server(default)] name: String,
    #[server(default)] name_ru: String,
    #[server(default)] price: String,
    #[server(default)] old_price: String,
    #[server(default)] low_stock: String,
) -> Result<(), AppError> {
    let form = ssr::VariantForm {
        sku,
        name,
        name_ru,
        price,
        old_price,
        low_stock,
    };
    crate::server::respond(ssr::save_variant(id, form).await)
}

/// Deletes a variant.
#[server(endpoint = "admin/catalog/variant/delete")]
pub async fn delete_variant(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete_variant(id).await)
}

/// Changes a shelf's count: `reason` = `delivery` (adds `quantity`),
/// `write_off` (takes it away) or `correction` (the count is `quantity`).
#[server(endpoint = "admin/catalog/stock")]
pub async fn adjust_stock(
    variant_id: i64,
    #[server(default)] store_id: String,
    #[server(default)] reason: String,
    #[server(default)] quantity: String,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::adjust_stock(variant_id, store_id, reason, quantity, note).await)
}

/// Uploads a photo (multipart: `product_id`, then `photo`).
#[server(endpoint = "admin/catalog/photo", input = MultipartFormData)]
pub async fn upload_photo(data: MultipartData) -> Result<i64, AppError> {
    crate::server::respond(ssr::upload_photo(data).await)
}

/// Moves or deletes a photo: `action` = `main`, `earlier`, `later` or `delete`.
#[server(endpoint = "admin/catalog/photo/change")]
pub async fn change_photo(id: i64, #[server(default)] action: String) -> Result<(), AppError> {
    crate::server::respond(ssr::change_photo(id, action).await)
}

/// Changes the prices of the chosen products: `mode` = `percent` (by
/// `value` %) or `set` (to `value`).
#[server(endpoint = "admin/catalog/prices")]
pub async fn bulk_price(
    #[server(default)] ids: Vec<i64>,
    #[server(default)] mode: String,
    #[server(default)] value: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::bulk_price(ids, mode, value).await)
}

/// Uploads a CSV or XLSX file of the assortment (multipart: `file`) and
/// opens its preview; nothing changes yet.
#[server(endpoint = "admin/catalog/import", input = MultipartFormData)]
pub async fn upload_import(data: MultipartData) -> Result<i64, AppError> {
    crate::server::respond(ssr::upload_import(data).await)
}

/// An uploaded import's preview: what it creates and changes, errors by line.
#[server(endpoint = "admin/catalog/import/preview")]
pub async fn load_import(id: i64) -> Result<ImportPreview, AppError> {
    crate::server::respond(ssr::load_import(id).await)
}

/// Applies an import in one transaction (refused, with nothing written,
/// when the assortment changed so that it has errors now).
#[server(endpoint = "admin/catalog/import/apply")]
pub async fn apply_import(id: i64) -> Result<usize, AppError> {
    crate::server::respond(ssr::apply_import(id).await)
}

#[cfg(feature = "ssr")]
pub mod ssr;
