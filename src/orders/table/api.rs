//! Server functions of the back office's orders table: a page under the
//! filters, and bulk stage moves.

use leptos::prelude::*;

use crate::error::AppError;

/// A page of the orders table (staff, managers, admins).
#[server(endpoint = "admin/orders")]
pub async fn load_order_table(
    #[server(default)] filter: crate::orders::types::OrderFilter,
) -> Result<crate::orders::types::OrderTable, AppError> {
    crate::server::respond(ssr::table(filter).await)
}

/// Moves the orders `ids` to `stage` (managers and admins), each through
/// the production board's rules; those that cannot move are listed with why.
#[server(endpoint = "admin/orders/bulk")]
pub async fn bulk_move_orders(
    #[server(default)] ids: Vec<i64>,
    stage: String,
) -> Result<crate::orders::types::BulkOutcome, AppError> {
    crate::server::respond(ssr::bulk_move(ids, stage).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use chrono::NaiveDate;

    use super::super::repo::{self, TableQuery, TableRow};
    use super::super::texts::{OrderTableTexts, table_texts};
    use crate::accounts::guard::require;
    use crate::accounts::roles::{MANAGERS, STAFF};
    use crate::clients::types::{full_name, search_words};
    use crate::error::{AppError, FieldError};
    use crate::orders::types::{BulkOutcome, OrderColumn, OrderFilter, OrderLine, OrderTable};
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
            && !crate::orders::types::PAYMENT_STATUSES.contains(&p.as_str())
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
        let user = require(&STAFF)?;
        let state = app_state()?;
        let stages = crate::production::api::ssr::stages_for(&state).await?;
        let can_edit = MANAGERS.contains(&user.role);
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
        let user = require(&MANAGERS)?;
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
