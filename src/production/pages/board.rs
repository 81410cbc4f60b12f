//! `/production`: a column per stage, a card per order. Cards move by drag
//! and drop, by the keyboard (← →, announced to screen readers), or, before
//! the WebAssembly arrives, by the move form on each card. Every open board
//! follows every move, new order and assignment live.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::accounts::types::Role;
use crate::accounts::use_current_user;
use crate::app::ServerErrorPage;
use crate::i18n::{storefront_texts, use_locale};
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::production::api::{AssignCard, MoveCard, load_board};
use crate::production::texts::production_texts;
use crate::production::types::{Board, BoardFilter, Card, Stage, Stages, check_move};
use crate::ui::{FormAlert, PageHeader, action_error, resource, submit_on_change};

/// What the board's pieces share.
#[derive(Clone, Copy)]
struct BoardCtx {
    mover: ServerAction<MoveCard>,
    assigner: ServerAction<AssignCard>,
    /// The card being dragged: id, version, stage.
    dragging: RwSignal<Option<(i64, i32, String)>>,
    /// The card to focus after the board is drawn again (keyboard moves).
    focus: RwSignal<Option<i64>>,
    /// What the screen reader hears after a move.
    announce: RwSignal<String>,
    /// The card whose move/assign menu is open, and what its selects hold:
    /// live events redraw the board, and a baker halfway through a move
    /// must not see the menu snap shut or the choice jump back.
    open: RwSignal<Option<MenuState>>,
}

/// An open card menu: which card, and the stage and assignee picked so far.
#[derive(Clone, Debug, Default, PartialEq)]
struct MenuState {
    id: i64,
    stage: Option<String>,
    assignee: Option<String>,
}

impl MenuState {
    /// The menu state of card `id`, begun afresh when `open` holds none for
    /// it. A pick begins it too: a `<details>` element's `toggle` event is
    /// queued, so a quick hand (or test) picks a stage before the board
    /// hears that the menu opened.
    fn of(open: &mut Option<MenuState>, id: i64) -> &mut MenuState {
        if open.as_ref().is_none_or(|m| m.id != id) {
            *open = None;
        }
        open.get_or_insert_with(|| MenuState {
            id,
            ..MenuState::default()
        })
    }
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let tp = production_texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        BoardFilter::from_query(|k| q.get(k))
    });
    let refresh = RwSignal::new(0u64);
    let mover = ServerAction::<MoveCard>::new();
    let assigner = ServerAction::<AssignCard>::new();
    let board = resource(
        move || {
            (
                filter.get(),
                refresh.get(),
                mover.version().get(),
                assigner.version().get(),
            )
        },
        |(f, _, _, _)| {
            let (due, from, to, store, product, assignee) = f.to_args();
            load_board(due, from, to, store, product, assignee)
        },
    );
    use_live_events(
        move |event| match event {
            LiveEvent::OrderPlaced { .. }
            | LiveEvent::OrderMoved { .. }
            | LiveEvent::OrderAssigned { .. }
            | LiveEvent::StagesChanged => refresh.update(|n| *n += 1),
            _ => {}
        },
        move || refresh.update(|n| *n += 1),
    );
    let ctx = BoardCtx {
        mover,
        assigner,
        dragging: RwSignal::new(None),
        focus: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        open: RwSignal::new(None),
    };
    provide_context(ctx);
    let move_error = action_error(mover);
    let assign_error = action_error(assigner);
    view! {
        <Title text=tp.board_title/>
        <section class="section board-page">
            <div class="container container--wide">
                <PageHeader title=tp.board_title subtitle=tp.keyboard_hint/>
                <div id="board-error">
                    <FormAlert error=move_error/>
                    <FormAlert error=assign_error/>
                </div>
                <p class="visually-hidden" aria-live="polite" id="board-announce">{move || ctx.announce.get()}</p>
                <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                    <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                        {move || Suspend::new(async move {
                            board.await.map(|b| view! { <BoardView board=b/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn BoardView(board: Board) -> impl IntoView {
    let tp = production_texts();
    // A keyboard move redraws the board: give the card its focus back.
    #[cfg(feature = "hydrate")]
    let ctx = expect_context::<BoardCtx>();
    #[cfg(feature = "hydrate")]
    Effect::new(move || {
        if let Some(id) = ctx.focus.get_untracked() {
            ctx.focus.set(None);
            // After the browser has put the new board in place.
            request_animation_frame(move || {
                let selector = format!("[data-card=\"{id}\"]");
                if let Some(el) = document()
                    .query_selector(&selector)
                    .ok()
                    .flatten()
                    .and_then(|e| {
                        leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlElement>(e)
                            .ok()
                    })
                {
                    let _ = el.focus();
                }
            });
        }
    });
    let Board {
        stages,
        cards,
        hidden,
        filter,
        from,
        to,
        now,
        staff,
        stores,
        products,
        ..
    } = board;
    let showing = (tp.showing)(&from, &to);
    let plan_href = format!("/production/plan?date={from}");
    let staff = StoredValue::new(staff);
    let stages = StoredValue::new(stages);
    let columns = stages
        .get_value()
        .0
        .into_iter()
        .map(|stage| {
            let in_column: Vec<Card> = cards
                .iter()
                .filter(|c| c.stage == stage.code)
                .cloned()
                .collect();
            view! { <Column stage in_column now stages staff/> }
        })
        .collect_view();
    view! {
        <BoardFilters filter from=from.clone() to=to.clone() stores products staff=staff.get_value()/>
        <p class="board__showing muted">
            {showing} " " <a href=plan_href data-nav="plan">{tp.plan_link}</a>
        </p>
        {(hidden > 0).then(|| view! { <div class="alert alert--warning" role="status">{(tp.hidden)(hidden)}</div> })}
        <div class="board" data-testid="board">{columns}</div>
    }
}

#[component]
fn BoardFilters(
    filter: BoardFilter,
    from: String,
    to: String,
    stores: Vec<crate::production::types::Choice>,
    products: Vec<crate::production::types::Choice>,
    staff: Vec<crate::production::types::Choice>,
) -> impl IntoView {
    let tp = production_texts();
    let due = if filter.due.is_empty() {
        "today".to_owned()
    } else {
        filter.due.clone()
    };
    let is_range = due == "range";
    let due_options = [
        ("today", tp.due_today),
        ("tomorrow", tp.due_tomorrow),
        ("week", tp.due_week),
        ("range", tp.due_range),
    ];
    let id_selected = |v: Option<i64>, id: i64| v == Some(id);
    view! {
        <Form method="GET" action="/production" attr:class="toolbar board__filters card card--pad"
            attr:id="board-filters" attr:role="search" attr:aria-label=tp.filters on:change=submit_on_change>
            <div class="field">
                <label class="field__label" for="board-due">{tp.due}</label>
                <select class="select" id="board-due" name="due">
                    {due_options.into_iter().map(|(v, label)| view! {
                        <option value=v selected=due == v>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:board__range--off=!is_range>
                <label class="field__label" for="board-from">{tp.from}</label>
                <input class="input" type="date" id="board-from" name="from" value=from/>
            </div>
            <div class="field" class:board__range--off=!is_range>
                <label class="field__label" for="board-to">{tp.to}</label>
                <input class="input" type="date" id="board-to" name="to" value=to/>
            </div>
            <div class="field">
                <label class="field__label" for="board-store">{tp.store}</label>
                <select class="select" id="board-store" name="store">
                    <option value="">{tp.all_stores}</option>
                    {stores.into_iter().map(|s| view! {
                        <option value=s.id selected=id_selected(filter.store, s.id)>{s.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="board-product">{tp.product}</label>
                <select class="select" id="board-product" name="product">
                    <option value="">{tp.all_products}</option>
                    {products.into_iter().map(|p| view! {
                        <option value=p.id selected=id_selected(filter.product, p.id)>{p.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="board-assignee">{tp.assignee}</label>
                <select class="select" id="board-assignee" name="assignee">
                    <option value="">{tp.anyone}</option>
                    <option value="0" selected=filter.assignee == Some(0)>{tp.nobody}</option>
                    {staff.into_iter().map(|s| view! {
                        <option value=s.id selected=id_selected(filter.assignee, s.id)>{s.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="toolbar__actions">
                <button class="btn btn--sm" type="submit">{tp.show}</button>
                <a class="btn btn--ghost btn--sm" href="/production">{tp.clear}</a>
            </div>
        </Form>
    }
}

/// Whether the signed-in user may drop a card of stage `from` on `to` (the
/// server decides again; this only keeps a refused drop from looking possible).
fn may_move(role: Option<Role>, stages: &Stages, from: &str, to: &str) -> bool {
    role.is_some_and(|r| check_move(r, stages, from, to).is_ok())
}

#[component]
fn Column(
    stage: Stage,
    in_column: Vec<Card>,
    now: i64,
    stages: StoredValue<Stages>,
    staff: StoredValue<Vec<crate::production::types::Choice>>,
) -> impl IntoView {
    let tp = production_texts();
    let locale = use_locale();
    let ctx = expect_context::<BoardCtx>();
    let user = use_current_user();
    let code = stage.code.clone();
    let name = stage.name(locale).to_owned();
    let count = in_column.len();
    let over = RwSignal::new(false);
    let code_over = code.clone();
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        let allowed = ctx.dragging.with_untracked(|d| {
            d.as_ref().is_some_and(|(_, _, from)| {
                stages.with_value(|s| {
                    may_move(user.get_untracked().map(|u| u.role), s, from, &code_over)
                })
            })
        });
        if allowed {
            ev.prevent_default();
            over.set(true);
        }
    };
    let code_drop = code.clone();
    let name_drop = name.clone();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some((id, version, from)) = ctx.dragging.get_untracked()
            && from != code_drop
        {
            ctx.dragging.set(None);
            ctx.announce.set((tp.moved)(id, &name_drop));
            ctx.mover.dispatch(MoveCard {
                id,
                version,
                stage: code_drop.clone(),
            });
        }
    };
    let style = format!("--stage-colour: {}", stage.colour);
    let heading_id = format!("column-{code}");
    let labelled_by = heading_id.clone();
    let cards = in_column
        .into_iter()
        .map(|card| view! { <BoardCard card now stages staff/> })
        .collect_view();
    view! {
        <section class="board__column" class:board__column--over=move || over.get()
            class:board__column--final=stage.kind.is_final()
            data-stage=code.clone() style=style aria-labelledby=labelled_by
            on:dragover=on_dragover on:dragleave=move |_| over.set(false) on:drop=on_drop>
            <h2 class="board__column-title" id=heading_id>
                <span>{name}</span>
                <span class="board__count" data-testid="column-count">{count}</span>
            </h2>
            <div class="board__cards">
                {(count == 0).then(|| view! { <p class="board__empty muted">{tp.empty_column}</p> })}
                {cards}
            </div>
        </section>
    }
}

#[component]
fn BoardCard(
    card: Card,
    now: i64,
    stages: StoredValue<Stages>,
    staff: StoredValue<Vec<crate::production::types::Choice>>,
) -> impl IntoView {
    let tp = production_texts();
    let locale = use_locale();
    let ctx = expect_context::<BoardCtx>();
    let user = use_current_user();
    let id = card.id;
    let version = card.version;
    let stage_name = stages.with_value(|s| s.name(&card.stage, locale));
    let label = (tp.card_label)(id, &stage_name);
    let minutes = ((now - card.stage_since).max(0)) / 60;
    let drag_stage = card.stage.clone();
    let on_dragstart = move |ev: leptos::ev::DragEvent| {
        // Firefox starts a drag only when it carries data.
        #[cfg(feature = "hydrate")]
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data("text/plain", &id.to_string());
            dt.set_effect_allowed("move");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
        ctx.dragging.set(Some((id, version, drag_stage.clone())));
    };
    let key_stage = card.stage.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        ev.prevent_default();
        let role = user.get_untracked().map(|u| u.role);
        let target = stages.with_value(|s| {
            s.neighbour(&key_stage, step)
                .filter(|to| may_move(role, s, &key_stage, &to.code))
                .map(|to| (to.code.clone(), to.name(locale).to_owned()))
        });
        if let Some((code, name)) = target {
            ctx.focus.set(Some(id));
            ctx.announce.set((tp.moved)(id, &name));
            ctx.mover.dispatch(MoveCard {
                id,
                version,
                stage: code,
            });
        }
    };
    let when = format!("{} {}", card.ready_date, card.time_slot.replace('-', "–"));
    let place = if card.fulfilment == "delivery" {
        tp.delivery.to_owned()
    } else {
        format!("{} · {}", tp.pickup, card.store_name)
    };
    // What the menu shows: as the baker left it before a live redraw, or
    // the card's own stage and assignee.
    let menu = ctx
        .open
        .with_untracked(|m| m.as_ref().filter(|m| m.id == id).cloned());
    let picked_stage = menu
        .as_ref()
        .and_then(|m| m.stage.clone())
        .unwrap_or_else(|| card.stage.clone());
    let picked_assignee = menu
        .as_ref()
        .and_then(|m| m.assignee.clone())
        .unwrap_or_else(|| card.assignee_id.map(|a| a.to_string()).unwrap_or_default());
    let on_toggle = move |ev: leptos::ev::Event| {
        let is_open = event_target::<leptos::web_sys::Element>(&ev).has_attribute("open");
        ctx.open.update(|m| {
            if is_open {
                MenuState::of(m, id);
            } else if m.as_ref().is_some_and(|m| m.id == id) {
                *m = None;
            }
        });
    };
    let on_pick_stage = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        ctx.open
            .update(|m| MenuState::of(m, id).stage = Some(value));
    };
    let on_pick_assignee = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        ctx.open
            .update(|m| MenuState::of(m, id).assignee = Some(value));
    };
    let move_id = format!("move-{id}");
    let assign_id = format!("assign-{id}");
    view! {
        <article class="board-card" class:board-card--late=card.late data-card=id data-version=version
            data-stage=card.stage.clone() tabindex="0" draggable="true" aria-label=label
            on:dragstart=on_dragstart on:dragend=move |_| ctx.dragging.set(None) on:keydown=on_keydown>
            <header class="board-card__head">
                <a class="board-card__no" href=format!("/orders/{id}")>{(tp.order_no)(id)}</a>
                {card.late.then(|| view! { <span class="badge badge--danger" data-testid="late">{tp.late}</span> })}
                <span class="board-card__due">{when}</span>
            </header>
            <ul class="board-card__items">
                {card.items.into_iter().map(|i| view! {
                    <li>
                        <strong>{i.quantity} " × "</strong> {i.product_name}
                        {(!i.variant_name.is_empty()).then(|| view! { <span class="muted">" · " {i.variant_name}</span> })}
                        {(!i.inscription.is_empty()).then(|| view! { <span class="board-card__inscription">"«" {i.inscription} "»"</span> })}
                        {(!i.notes.is_empty()).then(|| view! { <span class="board-card__note">{i.notes}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            {(!card.notes.is_empty()).then(|| view! { <p class="board-card__note">{card.notes}</p> })}
            <p class="board-card__meta">
                <span>{card.client_name}</span>
                <span>{place}</span>
                {card.assignee_name.map(|n| view! { <span class="board-card__assignee" data-testid="assignee">"👤 " {n}</span> })}
            </p>
            <p class="board-card__age muted">{(tp.in_stage)(minutes)}</p>
            <details class="board-card__actions" open=menu.is_some() on:toggle=on_toggle>
                <summary>{tp.move_to} " / " {tp.assign_to}</summary>
                <ActionForm action=ctx.mover attr:class="board-card__form" attr:data-form="move"
                    on:submit=move |_| ctx.open.set(None)>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <label class="visually-hidden" for=move_id.clone()>{tp.move_to}</label>
                    <select class="select select--sm" id=move_id name="stage" on:change=on_pick_stage>
                        {stages.with_value(|s| s.0.iter().map(|st| view! {
                            <option value=st.code.clone() selected=st.code == picked_stage>{st.name(locale).to_owned()}</option>
                        }).collect_view())}
                    </select>
                    <button class="btn btn--sm" type="submit">{tp.move_submit}</button>
                </ActionForm>
                <ActionForm action=ctx.assigner attr:class="board-card__form" attr:data-form="assign"
                    on:submit=move |_| ctx.open.set(None)>
                    <input type="hidden" name="id" value=id/>
                    <label class="visually-hidden" for=assign_id.clone()>{tp.assign_to}</label>
                    <select class="select select--sm" id=assign_id name="assignee" on:change=on_pick_assignee>
                        <option value="" selected=picked_assignee.is_empty()>{tp.nobody}</option>
                        {staff.with_value(|list| list.iter().map(|s| view! {
                            <option value=s.id selected=picked_assignee == s.id.to_string()>{s.name.clone()}</option>
                        }).collect_view())}
                    </select>
                    <button class="btn btn--sm btn--ghost" type="submit">{tp.assign}</button>
                </ActionForm>
            </details>
        </article>
    }
}
