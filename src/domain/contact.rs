//! A person's contact fields.

use super::{Problem, at_most, required_text};

/// A phone number as people write it: 5 to 15 digits (short local numbers
/// to the longest international ones), with `+ ( ) -` and spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub const MIN_DIGITS: usize = 5;
    pub const MAX_DIGITS: usize = 15;
    /// The most characters, separators included.
    pub const MAX_CHARS: usize = 32;

    pub fn parse(text: &str) -> Result<Phone, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let allowed = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
        if !allowed
            || text.chars().count() > Self::MAX_CHARS
            || !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits)
        {
            return Err(Problem::Phone);
        }
        Ok(Phone(text.to_owned()))
    }

    /// An empty field is no phone; anything else must be one.
    pub fn parse_optional(text: &str) -> Result<Option<Phone>, Problem> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            Phone::parse(text).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A last, first or middle name: trimmed, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;

    pub fn parse(text: &str) -> Result<PersonName, Problem> {
        required_text(text, Self::MAX).map(PersonName)
    }

    /// A name that may be left empty (a middle name).
    pub fn parse_optional(text: &str) -> Result<PersonName, Problem> {
        at_most(text.trim(), Self::MAX).map(PersonName)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Free notes: trimmed, at most 2,000 characters, may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes(String);

impl Notes {
    pub const MAX: usize = 2000;

    pub fn parse(text: &str) -> Result<Notes, Problem> {
        at_most(text.trim(), Self::MAX).map(Notes)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_five_to_fifteen_digits_with_separators() {
        assert!(Phone::parse("+7 (912) 345-67-89").is_ok());
        assert!(Phone::parse("12-34-5").is_ok());
        assert_eq!(Phone::parse("1234"), Err(Problem::Phone));
        assert_eq!(Phone::parse("1234567890123456"), Err(Problem::Phone));
        assert_eq!(Phone::parse("call me"), Err(Problem::Phone));
        assert_eq!(Phone::parse("  "), Err(Problem::Required));
        assert_eq!(Phone::parse_optional(" "), Ok(None));
    }

    #[test]
    fn names_are_trimmed_required_and_bounded() {
        assert_eq!(
            PersonName::parse("  Anna ").map(PersonName::into_string),
            Ok("Anna".into())
        );
        assert_eq!(PersonName::parse(" "), Err(Problem::Required));
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(Problem::TooLong(100))
        );
        assert!(PersonName::parse_optional("").is_ok());
        assert_eq!(Notes::parse(&"n".repeat(2001)), Err(Problem::TooLong(2000)));
    }
}
