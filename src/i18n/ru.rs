use super::{Plural, Texts, plural_ru};

pub const TEXTS: Texts = Texts {
    skip_to_content: "Перейти к содержимому",
    nav_label: "Главное меню",
    nav_shop: "Магазин",
    nav_categories: "Категории",
    nav_popular: "Популярное",
    language: "Язык",
    footer_tagline: "Свежая выпечка, простой заказ. Работает на karavai.",
    loading: "Загрузка…",

    hero_eyebrow: "Свежее каждое утро",
    hero_lead: "Праздничные торты на заказ, хлеб и выпечка из нашей печи.",
    hero_popular: "Популярное",
    hero_categories: "Все категории",
    categories_title: "Категории",
    shelves_empty_title: "Витрина пуста",
    shelves_empty_body: "Категорий пока нет. Их может добавить администратор, или загрузите демо-пекарню командой `karavai seed-demo`.",
    popular_now: "Популярное сейчас",
    filter_by_category: "Фильтр по категории",
    chip_all: "Все",
    nothing_here_title: "Здесь пока пусто",
    nothing_here_body: "В этой категории пока нет товаров.",
    price_from: "от",
    products_count: |n| match plural_ru(n) {
        Plural::One => format!("{n} товар"),
        Plural::Few => format!("{n} товара"),
        Plural::Many => format!("{n} товаров"),
    },
    made_to_order: |days| match plural_ru(days.into()) {
        Plural::One => format!("На заказ · {days} день"),
        Plural::Few => format!("На заказ · {days} дня"),
        Plural::Many => format!("На заказ · {days} дней"),
    },

    back_to_shop: "Вернуться в магазин",
    not_found_title: "Страница не найдена",
    not_found_body: "Мы не нашли эту страницу. Возможно, она переехала или в ссылке опечатка.",
    error_title: "Что-то пошло не так",
    error_body: "У нас что-то сломалось. Пожалуйста, попробуйте ещё раз через минуту.",
    request_failed_title: "Не получилось",
};
