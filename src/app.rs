//! The HTML shell, `<App/>`, the layout and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::catalog::pages::HomePage;
use crate::error::AppError;
use crate::shop::{ShopInfo, use_shop};
use crate::ui::ErrorPage;

/// The document around every page (server only: the browser hydrates `<App/>`
/// inside `<body>`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let shop = ShopInfo::current();
    let shop_json = shop.to_script_json();
    view! {
        <!DOCTYPE html>
        <html lang=shop.locale.clone()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#7a3e1d"/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos"/>
                <script type="application/json" id=crate::shop::ELEMENT_ID inner_html=shop_json></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let shop = ShopInfo::current();
    let title = shop.name.clone();
    provide_context(shop);

    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { title.clone() } else { format!("{page} · {title}") }
        }/>
        <Router>
            <div class="layout">
                <SiteHeader/>
                <main class="layout__main" id="main">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <SiteFooter/>
            </div>
        </Router>
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let shop = use_shop();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="site-header__inner container">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"K"</span>
                    <span class="brand__name">{shop.name}</span>
                </a>
                <nav class="site-nav" aria-label="Main">
                    <a href="/">"Shop"</a>
                    <a href="/#categories">"Categories"</a>
                    <a href="/#popular">"Popular"</a>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let shop = use_shop();
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <span>{shop.name}</span>
                <span class="muted">"Baked fresh, ordered simply. Runs on karavai."</span>
            </div>
        </footer>
    }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="Page not found"/>
        <ErrorPage
            status=404
            title="Page not found"
            message="We could not find that page. It may have moved, or the link may be mistyped."
        />
    }
}

/// What an `<ErrorBoundary>` shows: a 404 for `NotFound`, otherwise a 500.
#[component]
pub fn ServerErrorPage(errors: ArcRwSignal<leptos::error::Errors>) -> impl IntoView {
    let first: Option<AppError> = errors
        .get_untracked()
        .into_iter()
        .find_map(|(_, e)| (*e).downcast_ref::<AppError>().cloned());
    match first {
        Some(AppError::NotFound) => view! { <NotFound/> }.into_any(),
        Some(err) if err.status() < 500 => view! {
            <ErrorPage status=err.status() title="That did not work" message=err.to_string()/>
        }
        .into_any(),
        _ => view! {
            <Title text="Something went wrong"/>
            <ErrorPage
                status=500
                title="Something went wrong"
                message="Something went wrong on our side. Please try again in a moment."
            />
        }
        .into_any(),
    }
}
