//! The cart's strings, in English and Russian (see `crate::i18n`).

use crate::i18n::{Locale, Plural, plural_en, plural_ru, use_locale};

pub struct CartTexts {
    pub cart: &'static str,
    pub cart_title: &'static str,
    pub cart_empty_title: &'static str,
    pub cart_empty_body: &'static str,
    pub to_catalog: &'static str,
    pub quantity: &'static str,
    pub update: &'static str,
    pub remove: &'static str,
    pub total: &'static str,
    pub checkout: &'static str,
    pub inscription: &'static str,
    pub notes: &'static str,
    pub add_to_cart: &'static str,
    pub added: &'static str,
    pub view_cart: &'static str,
    pub short_stock: fn(i64) -> String,
    pub no_longer_sold: &'static str,
    pub items_count: fn(i64) -> String,

    pub err_quantity_number: &'static str,
    pub err_quantity_range: &'static str,
    pub err_unknown_variant: &'static str,
    pub err_only_left: fn(i64, &str) -> String,
    pub err_paused: fn(&str) -> String,
    pub err_too_many_lines: &'static str,
    pub err_inscription_long: &'static str,
    pub err_notes_long: &'static str,
}

pub const EN: CartTexts = CartTexts {
    cart: "Cart",
    cart_title: "Your cart",
    cart_empty_title: "Your cart is empty",
    cart_empty_body: "Find something you like in the catalog.",
    to_catalog: "Go to the catalog",
    quantity: "Quantity",
    update: "Update",
    remove: "Remove",
    total: "Total",
    checkout: "Check out",
    inscription: "Inscription on the cake",
    notes: "Notes for the baker",
    add_to_cart: "Add to cart",
    added: "Added to your cart.",
    view_cart: "View cart",
    short_stock: |n| match n {
        0 => "Sold out".to_owned(),
        n => format!("Only {n} left"),
    },
    no_longer_sold: "No longer sold: please remove it.",
    items_count: |n| match plural_en(n) {
        Plural::One => format!("{n} item"),
        _ => format!("{n} items"),
    },

    err_quantity_number: "Enter the quantity as a whole number.",
    err_quantity_range: "The quantity must be between 1 and 99.",
    err_unknown_variant: "That product is not sold any more.",
    err_only_left: |n, name| match n {
        0 => format!("{name} is sold out."),
        n => match plural_en(n) {
            Plural::One => format!("Only 1 {name} left."),
            _ => format!("Only {n} of {name} left."),
        },
    },
    err_paused: |name| format!("{name}: its supplier takes no orders at the moment."),
    err_too_many_lines: "Your cart is full: check out or remove something first.",
    err_inscription_long: "The inscription can be at most 80 characters.",
    err_notes_long: "Notes can be at most 500 characters.",
};

pub const RU: CartTexts = CartTexts {
    cart: "Корзина",
    cart_title: "Ваша корзина",
    cart_empty_title: "Корзина пуста",
    cart_empty_body: "Выберите что-нибудь в каталоге.",
    to_catalog: "Перейти в каталог",
    quantity: "Количество",
    update: "Обновить",
    remove: "Удалить",
    total: "Итого",
    checkout: "Оформить заказ",
    inscription: "Надпись на торте",
    notes: "Пожелания кондитеру",
    add_to_cart: "В корзину",
    added: "Добавлено в корзину.",
    view_cart: "Открыть корзину",
    short_stock: |n| match n {
        0 => "Нет в наличии".to_owned(),
        n => format!("Осталось только {n}"),
    },
    no_longer_sold: "Больше не продаётся: удалите из корзины.",
    items_count: |n| match plural_ru(n) {
        Plural::One => format!("{n} товар"),
        Plural::Few => format!("{n} товара"),
        Plural::Many => format!("{n} товаров"),
    },

    err_quantity_number: "Укажите количество целым числом.",
    err_quantity_range: "Количество должно быть от 1 до 99.",
    err_unknown_variant: "Этот товар больше не продаётся.",
    err_only_left: |n, name| match n {
        0 => format!("«{name}» закончился."),
        n => format!("«{name}»: осталось только {n} шт."),
    },
    err_paused: |name| format!("«{name}»: поставщик сейчас не принимает заказы."),
    err_too_many_lines: "Корзина заполнена: оформите заказ или удалите что-нибудь.",
    err_inscription_long: "Надпись — не длиннее 80 символов.",
    err_notes_long: "Пожелания — не длиннее 500 символов.",
};

pub fn texts(locale: Locale) -> &'static CartTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The current visitor's cart strings.
pub fn cart_texts() -> &'static CartTexts {
    texts(use_locale())
}
