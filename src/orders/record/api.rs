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
    use super::super::service::{self, LineOp, LineRefusal};
    use super::super::texts::{RecordTexts, record_texts};
    use crate::accounts::guard::require;
    use crate::accounts::roles::{MANAGERS, STAFF};
    use crate::clients::types::full_name;
    use crate::domain::{NewLine, Notes, Price, Problem, Problems, Quantity};
    use crate::error::AppError;
    use crate::history::types::{Actor, Entity};
    use crate::orders::types::{OrderRecord, RecordLine, TimelineEntry};
    use crate::server::app_state;
    use crate::server::rest::seed_datetime;

    fn tr() -> &'static RecordTexts {
        record_texts(crate::i18n::request_locale())
    }

    pub async fn record(id: i64) -> Result<OrderRecord, AppError> {
        let user = require(&STAFF)?;
        let state = app_state()?;
        let locale = crate::i18n::request_locale();
        let t = record_texts(locale);
        let (row, items) = service::record(&state.db, id).await?;
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
            crate::history::of(&state.db, Entity::Order, id)
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

    /// The order page's wording of a line's problems.
    fn word(t: &RecordTexts) -> impl Fn(&str, Problem) -> String + '_ {
        move |field, problem| {
            match (field, problem) {
                ("product", Problem::Required) => t.err_product,
                ("price", _) => t.err_price,
                ("quantity", _) => t.err_quantity,
                _ => t.err_too_long,
            }
            .to_owned()
        }
    }

    /// The fields `parsed` holds, or every problem at once.
    fn valid<T>(parsed: Option<T>, problems: Problems, t: &RecordTexts) -> Result<T, AppError> {
        match parsed {
            Some(value) if problems.is_empty() => Ok(value),
            _ => Err(AppError::Invalid(problems.worded(word(t)))),
        }
    }

    async fn change(id: i64, op: LineOp, t: &RecordTexts) -> Result<i64, AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        match service::change_line(&state.db, id, &op, Actor::ui(user.id)).await? {
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
        let mut p = Problems::default();
        let line = valid(NewLine::parse(&product, &price, &quantity, &mut p), p, t)?;
        let op = LineOp::Add {
            product: line.product.into_string(),
            unit_price_minor: line.price.minor(),
            quantity: line.quantity.get(),
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
        let mut p = Problems::default();
        let price = p.check("price", Price::parse(&price));
        let quantity = p.check("quantity", Quantity::parse(&quantity));
        let (price, quantity) = valid(price.zip(quantity), p, t)?;
        let op = LineOp::Update {
            line_id,
            unit_price_minor: price.minor(),
            quantity: quantity.get(),
        };
        change(id, op, t).await
    }

    pub async fn remove_line(id: i64, line_id: i64) -> Result<i64, AppError> {
        change(id, LineOp::Remove { line_id }, tr()).await
    }

    pub async fn save_notes(id: i64, notes: String) -> Result<(), AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        let mut p = Problems::default();
        let notes = p.check("notes", Notes::parse(&notes));
        let notes = valid(notes, p, tr())?;
        let patch = service::OrderPatch {
            notes: Some(notes.into_string()),
            ..Default::default()
        };
        match service::edit(&state.db, id, &patch, Actor::ui(user.id)).await? {
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
                let (rows, total) = crate::clients::service::table(
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
        let patch = service::OrderPatch {
            client_id: Some(client_id),
            ..Default::default()
        };
        match service::edit(&state.db, id, &patch, Actor::ui(user.id)).await? {
            Ok(_) => Ok(client_id),
            Err(service::EditRefusal::UnknownClient) => {
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
        let mut p = Problems::default();
        let line = NewLine::parse(&product, &price, &quantity, &mut p);
        let notes = p.check("notes", Notes::parse(&notes));
        let (line, notes) = valid(line.zip(notes), p, t)?;
        let order = service::SimpleOrder {
            client_id,
            product: line.product.into_string(),
            quantity: line.quantity.get(),
            unit_price_minor: line.price.minor(),
            notes: notes.into_string(),
            source: "phone",
        };
        let id = service::create(&state.db, &order, Actor::ui(user.id))
            .await?
            .ok_or(AppError::NotFound)?;
        leptos_axum::redirect(&format!("/admin/orders/{id}"));
        Ok(id)
    }

    pub async fn delete(id: i64) -> Result<(), AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        service::delete(&state.db, id, Actor::ui(user.id)).await?;
        leptos_axum::redirect("/admin/orders");
        Ok(())
    }
}
