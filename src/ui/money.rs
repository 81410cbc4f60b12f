use leptos::prelude::*;

use crate::shop::use_shop;

/// Formats an amount in minor units (kopecks, cents) for people.
/// Roubles: `1 250 ₽`, `99,50 ₽`; euros `12,50 €`; dollars `$1,250.00`.
/// Other currencies: `1,250.00 CHF`.
pub fn format_money(minor: i64, currency: &str) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    let (units, cents) = (abs / 100, abs % 100);
    let group = |sep: &str| {
        let digits = units.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    };
    let sign = if negative { "-" } else { "" };
    // U+202F narrow no-break space between digit groups, U+00A0 before the sign.
    match currency {
        "RUB" if cents == 0 => format!("{sign}{}\u{a0}₽", group("\u{202f}")),
        "RUB" => format!("{sign}{},{cents:02}\u{a0}₽", group("\u{202f}")),
        "EUR" => format!("{sign}{},{cents:02}\u{a0}€", group(".")),
        "USD" => format!("{sign}${}.{cents:02}", group(",")),
        "GBP" => format!("{sign}£{}.{cents:02}", group(",")),
        other => format!("{sign}{}.{cents:02}\u{a0}{other}", group(",")),
    }
}

/// An amount in the shop's currency.
#[component]
pub fn Money(
    /// Minor units.
    minor: i64,
) -> impl IntoView {
    let text = format_money(minor, &use_shop().currency);
    view! { <span class="money">{text}</span> }
}

#[cfg(test)]
mod tests {
    use super::format_money;

    #[test]
    fn formats_each_currency_as_its_people_write_it() {
        assert_eq!(format_money(125_000, "RUB"), "1\u{202f}250\u{a0}₽");
        assert_eq!(format_money(9_950, "RUB"), "99,50\u{a0}₽");
        assert_eq!(format_money(123_456_789, "USD"), "$1,234,567.89");
        assert_eq!(format_money(1_250, "EUR"), "12,50\u{a0}€");
        assert_eq!(format_money(-500, "GBP"), "-£5.00");
        assert_eq!(format_money(0, "CHF"), "0.00\u{a0}CHF");
    }
}
