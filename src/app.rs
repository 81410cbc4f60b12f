//! The HTML shell, `<App/>`, the layout and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::catalog::pages::HomePage;
use crate::error::AppError;
use crate::i18n::{Locale, t, use_locale};
use crate::shop::{ShopInfo, use_shop};
use crate::ui::ErrorPage;

/// The document around every page (server only: the browser hydrates `<App/>`
/// inside `<body>`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let shop = ShopInfo::current();
    let shop_json = shop.to_script_json();
    // `<App/>` renders inside this owner: it reuses what was negotiated here.
    provide_context(shop.clone());
    view! {
        <!DOCTYPE html>
        <html lang=shop.locale.code()>
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
    // On the server the shell has provided it; in the browser, read it once.
    let shop = use_context::<ShopInfo>().unwrap_or_else(ShopInfo::current);
    let title = shop.name.clone();
    provide_context(shop.locale);
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
    let t = t();
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner container">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"K"</span>
                    <span class="brand__name">{shop.name}</span>
                </a>
                <nav class="site-nav" aria-label=t.nav_label>
                    <a href="/">{t.nav_shop}</a>
                    <a href="/#categories">{t.nav_categories}</a>
                    <a href="/#popular">{t.nav_popular}</a>
                </nav>
                <LanguageSwitch/>
            </div>
        </header>
    }
}

/// Links to each language. They go to `/lang/{code}?next=<this page>`, which
/// sets the cookie and comes back: a full load (`rel="external"`), so the
/// server renders the page in the new language from the first byte. Works
/// without JavaScript too.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = use_locale();
    let location = leptos_router::hooks::use_location();
    let here = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let links = Locale::ALL
        .into_iter()
        .map(|locale| {
            let active = locale == current;
            let href = move || format!("/lang/{}?next={}", locale.code(), percent_encode(&here()));
            view! {
                <a
                    href=href
                    rel="external"
                    hreflang=locale.code()
                    lang=locale.code()
                    class="lang-switch__link"
                    class:lang-switch__link--active=active
                    aria-current=active.then_some("true")
                    title=locale.native_name()
                >
                    {locale.code().to_uppercase()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="lang-switch" aria-label=t().language>{links}</nav> }
}

/// Percent-encodes a path for use as a query value.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
fn SiteFooter() -> impl IntoView {
    let shop = use_shop();
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <span>{shop.name}</span>
                <span class="muted">{t().footer_tagline}</span>
            </div>
        </footer>
    }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = t();
    view! {
        <Title text=t.not_found_title/>
        <ErrorPage status=404 title=t.not_found_title message=t.not_found_body/>
    }
}

/// What an `<ErrorBoundary>` shows: a 404 for `NotFound`, otherwise a 500.
#[component]
pub fn ServerErrorPage(errors: ArcRwSignal<leptos::error::Errors>) -> impl IntoView {
    let first: Option<AppError> = errors
        .get_untracked()
        .into_iter()
        .find_map(|(_, e)| (*e).downcast_ref::<AppError>().cloned());
    let t = t();
    match first {
        Some(AppError::NotFound) => view! { <NotFound/> }.into_any(),
        Some(err) if err.status() < 500 => view! {
            <ErrorPage status=err.status() title=t.request_failed_title message=err.to_string()/>
        }
        .into_any(),
        _ => view! {
            <Title text=t.error_title/>
            <ErrorPage status=500 title=t.error_title message=t.error_body/>
        }
        .into_any(),
    }
}
