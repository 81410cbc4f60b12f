//! Server functions of the catalog: authorize → parse → repo → map.

use leptos::prelude::*;

use super::types::HomeData;
use crate::error::AppError;

/// The home page's data. Public: the storefront is open to everyone.
#[server(endpoint = "catalog/home")]
pub async fn home_page(category: Option<String>) -> Result<HomeData, AppError> {
    crate::server::respond(home(category).await)
}

#[cfg(feature = "ssr")]
async fn home(category: Option<String>) -> Result<HomeData, AppError> {
    use super::repo;
    use super::types::HOME_PRODUCTS;

    let state = crate::server::app_state()?;
    let category = category
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if category.as_ref().is_some_and(|c| c.len() > 100) {
        return Err(AppError::BadRequest("Category name is too long".into()));
    }
    let active_category = match category {
        Some(slug) if repo::category_exists(&state.db, &slug).await? => Some(slug),
        _ => None,
    };
    let categories = repo::categories_with_counts(&state.db).await?;
    let products =
        repo::product_cards(&state.db, active_category.as_deref(), HOME_PRODUCTS).await?;
    Ok(HomeData {
        categories,
        products,
        active_category,
    })
}
