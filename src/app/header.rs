//! The storefront's header and footer, and the parts the back office's bar
//! shares with it (the user menu, the language switch).

use leptos::prelude::*;

use crate::accounts::{roles, use_current_user};
use crate::cart::pages::CartBadge;
use crate::i18n::{Locale, storefront_texts, use_locale};
use crate::shop::use_shop;

/// The storefront's header: the shopper's links, the cart, the user menu.
#[component]
pub(super) fn SiteHeader() -> impl IntoView {
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

/// The links a signed-in shopper uses, and for the bakery's own people one
/// link into the back office. Only hides: every page checks on the server.
#[component]
fn RoleNav() -> impl IntoView {
    let user = use_current_user();
    let t = storefront_texts();
    move || {
        let role = user.get().map(|u| u.role)?;
        let office = roles::STAFF.contains(&role).then(|| {
            view! {
                <a href=super::office::HOME data-nav="back-office">{t.nav_back_office}</a>
            }
        });
        let supplier = roles::SUPPLIERS.contains(&role).then(|| {
            view! {
                <a href="/supplier" data-nav="supplier">{t.nav_supplier}</a>
            }
        });
        Some(view! {
            <a href="/orders" data-nav="orders">{t.nav_my_orders}</a>
            {supplier}
            {office}
        })
    }
}

/// Sign in / create account, or the user's name, photo and sign-out button.
#[component]
pub(super) fn UserMenu() -> impl IntoView {
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
pub(super) fn LanguageSwitch() -> impl IntoView {
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
pub(super) fn SiteFooter() -> impl IntoView {
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
