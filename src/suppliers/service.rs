//! The supplier's operations, one function each, for the server functions
//! (and the REST routes to come): who may see and change which supplier is
//! decided here. A supplier's user works its own suppliers; an admin works
//! every supplier; a supplier someone may not work is "not found".

use super::repo::{self, MoveProblem};
use super::texts::texts;
use super::types::{PAGE_SIZE, PartState, Supplier, SupplierForm, SupplierQuery, SupplierView};
use crate::accounts::types::{Email, Role, SessionUser};
use crate::error::{AppError, FieldError};
use crate::i18n::Locale;
use crate::live::types::LiveEvent;
use crate::server::AppState;
use crate::server::jobs::Job;
use crate::server::mail::OutgoingMail;

/// The suppliers `user` works: its own, or every one for an admin.
pub async fn visible(state: &AppState, user: &SessionUser) -> Result<Vec<Supplier>, AppError> {
    let owner = (user.role != Role::Admin).then_some(user.id);
    Ok(repo::suppliers(&state.db, owner).await?)
}

/// One supplier `user` may work, else `NotFound`.
pub async fn owned(state: &AppState, user: &SessionUser, id: i64) -> Result<Supplier, AppError> {
    match repo::supplier(&state.db, id).await? {
        Some((supplier, owner)) if user.role == Role::Admin || owner == Some(user.id) => {
            Ok(supplier)
        }
        _ => Err(AppError::NotFound),
    }
}

/// What `/supplier` shows for `query`: the chosen supplier (the first one
/// when none is chosen) and a page of its parts of orders.
pub async fn page(
    state: &AppState,
    user: &SessionUser,
    query: &SupplierQuery,
    locale: Locale,
) -> Result<SupplierView, AppError> {
    let suppliers = visible(state, user).await?;
    let current = match query.supplier {
        Some(id) => Some(
            suppliers
                .iter()
                .find(|s| s.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => suppliers.first().cloned(),
    };
    let (parts, total) = match &current {
        Some(s) => {
            let config = &state.config;
            repo::parts(
                &state.db,
                s.id,
                query.state,
                PAGE_SIZE,
                (query.page - 1) * PAGE_SIZE,
                locale,
                |at| crate::server::rest::seed_datetime(config, at),
            )
            .await?
        }
        None => (Vec::new(), 0),
    };
    Ok(SupplierView {
        suppliers,
        current,
        can_admin: user.role == Role::Admin,
        state: query.state,
        parts,
        total,
        page: query.page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
    })
}

/// A typed name and address in the shop's terms, or every problem with
/// them by field, in `locale`'s words (a name another supplier has too).
async fn form(
    state: &AppState,
    name: &str,
    url: &str,
    except: Option<i64>,
    locale: Locale,
) -> Result<SupplierForm, AppError> {
    let t = texts(locale);
    let form = SupplierForm::parse(name, url).map_err(|problems| {
        AppError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldError {
                    field: p.field().into(),
                    message: (t.form_problem)(p).into(),
                })
                .collect(),
        )
    })?;
    if repo::name_taken(&state.db, &form.name, except).await? {
        return Err(AppError::field("name", t.err_name_taken));
    }
    Ok(form)
}

/// Makes a supplier (admins only); its id.
pub async fn create(
    state: &AppState,
    user: &SessionUser,
    name: &str,
    url: &str,
    locale: Locale,
) -> Result<i64, AppError> {
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let form = form(state, name, url, None, locale).await?;
    let id = repo::create(&state.db, &form).await?;
    tracing::info!(supplier = id, by = user.id, "supplier created");
    Ok(id)
}

/// Renames a supplier `user` works and sets its address.
pub async fn save(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    name: &str,
    url: &str,
    locale: Locale,
) -> Result<Supplier, AppError> {
    let supplier = owned(state, user, id).await?;
    let form = form(state, name, url, Some(id), locale).await?;
    repo::save(&state.db, id, &form).await?;
    Ok(Supplier {
        name: form.name,
        url: form.url,
        ..supplier
    })
}

/// Links the account with this email to a supplier, as the one who runs
/// it (admins only; an empty email unlinks). The account must have the
/// supplier role.
pub async fn link(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    email: &str,
    locale: Locale,
) -> Result<Option<String>, AppError> {
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    owned(state, user, id).await?;
    let t = texts(locale);
    let account = if email.trim().is_empty() {
        None
    } else {
        let email = Email::parse(email).map_err(|_| AppError::field("email", t.err_email))?;
        match crate::accounts::find_account(&state.db, &email).await? {
            None => return Err(AppError::field("email", t.err_no_account)),
            Some((_, role)) if role != Role::Supplier => {
                return Err(AppError::field("email", t.err_not_supplier));
            }
            Some((account, _)) => Some((account, email)),
        }
    };
    repo::set_user(&state.db, id, account.as_ref().map(|a| a.0)).await?;
    tracing::info!(
        supplier = id,
        by = user.id,
        linked = account.is_some(),
        "supplier's account linked"
    );
    Ok(account.map(|(_, email)| email.as_str().to_owned()))
}

/// Switches the order intake of a supplier `user` works.
pub async fn set_intake(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    accepting: bool,
) -> Result<Supplier, AppError> {
    let supplier = owned(state, user, id).await?;
    if supplier.accepting_orders != accepting {
        repo::set_intake(&state.db, id, accepting).await?;
        tracing::info!(
            supplier = id,
            accepting,
            by = user.id,
            "order intake switched"
        );
    }
    Ok(Supplier {
        accepting_orders: accepting,
        ..supplier
    })
}

/// Moves `user`'s supplier's part of an order to `to`.
pub async fn move_part(
    state: &AppState,
    user: &SessionUser,
    supplier_id: i64,
    order_id: i64,
    to: PartState,
    locale: Locale,
) -> Result<PartState, AppError> {
    let supplier = owned(state, user, supplier_id).await?;
    let t = texts(locale);
    // The buyer reads the notice in the shop's language.
    let m = texts(state.config.shop.default_locale);
    let link = format!("{}/orders/{order_id}", state.config.public_url());
    let mail = |address: String| {
        Job::SendMail(OutgoingMail {
            to: address,
            subject: (m.mail_subject)(order_id, &supplier.name, (m.state_name)(to)),
            body_text: (m.mail_body)(order_id, &supplier.name, (m.state_name)(to), &link),
        })
    };
    match repo::move_part(&state.db, order_id, supplier_id, to, user.id, mail).await? {
        Ok(()) => {
            announce(state, order_id).await?;
            Ok(to)
        }
        Err(MoveProblem::NoPart) => Err(AppError::NotFound),
        Err(MoveProblem::Cancelled) => Err(AppError::Conflict(t.err_cancelled.into())),
        Err(MoveProblem::From(current)) => Err(AppError::Conflict((t.err_cannot_move)(
            (t.state_name)(current),
            (t.state_name)(to),
        ))),
    }
}

/// Tells the live streams that an order's parts appeared or moved: the
/// suppliers' people in it, its customer and admins (a failure to publish
/// is logged, never the caller's error).
pub async fn announce(state: &AppState, order_id: i64) -> Result<(), AppError> {
    let (supplier_user_ids, customer_user_id) = repo::watchers(&state.db, order_id).await?;
    let event = LiveEvent::PartsChanged {
        order_id,
        supplier_user_ids,
        customer_user_id,
    };
    if let Err(err) = state.hub.publish(event).await {
        tracing::warn!(error = %err, order_id, "could not announce the order's parts");
    }
    Ok(())
}

/// Every supplier with the address of the account that runs it, for the
/// mails a placed order sends (`orders::checkout`).
pub async fn directory(state: &AppState) -> Result<Vec<Supplier>, AppError> {
    Ok(repo::directory(&state.db).await?)
}

/// Each supplier's part of an order and its state (the buyer's and the
/// back office's order pages).
pub async fn parts_of_order(
    state: &AppState,
    order_id: i64,
) -> Result<Vec<(String, PartState)>, AppError> {
    Ok(repo::parts_of_order(&state.db, order_id).await?)
}
