//! Server functions of the back office's order page: lines, notes, the
//! client, phone orders, deletion.

use leptos::prelude::*;

use crate::error::AppError;

/// One order for the back office (staff, managers, admins).
#[server(endpoint = "admin/orders/one")]
pub async fn order_record(id: i64) -> Result<crate::orders::types::OrderRecord, AppError> {
    crate::server::respond(ssr::record(id).await)
}

/// Adds a line to an order; the order's new total.
#[server(endpoint = "admin/orders/lines/add")]
pub async fn add_order_line(
    id: i64,
    #[server(default)] product: String,
    #[server(default)] price: String,
    #[server(default)] quantity: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::add_line(id, product, price, quantity).await)
}

/// Changes a line's price and quantity; the order's new total.
#[server(endpoint = "admin/orders/lines/update")]
pub async fn update_order_line(
    id: i64,
    line_id: i64,
    #[server(default)] price: String,
    #[server(default)] quantity: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::update_line(id, line_id, price, quantity).await)
}

/// Removes a line (an order keeps at least one); the order's new total.
#[server(endpoint = "admin/orders/lines/remove")]
pub async fn remove_order_line(id: i64, line_id: i64) -> Result<i64, AppError> {
    crate::server::respond(ssr::remove_line(id, line_id).await)
}

/// Saves an order's notes.
#[server(endpoint = "admin/orders/notes")]
pub async fn save_order_notes(id: i64, #[server(default)] notes: String) -> Result<(), AppError> {
    crate::server::respond(ssr::save_notes(id, notes).await)
}

/// Moves an order to another client, given by number or by words that find
/// exactly one client; the new client's number.
#[server(endpoint = "admin/orders/client")]
pub async fn change_order_client(
    id: i64,
    #[server(default)] client: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::change_client(id, client).await)
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
        ssr::create_phone_order(client_id, product, price, quantity, notes).await,
    )
}

/// Deletes an order with its lines, timeline and payments; back to the table.
#[server(endpoint = "admin/orders/delete")]
pub async fn delete_order(id: i64) -> Result<(), AppError> {
    crate::server::respond(ssr::delete(id).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::repo::{self, LineOp, LineRefusal};
    use super::super::texts::{RecordTexts, record_texts};
    use crate::accounts::guard::require;
    use crate::accounts::roles::{MANAGERS, STAFF};
    use crate::clients::types::full_name;
    use crate::error::{AppError, FieldError};
    use crate::history::types::{Entity, Source};
    use crate::orders::types::{OrderRecord, RecordLine, TimelineEntry};
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
        let user = require(&STAFF)?;
        let state = app_state()?;
        let locale = crate::i18n::request_locale();
        let t = record_texts(locale);
        let (row, items) = repo::record(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let at_text = |at: i64| seed_datetime(&state.config, at);
        let mut timeline: Vec<TimelineEntry> =
            crate::orders::checkout::repo::timeline(&state.db, id)
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
            can_edit: MANAGERS.contains(&user.role),
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
        let user = require(&MANAGERS)?;
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
        require(&MANAGERS)?;
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
        require(&MANAGERS)?;
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
        let user = require(&MANAGERS)?;
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
        let user = require(&MANAGERS)?;
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
        let user = require(&MANAGERS)?;
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
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        if repo::delete_record(&state.db, id, Some(user.id), Source::Ui).await? {
            leptos_axum::redirect("/admin/orders");
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
