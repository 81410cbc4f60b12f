use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::ServerErrorPage;
use crate::cart::texts::cart_texts;
use crate::catalog::types::thumb_url;
use crate::error::AppError;
use crate::i18n::storefront_texts;
use crate::orders::checkout::api::{PlaceOrder, load_checkout};
use crate::orders::checkout::texts::{OrderTexts, checkout_texts};
use crate::orders::schedule::SLOTS;
use crate::orders::types::{CheckoutData, CheckoutStore, Contact};
use crate::ui::{EmptyState, Field, FormAlert, Money, PageHeader, action_error, resource};

const FIELDS: &[&str] = &[
    "last_name",
    "first_name",
    "middle_name",
    "phone",
    "email",
    "fulfilment",
    "store_id",
    "delivery_address",
    "ready_date",
    "time_slot",
    "payment_method",
    "notes",
];

/// Checkout: contact, pick-up or delivery, date and time, payment. One
/// `ActionForm`: without JavaScript it is a plain post; either way the server
/// checks everything again and places the order in one transaction.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let to = checkout_texts();
    let data = resource(|| (), |_| load_checkout());
    view! {
        <Title text=to.checkout_title/>
        <section class="container section">
            <PageHeader title=to.checkout_title/>
            <Suspense fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        data.await.map(|data| view! { <CheckoutForm data/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn CheckoutForm(data: CheckoutData) -> impl IntoView {
    let to = checkout_texts();
    let tc = cart_texts();
    if data.cart.lines.is_empty() {
        return view! {
            <EmptyState title=tc.cart_empty_title>
                <p>{tc.cart_empty_body}</p>
                <a class="btn btn--primary" href="/catalog">{tc.to_catalog}</a>
            </EmptyState>
        }
        .into_any();
    }
    let action = ServerAction::<PlaceOrder>::new();
    let error = action_error(action);
    let pending = action.pending();
    let CheckoutData {
        cart,
        stores,
        contact,
        earliest_date,
        latest_date,
        idempotency_key,
    } = data;
    let Contact {
        last_name,
        first_name,
        middle_name,
        phone,
        email,
    } = contact;
    let total = cart.total_minor();
    let delivery = RwSignal::new(false);
    let working = crate::accounts::texts::account_texts().working;

    view! {
        <div class="checkout">
            <ActionForm action=action attr:class="form checkout__form" attr:id="checkout-form" attr:novalidate=true>
                <input type="hidden" name="idempotency_key" value=idempotency_key/>
                <input type="hidden" name="expected_total" value=total/>
                <fieldset class="fieldset">
                    <legend>{to.contact}</legend>
                    <div class="form-grid">
                        <Field label=to.last_name name="last_name" autocomplete="family-name" value=last_name error/>
                        <Field label=to.first_name name="first_name" autocomplete="given-name" value=first_name required=true error/>
                        <Field label=to.middle_name name="middle_name" autocomplete="additional-name" value=middle_name error/>
                        <Field label=to.phone name="phone" kind="tel" autocomplete="tel" value=phone required=true error/>
                        <Field label=to.email name="email" kind="email" autocomplete="email" value=email required=true error/>
                    </div>
                </fieldset>
                <fieldset class="fieldset">
                    <legend>{to.how_to_get}</legend>
                    <div class="choice-row">
                        <label class="choice">
                            <input type="radio" name="fulfilment" value="pickup" checked
                                on:change=move |_| delivery.set(false)/>
                            <span>{to.pickup}</span>
                        </label>
                        <label class="choice">
                            <input type="radio" name="fulfilment" value="delivery"
                                on:change=move |_| delivery.set(true)/>
                            <span>{to.delivery}</span>
                        </label>
                    </div>
                    <FieldError error name="fulfilment"/>
                    <StoreSelect stores error/>
                    <div class="field" class:field--muted=move || !delivery.get()>
                        <label class="field__label" for="field-delivery_address">{to.address}</label>
                        <input class="input" id="field-delivery_address" name="delivery_address" autocomplete="street-address"/>
                        <p class="field__hint">{to.address_hint}</p>
                        <FieldError error name="delivery_address"/>
                    </div>
                </fieldset>
                <fieldset class="fieldset">
                    <legend>{to.when}</legend>
                    <p class="muted">{(to.earliest)(&earliest_date)}</p>
                    <div class="form-grid">
                        <div class="field">
                            <label class="field__label" for="field-ready_date">{to.date}</label>
                            <input class="input" id="field-ready_date" type="date" name="ready_date"
                                min=earliest_date.clone() max=latest_date value=earliest_date required/>
                            <FieldError error name="ready_date"/>
                        </div>
                        <div class="field">
                            <label class="field__label" for="field-time_slot">{to.slot}</label>
                            <select class="input" id="field-time_slot" name="time_slot" required>
                                {SLOTS.iter().map(|s| view! { <option value=*s>{s.replace('-', "–")}</option> }).collect_view()}
                            </select>
                            <FieldError error name="time_slot"/>
                        </div>
                    </div>
                </fieldset>
                <fieldset class="fieldset">
                    <legend>{to.payment}</legend>
                    <PaymentChoice to/>
                    <FieldError error name="payment_method"/>
                </fieldset>
                <div class="field">
                    <label class="field__label" for="field-notes">{to.order_notes}</label>
                    <textarea class="input" id="field-notes" name="notes" rows="3" maxlength="1000"></textarea>
                    <FieldError error name="notes"/>
                </div>
                <FormAlert error fields=FIELDS/>
                <button class="btn btn--primary btn--lg btn--block" type="submit" disabled=pending data-testid="place-order">
                    {move || if pending.get() { working } else { to.place_order }}
                </button>
            </ActionForm>
            <aside class="checkout__summary card card--pad">
                <h2>{to.summary}</h2>
                <ul class="summary-lines">
                    {cart.lines.iter().map(|l| {
                        let total = l.line_total();
                        view! {
                            <li class="summary-line">
                                {l.image_id.map(|id| view! { <img src=thumb_url(id) alt="" width="48" height="48"/> })}
                                <span class="summary-line__name">
                                    {l.quantity} " × " {l.product_name.clone()}
                                    <span class="muted">" · " {l.variant_name.clone()}</span>
                                </span>
                                <Money minor=total/>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="cart__total"><span>{to.total}</span><strong data-testid="checkout-total"><Money minor=total/></strong></p>
            </aside>
        </div>
    }
    .into_any()
}

/// The error message of one field, under a hand-built control.
#[component]
fn FieldError(#[prop(into)] error: Signal<Option<AppError>>, name: &'static str) -> impl IntoView {
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(name).map(str::to_owned))
    };
    view! { <p class="field__error" id=format!("field-{name}-error") role="alert">{message}</p> }
}

#[component]
fn StoreSelect(
    stores: Vec<CheckoutStore>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let to = checkout_texts();
    let days = weekday_names(crate::i18n::use_locale());
    view! {
        <div class="field">
            <label class="field__label" for="field-store_id">{to.store}</label>
            <select class="input" id="field-store_id" name="store_id" required>
                {stores.iter().map(|s| {
                    let hours = summarize_hours(s, &days, to);
                    view! { <option value=s.id>{format!("{} — {} ({hours})", s.name, s.address)}</option> }
                }).collect_view()}
            </select>
            <p class="field__hint">{to.store_hint}</p>
            <FieldError error name="store_id"/>
        </div>
    }
}

fn weekday_names(locale: crate::i18n::Locale) -> [&'static str; 7] {
    match locale {
        crate::i18n::Locale::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        crate::i18n::Locale::Ru => ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    }
}

/// `Mon–Fri 08:00–20:00, Sat 09:00–18:00, Sun closed`.
fn summarize_hours(store: &CheckoutStore, days: &[&str; 7], to: &OrderTexts) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut day = 1;
    while day <= 7 {
        let h = store.hours.iter().find(|h| h.weekday == day);
        let mut end = day;
        while end < 7
            && store
                .hours
                .iter()
                .find(|x| x.weekday == end + 1)
                .map(|x| (&x.opens_at, &x.closes_at))
                == h.map(|x| (&x.opens_at, &x.closes_at))
        {
            end += 1;
        }
        let span = if end == day {
            days[(day - 1) as usize].to_owned()
        } else {
            format!("{}–{}", days[(day - 1) as usize], days[(end - 1) as usize])
        };
        parts.push(match h {
            Some(h) => format!("{span} {}–{}", h.opens_at, h.closes_at),
            None => format!("{span} {}", to.closed),
        });
        day = end + 1;
    }
    parts.join(", ")
}

#[component]
fn PaymentChoice(to: &'static OrderTexts) -> impl IntoView {
    view! {
        <div class="choice-col">
            <label class="choice">
                <input type="radio" name="payment_method" value="cash" checked/>
                <span>{to.pay_cash}</span>
            </label>
            <label class="choice">
                <input type="radio" name="payment_method" value="card"/>
                <span>{to.pay_card}</span>
            </label>
            <label class="choice">
                <input type="radio" name="payment_method" value="online"/>
                <span>{to.pay_online}</span>
            </label>
        </div>
    }
}
