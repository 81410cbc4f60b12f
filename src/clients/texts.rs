//! The clients pages' strings, in English and Russian (see `crate::i18n`).

use crate::i18n::{Locale, Plural, plural_en, plural_ru, use_locale};

pub struct ClientTexts {
    pub clients_title: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub find: &'static str,
    pub clear: &'static str,
    pub sort_label: &'static str,
    pub sort_name: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub orders: &'static str,
    pub spent: &'static str,
    pub since: &'static str,
    pub no_clients: &'static str,
    pub clients_count: fn(i64) -> String,
    pub orders_count: fn(i64) -> String,
    pub contacts: &'static str,
    pub last_name: &'static str,
    pub first_name: &'static str,
    pub middle_name: &'static str,
    pub notes: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub order_history: &'static str,
    pub no_orders: &'static str,
    pub order_no: &'static str,
    pub date: &'static str,
    pub status: &'static str,
    pub total: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub history_created: &'static str,
    pub history_deleted: &'static str,
    pub by_system: &'static str,
    pub source_api: &'static str,
    pub read_only: &'static str,
    pub back_to_clients: &'static str,
    pub field_name: fn(&str) -> &'static str,

    pub new_client: &'static str,
    pub create: &'static str,
    pub delete_client: &'static str,
    pub delete_confirm: fn(&str) -> String,
    pub delete_for_good: &'static str,
    pub deleted: &'static str,
    pub err_has_orders: fn(i64) -> String,

    pub err_required: &'static str,
    pub err_too_long: &'static str,
    pub err_phone: &'static str,
    pub err_email: &'static str,
    pub err_email_taken: &'static str,
}

pub const EN: ClientTexts = ClientTexts {
    clients_title: "Clients",
    search: "Search clients",
    search_placeholder: "Name, phone or email",
    find: "Find",
    clear: "Clear all filters",
    sort_label: "Sort",
    sort_name: "Name A–Z",
    sort_newest: "Newest first",
    sort_oldest: "Oldest first",
    name: "Name",
    phone: "Phone",
    email: "Email",
    orders: "Orders",
    spent: "Spent",
    since: "Client since",
    no_clients: "No clients match",
    clients_count: |n| match plural_en(n) {
        Plural::One => format!("{n} client"),
        _ => format!("{n} clients"),
    },
    orders_count: |n| match plural_en(n) {
        Plural::One => format!("{n} order"),
        _ => format!("{n} orders"),
    },
    contacts: "Contacts",
    last_name: "Last name",
    first_name: "First name",
    middle_name: "Middle name",
    notes: "Notes",
    save: "Save",
    saved: "Saved.",
    order_history: "Orders",
    no_orders: "No orders yet.",
    order_no: "Order",
    date: "Date",
    status: "Status",
    total: "Total",
    history: "Change history",
    no_history: "No changes recorded yet.",
    history_created: "created",
    history_deleted: "deleted",
    by_system: "the system",
    source_api: "through the API",
    read_only: "You can look, but only managers and admins change clients.",
    back_to_clients: "All clients",
    field_name: |f| match f {
        "last_name" => "Last name",
        "first_name" => "First name",
        "middle_name" => "Middle name",
        "phone" => "Phone",
        "email" => "Email",
        "notes" => "Notes",
        "client" => "Client",
        "product" => "Product",
        "price" => "Price",
        "quantity" => "Quantity",
        "total" => "Total",
        _ => "Record",
    },
    new_client: "New client",
    create: "Add client",
    delete_client: "Delete client…",
    delete_confirm: |name| {
        format!("Delete {name} for good? The change history keeps a record of it.")
    },
    delete_for_good: "Delete for good",
    deleted: "The client was deleted.",
    err_has_orders: |n| match plural_en(n) {
        Plural::One => {
            "This client has 1 order, so it stays: orders are never deleted with their client."
                .to_owned()
        }
        _ => format!(
            "This client has {n} orders, so it stays: orders are never deleted with their client."
        ),
    },
    err_required: "Fill this in.",
    err_too_long: "This is too long.",
    err_phone: "Enter a phone number: 5 to 15 digits; + ( ) - and spaces are fine.",
    err_email: "Enter an email address like name@example.com.",
    err_email_taken: "Another client has this email already.",
};

pub const RU: ClientTexts = ClientTexts {
    clients_title: "Клиенты",
    search: "Поиск клиентов",
    search_placeholder: "Имя, телефон или почта",
    find: "Найти",
    clear: "Сбросить фильтры",
    sort_label: "Сортировка",
    sort_name: "По имени",
    sort_newest: "Сначала новые",
    sort_oldest: "Сначала старые",
    name: "Имя",
    phone: "Телефон",
    email: "Эл. почта",
    orders: "Заказы",
    spent: "Сумма",
    since: "Клиент с",
    no_clients: "Клиенты не найдены",
    clients_count: |n| match plural_ru(n) {
        Plural::One => format!("{n} клиент"),
        Plural::Few => format!("{n} клиента"),
        _ => format!("{n} клиентов"),
    },
    orders_count: |n| match plural_ru(n) {
        Plural::One => format!("{n} заказ"),
        Plural::Few => format!("{n} заказа"),
        _ => format!("{n} заказов"),
    },
    contacts: "Контакты",
    last_name: "Фамилия",
    first_name: "Имя",
    middle_name: "Отчество",
    notes: "Заметки",
    save: "Сохранить",
    saved: "Сохранено.",
    order_history: "Заказы",
    no_orders: "Заказов пока нет.",
    order_no: "Заказ",
    date: "Дата",
    status: "Статус",
    total: "Сумма",
    history: "История изменений",
    no_history: "Изменений пока нет.",
    history_created: "создан",
    history_deleted: "удалён",
    by_system: "система",
    source_api: "через API",
    read_only: "Просматривать можно, а изменять клиентов могут менеджеры и администраторы.",
    back_to_clients: "Все клиенты",
    field_name: |f| match f {
        "last_name" => "Фамилия",
        "first_name" => "Имя",
        "middle_name" => "Отчество",
        "phone" => "Телефон",
        "email" => "Эл. почта",
        "notes" => "Заметки",
        "client" => "Клиент",
        "product" => "Товар",
        "price" => "Цена",
        "quantity" => "Количество",
        "total" => "Сумма",
        _ => "Запись",
    },
    new_client: "Новый клиент",
    create: "Добавить клиента",
    delete_client: "Удалить клиента…",
    delete_confirm: |name| {
        format!("Удалить клиента {name} насовсем? В истории изменений останется запись об этом.")
    },
    delete_for_good: "Удалить насовсем",
    deleted: "Клиент удалён.",
    err_has_orders: |n| match plural_ru(n) {
        Plural::One => format!(
            "У клиента {n} заказ, поэтому он остаётся: заказы вместе с клиентом не удаляются."
        ),
        Plural::Few => format!(
            "У клиента {n} заказа, поэтому он остаётся: заказы вместе с клиентом не удаляются."
        ),
        Plural::Many => format!(
            "У клиента {n} заказов, поэтому он остаётся: заказы вместе с клиентом не удаляются."
        ),
    },
    err_required: "Заполните это поле.",
    err_too_long: "Слишком длинно.",
    err_phone: "Введите номер телефона: от 5 до 15 цифр; можно + ( ) - и пробелы.",
    err_email: "Введите адрес почты, например name@example.com.",
    err_email_taken: "Эта почта уже есть у другого клиента.",
};

pub fn texts(locale: Locale) -> &'static ClientTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The strings in the page's language.
pub fn client_texts() -> &'static ClientTexts {
    texts(use_locale())
}
