//! Server functions of the back office's clients pages: guard → parse →
//! repo → answer. Staff read; managers and admins edit. Every edit is
//! recorded in the change history (source `ui`).

use leptos::prelude::*;

use super::types::{ClientDetail, ClientList};
use crate::error::AppError;

/// A page of the clients table: `q` searched across names (any order),
/// phone and email; `sort` = `name`, `newest` or `oldest`.
#[server(endpoint = "admin/clients")]
pub async fn list_clients(
    q: Option<String>,
    sort: Option<String>,
    page: Option<i64>,
) -> Result<ClientList, AppError> {
    crate::server::respond(ssr::list(q, sort, page).await)
}

/// One client's page.
#[server(endpoint = "admin/clients/one")]
pub async fn client_page(id: i64) -> Result<ClientDetail, AppError> {
    crate::server::respond(ssr::one(id).await)
}

/// Saves a client's contacts and notes.
#[server(endpoint = "admin/clients/save")]
pub async fn save_client(
    id: i64,
    last_name: String,
    first_name: String,
    middle_name: String,
    phone: String,
    email: String,
    notes: String,
) -> Result<(), AppError> {
    crate::server::respond(
        ssr::save(id, last_name, first_name, middle_name, phone, email, notes).await,
    )
}

/// Adds a client by hand (a phone order's client, say) and opens its page.
#[server(endpoint = "admin/clients/create")]
pub async fn create_client(
    #[server(default)] last_name: String,
    #[server(default)] first_name: String,
    #[server(default)] middle_name: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] notes: String,
) -> Result<i64, AppError> {
    crate::server::respond(
        ssr::create(last_name, first_name, middle_name, phone, email, notes).await,
    )
}

/// Deletes a client that has no orders (a client with orders stays: the
/// answer says how many) and goes back to the clients table.
#[server(endpoint = "admin/clients/delete")]
pub async fn delete_client(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete(id).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::guard::require;
    use crate::accounts::roles::{MANAGERS, STAFF};
    use crate::clients::service;
    use crate::clients::texts::{ClientTexts, texts};
    use crate::clients::types::{ClientOrder, ClientPatch, ClientSort, search_words};
    use crate::domain::{Notes, PersonName, Phone, Problem, Problems};
    use crate::error::FieldError;
    use crate::history::types::{Actor, Entity};
    use crate::server::app_state;

    /// Rows per page of the clients table.
    pub const PER_PAGE: i64 = 25;

    fn tr() -> &'static ClientTexts {
        texts(crate::i18n::request_locale())
    }

    pub async fn list(
        q: Option<String>,
        sort: Option<String>,
        page: Option<i64>,
    ) -> Result<ClientList, AppError> {
        let user = require(&STAFF)?;
        let state = app_state()?;
        let q = q.unwrap_or_default();
        if q.chars().count() > 200 {
            return Err(AppError::BadRequest("The search is too long".into()));
        }
        let (sort, desc) = match sort.as_deref().unwrap_or("") {
            "newest" => (ClientSort::CreatedAt, true),
            "oldest" => (ClientSort::CreatedAt, false),
            "" | "name" => (ClientSort::LastName, false),
            _ => return Err(AppError::BadRequest("Unknown sort order".into())),
        };
        let page = page.unwrap_or(1).clamp(1, 1_000_000);
        let (rows, total) = service::table(
            &state.db,
            &search_words(&q),
            sort,
            desc,
            (page - 1) * PER_PAGE,
            PER_PAGE,
        )
        .await?;
        Ok(ClientList {
            rows,
            total,
            page,
            per_page: PER_PAGE,
            can_edit: MANAGERS.contains(&user.role),
        })
    }

    pub async fn one(id: i64) -> Result<ClientDetail, AppError> {
        let user = require(&STAFF)?;
        let state = app_state()?;
        let client = service::get(&state.db, id).await?;
        let (orders, orders_count, spent_minor) = service::orders_of(&state.db, id, 100).await?;
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let locale = crate::i18n::request_locale();
        let history = crate::history::of(&state.db, Entity::Client, id).await?;
        Ok(ClientDetail {
            client,
            orders: orders
                .into_iter()
                .map(
                    |(id, created_at, stage, stage_kind, total_minor)| ClientOrder {
                        id,
                        created_at,
                        stage_name: stages.name(&stage, locale),
                        stage_kind,
                        total_minor,
                    },
                )
                .collect(),
            orders_count,
            spent_minor,
            history,
            can_edit: MANAGERS.contains(&user.role),
        })
    }

    /// A client's contacts as typed, trimmed and checked: every mistake at
    /// once, next to its field.
    pub struct Contacts {
        pub last_name: String,
        pub first_name: String,
        pub middle_name: String,
        pub phone: String,
        pub email: String,
        pub notes: String,
    }

    fn check(
        last_name: String,
        first_name: String,
        middle_name: String,
        phone: String,
        email: String,
        notes: String,
        t: &ClientTexts,
    ) -> Result<Contacts, AppError> {
        let mut p = Problems::default();
        let last_name = p.check("last_name", PersonName::parse(&last_name));
        let first_name = p.check("first_name", PersonName::parse(&first_name));
        let middle_name = p.check("middle_name", PersonName::parse_optional(&middle_name));
        let phone = p.check("phone", Phone::parse_optional(&phone));
        let notes = p.check("notes", Notes::parse(&notes));
        let email = email.trim();
        let email_problem =
            !email.is_empty() && crate::accounts::types::Email::parse(email).is_err();
        let mut errors = p.worded(|_, problem| {
            match problem {
                Problem::Required => t.err_required,
                Problem::Phone => t.err_phone,
                _ => t.err_too_long,
            }
            .to_owned()
        });
        if email_problem {
            errors.push(FieldError {
                field: "email".into(),
                message: t.err_email.into(),
            });
        }
        let (Some(last_name), Some(first_name), Some(middle_name), Some(phone), Some(notes)) =
            (last_name, first_name, middle_name, phone, notes)
        else {
            return Err(AppError::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(Contacts {
            last_name: last_name.into_string(),
            first_name: first_name.into_string(),
            middle_name: middle_name.into_string(),
            phone: phone.map(Phone::into_string).unwrap_or_default(),
            email: match crate::accounts::types::Email::parse(email) {
                Ok(e) => e.as_str().to_owned(),
                Err(_) => String::new(),
            },
            notes: notes.into_string(),
        })
    }

    pub async fn save(
        id: i64,
        last_name: String,
        first_name: String,
        middle_name: String,
        phone: String,
        email: String,
        notes: String,
    ) -> Result<(), AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        let c = check(
            last_name,
            first_name,
            middle_name,
            phone,
            email,
            notes,
            tr(),
        )?;
        let patch = ClientPatch {
            last_name: Some(c.last_name),
            first_name: Some(c.first_name),
            middle_name: Some(c.middle_name),
            phone: Some(c.phone),
            email: Some(c.email),
            notes: Some(c.notes),
        };
        service::edit(&state.db, id, &patch, Actor::ui(user.id))
            .await?
            .map_err(|_| AppError::field("email", tr().err_email_taken))
    }

    pub async fn create(
        last_name: String,
        first_name: String,
        middle_name: String,
        phone: String,
        email: String,
        notes: String,
    ) -> Result<i64, AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        let c = check(
            last_name,
            first_name,
            middle_name,
            phone,
            email,
            notes,
            tr(),
        )?;
        let new = service::NewClient {
            last_name: c.last_name,
            first_name: c.first_name,
            middle_name: c.middle_name,
            phone: c.phone,
            email: c.email,
            notes: c.notes,
        };
        let id = service::create(&state.db, &new, Actor::ui(user.id))
            .await?
            .map_err(|_| AppError::field("email", tr().err_email_taken))?;
        leptos_axum::redirect(&format!("/admin/clients/{id}"));
        Ok(id)
    }

    pub async fn delete(id: i64) -> Result<(), AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        match service::delete(&state.db, id, Actor::ui(user.id)).await? {
            Ok(()) => {
                leptos_axum::redirect("/admin/clients?notice=deleted");
                Ok(())
            }
            Err(service::HasOrders(n)) => Err(AppError::Conflict((tr().err_has_orders)(n))),
        }
    }
}
