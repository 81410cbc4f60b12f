use leptos::prelude::*;

use crate::i18n::{Locale, use_locale};
use crate::shop::use_shop;

/// Formats an amount in minor units (kopecks, cents) as people of `locale`
/// write it: Russian `1 250 ₽`, `12,50 €`; English `₽1,250`, `$1,250.00`.
/// Whole roubles drop the kopecks; other currencies always show cents.
pub fn format_money(minor: i64, currency: &str, locale: Locale) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let (units, cents) = (abs / 100, abs % 100);
    let (group_sep, decimal_sep) = match locale {
        // U+202F narrow no-break space between digit groups.
        Locale::Ru => ("\u{202f}", ","),
        Locale::En => (",", "."),
    };
    let digits = units.to_string();
    let mut number = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            number.push_str(group_sep);
        }
        number.push(ch);
    }
    if !(currency == "RUB" && cents == 0) {
        number = format!("{number}{decimal_sep}{cents:02}");
    }
    let symbol = match currency {
        "RUB" => "₽",
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    };
    let known = symbol.chars().count() == 1;
    match locale {
        // U+00A0 no-break space between the number and the symbol.
        Locale::Ru => format!("{sign}{number}\u{a0}{symbol}"),
        Locale::En if known => format!("{sign}{symbol}{number}"),
        Locale::En => format!("{sign}{number}\u{a0}{symbol}"),
    }
}

/// An amount in the shop's currency, in the visitor's language.
#[component]
pub fn Money(
    /// Minor units.
    minor: i64,
) -> impl IntoView {
    let text = format_money(minor, &use_shop().currency, use_locale());
    view! { <span class="money">{text}</span> }
}

/// A Unix timestamp as `2026-11-22 14:05 UTC`.
/// Minor units as a plain decimal for a form field or a file: 150000 →
/// "1500.00" (no grouping, no currency; what `parse_money` reads back).
pub fn money_input(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

pub fn format_timestamp(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::format_money;
    use crate::i18n::Locale::{En, Ru};

    #[test]
    fn formats_money_as_each_language_writes_it() {
        assert_eq!(format_money(125_000, "RUB", Ru), "1\u{202f}250\u{a0}₽");
        assert_eq!(format_money(9_950, "RUB", Ru), "99,50\u{a0}₽");
        assert_eq!(format_money(125_000, "RUB", En), "₽1,250");
        assert_eq!(format_money(123_456_789, "USD", En), "$1,234,567.89");
        assert_eq!(format_money(1_250, "EUR", Ru), "12,50\u{a0}€");
        assert_eq!(format_money(-500, "GBP", En), "-£5.00");
        assert_eq!(format_money(0, "CHF", En), "0.00\u{a0}CHF");
        assert_eq!(
            format_money(10_000_000, "CHF", Ru),
            "100\u{202f}000,00\u{a0}CHF"
        );
    }
}
