//! An order line typed by staff: product, price, quantity.

use super::{Problem, Problems, required_text};

/// A new order line as typed: the product, its unit price, how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub product: ProductName,
    pub price: Price,
    pub quantity: Quantity,
}

impl NewLine {
    /// Each field parsed, a problem noted under the field's own name; the
    /// line when all three are right.
    pub fn parse(
        product: &str,
        price: &str,
        quantity: &str,
        problems: &mut Problems,
    ) -> Option<NewLine> {
        let product = problems.check("product", ProductName::parse(product));
        let price = problems.check("price", Price::parse(price));
        let quantity = problems.check("quantity", Quantity::parse(quantity));
        Some(NewLine {
            product: product?,
            price: price?,
            quantity: quantity?,
        })
    }
}

/// A product's name on a line: its words joined by single spaces, at most
/// 200 characters (a phone order's product may be free text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductName(String);

impl ProductName {
    pub const MAX: usize = 200;

    pub fn parse(text: &str) -> Result<ProductName, Problem> {
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        required_text(&joined, Self::MAX).map(ProductName)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A unit price in minor units, from 0 to 10,000,000.00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price(i64);

impl Price {
    pub const MAX_MINOR: i64 = 1_000_000_000;

    pub fn parse(text: &str) -> Result<Price, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        let minor = parse_money(text).ok_or(Problem::Amount)?;
        if minor > Self::MAX_MINOR {
            return Err(Problem::TooLarge);
        }
        Ok(Price(minor))
    }

    pub fn minor(self) -> i64 {
        self.0
    }
}

/// How many of a product one line holds: a whole number from 1 to 999.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity(i64);

impl Quantity {
    pub const MAX: i64 = 999;

    pub fn parse(text: &str) -> Result<Quantity, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        text.parse::<i64>()
            .ok()
            .filter(|q| (1..=Self::MAX).contains(q))
            .map(Quantity)
            .ok_or(Problem::Quantity)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// Parses "1500", "1500.5", "1500.00", "1 500,00" into minor units (at most
/// two decimals, never negative, no floats on the way).
pub fn parse_money(text: &str) -> Option<i64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() || whole.len() > 12 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(whole * 100 + cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_the_same_whoever_sends_them() {
        assert_eq!(Price::parse("1 500,5").map(Price::minor), Ok(150_050));
        assert_eq!(Price::parse("-5"), Err(Problem::Amount));
        assert_eq!(Price::parse("10000000.01"), Err(Problem::TooLarge));
        assert_eq!(Price::parse(""), Err(Problem::Required));
        assert_eq!(Quantity::parse("999").map(Quantity::get), Ok(999));
        assert_eq!(Quantity::parse("1000"), Err(Problem::Quantity));
        assert_eq!(Quantity::parse("2.5"), Err(Problem::Quantity));
        assert_eq!(
            ProductName::parse("  Napoleon   1 kg ").map(ProductName::into_string),
            Ok("Napoleon 1 kg".into())
        );
    }
}
