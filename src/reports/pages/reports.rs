//! `/admin/reports`: a period (today, 7, 30 or 365 days, or any dates), its
//! figures, top clients and top products; save it, open saved ones as they
//! were, export it as CSV, XLSX or plain text. The period is in the URL (a
//! GET form), so it works without JavaScript and a report can be sent as a
//! link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::app::ServerErrorPage;
use crate::i18n::use_locale;
use crate::reports::api::{SaveReport, load_reports};
use crate::reports::texts::{ReportTexts, report_texts};
use crate::reports::types::{Period, ReportQuery, ReportsData, SavedLine, Shown, date_text};
use crate::ui::{FormAlert, Money, Notice, PageHeader, action_error, resource, submit_on_change};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let t = report_texts();
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        let q = query.read();
        ReportQuery {
            period: q.get("period").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            saved: q.get("saved").and_then(|s| s.trim().parse().ok()),
        }
    });
    let save = ServerAction::<SaveReport>::new();
    let data = resource(
        move || (asked.get(), save.version().get()),
        |(q, _)| load_reports(q),
    );
    view! {
        <Title text=t.title/>
        <div class="container page">
            <PageHeader title=t.title subtitle=t.subtitle/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        data.await.map(|data| view! { <ReportsView data save/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn ReportsView(data: ReportsData, save: ServerAction<SaveReport>) -> impl IntoView {
    let t = report_texts();
    let problems = (!data.problems.is_empty()).then(|| {
        let list = data
            .problems
            .iter()
            .map(|p| view! { <li data-field=p.field.clone()>{p.message.clone()}</li> })
            .collect_view();
        view! { <div class="alert alert--error" role="alert" id="report-problems"><ul>{list}</ul></div> }
    });
    let shown = data.shown.map(|shown| view! { <ShownReport shown save/> });
    view! {
        <PeriodForm query=data.query.clone()/>
        {problems}
        {shown}
        <SavedReports saved=data.saved t/>
    }
}

/// The period picker: a GET form.
#[component]
fn PeriodForm(query: ReportQuery) -> impl IntoView {
    let t = report_texts();
    let picked = if query.saved.is_some() {
        String::new()
    } else if query.period.trim().is_empty() {
        if query.from.trim().is_empty() && query.to.trim().is_empty() {
            "month".to_owned()
        } else {
            "range".to_owned()
        }
    } else {
        query.period.trim().to_owned()
    };
    let options = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Year,
        Period::Range,
    ]
    .into_iter()
    .map(|p| {
        let selected = p.code() == picked;
        view! { <option value=p.code() selected=selected>{(t.period_name)(p)}</option> }
    })
    .collect_view();
    let date = |name: &'static str, label: &'static str, value: String| {
        view! {
            <label class="field field--compact">
                <span class="field__label">{label}</span>
                <input class="input input--sm" type="date" name=name value=value/>
            </label>
        }
    };
    view! {
        <Form method="GET" action="/admin/reports" attr:class="card card--pad toolbar report-form"
            attr:id="report-form" on:change=submit_on_change>
            <label class="field field--compact">
                <span class="field__label">{t.period}</span>
                <select class="select select--sm" name="period">{options}</select>
            </label>
            {date("from", t.from, query.from.clone())}
            {date("to", t.to, query.to.clone())}
            <button class="btn" type="submit">{t.show}</button>
        </Form>
    }
}

/// The report on screen: figures, export links, the save button, the top
/// clients and products.
#[component]
fn ShownReport(shown: Shown, save: ServerAction<SaveReport>) -> impl IntoView {
    let t = report_texts();
    let locale = use_locale();
    let f = shown.figures;
    let heading = (t.report_for)(
        &date_text(shown.date_from, locale),
        &date_text(shown.date_to, locale),
    );
    let note = shown.saved.as_ref().map(
        |(id, at)| view! { <p class="muted" id="report-saved-note">{(t.saved_note)(*id, at)}</p> },
    );
    // Exports ask for exactly what is on screen: a saved report by number,
    // else the resolved period (dates only for a range).
    let export_query = match &shown.saved {
        Some((id, _)) => format!("saved={id}"),
        None if shown.period == Period::Range => format!(
            "period=range&from={}&to={}",
            shown.date_from.format("%Y-%m-%d"),
            shown.date_to.format("%Y-%m-%d")
        ),
        None => format!("period={}", shown.period.code()),
    };
    let export = |ext: &'static str| format!("/admin/reports/export.{ext}?{export_query}");
    let save_form = shown.saved.is_none().then(|| {
        let error = action_error(save);
        let saved = Signal::derive(move || match save.value().get() {
            Some(Ok(id)) => Some((t.saved_as)(id)),
            _ => None,
        });
        let (from, to) = if shown.period == Period::Range {
            (
                shown.date_from.format("%Y-%m-%d").to_string(),
                shown.date_to.format("%Y-%m-%d").to_string(),
            )
        } else {
            (String::new(), String::new())
        };
        view! {
            <ActionForm action=save attr:id="report-save" attr:class="report-save">
                <input type="hidden" name="period" value=shown.period.code()/>
                <input type="hidden" name="from" value=from/>
                <input type="hidden" name="to" value=to/>
                <button class="btn btn--primary btn--sm" type="submit">{t.save}</button>
            </ActionForm>
            <FormAlert error/>
            <Notice text=saved/>
        }
    });
    let kpi = |key: &'static str, label: &'static str, value: AnyView| {
        view! {
            <div class="kpi" data-kpi=key>
                <dt class="kpi__label">{label}</dt>
                <dd class="kpi__value">{value}</dd>
            </div>
        }
    };
    let clients = if f.top_clients.is_empty() {
        view! { <p class="muted">{t.nothing_sold}</p> }.into_any()
    } else {
        let rows = f
            .top_clients
            .into_iter()
            .map(|c| {
                view! {
                    <tr data-client=c.client_id>
                        <td><a href=format!("/admin/clients/{}", c.client_id)>{c.name}</a></td>
                        <td class="num">{c.orders}</td>
                        <td class="num"><Money minor=c.revenue_minor/></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table" id="report-top-clients">
                    <thead><tr><th>{t.client}</th><th class="num">{t.orders}</th><th class="num">{t.revenue}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let products = if f.top_products.is_empty() {
        view! { <p class="muted">{t.nothing_sold}</p> }.into_any()
    } else {
        let rows = f
            .top_products
            .into_iter()
            .map(|p| {
                view! {
                    <tr>
                        <td>{p.product}</td>
                        <td class="num">{p.quantity}</td>
                        <td class="num"><Money minor=p.revenue_minor/></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table" id="report-top-products">
                    <thead><tr><th>{t.product}</th><th class="num">{t.quantity}</th><th class="num">{t.revenue}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card card--pad section report" id="report">
            <div class="toolbar">
                <h2 class="report__title" id="report-title">{heading}</h2>
                <span class="toolbar__spacer"></span>
                <span class="muted" title=t.export_hint>{t.export}</span>
                <a class="btn btn--ghost btn--sm" id="report-csv" href=export("csv") download rel="external">"CSV"</a>
                <a class="btn btn--ghost btn--sm" id="report-xlsx" href=export("xlsx") download rel="external">"XLSX"</a>
                <a class="btn btn--ghost btn--sm" id="report-txt" href=export("txt") download rel="external">"TXT"</a>
            </div>
            {note}
            <dl class="kpis" id="report-figures">
                {kpi("orders", t.orders, f.orders.into_any())}
                {kpi("revenue", t.revenue, view! { <Money minor=f.revenue_minor/> }.into_any())}
                {kpi("average", t.average, view! { <Money minor=f.average_minor/> }.into_any())}
                {kpi("completed", t.completed, f.completed.into_any())}
                {kpi("cancelled", t.cancelled, f.cancelled.into_any())}
                {kpi("new-clients", t.new_clients, f.new_clients.into_any())}
            </dl>
            {save_form}
        </section>
        <div class="grid grid--2">
            <section class="card card--pad section">
                <h2>{t.top_clients}</h2>
                {clients}
            </section>
            <section class="card card--pad section">
                <h2>{t.top_products}</h2>
                {products}
            </section>
        </div>
    }
}

/// Saved reports, newest first, each openable as it was saved.
#[component]
fn SavedReports(saved: Vec<SavedLine>, t: &'static ReportTexts) -> impl IntoView {
    let locale = use_locale();
    let body = if saved.is_empty() {
        view! { <p class="muted">{t.no_saved}</p> }.into_any()
    } else {
        let rows = saved
            .into_iter()
            .map(|r| {
                let dates = format!(
                    "{} – {}",
                    date_text(r.date_from, locale),
                    date_text(r.date_to, locale)
                );
                view! {
                    <tr data-report=r.id>
                        <td>{format!("№{}", r.id)}</td>
                        <td>{(t.period_name)(r.period)}</td>
                        <td>{dates}</td>
                        <td>{r.created}</td>
                        <td class="num">{r.orders}</td>
                        <td class="num"><Money minor=r.revenue_minor/></td>
                        <td><a href=format!("/admin/reports?saved={}", r.id)>{t.open}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table" id="saved-reports">
                    <thead>
                        <tr>
                            <th>{t.report_no}</th>
                            <th>{t.period}</th>
                            <th>{t.dates}</th>
                            <th>{t.saved_at}</th>
                            <th class="num">{t.orders}</th>
                            <th class="num">{t.revenue}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card card--pad section">
            <h2>{t.saved_reports}</h2>
            {body}
        </section>
    }
}
