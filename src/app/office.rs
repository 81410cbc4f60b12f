//! The back office's own layout: a slim bar (the shop, the way back to the
//! storefront, the user menu, the language) and a side navigation grouped
//! by area, which folds into a "Menu" button on a phone (a checkbox and its
//! label: it opens without JavaScript too). The pages inside keep their own
//! title and actions; wide tables scroll inside their card (style/main.css).
//!
//! The navigation only hides what a role cannot use: every page and call
//! checks the role on the server.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::header::{LanguageSwitch, UserMenu};
use crate::accounts::roles;
use crate::accounts::types::Role;
use crate::i18n::{Texts, storefront_texts};
use crate::shop::use_shop;

/// Where the storefront's "Back office" link leads: the orders table, which
/// every role of the back office may read.
pub const HOME: &str = "/admin/orders";

/// Whether a path belongs to the back office (its layout, not its guard).
pub fn is_back_office(path: &str) -> bool {
    let under = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    under("/admin") || under("/production")
}

/// One link of the side navigation.
struct Link {
    href: &'static str,
    /// The `data-nav` name the tests and the styles use.
    nav: &'static str,
    label: fn(&'static Texts) -> &'static str,
    /// Who sees it: one of the role sets of `accounts::roles`.
    roles: &'static [Role],
    /// Also current on the pages below it (`/admin/orders/42`).
    prefix: bool,
}

/// An area of the back office and its links, in the order they are shown.
struct Group {
    label: fn(&'static Texts) -> &'static str,
    links: &'static [Link],
}

#[rustfmt::skip]
const GROUPS: &[Group] = &[
    Group {
        label: |t| t.nav_group_sales,
        links: &[
            link("/admin/orders", "all-orders", |t| t.nav_all_orders, &roles::STAFF, true),
            link("/admin/clients", "clients", |t| t.nav_clients, &roles::STAFF, true),
            link("/admin/reports", "reports", |t| t.nav_reports, &roles::MANAGERS, true),
            link("/admin/analytics", "analytics", |t| t.nav_analytics, &roles::MANAGERS, true),
        ],
    },
    Group {
        label: |t| t.nav_group_catalog,
        links: &[
            link("/admin/catalog", "catalog", |t| t.nav_assortment, &roles::STAFF, true),
        ],
    },
    Group {
        label: |t| t.nav_group_production,
        links: &[
            link("/production", "production", |t| t.nav_production_board, &roles::STAFF, false),
            link("/production/plan", "plan", |t| t.nav_plan, &roles::STAFF, false),
            link("/admin/stages", "stages", |t| t.nav_stages, &roles::ADMINS, false),
        ],
    },
    Group {
        label: |t| t.nav_group_admin,
        links: &[
            link("/admin/users", "users", |t| t.nav_users, &roles::ADMINS, false),
            link("/admin/outbox", "outbox", |t| t.nav_outbox, &roles::ADMINS, false),
        ],
    },
];

const fn link(
    href: &'static str,
    nav: &'static str,
    label: fn(&'static Texts) -> &'static str,
    roles: &'static [Role],
    prefix: bool,
) -> Link {
    Link {
        href,
        nav,
        label,
        roles,
        prefix,
    }
}

impl Link {
    fn is_current(&self, path: &str) -> bool {
        path == self.href
            || (self.prefix
                && path
                    .strip_prefix(self.href)
                    .is_some_and(|rest| rest.starts_with('/')))
    }
}

/// The id of the checkbox that opens the navigation on a phone.
const TOGGLE_ID: &str = "office-nav-toggle";

/// The back office's top bar.
#[component]
pub(super) fn OfficeBar() -> impl IntoView {
    let shop = use_shop();
    let t = storefront_texts();
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="office-bar">
            <label class="office-bar__menu btn btn--ghost btn--sm" for=TOGGLE_ID>
                <span aria-hidden="true">"☰"</span>
                {t.nav_menu}
            </label>
            <a class="brand" href=HOME>
                <span class="brand__mark" aria-hidden="true">"K"</span>
                <span class="brand__name">{shop.name}</span>
            </a>
            <span class="office-bar__title">{t.nav_back_office}</span>
            <a class="office-bar__shop" href="/" data-nav="shop">{t.nav_to_shop}</a>
            <UserMenu/>
            <LanguageSwitch/>
        </header>
    }
}

/// The side navigation: each area with the links the role may use.
#[component]
pub(super) fn OfficeNav(role: Role) -> impl IntoView {
    let t = storefront_texts();
    let pathname = use_location().pathname;
    // Open on a phone; a link followed in the browser closes it again.
    let open = RwSignal::new(false);
    let groups = GROUPS
        .iter()
        .filter_map(|group| {
            let links: Vec<&'static Link> = group
                .links
                .iter()
                .filter(|l| l.roles.contains(&role))
                .collect();
            if links.is_empty() {
                return None;
            }
            let links = links
                .into_iter()
                .map(|link| {
                    let current = move || link.is_current(&pathname.get()).then_some("page");
                    view! {
                        <li>
                            <a
                                href=link.href
                                data-nav=link.nav
                                aria-current=current
                                on:click=move |_| open.set(false)
                            >
                                {(link.label)(t)}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <li class="office-nav__group">
                    <span class="office-nav__heading">{(group.label)(t)}</span>
                    <ul>{links}</ul>
                </li>
            })
        })
        .collect_view();
    view! {
        <input
            class="office-nav__toggle"
            type="checkbox"
            id=TOGGLE_ID
            prop:checked=open
            on:change=move |ev| open.set(event_target_checked(&ev))
        />
        <nav class="office-nav" aria-label=t.nav_back_office_label>
            <ul>{groups}</ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_office_is_admin_and_production_and_nothing_that_only_starts_alike() {
        for path in [
            "/admin",
            "/admin/orders",
            "/admin/orders/7",
            "/production",
            "/production/plan",
        ] {
            assert!(is_back_office(path), "{path}");
        }
        for path in [
            "/",
            "/orders",
            "/account",
            "/administrator",
            "/productions",
            "/catalog",
        ] {
            assert!(!is_back_office(path), "{path}");
        }
    }

    #[test]
    fn a_link_is_current_on_its_page_and_with_prefix_below_it() {
        let orders = &GROUPS[0].links[0];
        assert!(orders.is_current("/admin/orders"));
        assert!(orders.is_current("/admin/orders/42"));
        assert!(!orders.is_current("/admin/ordersx"));
        let board = &GROUPS[2].links[0];
        assert!(board.is_current("/production"));
        assert!(!board.is_current("/production/plan"));
    }

    #[test]
    fn each_role_sees_the_areas_it_may_use() {
        let visible = |role: Role| -> Vec<&str> {
            GROUPS
                .iter()
                .flat_map(|g| g.links.iter())
                .filter(|l| l.roles.contains(&role))
                .map(|l| l.nav)
                .collect()
        };
        assert_eq!(
            visible(Role::Staff),
            ["all-orders", "clients", "catalog", "production", "plan"]
        );
        assert!(visible(Role::Manager).contains(&"analytics"));
        assert!(!visible(Role::Manager).contains(&"users"));
        assert!(visible(Role::Admin).contains(&"outbox"));
        assert!(visible(Role::Customer).is_empty());
        assert!(visible(Role::Supplier).is_empty());
    }
}
