//! Server functions of saved filter sets: guard → parse → repo → answer.
//! Whoever may read a table (staff, managers, admins) keeps their own sets
//! for it.

use leptos::prelude::*;

use super::types::SavedFilter;
use crate::error::AppError;

/// The caller's saved sets for a table (`orders` or `clients`), by name.
#[server(endpoint = "admin/filters")]
pub async fn list_saved_filters(
    #[server(default)] page: String,
) -> Result<Vec<SavedFilter>, AppError> {
    crate::server::respond(ssr::list(page).await)
}

/// Saves the table's current query under `name` (replacing the caller's set
/// of that name); the set as saved.
#[server(endpoint = "admin/filters/save")]
pub async fn save_filters(
    #[server(default)] page: String,
    #[server(default)] name: String,
    #[server(default)] query: String,
) -> Result<SavedFilter, AppError> {
    crate::server::respond(ssr::save(page, name, query).await)
}

/// Deletes one of the caller's saved sets.
#[server(endpoint = "admin/filters/delete")]
pub async fn delete_filters(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete(id).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::guard::require;
    use crate::accounts::roles::STAFF;
    use crate::error::FieldError;
    use crate::saved_filters::repo;
    use crate::saved_filters::texts::{FilterTexts, texts};
    use crate::saved_filters::types::{FilterPage, NAME_MAX, PER_USER, QUERY_MAX};
    use crate::server::app_state;

    fn tr() -> &'static FilterTexts {
        texts(crate::i18n::request_locale())
    }

    fn page_of(page: &str, t: &FilterTexts) -> Result<FilterPage, AppError> {
        FilterPage::parse(page).ok_or_else(|| AppError::field("page", t.err_page))
    }

    pub async fn list(page: String) -> Result<Vec<SavedFilter>, AppError> {
        let user = require(&STAFF)?;
        let state = app_state()?;
        let page = page_of(&page, tr())?;
        Ok(repo::list(&state.db, user.id, page).await?)
    }

    pub async fn save(page: String, name: String, query: String) -> Result<SavedFilter, AppError> {
        let user = require(&STAFF)?;
        let state = app_state()?;
        let t = tr();
        let page = page_of(&page, t)?;
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: &str| {
            problems.push(FieldError {
                field: field.into(),
                message: message.into(),
            })
        };
        if name.is_empty() {
            problem("name", t.err_name);
        } else if name.chars().count() > NAME_MAX {
            problem("name", t.err_name_long);
        }
        let query = if query.len() > QUERY_MAX {
            problem("query", t.err_too_long);
            String::new()
        } else {
            let clean = page.clean_query(&query);
            if clean.is_empty() {
                problem("query", t.err_nothing);
            } else if clean.len() > QUERY_MAX {
                problem("query", t.err_too_long);
            }
            clean
        };
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let existing = repo::list(&state.db, user.id, page).await?;
        if existing.len() as i64 >= PER_USER && !existing.iter().any(|f| f.name == name) {
            return Err(AppError::field("name", t.err_too_many));
        }
        let id = repo::save(&state.db, user.id, page, &name, &query).await?;
        Ok(SavedFilter { id, name, query })
    }

    pub async fn delete(id: i64) -> Result<(), AppError> {
        let user = require(&STAFF)?;
        let state = app_state()?;
        if repo::delete(&state.db, user.id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
