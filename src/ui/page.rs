use leptos::prelude::*;

use crate::i18n::storefront_texts;

/// A page's title block.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] subtitle: Option<String>,
    /// The page's own actions (links, buttons), beside the title.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{title}</h1>
            {subtitle.map(|s| view! { <p class="page-header__subtitle">{s}</p> })}
            {children.map(|c| view! { <div class="page-header__actions">{c()}</div> })}
        </header>
    }
}

/// What a list shows when it has nothing in it.
#[component]
pub fn EmptyState(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <div class="empty-state card">
            <h2>{title}</h2>
            <div class="empty-state__body">{children()}</div>
        </div>
    }
}

/// A full error page (404, 500) inside the normal layout. On the server it
/// also sets the response status.
#[component]
pub fn ErrorPage(
    status: u16,
    #[prop(into)] title: String,
    #[prop(into)] message: String,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::set_status(status);
    view! {
        <section class="error-page" data-status=status>
            <p class="error-page__code">{status}</p>
            <h1>{title}</h1>
            <p class="error-page__message">{message}</p>
            <a class="btn btn--primary" href="/">{storefront_texts().back_to_shop}</a>
        </section>
    }
}

/// "Previous · 3 / 7 · Next" under a paged table; nothing when there is one
/// page. `link(n)` is the URL of page `n` (the filters stay in it).
#[component]
pub fn Pager(
    page: i64,
    last_page: i64,
    #[prop(into)] link: Callback<i64, String>,
) -> impl IntoView {
    let t = storefront_texts();
    (last_page > 1).then(|| {
        view! {
            <nav class="pager">
                {(page > 1).then(|| view! { <a class="btn btn--ghost btn--sm" rel="prev" href=link.run(page - 1)>{t.previous}</a> })}
                <span class="muted">{format!("{page} / {last_page}")}</span>
                {(page < last_page).then(|| view! { <a class="btn btn--ghost btn--sm" rel="next" href=link.run(page + 1)>{t.next}</a> })}
            </nav>
        }
    })
}
