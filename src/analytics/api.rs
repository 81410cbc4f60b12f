//! Server functions of `/admin/analytics`: guard → check → refresh the
//! roll-ups → read them → build each chart (charming, on the server: the
//! browser only draws) → answer. Managers and admins only.

use leptos::prelude::*;

use super::types::{AnalyticsQuery, Dashboard};
use crate::error::AppError;

/// The dashboard for `query` (an empty query is the last 30 days). Filter
/// mistakes come back as `problems`, each at its field.
#[server(endpoint = "admin/analytics")]
pub async fn analytics_dashboard(
    #[server(default)] query: AnalyticsQuery,
) -> Result<Dashboard, AppError> {
    crate::server::respond(ssr::page(query).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {

    use chrono::NaiveDate;

    use super::super::texts::AnalyticsTexts;
    use super::super::types::{AnalyticsQuery, Bucket, Dashboard, Preset};
    use crate::accounts::guard::require;
    use crate::accounts::roles::MANAGERS;
    use crate::error::{AppError, FieldError};

    use crate::server::app_state;

    /// Stock at or below this is low unless the page says otherwise.
    pub const LOW_DEFAULT: i64 = 5;

    pub async fn page(query: AnalyticsQuery) -> Result<Dashboard, AppError> {
        require(&MANAGERS)?;
        let state = app_state()?;
        super::super::dashboard::dashboard(
            &state.db,
            &state.config,
            query,
            crate::i18n::request_locale(),
            false,
        )
        .await
    }

    /// The checked filters.
    pub struct Checked {
        pub from: NaiveDate,
        pub to: NaiveDate,
        pub store: Option<i64>,
        pub category: Option<i64>,
        pub bucket: Bucket,
        pub low: i64,
    }

    /// Checks `q` against the shop's stores and categories; every mistake
    /// at once.
    pub fn check(
        q: &AnalyticsQuery,
        today: NaiveDate,
        stores: &[i64],
        categories: &[i64],
        t: &AnalyticsTexts,
    ) -> Result<Checked, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: &str| {
            problems.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            })
        };
        let given = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let dates_given = given(&q.from).is_some() || given(&q.to).is_some();
        let preset = match given(&q.period) {
            None if dates_given => Some(Preset::Range),
            None => Some(Preset::Days30),
            Some(p) => Preset::parse(&p),
        };
        let mut span = None;
        match preset {
            None => problem("period", t.err_period),
            Some(Preset::Range) => {
                let from = given(&q.from).map(|s| crate::reports::types::parse_date(&s));
                let to = match given(&q.to) {
                    Some(s) => crate::reports::types::parse_date(&s),
                    None => Some(today),
                };
                match from {
                    Some(Some(from)) => match to {
                        Some(to) if to < from => problem("to", t.err_reversed),
                        Some(to) if (to - from).num_days() > crate::reports::types::MAX_DAYS => {
                            problem("from", t.err_too_long)
                        }
                        Some(to) => span = Some((from, to)),
                        None => problem("to", t.err_date),
                    },
                    _ => problem("from", t.err_date),
                }
            }
            Some(p) => span = p.dates(today),
        }
        let id_in = |s: &str, known: &[i64]| -> Result<Option<i64>, ()> {
            match given(s) {
                None => Ok(None),
                Some(s) => match s.parse::<i64>() {
                    Ok(id) if known.contains(&id) => Ok(Some(id)),
                    _ => Err(()),
                },
            }
        };
        let store = id_in(&q.store, stores).unwrap_or_else(|_| {
            problem("store", t.err_store);
            None
        });
        let category = id_in(&q.category, categories).unwrap_or_else(|_| {
            problem("category", t.err_category);
            None
        });
        let bucket = match given(&q.by) {
            None => None,
            Some(b) => match Bucket::parse(&b) {
                Some(b) => Some(b),
                None => {
                    problem("by", t.err_by);
                    None
                }
            },
        };
        let low = match given(&q.low) {
            None => LOW_DEFAULT,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if (0..=10_000).contains(&n) => n,
                _ => {
                    problem("low", t.err_low);
                    LOW_DEFAULT
                }
            },
        };
        match span {
            Some((from, to)) if problems.is_empty() => Ok(Checked {
                from,
                to,
                store,
                category,
                bucket: bucket.unwrap_or_else(|| Bucket::auto((to - from).num_days() + 1)),
                low,
            }),
            _ => Err(problems),
        }
    }
}
