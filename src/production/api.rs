//! Server functions of the production board: guard → parse → repo → answer.
//! Staff, managers and admins read the board and move cards; only admins
//! configure the stages.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::types::BoardFilter;
use super::types::{Board, Plan, Stages};
use crate::error::AppError;

/// The board: stages, the cards the filter selects, and the filter's choices.
/// The arguments are the page's query parameters (see [`BoardFilter`]).
#[server(endpoint = "production/board")]
pub async fn load_board(
    due: Option<String>,
    from: Option<String>,
    to: Option<String>,
    store: Option<String>,
    product: Option<String>,
    assignee: Option<String>,
) -> Result<Board, AppError> {
    let filter = BoardFilter::from_query(|k| match k {
        "due" => due.clone(),
        "from" => from.clone(),
        "to" => to.clone(),
        "store" => store.clone(),
        "product" => product.clone(),
        "assignee" => assignee.clone(),
        _ => None,
    });
    crate::server::respond(ssr::board(filter).await)
}

/// Moves an order to `stage` if nobody changed it since `version`.
/// Returns the order's new version.
#[server(endpoint = "production/move")]
pub async fn move_card(id: i64, version: i32, stage: String) -> Result<i32, AppError> {
    crate::server::respond(ssr::move_order(id, version, stage).await)
}

/// Gives an order to a member of staff; an empty `assignee` takes it back.
#[server(endpoint = "production/assign")]
pub async fn assign_card(id: i64, assignee: String) -> Result<(), AppError> {
    crate::server::respond(ssr::assign(id, assignee).await)
}

/// What to make on `date` (default today), per product, variant and stage.
#[server(endpoint = "production/plan")]
pub async fn load_plan(date: Option<String>, store: Option<String>) -> Result<Plan, AppError> {
    crate::server::respond(ssr::plan(date, store).await)
}

/// The configured stages.
#[server(endpoint = "production/stages")]
pub async fn load_stages() -> Result<Stages, AppError> {
    crate::server::respond(ssr::stages().await)
}

/// Admin: adds a stage (`adding` set) or changes one.
#[server(endpoint = "production/save-stage")]
pub async fn save_stage(
    code: String,
    name_en: String,
    name_ru: String,
    colour: String,
    position: String,
    kind: String,
    adding: Option<String>,
) -> Result<(), AppError> {
    let form = ssr::StageForm {
        code,
        name_en,
        name_ru,
        colour,
        position,
        kind,
        adding: adding.is_some_and(|a| !a.is_empty()),
    };
    crate::server::respond(ssr::save_stage(form).await)
}

/// Admin: deletes a stage no order has ever been in.
#[server(endpoint = "production/delete-stage")]
pub async fn delete_stage(code: String) -> Result<(), AppError> {
    crate::server::respond(ssr::delete_stage(code).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use std::collections::BTreeMap;

    use chrono::{Duration, NaiveDate};

    use super::super::repo::{self, BoardQuery, DeleteProblem, MoveProblem};
    use super::super::texts::{ProductionTexts, texts};
    use super::super::types::*;
    use crate::accounts::types::Role;
    use crate::accounts::{guard, roles};
    use crate::error::{AppError, FieldError};
    use crate::live::types::LiveEvent;
    use crate::orders::schedule;
    use crate::server::app_state;

    /// The most cards a board shows at once.
    const CARD_LIMIT: i64 = 400;
    /// The longest date range a board or plan reads.
    const MAX_DAYS: i64 = 92;

    fn tr() -> &'static ProductionTexts {
        texts(crate::i18n::request_locale())
    }

    fn parse_date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
    }

    /// The days a filter shows, and whether late unfinished orders join them.
    pub fn board_days(
        filter: &BoardFilter,
        today: NaiveDate,
    ) -> Result<(NaiveDate, NaiveDate, bool), AppError> {
        let t = tr();
        Ok(match filter.due.as_str() {
            "tomorrow" => {
                let d = today + Duration::days(1);
                (d, d, false)
            }
            "week" => (today, today + Duration::days(6), true),
            "range" => {
                let from =
                    parse_date(&filter.from).ok_or_else(|| AppError::field("from", t.err_date))?;
                let to = parse_date(&filter.to).ok_or_else(|| AppError::field("to", t.err_date))?;
                if from > to || (to - from).num_days() >= MAX_DAYS {
                    return Err(AppError::field("to", t.err_range));
                }
                (from, to, from <= today && today <= to)
            }
            // "today", nothing, or something we do not know: today.
            _ => (today, today, true),
        })
    }

    /// Whether a card's due time (the end of its slot) has passed.
    pub fn is_late(ready_date: &str, time_slot: &str, now_local: &str) -> bool {
        if ready_date.is_empty() {
            return false;
        }
        let end = time_slot.split('-').nth(1).unwrap_or("23:59").trim();
        format!("{ready_date} {end}").as_str() < now_local
    }

    pub async fn board(filter: BoardFilter) -> Result<Board, AppError> {
        let user = guard::require(&roles::STAFF)?;
        let state = app_state()?;
        let today = schedule::today(&state.config);
        let (from, to, overdue) = board_days(&filter, today)?;
        let stages = repo::stages(&state.db).await?;
        let query = BoardQuery {
            from: from.to_string(),
            to: to.to_string(),
            overdue,
            store: filter.store,
            product: filter.product,
            assignee: filter.assignee,
            limit: CARD_LIMIT,
        };
        let (rows, total) = repo::board(&state.db, &query).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut items: BTreeMap<i64, Vec<CardItem>> = BTreeMap::new();
        for item in repo::card_items(&state.db, &ids).await? {
            items.entry(item.order_id).or_default().push(item);
        }
        let now_local = schedule::now_local(&state.config)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let cards = rows
            .into_iter()
            .map(|r| {
                let open = stages
                    .get(&r.stage)
                    .is_none_or(|s| s.kind == StageKind::Open);
                let client_name = [&r.last_name, &r.first_name, &r.middle_name]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Card {
                    late: open && is_late(&r.ready_date, &r.time_slot, &now_local),
                    items: items.remove(&r.id).unwrap_or_default(),
                    id: r.id,
                    version: r.version,
                    stage: r.stage,
                    ready_date: r.ready_date,
                    time_slot: r.time_slot,
                    fulfilment: r.fulfilment,
                    store_name: r.store_name,
                    client_name,
                    notes: r.notes,
                    assignee_id: r.assignee_id,
                    assignee_name: r.assignee_name,
                    stage_since: r.stage_since,
                }
            })
            .collect::<Vec<_>>();
        Ok(Board {
            hidden: total - cards.len() as i64,
            cards,
            stages,
            filter,
            from: from.to_string(),
            to: to.to_string(),
            today: today.to_string(),
            now: chrono::Utc::now().timestamp(),
            staff: repo::staff(&state.db).await?,
            stores: repo::stores(&state.db).await?,
            products: repo::products(&state.db).await?,
            can_reopen: user.role != Role::Staff,
        })
    }

    pub async fn move_order(id: i64, version: i32, stage: String) -> Result<i32, AppError> {
        let user = guard::require(&roles::STAFF)?;
        let state = app_state()?;
        move_as(&state, &user, id, version, &stage).await
    }

    /// Moves order `id` (seen at `version`) to `stage` for `user`, whose
    /// role the caller has checked (the board, the order page, the REST
    /// API): the move rules, the stage event and the live event.
    pub async fn move_as(
        state: &crate::server::AppState,
        user: &crate::accounts::types::SessionUser,
        id: i64,
        version: i32,
        stage: &str,
    ) -> Result<i32, AppError> {
        let t = tr();
        let stage = stage.trim();
        let stages = repo::stages(&state.db).await?;
        if stages.get(stage).is_none() {
            return Err(AppError::field("stage", t.err_unknown_stage));
        }
        match repo::move_order(&state.db, id, version, stage, user.id, user.role, &stages).await? {
            Ok(moved) => {
                let _ = state
                    .hub
                    .publish(LiveEvent::OrderMoved {
                        order_id: id,
                        stage: stage.to_owned(),
                        customer_user_id: moved.customer,
                    })
                    .await;
                Ok(moved.version)
            }
            Err(MoveProblem::NotFound) => Err(AppError::NotFound),
            Err(MoveProblem::Stale { .. }) => Err(AppError::Conflict(t.err_stale.into())),
            Err(MoveProblem::Refused(refusal)) => Err(match refusal {
                MoveRefusal::UnknownStage => AppError::field("stage", t.err_unknown_stage),
                MoveRefusal::SameStage => AppError::Conflict(t.err_same_stage.into()),
                MoveRefusal::FinalStage => AppError::Conflict(t.err_final_stage.into()),
                MoveRefusal::Role => AppError::Forbidden,
            }),
        }
    }

    pub async fn assign(id: i64, assignee: String) -> Result<(), AppError> {
        guard::require(&roles::STAFF)?;
        let state = app_state()?;
        let t = tr();
        let assignee = match assignee.trim() {
            "" | "0" => None,
            s => {
                let user = s
                    .parse::<i64>()
                    .map_err(|_| AppError::field("assignee", t.err_assignee))?;
                if !repo::is_staff(&state.db, user).await? {
                    return Err(AppError::field("assignee", t.err_assignee));
                }
                Some(user)
            }
        };
        if !repo::assign(&state.db, id, assignee).await? {
            return Err(AppError::NotFound);
        }
        let _ = state
            .hub
            .publish(LiveEvent::OrderAssigned {
                order_id: id,
                assignee_id: assignee,
            })
            .await;
        Ok(())
    }

    pub async fn plan(date: Option<String>, store: Option<String>) -> Result<Plan, AppError> {
        guard::require(&roles::STAFF)?;
        let state = app_state()?;
        let t = tr();
        let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => schedule::today(&state.config),
            Some(d) => parse_date(d).ok_or_else(|| AppError::field("date", t.err_date))?,
        }
        .to_string();
        let store = store
            .as_deref()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|s| *s > 0);
        let stages = repo::stages(&state.db).await?;
        let (lines, notes, orders) = repo::plan(&state.db, &date, store).await?;
        let used: Vec<Stage> = stages
            .0
            .iter()
            .filter(|s| lines.iter().any(|l| l.stage == s.code))
            .cloned()
            .collect();
        let mut rows: Vec<PlanRow> = Vec::new();
        for line in lines {
            let column = used.iter().position(|s| s.code == line.stage);
            let row = match rows.iter_mut().find(|r| {
                r.product_name == line.product_name && r.variant_name == line.variant_name
            }) {
                Some(row) => row,
                None => {
                    rows.push(PlanRow {
                        product_name: line.product_name.clone(),
                        variant_name: line.variant_name.clone(),
                        by_stage: vec![0; used.len()],
                        total: 0,
                    });
                    rows.last_mut().ok_or(AppError::Internal)?
                }
            };
            if let Some(c) = column {
                row.by_stage[c] += line.quantity;
            }
            row.total += line.quantity;
        }
        Ok(Plan {
            date,
            store,
            stores: repo::stores(&state.db).await?,
            stages: used,
            rows,
            notes,
            orders,
        })
    }

    pub async fn stages() -> Result<Stages, AppError> {
        guard::require(&roles::STAFF)?;
        let state = app_state()?;
        Ok(repo::stages(&state.db).await?)
    }

    /// The stages, for a caller whose role was checked elsewhere (the REST API).
    pub async fn stages_for(state: &crate::server::AppState) -> Result<Stages, AppError> {
        stages_in(&state.db).await
    }

    /// The production stages in board order: how other features read them.
    pub async fn stages_in(db: &crate::server::db::Db) -> Result<Stages, AppError> {
        Ok(repo::stages(db).await?)
    }

    /// A stage form as posted.
    #[derive(Debug, Clone)]
    pub struct StageForm {
        pub code: String,
        pub name_en: String,
        pub name_ru: String,
        pub colour: String,
        pub position: String,
        pub kind: String,
        pub adding: bool,
    }

    /// Checks every field; all mistakes at once.
    pub fn parse_stage(form: &StageForm, t: &ProductionTexts) -> Result<Stage, AppError> {
        let mut errors = Vec::new();
        let mut err = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            })
        };
        let code = form.code.trim().to_owned();
        if code.is_empty()
            || code.len() > 32
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            err("code", t.err_code);
        }
        let name = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s.chars().count() <= 40).then(|| s.to_owned())
        };
        let name_en = name(&form.name_en);
        if name_en.is_none() {
            err("name_en", t.err_name);
        }
        let name_ru = name(&form.name_ru);
        if name_ru.is_none() {
            err("name_ru", t.err_name);
        }
        let colour = form.colour.trim().to_ascii_lowercase();
        let colour_ok = colour.len() == 7
            && colour.starts_with('#')
            && colour[1..].chars().all(|c| c.is_ascii_hexdigit());
        if !colour_ok {
            err("colour", t.err_colour);
        }
        let position = form
            .position
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|p| (0..=10_000).contains(p));
        if position.is_none() {
            err("position", t.err_position);
        }
        let kind = StageKind::parse(form.kind.trim());
        match kind {
            None => err("kind", t.err_kind),
            Some(k) if code == ENTRY_STAGE && k != StageKind::Open => err("kind", t.err_entry),
            Some(_) => {}
        }
        match (name_en, name_ru, position, kind) {
            (Some(name_en), Some(name_ru), Some(position), Some(kind)) if errors.is_empty() => {
                Ok(Stage {
                    code,
                    name_en,
                    name_ru,
                    colour,
                    position,
                    kind,
                })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }

    pub async fn save_stage(form: StageForm) -> Result<(), AppError> {
        guard::require(&roles::ADMINS)?;
        let state = app_state()?;
        let t = tr();
        let stage = parse_stage(&form, t)?;
        let existing = repo::stages(&state.db).await?;
        if form.adding && existing.get(&stage.code).is_some() {
            return Err(AppError::field("code", t.err_exists));
        }
        if !form.adding && existing.get(&stage.code).is_none() {
            return Err(AppError::NotFound);
        }
        repo::save_stage(&state.db, &stage).await?;
        let _ = state.hub.publish(LiveEvent::StagesChanged).await;
        Ok(())
    }

    pub async fn delete_stage(code: String) -> Result<(), AppError> {
        guard::require(&roles::ADMINS)?;
        let state = app_state()?;
        let t = tr();
        let code = code.trim();
        if code == ENTRY_STAGE {
            return Err(AppError::Conflict(t.err_entry.into()));
        }
        match repo::delete_stage(&state.db, code).await? {
            Ok(()) => {
                let _ = state.hub.publish(LiveEvent::StagesChanged).await;
                Ok(())
            }
            Err(DeleteProblem::NotFound) => Err(AppError::NotFound),
            Err(DeleteProblem::InUse(n)) => Err(AppError::Conflict((t.err_in_use)(n))),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::production::texts::EN;

        #[test]
        fn late_means_the_slot_has_ended() {
            assert!(is_late("2026-11-20", "09:00-11:00", "2026-11-20 11:01"));
            assert!(!is_late("2026-11-20", "09:00-11:00", "2026-11-20 10:59"));
            assert!(is_late("2026-11-19", "", "2026-11-20 00:00"));
            assert!(!is_late("2026-11-20", "", "2026-11-20 23:00"));
            assert!(!is_late("", "", "2026-11-20 23:00"));
        }

        fn form() -> StageForm {
            StageForm {
                code: "glazing".into(),
                name_en: "Glazing".into(),
                name_ru: "Глазировка".into(),
                colour: "#AA5500".into(),
                position: "45".into(),
                kind: "open".into(),
                adding: true,
            }
        }

        #[test]
        fn a_good_stage_form_parses() {
            let s = parse_stage(&form(), &EN).unwrap();
            assert_eq!(s.colour, "#aa5500");
            assert_eq!(s.position, 45);
            assert_eq!(s.kind, StageKind::Open);
        }

        #[test]
        fn every_mistake_is_named_at_once() {
            let bad = StageForm {
                code: "Glazing!".into(),
                name_en: " ".into(),
                name_ru: "x".repeat(41),
                colour: "red".into(),
                position: "-1".into(),
                kind: "maybe".into(),
                adding: true,
            };
            let Err(AppError::Invalid(errors)) = parse_stage(&bad, &EN) else {
                panic!("must be refused");
            };
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(
                fields,
                ["code", "name_en", "name_ru", "colour", "position", "kind"]
            );
        }

        #[test]
        fn the_entry_stage_stays_open() {
            let f = StageForm {
                code: "new".into(),
                kind: "done".into(),
                ..form()
            };
            let Err(AppError::Invalid(errors)) = parse_stage(&f, &EN) else {
                panic!("must be refused");
            };
            assert_eq!(errors[0].field, "kind");
        }
    }
}
