//! When an order can be ready: lead times, opening hours and time slots.
//! Pure functions over dates, shared by the checkout page (to offer only
//! what is possible) and the server (which decides).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The time slots a shopper can choose, `HH:MM-HH:MM`.
pub const SLOTS: [&str; 6] = [
    "09:00-11:00",
    "11:00-13:00",
    "13:00-15:00",
    "15:00-17:00",
    "17:00-19:00",
    "19:00-21:00",
];

/// How far ahead an order can be placed.
pub const MAX_DAYS_AHEAD: i64 = 60;

/// A store's hours on one weekday (ISO: 1 = Monday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub weekday: i32,
    pub opens_at: String,
    pub closes_at: String,
}

/// The first day goods with `lead_days` can be ready.
pub fn earliest_date(today: NaiveDate, lead_days: i32) -> NaiveDate {
    today + Duration::days(i64::from(lead_days.max(0)))
}

/// Today in the shop's time zone (an unknown zone falls back to UTC).
#[cfg(feature = "ssr")]
pub fn today(config: &crate::server::config::Config) -> NaiveDate {
    now_local(config).date()
}

/// Now, as the shop's clocks show it.
#[cfg(feature = "ssr")]
pub fn now_local(config: &crate::server::config::Config) -> chrono::NaiveDateTime {
    chrono::Utc::now().with_timezone(&config.tz()).naive_local()
}

fn parse_slot(slot: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = slot.split_once('-')?;
    let a = NaiveTime::parse_from_str(a, "%H:%M").ok()?;
    let b = NaiveTime::parse_from_str(b, "%H:%M").ok()?;
    (a < b).then_some((a, b))
}

/// Why a date and slot do not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotProblem {
    /// Not a date.
    BadDate,
    /// Not one of our slots.
    BadSlot,
    /// Before the earliest possible day (the past, or inside a lead time).
    TooEarly,
    TooFarAhead,
    /// The store is closed that day or at that time.
    Closed,
    /// Today, but the slot has begun.
    Passed,
}

/// Checks a ready date and time slot against the earliest day, the store's
/// hours (`None`: delivery, which runs in every slot) and, for today, the time.
pub fn check_slot(
    date: &str,
    slot: &str,
    earliest: NaiveDate,
    now: chrono::NaiveDateTime,
    hours: Option<&[OpeningHours]>,
) -> Result<NaiveDate, SlotProblem> {
    let day =
        NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| SlotProblem::BadDate)?;
    if !SLOTS.contains(&slot) {
        return Err(SlotProblem::BadSlot);
    }
    let (start, end) = parse_slot(slot).ok_or(SlotProblem::BadSlot)?;
    if day < earliest || day < now.date() {
        return Err(SlotProblem::TooEarly);
    }
    if day > now.date() + Duration::days(MAX_DAYS_AHEAD) {
        return Err(SlotProblem::TooFarAhead);
    }
    if let Some(hours) = hours {
        let weekday = day.weekday().number_from_monday() as i32;
        let Some(h) = hours.iter().find(|h| h.weekday == weekday) else {
            return Err(SlotProblem::Closed);
        };
        let opens =
            NaiveTime::parse_from_str(&h.opens_at, "%H:%M").map_err(|_| SlotProblem::Closed)?;
        let closes =
            NaiveTime::parse_from_str(&h.closes_at, "%H:%M").map_err(|_| SlotProblem::Closed)?;
        if start < opens || end > closes {
            return Err(SlotProblem::Closed);
        }
    }
    if day == now.date() && start <= now.time() {
        return Err(SlotProblem::Passed);
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, time: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").unwrap()
    }

    fn weekdays(opens: &str, closes: &str) -> Vec<OpeningHours> {
        (1..=5)
            .map(|weekday| OpeningHours {
                weekday,
                opens_at: opens.into(),
                closes_at: closes.into(),
            })
            .collect()
    }

    #[test]
    fn slots_respect_lead_time_hours_and_the_clock() {
        // 2026-11-23 is a Monday.
        let now = at("2026-11-23", "12:30");
        let today = now.date();
        let hours = weekdays("09:00", "19:00");
        let ok = |d: &str, s: &str, lead: i32| {
            check_slot(d, s, earliest_date(today, lead), now, Some(&hours))
        };
        assert!(ok("2026-11-23", "13:00-15:00", 0).is_ok());
        assert_eq!(ok("2026-11-23", "11:00-13:00", 0), Err(SlotProblem::Passed));
        assert_eq!(
            ok("2026-11-22", "13:00-15:00", 0),
            Err(SlotProblem::TooEarly)
        );
        assert_eq!(
            ok("2026-11-24", "13:00-15:00", 2),
            Err(SlotProblem::TooEarly)
        );
        assert!(ok("2026-11-25", "13:00-15:00", 2).is_ok());
        // Saturday: closed; 19:00-21:00 ends after closing.
        assert_eq!(ok("2026-11-28", "13:00-15:00", 0), Err(SlotProblem::Closed));
        assert_eq!(ok("2026-11-24", "19:00-21:00", 0), Err(SlotProblem::Closed));
        assert_eq!(
            ok("2026-11-24", "10:00-11:00", 0),
            Err(SlotProblem::BadSlot)
        );
        assert_eq!(
            ok("24.11.2026", "13:00-15:00", 0),
            Err(SlotProblem::BadDate)
        );
        assert_eq!(
            ok("2027-06-01", "13:00-15:00", 0),
            Err(SlotProblem::TooFarAhead)
        );
        // Delivery ignores shop hours.
        assert!(check_slot("2026-11-28", "19:00-21:00", today, now, None).is_ok());
    }
}
