use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::app::ServerErrorPage;
use crate::i18n::storefront_texts;
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::orders::checkout::api::{MoveOrder, PayOrder, Reorder, my_orders, order_page};
use crate::orders::checkout::texts::checkout_texts;
use crate::orders::types::{OrderDetail, OrderSummary};
use crate::ui::{
    EmptyState, FormAlert, Money, Notice, PageHeader, action_error, format_timestamp, resource,
};

/// The signed-in shopper's orders, newest first, their stages live.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let to = checkout_texts();
    let refresh = RwSignal::new(0u64);
    let orders = resource(move || refresh.get(), |_| my_orders());
    use_live_events(
        move |event| {
            if let LiveEvent::OrderMoved { .. } = event {
                refresh.update(|n| *n += 1);
            }
        },
        move || refresh.update(|n| *n += 1),
    );
    view! {
        <Title text=to.orders_title/>
        <section class="container section">
            <PageHeader title=to.orders_title/>
            <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        orders.await.map(|list| view! { <OrderList list/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn OrderList(list: Vec<OrderSummary>) -> impl IntoView {
    let to = checkout_texts();
    if list.is_empty() {
        return view! {
            <EmptyState title=to.no_orders_title>
                <p>{to.no_orders_body}</p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        <ul class="order-list" data-testid="order-list">
            {list.into_iter().map(|o| {
                let href = format!("/orders/{}", o.id);
                view! {
                    <li class="order-row card" data-order=o.id>
                        <a class="order-row__link" href=href>
                            <span class="order-row__title">{(to.order_title)(o.id)}</span>
                            <span class="muted">{format_timestamp(o.created_at)}</span>
                            <span class=format!("stage stage--{}", o.stage) style=format!("--stage-colour: {}", o.stage_colour) data-testid="order-stage">{o.stage_name}</span>
                            <span class="order-row__total"><Money minor=o.total_minor/></span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One order: what was bought, where and when, its payment, and the
/// timeline of its stages, updated live when staff move it.
#[component]
pub fn OrderPage() -> impl IntoView {
    let to = checkout_texts();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let refresh = RwSignal::new(0u64);
    let mover = ServerAction::<MoveOrder>::new();
    let order = resource(
        move || (id.get(), refresh.get(), mover.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => order_page(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    use_live_events(
        move |event| {
            if let LiveEvent::OrderMoved { order_id, .. } | LiveEvent::PartsChanged { order_id, .. } =
                event
                && Some(order_id) == id.get_untracked()
            {
                refresh.update(|n| *n += 1);
            }
        },
        move || refresh.update(|n| *n += 1),
    );
    let notice = Signal::derive(move || match query.read().get("notice").as_deref() {
        Some("placed") => Some(to.placed_notice.to_owned()),
        Some("paid") => Some(to.paid_notice.to_owned()),
        _ => None,
    });
    let failed = move || query.read().get("notice").as_deref() == Some("payment_failed");
    view! {
        <section class="container section">
            <Notice text=notice/>
            <Show when=failed>
                <div class="alert alert--error" role="alert">{to.payment_failed_notice}</div>
            </Show>
            <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        order.await.map(|o| view! { <OrderView order=o mover/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn OrderView(order: OrderDetail, mover: ServerAction<MoveOrder>) -> impl IntoView {
    let to = checkout_texts();
    let reorder = ServerAction::<Reorder>::new();
    let pay = ServerAction::<PayOrder>::new();
    let move_error = action_error(mover);
    let title = (to.order_title)(order.id);
    let where_ = if order.fulfilment == "delivery" {
        format!("{}: {}", to.delivery, order.delivery_address)
    } else {
        format!(
            "{}: {} {}",
            to.pickup,
            order.store_name.clone().unwrap_or_default(),
            order.store_address.clone().unwrap_or_default()
        )
    };
    let when = format!(
        "{} {}",
        order.ready_date.clone().unwrap_or_default(),
        order.time_slot.replace('-', "–")
    );
    let can_pay = order.payment_method == "online" && order.payment_status != "paid";
    let stage_class = format!("stage stage--{}", order.stage);
    let locale = crate::i18n::use_locale();
    let stages = order.stages.clone();
    let colour = |code: &str| {
        format!(
            "--stage-colour: {}",
            stages
                .get(code)
                .map(|s| s.colour.as_str())
                .unwrap_or_default()
        )
    };
    view! {
        <Title text=title.clone()/>
        <PageHeader title=title subtitle=format_timestamp(order.created_at)/>
        <div class="order">
            <div class="order__main">
                <p class="order__stage">
                    {to.status} ": "
                    <span class=stage_class style=colour(&order.stage) data-testid="order-stage">{stages.name(&order.stage, locale)}</span>
                </p>
                <section class="card card--pad">
                    <h2>{to.items}</h2>
                    <ul class="summary-lines">
                        {order.items.iter().map(|i| {
                            let total = i.unit_price_minor * i64::from(i.quantity);
                            view! {
                                <li class="summary-line">
                                    <span class="summary-line__name">
                                        {i.quantity} " × " {i.product_name.clone()}
                                        <span class="muted">" · " {i.variant_name.clone()}</span>
                                        {(!i.inscription.is_empty()).then(|| view! { <span class="cart-line__note">" «" {i.inscription.clone()} "»"</span> })}
                                    </span>
                                    <Money minor=total/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="cart__total"><span>{to.total}</span><strong><Money minor=order.total_minor/></strong></p>
                </section>
                <section class="card card--pad">
                    <h2>{to.timeline}</h2>
                    <ol class="timeline" data-testid="timeline">
                        {order.timeline.iter().map(|e| view! {
                            <li class="timeline__step">
                                <span class=format!("stage stage--{}", e.to_stage) style=colour(&e.to_stage)>{stages.name(&e.to_stage, locale)}</span>
                                <span class="muted">{format_timestamp(e.at)}</span>
                                {e.by_name.clone().map(|n| view! { <span class="muted">{to.by} " " {n}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                </section>
            </div>
            <aside class="order__side card card--pad">
                <dl class="facts">
                    <dt>{to.ready}</dt><dd>{when}</dd>
                    <dt>{to.how_to_get}</dt><dd>{where_}</dd>
                    {(!order.supplier_parts.is_empty()).then(|| {
                        let ts = crate::suppliers::texts::supplier_texts();
                        view! {
                            <dt>{ts.parts_of_order}</dt>
                            <dd data-testid="supplier-parts">
                                {order.supplier_parts.iter().map(|(name, state)| view! {
                                    <div>{name.clone()} " · " <span class="muted">{(ts.state_name)(*state)}</span></div>
                                }).collect_view()}
                            </dd>
                        }
                    })}
                    <dt>{to.payment}</dt>
                    <dd>{(to.payment_method)(&order.payment_method)} " · " {(to.payment_status)(&order.payment_status)}</dd>
                    <dt>{to.contact}</dt><dd>{order.client_name.clone()} <br/> {order.phone.clone()}</dd>
                </dl>
                {can_pay.then(|| view! {
                    <ActionForm action=pay attr:class="form--inline">
                        <input type="hidden" name="id" value=order.id/>
                        <button class="btn btn--primary btn--block" type="submit">{to.pay_now}</button>
                    </ActionForm>
                })}
                <ActionForm action=reorder attr:class="form--inline">
                    <input type="hidden" name="id" value=order.id/>
                    <button class="btn btn--ghost btn--block" type="submit" data-testid="reorder">{to.reorder}</button>
                </ActionForm>
                {order.can_move.then(|| view! {
                    <ActionForm action=mover attr:class="form" attr:id="move-form">
                        <input type="hidden" name="id" value=order.id/>
                        <input type="hidden" name="version" value=order.version/>
                        <label class="field__label" for="move-stage">{to.move_to}</label>
                        <select class="input" id="move-stage" name="stage">
                            {stages.0.iter().map(|s| view! {
                                <option value=s.code.clone() selected={s.code == order.stage}>{s.name(locale).to_owned()}</option>
                            }).collect_view()}
                        </select>
                        <FormAlert error=move_error/>
                        <button class="btn btn--ghost btn--block" type="submit">{to.move_submit}</button>
                    </ActionForm>
                })}
            </aside>
        </div>
    }
}
