//! The assortment's values: slugs, SKUs, shelf counts, characteristics and
//! percentages, each parsed once.

use super::{Problem, at_most};

/// A URL name: lowercase latin letters, digits and single dashes, at most
/// 100 characters. Made from the name when left empty (Russian letters
/// transliterated), so a shop owner never has to think of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub const MAX: usize = 100;

    /// `text` as typed, or, when it is empty, one made from `name`.
    pub fn parse_or_make(text: &str, name: &str) -> Result<Slug, Problem> {
        let text = text.trim();
        let slug = if text.is_empty() {
            slugify(name)
        } else {
            text.to_owned()
        };
        let ok = !slug.is_empty()
            && slug.len() <= Self::MAX
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--");
        if ok {
            Ok(Slug(slug))
        } else {
            Err(Problem::Slug)
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A URL name made from `text`: latin letters and digits kept (lowercase),
/// Russian letters transliterated, everything else a single dash.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            _ => "-",
        };
        if piece == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(piece);
        }
    }
    let mut slug = out.trim_end_matches('-').to_owned();
    if slug.len() > Slug::MAX {
        slug.truncate(Slug::MAX);
        slug = slug.trim_end_matches('-').to_owned();
    }
    slug
}

/// A stock-keeping unit: 1 to 64 letters, digits and `- _ . /`, no spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sku(String);

impl Sku {
    pub const MAX: usize = 64;

    pub fn parse(text: &str) -> Result<Sku, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        let ok = text.chars().count() <= Self::MAX
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if ok {
            Ok(Sku(text.to_owned()))
        } else {
            Err(Problem::Sku)
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Units on a shelf, or a low-stock threshold: a whole number from 0 to
/// 1,000,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(i64);

impl Count {
    pub const MAX: i64 = 1_000_000;

    pub fn parse(text: &str) -> Result<Count, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        text.parse::<i64>()
            .ok()
            .filter(|n| (0..=Self::MAX).contains(n))
            .map(Count)
            .ok_or(Problem::Count)
    }

    /// Empty is `None`.
    pub fn parse_optional(text: &str) -> Result<Option<Count>, Problem> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(text).map(Some)
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A product's characteristics, one `name: value` per line: names at most
/// 60 characters and each used once, values at most 200, at most 30 lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Characteristics(Vec<(String, String)>);

impl Characteristics {
    pub const MAX_LINES: usize = 30;

    pub fn parse(text: &str) -> Result<Characteristics, Problem> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let Some((name, value)) = line.split_once(':') else {
                return Err(Problem::Characteristic);
            };
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || value.is_empty() {
                return Err(Problem::Characteristic);
            }
            let name = at_most(&name, 60)?;
            let value = at_most(&value, 200)?;
            if out
                .iter()
                .any(|(n, _)| n.to_lowercase() == name.to_lowercase())
            {
                return Err(Problem::Duplicate);
            }
            out.push((name, value));
            if out.len() > Self::MAX_LINES {
                return Err(Problem::TooMany(Self::MAX_LINES));
            }
        }
        Ok(Characteristics(out))
    }

    pub fn into_vec(self) -> Vec<(String, String)> {
        self.0
    }
}

/// A change in percent, as people type it ("10", "-12.5", "+5 %"), kept in
/// hundredths of a percent: from -100 % to +1000 %, not 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(i64);

impl Percent {
    pub fn parse(text: &str) -> Result<Percent, Problem> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '%' && *c != '+')
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        if cleaned.is_empty() {
            return Err(Problem::Required);
        }
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let hundredths = super::parse_money(digits).ok_or(Problem::Percent)?;
        let value = if negative { -hundredths } else { hundredths };
        if value == 0 || !(-10_000..=100_000).contains(&value) {
            return Err(Problem::Percent);
        }
        Ok(Percent(value))
    }

    /// Hundredths of a percent.
    pub fn hundredths(self) -> i64 {
        self.0
    }
}

/// A name in English and in Russian, each on one line. At least one is
/// given; the storefront shows the other language's where one is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoNames {
    pub en: String,
    pub ru: String,
}

impl TwoNames {
    pub const MAX: usize = 200;

    pub fn parse(en: &str, ru: &str) -> Result<TwoNames, Problem> {
        let line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let (en, ru) = (line(en), line(ru));
        if en.is_empty() && ru.is_empty() {
            return Err(Problem::Required);
        }
        Ok(TwoNames {
            en: at_most(&en, Self::MAX)?,
            ru: at_most(&ru, Self::MAX)?,
        })
    }

    /// The name to make an address from: the English one, else the Russian.
    pub fn for_slug(&self) -> &str {
        if self.en.is_empty() {
            &self.ru
        } else {
            &self.en
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_from_names_in_either_language() {
        assert_eq!(slugify("Медовик с орехами"), "medovik-s-orekhami");
        assert_eq!(slugify("  Honey cake, 1 kg!  "), "honey-cake-1-kg");
        assert_eq!(slugify("Щи & борщ"), "shchi-borshch");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(
            Slug::parse_or_make("", "Торт Наполеон")
                .unwrap()
                .into_string(),
            "tort-napoleon"
        );
        assert_eq!(
            Slug::parse_or_make("my-cake", "x").unwrap().into_string(),
            "my-cake"
        );
        for bad in ["My Cake", "cake--1", "-cake", "торт", "a/b"] {
            assert_eq!(Slug::parse_or_make(bad, "x"), Err(Problem::Slug), "{bad}");
        }
        assert_eq!(Slug::parse_or_make("", "???"), Err(Problem::Slug));
        assert!(slugify(&"а".repeat(300)).len() <= Slug::MAX);
    }

    #[test]
    fn skus_counts_and_percents_hold_their_rules() {
        assert_eq!(
            Sku::parse(" HC-1.5/kg ").unwrap().into_string(),
            "HC-1.5/kg"
        );
        assert_eq!(Sku::parse(""), Err(Problem::Required));
        assert_eq!(Sku::parse("HC 1"), Err(Problem::Sku));
        assert_eq!(Sku::parse(&"x".repeat(65)), Err(Problem::Sku));
        assert_eq!(Count::parse("12").unwrap().get(), 12);
        assert_eq!(Count::parse("-1"), Err(Problem::Count));
        assert_eq!(Count::parse("1.5"), Err(Problem::Count));
        assert_eq!(Count::parse_optional(" "), Ok(None));
        assert_eq!(Percent::parse("10").unwrap().hundredths(), 1000);
        assert_eq!(Percent::parse("-12,5 %").unwrap().hundredths(), -1250);
        assert_eq!(Percent::parse("+5%").unwrap().hundredths(), 500);
        assert_eq!(Percent::parse("0"), Err(Problem::Percent));
        assert_eq!(Percent::parse("-101"), Err(Problem::Percent));
        assert_eq!(Percent::parse("abc"), Err(Problem::Percent));
    }

    #[test]
    fn characteristics_are_lines_of_name_and_value() {
        let c = Characteristics::parse("Weight: 1 kg\n\n  Filling :  honey  and nuts \n").unwrap();
        assert_eq!(
            c.into_vec(),
            vec![
                ("Weight".to_owned(), "1 kg".to_owned()),
                ("Filling".to_owned(), "honey and nuts".to_owned())
            ]
        );
        assert_eq!(
            Characteristics::parse("no colon"),
            Err(Problem::Characteristic)
        );
        assert_eq!(
            Characteristics::parse("A: 1\na: 2"),
            Err(Problem::Duplicate)
        );
        assert_eq!(Characteristics::parse(": 1"), Err(Problem::Characteristic));
        assert!(Characteristics::parse("").unwrap().into_vec().is_empty());
    }

    #[test]
    fn two_names_need_one_and_keep_each_on_one_line() {
        assert_eq!(TwoNames::parse("  ", "\t"), Err(Problem::Required));
        let n = TwoNames::parse("", "  Торт\n  «Прага» ").unwrap();
        assert_eq!((n.en.as_str(), n.ru.as_str()), ("", "Торт «Прага»"));
        assert_eq!(n.for_slug(), "Торт «Прага»");
        assert_eq!(
            TwoNames::parse("Cake", &"я".repeat(201)),
            Err(Problem::TooLong(200))
        );
    }
}
