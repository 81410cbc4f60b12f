//! Word forms for the catalog search on SQLite: each word reduced to its
//! stem (Snowball: Russian for Cyrillic words, English for the rest), so
//! «торты», «тортов» and «Торт» are one word, and so are "cakes" and "cake".
//!
//! SQLite's FTS5 has no Russian stemmer: the search documents are stored
//! already stemmed (by `reindex_product!`) and the shopper's words are
//! stemmed the same way before they become prefixes. PostgreSQL does the
//! same with its `russian` text-search configuration, which stems Cyrillic
//! words with the Russian Snowball stemmer and Latin ones with the English.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// One word (letters and digits, any case) reduced to its stem, lowercase,
/// with ё read as е.
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase().replace('ё', "е");
    let cyrillic = lower
        .chars()
        .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let stemmer = if cyrillic { &*RUSSIAN } else { &*ENGLISH };
    let stemmed = stemmer.stem(&lower).into_owned();
    // A stemmer never empties a word, but a document must keep every word.
    if stemmed.is_empty() { lower } else { stemmed }
}

/// A text as a search document: its words stemmed, separated by spaces.
pub fn stemmed_text(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_and_english_word_forms_meet_in_one_stem() {
        for w in ["торт", "торты", "тортов", "Торт", "ТОРТАМИ"] {
            assert_eq!(stem(w), "торт", "{w}");
        }
        assert_eq!(stem("Медовик"), stem("медовик"));
        assert_eq!(stem("пироги"), stem("пирог"));
        assert_eq!(stem("cakes"), "cake");
        assert_eq!(stem("Cake"), "cake");
        assert_eq!(stem("ёлка"), stem("елка"));
        assert_eq!(stem("2024"), "2024");
    }

    #[test]
    fn a_document_keeps_every_word_stemmed_and_nothing_else() {
        assert_eq!(
            stemmed_text("Медовик «Домашний» — honey cakes, 1.5 kg!"),
            "медовик домашн honey cake 1 5 kg"
        );
        assert_eq!(stemmed_text("  ,.; "), "");
    }
}
