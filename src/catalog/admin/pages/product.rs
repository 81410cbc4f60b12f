//! `/admin/catalog/{id}`: the product editor. Its own fields (saved with a
//! version check: a save over someone else's is refused, as on the
//! production board), the variants with their prices and shelves
//! (`variants.rs`), the photos, the stock movements and the history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::variants::Variants;
use super::{Reload, category_options, reload_on_ok};
use crate::app::ServerErrorPage;
use crate::catalog::admin::api::{
    ChangePhoto, DeleteProduct, SaveProduct, UploadPhoto, load_product_editor,
};
use crate::catalog::admin::texts::{AssortmentTexts, assortment_texts};
use crate::catalog::admin::types::{Movement, ProductEditor, characteristics_text};
use crate::catalog::types::thumb_url;
use crate::history::types::HistoryEntry;
use crate::ui::{FormAlert, Notice, PageHeader, action_error, format_timestamp, resource};

#[component]
pub fn ProductEditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    let save = ServerAction::<SaveProduct>::new();
    reload_on_ok(save, reload);
    let editor = resource(
        move || (id.get(), reload.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_product_editor(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <div class="container container--wide page">
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        editor.await.map(|p| view! { <Editor p save/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Editor(p: ProductEditor, save: ServerAction<SaveProduct>) -> impl IntoView {
    let t = assortment_texts();
    let shop_link = p.published.then(|| format!("/product/{}", p.slug));
    let status = if p.published { t.published } else { t.draft };
    let label = p.label(crate::i18n::use_locale());
    view! {
        <Title text=label.clone()/>
        <p><a href="/admin/catalog">{"← "}{t.back_to_products}</a></p>
        <PageHeader title=label.clone() subtitle=status.to_owned()>
            {shop_link.map(|href| view! { <a class="btn btn--ghost" href=href>{t.view_in_shop}</a> })}
        </PageHeader>
        {(!p.can_edit).then(|| view! { <p class="muted">{t.read_only}</p> })}
        <div class="grid--2 editor">
            <section class="card card--pad section">
                <h2>{t.details}</h2>
                <Details p=p.clone() save/>
            </section>
            <section class="card card--pad section">
                <h2>{t.photos}</h2>
                <Photos id=p.id images=p.images.clone() can_edit=p.can_edit/>
            </section>
        </div>
        <section class="card card--pad section">
            <h2>{t.variants}</h2>
            <Variants product_id=p.id variants=p.variants.clone() stores=p.stores.clone()
                made_to_order=p.made_to_order can_edit=p.can_edit/>
        </section>
        <div class="grid--2">
            <section class="card card--pad section">
                <h2>{t.movements}</h2>
                <Movements list=p.movements.clone() t/>
            </section>
            <section class="card card--pad section">
                <h2>{t.history}</h2>
                <History entries=p.history.clone() t/>
            </section>
        </div>
        {p.can_edit.then(|| view! { <DeleteForm id=p.id name=label/> })}
    }
}

#[component]
fn Details(p: ProductEditor, save: ServerAction<SaveProduct>) -> impl IntoView {
    let t = assortment_texts();
    let error = action_error(save);
    let saved = Signal::derive(move || {
        matches!(save.value().get(), Some(Ok(_))).then(|| t.saved.to_owned())
    });
    let message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    let suppliers = p
        .suppliers
        .iter()
        .map(|s| view! { <option value=s.id selected=p.supplier_id == Some(s.id)>{s.name.clone()}</option> })
        .collect_view();
    let disabled = !p.can_edit;
    view! {
        <ActionForm action=save attr:class="form form--grid" attr:id="product-form">
            <input type="hidden" name="id" value=p.id/>
            <input type="hidden" name="version" value=p.version/>
            <fieldset class="form--grid editor__fields" disabled=disabled>
                <div class="field" class:field--invalid=move || message("name")().is_some()>
                    <label class="field__label" for="product-name">{t.name}</label>
                    <input class="input" id="product-name" name="name" value=p.name.clone()/>
                    <p class="field__hint">{t.names_hint}</p>
                    <p class="field__error" role="alert">{message("name")}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="product-name-ru">{t.name_ru}</label>
                    <input class="input" id="product-name-ru" name="name_ru" lang="ru" value=p.name_ru.clone()/>
                </div>
                <div class="field" class:field--invalid=move || message("slug")().is_some()>
                    <label class="field__label" for="product-slug">{t.slug}</label>
                    <input class="input" id="product-slug" name="slug" value=p.slug.clone()/>
                    <p class="field__hint">{t.slug_hint}</p>
                    <p class="field__error" role="alert">{message("slug")}</p>
                </div>
                <div class="field" class:field--invalid=move || message("category_id")().is_some()>
                    <label class="field__label" for="product-category">{t.category}</label>
                    <select class="select" id="product-category" name="category_id">
                        {category_options(&p.categories, Some(p.category_id), None)}
                    </select>
                    <p class="field__error" role="alert">{message("category_id")}</p>
                </div>
                <div class="field" class:field--invalid=move || message("supplier_id")().is_some()>
                    <label class="field__label" for="product-supplier">{t.supplier}</label>
                    <select class="select" id="product-supplier" name="supplier_id">
                        <option value="">{t.none}</option>
                        {suppliers}
                    </select>
                    <p class="field__error" role="alert">{message("supplier_id")}</p>
                </div>
                <div class="field" class:field--invalid=move || message("lead_time_days")().is_some()>
                    <label class="field__label" for="product-lead">{t.lead_time}</label>
                    <input class="input" id="product-lead" name="lead_time_days" type="number" min="0" max="365"
                        value=p.lead_time_days/>
                    <p class="field__error" role="alert">{message("lead_time_days")}</p>
                </div>
                <div class="field check-list">
                    <label class="check"><input type="checkbox" name="published" value="on" checked=p.published/>{t.published}</label>
                    <label class="check"><input type="checkbox" name="made_to_order" value="on" checked=p.made_to_order/>{t.made_to_order}</label>
                    <label class="check"><input type="checkbox" name="featured" value="on" checked=p.featured/>{t.featured}</label>
                    <p class="field__error" role="alert">{message("published")}</p>
                </div>
                <div class="field field--wide" class:field--invalid=move || message("description")().is_some()>
                    <label class="field__label" for="product-description">{t.description}</label>
                    <textarea class="input" id="product-description" name="description" rows="4">{p.description.clone()}</textarea>
                    <p class="field__error" role="alert">{message("description")}</p>
                </div>
                <div class="field field--wide" class:field--invalid=move || message("description_ru")().is_some()>
                    <label class="field__label" for="product-description-ru">{t.description_ru}</label>
                    <textarea class="input" id="product-description-ru" name="description_ru" lang="ru" rows="4">{p.description_ru.clone()}</textarea>
                    <p class="field__error" role="alert">{message("description_ru")}</p>
                </div>
                <div class="field field--wide" class:field--invalid=move || message("characteristics")().is_some()>
                    <label class="field__label" for="product-characteristics">{t.characteristics}</label>
                    <textarea class="input" id="product-characteristics" name="characteristics" rows="4">
                        {characteristics_text(&p.characteristics)}
                    </textarea>
                    <p class="field__hint">{t.characteristics_hint}</p>
                    <p class="field__error" role="alert">{message("characteristics")}</p>
                </div>
                <FormAlert error fields=&["name", "slug", "category_id", "supplier_id", "lead_time_days", "published", "description", "description_ru", "characteristics"]/>
                <Notice text=saved/>
                {p.can_edit.then(|| view! { <div><button class="btn btn--primary" type="submit">{t.save}</button></div> })}
            </fieldset>
        </ActionForm>
    }
}

#[component]
fn Photos(id: i64, images: Vec<i64>, can_edit: bool) -> impl IntoView {
    let t = assortment_texts();
    let reload = expect_context::<Reload>();
    let change = ServerAction::<ChangePhoto>::new();
    reload_on_ok(change, reload);
    let error = action_error(change);
    // The upload is a plain multipart post (its file cannot be an action's
    // input); a failure comes back in the URL, as for every no-JS form.
    let upload_error: Option<crate::error::AppError> = use_context::<
        leptos::server::ServerActionError,
    >()
    .filter(|e| e.path() == <UploadPhoto as leptos::server_fn::ServerFn>::PATH)
    .map(|e| {
        leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(e.err())
    });
    let upload_url = <UploadPhoto as leptos::server_fn::ServerFn>::url();
    let upload_invalid = upload_error.is_some();
    let count = images.len();
    let list = if images.is_empty() {
        view! { <p class="muted">{t.no_photos}</p> }.into_any()
    } else {
        images
            .into_iter()
            .enumerate()
            .map(|(i, image)| {
                let buttons = can_edit.then(|| {
                    let button = move |action: &'static str, label: &'static str, show: bool| {
                        show.then(|| view! {
                            <ActionForm action=change attr:class="form--inline">
                                <input type="hidden" name="id" value=image/>
                                <input type="hidden" name="action" value=action/>
                                <button class="btn btn--ghost btn--sm" type="submit" data-photo-action=action>{label}</button>
                            </ActionForm>
                        })
                    };
                    view! {
                        <div class="photo-tile__actions">
                            {button("main", t.make_main, i > 0)}
                            {button("earlier", t.earlier, i > 0)}
                            {button("later", t.later, i + 1 < count)}
                            {button("delete", t.delete, true)}
                        </div>
                    }
                });
                view! {
                    <li class="photo-tile" data-photo=image>
                        <img src=thumb_url(image) alt="" width="160" height="160" loading="lazy"/>
                        {(i == 0).then(|| view! { <span class="badge badge--accent">{t.main_photo}</span> })}
                        {buttons}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <ul class="photo-grid" id="product-photos">{list}</ul>
        <FormAlert error/>
        {can_edit.then(|| view! {
            <form class="form" id="photo-form" method="post" enctype="multipart/form-data" action=upload_url>
                <input type="hidden" name="product_id" value=id/>
                <div class="field" class:field--invalid=upload_invalid>
                    <label class="field__label" for="product-photo">{t.upload}</label>
                    <input class="input" id="product-photo" type="file" name="photo"
                        accept="image/jpeg,image/png,image/webp,image/gif" required/>
                    <p class="field__hint">{t.photo_hint}</p>
                    <p class="field__error" role="alert">{upload_error.as_ref().map(|e| e.to_string())}</p>
                </div>
                <button class="btn" type="submit">{t.upload}</button>
            </form>
        })}
    }
}

#[component]
fn Movements(list: Vec<Movement>, t: &'static AssortmentTexts) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted">{t.no_movements}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|m| {
            let reason = (t.reason_name)(&m.reason);
            let why = match (m.order_id, m.note.is_empty()) {
                (Some(o), _) => format!("{reason}, {}", (t.order_no)(o)),
                (None, false) => format!("{reason}: {}", m.note),
                (None, true) => reason.to_owned(),
            };
            let change = if m.delta > 0 {
                format!("+{}", m.delta)
            } else {
                m.delta.to_string()
            };
            view! {
                <tr data-movement=m.id data-reason=m.reason.clone()>
                    <td class="nowrap">{format_timestamp(m.at)}</td>
                    <td>{m.sku}{" · "}{m.store_name}</td>
                    <td class="num">{change}</td>
                    <td class="num">{m.quantity_after}</td>
                    <td>{why}</td>
                    <td>{m.user_name.unwrap_or_else(|| t.by_system.to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table table--compact" id="stock-movements">
                <thead><tr>
                    <th>{t.when}</th><th>{t.sku}</th><th class="num">{t.change}</th>
                    <th class="num">{t.after}</th><th>{t.reason}</th><th>{t.who}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The product's change history, newest first.
#[component]
fn History(entries: Vec<HistoryEntry>, t: &'static AssortmentTexts) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">{t.no_history}</p> }.into_any();
    }
    let items = entries
        .into_iter()
        .rev()
        .take(200)
        .map(|h| {
            let who = h.user_name.clone().unwrap_or_else(|| t.by_system.to_owned());
            let value = |v: &Option<String>| v.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
            let what = match h.field.as_str() {
                "created" => format!("+ {}", value(&h.new)),
                "deleted" => format!("× {}", value(&h.old)),
                field if h.old.is_none() || h.new.is_none() => {
                    format!("{}: {}", (t.field_name)(field), value(if h.new.is_some() { &h.new } else { &h.old }))
                }
                field => format!("{}: {} → {}", (t.field_name)(field), value(&h.old), value(&h.new)),
            };
            view! {
                <li class="timeline__item" data-field=h.field.clone()>
                    <span class="timeline__what">{what}</span>
                    <span class="timeline__meta muted">{format!("{} · {who}", format_timestamp(h.at))}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" id="product-history">{items}</ol> }.into_any()
}

/// "Delete product…": asks first (a folded confirmation, no script needed).
#[component]
fn DeleteForm(id: i64, name: String) -> impl IntoView {
    let t = assortment_texts();
    let delete = ServerAction::<DeleteProduct>::new();
    let error = action_error(delete);
    view! {
        <details class="card card--pad section danger-zone" id="delete-product" open=move || error.get().is_some()>
            <summary>{t.delete_product}</summary>
            <ActionForm action=delete attr:id="delete-product-form">
                <input type="hidden" name="id" value=id/>
                <p>{(t.delete_confirm)(&name)}</p>
                <FormAlert error/>
                <button class="btn btn--danger" type="submit">{t.delete_for_good}</button>
            </ActionForm>
        </details>
    }
}
