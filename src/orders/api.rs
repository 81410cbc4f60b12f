//! Server functions of checkout and orders: guard → parse → repo → answer.
//!
//! Who may see an order: the shopper whose account placed it, the guest
//! whose session placed it, and staff, managers and admins.

// The checkout form's fields are the server function's arguments (so the
// plain HTML form posts them as they are): more than clippy likes.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::types::{CheckoutData, OrderDetail, OrderSummary, Placed};
use crate::error::AppError;

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
    use super::super::schedule::{self, SlotProblem};
    use super::super::texts::{OrderTexts, texts};
    use super::super::types::*;
    use super::ssr_form::CheckoutForm;
    use crate::accounts::guard;
    use crate::accounts::types::{Email, Role};
    use crate::error::{AppError, FieldError};
    use crate::live::types::LiveEvent;
    use crate::server::app_state;
    use crate::server::jobs::Job;
    use crate::server::mail::OutgoingMail;

    const STAFF: [Role; 3] = [Role::Staff, Role::Manager, Role::Admin];
    /// The session key listing the orders a guest placed.
    const GUEST_ORDERS: &str = "guest_orders";

    fn tr() -> &'static OrderTexts {
        texts(crate::i18n::request_locale())
    }

    pub async fn load_checkout() -> Result<CheckoutData, AppError> {
        let state = app_state()?;
        let cart = crate::cart::api::ssr::view().await?;
        let stores = repo::stores_with_hours(&state.db).await?;
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

    fn phone_ok(phone: &str) -> bool {
        let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
        (7..=15).contains(&digits)
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c))
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
        if !phone_ok(&phone) {
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
        let stores = repo::stores_with_hours(&state.db).await?;
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
        let currency = state.config.currency.clone();
        let base = state.config.public_url();
        let mail = |order_id: i64, items: &[OrderItem], total: i64| {
            let lines: String = items
                .iter()
                .map(|i| {
                    format!(
                        "{} × {}{} — {}\n",
                        i.quantity,
                        i.product_name,
                        if i.variant_name.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", i.variant_name)
                        },
                        crate::ui::format_money(
                            i.unit_price_minor * i64::from(i.quantity),
                            &currency,
                            locale
                        )
                    )
                })
                .collect();
            Some(Job::SendMail(OutgoingMail {
                to: email.clone(),
                subject: (t.mail_subject)(order_id),
                body_text: (t.mail_body)(
                    &first_name,
                    order_id,
                    &lines,
                    &crate::ui::format_money(total, &currency, locale),
                    &format!("{base}/orders/{order_id}"),
                ),
            }))
        };
        let placed = match repo::place(&state.db, &order, mail).await? {
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
            .map_err(|_| AppError::Internal)?
            .unwrap_or_default();
        ids.push(order_id);
        // A guest's last few orders are enough to follow them.
        if ids.len() > 20 {
            ids.remove(0);
        }
        session
            .insert(GUEST_ORDERS, ids)
            .await
            .map_err(|_| AppError::Internal)
    }

    pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
        let user = guard::require_user()?;
        let state = app_state()?;
        let stages = crate::production::repo::stages(&state.db).await?;
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
                    .map_err(|_| AppError::Internal)?
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
        let stages = crate::production::repo::stages(&state.db).await?;
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

// ---------------------------------------------------------------------------
// The back office's orders table.

/// A page of the orders table (staff, managers, admins).
#[server(endpoint = "admin/orders")]
pub async fn load_order_table(
    #[server(default)] filter: super::types::OrderFilter,
) -> Result<super::types::OrderTable, AppError> {
    crate::server::respond(table_ssr::table(filter).await)
}

/// Moves the orders `ids` to `stage` (managers and admins), each through
/// the production board's rules; those that cannot move are listed with why.
#[server(endpoint = "admin/orders/bulk")]
pub async fn bulk_move_orders(
    #[server(default)] ids: Vec<i64>,
    stage: String,
) -> Result<super::types::BulkOutcome, AppError> {
    crate::server::respond(table_ssr::bulk_move(ids, stage).await)
}

#[cfg(feature = "ssr")]
pub mod table_ssr {
    use chrono::NaiveDate;

    use super::super::repo::{self, TableQuery, TableRow};
    use super::super::texts::{OrderTableTexts, table_texts};
    use super::super::types::{BulkOutcome, OrderColumn, OrderFilter, OrderLine, OrderTable};
    use crate::accounts::guard::require;
    use crate::clients::routes::{READ, WRITE};
    use crate::clients::types::{full_name, search_words};
    use crate::error::{AppError, FieldError};
    use crate::production::types::Stages;
    use crate::server::{AppState, app_state};

    /// Rows per page of the orders table.
    pub const PER_PAGE: i64 = 25;
    /// The most orders one bulk action changes.
    pub const BULK_MAX: usize = 500;

    fn tr() -> &'static OrderTableTexts {
        table_texts(crate::i18n::request_locale())
    }

    /// Checks the table's filters: every mistake is reported at once, next
    /// to its field.
    pub fn check_filter(
        state: &AppState,
        f: &OrderFilter,
        stages: &Stages,
        t: &OrderTableTexts,
    ) -> Result<TableQuery, AppError> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: &str| {
            problems.push(FieldError {
                field: field.into(),
                message: message.into(),
            })
        };
        for (field, value) in [("q", &f.q), ("client", &f.client), ("item", &f.item)] {
            if value.chars().count() > 200 {
                problem(field, t.err_too_long);
            }
        }
        let stage = Some(f.stage.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(code) = &stage
            && stages.get(code).is_none()
        {
            problem("stage", t.err_stage);
        }
        let payment = Some(f.payment.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(p) = &payment
            && !super::super::types::PAYMENT_STATUSES.contains(&p.as_str())
        {
            problem("payment", t.err_payment);
        }
        let mut date = |field: &str, raw: &str| -> Option<NaiveDate> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(raw, "%d.%m.%Y"))
                .ok();
            if parsed.is_none() {
                problem(field, t.err_date);
            }
            parsed
        };
        let from = date("from", &f.from);
        let to = date("to", &f.to);
        let mut money = |field: &str, raw: &str| -> Option<i64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let parsed = crate::server::rest::parse_money(raw);
            if parsed.is_none() {
                problem(field, t.err_amount);
            }
            parsed
        };
        let min = money("min", &f.min);
        let max = money("max", &f.max);
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            problem("to", t.err_range);
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            problem("max", t.err_range);
        }
        let sort = match f.sort.trim() {
            "" => OrderColumn::Created,
            code => match OrderColumn::parse(code).filter(|c| c.sortable()) {
                Some(c) => c,
                None => {
                    problem("sort", t.err_sort);
                    OrderColumn::Created
                }
            },
        };
        let desc = match f.dir.trim() {
            "" => f.sort.trim().is_empty(),
            "desc" => true,
            "asc" => false,
            _ => {
                problem("dir", t.err_sort);
                false
            }
        };
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(TableQuery {
            words: search_words(&f.q),
            client: search_words(&f.client),
            item: search_words(&f.item),
            stage,
            payment,
            from: from.map(|d| state.config.midnight(d)),
            until: to.map(|d| state.config.midnight(d + chrono::Duration::days(1))),
            min,
            max,
            sort,
            desc,
        })
    }

    /// A table row as the page shows it.
    pub fn line(
        row: TableRow,
        stages: &Stages,
        locale: crate::i18n::Locale,
        tz: chrono_tz::Tz,
    ) -> OrderLine {
        let stage = stages.get(&row.stage);
        OrderLine {
            id: row.id,
            created_at: row.created_at,
            created: chrono::DateTime::from_timestamp(row.created_at, 0)
                .unwrap_or_default()
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            client_id: row.client_id,
            client_name: full_name(&row.last_name, &row.first_name, &row.middle_name),
            phone: row.phone,
            items: row.items.unwrap_or_default(),
            stage_name: stages.name(&row.stage, locale),
            stage_colour: stage.map(|s| s.colour.clone()).unwrap_or_default(),
            stage: row.stage,
            ready_date: row.ready_date,
            time_slot: row.time_slot,
            fulfilment: row.fulfilment,
            store_name: row.store_name,
            payment_status: row.payment_status,
            total_minor: row.total_minor,
            notes: row.notes,
        }
    }

    pub async fn table(f: OrderFilter) -> Result<OrderTable, AppError> {
        let user = require(&READ)?;
        let state = app_state()?;
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let can_edit = WRITE.contains(&user.role);
        let mut table = OrderTable {
            rows: Vec::new(),
            total: 0,
            sum_minor: 0,
            exact: true,
            page: f.page.clamp(1, 1_000_000),
            per_page: PER_PAGE,
            stages: Stages(Vec::new()),
            can_edit,
            problems: Vec::new(),
        };
        let q = match check_filter(&state, &f, &stages, tr()) {
            Ok(q) => q,
            Err(AppError::Invalid(problems)) => {
                table.problems = problems;
                table.stages = stages;
                return Ok(table);
            }
            Err(err) => return Err(err),
        };
        let (rows, counted) =
            repo::table(&state.db, &q, (table.page - 1) * PER_PAGE, PER_PAGE).await?;
        let locale = crate::i18n::request_locale();
        let tz = state.config.tz();
        table.rows = rows
            .into_iter()
            .map(|r| line(r, &stages, locale, tz))
            .collect();
        table.total = counted.orders;
        table.sum_minor = counted.sum_minor;
        table.exact = counted.exact;
        table.stages = stages;
        Ok(table)
    }

    pub async fn bulk_move(ids: Vec<i64>, stage: String) -> Result<BulkOutcome, AppError> {
        let user = require(&WRITE)?;
        let state = app_state()?;
        let t = tr();
        let mut ids = ids;
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(AppError::field("ids", t.err_none_selected));
        }
        if ids.len() > BULK_MAX {
            return Err(AppError::field("ids", t.err_too_many));
        }
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        if stages.get(stage.trim()).is_none() {
            return Err(AppError::field("stage", t.err_stage));
        }
        let versions = repo::versions(&state.db, &ids).await?;
        let mut outcome = BulkOutcome {
            moved: Vec::new(),
            skipped: Vec::new(),
        };
        for id in ids {
            let Some(&(_, version)) = versions.iter().find(|(v_id, _)| *v_id == id) else {
                outcome.skipped.push((id, t.err_no_order.to_owned()));
                continue;
            };
            // Each order moves in its own transaction, by the board's rules
            // (an order already in a final stage stays there, and so on).
            match crate::production::api::ssr::move_as(&state, &user, id, version, stage.trim())
                .await
            {
                Ok(_) => outcome.moved.push(id),
                Err(AppError::Internal) => return Err(AppError::Internal),
                Err(err) => outcome.skipped.push((id, err.to_string())),
            }
        }
        Ok(outcome)
    }
}

// ---------------------------------------------------------------------------
// The back office's order page: lines, notes, phone orders, deletion.

/// One order for the back office (staff, managers, admins).
#[server(endpoint = "admin/orders/one")]
pub async fn order_record(id: i64) -> Result<super::types::OrderRecord, AppError> {
    crate::server::respond(record_ssr::record(id).await)
}

/// Adds a line to an order; the order's new total.
#[server(endpoint = "admin/orders/lines/add")]
pub async fn add_order_line(
    id: i64,
    #[server(default)] product: String,
    #[server(default)] price: String,
    #[server(default)] quantity: String,
) -> Result<i64, AppError> {
    crate::server::respond(record_ssr::add_line(id, product, price, quantity).await)
}

/// Changes a line's price and quantity; the order's new total.
#[server(endpoint = "admin/orders/lines/update")]
pub async fn update_order_line(
    id: i64,
    line_id: i64,
    #[server(default)] price: String,
    #[server(default)] quantity: String,
) -> Result<i64, AppError> {
    crate::server::respond(record_ssr::update_line(id, line_id, price, quantity).await)
}

/// Removes a line (an order keeps at least one); the order's new total.
#[server(endpoint = "admin/orders/lines/remove")]
pub async fn remove_order_line(id: i64, line_id: i64) -> Result<i64, AppError> {
    crate::server::respond(record_ssr::remove_line(id, line_id).await)
}

/// Saves an order's notes.
#[server(endpoint = "admin/orders/notes")]
pub async fn save_order_notes(id: i64, #[server(default)] notes: String) -> Result<(), AppError> {
    crate::server::respond(record_ssr::save_notes(id, notes).await)
}

/// Moves an order to another client, given by number or by words that find
/// exactly one client; the new client's number.
#[server(endpoint = "admin/orders/client")]
pub async fn change_order_client(
    id: i64,
    #[server(default)] client: String,
) -> Result<i64, AppError> {
    crate::server::respond(record_ssr::change_client(id, client).await)
}

/// A phone order for a client: its first line; opens the new order's page.
#[server(endpoint = "admin/orders/create")]
pub async fn create_phone_order(
    client_id: i64,
    #[server(default)] product: String,
    #[server(default)] price: String,
    #[server(default)] quantity: String,
    #[server(default)] notes: String,
) -> Result<i64, AppError> {
    crate::server::respond(
        record_ssr::create_phone_order(client_id, product, price, quantity, notes).await,
    )
}

/// Deletes an order with its lines, timeline and payments; back to the table.
#[server(endpoint = "admin/orders/delete")]
pub async fn delete_order(id: i64) -> Result<(), AppError> {
    crate::server::respond(record_ssr::delete(id).await)
}

#[cfg(feature = "ssr")]
pub mod record_ssr {
    use super::super::repo::{self, LineOp, LineRefusal};
    use super::super::texts::{RecordTexts, record_texts};
    use super::super::types::{OrderRecord, RecordLine, TimelineEntry};
    use crate::accounts::guard::require;
    use crate::clients::routes::{READ, WRITE};
    use crate::clients::types::full_name;
    use crate::error::{AppError, FieldError};
    use crate::history::types::{Entity, Source};
    use crate::server::app_state;
    use crate::server::rest::{parse_money, seed_datetime};

    /// The highest unit price, in minor units (10,000,000.00).
    pub const PRICE_MAX: i64 = 1_000_000_000;
    /// The largest quantity of one line.
    pub const QUANTITY_MAX: i64 = 999;

    fn tr() -> &'static RecordTexts {
        record_texts(crate::i18n::request_locale())
    }

    pub async fn record(id: i64) -> Result<OrderRecord, AppError> {
        let user = require(&READ)?;
        let state = app_state()?;
        let locale = crate::i18n::request_locale();
        let t = record_texts(locale);
        let (row, items) = repo::record(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let at_text = |at: i64| seed_datetime(&state.config, at);
        let mut timeline: Vec<TimelineEntry> = repo::timeline(&state.db, id)
            .await?
            .into_iter()
            .map(|e| TimelineEntry {
                at: e.at,
                at_text: at_text(e.at),
                who: e.by_name,
                field: "stage".into(),
                old: e.from_stage.map(|s| stages.name(&s, locale)),
                new: Some(stages.name(&e.to_stage, locale)),
                source: "board".into(),
            })
            .collect();
        timeline.extend(
            crate::history::repo::of(&state.db, Entity::Order, id)
                .await?
                .into_iter()
                .map(|h| TimelineEntry {
                    at: h.at,
                    at_text: at_text(h.at),
                    who: h.user_name,
                    field: h.field,
                    old: h.old,
                    new: h.new,
                    source: h.source,
                }),
        );
        // Oldest first; at the same second a stage move comes first (an
        // order is created in its first stage).
        timeline.sort_by_key(|e| (e.at, e.field != "stage"));
        let source = match row.source.as_str() {
            "phone" => t.via_phone,
            "api" => t.via_api,
            _ => t.via_shop,
        };
        Ok(OrderRecord {
            id: row.id,
            created: (t.placed)(&at_text(row.created_at), source),
            source: row.source,
            client_id: row.client_id,
            client_name: full_name(&row.last_name, &row.first_name, &row.middle_name),
            phone: row.phone,
            email: row.email,
            stage_name: stages.name(&row.stage, locale),
            stage: row.stage,
            lines_open: row.stage_kind == "open",
            stage_kind: row.stage_kind,
            version: row.version,
            notes: row.notes,
            total_minor: row.total_minor,
            payment_method: row.payment_method,
            payment_status: row.payment_status,
            lines: items
                .into_iter()
                .map(|i| RecordLine {
                    id: i.id,
                    product: i.product_name,
                    variant: i.variant_name,
                    unit_price_minor: i.unit_price_minor,
                    quantity: i.quantity,
                })
                .collect(),
            timeline,
            can_edit: WRITE.contains(&user.role),
            stages,
        })
    }

    /// A line's price and quantity as typed, checked; every mistake at once.
    fn check_line(
        price: &str,
        quantity: &str,
        t: &RecordTexts,
        problems: &mut Vec<FieldError>,
    ) -> (i64, i64) {
        let price = parse_money(price).filter(|p| (0..=PRICE_MAX).contains(p));
        if price.is_none() {
            problems.push(FieldError {
                field: "price".into(),
                message: t.err_price.into(),
            });
        }
        let quantity = quantity
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|q| (1..=QUANTITY_MAX).contains(q));
        if quantity.is_none() {
            problems.push(FieldError {
                field: "quantity".into(),
                message: t.err_quantity.into(),
            });
        }
        (price.unwrap_or(0), quantity.unwrap_or(0))
    }

    fn check_product(product: &str, t: &RecordTexts, problems: &mut Vec<FieldError>) -> String {
        let product = product.split_whitespace().collect::<Vec<_>>().join(" ");
        if product.is_empty() {
            problems.push(FieldError {
                field: "product".into(),
                message: t.err_product.into(),
            });
        } else if product.chars().count() > 200 {
            problems.push(FieldError {
                field: "product".into(),
                message: t.err_too_long.into(),
            });
        }
        product
    }

    async fn change(id: i64, op: LineOp, t: &RecordTexts) -> Result<i64, AppError> {
        let user = require(&WRITE)?;
        let state = app_state()?;
        match repo::change_line(&state.db, id, &op, Some(user.id), Source::Ui).await? {
            Ok(total) => Ok(total),
            Err(LineRefusal::NotFound) => Err(AppError::NotFound),
            Err(LineRefusal::NoLine) => Err(AppError::Conflict(t.err_no_line.into())),
            Err(LineRefusal::Closed) => Err(AppError::Conflict(t.err_closed.into())),
            Err(LineRefusal::LastLine) => Err(AppError::Conflict(t.err_last_line.into())),
            Err(LineRefusal::TooMany) => Err(AppError::Conflict(t.err_too_many_lines.into())),
        }
    }

    pub async fn add_line(
        id: i64,
        product: String,
        price: String,
        quantity: String,
    ) -> Result<i64, AppError> {
        require(&WRITE)?;
        let t = tr();
        let mut problems = Vec::new();
        let product = check_product(&product, t, &mut problems);
        let (unit_price_minor, quantity) = check_line(&price, &quantity, t, &mut problems);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let op = LineOp::Add {
            product,
            unit_price_minor,
            quantity,
        };
        change(id, op, t).await
    }

    pub async fn update_line(
        id: i64,
        line_id: i64,
        price: String,
        quantity: String,
    ) -> Result<i64, AppError> {
        require(&WRITE)?;
        let t = tr();
        let mut problems = Vec::new();
        let (unit_price_minor, quantity) = check_line(&price, &quantity, t, &mut problems);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let op = LineOp::Update {
            line_id,
            unit_price_minor,
            quantity,
        };
        change(id, op, t).await
    }

    pub async fn remove_line(id: i64, line_id: i64) -> Result<i64, AppError> {
        change(id, LineOp::Remove { line_id }, tr()).await
    }

    pub async fn save_notes(id: i64, notes: String) -> Result<(), AppError> {
        let user = require(&WRITE)?;
        let state = app_state()?;
        let notes = notes.trim().to_owned();
        if notes.chars().count() > 2000 {
            return Err(AppError::field("notes", tr().err_too_long));
        }
        let patch = repo::OrderPatch {
            notes: Some(notes),
            ..Default::default()
        };
        match repo::edit_record(&state.db, id, &patch, Some(user.id), Source::Ui).await? {
            Ok(_) => Ok(()),
            Err(_) => Err(AppError::NotFound),
        }
    }

    pub async fn change_client(id: i64, client: String) -> Result<i64, AppError> {
        let user = require(&WRITE)?;
        let state = app_state()?;
        let t = tr();
        let text = client.trim();
        if text.is_empty() {
            return Err(AppError::field("client", t.err_client_empty));
        }
        let client_id = match text.trim_start_matches(['№', '#']).trim().parse::<i64>() {
            Ok(number) => number,
            Err(_) => {
                use crate::clients::types::{ClientSort, search_words};
                let words = search_words(text);
                let (rows, total) = crate::clients::repo::table(
                    &state.db,
                    &words,
                    ClientSort::LastName,
                    false,
                    0,
                    3,
                )
                .await?;
                match rows.as_slice() {
                    [] => return Err(AppError::field("client", t.err_client_none)),
                    [only] if total == 1 => only.client.id,
                    some => {
                        let names: Vec<String> = some
                            .iter()
                            .map(|r| {
                                let c = &r.client;
                                format!(
                                    "{}, {}",
                                    full_name(&c.last_name, &c.first_name, &c.middle_name),
                                    c.phone
                                )
                            })
                            .collect();
                        return Err(AppError::field(
                            "client",
                            (t.err_client_many)(total, &names.join("; ")),
                        ));
                    }
                }
            }
        };
        let patch = repo::OrderPatch {
            client_id: Some(client_id),
            ..Default::default()
        };
        match repo::edit_record(&state.db, id, &patch, Some(user.id), Source::Ui).await? {
            Ok(_) => Ok(client_id),
            Err(repo::EditRefusal::UnknownClient) => {
                Err(AppError::field("client", t.err_client_none))
            }
            Err(_) => Err(AppError::NotFound),
        }
    }

    pub async fn create_phone_order(
        client_id: i64,
        product: String,
        price: String,
        quantity: String,
        notes: String,
    ) -> Result<i64, AppError> {
        let user = require(&WRITE)?;
        let state = app_state()?;
        let t = tr();
        let mut problems = Vec::new();
        let product = check_product(&product, t, &mut problems);
        let (unit_price_minor, quantity) = check_line(&price, &quantity, t, &mut problems);
        let notes = notes.trim().to_owned();
        if notes.chars().count() > 2000 {
            problems.push(FieldError {
                field: "notes".into(),
                message: t.err_too_long.into(),
            });
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let order = repo::SimpleOrder {
            client_id,
            product,
            quantity,
            unit_price_minor,
            notes,
            source: "phone",
        };
        let id = repo::create_simple(&state.db, &order, Some(user.id), Source::Ui)
            .await?
            .ok_or(AppError::NotFound)?;
        leptos_axum::redirect(&format!("/admin/orders/{id}"));
        Ok(id)
    }

    pub async fn delete(id: i64) -> Result<(), AppError> {
        let user = require(&WRITE)?;
        let state = app_state()?;
        if repo::delete_record(&state.db, id, Some(user.id), Source::Ui).await? {
            leptos_axum::redirect("/admin/orders");
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
