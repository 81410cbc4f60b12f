//! `/admin/catalog/characteristics`: the characteristic types. Each folds
//! open into its form (names in both languages, closed list or free
//! values, the values with their Russian forms); one no product carries
//! can be deleted; a new one goes last.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{Reload, reload_on_ok};
use crate::app::ServerErrorPage;
use crate::catalog::admin::api::{
    CreateCharacteristic, DeleteCharacteristic, SaveCharacteristic, admin_characteristics,
};
use crate::catalog::admin::characteristics::values_text;
use crate::catalog::admin::texts::{assortment_texts, characteristic_texts};
use crate::catalog::admin::types::{CharacteristicType, CharacteristicTypes};
use crate::error::AppError;
use crate::ui::{EmptyState, FormAlert, PageHeader, action_error, resource};

const FIELDS: &[&str] = &["name", "values"];

#[component]
pub fn CharacteristicsPage() -> impl IntoView {
    let t = characteristic_texts();
    let a = assortment_texts();
    let reload = Reload(RwSignal::new(0));
    let create = ServerAction::<CreateCharacteristic>::new();
    reload_on_ok(create, reload);
    let list = resource(move || reload.0.get(), |_| admin_characteristics());
    view! {
        <Title text=t.title/>
        <div class="container page">
            <p><a href="/admin/catalog">{"← "}{a.back_to_products}</a></p>
            <PageHeader title=t.title/>
            <p class="muted">{t.intro}</p>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        list.await.map(|list| view! { <Types list create reload/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Types(
    list: CharacteristicTypes,
    create: ServerAction<CreateCharacteristic>,
    reload: Reload,
) -> impl IntoView {
    let t = characteristic_texts();
    let can_edit = list.can_edit;
    let rows = if list.rows.is_empty() {
        view! { <EmptyState title=t.none_yet>""</EmptyState> }.into_any()
    } else {
        let rows = list
            .rows
            .into_iter()
            .map(|c| view! { <Type c can_edit reload/> })
            .collect_view();
        view! { <ul class="category-tree" id="characteristic-types">{rows}</ul> }.into_any()
    };
    let error = action_error(create);
    view! {
        {can_edit.then(|| view! {
            <details class="card card--pad section" id="new-characteristic" open=move || error.get().is_some()>
                <summary>{t.new_type}</summary>
                <ActionForm action=create attr:class="form form--grid" attr:id="new-characteristic-form">
                    <TypeFields c=None error/>
                    <FormAlert error fields=FIELDS/>
                    <div><button class="btn btn--primary" type="submit">{t.create}</button></div>
                </ActionForm>
            </details>
        })}
        <section class="card card--pad section">{rows}</section>
    }
}

#[component]
fn Type(c: CharacteristicType, can_edit: bool, reload: Reload) -> impl IntoView {
    let t = characteristic_texts();
    let a = assortment_texts();
    let save = ServerAction::<SaveCharacteristic>::new();
    let delete = ServerAction::<DeleteCharacteristic>::new();
    reload_on_ok(save, reload);
    reload_on_ok(delete, reload);
    let save_error = action_error(save);
    let delete_error = action_error(delete);
    let id = c.id;
    let locale = crate::i18n::use_locale();
    let shown = |en: &str, ru: &str| -> String {
        match locale {
            crate::i18n::Locale::Ru if !ru.is_empty() => ru.to_owned(),
            _ => en.to_owned(),
        }
    };
    let values = c
        .values
        .iter()
        .map(|(v, ru)| shown(v, ru))
        .take(12)
        .collect::<Vec<_>>()
        .join(", ");
    let summary = view! {
        <span class="category-tree__name">{shown(&c.name, &c.name_ru)}</span>
        <span class="muted">{format!(" · {} · {}", if c.free_values { t.free } else { t.closed }, (t.used_by)(c.used_by))}</span>
        <span class="muted" data-testid="values">{format!(" · {values}")}</span>
    };
    let body = if can_edit {
        let row = c.clone();
        view! {
            <details open=move || save_error.get().is_some() || delete_error.get().is_some()>
                <summary>{summary}</summary>
                <ActionForm action=save attr:class="form form--grid" attr:data-characteristic-form=id>
                    <input type="hidden" name="id" value=id/>
                    <TypeFields c=Some(row) error=save_error/>
                    <FormAlert error=save_error fields=FIELDS/>
                    <div><button class="btn btn--primary btn--sm" type="submit">{a.save}</button></div>
                </ActionForm>
                <ActionForm action=delete attr:class="form form--inline" attr:data-characteristic-delete=id>
                    <input type="hidden" name="id" value=id/>
                    <FormAlert error=delete_error/>
                    <button class="btn btn--danger btn--sm" type="submit">{a.delete}</button>
                </ActionForm>
            </details>
        }
        .into_any()
    } else {
        summary.into_any()
    };
    view! { <li class="category-tree__item" data-characteristic=id>{body}</li> }
}

/// The fields of a type's form (new: `c` is `None`).
#[component]
fn TypeFields(
    c: Option<CharacteristicType>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let t = characteristic_texts();
    let prefix = c
        .as_ref()
        .map(|c| format!("characteristic-{}", c.id))
        .unwrap_or_else(|| "new-characteristic".into());
    let message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    let id = |f: &str| format!("{prefix}-{f}");
    let (name, name_ru, free, values) = match c {
        Some(c) => (c.name, c.name_ru, c.free_values, values_text(&c.values)),
        None => (String::new(), String::new(), true, String::new()),
    };
    view! {
        <div class="field" class:field--invalid=move || message("name")().is_some()>
            <label class="field__label" for=id("name")>{t.name}</label>
            <input class="input" id=id("name") name="name" value=name/>
            <p class="field__error" role="alert">{message("name")}</p>
        </div>
        <div class="field">
            <label class="field__label" for=id("name-ru")>{t.name_ru}</label>
            <input class="input" id=id("name-ru") name="name_ru" lang="ru" value=name_ru/>
        </div>
        <div class="field check-list">
            <label class="check"><input type="checkbox" name="free_values" value="on" checked=free/>{t.free_values}</label>
            <p class="field__hint">{t.free_hint}</p>
        </div>
        <div class="field field--wide" class:field--invalid=move || message("values")().is_some()>
            <label class="field__label" for=id("values")>{t.values}</label>
            <textarea class="input" id=id("values") name="values" rows="5">{values}</textarea>
            <p class="field__hint">{t.values_hint}</p>
            <p class="field__error" role="alert">{message("values")}</p>
        </div>
    }
}
