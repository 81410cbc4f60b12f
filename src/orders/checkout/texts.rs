//! Checkout's and orders' strings, in English and Russian (see `crate::i18n`).

use crate::i18n::{Locale, use_locale};

pub struct OrderTexts {
    pub checkout_title: &'static str,
    pub contact: &'static str,
    pub last_name: &'static str,
    pub first_name: &'static str,
    pub middle_name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub how_to_get: &'static str,
    pub pickup: &'static str,
    pub delivery: &'static str,
    pub store: &'static str,
    pub store_hint: &'static str,
    pub address: &'static str,
    pub address_hint: &'static str,
    pub when: &'static str,
    pub date: &'static str,
    pub slot: &'static str,
    pub earliest: fn(&str) -> String,
    pub payment: &'static str,
    pub pay_cash: &'static str,
    pub pay_card: &'static str,
    pub pay_online: &'static str,
    pub order_notes: &'static str,
    pub place_order: &'static str,
    pub summary: &'static str,
    pub total: &'static str,
    pub closed: &'static str,

    pub orders_title: &'static str,
    pub no_orders_title: &'static str,
    pub no_orders_body: &'static str,
    pub order_title: fn(i64) -> String,
    pub placed_notice: &'static str,
    pub paid_notice: &'static str,
    pub payment_failed_notice: &'static str,
    pub status: &'static str,
    pub timeline: &'static str,
    pub items: &'static str,
    pub ready: &'static str,
    pub placed_at: &'static str,
    pub reorder: &'static str,
    pub pay_now: &'static str,
    pub move_to: &'static str,
    pub move_submit: &'static str,
    pub by: &'static str,

    pub payment_status: fn(&str) -> &'static str,
    pub payment_method: fn(&str) -> &'static str,

    pub err_required: &'static str,
    pub err_phone: &'static str,
    pub err_email: &'static str,
    pub err_store: &'static str,
    pub err_address: &'static str,
    pub err_date: &'static str,
    pub err_slot: &'static str,
    pub err_too_early: fn(&str) -> String,
    pub err_too_far: &'static str,
    pub err_closed: &'static str,
    pub err_passed: &'static str,
    pub err_payment: &'static str,
    pub err_fulfilment: &'static str,
    pub err_empty_cart: &'static str,
    pub err_not_sold: fn(&str) -> String,
    pub err_paused: fn(&str) -> String,
    pub err_price_changed: &'static str,
    pub err_only_left: fn(&str, i64) -> String,
    pub err_too_long: &'static str,

    pub mail_subject: fn(i64) -> String,
    pub mail_body: fn(&str, i64, &str, &str, &str) -> String,
    /// The admins' invoice: (order, total) and (order, client, the lines
    /// by supplier, total, link).
    pub mail_invoice_subject: fn(i64, &str) -> String,
    pub mail_invoice_body: fn(i64, &str, &str, &str, &str) -> String,
    /// Lines of no supplier, under this heading in the invoice.
    pub mail_own_goods: &'static str,
    pub mail_subtotal: &'static str,
    /// A supplier's own part: (order, supplier) and (supplier, order, its
    /// lines, its subtotal, link).
    pub mail_part_subject: fn(i64, &str) -> String,
    pub mail_part_body: fn(&str, i64, &str, &str, &str) -> String,
}

pub const EN: OrderTexts = OrderTexts {
    checkout_title: "Checkout",
    contact: "Contact details",
    last_name: "Last name",
    first_name: "First name",
    middle_name: "Middle name",
    phone: "Phone",
    email: "Email",
    how_to_get: "Pick-up or delivery",
    pickup: "Pick up at a store",
    delivery: "Delivery",
    store: "Store",
    store_hint: "Where you pick it up, or where we deliver from.",
    address: "Delivery address",
    address_hint: "Street, house, flat; for delivery only.",
    when: "When",
    date: "Date",
    slot: "Time",
    earliest: |d| format!("The earliest date for this cart is {d}."),
    payment: "Payment",
    pay_cash: "Cash on pick-up or delivery",
    pay_card: "Card on pick-up or delivery",
    pay_online: "Online now, by card",
    order_notes: "Notes for the order",
    place_order: "Place order",
    summary: "Your order",
    total: "Total",
    closed: "closed",

    orders_title: "My orders",
    no_orders_title: "No orders yet",
    no_orders_body: "Orders you place appear here with their status.",
    order_title: |id| format!("Order №{id}"),
    placed_notice: "Thank you! Your order is placed; a confirmation is on its way to your mailbox.",
    paid_notice: "Payment received. Thank you!",
    payment_failed_notice: "The payment did not go through. Your order is kept: you can try again.",
    status: "Status",
    timeline: "Timeline",
    items: "Items",
    ready: "Ready",
    placed_at: "Placed",
    reorder: "Order again",
    pay_now: "Pay now",
    move_to: "Move to stage",
    move_submit: "Move",
    by: "by",

    payment_status: |s| match s {
        "paid" => "Paid",
        "pending" => "Awaiting payment",
        "failed" => "Payment failed",
        _ => "To pay on receipt",
    },
    payment_method: |m| match m {
        "cash" => "Cash",
        "card" => "Card",
        _ => "Online",
    },

    err_required: "Please fill this in.",
    err_phone: "Enter a phone number: 5 to 15 digits; + ( ) - and spaces are fine.",
    err_email: "Enter an email address like name@example.com.",
    err_store: "Choose a store.",
    err_address: "Enter the delivery address.",
    err_date: "Choose a date.",
    err_slot: "Choose one of the time slots.",
    err_too_early: |d| format!("The earliest possible date is {d}."),
    err_too_far: "Orders can be placed at most 60 days ahead.",
    err_closed: "The store is closed then: choose another time or day.",
    err_passed: "That time has passed: choose a later one.",
    err_payment: "Choose how you will pay.",
    err_fulfilment: "Choose pick-up or delivery.",
    err_empty_cart: "Your cart is empty.",
    err_not_sold: |name| format!("{name} is no longer sold: remove it from your cart."),
    err_paused: |name| {
        format!(
            "{name}: its supplier takes no orders at the moment. Remove it from your cart to order the rest."
        )
    },
    err_price_changed: "Prices changed while you were checking out. Please review the new total and place the order again.",
    err_only_left: |name, n| match n {
        0 => format!("{name} is sold out at this store."),
        n => format!("Only {n} of {name} left at this store."),
    },
    err_too_long: "That is too long.",

    mail_subject: |id| format!("Your order №{id}"),
    mail_body: |name, id, items, total, link| {
        format!(
            "Hello {name},\n\nthank you for your order №{id}.\n\n{items}\nTotal: {total}\n\nFollow it here: {link}\n"
        )
    },
    mail_invoice_subject: |id, total| format!("Invoice: order №{id}, {total}"),
    mail_invoice_body: |id, client, sections, total, link| {
        format!("Order №{id} from {client}.\n\n{sections}Total: {total}\n\nThe order: {link}\n")
    },
    mail_own_goods: "The shop's own goods",
    mail_subtotal: "Subtotal",
    mail_part_subject: |id, supplier| format!("Order №{id}: the part of {supplier}"),
    mail_part_body: |supplier, id, items, subtotal, link| {
        format!(
            "Hello,\n\norder №{id} holds these goods of {supplier}:\n\n{items}\nYour subtotal: {subtotal}\n\nConfirm and ship it here: {link}\n"
        )
    },
};

pub const RU: OrderTexts = OrderTexts {
    checkout_title: "Оформление заказа",
    contact: "Контактные данные",
    last_name: "Фамилия",
    first_name: "Имя",
    middle_name: "Отчество",
    phone: "Телефон",
    email: "Эл. почта",
    how_to_get: "Самовывоз или доставка",
    pickup: "Самовывоз из магазина",
    delivery: "Доставка",
    store: "Магазин",
    store_hint: "Где вы заберёте заказ или откуда мы его привезём.",
    address: "Адрес доставки",
    address_hint: "Улица, дом, квартира; только для доставки.",
    when: "Когда",
    date: "Дата",
    slot: "Время",
    earliest: |d| format!("Самая ранняя дата для этой корзины — {d}."),
    payment: "Оплата",
    pay_cash: "Наличными при получении",
    pay_card: "Картой при получении",
    pay_online: "Картой онлайн сейчас",
    order_notes: "Комментарий к заказу",
    place_order: "Оформить заказ",
    summary: "Ваш заказ",
    total: "Итого",
    closed: "выходной",

    orders_title: "Мои заказы",
    no_orders_title: "Заказов пока нет",
    no_orders_body: "Здесь появятся ваши заказы и их статус.",
    order_title: |id| format!("Заказ №{id}"),
    placed_notice: "Спасибо! Заказ оформлен, подтверждение отправлено на почту.",
    paid_notice: "Оплата получена. Спасибо!",
    payment_failed_notice: "Оплата не прошла. Заказ сохранён: попробуйте ещё раз.",
    status: "Статус",
    timeline: "История",
    items: "Состав",
    ready: "Готовность",
    placed_at: "Оформлен",
    reorder: "Повторить заказ",
    pay_now: "Оплатить",
    move_to: "Перевести в этап",
    move_submit: "Перевести",
    by: "—",

    payment_status: |s| match s {
        "paid" => "Оплачен",
        "pending" => "Ожидает оплаты",
        "failed" => "Оплата не прошла",
        _ => "Оплата при получении",
    },
    payment_method: |m| match m {
        "cash" => "Наличные",
        "card" => "Карта",
        _ => "Онлайн",
    },

    err_required: "Заполните это поле.",
    err_phone: "Введите номер телефона: от 5 до 15 цифр; можно + ( ) - и пробелы.",
    err_email: "Укажите адрес почты, например name@example.com.",
    err_store: "Выберите магазин.",
    err_address: "Укажите адрес доставки.",
    err_date: "Выберите дату.",
    err_slot: "Выберите один из интервалов времени.",
    err_too_early: |d| format!("Самая ранняя возможная дата — {d}."),
    err_too_far: "Заказ можно оформить не больше чем на 60 дней вперёд.",
    err_closed: "Магазин в это время закрыт: выберите другое время или день.",
    err_passed: "Это время уже прошло: выберите более позднее.",
    err_payment: "Выберите способ оплаты.",
    err_fulfilment: "Выберите самовывоз или доставку.",
    err_empty_cart: "Корзина пуста.",
    err_not_sold: |name| format!("«{name}» больше не продаётся: удалите из корзины."),
    err_paused: |name| {
        format!(
            "«{name}»: поставщик сейчас не принимает заказы. Удалите из корзины, чтобы заказать остальное."
        )
    },
    err_price_changed: "Цены изменились, пока вы оформляли заказ. Проверьте новую сумму и оформите заказ ещё раз.",
    err_only_left: |name, n| match n {
        0 => format!("«{name}» в этом магазине закончился."),
        n => format!("«{name}»: в этом магазине осталось только {n} шт."),
    },
    err_too_long: "Слишком длинно.",

    mail_subject: |id| format!("Ваш заказ №{id}"),
    mail_body: |name, id, items, total, link| {
        format!(
            "Здравствуйте, {name}!\n\nСпасибо за заказ №{id}.\n\n{items}\nИтого: {total}\n\nСледить за заказом: {link}\n"
        )
    },
    mail_invoice_subject: |id, total| format!("Счёт: заказ №{id}, {total}"),
    mail_invoice_body: |id, client, sections, total, link| {
        format!("Заказ №{id}, покупатель: {client}.\n\n{sections}Итого: {total}\n\nЗаказ: {link}\n")
    },
    mail_own_goods: "Собственные товары магазина",
    mail_subtotal: "Сумма",
    mail_part_subject: |id, supplier| format!("Заказ №{id}: часть {supplier}"),
    mail_part_body: |supplier, id, items, subtotal, link| {
        format!(
            "Здравствуйте!\n\nВ заказе №{id} есть товары {supplier}:\n\n{items}\nВаша сумма: {subtotal}\n\nПодтвердите и отгрузите: {link}\n"
        )
    },
};

pub fn texts(locale: Locale) -> &'static OrderTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The current visitor's order strings.
pub fn checkout_texts() -> &'static OrderTexts {
    texts(use_locale())
}
