//! `/admin/clients/{id}`: contacts (editable by managers and admins), the
//! client's orders and totals, and the change history of the record.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::app::ServerErrorPage;
use crate::clients::api::{DeleteClient as DeleteClientFn, SaveClient, client_page};
use crate::clients::texts::{ClientTexts, client_texts};
use crate::clients::types::ClientDetail;
use crate::history::types::HistoryEntry;
use crate::orders::record::api::CreatePhoneOrder;
use crate::ui::{
    Field, FormAlert, Money, Notice, PageHeader, action_error, action_ok, format_timestamp,
    resource,
};

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let save = ServerAction::<SaveClient>::new();
    // Reload after a save that worked; a refused one keeps what was typed.
    let saved_version = Memo::new(move |prev: Option<&usize>| {
        let version = save.version().get();
        match save.value().get() {
            Some(Ok(())) => version,
            _ => prev.copied().unwrap_or(0),
        }
    });
    let detail = resource(
        move || (id.get(), saved_version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => client_page(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <div class="container page">
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        detail.await.map(|d| view! { <ClientView detail=d save/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn ClientView(detail: ClientDetail, save: ServerAction<SaveClient>) -> impl IntoView {
    let t = client_texts();
    let c = detail.client;
    let name = c.full_name();
    let name_for_delete = name.clone();
    let error = action_error(save);
    let saved = action_ok(save);
    let saved = Signal::derive(move || saved.get().then(|| t.saved.to_owned()));
    let orders = detail.orders;
    let history = detail.history;
    let summary = format!("{} · ", (t.orders_count)(detail.orders_count));
    let contacts = if detail.can_edit {
        view! {
            <ActionForm action=save attr:class="form form--grid" attr:id="client-form">
                <input type="hidden" name="id" value=c.id/>
                <EditField label=t.last_name name="last_name" value=c.last_name.clone() error required=true/>
                <EditField label=t.first_name name="first_name" value=c.first_name.clone() error required=true/>
                <EditField label=t.middle_name name="middle_name" value=c.middle_name.clone() error/>
                <EditField label=t.phone name="phone" value=c.phone.clone() error kind="tel"/>
                <EditField label=t.email name="email" value=c.email.clone() error kind="email"/>
                <div class="field field--wide">
                    <label class="field__label" for="client-notes">{t.notes}</label>
                    <textarea class="input" id="client-notes" name="notes" rows="3">{c.notes.clone()}</textarea>
                </div>
                <FormAlert error fields=&["last_name", "first_name", "middle_name", "phone", "email", "notes"]/>
                <Notice text=saved/>
                <div><button class="btn btn--primary" type="submit">{t.save}</button></div>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <p class="muted">{t.read_only}</p>
            <dl class="facts">
                <dt>{t.phone}</dt><dd>{c.phone.clone()}</dd>
                <dt>{t.email}</dt><dd>{c.email.clone()}</dd>
                <dt>{t.notes}</dt><dd>{c.notes.clone()}</dd>
            </dl>
        }
        .into_any()
    };
    view! {
        <Title text=name.clone()/>
        <p><a href="/admin/clients">{"← "}{t.back_to_clients}</a></p>
        <PageHeader title=name/>
        <p class="muted" data-testid="client-totals">{summary}<Money minor=detail.spent_minor/></p>
        <div class="grid grid--2">
            <section class="card card--pad section">
                <h2>{t.contacts}</h2>
                {contacts}
            </section>
            <section class="card card--pad section">
                <h2>{t.history}</h2>
                <History entries=history t/>
            </section>
        </div>
        {detail.can_edit.then(|| view! { <PhoneOrder client_id=c.id/> })}
        {detail.can_edit.then(|| view! { <DeleteClient id=c.id name=name_for_delete.clone()/> })}
        <section class="card card--pad section">
            <h2>{t.order_history}</h2>
            {if orders.is_empty() {
                view! { <p class="muted">{t.no_orders}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" id="client-orders">
                            <thead><tr><th>{t.order_no}</th><th>{t.date}</th><th>{t.status}</th><th class="num">{t.total}</th></tr></thead>
                            <tbody>
                                {orders.into_iter().map(|o| view! {
                                    <tr>
                                        <td><a href=format!("/admin/orders/{}", o.id)>{format!("№{}", o.id)}</a></td>
                                        <td>{format_timestamp(o.created_at)}</td>
                                        <td><span class=format!("badge badge--{}", o.stage_kind)>{o.stage_name}</span></td>
                                        <td class="num"><Money minor=o.total_minor/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// "New phone order": the first item of an order for this client; the new
/// order's page opens for the rest.
#[component]
fn PhoneOrder(client_id: i64) -> impl IntoView {
    let t = crate::orders::record::texts::order_record_texts();
    let create = ServerAction::<CreatePhoneOrder>::new();
    let error = action_error(create);
    view! {
        <details class="card card--pad section new-order" id="phone-order" open=move || error.get().is_some()>
            <summary>{t.new_order}</summary>
            <ActionForm action=create attr:class="form form--grid" attr:id="phone-order-form">
                <input type="hidden" name="client_id" value=client_id/>
                <Field label=t.product name="product" form_id="phone-order" error required=true hint=t.new_order_hint/>
                <Field label=t.price name="price" form_id="phone-order" error required=true/>
                <Field label=t.quantity name="quantity" kind="number" value="1".to_owned() form_id="phone-order" error required=true/>
                <div class="field field--wide">
                    <label class="field__label" for="phone-order-notes">{t.notes}</label>
                    <textarea class="input" id="phone-order-notes" name="notes" rows="2"></textarea>
                </div>
                <FormAlert error fields=&["product", "price", "quantity"]/>
                <div><button class="btn btn--primary" type="submit">{t.create_order}</button></div>
            </ActionForm>
        </details>
    }
}

/// "Delete client…": asks first (a folded confirmation, no script needed).
/// A client with orders is never deleted: the answer says so, and why.
#[component]
fn DeleteClient(id: i64, name: String) -> impl IntoView {
    let t = client_texts();
    let delete = ServerAction::<DeleteClientFn>::new();
    let error = action_error(delete);
    view! {
        <details class="card card--pad section danger-zone" id="delete-client" open=move || error.get().is_some()>
            <summary>{t.delete_client}</summary>
            <ActionForm action=delete attr:id="delete-client-form">
                <input type="hidden" name="id" value=id/>
                <p>{(t.delete_confirm)(&name)}</p>
                <FormAlert error/>
                <button class="btn btn--danger" type="submit">{t.delete_for_good}</button>
            </ActionForm>
        </details>
    }
}

/// A labelled input, prefilled, with its error from the last save.
#[component]
fn EditField(
    label: &'static str,
    name: &'static str,
    value: String,
    error: Signal<Option<crate::error::AppError>>,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let id = format!("client-{name}");
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(name).map(str::to_owned))
    };
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label class="field__label" for=id.clone()>{label}</label>
            <input class="input" id=id name=name type=kind value=value required=required
                aria-invalid=move || message().is_some().then_some("true")/>
            <p class="field__error" role="alert">{message}</p>
        </div>
    }
}

/// The record's change history, newest first.
#[component]
fn History(entries: Vec<HistoryEntry>, t: &'static ClientTexts) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">{t.no_history}</p> }.into_any();
    }
    let items = entries
        .into_iter()
        .rev()
        .map(|h| {
            let who = h.user_name.clone().unwrap_or_else(|| t.by_system.to_owned());
            let how = if h.source == "api" { format!(" ({})", t.source_api) } else { String::new() };
            let what = match h.field.as_str() {
                "created" => format!("{}: {}", t.history_created, h.new.clone().unwrap_or_default()),
                "deleted" => t.history_deleted.to_owned(),
                field => format!(
                    "{}: {} → {}",
                    (t.field_name)(field),
                    h.old.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into()),
                    h.new.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
                ),
            };
            view! {
                <li class="timeline__item" data-field=h.field.clone()>
                    <span class="timeline__what">{what}</span>
                    <span class="timeline__meta muted">{format!("{} · {who}{how}", format_timestamp(h.at))}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" id="client-history">{items}</ol> }.into_any()
}
