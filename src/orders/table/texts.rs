//! The back office's orders table's strings, in English and Russian.

use crate::i18n::{Locale, Plural, plural_en, plural_ru, use_locale};
use crate::orders::types::OrderColumn;

/// The back office's orders table (`/admin/orders`).
pub struct OrderTableTexts {
    pub title: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub filters: &'static str,
    pub any: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub min: &'static str,
    pub max: &'static str,
    pub apply: &'static str,
    pub clear: &'static str,
    pub columns: &'static str,
    pub column: fn(OrderColumn) -> &'static str,
    pub payment_status: fn(&str) -> &'static str,
    pub pickup: &'static str,
    pub delivery: &'static str,
    pub count: fn(i64, &str) -> String,
    /// More than this many orders match (the count stopped at its cap).
    pub count_many: fn(i64) -> String,
    pub no_orders: &'static str,
    pub export: &'static str,
    pub export_hint: &'static str,
    pub select_all: &'static str,
    pub select: fn(i64) -> String,
    pub with_selected: &'static str,
    pub bulk_submit: &'static str,
    pub bulk_done: fn(usize, usize) -> String,
    pub read_only: &'static str,
    pub sorted_by: fn(&str, bool) -> String,
    pub err_too_long: &'static str,
    pub err_stage: &'static str,
    pub err_payment: &'static str,
    pub err_date: &'static str,
    pub err_amount: &'static str,
    pub err_range: &'static str,
    pub err_sort: &'static str,
    pub err_none_selected: &'static str,
    pub err_too_many: &'static str,
    pub err_no_order: &'static str,
}

pub const TABLE_EN: OrderTableTexts = OrderTableTexts {
    title: "Orders",
    search: "Search orders",
    search_placeholder: "Number, client, item or note",
    filters: "Filters",
    any: "Any",
    from: "Placed from",
    to: "Placed to",
    min: "Total from",
    max: "Total to",
    apply: "Apply",
    clear: "Clear all filters",
    columns: "Columns",
    column: |c| match c {
        OrderColumn::Number => "No.",
        OrderColumn::Created => "Placed",
        OrderColumn::Client => "Client",
        OrderColumn::Phone => "Phone",
        OrderColumn::Items => "Items",
        OrderColumn::Stage => "Status",
        OrderColumn::Ready => "Ready",
        OrderColumn::Fulfilment => "Pick-up / delivery",
        OrderColumn::Payment => "Payment",
        OrderColumn::Total => "Total",
        OrderColumn::Notes => "Notes",
    },
    payment_status: |s| match s {
        "unpaid" => "Unpaid",
        "pending" => "Pending",
        "paid" => "Paid",
        "failed" => "Failed",
        _ => "—",
    },
    pickup: "Pick-up",
    delivery: "Delivery",
    count: |n, sum| match plural_en(n) {
        Plural::One => format!("{n} order · {sum}"),
        _ => format!("{n} orders · {sum}"),
    },
    count_many: |n| format!("More than {n} orders: narrow the filters to see their count and sum"),
    no_orders: "No orders match",
    export: "Export",
    export_hint: "Exports every order the filters find, in the columns shown.",
    select_all: "Select all on this page",
    select: |id| format!("Select order No. {id}"),
    with_selected: "Selected orders:",
    bulk_submit: "Change status",
    bulk_done: |moved, skipped| match (moved, skipped) {
        (m, 0) => format!("Moved {m}."),
        (m, s) => format!("Moved {m}; {s} left as they were:"),
    },
    read_only: "You can look, but only managers and admins change orders.",
    sorted_by: |col, desc| {
        format!(
            "Sorted by {col}, {}",
            if desc { "descending" } else { "ascending" }
        )
    },
    err_too_long: "This is too long.",
    err_stage: "Pick one of the stages.",
    err_payment: "Pick one of the payment statuses.",
    err_date: "Enter a date like 2026-11-23.",
    err_amount: "Enter an amount like 1250 or 1250.50.",
    err_range: "The end comes before the start.",
    err_sort: "Unknown sort order.",
    err_none_selected: "Select at least one order.",
    err_too_many: "Select at most 500 orders at a time.",
    err_no_order: "No such order.",
};

pub const TABLE_RU: OrderTableTexts = OrderTableTexts {
    title: "Заказы",
    search: "Поиск заказов",
    search_placeholder: "Номер, клиент, товар или примечание",
    filters: "Фильтры",
    any: "Любой",
    from: "Создан с",
    to: "Создан по",
    min: "Сумма от",
    max: "Сумма до",
    apply: "Применить",
    clear: "Сбросить фильтры",
    columns: "Столбцы",
    column: |c| match c {
        OrderColumn::Number => "№",
        OrderColumn::Created => "Создан",
        OrderColumn::Client => "Клиент",
        OrderColumn::Phone => "Телефон",
        OrderColumn::Items => "Состав",
        OrderColumn::Stage => "Статус",
        OrderColumn::Ready => "Готовность",
        OrderColumn::Fulfilment => "Самовывоз / доставка",
        OrderColumn::Payment => "Оплата",
        OrderColumn::Total => "Сумма",
        OrderColumn::Notes => "Примечание",
    },
    payment_status: |s| match s {
        "unpaid" => "Не оплачен",
        "pending" => "Ожидает оплаты",
        "paid" => "Оплачен",
        "failed" => "Ошибка оплаты",
        _ => "—",
    },
    pickup: "Самовывоз",
    delivery: "Доставка",
    count: |n, sum| match plural_ru(n) {
        Plural::One => format!("{n} заказ · {sum}"),
        Plural::Few => format!("{n} заказа · {sum}"),
        _ => format!("{n} заказов · {sum}"),
    },
    count_many: |n| format!("Больше {n} заказов: уточните фильтры, чтобы увидеть их число и сумму"),
    no_orders: "Заказы не найдены",
    export: "Выгрузить",
    export_hint: "Выгружаются все найденные заказы, в показанных столбцах.",
    select_all: "Выбрать все на странице",
    select: |id| format!("Выбрать заказ №{id}"),
    with_selected: "Выбранные заказы:",
    bulk_submit: "Сменить статус",
    bulk_done: |moved, skipped| match (moved, skipped) {
        (m, 0) => format!("Перемещено: {m}."),
        (m, s) => format!("Перемещено: {m}; без изменений: {s}:"),
    },
    read_only: "Смотреть можно, а менять заказы могут только менеджеры и администраторы.",
    sorted_by: |col, desc| {
        format!(
            "Сортировка: {col}, {}",
            if desc {
                "по убыванию"
            } else {
                "по возрастанию"
            }
        )
    },
    err_too_long: "Слишком длинно.",
    err_stage: "Выберите один из этапов.",
    err_payment: "Выберите один из статусов оплаты.",
    err_date: "Введите дату, например 2026-11-23.",
    err_amount: "Введите сумму, например 1250 или 1250,50.",
    err_range: "Конец раньше начала.",
    err_sort: "Неизвестный порядок сортировки.",
    err_none_selected: "Выберите хотя бы один заказ.",
    err_too_many: "Не больше 500 заказов за раз.",
    err_no_order: "Такого заказа нет.",
};

pub fn table_texts(locale: Locale) -> &'static OrderTableTexts {
    match locale {
        Locale::En => &TABLE_EN,
        Locale::Ru => &TABLE_RU,
    }
}

/// The current visitor's orders-table strings.
pub fn order_table_texts() -> &'static OrderTableTexts {
    table_texts(use_locale())
}
