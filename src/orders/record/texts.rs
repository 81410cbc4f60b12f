//! The back office's order page's strings, in English and Russian.

use crate::i18n::{Locale, use_locale};

/// The back office's order page (`/admin/orders/{id}`) and phone orders.
pub struct RecordTexts {
    pub title: fn(i64) -> String,
    pub placed: fn(&str, &str) -> String,
    pub back: &'static str,
    pub client: &'static str,
    pub status: &'static str,
    pub payment: &'static str,
    pub lines: &'static str,
    pub product: &'static str,
    pub price: &'static str,
    pub quantity: &'static str,
    pub sum: &'static str,
    pub total: &'static str,
    pub update: &'static str,
    pub remove: fn(&str) -> String,
    pub add_line: &'static str,
    pub add: &'static str,
    pub lines_closed: &'static str,
    pub notes: &'static str,
    pub save_notes: &'static str,
    pub change_client: &'static str,
    pub change_client_hint: &'static str,
    pub change_client_submit: &'static str,
    pub err_client_empty: &'static str,
    pub err_client_none: &'static str,
    /// How many clients the words find, and the first few of them.
    pub err_client_many: fn(i64, &str) -> String,
    pub saved: &'static str,
    pub move_to: &'static str,
    pub move_submit: &'static str,
    pub timeline: &'static str,
    pub no_timeline: &'static str,
    pub by_system: &'static str,
    pub via_api: &'static str,
    pub via_board: &'static str,
    pub via_phone: &'static str,
    pub via_shop: &'static str,
    pub entry: fn(&str, Option<&str>, Option<&str>) -> String,
    pub read_only: &'static str,
    pub new_order: &'static str,
    pub new_order_hint: &'static str,
    pub create_order: &'static str,
    pub delete_order: &'static str,
    pub delete_confirm: fn(i64) -> String,
    pub delete_for_good: &'static str,
    pub err_product: &'static str,
    pub err_price: &'static str,
    pub err_quantity: &'static str,
    pub err_too_long: &'static str,
    pub err_closed: &'static str,
    pub err_last_line: &'static str,
    pub err_too_many_lines: &'static str,
    pub err_no_line: &'static str,
}

pub const RECORD_EN: RecordTexts = RecordTexts {
    title: |id| format!("Order №{id}"),
    placed: |at, source| format!("Placed {at} · {source}"),
    back: "All orders",
    client: "Client",
    status: "Status",
    payment: "Payment",
    lines: "Items",
    product: "Product",
    price: "Price",
    quantity: "Qty",
    sum: "Sum",
    total: "Total",
    update: "Update",
    remove: |name| format!("Remove {name}"),
    add_line: "Add an item",
    add: "Add",
    lines_closed: "This order is completed or cancelled: its items are final.",
    notes: "Notes",
    save_notes: "Save notes",
    change_client: "Move to another client",
    change_client_hint: "The client's number, or their name with the phone",
    change_client_submit: "Change client",
    err_client_empty: "Enter the client's number or name.",
    err_client_none: "No client matches that.",
    err_client_many: |n, some| {
        format!("{n} clients match ({some}): add the phone, or enter the client's number.")
    },
    saved: "Saved.",
    move_to: "Move to",
    move_submit: "Move",
    timeline: "Timeline",
    no_timeline: "Nothing recorded yet.",
    by_system: "the system",
    via_api: "through the API",
    via_board: "on the board",
    via_phone: "by phone",
    via_shop: "in the online shop",
    entry: |field, old, new| match (field, old, new) {
        ("stage", _, Some(n)) => format!("Status: {n}"),
        ("created", _, n) => format!("Created: {}", n.unwrap_or("")),
        ("deleted", _, _) => "Deleted".to_owned(),
        ("item", None, Some(n)) => format!("Item added: {n}"),
        ("item", Some(o), None) => format!("Item removed: {o}"),
        (f, o, n) => {
            let name = match f {
                "item" => "Item",
                "total" => "Total",
                "notes" => "Notes",
                "client" => "Client",
                "product" => "Product",
                "price" => "Price",
                "quantity" => "Quantity",
                other => other,
            };
            format!(
                "{name}: {} → {}",
                o.filter(|s| !s.is_empty()).unwrap_or("—"),
                n.filter(|s| !s.is_empty()).unwrap_or("—")
            )
        }
    },
    read_only: "You can look, but only managers and admins change orders.",
    new_order: "New phone order",
    new_order_hint: "The first item; add more on the order's page.",
    create_order: "Create order",
    delete_order: "Delete order…",
    delete_confirm: |id| {
        format!(
            "Delete order №{id} for good, with its items and payments? The change history keeps a record of it."
        )
    },
    delete_for_good: "Delete for good",
    err_product: "Name the product.",
    err_price: "Enter a price, like 150 or 150.50 (up to 10,000,000).",
    err_quantity: "Enter a quantity from 1 to 999.",
    err_too_long: "This is too long.",
    err_closed: "This order is completed or cancelled: its items are final.",
    err_last_line: "An order keeps at least one item: delete the order instead.",
    err_too_many_lines: "An order holds 100 items at most.",
    err_no_line: "That item is no longer on the order: reload the page.",
};

pub const RECORD_RU: RecordTexts = RecordTexts {
    title: |id| format!("Заказ №{id}"),
    placed: |at, source| format!("Оформлен {at} · {source}"),
    back: "Все заказы",
    client: "Клиент",
    status: "Статус",
    payment: "Оплата",
    lines: "Состав",
    product: "Товар",
    price: "Цена",
    quantity: "Кол-во",
    sum: "Сумма",
    total: "Итого",
    update: "Изменить",
    remove: |name| format!("Убрать {name}"),
    add_line: "Добавить позицию",
    add: "Добавить",
    lines_closed: "Заказ выполнен или отменён: его состав окончательный.",
    notes: "Заметки",
    save_notes: "Сохранить заметки",
    change_client: "Перенести к другому клиенту",
    change_client_hint: "Номер клиента или имя с телефоном",
    change_client_submit: "Сменить клиента",
    err_client_empty: "Введите номер или имя клиента.",
    err_client_none: "Такого клиента нет.",
    err_client_many: |n, some| {
        format!("Подходит клиентов: {n} ({some}). Добавьте телефон или введите номер клиента.")
    },
    saved: "Сохранено.",
    move_to: "Перевести в",
    move_submit: "Перевести",
    timeline: "История",
    no_timeline: "Пока ничего не записано.",
    by_system: "система",
    via_api: "через API",
    via_board: "на доске",
    via_phone: "по телефону",
    via_shop: "в интернет-магазине",
    entry: |field, old, new| match (field, old, new) {
        ("stage", _, Some(n)) => format!("Статус: {n}"),
        ("created", _, n) => format!("Создан: {}", n.unwrap_or("")),
        ("deleted", _, _) => "Удалён".to_owned(),
        ("item", None, Some(n)) => format!("Добавлена позиция: {n}"),
        ("item", Some(o), None) => format!("Убрана позиция: {o}"),
        (f, o, n) => {
            let name = match f {
                "item" => "Позиция",
                "total" => "Сумма",
                "notes" => "Заметки",
                "client" => "Клиент",
                "product" => "Товар",
                "price" => "Цена",
                "quantity" => "Количество",
                other => other,
            };
            format!(
                "{name}: {} → {}",
                o.filter(|s| !s.is_empty()).unwrap_or("—"),
                n.filter(|s| !s.is_empty()).unwrap_or("—")
            )
        }
    },
    read_only: "Просматривать можно, а изменять заказы могут менеджеры и администраторы.",
    new_order: "Новый заказ по телефону",
    new_order_hint: "Первая позиция; остальные добавьте на странице заказа.",
    create_order: "Создать заказ",
    delete_order: "Удалить заказ…",
    delete_confirm: |id| {
        format!(
            "Удалить заказ №{id} насовсем, с позициями и платежами? В истории изменений останется запись об этом."
        )
    },
    delete_for_good: "Удалить насовсем",
    err_product: "Укажите товар.",
    err_price: "Введите цену, например 150 или 150,50 (до 10 000 000).",
    err_quantity: "Введите количество от 1 до 999.",
    err_too_long: "Слишком длинно.",
    err_closed: "Заказ выполнен или отменён: его состав окончательный.",
    err_last_line: "В заказе остаётся хотя бы одна позиция: удалите заказ целиком.",
    err_too_many_lines: "В заказе не больше 100 позиций.",
    err_no_line: "Этой позиции в заказе уже нет: обновите страницу.",
};

pub fn record_texts(locale: Locale) -> &'static RecordTexts {
    match locale {
        Locale::En => &RECORD_EN,
        Locale::Ru => &RECORD_RU,
    }
}

/// The current visitor's order-page strings.
pub fn order_record_texts() -> &'static RecordTexts {
    record_texts(use_locale())
}
