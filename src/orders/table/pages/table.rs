//! `/admin/orders`: the back office's orders table. One search box, a
//! filter per column, sorting by any column (the headers), column choice,
//! pages, CSV/XLSX export of everything the filters find, and a bulk
//! status change. All of its state is in the URL (GET forms and links), so
//! it works without JavaScript, a filtered view can be bookmarked or sent,
//! and the back button walks the filters.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::app::{ServerErrorPage, percent_encode};
use crate::i18n::use_locale;
use crate::orders::table::api::{BulkMoveOrders, load_order_table};
use crate::orders::table::texts::{OrderTableTexts, order_table_texts};
use crate::orders::types::{OrderColumn, OrderFilter, OrderLine, OrderTable};
use crate::saved_filters::pages::SavedFiltersBar;
use crate::saved_filters::types::FilterPage;
use crate::ui::{
    EmptyState, FormAlert, Money, PageHeader, Pager, action_error, format_money, resource,
};

/// The current URL's filters and sort, plus the chosen columns, as a query
/// string with `page` (or none) and the given sort.
fn href(
    filter: &OrderFilter,
    cols: &[OrderColumn],
    page: Option<i64>,
    sort: Option<(&str, &str)>,
) -> String {
    let mut f = filter.clone();
    if let Some((column, dir)) = sort {
        f.sort = column.to_owned();
        f.dir = dir.to_owned();
    }
    let mut parts: Vec<String> = f
        .query()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
        .collect();
    if cols != OrderColumn::DEFAULT {
        parts.extend(cols.iter().map(|c| format!("cols={}", c.code())));
    }
    if let Some(n) = page.filter(|n| *n > 1) {
        parts.push(format!("page={n}"));
    }
    parts.join("&")
}

#[component]
pub fn OrdersTablePage() -> impl IntoView {
    let tt = order_table_texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        OrderFilter::from_query(|k| q.get(k))
    });
    let cols =
        Memo::new(move |_| OrderColumn::chosen(&query.read().get_all("cols").unwrap_or_default()));
    // What "save filters" keeps: the filters, sort and columns, no page.
    let saved_query = Signal::derive(move || href(&filter.get(), &cols.get(), None, None));
    let bulk = ServerAction::<BulkMoveOrders>::new();
    let table = resource(
        move || (filter.get(), bulk.version().get()),
        |(f, _)| load_order_table(f),
    );
    view! {
        <Title text=tt.title/>
        <div class="container container--wide page">
            <PageHeader title=tt.title/>
            <SavedFiltersBar page=FilterPage::Orders query=saved_query/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        table.await.map(|table| view! {
                            <OrdersView table filter=filter.get_untracked() cols=cols.get_untracked() bulk/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn OrdersView(
    table: OrderTable,
    filter: OrderFilter,
    cols: Vec<OrderColumn>,
    bulk: ServerAction<BulkMoveOrders>,
) -> impl IntoView {
    let tt = order_table_texts();
    let locale = use_locale();
    let label = |field: &str| -> &'static str {
        match field {
            "q" => tt.search,
            "client" => (tt.column)(OrderColumn::Client),
            "item" => (tt.column)(OrderColumn::Items),
            "stage" => (tt.column)(OrderColumn::Stage),
            "payment" => (tt.column)(OrderColumn::Payment),
            "from" => tt.from,
            "to" => tt.to,
            "min" => tt.min,
            "max" => tt.max,
            _ => "",
        }
    };
    let problems = (!table.problems.is_empty()).then(|| {
        let list = table
            .problems
            .iter()
            .map(|p| view! { <li data-field=p.field.clone()><strong>{label(&p.field)}</strong> " " {p.message.clone()}</li> })
            .collect_view();
        view! { <div class="alert alert--error" role="alert" id="orders-problems"><ul>{list}</ul></div> }
    });
    let stage_options = table
        .stages
        .0
        .iter()
        .map(|s| (s.code.clone(), s.name(locale).to_owned()))
        .collect::<Vec<_>>();
    let export_query = href(&filter, &cols, None, None);
    let export_csv = format!("/admin/orders/export.csv?{export_query}");
    let export_xlsx = format!("/admin/orders/export.xlsx?{export_query}");
    let last_page = ((table.total + table.per_page - 1) / table.per_page).max(1);
    let (page, total) = (table.page, table.total);
    let page_link = {
        let (filter, cols) = (filter.clone(), cols.clone());
        move |n: i64| format!("/admin/orders?{}", href(&filter, &cols, Some(n), None))
    };
    let sum = format_money(table.sum_minor, &crate::shop::use_shop().currency, locale);
    let count = if table.exact {
        (tt.count)(total, &sum)
    } else {
        (tt.count_many)(total)
    };
    let can_edit = table.can_edit;
    let body = if table.rows.is_empty() {
        view! { <EmptyState title=tt.no_orders>""</EmptyState> }.into_any()
    } else {
        view! {
            <Table rows=table.rows filter=filter.clone() cols=cols.clone() can_edit stage_options=stage_options.clone() bulk/>
            <Pager page last_page link=page_link/>
        }
        .into_any()
    };
    view! {
        <FilterForm filter=filter.clone() cols=cols.clone() stage_options/>
        {problems}
        <div class="toolbar orders-summary">
            <p class="muted" data-testid="orders-count">{count}</p>
            <span class="toolbar__spacer"></span>
            <span class="muted" title=tt.export_hint>{tt.export}</span>
            <a class="btn btn--ghost btn--sm" id="export-csv" href=export_csv download rel="external">"CSV"</a>
            <a class="btn btn--ghost btn--sm" id="export-xlsx" href=export_xlsx download rel="external">"XLSX"</a>
        </div>
        {(!can_edit).then(|| view! { <p class="muted">{tt.read_only}</p> })}
        {body}
    }
}

/// The filters: a GET form, so the URL holds them.
#[component]
fn FilterForm(
    filter: OrderFilter,
    cols: Vec<OrderColumn>,
    stage_options: Vec<(String, String)>,
) -> impl IntoView {
    let tt = order_table_texts();
    // Open when a filter other than the search box is set.
    let open = filter
        .query()
        .iter()
        .any(|(k, _)| *k != "q" && OrderFilter::FILTER_KEYS.contains(k));
    let stage = filter.stage.clone();
    let payment = filter.payment.clone();
    let stages = stage_options
        .into_iter()
        .map(|(code, name)| {
            let selected = code == stage;
            view! { <option value=code selected=selected>{name}</option> }
        })
        .collect_view();
    let payments = crate::orders::types::PAYMENT_STATUSES
        .iter()
        .map(
            |p| view! { <option value=*p selected=*p == payment>{(tt.payment_status)(p)}</option> },
        )
        .collect_view();
    let columns = OrderColumn::ALL
        .into_iter()
        .map(|c| {
            let checked = cols.contains(&c);
            view! {
                <label class="check">
                    <input type="checkbox" name="cols" value=c.code() checked=checked/>
                    " " {(tt.column)(c)}
                </label>
            }
        })
        .collect_view();
    let text = |name: &'static str, label: &'static str, value: String, kind: &'static str| {
        view! {
            <label class="field field--compact">
                <span class="field__label">{label}</span>
                <input class="input input--sm" type=kind name=name value=value/>
            </label>
        }
    };
    view! {
        <Form method="GET" action="/admin/orders" attr:class="card card--pad orders-filters" attr:id="orders-filters" attr:role="search">
            <div class="toolbar">
                <input class="input" type="search" name="q" placeholder=tt.search_placeholder
                    aria-label=tt.search value=filter.q.clone()/>
                <button class="btn" type="submit">{tt.apply}</button>
                <a class="btn btn--ghost" href="/admin/orders" id="orders-clear">{tt.clear}</a>
            </div>
            <details class="orders-filters__more" open=open>
                <summary>{tt.filters}</summary>
                <div class="filter-grid">
                    {text("client", (tt.column)(OrderColumn::Client), filter.client.clone(), "text")}
                    {text("item", (tt.column)(OrderColumn::Items), filter.item.clone(), "text")}
                    <label class="field field--compact">
                        <span class="field__label">{(tt.column)(OrderColumn::Stage)}</span>
                        <select class="select select--sm" name="stage">
                            <option value="">{tt.any}</option>
                            {stages}
                        </select>
                    </label>
                    <label class="field field--compact">
                        <span class="field__label">{(tt.column)(OrderColumn::Payment)}</span>
                        <select class="select select--sm" name="payment">
                            <option value="">{tt.any}</option>
                            {payments}
                        </select>
                    </label>
                    {text("from", tt.from, filter.from.clone(), "date")}
                    {text("to", tt.to, filter.to.clone(), "date")}
                    {text("min", tt.min, filter.min.clone(), "text")}
                    {text("max", tt.max, filter.max.clone(), "text")}
                </div>
            </details>
            <details class="orders-filters__columns">
                <summary>{tt.columns}</summary>
                <div class="check-list">{columns}</div>
            </details>
            {(!filter.sort.is_empty()).then(|| view! { <input type="hidden" name="sort" value=filter.sort.clone()/> })}
            {(!filter.dir.is_empty()).then(|| view! { <input type="hidden" name="dir" value=filter.dir.clone()/> })}
        </Form>
    }
}

#[component]
fn Table(
    rows: Vec<OrderLine>,
    filter: OrderFilter,
    cols: Vec<OrderColumn>,
    can_edit: bool,
    stage_options: Vec<(String, String)>,
    bulk: ServerAction<BulkMoveOrders>,
) -> impl IntoView {
    let tt = order_table_texts();
    let all = RwSignal::new(false);
    // The sort now in force: newest first unless the URL says otherwise.
    let (sorted, desc) = if filter.sort.is_empty() {
        ("created".to_owned(), filter.dir != "asc")
    } else {
        (filter.sort.clone(), filter.dir == "desc")
    };
    let headers = cols
        .iter()
        .map(|&c| {
            let name = (tt.column)(c);
            let class = if c == OrderColumn::Total { "num" } else { "" };
            if !c.sortable() {
                return view! { <th class=class scope="col">{name}</th> }.into_any();
            }
            let active = sorted == c.code();
            // A click sorts by the column; a second click turns the order.
            let next = if active && !desc {
                "desc"
            } else if active {
                "asc"
            } else if matches!(
                c,
                OrderColumn::Created | OrderColumn::Total | OrderColumn::Number
            ) {
                "desc"
            } else {
                "asc"
            };
            let link = format!(
                "/admin/orders?{}",
                href(&filter, &cols, None, Some((c.code(), next)))
            );
            let aria = active.then_some(if desc { "descending" } else { "ascending" });
            let arrow = if !active {
                ""
            } else if desc {
                " ↓"
            } else {
                " ↑"
            };
            view! {
                <th class=class scope="col" aria-sort=aria>
                    <a href=link data-sort=c.code()>{name}{arrow}</a>
                </th>
            }
            .into_any()
        })
        .collect_view();
    let cols_rows = cols.clone();
    let body = rows
        .into_iter()
        .map(|row| view! { <Row row cols=cols_rows.clone() can_edit all/> })
        .collect_view();
    let table = view! {
        <div class="table-wrap">
            <table class="table" id="orders-table">
                <thead>
                    <tr>
                        {can_edit.then(|| view! {
                            <th class="table__check">
                                <input type="checkbox" aria-label=tt.select_all
                                    on:change=move |ev| all.set(event_target_checked(&ev))/>
                            </th>
                        })}
                        {headers}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    };
    if !can_edit {
        return table.into_any();
    }
    view! { <BulkForm bulk stage_options>{table}</BulkForm> }.into_any()
}

/// The bulk status change: the table's checkboxes belong to this form.
#[component]
fn BulkForm(
    bulk: ServerAction<BulkMoveOrders>,
    stage_options: Vec<(String, String)>,
    children: Children,
) -> impl IntoView {
    let tt = order_table_texts();
    let error = action_error(bulk);
    let outcome = move || bulk.value().get().and_then(|r| r.ok());
    let options = stage_options
        .into_iter()
        .map(|(code, name)| view! { <option value=code>{name}</option> })
        .collect_view();
    view! {
        <ActionForm action=bulk attr:id="orders-bulk" attr:class="orders-bulk">
            <div class="toolbar orders-bulk__bar">
                <label for="bulk-stage">{tt.with_selected}</label>
                <select class="select select--sm" id="bulk-stage" name="stage">{options}</select>
                <button class="btn btn--sm" type="submit">{tt.bulk_submit}</button>
            </div>
            <FormAlert error/>
            {move || outcome().map(|o| {
                let skipped = o.skipped.iter().map(|(id, why)| view! { <li>"№" {*id} ": " {why.clone()}</li> }).collect_view();
                view! {
                    <div class="alert alert--success" role="status" id="bulk-outcome">
                        {(tt.bulk_done)(o.moved.len(), o.skipped.len())}
                        <ul>{skipped}</ul>
                    </div>
                }
            })}
            {children()}
        </ActionForm>
    }
}

#[component]
fn Row(
    row: OrderLine,
    cols: Vec<OrderColumn>,
    can_edit: bool,
    all: RwSignal<bool>,
) -> impl IntoView {
    let tt: &'static OrderTableTexts = order_table_texts();
    let id = row.id;
    let cells = cols
        .iter()
        .map(|&c| match c {
            OrderColumn::Number => view! { <td><a href=format!("/admin/orders/{id}")>"№" {id}</a></td> }.into_any(),
            OrderColumn::Created => view! { <td class="nowrap">{row.created.clone()}</td> }.into_any(),
            OrderColumn::Client => {
                view! { <td><a href=format!("/admin/clients/{}", row.client_id)>{row.client_name.clone()}</a></td> }.into_any()
            }
            OrderColumn::Phone => view! { <td class="nowrap">{row.phone.clone()}</td> }.into_any(),
            OrderColumn::Items => view! { <td>{row.items.clone()}</td> }.into_any(),
            OrderColumn::Stage => {
                let style = format!("--stage-colour: {}", row.stage_colour);
                view! { <td><span class="stage stage-badge" style=style data-stage=row.stage.clone()>{row.stage_name.clone()}</span></td> }.into_any()
            }
            OrderColumn::Ready => {
                let ready = row
                    .ready_date
                    .clone()
                    .map(|d| format!("{d} {}", row.time_slot.replace('-', "–")))
                    .unwrap_or_default();
                view! { <td class="nowrap">{ready}</td> }.into_any()
            }
            OrderColumn::Fulfilment => {
                let place = if row.fulfilment == "delivery" {
                    tt.delivery.to_owned()
                } else {
                    match &row.store_name {
                        Some(s) => format!("{} · {s}", tt.pickup),
                        None => tt.pickup.to_owned(),
                    }
                };
                view! { <td>{place}</td> }.into_any()
            }
            OrderColumn::Payment => view! { <td>{(tt.payment_status)(&row.payment_status)}</td> }.into_any(),
            OrderColumn::Total => view! { <td class="num" data-total=row.total_minor><Money minor=row.total_minor/></td> }.into_any(),
            OrderColumn::Notes => view! { <td>{row.notes.clone()}</td> }.into_any(),
        })
        .collect_view();
    view! {
        <tr data-order=id>
            {can_edit.then(|| view! {
                <td class="table__check">
                    <input type="checkbox" name="ids[]" value=id aria-label=(tt.select)(id) prop:checked=move || all.get()/>
                </td>
            })}
            {cells}
        </tr>
    }
}
