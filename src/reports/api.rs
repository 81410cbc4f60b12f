//! Server functions of `/admin/reports`: guard → parse → repo → answer.
//! Managers and admins only (reports show revenue).

use leptos::prelude::*;

use super::types::{ReportQuery, ReportsData};
use crate::error::AppError;

/// The report a query asks for (worked out now, or a saved one as it was)
/// and the saved reports. A refused period comes back as `problems`, with
/// the saved list still there.
#[server(endpoint = "admin/reports")]
pub async fn load_reports(#[server(default)] query: ReportQuery) -> Result<ReportsData, AppError> {
    crate::server::respond(ssr::page(query).await)
}

/// Works out the period's figures and saves them as a report; its number.
#[server(endpoint = "admin/reports/save")]
pub async fn save_report(
    #[server(default)] period: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<i64, AppError> {
    crate::server::respond(ssr::save(period, from, to).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::guard::require;
    use crate::accounts::roles::MANAGERS;
    use crate::error::FieldError;
    use crate::reports::repo;
    use crate::reports::texts::{ReportTexts, texts};
    use crate::reports::types::{Report, SavedLine, Shown, resolve};
    use crate::server::rest::seed_datetime;
    use crate::server::{AppState, app_state};

    /// How many saved reports the page lists.
    pub const SAVED_LISTED: i64 = 100;

    fn shown_of(state: &AppState, r: Report) -> Shown {
        Shown {
            period: r.period,
            date_from: r.date_from,
            date_to: r.date_to,
            figures: r.figures,
            saved: Some((r.id, seed_datetime(&state.config, r.created_at))),
        }
    }

    /// The report `query` asks for. An empty query is the last 30 days. A
    /// refused period is `AppError::Invalid`, in `t`'s words; an unknown
    /// saved report is `NotFound`.
    pub async fn shown(
        state: &AppState,
        query: &ReportQuery,
        t: &ReportTexts,
    ) -> Result<Shown, AppError> {
        if let Some(id) = query.saved {
            let report = repo::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
            return Ok(shown_of(state, report));
        }
        for value in [&query.period, &query.from, &query.to] {
            if value.chars().count() > 20 {
                return Err(AppError::BadRequest("The period is too long".into()));
            }
        }
        let dates = query.dates_apply();
        let empty = query.period.trim().is_empty()
            && query.from.trim().is_empty()
            && query.to.trim().is_empty();
        let period = if empty {
            "month"
        } else {
            query.period.as_str()
        };
        let today = crate::orders::schedule::today(&state.config);
        let (period, from, to) = resolve(
            today,
            Some(period),
            dates.then_some(query.from.as_str()),
            dates.then_some(query.to.as_str()),
        )
        .map_err(|problems| {
            AppError::Invalid(
                problems
                    .into_iter()
                    .map(|p| FieldError {
                        field: p.field().into(),
                        message: (t.problem)(p).into(),
                    })
                    .collect(),
            )
        })?;
        let figures = repo::figures(
            &state.db,
            state.config.midnight(from),
            state.config.midnight(to + chrono::Duration::days(1)),
        )
        .await?;
        Ok(Shown {
            period,
            date_from: from,
            date_to: to,
            figures,
            saved: None,
        })
    }

    pub async fn page(query: ReportQuery) -> Result<ReportsData, AppError> {
        require(&MANAGERS)?;
        let state = app_state()?;
        let t = texts(crate::i18n::request_locale());
        let (shown, problems) = match shown(&state, &query, t).await {
            Ok(s) => (Some(s), Vec::new()),
            Err(AppError::Invalid(problems)) => (None, problems),
            Err(other) => return Err(other),
        };
        let saved = repo::list(&state.db, SAVED_LISTED)
            .await?
            .into_iter()
            .map(|r| SavedLine {
                id: r.id,
                period: r.period,
                date_from: r.date_from,
                date_to: r.date_to,
                created: seed_datetime(&state.config, r.created_at),
                orders: r.figures.orders,
                revenue_minor: r.figures.revenue_minor,
            })
            .collect();
        Ok(ReportsData {
            query,
            shown,
            problems,
            saved,
        })
    }

    pub async fn save(period: String, from: String, to: String) -> Result<i64, AppError> {
        let user = require(&MANAGERS)?;
        let state = app_state()?;
        let t = texts(crate::i18n::request_locale());
        let query = ReportQuery {
            period,
            from,
            to,
            saved: None,
        };
        let s = shown(&state, &query, t).await?;
        let id = repo::save(
            &state.db,
            s.period,
            s.date_from,
            s.date_to,
            &s.figures,
            Some(user.id),
        )
        .await?;
        Ok(id)
    }
}
