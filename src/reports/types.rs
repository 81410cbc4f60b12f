//! A report's figures.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// What period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
    Range,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
            Period::Range => "range",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "today" => Some(Period::Day),
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            "year" => Some(Period::Year),
            "range" | "custom" => Some(Period::Range),
            _ => None,
        }
    }

    /// The dates (inclusive) of a period ending on `today`: a day, the last
    /// 7 days, the last 30 days or the last 365 days. `None` for a range.
    pub fn dates(self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let days = match self {
            Period::Day => 1,
            Period::Week => 7,
            Period::Month => 30,
            Period::Year => 365,
            Period::Range => return None,
        };
        Some((today - Duration::days(days - 1), today))
    }
}

/// A client among the best of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopClient {
    pub client_id: i64,
    pub name: String,
    pub orders: i64,
    pub revenue_minor: i64,
}

/// A product among the best sellers of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopProduct {
    pub product: String,
    pub quantity: i64,
    pub revenue_minor: i64,
}

/// The figures of a period. Cancelled orders count as orders and as
/// cancelled, never in revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub orders: i64,
    pub revenue_minor: i64,
    /// Revenue over orders that were not cancelled (0 without any).
    pub average_minor: i64,
    pub completed: i64,
    pub cancelled: i64,
    pub new_clients: i64,
    pub top_clients: Vec<TopClient>,
    pub top_products: Vec<TopProduct>,
}

/// A saved report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub id: i64,
    pub period: Period,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub figures: Figures,
    pub user_id: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// What is wrong with a report's period (each caller words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeProblem {
    /// Neither a period nor dates.
    Missing,
    /// A period that is not day, week, month or year.
    UnknownPeriod,
    FromNotDate,
    ToNotDate,
    /// The end before the start.
    Reversed,
    /// More than [`MAX_DAYS`].
    TooLong,
}

impl RangeProblem {
    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            RangeProblem::Missing | RangeProblem::UnknownPeriod => "period",
            RangeProblem::FromNotDate | RangeProblem::TooLong => "date_from",
            RangeProblem::ToNotDate | RangeProblem::Reversed => "date_to",
        }
    }
}

/// The longest range a report covers (ten years).
pub const MAX_DAYS: i64 = 3660;

/// A date as seed 002 writes it (`dd.mm.yyyy`) or as a date input sends it
/// (`yyyy-mm-dd`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

/// The period and dates (inclusive) a report asks for. Dates win over a
/// period: `from` alone runs to `today`; otherwise `period` (day, week,
/// month, year) ends today. Every problem is reported at once.
pub fn resolve(
    today: NaiveDate,
    period: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Period, NaiveDate, NaiveDate), Vec<RangeProblem>> {
    fn given(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let (period, from, to) = (given(period), given(from), given(to));
    if from.is_none() && to.is_none() {
        return match period.map(Period::parse) {
            None | Some(Some(Period::Range)) => Err(vec![RangeProblem::Missing]),
            Some(None) => Err(vec![RangeProblem::UnknownPeriod]),
            Some(Some(p)) => p
                .dates(today)
                .map(|(f, t)| (p, f, t))
                .ok_or(vec![RangeProblem::Missing]),
        };
    }
    let mut problems = Vec::new();
    let start = from.and_then(parse_date);
    let end = match to {
        Some(t) => parse_date(t),
        None => Some(today),
    };
    if start.is_none() {
        problems.push(RangeProblem::FromNotDate);
    }
    if end.is_none() {
        problems.push(RangeProblem::ToNotDate);
    }
    if let (Some(f), Some(t)) = (start, end) {
        if f > t {
            problems.push(RangeProblem::Reversed);
        } else if (t - f).num_days() > MAX_DAYS {
            problems.push(RangeProblem::TooLong);
        } else {
            return Ok((Period::Range, f, t));
        }
    }
    Err(problems)
}

/// A date as the page's language writes it: `2026-03-01` or `01.03.2026`
/// (seed 002's way, also in its API).
pub fn date_text(d: NaiveDate, locale: crate::i18n::Locale) -> String {
    match locale {
        crate::i18n::Locale::En => d.format("%Y-%m-%d").to_string(),
        crate::i18n::Locale::Ru => d.format("%d.%m.%Y").to_string(),
    }
}

/// A saved report as the reports page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLine {
    pub id: i64,
    pub period: Period,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    /// When it was saved, in the shop's time zone (`dd.mm.yyyy HH:MM`).
    pub created: String,
    pub orders: i64,
    pub revenue_minor: i64,
}

/// The report the page shows: worked out now, or a saved one as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub period: Period,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub figures: Figures,
    /// The saved report's number and when it was saved (shop time).
    pub saved: Option<(i64, String)>,
}

/// What `/admin/reports` asks for (its URL's query).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// day, week, month, year or range (with `from` and `to`).
    pub period: String,
    pub from: String,
    pub to: String,
    /// A saved report's number: shown as it was saved.
    pub saved: Option<i64>,
}

impl ReportQuery {
    /// The query as key/value pairs (empty ones left out), for links.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(id) = self.saved {
            out.push(("saved", id.to_string()));
            return out;
        }
        for (k, v) in [
            ("period", &self.period),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                out.push((k, v.trim().to_owned()));
            }
        }
        out
    }

    /// The dates only count for a range: a period picked in the form wins
    /// over dates left in its date inputs.
    pub fn dates_apply(&self) -> bool {
        matches!(self.period.trim(), "" | "range" | "custom")
    }
}

/// Everything `/admin/reports` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportsData {
    pub query: ReportQuery,
    /// `None` when the query was refused (see `problems`).
    pub shown: Option<Shown>,
    pub problems: Vec<crate::error::FieldError>,
    /// Saved reports, newest first.
    pub saved: Vec<SavedLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_end_today_and_include_it() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        assert_eq!(Period::Day.dates(today), Some((today, today)));
        assert_eq!(
            Period::Week.dates(today),
            Some((NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(), today))
        );
        assert_eq!(Period::Range.dates(today), None);
        assert_eq!(Period::parse("Month"), Some(Period::Month));
        assert_eq!(Period::parse("decade"), None);
    }

    #[test]
    fn dates_win_over_a_period_and_every_problem_is_named() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            resolve(today, Some("month"), None, None),
            Ok((Period::Month, d(2026, 2, 9), today))
        );
        assert_eq!(
            resolve(today, Some("week"), Some("01.03.2026"), Some("2026-03-05")),
            Ok((Period::Range, d(2026, 3, 1), d(2026, 3, 5)))
        );
        assert_eq!(
            resolve(today, None, Some("2026-01-01"), None),
            Ok((Period::Range, d(2026, 1, 1), today))
        );
        assert_eq!(
            resolve(today, None, None, None),
            Err(vec![RangeProblem::Missing])
        );
        assert_eq!(
            resolve(today, Some("range"), None, Some(" ")),
            Err(vec![RangeProblem::Missing])
        );
        assert_eq!(
            resolve(today, Some("decade"), None, None),
            Err(vec![RangeProblem::UnknownPeriod])
        );
        assert_eq!(
            resolve(today, None, Some("32.13.2024"), Some("soon")),
            Err(vec![RangeProblem::FromNotDate, RangeProblem::ToNotDate])
        );
        assert_eq!(
            resolve(today, None, Some("10.01.2025"), Some("01.01.2025")),
            Err(vec![RangeProblem::Reversed])
        );
        assert_eq!(
            resolve(today, None, Some("01.01.2000"), Some("01.01.2026")),
            Err(vec![RangeProblem::TooLong])
        );
    }
}
