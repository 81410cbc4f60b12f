//! `/admin/orders/{id}`: one order for the back office. Its items (add,
//! remove, change price and quantity; the total is worked out again on the
//! server), notes, status, client and payment, and one timeline that merges
//! the stage moves with every recorded change. Every change is its own
//! small form, so all of it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::app::ServerErrorPage;
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::orders::checkout::api::MoveOrder;
use crate::orders::checkout::texts::checkout_texts;
use crate::orders::record::api::{
    AddOrderLine, ChangeOrderClient, DeleteOrder, RemoveOrderLine, SaveOrderNotes, UpdateOrderLine,
    order_record,
};
use crate::orders::record::texts::{RecordTexts, order_record_texts};
use crate::orders::types::{OrderRecord, RecordLine, TimelineEntry};
use crate::ui::{FormAlert, Money, Notice, PageHeader, action_error, action_ok, resource};

/// The page's actions: any of them done reloads the order.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddOrderLine>,
    update: ServerAction<UpdateOrderLine>,
    remove: ServerAction<RemoveOrderLine>,
    notes: ServerAction<SaveOrderNotes>,
    client: ServerAction<ChangeOrderClient>,
    mover: ServerAction<MoveOrder>,
    delete: ServerAction<DeleteOrder>,
}

#[component]
pub fn OrderRecordPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let actions = Actions {
        add: ServerAction::new(),
        update: ServerAction::new(),
        remove: ServerAction::new(),
        notes: ServerAction::new(),
        client: ServerAction::new(),
        mover: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let refresh = RwSignal::new(0u64);
    let record = resource(
        move || {
            (
                id.get(),
                refresh.get(),
                actions.add.version().get(),
                actions.update.version().get(),
                actions.remove.version().get(),
                actions.notes.version().get(),
                actions.client.version().get(),
                actions.mover.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => order_record(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    // A move on the production board shows here at once.
    use_live_events(
        move |event| {
            if let LiveEvent::OrderMoved { order_id, .. } = event
                && Some(order_id) == id.get_untracked()
            {
                refresh.update(|n| *n += 1);
            }
        },
        move || refresh.update(|n| *n += 1),
    );
    view! {
        <div class="container page">
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        record.await.map(|order| view! { <RecordView order actions/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn RecordView(order: OrderRecord, actions: Actions) -> impl IntoView {
    let t = order_record_texts();
    let title = (t.title)(order.id);
    let editable = order.can_edit && order.lines_open;
    let (update_error, remove_error) = (action_error(actions.update), action_error(actions.remove));
    let lines_error = Signal::derive(move || update_error.get().or_else(|| remove_error.get()));
    let notes_error = action_error(actions.notes);
    let notes_saved = action_ok(actions.notes);
    let notes_saved = Signal::derive(move || notes_saved.get().then(|| t.saved.to_owned()));
    let lines = order
        .lines
        .iter()
        .cloned()
        .map(|line| view! { <Line line order_id=order.id editable actions/> })
        .collect_view();
    let side = view! {
        <aside class="card card--pad section record__side">
            <dl class="facts">
                <dt>{t.client}</dt>
                <dd>
                    <a href=format!("/admin/clients/{}", order.client_id) id="order-client">{order.client_name.clone()}</a>
                    <br/>{order.phone.clone()}
                    <br/>{order.email.clone()}
                </dd>
                <dt>{t.status}</dt>
                <dd><span class=format!("badge badge--{}", order.stage_kind) data-testid="record-stage">{order.stage_name.clone()}</span></dd>
                <dt>{t.payment}</dt>
                <dd>{(checkout_texts().payment_method)(&order.payment_method)} " · " {(checkout_texts().payment_status)(&order.payment_status)}</dd>
            </dl>
            {order.can_edit.then(|| view! { <MoveForm order=order.clone() mover=actions.mover/> })}
            {order.can_edit.then(|| view! { <ClientForm order_id=order.id action=actions.client/> })}
            {if order.can_edit {
                view! {
                    <ActionForm action=actions.notes attr:class="form" attr:id="order-notes-form">
                        <input type="hidden" name="id" value=order.id/>
                        <label class="field__label" for="order-notes">{t.notes}</label>
                        <textarea class="input" id="order-notes" name="notes" rows="3">{order.notes.clone()}</textarea>
                        <FormAlert error=notes_error/>
                        <Notice text=notes_saved/>
                        <button class="btn btn--ghost btn--block" type="submit">{t.save_notes}</button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! {
                    <p class="muted">{t.notes} ": " {order.notes.clone()}</p>
                }
                .into_any()
            }}
        </aside>
    };
    view! {
        <Title text=title.clone()/>
        <p><a href="/admin/orders">{"← "}{t.back}</a></p>
        <PageHeader title=title subtitle=order.created.clone()/>
        {(!order.can_edit).then(|| view! { <p class="muted">{t.read_only}</p> })}
        <div class="record">
            <section class="card card--pad section record__main">
                <h2>{t.lines}</h2>
                {(order.can_edit && !order.lines_open).then(|| view! { <p class="muted">{t.lines_closed}</p> })}
                <ul class="record-lines" id="order-lines">{lines}</ul>
                <FormAlert error=lines_error/>
                <p class="cart__total">
                    <span>{t.total}</span>
                    <strong id="order-total" data-total=order.total_minor><Money minor=order.total_minor/></strong>
                </p>
                {editable.then(|| view! { <AddLine order_id=order.id add=actions.add/> })}
            </section>
            {side}
        </div>
        <section class="card card--pad section">
            <h2>{t.timeline}</h2>
            <Timeline entries=order.timeline.clone() t/>
        </section>
        {order.can_edit.then(|| view! { <DeleteOrderForm id=order.id delete=actions.delete/> })}
    }
}

/// One line: as text, or (editable) with its price and quantity form and a
/// remove button.
#[component]
fn Line(line: RecordLine, order_id: i64, editable: bool, actions: Actions) -> impl IntoView {
    let t = order_record_texts();
    let sum = line.unit_price_minor * i64::from(line.quantity);
    let name = if line.variant.is_empty() {
        line.product.clone()
    } else {
        format!("{} · {}", line.product, line.variant)
    };
    if !editable {
        return view! {
            <li class="record-line" data-line=line.id>
                <span class="record-line__name">{name}</span>
                <span class="muted">{line.quantity} " × " <Money minor=line.unit_price_minor/></span>
                <span class="record-line__sum"><Money minor=sum/></span>
            </li>
        }
        .into_any();
    }
    let price = crate::ui::money_input(line.unit_price_minor);
    let remove_label = (t.remove)(&line.product);
    view! {
        <li class="record-line" data-line=line.id>
            <span class="record-line__name">{name}</span>
            <ActionForm action=actions.update attr:class="record-line__form">
                <input type="hidden" name="id" value=order_id/>
                <input type="hidden" name="line_id" value=line.id/>
                <label class="visually-hidden" for=format!("price-{}", line.id)>{t.price}</label>
                <input class="input input--sm record-line__price" id=format!("price-{}", line.id) name="price"
                    inputmode="decimal" value=price required/>
                <label class="visually-hidden" for=format!("qty-{}", line.id)>{t.quantity}</label>
                <input class="input input--sm input--qty" id=format!("qty-{}", line.id) name="quantity" type="number"
                    min="1" max="999" value=line.quantity required/>
                <button class="btn btn--ghost btn--sm" type="submit">{t.update}</button>
            </ActionForm>
            <span class="record-line__sum"><Money minor=sum/></span>
            <ActionForm action=actions.remove attr:class="record-line__remove">
                <input type="hidden" name="id" value=order_id/>
                <input type="hidden" name="line_id" value=line.id/>
                <button class="btn btn--ghost btn--sm" type="submit" aria-label=remove_label.clone() title=remove_label>"×"</button>
            </ActionForm>
        </li>
    }
    .into_any()
}

#[component]
fn AddLine(order_id: i64, add: ServerAction<AddOrderLine>) -> impl IntoView {
    let t = order_record_texts();
    let error = action_error(add);
    let message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    view! {
        <ActionForm action=add attr:class="record-add" attr:id="add-line-form">
            <h3>{t.add_line}</h3>
            <input type="hidden" name="id" value=order_id/>
            <div class="record-add__fields">
                <label class="field field--compact">
                    <span class="field__label">{t.product}</span>
                    <input class="input input--sm" name="product" maxlength="200" required/>
                    <span class="field__error" role="alert">{message("product")}</span>
                </label>
                <label class="field field--compact">
                    <span class="field__label">{t.price}</span>
                    <input class="input input--sm" name="price" inputmode="decimal" required/>
                    <span class="field__error" role="alert">{message("price")}</span>
                </label>
                <label class="field field--compact">
                    <span class="field__label">{t.quantity}</span>
                    <input class="input input--sm input--qty" name="quantity" type="number" min="1" max="999" value="1" required/>
                    <span class="field__error" role="alert">{message("quantity")}</span>
                </label>
                <button class="btn btn--primary btn--sm" type="submit">{t.add}</button>
            </div>
            <FormAlert error fields=&["product", "price", "quantity"]/>
        </ActionForm>
    }
}

/// Moves the order to another client: by number, or by words that find one.
#[component]
fn ClientForm(order_id: i64, action: ServerAction<ChangeOrderClient>) -> impl IntoView {
    let t = order_record_texts();
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form" attr:id="order-client-form">
            <input type="hidden" name="id" value=order_id/>
            <label class="field__label" for="order-client-input">{t.change_client}</label>
            <input class="input" id="order-client-input" name="client" maxlength="200" required
                placeholder=t.change_client_hint title=t.change_client_hint/>
            <FormAlert error/>
            <button class="btn btn--ghost btn--block" type="submit">{t.change_client_submit}</button>
        </ActionForm>
    }
}

#[component]
fn MoveForm(order: OrderRecord, mover: ServerAction<MoveOrder>) -> impl IntoView {
    let t = order_record_texts();
    let locale = crate::i18n::use_locale();
    let error = action_error(mover);
    let options = order
        .stages
        .0
        .iter()
        .map(|s| {
            let selected = s.code == order.stage;
            view! { <option value=s.code.clone() selected=selected>{s.name(locale).to_owned()}</option> }
        })
        .collect_view();
    view! {
        <ActionForm action=mover attr:class="form" attr:id="record-move-form">
            <input type="hidden" name="id" value=order.id/>
            <input type="hidden" name="version" value=order.version/>
            <label class="field__label" for="record-move-stage">{t.move_to}</label>
            <select class="input" id="record-move-stage" name="stage">{options}</select>
            <FormAlert error/>
            <button class="btn btn--ghost btn--block" type="submit">{t.move_submit}</button>
        </ActionForm>
    }
}

/// Stage moves and recorded changes, newest first.
#[component]
fn Timeline(entries: Vec<TimelineEntry>, t: &'static RecordTexts) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">{t.no_timeline}</p> }.into_any();
    }
    let items = entries
        .into_iter()
        .rev()
        .map(|e| {
            let who = e.who.clone().unwrap_or_else(|| t.by_system.to_owned());
            let how = match e.source.as_str() {
                "api" => format!(" ({})", t.via_api),
                _ => String::new(),
            };
            let what = (t.entry)(&e.field, e.old.as_deref(), e.new.as_deref());
            view! {
                <li class="timeline__item" data-field=e.field.clone()>
                    <span class="timeline__what">{what}</span>
                    <span class="timeline__meta muted">{format!("{} · {who}{how}", e.at_text)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" id="order-timeline">{items}</ol> }.into_any()
}

/// "Delete order…": asks first, in a folded confirmation.
#[component]
fn DeleteOrderForm(id: i64, delete: ServerAction<DeleteOrder>) -> impl IntoView {
    let t = order_record_texts();
    let error = action_error(delete);
    view! {
        <details class="card card--pad section danger-zone" id="delete-order" open=move || error.get().is_some()>
            <summary>{t.delete_order}</summary>
            <ActionForm action=delete attr:id="delete-order-form">
                <input type="hidden" name="id" value=id/>
                <p>{(t.delete_confirm)(id)}</p>
                <FormAlert error/>
                <button class="btn btn--danger" type="submit">{t.delete_for_good}</button>
            </ActionForm>
        </details>
    }
}
