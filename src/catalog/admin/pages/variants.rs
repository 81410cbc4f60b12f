//! The product editor's variants: each folds open into its form (SKU,
//! name, price, old price, low-stock level) and its shelves (a change of
//! stock with its reason); a new variant is added below.

use leptos::prelude::*;

use super::{Reload, reload_on_ok};
use crate::catalog::admin::api::{AddVariant, AdjustStock, DeleteVariant, SaveVariant};
use crate::catalog::admin::texts::assortment_texts;
use crate::catalog::admin::types::{Choice, StockReason, VariantEdit};
use crate::error::AppError;
use crate::ui::{FormAlert, Money, action_error, money_input};

#[component]
pub(super) fn Variants(
    product_id: i64,
    variants: Vec<VariantEdit>,
    stores: Vec<Choice>,
    made_to_order: bool,
    can_edit: bool,
) -> impl IntoView {
    let t = assortment_texts();
    let reload = expect_context::<Reload>();
    let add = ServerAction::<AddVariant>::new();
    reload_on_ok(add, reload);
    let add_error = action_error(add);
    let list = if variants.is_empty() {
        view! { <p class="muted">{t.no_variants}</p> }.into_any()
    } else {
        variants
            .into_iter()
            .map(|v| view! { <Variant v stores=stores.clone() made_to_order can_edit/> })
            .collect_view()
            .into_any()
    };
    view! {
        <ul class="variant-editor" id="variants">{list}</ul>
        {can_edit.then(|| view! {
            <details class="section" id="add-variant" open=move || add_error.get().is_some()>
                <summary class="btn btn--ghost btn--sm">{t.add_variant}</summary>
                <ActionForm action=add attr:class="form form--grid" attr:id="add-variant-form">
                    <input type="hidden" name="product_id" value=product_id/>
                    <VariantFields v=None error=add_error/>
                    <FormAlert error=add_error fields=&["sku", "name", "price", "old_price", "low_stock"]/>
                    <div><button class="btn btn--primary" type="submit">{t.add_variant}</button></div>
                </ActionForm>
            </details>
        })}
    }
}

#[component]
fn Variant(
    v: VariantEdit,
    stores: Vec<Choice>,
    made_to_order: bool,
    can_edit: bool,
) -> impl IntoView {
    let t = assortment_texts();
    let reload = expect_context::<Reload>();
    let save = ServerAction::<SaveVariant>::new();
    let delete = ServerAction::<DeleteVariant>::new();
    let adjust = ServerAction::<AdjustStock>::new();
    reload_on_ok(save, reload);
    reload_on_ok(delete, reload);
    reload_on_ok(adjust, reload);
    let save_error = action_error(save);
    let delete_error = action_error(delete);
    let adjust_error = action_error(adjust);
    let id = v.id;
    let shelves = stores
        .iter()
        .map(|s| {
            let units = v
                .stock
                .iter()
                .find(|(store, _)| *store == s.id)
                .map(|(_, q)| *q)
                .unwrap_or(0);
            format!("{}: {units}", s.name)
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let summary = view! {
        <span class="variant-editor__sku">{v.sku.clone()}</span>
        <span>{v.label(crate::i18n::use_locale()).to_owned()}</span>
        <span class="variant-editor__price">
            {v.old_price_minor.map(|o| view! { <s class="muted"><Money minor=o/></s>" " })}
            <Money minor=v.price_minor/>
        </span>
        <span class="muted" data-testid="shelves">{if made_to_order { t.made_to_order.to_owned() } else { shelves }}</span>
    };
    if !can_edit {
        return view! { <li class="variant-editor__item" data-variant=id>{summary}</li> }
            .into_any();
    }
    let store_options = stores
        .iter()
        .map(|s| view! { <option value=s.id>{s.name.clone()}</option> })
        .collect_view();
    let reasons = StockReason::MANUAL
        .into_iter()
        .map(|r| view! { <option value=r.code()>{(t.reason_name)(r.code())}</option> })
        .collect_view();
    let adjust_message = move |field: &'static str| {
        move || {
            adjust_error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    let open = move || {
        save_error.get().is_some() || delete_error.get().is_some() || adjust_error.get().is_some()
    };
    view! {
        <li class="variant-editor__item" data-variant=id>
            <details open=open>
                <summary>{summary}</summary>
                <div class="grid--2">
                    <div>
                        <ActionForm action=save attr:class="form form--grid" attr:data-variant-form=id>
                            <input type="hidden" name="id" value=id/>
                            <VariantFields v=Some(v.clone()) error=save_error/>
                            <FormAlert error=save_error fields=&["sku", "name", "price", "old_price", "low_stock"]/>
                            <div><button class="btn btn--primary btn--sm" type="submit">{t.save}</button></div>
                        </ActionForm>
                        <ActionForm action=delete attr:class="form form--inline" attr:data-variant-delete=id>
                            <input type="hidden" name="id" value=id/>
                            <FormAlert error=delete_error/>
                            <button class="btn btn--danger btn--sm" type="submit">{t.delete_variant}</button>
                        </ActionForm>
                    </div>
                    <ActionForm action=adjust attr:class="form form--grid" attr:data-stock-form=id>
                        <input type="hidden" name="variant_id" value=id/>
                        <div class="field">
                            <label class="field__label" for=format!("stock-{id}-store")>{t.store}</label>
                            <select class="select" id=format!("stock-{id}-store") name="store_id">{store_options}</select>
                            <p class="field__error" role="alert">{adjust_message("store_id")}</p>
                        </div>
                        <div class="field">
                            <label class="field__label" for=format!("stock-{id}-reason")>{t.reason}</label>
                            <select class="select" id=format!("stock-{id}-reason") name="reason">{reasons}</select>
                            <p class="field__error" role="alert">{adjust_message("reason")}</p>
                        </div>
                        // A text input with a numeric keyboard: Chromium gives a number input
                        // made while its <details> is closed no box when the details opens.
                        <div class="field" class:field--invalid=move || adjust_message("quantity")().is_some()>
                            <label class="field__label" for=format!("stock-{id}-quantity")>{t.quantity}</label>
                            <input class="input" id=format!("stock-{id}-quantity") name="quantity" inputmode="numeric" autocomplete="off" required/>
                            <p class="field__hint">{t.quantity_hint}</p>
                            <p class="field__error" role="alert">{adjust_message("quantity")}</p>
                        </div>
                        <div class="field">
                            <label class="field__label" for=format!("stock-{id}-note")>{t.note}</label>
                            <input class="input" id=format!("stock-{id}-note") name="note"/>
                        </div>
                        <FormAlert error=adjust_error fields=&["store_id", "reason", "quantity", "note"]/>
                        <div><button class="btn btn--sm" type="submit">{t.adjust_stock}</button></div>
                    </ActionForm>
                </div>
            </details>
        </li>
    }
    .into_any()
}

/// The fields of a variant's form (new: `v` is `None`).
#[component]
fn VariantFields(
    v: Option<VariantEdit>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let t = assortment_texts();
    let prefix = v
        .as_ref()
        .map(|v| format!("variant-{}", v.id))
        .unwrap_or_else(|| "new-variant".into());
    let field = move |name: &'static str,
                      label: &'static str,
                      value: String,
                      hint: Option<&'static str>,
                      required: bool| {
        let id = format!("{prefix}-{name}");
        let message = move || {
            error
                .get()
                .and_then(|e| e.field_message(name).map(str::to_owned))
        };
        view! {
            <div class="field" class:field--invalid=move || message().is_some()>
                <label class="field__label" for=id.clone()>{label}</label>
                <input class="input" id=id name=name value=value required=required/>
                {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
                <p class="field__error" role="alert">{message}</p>
            </div>
        }
    };
    let (sku, name, name_ru, price, old, low) = match &v {
        Some(v) => (
            v.sku.clone(),
            v.name.clone(),
            v.name_ru.clone(),
            money_input(v.price_minor),
            v.old_price_minor.map(money_input).unwrap_or_default(),
            v.low_stock_threshold
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        None => Default::default(),
    };
    view! {
        {field("sku", t.sku, sku, None, true)}
        {field("name", t.variant_name, name, Some(t.names_hint), false)}
        {field("name_ru", t.variant_name_ru, name_ru, None, false)}
        {field("price", t.price, price, None, true)}
        {field("old_price", t.old_price, old, None, false)}
        {field("low_stock", t.low_stock, low, Some(t.low_stock_hint), false)}
    }
}
