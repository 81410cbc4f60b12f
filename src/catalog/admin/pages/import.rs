//! `/admin/catalog/import/{id}`: an uploaded import's preview. The new
//! products, the changed ones field by field, and every error by line;
//! apply writes it all in one transaction, and only when there is no
//! error. Managers and admins, each seeing only their own uploads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::app::ServerErrorPage;
use crate::catalog::admin::api::{ApplyImport, load_import};
use crate::catalog::admin::texts::{ImportTexts, import_texts};
use crate::catalog::admin::types::{ImportItem, ImportPreview};
use crate::ui::{FormAlert, PageHeader, action_error, resource};

#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let preview = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_import(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <div class="container container--wide page">
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        preview.await.map(|p| view! { <Preview p/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Preview(p: ImportPreview) -> impl IntoView {
    let t = import_texts();
    let title = (t.preview_title)(&p.file_name);
    let apply = ServerAction::<ApplyImport>::new();
    let error = action_error(apply);
    let summary = (t.summary)(p.rows, p.created, p.changed, p.unchanged);
    let errors = (!p.errors.is_empty()).then(|| {
        let rows = p
            .errors
            .iter()
            .map(|e| {
                view! {
                    <tr>
                        <td class="num">{e.line}</td>
                        <td><code>{e.column.clone()}</code></td>
                        <td>{e.message.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card card--pad section" id="import-errors">
                <h2 class="section__title">{(t.errors_title)(p.errors.len())}</h2>
                <p class="muted">{t.errors_hint}</p>
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr><th class="num">{t.line}</th><th>{t.column}</th><th>{t.problem}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    let can_apply = p.can_apply();
    let (created, changed) = (p.created, p.changed);
    let id = p.id;
    let items = if p.products.is_empty() {
        view! { <p class="muted" id="import-nothing">{t.nothing}</p> }.into_any()
    } else {
        let list = p
            .products
            .into_iter()
            .map(|item| view! { <Item item t/> })
            .collect_view();
        view! { <ul class="import-list" id="import-products">{list}</ul> }.into_any()
    };
    view! {
        <Title text=title.clone()/>
        <p><a href="/admin/catalog">{"← "}{t.back}</a></p>
        <PageHeader title=title subtitle=summary/>
        {errors}
        <section class="card card--pad section">
            {items}
            {can_apply.then(|| view! {
                <ActionForm action=apply attr:class="form form--inline" attr:id="apply-import">
                    <input type="hidden" name="id" value=id/>
                    <button class="btn btn--primary" type="submit">{(t.apply)(created, changed)}</button>
                </ActionForm>
            })}
            <FormAlert error/>
        </section>
    }
}

#[component]
fn Item(item: ImportItem, t: &'static ImportTexts) -> impl IntoView {
    let badge = if item.id.is_none() {
        view! { <span class="badge badge--success">{t.new_product}</span> }.into_any()
    } else {
        view! { <span class="badge badge--accent">{t.changed_product}</span> }.into_any()
    };
    let name = match item.id {
        Some(id) => {
            view! { <a href=format!("/admin/catalog/{id}")>{item.name.clone()}</a> }.into_any()
        }
        None => view! { <strong>{item.name.clone()}</strong> }.into_any(),
    };
    let changes = (!item.changes.is_empty()).then(|| {
        let rows = item
            .changes
            .into_iter()
            .map(|(what, old, new)| {
                view! {
                    <li>
                        <span class="import-list__field">{what}</span>": "
                        <s class="muted">{old}</s>" → "<span>{new}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="import-list__changes">{rows}</ul> }
    });
    let variants = (!item.new_variants.is_empty()).then(|| {
        let rows = item
            .new_variants
            .into_iter()
            .map(|v| view! { <li>{v}</li> })
            .collect_view();
        view! {
            <p class="muted import-list__label">{t.new_variants}</p>
            <ul class="import-list__changes">{rows}</ul>
        }
    });
    view! {
        <li class="import-list__item" data-slug=item.slug.clone()>
            <div class="import-list__head">
                {badge}
                {name}
                <span class="muted">{item.slug.clone()}</span>
                <span class="muted">{t.line}" "{item.line}</span>
            </div>
            {changes}
            {variants}
        </li>
    }
}
