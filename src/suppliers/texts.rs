//! The supplier's page's strings, in English and Russian (see `crate::i18n`).

use super::types::{FormProblem, PartState};
use crate::i18n::{Locale, Plural, plural_en, plural_ru, use_locale};

pub struct SupplierTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub no_supplier: &'static str,
    pub supplier: &'static str,
    pub show: &'static str,
    pub intake: &'static str,
    pub intake_on: &'static str,
    pub intake_off: &'static str,
    pub switch_off: &'static str,
    pub switch_on: &'static str,
    pub products: fn(i64) -> String,
    pub parts: &'static str,
    pub parts_hint: &'static str,
    pub all_states: &'static str,
    pub state_label: &'static str,
    pub state_name: fn(PartState) -> &'static str,
    pub order_no: fn(i64) -> String,
    pub placed: &'static str,
    pub ready: &'static str,
    pub stage: &'static str,
    pub product: &'static str,
    pub quantity: &'static str,
    pub price: &'static str,
    pub subtotal: &'static str,
    pub inscription: &'static str,
    pub action: fn(PartState) -> &'static str,
    pub cancelled: &'static str,
    pub none_yet: &'static str,
    pub parts_total: fn(i64) -> String,
    /// The buyer's order page: each supplier's part and its state.
    pub parts_of_order: &'static str,
    /// The buyer's notice when a supplier moves its part: (order, supplier, state).
    pub mail_subject: fn(i64, &str, &str) -> String,
    /// (order, supplier, state, the order's link).
    pub mail_body: fn(i64, &str, &str, &str) -> String,
    pub new_supplier: &'static str,
    pub name: &'static str,
    pub url: &'static str,
    pub url_hint: &'static str,
    pub create: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub account: &'static str,
    pub account_hint: &'static str,
    pub link: &'static str,
    pub nobody: &'static str,
    pub form_problem: fn(FormProblem) -> &'static str,
    pub err_name_taken: &'static str,
    pub err_email: &'static str,
    pub err_no_account: &'static str,
    pub err_not_supplier: &'static str,
    pub err_cancelled: &'static str,
    pub err_cannot_move: fn(&str, &str) -> String,
    pub err_state: &'static str,
}

pub const EN: SupplierTexts = SupplierTexts {
    title: "Supplier",
    intro: "Your goods in the shop's orders: only your own lines and your own subtotal. Confirm each order you will deliver, then mark it shipped.",
    no_supplier: "Your account runs no supplier yet: ask the shop's administrator to link it to yours.",
    supplier: "Supplier",
    show: "Show",
    intake: "Order intake",
    intake_on: "On: shoppers can order your goods.",
    intake_off: "Off: your goods stay in the shop as unavailable and cannot be ordered.",
    switch_off: "Stop taking orders",
    switch_on: "Take orders again",
    products: |n| match plural_en(n) {
        Plural::One => "1 product in the shop".into(),
        _ => format!("{n} products in the shop"),
    },
    parts: "Orders of your goods",
    parts_hint: "Newest first.",
    all_states: "Every state",
    state_label: "State",
    state_name: |s| match s {
        PartState::New => "New",
        PartState::Confirmed => "Confirmed",
        PartState::Shipped => "Shipped",
    },
    order_no: |n| format!("Order №{n}"),
    placed: "Placed",
    ready: "Wanted on",
    stage: "Stage",
    product: "Product",
    quantity: "Qty",
    price: "Price",
    subtotal: "Your subtotal",
    inscription: "Inscription",
    action: |s| match s {
        PartState::Confirmed => "Confirm",
        PartState::Shipped => "Mark shipped",
        PartState::New => "",
    },
    cancelled: "Cancelled",
    none_yet: "No orders of your goods yet.",
    parts_total: |n| match plural_en(n) {
        Plural::One => "1 order".into(),
        _ => format!("{n} orders"),
    },
    parts_of_order: "Suppliers",
    mail_subject: |order, supplier, state| {
        format!("Order №{order}: {supplier} — {}", state.to_lowercase())
    },
    mail_body: |order, supplier, state, link| {
        format!(
            "Hello,\n\n{supplier} has updated its part of your order №{order}: {}.\n\nYour order: {link}\n",
            state.to_lowercase()
        )
    },
    new_supplier: "New supplier",
    name: "Name",
    url: "Price list address",
    url_hint: "Where the supplier's price list lives (http or https); may stay empty.",
    create: "Create",
    edit: "Edit",
    save: "Save",
    account: "Account that runs it",
    account_hint: "The email of an account with the supplier role; empty: nobody.",
    link: "Link",
    nobody: "No account linked",
    form_problem: |p| match p {
        FormProblem::NameMissing => "Enter the supplier's name.",
        FormProblem::NameTooLong => "The name is too long: 120 characters at most.",
        FormProblem::BadUrl => {
            "Enter an address that starts with http:// or https://, or leave it empty."
        }
    },
    err_name_taken: "Another supplier already has this name.",
    err_email: "Enter a valid email address.",
    err_no_account: "No account has this email.",
    err_not_supplier: "This account does not have the supplier role: give it that role on the users page first.",
    err_cancelled: "This order was cancelled: its part cannot move.",
    err_cannot_move: |from, to| {
        format!("This part is “{from}”: it cannot become “{to}”. Reload the page.")
    },
    err_state: "Choose confirmed or shipped.",
};

pub const RU: SupplierTexts = SupplierTexts {
    title: "Поставщик",
    intro: "Ваши товары в заказах магазина: только ваши строки и ваша сумма. Подтвердите заказ, который поставите, затем отметьте отгрузку.",
    no_supplier: "Ваша учётная запись пока не связана с поставщиком: попросите администратора магазина связать её.",
    supplier: "Поставщик",
    show: "Показать",
    intake: "Приём заказов",
    intake_on: "Включён: покупатели могут заказывать ваши товары.",
    intake_off: "Выключен: ваши товары видны в магазине как недоступные, заказать их нельзя.",
    switch_off: "Остановить приём заказов",
    switch_on: "Снова принимать заказы",
    products: |n| match plural_ru(n) {
        Plural::One => format!("{n} товар в магазине"),
        Plural::Few => format!("{n} товара в магазине"),
        Plural::Many => format!("{n} товаров в магазине"),
    },
    parts: "Заказы ваших товаров",
    parts_hint: "Сначала новые.",
    all_states: "Все состояния",
    state_label: "Состояние",
    state_name: |s| match s {
        PartState::New => "Новый",
        PartState::Confirmed => "Подтверждён",
        PartState::Shipped => "Отгружен",
    },
    order_no: |n| format!("Заказ №{n}"),
    placed: "Оформлен",
    ready: "Нужен к",
    stage: "Этап",
    product: "Товар",
    quantity: "Кол-во",
    price: "Цена",
    subtotal: "Ваша сумма",
    inscription: "Надпись",
    action: |s| match s {
        PartState::Confirmed => "Подтвердить",
        PartState::Shipped => "Отметить отгрузку",
        PartState::New => "",
    },
    cancelled: "Отменён",
    none_yet: "Заказов ваших товаров пока нет.",
    parts_total: |n| match plural_ru(n) {
        Plural::One => format!("{n} заказ"),
        Plural::Few => format!("{n} заказа"),
        Plural::Many => format!("{n} заказов"),
    },
    parts_of_order: "Поставщики",
    mail_subject: |order, supplier, state| {
        format!("Заказ №{order}: {supplier} — {}", state.to_lowercase())
    },
    mail_body: |order, supplier, state, link| {
        format!(
            "Здравствуйте!\n\n{supplier}: ваша часть заказа №{order} — {}.\n\nВаш заказ: {link}\n",
            state.to_lowercase()
        )
    },
    new_supplier: "Новый поставщик",
    name: "Название",
    url: "Адрес прайс-листа",
    url_hint: "Где лежит прайс-лист поставщика (http или https); можно оставить пустым.",
    create: "Создать",
    edit: "Изменить",
    save: "Сохранить",
    account: "Учётная запись поставщика",
    account_hint: "Email учётной записи с ролью «поставщик»; пусто — никого.",
    link: "Связать",
    nobody: "Учётная запись не связана",
    form_problem: |p| match p {
        FormProblem::NameMissing => "Укажите название поставщика.",
        FormProblem::NameTooLong => "Название слишком длинное: не больше 120 символов.",
        FormProblem::BadUrl => {
            "Укажите адрес, начинающийся с http:// или https://, или оставьте пустым."
        }
    },
    err_name_taken: "Поставщик с таким названием уже есть.",
    err_email: "Укажите правильный адрес почты.",
    err_no_account: "Учётной записи с таким адресом нет.",
    err_not_supplier: "У этой учётной записи нет роли «поставщик»: сначала назначьте её на странице пользователей.",
    err_cancelled: "Заказ отменён: его часть нельзя изменить.",
    err_cannot_move: |from, to| {
        format!("Часть заказа в состоянии «{from}»: перевести в «{to}» нельзя. Обновите страницу.")
    },
    err_state: "Выберите «подтверждён» или «отгружен».",
};

pub fn texts(locale: Locale) -> &'static SupplierTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The strings in the page's language.
pub fn supplier_texts() -> &'static SupplierTexts {
    texts(use_locale())
}
