//! The HTML shell, `<App/>`, the two layouts (the storefront's header and
//! footer; the back office's bar and side navigation) and the route table.

mod errors;
mod header;
mod office;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::Lazy;
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::accounts::{CurrentUser, roles, use_current_user};
use crate::cart::pages::CartVersion;
use crate::catalog::pages::{CatalogPage, HomePage, ProductPage};
use crate::shop::ShopInfo;

pub use errors::{NotFound, ServerErrorPage};
pub use header::percent_encode;

/// The document around every page (server only: the browser hydrates `<App/>`
/// inside `<body>`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let shop = ShopInfo::current();
    let shop_json = shop.to_script_json();
    let user_json = crate::shop::script_json(&crate::accounts::initial_user());
    let cart_json = crate::shop::script_json(&crate::cart::initial_count());
    // `<App/>` renders inside this owner: it reuses what was negotiated here.
    provide_context(shop.clone());
    // The request's script nonce: Leptos puts it on the inline scripts it
    // writes (hydration, resources); the CSP header names it.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<axum::http::request::Parts>().and_then(|p| {
        p.extensions
            .get::<crate::server::headers::ScriptNonce>()
            .cloned()
    }) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
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
            <Layout>
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
                    <Route path=path!("/supplier") view={Lazy::<split::Shopper>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders/:id") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/clients") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reports") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/analytics") view={Lazy::<split::Analytics>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/clients/:id") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/outbox") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/stages") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/catalog") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/catalog/categories") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/catalog/characteristics") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/catalog/import/:id") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/catalog/:id") view={Lazy::<split::BackOffice>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/production") view={Lazy::<split::Production>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/production/plan") view={Lazy::<split::Production>::new()} ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The page around the routes: the back office's layout on its paths for
/// the bakery's own people, the storefront's everywhere else (also on a
/// back-office path for anyone else: its page then says 401 or 403). The
/// routes are one view in both: moving between the two swaps only the
/// header and the navigation.
#[component]
fn Layout(children: Children) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let user = use_current_user();
    let office_role = Memo::new(move |_| {
        let role = user
            .get()
            .map(|u| u.role)
            .filter(|r| roles::STAFF.contains(r))?;
        office::is_back_office(&location.pathname.get()).then_some(role)
    });
    let in_office = move || office_role.get().is_some();
    view! {
        <div class="layout" class:layout--office=in_office>
            {move || match office_role.get() {
                Some(_) => view! { <office::OfficeBar/> }.into_any(),
                None => view! { <header::SiteHeader/> }.into_any(),
            }}
            <div class="layout__body">
                {move || office_role.get().map(|role| view! { <office::OfficeNav role/> })}
                <main class="layout__main" id="main">{children()}</main>
            </div>
            {move || (!in_office()).then(|| view! { <header::SiteFooter/> })}
        </div>
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
            ["supplier"] => crate::suppliers::pages::SupplierPage,
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
            ["admin", "catalog"] => crate::catalog::admin::pages::ProductsPage,
            ["admin", "catalog", "categories"] => crate::catalog::admin::pages::CategoriesPage,
            ["admin", "catalog", "characteristics"] => crate::catalog::admin::pages::CharacteristicsPage,
            ["admin", "catalog", "import", _] => crate::catalog::admin::pages::ImportPage,
            ["admin", "catalog", _] => crate::catalog::admin::pages::ProductEditorPage,
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
