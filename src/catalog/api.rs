//! Server functions of the catalog: authorize → parse → repo → map.
//! The catalog is public: every function here is open to everyone.

use leptos::prelude::*;

use super::types::{CatalogPage, HomeData, ProductDetail};
use crate::error::AppError;

/// The home page's data.
#[server(endpoint = "catalog/home")]
pub async fn home_page(category: Option<String>) -> Result<HomeData, AppError> {
    crate::server::respond(ssr::home(category).await)
}

/// One page of the catalog for a URL query string (see `CatalogQuery`).
#[server(endpoint = "catalog/search")]
pub async fn search_catalog(query: String) -> Result<CatalogPage, AppError> {
    crate::server::respond(ssr::catalog(query).await)
}

/// A product by its slug.
#[server(endpoint = "catalog/product")]
pub async fn product_page(slug: String) -> Result<ProductDetail, AppError> {
    crate::server::respond(ssr::product(slug).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::index::Filters;
    use super::super::repo;
    use super::super::types::*;
    use crate::error::AppError;

    pub async fn home(category: Option<String>) -> Result<HomeData, AppError> {
        let state = crate::server::app_state()?;
        let category = category
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if category.as_ref().is_some_and(|c| c.len() > 100) {
            return Err(AppError::BadRequest("Category name is too long".into()));
        }
        let locale = crate::i18n::request_locale();
        let index = state.catalog.get(&state.db).await?;
        let active = category.and_then(|slug| index.categories.iter().find(|c| c.slug == slug));
        let ids = active.map(|c| repo::subtree(&index.categories, c.id));
        let products = index.showcase(ids.as_deref(), HOME_PRODUCTS as usize, locale);
        // The home page shows the top of the tree; the catalog shows the rest.
        let categories = index
            .categories_in(locale)
            .iter()
            .filter(|c| c.parent_id.is_none())
            .cloned()
            .collect();
        Ok(HomeData {
            categories,
            products,
            active_category: active.map(|c| c.slug.clone()),
        })
    }

    pub async fn catalog(raw: String) -> Result<CatalogPage, AppError> {
        let state = crate::server::app_state()?;
        if raw.len() > 4096 {
            return Err(AppError::BadRequest("The search is too long".into()));
        }
        let mut query = CatalogQuery::parse(&raw);
        let locale = crate::i18n::request_locale();
        let index = state.catalog.get(&state.db).await?;

        // Unknown slugs are dropped, so the page shows what it really filters by.
        let category = query
            .category
            .as_ref()
            .and_then(|slug| index.categories.iter().find(|c| &c.slug == slug));
        if category.is_none() {
            query.category = None;
        }
        let store = query
            .store
            .as_ref()
            .and_then(|slug| index.stores.iter().find(|s| &s.slug == slug));
        if store.is_none() {
            query.store = None;
        }
        if let (Some(a), Some(b)) = (query.price_min, query.price_max)
            && a > b
        {
            query.price_min = Some(b);
            query.price_max = Some(a);
        }
        let text = if repo::search_words(&query.q).is_empty() {
            None
        } else {
            Some(repo::text_matches(&state.db, &query.q).await?)
        };
        let filters = Filters {
            query: &query,
            category_ids: category.map(|c| repo::subtree(&index.categories, c.id)),
            store_id: store.map(|s| s.id),
            text,
            minor_per_unit: 100,
            locale,
        };
        let offset = ((query.page - 1) * PAGE_SIZE) as usize;
        let found = index.search(&filters, PAGE_SIZE as usize, offset);
        let pages = ((found.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        Ok(CatalogPage {
            query,
            products: found.cards,
            total: found.total,
            pages,
            categories: index.categories_in(locale).to_vec(),
            variants: found.variants,
            characteristics: found.characteristics,
            stores: index.stores_in(locale).to_vec(),
            suppliers: index.suppliers.clone(),
        })
    }

    pub async fn product(slug: String) -> Result<ProductDetail, AppError> {
        let state = crate::server::app_state()?;
        if slug.len() > 200 {
            return Err(AppError::NotFound);
        }
        let locale = crate::i18n::request_locale();
        let Some(p) = repo::product_by_slug(&state.db, slug.trim(), locale).await? else {
            return Err(AppError::NotFound);
        };
        let image_ids = repo::image_ids(&state.db, p.id).await?;
        let variants = repo::variants(&state.db, p.id, locale).await?;
        let characteristics = repo::characteristics(&state.db, p.id, locale).await?;
        let index = state.catalog.get(&state.db).await?;
        let stores = index.stores_in(locale).to_vec();
        let related = index.related(p.id, p.category_id, 4, locale);
        let earliest = crate::orders::schedule::earliest_date(
            crate::orders::schedule::today(&state.config),
            p.lead_time_days,
        );
        Ok(ProductDetail {
            id: p.id,
            slug: p.slug,
            name: p.name,
            description: p.description,
            category_slug: p.category_slug,
            category_name: p.category_name,
            made_to_order: p.made_to_order,
            lead_time_days: p.lead_time_days,
            supplier: p.supplier,
            paused: p.paused,
            image_ids,
            variants,
            characteristics,
            stores,
            related,
            earliest_date: earliest.format("%Y-%m-%d").to_string(),
        })
    }
}
