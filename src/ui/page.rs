use leptos::prelude::*;

use crate::i18n::t;

/// A page's title block.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] subtitle: Option<String>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{title}</h1>
            {subtitle.map(|s| view! { <p class="page-header__subtitle">{s}</p> })}
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
            <a class="btn btn--primary" href="/">{t().back_to_shop}</a>
        </section>
    }
}
