//! The strings of the characteristic types' page and of a value a closed
//! list refuses, in English and Russian.

use crate::i18n::{Locale, Plural, plural_ru, use_locale};

pub struct CharacteristicTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub link: &'static str,
    pub new_type: &'static str,
    pub create: &'static str,
    pub name: &'static str,
    pub name_ru: &'static str,
    pub free_values: &'static str,
    pub free_hint: &'static str,
    pub values: &'static str,
    pub values_hint: &'static str,
    pub closed: &'static str,
    pub free: &'static str,
    pub used_by: fn(i64) -> String,
    pub none_yet: &'static str,
    pub err_name_taken: &'static str,
    pub err_values_line: fn(usize) -> String,
    pub err_not_allowed: fn(&str, &str, &[String]) -> String,
    pub err_values_in_use: fn(&[String]) -> String,
    pub err_type_in_use: fn(i64) -> String,
}

pub const EN: CharacteristicTexts = CharacteristicTexts {
    title: "Characteristics",
    intro: "What products can be described by: weight, filling, size, colour… The storefront's filters follow them. A closed list takes only its values; free values take anything.",
    link: "Characteristics",
    new_type: "New characteristic",
    create: "Create characteristic",
    name: "Name (English)",
    name_ru: "Name (Russian)",
    free_values: "Free values",
    free_hint: "Unticked: products may carry only the values listed.",
    values: "Values",
    values_hint: "One per line, with its Russian form after “=”: Cherry = Вишня.",
    closed: "closed list",
    free: "free values",
    used_by: |n| {
        if n == 1 {
            "on 1 product".to_owned()
        } else {
            format!("on {n} products")
        }
    },
    none_yet: "No characteristics yet. They appear here as products get them, or add one.",
    err_name_taken: "Another characteristic has this name.",
    err_values_line: |line| {
        format!("Line {line}: a value is needed, at most 100 characters, each once (200 at most).")
    },
    err_not_allowed: |name, value, allowed| {
        format!(
            "{name} cannot be “{value}”: choose one of {}.",
            allowed.join(", ")
        )
    },
    err_values_in_use: |values| {
        format!(
            "Products still carry {}: keep them in the list or change those products first.",
            values.join(", ")
        )
    },
    err_type_in_use: |n| format!("{n} product(s) carry it: take it off them first."),
};

pub const RU: CharacteristicTexts = CharacteristicTexts {
    title: "Характеристики",
    intro: "Чем описываются товары: вес, начинка, размер, цвет… Фильтры витрины следуют за ними. Закрытый список принимает только свои значения, свободный — любые.",
    link: "Характеристики",
    new_type: "Новая характеристика",
    create: "Создать характеристику",
    name: "Название (по-английски)",
    name_ru: "Название (по-русски)",
    free_values: "Свободные значения",
    free_hint: "Без отметки товары могут иметь только перечисленные значения.",
    values: "Значения",
    values_hint: "По одному в строке, русское — после «=»: Cherry = Вишня.",
    closed: "закрытый список",
    free: "свободные значения",
    used_by: |n| match plural_ru(n) {
        Plural::One => format!("у {n} товара"),
        _ => format!("у {n} товаров"),
    },
    none_yet: "Характеристик пока нет. Они появятся здесь, когда их получат товары, или добавьте свою.",
    err_name_taken: "Такое название уже у другой характеристики.",
    err_values_line: |line| {
        format!("Строка {line}: нужно значение, до 100 символов, каждое один раз (не больше 200).")
    },
    err_not_allowed: |name, value, allowed| {
        format!(
            "{name} не может быть «{value}»: выберите из списка: {}.",
            allowed.join(", ")
        )
    },
    err_values_in_use: |values| {
        format!(
            "Эти значения ещё есть у товаров: {}. Оставьте их в списке или сначала измените товары.",
            values.join(", ")
        )
    },
    err_type_in_use: |n| format!("Она есть у товаров ({n}): сначала уберите её у них."),
};

pub fn characteristic_texts_for(locale: Locale) -> &'static CharacteristicTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The strings in the page's language.
pub fn characteristic_texts() -> &'static CharacteristicTexts {
    characteristic_texts_for(use_locale())
}
