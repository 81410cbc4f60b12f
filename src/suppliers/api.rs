//! Server functions of `/supplier`: guard → parse → service → answer.
//! Suppliers' people and admins only; which supplier each may work is
//! checked by the service.

use leptos::prelude::*;

use super::types::SupplierView;
use crate::error::AppError;

/// The supplier's page for its query string (`?supplier=&state=&page=`).
#[server(endpoint = "supplier/page")]
pub async fn supplier_page(#[server(default)] search: String) -> Result<SupplierView, AppError> {
    crate::server::respond(ssr::page(search).await)
}

/// Switches a supplier's order intake: `accepting` is "yes" or "no".
#[server(endpoint = "supplier/intake")]
pub async fn set_intake(
    supplier_id: i64,
    #[server(default)] accepting: String,
) -> Result<bool, AppError> {
    crate::server::respond(ssr::intake(supplier_id, accepting).await)
}

/// Moves the supplier's part of an order: `state` is "confirmed" or
/// "shipped". Answers the part's new state.
#[server(endpoint = "supplier/part")]
pub async fn move_part(
    supplier_id: i64,
    order_id: i64,
    #[server(default)] state: String,
) -> Result<String, AppError> {
    crate::server::respond(ssr::part(supplier_id, order_id, state).await)
}

/// Makes a supplier (admins only); its id.
#[server(endpoint = "supplier/create")]
pub async fn create_supplier(
    #[server(default)] name: String,
    #[server(default)] url: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::create(name, url).await)
}

/// Renames a supplier and sets its price list's address.
#[server(endpoint = "supplier/save")]
pub async fn save_supplier(
    supplier_id: i64,
    #[server(default)] name: String,
    #[server(default)] url: String,
) -> Result<(), AppError> {
    crate::server::respond(ssr::save(supplier_id, name, url).await)
}

/// Links the account with this email to a supplier (admins only; empty:
/// nobody). Answers the linked email.
#[server(endpoint = "supplier/link")]
pub async fn link_supplier(
    supplier_id: i64,
    #[server(default)] email: String,
) -> Result<Option<String>, AppError> {
    crate::server::respond(ssr::link(supplier_id, email).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::accounts::guard::require;
    use crate::accounts::roles::{ADMINS, SUPPLIERS};
    use crate::error::AppError;
    use crate::i18n::request_locale;
    use crate::server::app_state;
    use crate::suppliers::service;
    use crate::suppliers::texts::texts;
    use crate::suppliers::types::{PartState, SupplierQuery, SupplierView};

    pub async fn page(search: String) -> Result<SupplierView, AppError> {
        let user = require(&SUPPLIERS)?;
        // Only the keys the page knows are read (a form posted without
        // JavaScript comes back with its error in the query too).
        let state = app_state()?;
        service::page(
            &state,
            &user,
            &SupplierQuery::parse(&search),
            request_locale(),
        )
        .await
    }

    pub async fn create(name: String, url: String) -> Result<i64, AppError> {
        let user = require(&ADMINS)?;
        let state = app_state()?;
        service::create(&state, &user, &name, &url, request_locale()).await
    }

    pub async fn save(supplier_id: i64, name: String, url: String) -> Result<(), AppError> {
        let user = require(&SUPPLIERS)?;
        let state = app_state()?;
        service::save(&state, &user, supplier_id, &name, &url, request_locale()).await?;
        Ok(())
    }

    pub async fn link(supplier_id: i64, email: String) -> Result<Option<String>, AppError> {
        let user = require(&ADMINS)?;
        let state = app_state()?;
        service::link(&state, &user, supplier_id, &email, request_locale()).await
    }

    pub async fn intake(supplier_id: i64, accepting: String) -> Result<bool, AppError> {
        let user = require(&SUPPLIERS)?;
        let accepting = match accepting.trim() {
            "yes" | "on" | "true" => true,
            "no" | "off" | "false" => false,
            _ => return Err(AppError::field("accepting", "Choose yes or no.")),
        };
        let state = app_state()?;
        Ok(service::set_intake(&state, &user, supplier_id, accepting)
            .await?
            .accepting_orders)
    }

    pub async fn part(supplier_id: i64, order_id: i64, to: String) -> Result<String, AppError> {
        let user = require(&SUPPLIERS)?;
        let locale = request_locale();
        let to = match PartState::parse(&to) {
            Some(s @ (PartState::Confirmed | PartState::Shipped)) => s,
            _ => return Err(AppError::field("state", texts(locale).err_state)),
        };
        let state = app_state()?;
        let moved = service::move_part(&state, &user, supplier_id, order_id, to, locale).await?;
        Ok(moved.code().to_owned())
    }
}
