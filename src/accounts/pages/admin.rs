//! The admin's pages: users (search, filter, add, change role, block) and
//! the mail outbox.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::accounts::api::{CreateUser, SetUserBlocked, SetUserRole, list_users, outbox};
use crate::accounts::texts::account_texts;
use crate::accounts::types::{Role, UserList, UserSummary};
use crate::app::ServerErrorPage;
use crate::ui::{EmptyState, Field, FormAlert, Notice, PageHeader, Pager, action_error, resource};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let t = account_texts();
    let query = use_query_map();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_blocked = ServerAction::<SetUserBlocked>::new();
    let create = ServerAction::<CreateUser>::new();
    let filters = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("q"),
            q.get("role"),
            q.get("page").and_then(|p| p.parse::<i64>().ok()),
        )
    });
    let users = resource(
        move || {
            (
                filters.get(),
                set_role.version().get(),
                set_blocked.version().get(),
                create.version().get(),
            )
        },
        |((q, role, page), _, _, _)| list_users(q, role, page),
    );
    let row_error = Signal::derive(move || {
        action_error(set_role)
            .get()
            .or_else(|| action_error(set_blocked).get())
    });
    let create_error = action_error(create);
    let created = Signal::derive(move || {
        matches!(create.value().get(), Some(Ok(()))).then(|| t.user_added.to_owned())
    });
    let current_q = move || filters.get().0.unwrap_or_default();
    let current_role = move || filters.get().1.unwrap_or_default();

    view! {
        <Title text=t.users_title/>
        <div class="container page">
            <PageHeader title=t.users_title/>
            <Form method="GET" action="" attr:class="toolbar" attr:role="search">
                <input class="input" type="search" name="q" placeholder=t.users_search
                    aria-label=t.users_search prop:value=current_q value=current_q/>
                <select class="select" name="role" aria-label=t.role>
                    <option value="" selected=move || current_role().is_empty()>{t.all_roles}</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || current_role() == r.as_str()>{t.role(r)}</option>
                    }).collect_view()}
                </select>
                <button class="btn" type="submit">{t.search}</button>
            </Form>
            <FormAlert error=row_error/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        users.await.map(|list| view! { <UserTable list set_role set_blocked/> })
                    })}
                </ErrorBoundary>
            </Transition>

            <section class="card card--pad section">
                <h2>{t.add_user}</h2>
                <p class="muted">{t.add_user_lead}</p>
                <ActionForm action=create attr:class="form form--grid" attr:id="create-user-form">
                    <Field label=t.name name="name" form_id="new" required=true error=create_error/>
                    <Field label=t.email name="email" kind="email" form_id="new" required=true error=create_error/>
                    <Field label=t.password name="password" kind="password" form_id="new"
                        autocomplete="new-password" hint=t.password_hint required=true error=create_error/>
                    <div class="field">
                        <label class="field__label" for="new-role">{t.role}</label>
                        <select class="select" id="new-role" name="role">
                            {Role::ALL.into_iter().map(|r| view! {
                                <option value=r.as_str() selected=r == Role::Customer>{t.role(r)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <FormAlert error=create_error fields=&["name", "email", "password"]/>
                    <Notice text=created/>
                    <div><button class="btn btn--primary" type="submit">{t.add_user}</button></div>
                </ActionForm>
            </section>
        </div>
    }
}

#[component]
fn UserTable(
    list: UserList,
    set_role: ServerAction<SetUserRole>,
    set_blocked: ServerAction<SetUserBlocked>,
) -> impl IntoView {
    let t = account_texts();
    if list.users.is_empty() {
        return view! { <EmptyState title=t.no_users>""</EmptyState> }.into_any();
    }
    let query = use_query_map();
    let page_link = move |page: i64| {
        let q = query.read();
        let mut parts = vec![format!("page={page}")];
        if let Some(v) = q.get("q").filter(|v| !v.is_empty()) {
            parts.push(format!("q={}", crate::app::percent_encode(&v)));
        }
        if let Some(v) = q.get("role").filter(|v| !v.is_empty()) {
            parts.push(format!("role={v}"));
        }
        format!("/admin/users?{}", parts.join("&"))
    };
    let last_page = ((list.total + list.per_page - 1) / list.per_page).max(1);
    let (page, total) = (list.page, list.total);
    let rows = list
        .users
        .into_iter()
        .map(|u| view! { <UserRow user=u set_role set_blocked/> })
        .collect_view();
    view! {
        <p class="muted">{(t.users_count)(total)}</p>
        <div class="table-wrap">
            <table class="table" id="users-table">
                <thead>
                    <tr>
                        <th>{t.name}</th>
                        <th>{t.email}</th>
                        <th>{t.role}</th>
                        <th>{t.status}</th>
                        <th>{t.actions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page last_page link=page_link/>
    }
    .into_any()
}

#[component]
fn UserRow(
    user: UserSummary,
    set_role: ServerAction<SetUserRole>,
    set_blocked: ServerAction<SetUserBlocked>,
) -> impl IntoView {
    let t = account_texts();
    let (status, badge) = if user.blocked {
        (t.status_blocked, "badge badge--danger")
    } else if !user.email_verified {
        (t.status_unconfirmed, "badge badge--warning")
    } else {
        (t.status_active, "badge badge--success")
    };
    let id = user.id.to_string();
    let id2 = id.clone();
    let role = user.role.clone();
    let email = user.email.clone();
    // What the server holds (the select shows what was picked, saved or not).
    let saved_role = user.role.clone();
    view! {
        <tr data-email=email data-role=saved_role>
            <td>{user.name}</td>
            <td>{user.email}</td>
            <td>
                <ActionForm action=set_role attr:class="form--inline">
                    <input type="hidden" name="user_id" value=id/>
                    <select class="select select--sm" name="role" aria-label=t.change_role>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=role == r.as_str()>{t.role(r)}</option>
                        }).collect_view()}
                    </select>
                    <button class="btn btn--sm" type="submit">{t.save}</button>
                </ActionForm>
            </td>
            <td><span class=badge>{status}</span></td>
            <td>
                <ActionForm action=set_blocked attr:class="form--inline">
                    <input type="hidden" name="user_id" value=id2/>
                    <input type="hidden" name="blocked" value=(!user.blocked).to_string()/>
                    <button class=if user.blocked { "btn btn--sm" } else { "btn btn--sm btn--danger" } type="submit">
                        {if user.blocked { t.unblock } else { t.block }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let t = account_texts();
    let messages = resource(|| (), |_| outbox());
    view! {
        <Title text=t.outbox_title/>
        <div class="container page">
            <PageHeader title=t.outbox_title subtitle=t.outbox_lead/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        messages.await.map(|(list, total)| {
                            if list.is_empty() {
                                return view! { <EmptyState title=t.outbox_empty>""</EmptyState> }.into_any();
                            }
                            view! {
                                <p class="muted">{(t.messages_count)(total)}</p>
                                <ul class="outbox" id="outbox">
                                    {list.into_iter().map(|m| view! {
                                        <li class="card card--pad outbox__item">
                                            <details>
                                                <summary>
                                                    <strong class="outbox__subject">{m.subject}</strong>
                                                    <span class="muted">{format!(" · {} · {}", m.to_address, crate::ui::format_timestamp(m.created_at))}</span>
                                                </summary>
                                                <pre class="outbox__body">{m.body_text}</pre>
                                            </details>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}
