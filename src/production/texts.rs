//! The production board's strings, in English and Russian (see `crate::i18n`).

use crate::i18n::{Locale, Plural, plural_ru, use_locale};

pub struct ProductionTexts {
    pub board_title: &'static str,
    pub plan_title: &'static str,
    pub stages_title: &'static str,

    pub due: &'static str,
    pub due_today: &'static str,
    pub due_tomorrow: &'static str,
    pub due_week: &'static str,
    pub due_range: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub store: &'static str,
    pub all_stores: &'static str,
    pub product: &'static str,
    pub all_products: &'static str,
    pub assignee: &'static str,
    pub anyone: &'static str,
    pub nobody: &'static str,
    pub show: &'static str,
    pub clear: &'static str,
    pub filters: &'static str,

    pub late: &'static str,
    pub in_stage: fn(i64) -> String,
    pub pickup: &'static str,
    pub delivery: &'static str,
    pub assign_to: &'static str,
    pub assign: &'static str,
    pub move_to: &'static str,
    pub move_submit: &'static str,
    pub empty_column: &'static str,
    pub card_label: fn(i64, &str) -> String,
    pub keyboard_hint: &'static str,
    pub moved: fn(i64, &str) -> String,
    pub hidden: fn(i64) -> String,
    pub showing: fn(&str, &str) -> String,
    pub open_order: &'static str,
    pub plan_link: &'static str,

    pub date: &'static str,
    pub print: &'static str,
    pub variant: &'static str,
    pub quantity: &'static str,
    pub total: &'static str,
    pub nothing_due: &'static str,
    pub orders_due: fn(i64) -> String,
    pub notes_title: &'static str,
    pub order_no: fn(i64) -> String,

    pub code: &'static str,
    pub code_hint: &'static str,
    pub name_en: &'static str,
    pub name_ru: &'static str,
    pub colour: &'static str,
    pub position: &'static str,
    pub kind: &'static str,
    pub kind_name: fn(&str) -> &'static str,
    pub save: &'static str,
    pub add_stage: &'static str,
    pub delete: &'static str,
    pub stages_intro: &'static str,
    pub saved: &'static str,

    pub err_stale: &'static str,
    pub err_unknown_stage: &'static str,
    pub err_same_stage: &'static str,
    pub err_final_stage: &'static str,
    pub err_role: &'static str,
    pub err_assignee: &'static str,
    pub err_date: &'static str,
    pub err_range: &'static str,
    pub err_code: &'static str,
    pub err_name: &'static str,
    pub err_colour: &'static str,
    pub err_position: &'static str,
    pub err_kind: &'static str,
    pub err_in_use: fn(i64) -> String,
    pub err_entry: &'static str,
    pub err_exists: &'static str,
}

fn duration_en(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min in stage"),
        m if m < 48 * 60 => format!("{} h {} min in stage", m / 60, m % 60),
        m => format!("{} days in stage", m / (24 * 60)),
    }
}

fn duration_ru(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} мин на этапе"),
        m if m < 48 * 60 => format!("{} ч {} мин на этапе", m / 60, m % 60),
        m => {
            let d = m / (24 * 60);
            let word = match plural_ru(d) {
                Plural::One => "день",
                Plural::Few => "дня",
                Plural::Many => "дней",
            };
            format!("{d} {word} на этапе")
        }
    }
}

pub const EN: ProductionTexts = ProductionTexts {
    board_title: "Production board",
    plan_title: "Daily plan",
    stages_title: "Production stages",

    due: "Due",
    due_today: "Today",
    due_tomorrow: "Tomorrow",
    due_week: "Next 7 days",
    due_range: "Dates",
    from: "From",
    to: "To",
    store: "Store",
    all_stores: "All stores",
    product: "Product",
    all_products: "All products",
    assignee: "Assignee",
    anyone: "Anyone",
    nobody: "Not assigned",
    show: "Show",
    clear: "Clear filters",
    filters: "Board filters",

    late: "Late",
    in_stage: duration_en,
    pickup: "Pick-up",
    delivery: "Delivery",
    assign_to: "Assignee",
    assign: "Assign",
    move_to: "Move to",
    move_submit: "Move",
    empty_column: "No orders",
    card_label: |id, stage| format!("Order №{id}, {stage}"),
    keyboard_hint: "Drag a card to another column, or focus it and press ← or → to move it one stage.",
    moved: |id, stage| format!("Order №{id} moved to {stage}."),
    hidden: |n| {
        if n == 1 {
            "1 more order is not shown: narrow the filter.".to_owned()
        } else {
            format!("{n} more orders are not shown: narrow the filter.")
        }
    },
    showing: |from, to| {
        if from == to {
            format!("Orders due {from}, and unfinished ones that are late.")
        } else {
            format!("Orders due {from} to {to}.")
        }
    },
    open_order: "Open the order",
    plan_link: "Daily plan",

    date: "Date",
    print: "Print",
    variant: "Variant",
    quantity: "Quantity",
    total: "Total",
    nothing_due: "Nothing is due that day.",
    orders_due: |n| {
        if n == 1 {
            "1 order due".to_owned()
        } else {
            format!("{n} orders due")
        }
    },
    notes_title: "Inscriptions and notes",
    order_no: |id| format!("№{id}"),

    code: "Code",
    code_hint: "Latin letters, digits and _; it cannot be changed later.",
    name_en: "Name (English)",
    name_ru: "Name (Russian)",
    colour: "Colour",
    position: "Position",
    kind: "Kind",
    kind_name: |k| match k {
        "done" => "Final: done",
        "cancelled" => "Final: cancelled",
        _ => "In progress",
    },
    save: "Save",
    add_stage: "Add a stage",
    delete: "Delete",
    stages_intro: "Orders move through these stages, left to right on the board. Only managers and admins take an order out of a final stage.",
    saved: "Saved.",

    err_stale: "Someone else moved this order first. The board shows where it is now.",
    err_unknown_stage: "That stage does not exist.",
    err_same_stage: "The order is already in that stage.",
    err_final_stage: "This order is finished: only a manager can move it out of its stage.",
    err_role: "Only bakery staff, managers and admins move orders.",
    err_assignee: "Choose a member of staff.",
    err_date: "Enter a date as YYYY-MM-DD.",
    err_range: "The first day must not be after the last, and a range is at most 92 days.",
    err_code: "Use 1 to 32 Latin letters, digits or _.",
    err_name: "Enter a name of at most 40 characters.",
    err_colour: "Choose a colour (#rrggbb).",
    err_position: "Enter a whole number from 0 to 10000.",
    err_kind: "Choose a kind.",
    err_in_use: |n| format!("Orders have been in this stage ({n} times): it cannot be deleted."),
    err_entry: "Every order starts in the New stage: it stays, and it stays in progress.",
    err_exists: "A stage with this code already exists.",
};

pub const RU: ProductionTexts = ProductionTexts {
    board_title: "Производственная доска",
    plan_title: "План на день",
    stages_title: "Этапы производства",

    due: "Срок",
    due_today: "Сегодня",
    due_tomorrow: "Завтра",
    due_week: "7 дней",
    due_range: "Даты",
    from: "С",
    to: "По",
    store: "Магазин",
    all_stores: "Все магазины",
    product: "Товар",
    all_products: "Все товары",
    assignee: "Исполнитель",
    anyone: "Любой",
    nobody: "Не назначен",
    show: "Показать",
    clear: "Сбросить фильтры",
    filters: "Фильтры доски",

    late: "Опаздывает",
    in_stage: duration_ru,
    pickup: "Самовывоз",
    delivery: "Доставка",
    assign_to: "Исполнитель",
    assign: "Назначить",
    move_to: "Перевести в",
    move_submit: "Перевести",
    empty_column: "Заказов нет",
    card_label: |id, stage| format!("Заказ №{id}, {stage}"),
    keyboard_hint: "Перетащите карточку в другую колонку или выберите её и нажмите ← или →, чтобы сдвинуть на этап.",
    moved: |id, stage| format!("Заказ №{id} переведён: {stage}."),
    hidden: |n| {
        let word = match plural_ru(n) {
            Plural::One => "заказ не показан",
            Plural::Few => "заказа не показаны",
            Plural::Many => "заказов не показаны",
        };
        format!("Ещё {n} {word}: сузьте фильтр.")
    },
    showing: |from, to| {
        if from == to {
            format!("Заказы на {from} и опаздывающие незавершённые.")
        } else {
            format!("Заказы с {from} по {to}.")
        }
    },
    open_order: "Открыть заказ",
    plan_link: "План на день",

    date: "Дата",
    print: "Печать",
    variant: "Вариант",
    quantity: "Количество",
    total: "Всего",
    nothing_due: "На этот день заказов нет.",
    orders_due: |n| {
        let word = match plural_ru(n) {
            Plural::One => "заказ",
            Plural::Few => "заказа",
            Plural::Many => "заказов",
        };
        format!("{n} {word} к сроку")
    },
    notes_title: "Надписи и пожелания",
    order_no: |id| format!("№{id}"),

    code: "Код",
    code_hint: "Латинские буквы, цифры и _; потом не меняется.",
    name_en: "Название (англ.)",
    name_ru: "Название (рус.)",
    colour: "Цвет",
    position: "Порядок",
    kind: "Вид",
    kind_name: |k| match k {
        "done" => "Итоговый: выполнен",
        "cancelled" => "Итоговый: отменён",
        _ => "В работе",
    },
    save: "Сохранить",
    add_stage: "Добавить этап",
    delete: "Удалить",
    stages_intro: "Заказы проходят эти этапы слева направо на доске. Вывести заказ из итогового этапа могут только менеджеры и администраторы.",
    saved: "Сохранено.",

    err_stale: "Кто-то уже перевёл этот заказ. Доска показывает, где он сейчас.",
    err_unknown_stage: "Такого этапа нет.",
    err_same_stage: "Заказ уже на этом этапе.",
    err_final_stage: "Заказ завершён: вывести его из этапа может только менеджер.",
    err_role: "Заказы переводят только сотрудники пекарни, менеджеры и администраторы.",
    err_assignee: "Выберите сотрудника.",
    err_date: "Введите дату в виде ГГГГ-ММ-ДД.",
    err_range: "Первый день не может быть позже последнего, а период — длиннее 92 дней.",
    err_code: "От 1 до 32 латинских букв, цифр или _.",
    err_name: "Введите название не длиннее 40 символов.",
    err_colour: "Выберите цвет (#rrggbb).",
    err_position: "Введите целое число от 0 до 10000.",
    err_kind: "Выберите вид.",
    err_in_use: |n| format!("На этом этапе уже бывали заказы ({n} раз): удалить его нельзя."),
    err_entry: "Каждый заказ начинается с этапа «Новый»: он остаётся и остаётся рабочим.",
    err_exists: "Этап с таким кодом уже есть.",
};

pub fn texts(locale: Locale) -> &'static ProductionTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The current visitor's production strings.
pub fn production_texts() -> &'static ProductionTexts {
    texts(use_locale())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!((EN.in_stage)(5), "5 min in stage");
        assert_eq!((EN.in_stage)(125), "2 h 5 min in stage");
        assert_eq!((EN.in_stage)(3 * 24 * 60), "3 days in stage");
        assert_eq!((RU.in_stage)(2 * 24 * 60), "2 дня на этапе");
        assert_eq!((RU.in_stage)(5 * 24 * 60), "5 дней на этапе");
        assert_eq!((RU.hidden)(21), "Ещё 21 заказ не показан: сузьте фильтр.");
        assert_eq!((RU.orders_due)(3), "3 заказа к сроку");
    }
}
