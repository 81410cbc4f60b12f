//! The HTML shell, `<App/>`, the layout and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::Lazy;
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::accounts::types::Role;
use crate::accounts::{CurrentUser, use_current_user};
use crate::cart::pages::{CartBadge, CartVersion};
use crate::catalog::pages::{CatalogPage, HomePage, ProductPage};
use crate::error::AppError;
use crate::i18n::{Locale, storefront_texts, use_locale};
use crate::shop::{ShopInfo, use_shop};
use crate::ui::ErrorPage;

/// The document around every page (server only: the browser hydrates `<App/>`
/// inside `<body>`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let shop = ShopInfo::current();
    let shop_json = shop.to_script_json();
    let user_json = crate::shop::script_json(&crate::accounts::initial_user());
    let cart_json = crate::shop::script_json(&crate::cart::initial_count());
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
                <script type="application/json" id=crate::accounts::ELEMENT_ID inner_html=user_json></script>
                <script type="application/json" id=crate::cart::ELEMENT_ID inner_html=cart_json></script>
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
    provide_context(CurrentUser(RwSignal::new(crate::accounts::initial_user())));
    provide_context(CartVersion::new());
    // Signing in or out changes what the live stream may carry: reopen it.
    let user = crate::accounts::use_current_user();
    Effect::new(move |prev: Option<Option<i64>>| {
        let id = user.get().map(|u| u.id);
        if prev.is_some_and(|p| p != id) {
            crate::live::client::reconnect();
        }
        id
    });

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
                        <Route path=path!("/catalog") view=CatalogPage ssr=SsrMode::Async/>
                        <Route path=path!("/product/:slug") view=ProductPage ssr=SsrMode::Async/>
                        <Route path=path!("/cart") view={Lazy::<split::Shopper>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/checkout") view={Lazy::<split::Shopper>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/orders") view={Lazy::<split::Shopper>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/orders/:id") view={Lazy::<split::Shopper>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/login") view={Lazy::<split::SignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register") view={Lazy::<split::SignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/confirm") view={Lazy::<split::SignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/forgot") view={Lazy::<split::SignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/reset") view={Lazy::<split::SignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account") view={Lazy::<split::Shopper>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/users") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/orders") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/orders/:id") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/clients") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/reports") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/analytics") view={Lazy::<split::Analytics>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/clients/:id") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/outbox") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/stages") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/production") view={Lazy::<split::Production>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/production/plan") view={Lazy::<split::Production>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <SiteFooter/>
            </div>
        </Router>
    }
}

/// The pages outside the storefront's first load. Built with
/// `cargo leptos --split`, each group goes into wasm chunks of its own that
/// the browser fetches when one of its pages is first visited (and the server
/// names in a preload link when it renders one). Without `--split` (tests,
/// debug builds) they are ordinary routes. Each page loads its own data, as
/// it did before it was split: `data()` has nothing to start.
///
/// Pages are split by group, not one by one: every split point costs the
/// loader script every landing page fetches (each chunk's hashed file name),
/// and pages that share code (the sign-in forms, a shopper's cart, checkout
/// and orders, the back office's tables and records) would otherwise be cut
/// into hundreds of small chunks that compress badly.
mod split {
    use leptos::prelude::*;
    use leptos_router::{LazyRoute, lazy_route};

    /// `lazy_pages!(Group { [segments] => Page, … })`: a lazy route that
    /// renders the page whose path segments match. The route table above
    /// routes each path of the group here; the router renders a route anew
    /// when the path changes, so the match is read once.
    macro_rules! lazy_pages {
        ($($route:ident { $($segments:pat => $page:path),* $(,)? })*) => {$(
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                fn view(_this: Self) -> AnyView {
                    let path = leptos_router::hooks::use_location().pathname.get_untracked();
                    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
                    match segments.as_slice() {
                        $($segments => view! { <$page/> }.into_any(),)*
                        _ => view! { <super::NotFound/> }.into_any(),
                    }
                }
            }
        )*};
    }

    lazy_pages! {
        SignIn {
            ["login"] => crate::accounts::pages::LoginPage,
            ["register"] => crate::accounts::pages::RegisterPage,
            ["confirm"] => crate::accounts::pages::ConfirmPage,
            ["forgot"] => crate::accounts::pages::ForgotPage,
            ["reset"] => crate::accounts::pages::ResetPage,
        }
        Shopper {
            ["cart"] => crate::cart::pages::CartPage,
            ["checkout"] => crate::orders::checkout::pages::CheckoutPage,
            ["orders"] => crate::orders::checkout::pages::OrdersPage,
            ["orders", _] => crate::orders::checkout::pages::OrderPage,
            ["account"] => crate::accounts::pages::AccountPage,
        }
        BackOffice {
            ["admin", "users"] => crate::accounts::pages::AdminUsersPage,
            ["admin", "orders"] => crate::orders::table::pages::OrdersTablePage,
            ["admin", "orders", _] => crate::orders::record::pages::OrderRecordPage,
            ["admin", "clients"] => crate::clients::pages::ClientsPage,
            ["admin", "clients", _] => crate::clients::pages::ClientPage,
            ["admin", "reports"] => crate::reports::pages::ReportsPage,
            ["admin", "outbox"] => crate::accounts::pages::OutboxPage,
            ["admin", "stages"] => crate::production::pages::StagesPage,
        }
        Production {
            ["production"] => crate::production::pages::BoardPage,
            ["production", "plan"] => crate::production::pages::PlanPage,
        }
        Analytics {
            ["admin", "analytics"] => crate::analytics::pages::AnalyticsPage,
        }
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let shop = use_shop();
    let t = storefront_texts();
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
                    <a href="/catalog" data-nav="catalog">{t.nav_catalog}</a>
                    <RoleNav/>
                </nav>
                <CartBadge/>
                <UserMenu/>
                <LanguageSwitch/>
            </div>
        </header>
    }
}

/// The links a role can use. Only hides: every page checks on the server.
#[component]
fn RoleNav() -> impl IntoView {
    let user = use_current_user();
    let t = storefront_texts();
    move || {
        let role = user.get().map(|u| u.role)?;
        let orders = t.nav_my_orders;
        let clients = t.nav_clients;
        let all_orders = t.nav_all_orders;
        let reports = t.nav_reports;
        let analytics = t.nav_analytics;
        Some(match role {
            Role::Admin => view! {
                <a href="/orders" data-nav="orders">{orders}</a>
                <a href="/production" data-nav="production">{t.nav_board}</a>
                <a href="/admin/orders" data-nav="all-orders">{all_orders}</a>
                <a href="/admin/clients" data-nav="clients">{clients}</a>
                <a href="/admin/reports" data-nav="reports">{reports}</a>
                <a href="/admin/analytics" data-nav="analytics">{analytics}</a>
                <a href="/admin/users" data-nav="users">{t.nav_users}</a>
                <a href="/admin/stages" data-nav="stages">{t.nav_stages}</a>
                <a href="/admin/outbox" data-nav="outbox">{t.nav_outbox}</a>
            }
            .into_any(),
            Role::Manager => view! {
                <a href="/orders" data-nav="orders">{orders}</a>
                <a href="/production" data-nav="production">{t.nav_board}</a>
                <a href="/admin/orders" data-nav="all-orders">{all_orders}</a>
                <a href="/admin/clients" data-nav="clients">{clients}</a>
                <a href="/admin/reports" data-nav="reports">{reports}</a>
                <a href="/admin/analytics" data-nav="analytics">{analytics}</a>
            }
            .into_any(),
            Role::Staff => view! {
                <a href="/orders" data-nav="orders">{orders}</a>
                <a href="/production" data-nav="production">{t.nav_board}</a>
                <a href="/admin/orders" data-nav="all-orders">{all_orders}</a>
                <a href="/admin/clients" data-nav="clients">{clients}</a>
            }
            .into_any(),
            _ => view! { <a href="/orders" data-nav="orders">{orders}</a> }.into_any(),
        })
    }
}

/// Sign in / create account, or the user's name, photo and sign-out button.
#[component]
fn UserMenu() -> impl IntoView {
    let user = use_current_user();
    let t = storefront_texts();
    let logout = ServerAction::<crate::accounts::api::Logout>::new();
    Effect::new(move || {
        if let Some(Ok(())) = logout.value().get() {
            user.set(None);
        }
    });
    view! {
        <div class="user-menu">
            {move || match user.get() {
                None => view! {
                    <a class="user-menu__link" href="/login" data-nav="sign-in">{t.sign_in}</a>
                    <a class="btn btn--primary btn--sm" href="/register" data-nav="register">{t.register}</a>
                }
                .into_any(),
                Some(u) => {
                    let avatar = match u.avatar_url() {
                        Some(src) => view! { <img class="avatar" src=src alt="" width="28" height="28"/> }.into_any(),
                        None => view! { <span class="avatar avatar--empty" aria-hidden="true">{u.initials()}</span> }.into_any(),
                    };
                    view! {
                        <a class="user-menu__me" href="/account" data-nav="account" title=t.account>
                            {avatar}
                            <span class="user-menu__name">{u.name.clone()}</span>
                        </a>
                        <ActionForm action=logout attr:class="form--inline">
                            <button class="btn btn--ghost btn--sm" type="submit" data-nav="sign-out">{t.sign_out}</button>
                        </ActionForm>
                    }
                    .into_any()
                }
            }}
        </div>
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
    view! { <nav class="lang-switch" aria-label=storefront_texts().language>{links}</nav> }
}

/// Percent-encodes a path for use as a query value.
pub fn percent_encode(s: &str) -> String {
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
                <span class="muted">{storefront_texts().footer_tagline}</span>
            </div>
        </footer>
    }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = storefront_texts();
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
    let t = storefront_texts();
    match first {
        Some(AppError::NotFound) => view! { <NotFound/> }.into_any(),
        Some(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
        Some(AppError::Forbidden) => view! {
            <Title text=t.forbidden_title/>
            <ErrorPage status=403 title=t.forbidden_title message=t.forbidden_body/>
        }
        .into_any(),
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

/// What a page that needs a signed-in user shows to a visitor: a 401 with
/// a link to sign in and come back.
#[component]
fn SignInRequired() -> impl IntoView {
    let t = storefront_texts();
    let location = leptos_router::hooks::use_location();
    let href = format!(
        "/login?next={}",
        percent_encode(&location.pathname.get_untracked())
    );
    #[cfg(feature = "ssr")]
    crate::server::set_status(401);
    view! {
        <Title text=t.sign_in_required_title/>
        <section class="error-page" data-status="401">
            <p class="error-page__code">"401"</p>
            <h1>{t.sign_in_required_title}</h1>
            <p class="error-page__message">{t.sign_in_required_body}</p>
            <a class="btn btn--primary" href=href>{t.sign_in}</a>
        </section>
    }
}
