//! `/admin/clients`: one search box across every contact field, sorting,
//! pages; the state lives in the URL (a GET form, so it works without
//! JavaScript and the back button walks the searches).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::app::{ServerErrorPage, percent_encode};
use crate::clients::api::CreateClient;
use crate::clients::api::list_clients;
use crate::clients::texts::client_texts;
use crate::clients::types::{ClientList as Page, ClientRow};
use crate::saved_filters::pages::SavedFiltersBar;
use crate::saved_filters::types::FilterPage;
use crate::ui::{
    EmptyState, Field, FormAlert, Money, Notice, PageHeader, Pager, action_error, resource,
    submit_on_change,
};

#[component]
pub fn ClientsPage() -> impl IntoView {
    let t = client_texts();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("q").unwrap_or_default(),
            q.get("sort").unwrap_or_default(),
            q.get("page").and_then(|p| p.parse::<i64>().ok()),
        )
    });
    let clients = resource(
        move || filters.get(),
        |(q, sort, page)| list_clients(Some(q), Some(sort), page),
    );
    // What "save filters" keeps: the search and the sort, no page.
    let saved_query = Signal::derive(move || {
        let (q, sort, _) = filters.get();
        FilterPage::Clients.clean_query(&format!(
            "q={}&sort={}",
            percent_encode(&q),
            percent_encode(&sort)
        ))
    });
    let deleted = Signal::derive(move || {
        (query.read().get("notice").as_deref() == Some("deleted")).then(|| t.deleted.to_owned())
    });
    let current_q = move || filters.get().0;
    let current_sort = move || filters.get().1;
    view! {
        <Title text=t.clients_title/>
        <div class="container page">
            <PageHeader title=t.clients_title/>
            <SavedFiltersBar page=FilterPage::Clients query=saved_query/>
            <Notice text=deleted/>
            <Form method="GET" action="" attr:class="toolbar" attr:role="search" attr:id="clients-search"
                on:change=submit_on_change>
                <input class="input" type="search" name="q" placeholder=t.search_placeholder
                    aria-label=t.search prop:value=current_q value=current_q/>
                <select class="select" name="sort" aria-label=t.sort_label>
                    <option value="name" selected=move || matches!(current_sort().as_str(), "" | "name")>{t.sort_name}</option>
                    <option value="newest" selected=move || current_sort() == "newest">{t.sort_newest}</option>
                    <option value="oldest" selected=move || current_sort() == "oldest">{t.sort_oldest}</option>
                </select>
                <button class="btn" type="submit">{t.find}</button>
                <a class="btn btn--ghost" href="/admin/clients">{t.clear}</a>
            </Form>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        clients.await.map(|page| view! {
                            {page.can_edit.then(|| view! { <NewClientForm/> })}
                            <ClientTable page/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn ClientTable(page: Page) -> impl IntoView {
    let t = client_texts();
    if page.rows.is_empty() {
        return view! { <EmptyState title=t.no_clients>""</EmptyState> }.into_any();
    }
    let query = use_query_map();
    let page_link = move |n: i64| {
        let q = query.read();
        let mut parts = vec![format!("page={n}")];
        for key in ["q", "sort"] {
            if let Some(v) = q.get(key).filter(|v| !v.is_empty()) {
                parts.push(format!("{key}={}", percent_encode(&v)));
            }
        }
        format!("/admin/clients?{}", parts.join("&"))
    };
    let last_page = ((page.total + page.per_page - 1) / page.per_page).max(1);
    let (current, total) = (page.page, page.total);
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <ClientLine row/> })
        .collect_view();
    view! {
        <p class="muted" data-testid="clients-count">{(t.clients_count)(total)}</p>
        <div class="table-wrap">
            <table class="table" id="clients-table">
                <thead>
                    <tr>
                        <th>{t.name}</th>
                        <th>{t.phone}</th>
                        <th>{t.email}</th>
                        <th class="num">{t.orders}</th>
                        <th class="num">{t.spent}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=current last_page link=page_link/>
    }
    .into_any()
}

#[component]
fn ClientLine(row: ClientRow) -> impl IntoView {
    let c = row.client;
    let href = format!("/admin/clients/{}", c.id);
    let name = c.full_name();
    view! {
        <tr data-client=c.id>
            <td><a href=href>{name}</a></td>
            <td>{c.phone}</td>
            <td>{c.email}</td>
            <td class="num">{row.orders}</td>
            <td class="num"><Money minor=row.spent_minor/></td>
        </tr>
    }
}

/// "New client": a folded form (phone orders' clients, walk-ins). Saving
/// opens the new client's page.
#[component]
fn NewClientForm() -> impl IntoView {
    let t = client_texts();
    let create = ServerAction::<CreateClient>::new();
    let error = action_error(create);
    // Open again after a refused save, so the messages show.
    let open = move || error.get().is_some();
    view! {
        <details class="card card--pad section new-client" id="new-client" open=open>
            <summary>{t.new_client}</summary>
            <ActionForm action=create attr:class="form form--grid" attr:id="new-client-form">
                <Field label=t.last_name name="last_name" form_id="new-client" error required=true/>
                <Field label=t.first_name name="first_name" form_id="new-client" error required=true/>
                <Field label=t.middle_name name="middle_name" form_id="new-client" error/>
                <Field label=t.phone name="phone" kind="tel" form_id="new-client" error/>
                <Field label=t.email name="email" kind="email" form_id="new-client" error/>
                <div class="field field--wide">
                    <label class="field__label" for="new-client-notes">{t.notes}</label>
                    <textarea class="input" id="new-client-notes" name="notes" rows="2"></textarea>
                </div>
                <FormAlert error fields=&["last_name", "first_name", "middle_name", "phone", "email", "notes"]/>
                <div><button class="btn btn--primary" type="submit">{t.create}</button></div>
            </ActionForm>
        </details>
    }
}
