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
}
