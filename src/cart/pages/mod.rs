//! The cart page and the header's cart badge.

mod cart;

pub use cart::CartPage;

use leptos::prelude::*;

use super::api::cart_count;
use super::texts::cart_texts;
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;

/// The cart as the header shows it. `version` is bumped whenever this page
/// changes the cart, or hears that it changed elsewhere: whatever shows the
/// cart refetches. `count` is the badge's number of units.
#[derive(Clone, Copy)]
pub struct CartVersion {
    pub version: RwSignal<u64>,
    count: RwSignal<i64>,
}

impl CartVersion {
    /// Starts from the count the server rendered into the page.
    pub fn new() -> Self {
        CartVersion {
            version: RwSignal::new(0),
            count: RwSignal::new(super::initial_count()),
        }
    }

    pub fn bump(self) {
        self.version.update(|v| *v += 1);
    }

    /// A change whose answer carried the new count: no refetch needed.
    pub fn set_count(self, units: i64) {
        self.count.set(units);
    }
}

impl Default for CartVersion {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_cart_version() -> CartVersion {
    use_context::<CartVersion>().unwrap_or_default()
}

/// The header's link to the cart with the number of units in it. It follows
/// the cart live: changes on this page, and in the shopper's other tabs and
/// devices (the live hub's `cart_changed`).
#[component]
pub fn CartBadge() -> impl IntoView {
    let version = use_cart_version();
    let t = cart_texts();
    // The page arrives with the count; after that, a change refetches it,
    // unless its answer carried it (`set_count`).
    let count = version.count;
    Effect::new(move |prev: Option<u64>| {
        let v = version.version.get();
        if prev.is_some() {
            leptos::task::spawn_local(async move {
                if let Ok(n) = cart_count().await {
                    count.set(n);
                }
            });
        }
        v
    });
    use_live_events(
        move |event| {
            if let LiveEvent::CartChanged { .. } = event {
                version.bump();
            }
        },
        move || version.bump(),
    );
    view! {
        <a class="cart-badge" href="/cart" data-nav="cart" aria-label=t.cart>
            <svg class="cart-badge__icon" viewBox="0 0 24 24" aria-hidden="true" width="22" height="22">
                <path d="M6 6h15l-1.5 9h-12L6 6zm0 0L5 3H2m6 16a1.5 1.5 0 1 0 0 .01M18 19a1.5 1.5 0 1 0 0 .01"
                    fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>
            </svg>
            <span class="cart-badge__label">{t.cart}</span>
            {move || {
                let n = count.get();
                (n > 0).then(|| view! { <span class="cart-badge__count" data-testid="cart-count">{n}</span> })
            }}
        </a>
    }
}
