//! Characteristic types, as the shop defines them: a name in both
//! languages and either a closed list of values or free values, each
//! known value with its Russian form. Pure rules, used by the product
//! editor's save and by the import's planner alike.

use super::types::CharacteristicType;

/// Why a product's characteristics cannot be saved as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAllowed {
    /// The characteristic, by its name.
    pub name: String,
    /// The value typed.
    pub value: String,
    /// What it may be.
    pub allowed: Vec<String>,
}

fn same(a: &str, b: &str) -> bool {
    !b.is_empty() && a.to_lowercase() == b.to_lowercase()
}

/// The characteristics as typed (in either language) in the shop's own
/// terms: each name and known value as its type keeps it. A value outside a
/// closed type's list is refused; names of no type and values of free types
/// stay as typed.
pub fn normalise(
    typed: &[(String, String)],
    types: &[CharacteristicType],
) -> Result<Vec<(String, String)>, NotAllowed> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(typed.len());
    for (name, value) in typed {
        let Some(t) = types
            .iter()
            .find(|t| same(name, &t.name) || same(name, &t.name_ru))
        else {
            out.push((name.clone(), value.clone()));
            continue;
        };
        let known = t
            .values
            .iter()
            .find(|(v, ru)| same(value, v) || same(value, ru));
        let value = match known {
            Some((v, _)) => v.clone(),
            None if t.free_values => value.clone(),
            None => {
                return Err(NotAllowed {
                    name: t.name.clone(),
                    value: value.clone(),
                    allowed: t.values.iter().map(|(v, _)| v.clone()).collect(),
                });
            }
        };
        // Two lines naming one type (once in each language) keep the first.
        if !out.iter().any(|(n, _)| *n == t.name) {
            out.push((t.name.clone(), value));
        }
    }
    Ok(out)
}

/// A type's values as its form's text box holds them: one per line,
/// `value = значение` (the Russian part optional).
pub fn values_text(values: &[(String, String)]) -> String {
    values
        .iter()
        .map(|(v, ru)| {
            if ru.is_empty() {
                v.clone()
            } else {
                format!("{v} = {ru}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The most values a type lists.
pub const MAX_VALUES: usize = 200;
/// The longest value.
pub const MAX_VALUE: usize = 100;

/// Reads a type's values from its text box: one per line, `value = значение`,
/// blank lines skipped. `Err` names the first bad line (1-based): empty
/// value, too long, or a value given twice.
pub fn parse_values(text: &str) -> Result<Vec<(String, String)>, usize> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (value, ru) = match line.split_once('=') {
            Some((v, ru)) => (v.trim(), ru.trim()),
            None => (line, ""),
        };
        let too_long = value.chars().count() > MAX_VALUE || ru.chars().count() > MAX_VALUE;
        let twice = out.iter().any(|(v, _)| same(value, v));
        if value.is_empty() || too_long || twice || out.len() >= MAX_VALUES {
            return Err(i + 1);
        }
        out.push((value.to_owned(), ru.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Vec<CharacteristicType> {
        vec![
            CharacteristicType {
                id: 1,
                name: "Filling".into(),
                name_ru: "Начинка".into(),
                free_values: false,
                values: vec![
                    ("Cherry".into(), "Вишня".into()),
                    ("Cottage cheese".into(), "Творог".into()),
                ],
                used_by: 0,
            },
            CharacteristicType {
                id: 2,
                name: "Weight".into(),
                name_ru: "Вес".into(),
                free_values: true,
                values: vec![("1 kg".into(), "1 кг".into())],
                used_by: 0,
            },
        ]
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn typed_in_either_language_a_characteristic_is_kept_in_the_shops_terms() {
        let typed = pairs(&[
            ("начинка", "вишня"),
            ("Вес", "1 КГ"),
            ("weight", "750 g"),
            ("Colour", "Red"),
        ]);
        assert_eq!(
            normalise(&typed, &types()).unwrap(),
            pairs(&[("Filling", "Cherry"), ("Weight", "1 kg"), ("Colour", "Red")])
        );
    }

    #[test]
    fn a_closed_list_refuses_other_values_and_says_which_go() {
        let refused = normalise(&pairs(&[("Filling", "Plum")]), &types()).unwrap_err();
        assert_eq!(refused.name, "Filling");
        assert_eq!(refused.value, "Plum");
        assert_eq!(refused.allowed, vec!["Cherry", "Cottage cheese"]);
    }

    #[test]
    fn values_read_back_what_the_text_box_shows_and_bad_lines_are_named() {
        let values = pairs(&[("Cherry", "Вишня"), ("Plain", "")]);
        assert_eq!(parse_values(&values_text(&values)), Ok(values));
        assert_eq!(parse_values("A = А\n\n = Б"), Err(3));
        assert_eq!(parse_values("A\na"), Err(2));
        assert_eq!(parse_values(&"x".repeat(101)), Err(1));
    }
}
