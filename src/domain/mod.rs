//! Input parsed once. Each type here is made only by its `parse`, which
//! holds the one rule for that kind of value. Server functions and REST
//! routes parse with the same types, so the UI and the API give the same
//! verdict on the same input, and the code after a parse holds values known
//! to be valid. A refusal is a [`Problem`] value: the UI words it in the
//! visitor's language, the REST API in English ([`Problem::english`]).
//! Compiles for the browser too (no server-only dependencies).

mod assortment;
mod contact;
mod line;

pub use assortment::{Characteristics, Count, Percent, Sku, Slug, TwoNames, slugify};
pub use contact::{Notes, PersonName, Phone};
pub use line::{NewLine, Price, ProductName, Quantity, parse_money};

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Empty where a value is needed.
    Required,
    /// Longer than this many characters.
    TooLong(usize),
    /// Not a phone number: 5 to 15 digits, with `+ ( ) -` and spaces.
    Phone,
    /// Not an amount of money: at least 0, at most two decimals.
    Amount,
    /// An amount above the most a price may be.
    TooLarge,
    /// Not a whole number from 1 to the most a line may hold.
    Quantity,
    /// Not a URL name: lowercase latin letters, digits and single dashes.
    Slug,
    /// Not an SKU: letters, digits and `- _ . /`, no spaces.
    Sku,
    /// Not a whole number from 0 to a million.
    Count,
    /// A characteristics line that is not `name: value`.
    Characteristic,
    /// A name given twice.
    Duplicate,
    /// More than this many entries.
    TooMany(usize),
    /// Not a percentage from -100 to 1000 (and not 0).
    Percent,
}

impl Problem {
    /// The API's wording, naming the field as the request did.
    pub fn english(self, field: &str) -> String {
        match self {
            Problem::Required => format!("{field} is required."),
            Problem::TooLong(max) => format!("{field} must be at most {max} characters."),
            Problem::Phone => format!(
                "{field} must be a phone number: {} to {} digits, with + ( ) - and spaces allowed.",
                Phone::MIN_DIGITS,
                Phone::MAX_DIGITS
            ),
            Problem::Amount => format!(
                "{field} must be an amount of at least 0 with at most two decimals, like \"1500.00\"."
            ),
            Problem::TooLarge => format!("{field} is too large."),
            Problem::Slug => {
                format!("{field} may hold only lowercase latin letters, digits and single dashes.")
            }
            Problem::Sku => format!(
                "{field} must be 1 to {} letters, digits and - _ . /, without spaces.",
                Sku::MAX
            ),
            Problem::Count => format!("{field} must be a whole number from 0 to {}.", Count::MAX),
            Problem::Characteristic => {
                format!("Each line of {field} must be \"name: value\".")
            }
            Problem::Duplicate => format!("{field} names the same thing twice."),
            Problem::TooMany(max) => format!("{field} may hold at most {max} entries."),
            Problem::Percent => format!(
                "{field} must be a percentage from -100 to 1000, not 0, like \"10\" or \"-12.5\"."
            ),
            Problem::Quantity => {
                format!(
                    "{field} must be a whole number from 1 to {}.",
                    Quantity::MAX
                )
            }
        }
    }
}

/// Collects the problems of a form or a request, field by field, so that
/// every mistake is reported at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<(String, Problem)>);

impl Problems {
    /// `parsed`'s value, or `None` with its problem noted against `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, Problem>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(problem) => {
                self.0.push((field.to_owned(), problem));
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each problem worded by `word` (field, problem) as a field error.
    pub fn worded(self, word: impl Fn(&str, Problem) -> String) -> Vec<crate::error::FieldError> {
        self.0
            .into_iter()
            .map(|(field, problem)| crate::error::FieldError {
                message: word(&field, problem),
                field,
            })
            .collect()
    }
}

/// Trimmed `text`, or `Required` when nothing is left, or `TooLong`.
fn required_text(text: &str, max: usize) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        Err(Problem::Required)
    } else {
        at_most(text, max)
    }
}

fn at_most(text: &str, max: usize) -> Result<String, Problem> {
    if text.chars().count() > max {
        Err(Problem::TooLong(max))
    } else {
        Ok(text.to_owned())
    }
}
