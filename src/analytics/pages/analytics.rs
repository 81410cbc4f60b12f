//! `/admin/analytics`: a period's key figures against the period before,
//! the charts of sales, production and customers, and low stock. The
//! filters are a GET form, so the URL holds them and it works without
//! JavaScript; then every chart shows as its table. With JavaScript,
//! `/charts.js` (which loads ECharts, vendored, on this page only) draws
//! each chart from the option the server built, and a new order or a stage
//! move refetches the figures: the cards and charts change in place.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::analytics::api::analytics_dashboard;
use crate::analytics::texts::{AnalyticsTexts, analytics_texts};
use crate::analytics::types::{
    AnalyticsQuery, Bucket, ChartBlock, Dashboard, Kpis, Preset, change_permille,
};
use crate::app::ServerErrorPage;
use crate::i18n::use_locale;
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::reports::types::date_text;
use crate::ui::{PageHeader, format_money, resource, submit_on_change};

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let t = analytics_texts();
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        let q = query.read();
        AnalyticsQuery::from_pairs(|k| q.get_str(k))
    });
    let refresh = RwSignal::new(0u64);
    let data = resource(
        move || (asked.get(), refresh.get()),
        |(q, _)| analytics_dashboard(q),
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
        <Title text=t.title/>
        // Draws the charts (and loads ECharts): only this page has it.
        <script src="/charts.js" defer></script>
        <div class="container page analytics">
            <PageHeader title=t.title subtitle=t.intro/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        data.await.map(|data| view! { <DashboardView data/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn DashboardView(data: Dashboard) -> impl IntoView {
    let t = analytics_texts();
    let locale = use_locale();
    let problems = (!data.problems.is_empty()).then(|| {
        let list = data
            .problems
            .iter()
            .map(|p| view! { <li data-field=p.field.clone()>{p.message.clone()}</li> })
            .collect_view();
        view! { <div class="alert alert--error" role="alert" id="analytics-problems"><ul>{list}</ul></div> }
    });
    let body = data.problems.is_empty().then(|| {
        let compared = (t.compared)(
            &date_text(data.previous_from, locale),
            &date_text(data.previous_to, locale),
        );
        let export_query = data.query.to_query();
        let export = move |report: &str, ext: &str| {
            let sep = if export_query.is_empty() { "" } else { "&" };
            format!("/admin/analytics/export.{ext}?report={report}{sep}{export_query}")
        };
        let exports = [
            ("sales", t.export_sales),
            ("stock", t.export_stock),
            ("activity", t.export_activity),
        ]
        .into_iter()
        .map(|(report, label)| {
            view! {
                <span class="analytics-export">
                    {label} " "
                    <a class="btn btn--ghost btn--sm" id=format!("export-{report}-csv") href=export(report, "csv") download rel="external">"CSV"</a>
                    <a class="btn btn--ghost btn--sm" id=format!("export-{report}-xlsx") href=export(report, "xlsx") download rel="external">"XLSX"</a>
                </span>
            }
        })
        .collect_view();
        let charts = data
            .charts
            .iter()
            .cloned()
            .map(|block| view! { <ChartFigure block/> })
            .collect_view();
        view! {
            <p class="muted analytics__span" id="analytics-span">
                {date_text(data.from, locale)} " – " {date_text(data.to, locale)} " · " {compared}
                " · " <span class="live-dot" aria-hidden="true"></span> {t.live}
            </p>
            <KpiCards now=data.kpis before=data.previous currency=data.currency.clone()/>
            <div class="toolbar analytics__exports">
                <span class="muted">{t.export}</span>
                {exports}
            </div>
            <div class="chart-grid">{charts}</div>
            <LowStockTable data=data.clone()/>
        }
    });
    view! {
        <FilterForm data=data.clone()/>
        {problems}
        {body}
    }
}

/// The filters: a GET form that submits itself when a choice changes.
#[component]
fn FilterForm(data: Dashboard) -> impl IntoView {
    let t = analytics_texts();
    let q = data.query.clone();
    let picked = if q.period.trim().is_empty() {
        if q.from.trim().is_empty() && q.to.trim().is_empty() {
            "30d".to_owned()
        } else {
            "range".to_owned()
        }
    } else {
        q.period.trim().to_owned()
    };
    let presets = Preset::ALL
        .into_iter()
        .map(|p| {
            let selected = p.code() == picked;
            view! { <option value=p.code() selected=selected>{(t.preset)(p)}</option> }
        })
        .collect_view();
    let select =
        |name: &'static str, all: &'static str, current: String, choices: Vec<(String, String)>| {
            let options = choices
                .into_iter()
                .map(|(value, label)| {
                    let selected = value == current.trim();
                    view! { <option value=value selected=selected>{label}</option> }
                })
                .collect_view();
            view! {
                <select class="select select--sm" name=name id=format!("analytics-{name}")>
                    <option value="">{all}</option>
                    {options}
                </select>
            }
        };
    let stores = data
        .stores
        .iter()
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect();
    let categories = data
        .categories
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    let buckets = [Bucket::Day, Bucket::Week, Bucket::Month]
        .into_iter()
        .map(|b| (b.code().to_owned(), (t.bucket)(b).to_owned()))
        .collect();
    let field = |label: &'static str, control: AnyView| {
        view! {
            <label class="field field--compact">
                <span class="field__label">{label}</span>
                {control}
            </label>
        }
    };
    let date = |name: &'static str, value: String| {
        view! { <input class="input input--sm" type="date" name=name id=format!("analytics-{name}") value=value/> }
            .into_any()
    };
    view! {
        <Form method="GET" action="/admin/analytics" attr:class="card card--pad toolbar analytics-form"
            attr:id="analytics-form" on:change=submit_on_change>
            {field(t.period, view! { <select class="select select--sm" name="period" id="analytics-period">{presets}</select> }.into_any())}
            {field(t.from, date("from", q.from.clone()))}
            {field(t.to, date("to", q.to.clone()))}
            {field(t.store, select("store", t.all_stores, q.store.clone(), stores).into_any())}
            {field(t.category, select("category", t.all_categories, q.category.clone(), categories).into_any())}
            {field(t.by, select("by", t.auto, q.by.clone(), buckets).into_any())}
            <input type="hidden" name="low" value=q.low.clone()/>
            <button class="btn" type="submit">{t.apply}</button>
        </Form>
    }
}

/// The key figures, each with its change against the period before.
#[component]
fn KpiCards(now: Kpis, before: Kpis, currency: String) -> impl IntoView {
    let t = analytics_texts();
    let locale = use_locale();
    let money = move |m: i64| format_money(m, &currency, locale);
    let change = move |n: i64, b: i64, lower_is_better: bool| match change_permille(n, b) {
        None => view! { <span class="kpi__change muted">{t.no_change}</span> }.into_any(),
        Some(p) => {
            let good = if lower_is_better { p <= 0 } else { p >= 0 };
            let class = if p == 0 {
                "kpi__change"
            } else if good {
                "kpi__change kpi__change--up"
            } else {
                "kpi__change kpi__change--down"
            };
            let sign = if p > 0 { "+" } else { "" };
            view! { <span class=class>{format!("{sign}{:.1} %", p as f64 / 10.0)}</span> }
                .into_any()
        }
    };
    let card = |key: &'static str, label: &'static str, value: String, delta: AnyView| {
        view! {
            <div class="kpi card card--pad" data-kpi=key>
                <dt class="kpi__label">{label}</dt>
                <dd class="kpi__value" data-testid=format!("kpi-{key}")>{value}</dd>
                <dd>{delta}</dd>
            </div>
        }
    };
    view! {
        <dl class="kpis" id="analytics-kpis">
            {card("revenue", t.revenue, money(now.revenue_minor), change(now.revenue_minor, before.revenue_minor, false))}
            {card("orders", t.orders, now.orders.to_string(), change(now.orders, before.orders, false))}
            {card("average", t.average, money(now.average_minor), change(now.average_minor, before.average_minor, false))}
            {card("customers", t.customers, (t.new_returning)(now.new_customers, now.returning_orders), change(now.new_customers, before.new_customers, false))}
            {card("cancelled", t.cancelled_share, format!("{:.1} %", now.cancelled_permille as f64 / 10.0), change(now.cancelled_permille, before.cancelled_permille, true))}
        </dl>
    }
}

/// A chart: its canvas (drawn by `/charts.js`) and its data as a table,
/// which is what shows until (or without) the drawing.
#[component]
fn ChartFigure(block: ChartBlock) -> impl IntoView {
    let head = block
        .head
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let class = if i == 0 { "" } else { "num" };
            view! { <th class=class>{h.clone()}</th> }
        })
        .collect_view();
    let rows = block
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let class = if i == 0 { "" } else { "num" };
                    view! { <td class=class>{c.clone()}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <figure class="chart card card--pad" id=block.id.clone() data-chart=block.option.clone()>
            <figcaption class="chart__title">{block.title.clone()}</figcaption>
            <div class="chart__canvas" role="img" aria-label=block.title.clone()></div>
            <div class="table-wrap chart__data">
                <table class="table table--compact">
                    <thead><tr>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </figure>
    }
}

/// Variants running low, per store.
#[component]
fn LowStockTable(data: Dashboard) -> impl IntoView {
    let t: &AnalyticsTexts = analytics_texts();
    let q = data.query.clone();
    let hidden = |name: &'static str, value: String| {
        view! { <input type="hidden" name=name value=value/> }
    };
    let body = if data.low_stock.is_empty() {
        view! { <p class="muted" id="low-stock-none">{t.low_none}</p> }.into_any()
    } else {
        let rows = data
            .low_stock
            .iter()
            .map(|r| {
                view! {
                    <tr>
                        <td>{r.store.clone()}</td>
                        <td>{r.product.clone()}</td>
                        <td>{r.variant.clone()}</td>
                        <td>{r.sku.clone()}</td>
                        <td class="num">{r.quantity}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table table--compact" id="low-stock">
                    <thead><tr>
                        <th>{t.col_store}</th><th>{t.col_product}</th><th>{t.col_variant}</th>
                        <th>{t.col_sku}</th><th class="num">{t.col_left_stock}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card card--pad section" id="low-stock-section">
            <div class="toolbar">
                <h2>{t.low_stock}</h2>
                <span class="toolbar__spacer"></span>
                <Form method="GET" action="/admin/analytics" attr:class="toolbar" attr:id="low-stock-form">
                    {hidden("period", q.period.clone())}
                    {hidden("from", q.from.clone())}
                    {hidden("to", q.to.clone())}
                    {hidden("store", q.store.clone())}
                    {hidden("category", q.category.clone())}
                    {hidden("by", q.by.clone())}
                    <label class="field field--compact field--inline">
                        <span class="field__label">{t.low_threshold}</span>
                        <input class="input input--sm input--qty" type="number" min="0" max="10000" name="low"
                            value=data.low_threshold id="analytics-low"/>
                    </label>
                    <button class="btn btn--sm" type="submit">{t.apply}</button>
                </Form>
            </div>
            {body}
        </section>
    }
}
