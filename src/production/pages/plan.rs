//! `/production/plan`: how many of each product and variant to make for a
//! day, per stage, with the inscriptions to pipe. Prints cleanly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::app::ServerErrorPage;
use crate::i18n::{storefront_texts, use_locale};
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::production::api::load_plan;
use crate::production::texts::production_texts;
use crate::production::types::Plan;
use crate::ui::{EmptyState, PageHeader, resource, submit_on_change};

#[component]
pub fn PlanPage() -> impl IntoView {
    let tp = production_texts();
    let query = use_query_map();
    let refresh = RwSignal::new(0u64);
    let plan = resource(
        move || {
            let q = query.read();
            (q.get("date"), q.get("store"), refresh.get())
        },
        |(date, store, _)| load_plan(date, store),
    );
    use_live_events(
        move |event| {
            if matches!(
                event,
                LiveEvent::OrderPlaced { .. }
                    | LiveEvent::OrderMoved { .. }
                    | LiveEvent::StagesChanged
            ) {
                refresh.update(|n| *n += 1);
            }
        },
        move || refresh.update(|n| *n += 1),
    );
    view! {
        <Title text=tp.plan_title/>
        <section class="container section plan-page">
            <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move { plan.await.map(|p| view! { <PlanView plan=p/> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn PlanView(plan: Plan) -> impl IntoView {
    let tp = production_texts();
    let locale = use_locale();
    let title = format!("{} · {}", tp.plan_title, plan.date);
    let subtitle = (tp.orders_due)(plan.orders);
    let store = plan.store;
    let heads = plan
        .stages
        .iter()
        .map(|s| {
            let style = format!("--stage-colour: {}", s.colour);
            view! { <th scope="col" class="num"><span class="stage-dot" style=style></span>{s.name(locale).to_owned()}</th> }
        })
        .collect_view();
    let body = if plan.rows.is_empty() {
        view! { <EmptyState title=tp.nothing_due><p></p></EmptyState> }.into_any()
    } else {
        view! {
            <div class="table-wrap card">
                <table class="table" data-testid="plan">
                    <thead>
                        <tr>
                            <th scope="col">{tp.product}</th>
                            <th scope="col">{tp.variant}</th>
                            {heads}
                            <th scope="col" class="num">{tp.total}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {plan.rows.into_iter().map(|r| {
                            let key = r.product_name.clone();
                            view! {
                            <tr data-product=key>
                                <th scope="row">{r.product_name}</th>
                                <td>{r.variant_name}</td>
                                {r.by_stage.into_iter().map(|n| view! {
                                    <td class="num">{(n > 0).then_some(n)}</td>
                                }).collect_view()}
                                <td class="num"><strong data-testid="plan-total">{r.total}</strong></td>
                            </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <PageHeader title=title subtitle=subtitle/>
        <Form method="GET" action="/production/plan" attr:class="toolbar no-print" attr:id="plan-filters" on:change=submit_on_change>
            <div class="field">
                <label class="field__label" for="plan-date">{tp.date}</label>
                <input class="input" type="date" id="plan-date" name="date" value=plan.date.clone()/>
            </div>
            <div class="field">
                <label class="field__label" for="plan-store">{tp.store}</label>
                <select class="select" id="plan-store" name="store">
                    <option value="">{tp.all_stores}</option>
                    {plan.stores.into_iter().map(|s| view! {
                        <option value=s.id selected=store == Some(s.id)>{s.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="toolbar__actions">
                <button class="btn btn--sm" type="submit">{tp.show}</button>
                <button class="btn btn--ghost btn--sm" type="button" on:click=print_page>{tp.print}</button>
                <a class="btn btn--ghost btn--sm" href=format!("/production?due=range&from={0}&to={0}", plan.date)>{tp.board_title}</a>
            </div>
        </Form>
        {body}
        {(!plan.notes.is_empty()).then(|| view! {
            <section class="card card--pad plan__notes">
                <h2>{tp.notes_title}</h2>
                <ul>
                    {plan.notes.into_iter().map(|n| view! {
                        <li>
                            <strong>{(tp.order_no)(n.order_id)}</strong> " " {n.quantity} " × " {n.product_name}
                            {(!n.variant_name.is_empty()).then(|| view! { <span class="muted">" · " {n.variant_name}</span> })}
                            {(!n.inscription.is_empty()).then(|| view! { " «" {n.inscription} "»" })}
                            {(!n.notes.is_empty()).then(|| view! { <span class="muted">" — " {n.notes}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// Opens the browser's print dialog (no inline `onclick`: the
/// Content-Security-Policy allows only our own scripts).
fn print_page(_: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::prelude::window().print();
    }
}
