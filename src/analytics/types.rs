//! The analytics dashboard's data, shared by the server and the browser.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The period presets of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    Today,
    Days7,
    Days30,
    Days90,
    Year,
    Range,
}

impl Preset {
    pub const ALL: [Preset; 6] = [
        Preset::Today,
        Preset::Days7,
        Preset::Days30,
        Preset::Days90,
        Preset::Year,
        Preset::Range,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Days7 => "7d",
            Preset::Days30 => "30d",
            Preset::Days90 => "90d",
            Preset::Year => "year",
            Preset::Range => "range",
        }
    }

    pub fn parse(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.code() == s.trim())
    }

    /// The dates (inclusive) of a preset ending on `today`; `None` for a range.
    pub fn dates(self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let days = match self {
            Preset::Today => 1,
            Preset::Days7 => 7,
            Preset::Days30 => 30,
            Preset::Days90 => 90,
            Preset::Year => 365,
            Preset::Range => return None,
        };
        Some((today - Duration::days(days - 1), today))
    }
}

/// How the time series are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    pub fn code(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    pub fn parse(s: &str) -> Option<Bucket> {
        match s.trim() {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            _ => None,
        }
    }

    /// Days for up to three months, weeks up to a year, months beyond.
    pub fn auto(days: i64) -> Bucket {
        match days {
            ..=92 => Bucket::Day,
            93..=366 => Bucket::Week,
            _ => Bucket::Month,
        }
    }

    /// The first day of the bucket `day` falls in (weeks start on Monday).
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        match self {
            Bucket::Day => day,
            Bucket::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Bucket::Month => day.with_day(1).unwrap_or(day),
        }
    }
}

/// The dashboard's filters as the URL holds them (all text: checked on the
/// server, every mistake reported at its field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalyticsQuery {
    /// A preset code (`today`, `7d`, `30d`, `90d`, `year`, `range`).
    pub period: String,
    /// `YYYY-MM-DD`, for a custom range.
    pub from: String,
    pub to: String,
    /// A store id, or empty for every store.
    pub store: String,
    /// A category id, or empty for every category.
    pub category: String,
    /// `day`, `week`, `month`, or empty for the period's natural one.
    pub by: String,
    /// Stock at or below this is low (default 5).
    pub low: String,
}

impl AnalyticsQuery {
    pub const KEYS: [&'static str; 7] = ["period", "from", "to", "store", "category", "by", "low"];

    /// Reads the filters from a URL query.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> AnalyticsQuery {
        let s = |k: &str| get(k).unwrap_or_default().to_owned();
        AnalyticsQuery {
            period: s("period"),
            from: s("from"),
            to: s("to"),
            store: s("store"),
            category: s("category"),
            by: s("by"),
            low: s("low"),
        }
    }

    /// The URL query of these filters (empty ones left out).
    pub fn to_query(&self) -> String {
        let pairs = [
            ("period", &self.period),
            ("from", &self.from),
            ("to", &self.to),
            ("store", &self.store),
            ("category", &self.category),
            ("by", &self.by),
            ("low", &self.low),
        ];
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            if !v.trim().is_empty() {
                out.append_pair(k, v.trim());
            }
        }
        out.finish()
    }
}

/// The key figures of a period, and of the period before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpis {
    /// Orders placed, cancelled ones included.
    pub orders: i64,
    /// Totals of the orders not cancelled (with a category: their items of it).
    pub revenue_minor: i64,
    /// Revenue over orders not cancelled.
    pub average_minor: i64,
    /// Orders that were their client's first: new customers.
    pub new_customers: i64,
    /// The other orders: from returning customers.
    pub returning_orders: i64,
    pub cancelled: i64,
    /// Cancelled orders per thousand orders (0 without orders).
    pub cancelled_permille: i64,
}

/// A figure's change against the previous period, per thousand; `None`
/// when the previous period had none.
pub fn change_permille(now: i64, before: i64) -> Option<i64> {
    (before != 0).then(|| (now - before) * 1000 / before.abs())
}

/// One chart: its ECharts option (built on the server with charming, JSON)
/// and the same data as a table, which is what shows without JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartBlock {
    /// The element id (`chart-revenue`, …): tests and styles find it by it.
    pub id: String,
    pub title: String,
    pub option: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A variant at a store with little left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStock {
    pub store: String,
    pub product: String,
    pub variant: String,
    pub sku: String,
    pub quantity: i64,
}

/// A store or a category to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub query: AnalyticsQuery,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
    pub bucket: Bucket,
    pub kpis: Kpis,
    pub previous: Kpis,
    pub charts: Vec<ChartBlock>,
    pub low_stock: Vec<LowStock>,
    pub low_threshold: i64,
    pub stores: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub currency: String,
    /// What is wrong with the filters (then the figures are empty): each
    /// next to its field.
    pub problems: Vec<crate::error::FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_end_today_and_buckets_start_on_monday_or_the_first() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            Preset::Days7.dates(today),
            Some((NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), today))
        );
        assert_eq!(Preset::Today.dates(today), Some((today, today)));
        assert_eq!(Preset::Range.dates(today), None);
        assert_eq!(Preset::parse("90d"), Some(Preset::Days90));
        assert_eq!(Preset::parse("91d"), None);
        // 2026-11-30 is a Monday; 2026-12-03 a Thursday.
        let thursday = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(Bucket::Week.start(thursday), today);
        assert_eq!(
            Bucket::Month.start(thursday),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(Bucket::auto(30), Bucket::Day);
        assert_eq!(Bucket::auto(365), Bucket::Week);
        assert_eq!(Bucket::auto(800), Bucket::Month);
        assert_eq!(change_permille(150, 100), Some(500));
        assert_eq!(change_permille(50, 100), Some(-500));
        assert_eq!(change_permille(5, 0), None);
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = AnalyticsQuery {
            period: "range".into(),
            from: "2026-01-01".into(),
            to: "2026-01-31".into(),
            store: "2".into(),
            ..Default::default()
        };
        assert_eq!(
            q.to_query(),
            "period=range&from=2026-01-01&to=2026-01-31&store=2"
        );
    }
}
