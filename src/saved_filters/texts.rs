//! The saved filter sets' strings, in English and Russian (see `crate::i18n`).

use crate::i18n::{Locale, use_locale};

pub struct FilterTexts {
    pub saved: &'static str,
    pub none: &'static str,
    pub name: &'static str,
    pub name_placeholder: &'static str,
    pub save: &'static str,
    pub delete: fn(&str) -> String,
    pub saved_as: fn(&str) -> String,
    pub err_name: &'static str,
    pub err_name_long: &'static str,
    pub err_nothing: &'static str,
    pub err_too_long: &'static str,
    pub err_too_many: &'static str,
    pub err_page: &'static str,
}

pub const EN: FilterTexts = FilterTexts {
    saved: "Saved filters",
    none: "none yet: set filters, name them, save.",
    name: "Name for these filters",
    name_placeholder: "e.g. New today",
    save: "Save filters",
    delete: |name| format!("Delete the saved filters “{name}”"),
    saved_as: |name| format!("Saved as “{name}”."),
    err_name: "Give these filters a name.",
    err_name_long: "The name is too long (60 characters at most).",
    err_nothing: "Set a filter, a sort or columns first: there is nothing to save.",
    err_too_long: "These filters are too long to save.",
    err_too_many: "You keep 30 saved filters for this table at most: delete one first.",
    err_page: "Unknown table.",
};

pub const RU: FilterTexts = FilterTexts {
    saved: "Сохранённые фильтры",
    none: "пока нет: задайте фильтры, назовите, сохраните.",
    name: "Название для этих фильтров",
    name_placeholder: "например, Новые сегодня",
    save: "Сохранить фильтры",
    delete: |name| format!("Удалить сохранённые фильтры «{name}»"),
    saved_as: |name| format!("Сохранено как «{name}»."),
    err_name: "Назовите эти фильтры.",
    err_name_long: "Название слишком длинное (не больше 60 символов).",
    err_nothing: "Сначала задайте фильтр, сортировку или столбцы: сохранять нечего.",
    err_too_long: "Эти фильтры слишком длинные для сохранения.",
    err_too_many: "Для одной таблицы хранится не больше 30 наборов фильтров: сначала удалите один.",
    err_page: "Неизвестная таблица.",
};

pub fn texts(locale: Locale) -> &'static FilterTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The strings in the page's language.
pub fn filter_texts() -> &'static FilterTexts {
    texts(use_locale())
}
