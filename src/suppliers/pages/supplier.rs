//! `/supplier`: the order intake switch, and the orders holding the
//! supplier's goods with only its own lines and subtotal, each confirmed
//! and then shipped. The choices live in the URL (a GET form: it works
//! without JavaScript); each action is a form too.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use crate::app::ServerErrorPage;
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::suppliers::api::{
    CreateSupplier, LinkSupplier, MovePart, SaveSupplier, SetIntake, supplier_page,
};
use crate::suppliers::texts::supplier_texts;
use crate::suppliers::types::{Part, PartState, Supplier, SupplierQuery, SupplierView as Data};
use crate::ui::{EmptyState, FormAlert, Money, PageHeader, Pager, action_error, resource};

/// Raised by each action that worked: the page reloads what it shows.
#[derive(Clone, Copy)]
struct Reload(RwSignal<u32>);

fn reload_on_ok<I>(action: ServerAction<I>, reload: Reload)
where
    I: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            reload.0.update(|n| *n += 1);
        }
    });
}

#[component]
pub fn SupplierPage() -> impl IntoView {
    let t = supplier_texts();
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let reload = Reload(RwSignal::new(0));
    // New orders of its goods and parts moved elsewhere show up at once.
    use_live_events(
        move |event| {
            if let LiveEvent::PartsChanged { .. } = event {
                reload.0.update(|n| *n += 1);
            }
        },
        move || reload.0.update(|n| *n += 1),
    );
    let data = resource(
        move || (search.get(), reload.0.get()),
        |(search, _)| supplier_page(search),
    );
    view! {
        <Title text=t.title/>
        <div class="container page" data-page="supplier">
            <PageHeader title=t.title subtitle=t.intro/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        data.await.map(|data| view! { <Body data reload/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Body(data: Data, reload: Reload) -> impl IntoView {
    let t = supplier_texts();
    let can_admin = data.can_admin;
    let new_supplier = can_admin.then(|| view! { <NewSupplier reload/> });
    let Some(current) = data.current.clone() else {
        return view! {
            {new_supplier}
            <EmptyState title=t.no_supplier>""</EmptyState>
        }
        .into_any();
    };
    let query = SupplierQuery {
        supplier: (data.suppliers.len() > 1).then_some(current.id),
        state: data.state,
        page: data.page,
    };
    let link = Callback::new(move |page: i64| {
        SupplierQuery {
            page,
            ..query.clone()
        }
        .href()
    });
    let choices =
        view! { <Choices suppliers=data.suppliers.clone() state=data.state current=current.id/> };
    let parts = if data.parts.is_empty() {
        view! { <EmptyState title=t.none_yet>""</EmptyState> }.into_any()
    } else {
        let supplier_id = current.id;
        data.parts
            .into_iter()
            .map(|part| view! { <PartCard part supplier_id reload/> })
            .collect_view()
            .into_any()
    };
    view! {
        {new_supplier}
        {choices}
        <Intake supplier=current can_admin reload/>
        <section class="section" id="supplier-parts">
            <h2 class="section__title">{t.parts}</h2>
            <p class="muted" data-testid="parts-total">{(t.parts_total)(data.total)} " · " {t.parts_hint}</p>
            {parts}
            <Pager page=data.page last_page=data.pages link/>
        </section>
    }
    .into_any()
}

/// Which supplier (for those who work several) and which parts.
#[component]
fn Choices(suppliers: Vec<Supplier>, state: Option<PartState>, current: i64) -> impl IntoView {
    let t = supplier_texts();
    let several = suppliers.len() > 1;
    let suppliers = suppliers
        .into_iter()
        .map(|s| view! { <option value=s.id selected=s.id == current>{s.name}</option> })
        .collect_view();
    let states = PartState::ALL
        .into_iter()
        .map(|s| view! { <option value=s.code() selected=state == Some(s)>{(t.state_name)(s)}</option> })
        .collect_view();
    view! {
        <Form method="GET" action="/supplier" attr:class="supplier-filters card card--pad section">
            {several.then(|| view! {
                <div class="field">
                    <label class="field__label" for="supplier-choice">{t.supplier}</label>
                    <select class="input" id="supplier-choice" name="supplier">{suppliers}</select>
                </div>
            })}
            <div class="field">
                <label class="field__label" for="part-state">{t.state_label}</label>
                <select class="input" id="part-state" name="state">
                    <option value="">{t.all_states}</option>
                    {states}
                </select>
            </div>
            <div class="field">
                <button class="btn btn--ghost" type="submit">{t.show}</button>
            </div>
        </Form>
    }
}

/// An admin's form for a new supplier.
#[component]
fn NewSupplier(reload: Reload) -> impl IntoView {
    let t = supplier_texts();
    let action = ServerAction::<CreateSupplier>::new();
    reload_on_ok(action, reload);
    let error = action_error(action);
    view! {
        <details class="card card--pad section" id="new-supplier" open=move || error.get().is_some()>
            <summary>{t.new_supplier}</summary>
            <ActionForm action attr:class="form form--grid" attr:id="new-supplier-form">
                <SupplierFields prefix="new-supplier" name=String::new() url=String::new() error/>
                <FormAlert error fields=&["name", "url"]/>
                <div><button class="btn btn--primary" type="submit">{t.create}</button></div>
            </ActionForm>
        </details>
    }
}

/// The name and address fields of a supplier's form.
#[component]
fn SupplierFields(
    prefix: &'static str,
    name: String,
    url: String,
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let t = supplier_texts();
    let message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message("name")().is_some()>
            <label class="field__label" for=format!("{prefix}-name")>{t.name}</label>
            <input class="input" id=format!("{prefix}-name") name="name" value=name maxlength="120"/>
            <p class="field__error" role="alert">{message("name")}</p>
        </div>
        <div class="field" class:field--invalid=move || message("url")().is_some()>
            <label class="field__label" for=format!("{prefix}-url")>{t.url}</label>
            <input class="input" id=format!("{prefix}-url") name="url" value=url inputmode="url"/>
            <p class="field__hint">{t.url_hint}</p>
            <p class="field__error" role="alert">{message("url")}</p>
        </div>
    }
}

/// The supplier, its order intake switch, and its details.
#[component]
fn Intake(supplier: Supplier, can_admin: bool, reload: Reload) -> impl IntoView {
    let t = supplier_texts();
    let action = ServerAction::<SetIntake>::new();
    reload_on_ok(action, reload);
    let error = action_error(action);
    let on = supplier.accepting_orders;
    view! {
        <section class="card card--pad section" id="supplier-intake" data-accepting=on.to_string()>
            <h2 class="section__title">{supplier.name.clone()}</h2>
            {(!supplier.url.is_empty()).then(|| view! { <p class="muted">{supplier.url.clone()}</p> })}
            <p class="muted">{(t.products)(supplier.products)}</p>
            <p>
                <strong>{t.intake} ": "</strong>
                <span class={if on { "badge badge--success" } else { "badge badge--muted" }} data-testid="intake">
                    {if on { t.intake_on } else { t.intake_off }}
                </span>
            </p>
            <ActionForm action attr:class="form form--inline" attr:id="intake-form">
                <input type="hidden" name="supplier_id" value=supplier.id/>
                <input type="hidden" name="accepting" value={if on { "no" } else { "yes" }}/>
                <button class={if on { "btn btn--danger" } else { "btn btn--primary" }} type="submit">
                    {if on { t.switch_off } else { t.switch_on }}
                </button>
            </ActionForm>
            <FormAlert error/>
            <Details supplier=supplier.clone() can_admin reload/>
        </section>
    }
}

/// The name and address, for the supplier's people and admins; the linked
/// account, for admins.
#[component]
fn Details(supplier: Supplier, can_admin: bool, reload: Reload) -> impl IntoView {
    let t = supplier_texts();
    let save = ServerAction::<SaveSupplier>::new();
    let link = ServerAction::<LinkSupplier>::new();
    reload_on_ok(save, reload);
    reload_on_ok(link, reload);
    let save_error = action_error(save);
    let link_error = action_error(link);
    let id = supplier.id;
    let linked = supplier.user_email.clone().unwrap_or_default();
    view! {
        <p class="muted" data-testid="account">{supplier.user_email.clone().unwrap_or_else(|| t.nobody.to_owned())}</p>
        <details id="supplier-details" open=move || save_error.get().is_some() || link_error.get().is_some()>
            <summary>{t.edit}</summary>
            <ActionForm action=save attr:class="form form--grid" attr:id="supplier-form">
                <input type="hidden" name="supplier_id" value=id/>
                <SupplierFields prefix="supplier" name=supplier.name url=supplier.url error=save_error/>
                <FormAlert error=save_error fields=&["name", "url"]/>
                <div><button class="btn btn--primary btn--sm" type="submit">{t.save}</button></div>
            </ActionForm>
            {can_admin.then(|| {
                let message = move || link_error.get().and_then(|e| e.field_message("email").map(str::to_owned));
                view! {
                    <ActionForm action=link attr:class="form form--grid" attr:id="supplier-link-form">
                        <input type="hidden" name="supplier_id" value=id/>
                        <div class="field" class:field--invalid=move || message().is_some()>
                            <label class="field__label" for="supplier-account">{t.account}</label>
                            // A text input: Chromium 156 gives an email input built inside a
                            // closed <details> by a client-side render no layout box.
                            <input class="input" id="supplier-account" name="email" inputmode="email" autocomplete="email" value=linked/>
                            <p class="field__hint">{t.account_hint}</p>
                            <p class="field__error" role="alert">{message}</p>
                        </div>
                        <FormAlert error=link_error fields=&["email"]/>
                        <div><button class="btn btn--ghost btn--sm" type="submit">{t.link}</button></div>
                    </ActionForm>
                }
            })}
        </details>
    }
}

/// One order's part: the supplier's lines, its subtotal, the next step.
#[component]
fn PartCard(part: Part, supplier_id: i64, reload: Reload) -> impl IntoView {
    let t = supplier_texts();
    let action = ServerAction::<MovePart>::new();
    reload_on_ok(action, reload);
    let error = action_error(action);
    let next = (!part.cancelled).then(|| part.state.next()).flatten();
    let state_class = match part.state {
        PartState::New => "badge badge--accent",
        PartState::Confirmed => "badge badge--warning",
        PartState::Shipped => "badge badge--success",
    };
    let lines = part
        .lines
        .into_iter()
        .map(|l| {
            let name = if l.variant_name.is_empty() {
                l.product_name
            } else {
                format!("{} ({})", l.product_name, l.variant_name)
            };
            view! {
                <tr>
                    <td>
                        {name}
                        {(!l.inscription.is_empty()).then(|| view! { <div class="muted">{t.inscription} ": " {l.inscription}</div> })}
                    </td>
                    <td class="muted">{l.sku}</td>
                    <td class="num">{l.quantity}</td>
                    <td class="num"><Money minor=l.unit_price_minor/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="card card--pad section supplier-part" data-order=part.order_id data-state=part.state.code()>
            <header class="supplier-part__head">
                <h3>{(t.order_no)(part.order_id)}</h3>
                <span class=state_class data-testid="part-state">{(t.state_name)(part.state)}</span>
                {part.cancelled.then(|| view! { <span class="badge badge--muted">{t.cancelled}</span> })}
            </header>
            <p class="muted">
                {t.placed} " " {part.placed} " · " {t.ready} " " {part.ready_date} " · " {t.stage} ": " {part.stage}
            </p>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th>{t.product}</th><th>"SKU"</th><th class="num">{t.quantity}</th><th class="num">{t.price}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <p class="supplier-part__total">
                {t.subtotal} ": " <strong data-testid="subtotal"><Money minor=part.subtotal_minor/></strong>
            </p>
            {next.map(|to| view! {
                <ActionForm action attr:class="form form--inline">
                    <input type="hidden" name="supplier_id" value=supplier_id/>
                    <input type="hidden" name="order_id" value=part.order_id/>
                    <input type="hidden" name="state" value=to.code()/>
                    <button class="btn btn--primary btn--sm" type="submit">{(t.action)(to)}</button>
                </ActionForm>
            })}
            <FormAlert error/>
        </article>
    }
}
