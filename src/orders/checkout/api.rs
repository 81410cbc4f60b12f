//! Server functions of checkout and orders: guard → parse → repo → answer.
//!
//! Who may see an order: the shopper whose account placed it, the guest
//! whose session placed it, and staff, managers and admins.

// The checkout form's fields are the server function's arguments (so the
// plain HTML form posts them as they are): more than clippy likes.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::orders::types::{CheckoutData, OrderDetail, OrderSummary, Placed};

/// What the checkout page needs (cart, stores, prefilled contact, dates).
#[server(endpoint = "orders/checkout-data")]
pub async fn load_checkout() -> Result<CheckoutData, AppError> {
    crate::server::respond(ssr::load_checkout().await)
}

/// Places the order in the cart. Every field arrives as the form sends it.
#[server(endpoint = "orders/place")]
pub async fn place_order(
    last_name: String,
    first_name: String,
    middle_name: Option<String>,
    phone: String,
    email: String,
    fulfilment: String,
    store_id: String,
    delivery_address: Option<String>,
    ready_date: String,
    time_slot: String,
    payment_method: String,
    notes: Option<String>,
    idempotency_key: String,
    expected_total: Option<String>,
) -> Result<Placed, AppError> {
    let form = ssr_form::CheckoutForm {
        last_name,
        first_name,
        middle_name: middle_name.unwrap_or_default(),
        phone,
        email,
        fulfilment,
        store_id,
        delivery_address: delivery_address.unwrap_or_default(),
        ready_date,
        time_slot,
        payment_method,
        notes: notes.unwrap_or_default(),
        idempotency_key,
        expected_total: expected_total.unwrap_or_default(),
    };
    crate::server::respond(ssr::place(form).await)
}

/// The signed-in shopper's orders.
#[server(endpoint = "orders/mine")]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    crate::server::respond(ssr::my_orders().await)
}

#[server(endpoint = "orders/get")]
pub async fn order_page(id: i64) -> Result<OrderDetail, AppError> {
    crate::server::respond(ssr::order(id).await)
}

/// Puts an order's items back in the cart and goes to the cart.
#[server(endpoint = "orders/reorder")]
pub async fn reorder(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::reorder(id).await)
}

/// A new online payment attempt for an unpaid order.
#[server(endpoint = "orders/pay")]
pub async fn pay_order(id: i64) -> Result<String, AppError> {
    crate::server::respond(ssr::pay(id).await)
}

/// Staff: moves an order to another stage, if nobody moved it since `version`.
#[server(endpoint = "orders/move")]
pub async fn move_order(id: i64, version: i32, stage: String) -> Result<i32, AppError> {
    crate::server::respond(ssr::move_order(id, version, stage).await)
}

/// The checkout form's fields, as text.
#[cfg(feature = "ssr")]
mod ssr_form {
    #[derive(Debug, Clone)]
    pub struct CheckoutForm {
        pub last_name: String,
        pub first_name: String,
        pub middle_name: String,
        pub phone: String,
        pub email: String,
        pub fulfilment: String,
        pub store_id: String,
        pub delivery_address: String,
        pub ready_date: String,
        pub time_slot: String,
        pub payment_method: String,
        pub notes: String,
        pub idempotency_key: String,
        pub expected_total: String,
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::repo::{self, NewOrder, PlaceProblem};
    use super::super::texts::{OrderTexts, texts};
    use super::ssr_form::CheckoutForm;
    use crate::accounts::guard;
    use crate::accounts::roles::STAFF;
    use crate::accounts::types::Email;
    use crate::error::{AppError, FieldError};
    use crate::live::types::LiveEvent;
    use crate::orders::schedule::{self, SlotProblem};
    use crate::orders::types::*;
    use crate::server::app_state;
    use crate::server::jobs::Job;
    use crate::server::mail::OutgoingMail;

    /// The session key listing the orders a guest placed.
    const GUEST_ORDERS: &str = "guest_orders";

    fn tr() -> &'static OrderTexts {
        texts(crate::i18n::request_locale())
    }

    pub async fn load_checkout() -> Result<CheckoutData, AppError> {
        let state = app_state()?;
        let cart = crate::cart::api::ssr::view().await?;
        let stores = repo::stores_with_hours(&state.db, crate::i18n::request_locale()).await?;
        let contact = match guard::current_user() {
            Some(user) => match repo::client_of_user(&state.db, user.id).await? {
                Some(c) => c,
                None => {
                    let mut parts = user.name.split_whitespace();
                    Contact {
                        first_name: parts.next().unwrap_or_default().to_owned(),
                        last_name: parts.collect::<Vec<_>>().join(" "),
                        email: user.email.clone(),
                        ..Default::default()
                    }
                }
            },
            None => Contact::default(),
        };
        let today = schedule::today(&state.config);
        let earliest = schedule::earliest_date(today, cart.lead_days());
        let latest = today + chrono::Duration::days(schedule::MAX_DAYS_AHEAD);
        Ok(CheckoutData {
            cart,
            stores,
            contact,
            earliest_date: earliest.format("%Y-%m-%d").to_string(),
            latest_date: latest.format("%Y-%m-%d").to_string(),
            idempotency_key: crate::accounts::tokens::generate(),
        })
    }

    pub async fn place(form: CheckoutForm) -> Result<Placed, AppError> {
        let state = app_state()?;
        let t = tr();
        let user = guard::current_user();
        let mut errors: Vec<FieldError> = Vec::new();
        let mut err = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            })
        };
        let text = |s: &str| s.trim().to_owned();
        let (last_name, first_name, middle_name) = (
            text(&form.last_name),
            text(&form.first_name),
            text(&form.middle_name),
        );
        for (field, value) in [
            ("last_name", &last_name),
            ("first_name", &first_name),
            ("middle_name", &middle_name),
        ] {
            if value.chars().count() > 100 {
                err(field, t.err_too_long);
            }
        }
        if first_name.is_empty() {
            err("first_name", t.err_required);
        }
        let phone = text(&form.phone);
        if crate::domain::Phone::parse(&phone).is_err() {
            err("phone", t.err_phone);
        }
        let email = match Email::parse(&form.email) {
            Ok(e) => e.as_str().to_owned(),
            Err(_) => {
                err("email", t.err_email);
                String::new()
            }
        };
        let fulfilment = Fulfilment::parse(form.fulfilment.trim());
        if fulfilment.is_none() {
            err("fulfilment", t.err_fulfilment);
        }
        let stores = repo::stores_with_hours(&state.db, crate::i18n::request_locale()).await?;
        let store = form
            .store_id
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| stores.iter().find(|s| s.id == id));
        if store.is_none() {
            err("store_id", t.err_store);
        }
        let delivery_address = text(&form.delivery_address);
        if fulfilment == Some(Fulfilment::Delivery) && delivery_address.chars().count() < 5 {
            err("delivery_address", t.err_address);
        }
        if delivery_address.chars().count() > 300 {
            err("delivery_address", t.err_too_long);
        }
        let payment_method = PaymentMethod::parse(form.payment_method.trim());
        if payment_method.is_none() {
            err("payment_method", t.err_payment);
        }
        let notes = text(&form.notes);
        if notes.chars().count() > 1000 {
            err("notes", t.err_too_long);
        }
        // The cart decides the lead time; the transaction checks it again.
        let cart_id = crate::cart::api::ssr::cart_id(&state.db, false).await?;
        let cart = crate::cart::api::ssr::view().await?;
        let now = schedule::now_local(&state.config);
        let today = now.date();
        let earliest = schedule::earliest_date(today, cart.lead_days());
        let hours = match fulfilment {
            Some(Fulfilment::Pickup) => store.map(|s| s.hours.as_slice()),
            _ => None,
        };
        let ready_date = match schedule::check_slot(
            &form.ready_date,
            form.time_slot.trim(),
            earliest,
            now,
            hours,
        ) {
            Ok(d) => Some(d),
            Err(problem) => {
                let (field, message) = match problem {
                    SlotProblem::BadDate => ("ready_date", t.err_date.to_owned()),
                    SlotProblem::BadSlot => ("time_slot", t.err_slot.to_owned()),
                    SlotProblem::TooEarly => (
                        "ready_date",
                        (t.err_too_early)(&earliest.format("%Y-%m-%d").to_string()),
                    ),
                    SlotProblem::TooFarAhead => ("ready_date", t.err_too_far.to_owned()),
                    SlotProblem::Closed => ("time_slot", t.err_closed.to_owned()),
                    SlotProblem::Passed => ("time_slot", t.err_passed.to_owned()),
                };
                err(field, &message);
                None
            }
        };
        let key = form.idempotency_key.trim().to_owned();
        if key.len() < 16 || key.len() > 64 {
            return Err(AppError::BadRequest(
                "This checkout form is out of date: reload the page.".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let (Some(fulfilment), Some(store), Some(payment_method), Some(ready_date)) =
            (fulfilment, store, payment_method, ready_date)
        else {
            return Err(AppError::Internal);
        };
        let Some(cart_id) = cart_id else {
            return Err(AppError::Conflict(t.err_empty_cart.into()));
        };
        let expected_total = form.expected_total.trim().parse::<i64>().ok();
        let provider = super::super::payments::provider();
        let payment = (payment_method == PaymentMethod::Online).then(|| {
            (
                provider.name().to_owned(),
                crate::accounts::tokens::generate(),
            )
        });
        let client = format!("{first_name} {last_name}, {phone}");
        // Who else hears of the order: the admins (the invoice) and each
        // supplier with a linked account (its own part).
        let admins = crate::accounts::admin_emails(&state.db).await?;
        let directory = crate::suppliers::service::directory(&state).await?;
        let order = NewOrder {
            cart_id,
            user_id: user.as_ref().map(|u| u.id),
            contact: Contact {
                last_name,
                first_name: first_name.clone(),
                middle_name,
                phone,
                email: email.clone(),
            },
            fulfilment,
            store_id: store.id,
            delivery_address,
            ready_date,
            time_slot: form.time_slot.trim().to_owned(),
            payment_method,
            notes,
            idempotency_key: key,
            expected_total,
            today,
            payment: payment.clone(),
        };
        let locale = crate::i18n::request_locale();
        let currency = state.config.shop.currency.clone();
        let base = state.config.public_url();
        let shop_locale = state.config.shop.default_locale;
        let mail = |order_id: i64, items: &[OrderItem], suppliers: &[Option<i64>], total: i64| {
            let placed = super::super::mails::Placed {
                order_id,
                items,
                suppliers,
                total_minor: total,
                currency: &currency,
                base: &base,
            };
            let mut jobs = vec![Job::SendMail(OutgoingMail {
                to: email.clone(),
                subject: (t.mail_subject)(order_id),
                body_text: (t.mail_body)(
                    &first_name,
                    order_id,
                    &super::super::mails::lines(items, &currency, locale),
                    &crate::ui::format_money(total, &currency, locale),
                    &format!("{base}/orders/{order_id}"),
                ),
            })];
            jobs.extend(super::super::mails::invoices(
                &placed,
                &directory,
                &admins,
                &client,
                shop_locale,
            ));
            jobs.extend(super::super::mails::supplier_parts(
                &placed,
                &directory,
                shop_locale,
            ));
            jobs
        };
        let placed = match repo::place(&state.db, &order, state.config.shop.default_locale, mail)
            .await?
        {
            Ok(placed) => placed,
            Err(PlaceProblem::Duplicate(order_id)) => {
                // The same form again (a double click, a resubmitted page):
                // the order it placed, if it is this caller's.
                let detail = order_for_caller(order_id).await?;
                let redirect = format!("/orders/{}", detail.id);
                leptos_axum::redirect(&redirect);
                return Ok(Placed { order_id, redirect });
            }
            Err(problem) => {
                return Err(match problem {
                    PlaceProblem::EmptyCart => AppError::Conflict(t.err_empty_cart.into()),
                    PlaceProblem::NotSold(name) => AppError::Conflict((t.err_not_sold)(&name)),
                    PlaceProblem::Paused(name) => AppError::Conflict((t.err_paused)(&name)),
                    PlaceProblem::PriceChanged(_) => AppError::Conflict(t.err_price_changed.into()),
                    PlaceProblem::TooEarly(d) => AppError::field(
                        "ready_date",
                        (t.err_too_early)(&d.format("%Y-%m-%d").to_string()),
                    ),
                    PlaceProblem::OnlyLeft { name, left } => {
                        AppError::Conflict((t.err_only_left)(&name, left))
                    }
                    PlaceProblem::Duplicate(_) => AppError::Internal,
                });
            }
        };
        if user.is_none() {
            remember_guest_order(placed.order_id).await?;
        }
        let _ = state
            .hub
            .publish(LiveEvent::OrderPlaced {
                order_id: placed.order_id,
                total_minor: placed.total_minor,
            })
            .await;
        crate::suppliers::service::announce(&state, placed.order_id).await?;
        for (variant_id, store_id, quantity) in &placed.stock {
            let _ = state
                .hub
                .publish(LiveEvent::StockChanged {
                    variant_id: *variant_id,
                    store_id: *store_id,
                    quantity: *quantity,
                })
                .await;
        }
        if let Some(u) = &user {
            let _ = state
                .hub
                .publish(LiveEvent::CartChanged {
                    user_id: u.id,
                    count: 0,
                })
                .await;
        }
        crate::server::metrics::count_order(placed.total_minor);
        let redirect = match &payment {
            Some((_, reference)) => provider.checkout_url(reference),
            None => format!("/orders/{}?notice=placed", placed.order_id),
        };
        leptos_axum::redirect(&redirect);
        Ok(Placed {
            order_id: placed.order_id,
            redirect,
        })
    }

    async fn remember_guest_order(order_id: i64) -> Result<(), AppError> {
        let session = guard::session().await?;
        let mut ids: Vec<i64> = session
            .get(GUEST_ORDERS)
            .await
            .map_err(|e| AppError::internal("the guest's orders in the session", e))?
            .unwrap_or_default();
        ids.push(order_id);
        // A guest's last few orders are enough to follow them.
        if ids.len() > 20 {
            ids.remove(0);
        }
        session
            .insert(GUEST_ORDERS, ids)
            .await
            .map_err(|e| AppError::internal("the guest's orders in the session", e))
    }

    pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
        let user = guard::require_user()?;
        let state = app_state()?;
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let locale = crate::i18n::request_locale();
        let mut orders = repo::orders_of_user(&state.db, user.id, 100).await?;
        for o in &mut orders {
            o.stage_name = stages.name(&o.stage, locale);
            o.stage_colour = stages
                .get(&o.stage)
                .map(|s| s.colour.clone())
                .unwrap_or_default();
        }
        Ok(orders)
    }

    /// The order, if the caller may see it; `NotFound` otherwise (nobody
    /// learns which order numbers exist).
    async fn order_for_caller(id: i64) -> Result<repo::OrderRow, AppError> {
        let state = app_state()?;
        let row = repo::order(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let user = guard::current_user();
        let allowed = match &user {
            Some(u) if STAFF.contains(&u.role) => true,
            Some(u) if row.user_id == Some(u.id) => true,
            _ => {
                let session = guard::session().await?;
                let ids: Vec<i64> = session
                    .get(GUEST_ORDERS)
                    .await
                    .map_err(|e| AppError::internal("the guest's orders in the session", e))?
                    .unwrap_or_default();
                row.user_id.is_none() && ids.contains(&id)
            }
        };
        if !allowed {
            return Err(if user.is_none() {
                AppError::Unauthorized
            } else {
                AppError::NotFound
            });
        }
        Ok(row)
    }

    pub async fn order(id: i64) -> Result<OrderDetail, AppError> {
        let state = app_state()?;
        let row = order_for_caller(id).await?;
        let items = repo::items(&state.db, id).await?;
        let timeline = repo::timeline(&state.db, id).await?;
        let can_move = guard::current_user().is_some_and(|u| STAFF.contains(&u.role));
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let client_name = [&row.last_name, &row.first_name, &row.middle_name]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(OrderDetail {
            id: row.id,
            stage: row.stage,
            version: row.version,
            fulfilment: row.fulfilment,
            store_name: row.store_name,
            store_address: row.store_address,
            delivery_address: row.delivery_address,
            ready_date: row.ready_date,
            time_slot: row.time_slot,
            payment_method: row.payment_method,
            payment_status: row.payment_status,
            total_minor: row.total_minor,
            notes: row.notes,
            created_at: row.created_at,
            client_name,
            phone: row.phone,
            email: row.email,
            items,
            timeline,
            can_move,
            stages,
            supplier_parts: crate::suppliers::service::parts_of_order(&state, row.id).await?,
        })
    }

    pub async fn reorder(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        order_for_caller(id).await?;
        let cart = crate::cart::api::ssr::cart_id(&state.db, true)
            .await?
            .ok_or(AppError::Internal)?;
        repo::reorder_into_cart(&state.db, id, cart).await?;
        leptos_axum::redirect("/cart");
        Ok(())
    }

    pub async fn pay(id: i64) -> Result<String, AppError> {
        let state = app_state()?;
        let row = order_for_caller(id).await?;
        if row.payment_method != "online" || row.payment_status == "paid" {
            return Err(AppError::Conflict(
                "This order does not need paying online.".into(),
            ));
        }
        let provider = super::super::payments::provider();
        let reference = crate::accounts::tokens::generate();
        repo::new_payment(&state.db, id, provider.name(), &reference, row.total_minor).await?;
        let url = provider.checkout_url(&reference);
        leptos_axum::redirect(&url);
        Ok(url)
    }

    /// The order page's move form: the production board's move.
    pub async fn move_order(id: i64, version: i32, stage: String) -> Result<i32, AppError> {
        crate::production::api::ssr::move_order(id, version, stage).await
    }
}
