use leptos::prelude::*;
use leptos_meta::Title;

use super::use_cart_version;
use crate::app::ServerErrorPage;
use crate::cart::api::{RemoveCartLine, UpdateCartLine, get_cart};
use crate::cart::texts::cart_texts;
use crate::cart::types::{CartLine, CartView, MAX_QUANTITY};
use crate::catalog::types::thumb_url;
use crate::i18n::storefront_texts;
use crate::ui::{EmptyState, FormAlert, Money, PageHeader, action_error, resource};

/// The cart: change quantities, remove lines, go to checkout. Each form is
/// an `ActionForm`: without JavaScript a plain post that comes back here.
#[component]
pub fn CartPage() -> impl IntoView {
    let tc = cart_texts();
    let version = use_cart_version();
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let cart = resource(
        move || {
            (
                version.version.get(),
                update.version().get(),
                remove.version().get(),
            )
        },
        |_| get_cart(),
    );
    // The badge follows what this page changed.
    Effect::new(move |prev: Option<(usize, usize)>| {
        let now = (update.version().get(), remove.version().get());
        if prev.is_some_and(|p| p != now) {
            version.bump();
        }
        now
    });
    let update_error = action_error(update);
    let remove_error = action_error(remove);

    view! {
        <Title text=tc.cart_title/>
        <section class="container section">
            <PageHeader title=tc.cart_title/>
            <FormAlert error=update_error/>
            <FormAlert error=remove_error/>
            <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        cart.await.map(|cart| view! { <CartContents cart update remove/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn CartContents(
    cart: CartView,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
) -> impl IntoView {
    let tc = cart_texts();
    if cart.lines.is_empty() {
        return view! {
            <EmptyState title=tc.cart_empty_title>
                <p>{tc.cart_empty_body}</p>
                <a class="btn btn--primary" href="/catalog">{tc.to_catalog}</a>
            </EmptyState>
        }
        .into_any();
    }
    let total = cart.total_minor();
    let count = (tc.items_count)(cart.count());
    let blocked = cart.lines.iter().any(|l| !l.active || l.short());
    view! {
        <div class="cart">
            <ul class="cart__lines" data-testid="cart-lines">
                {cart
                    .lines
                    .into_iter()
                    .map(|line| view! { <CartLineRow line update remove/> })
                    .collect_view()}
            </ul>
            <aside class="cart__summary card card--pad">
                <p class="muted">{count}</p>
                <p class="cart__total">
                    <span>{tc.total}</span>
                    <strong data-testid="cart-total"><Money minor=total/></strong>
                </p>
                {if blocked {
                    view! { <span class="btn btn--primary btn--block btn--disabled" aria-disabled="true">{tc.checkout}</span> }.into_any()
                } else {
                    view! { <a class="btn btn--primary btn--block" href="/checkout" data-testid="to-checkout">{tc.checkout}</a> }.into_any()
                }}
            </aside>
        </div>
    }
    .into_any()
}

#[component]
fn CartLineRow(
    line: CartLine,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
) -> impl IntoView {
    let tc = cart_texts();
    let href = format!("/product/{}", line.product_slug);
    let warning = if !line.active {
        Some(tc.no_longer_sold.to_owned())
    } else if line.short() {
        Some((tc.short_stock)(line.stock))
    } else {
        None
    };
    let qty_id = format!("qty-{}", line.id);
    let line_total = line.line_total();
    view! {
        <li class="cart-line card" data-line=line.id>
            <a class="cart-line__image" href=href.clone()>
                {line.image_id.map(|id| view! { <img src=thumb_url(id) alt="" width="96" height="96" loading="lazy"/> })}
            </a>
            <div class="cart-line__body">
                <a class="cart-line__name" href=href>{line.product_name.clone()}</a>
                <p class="muted">{line.variant_name.clone()}</p>
                {(!line.inscription.is_empty()).then(|| view! { <p class="cart-line__note">"«" {line.inscription.clone()} "»"</p> })}
                {(!line.notes.is_empty()).then(|| view! { <p class="cart-line__note muted">{line.notes.clone()}</p> })}
                {warning.map(|w| view! { <p class="cart-line__warning" role="alert">{w}</p> })}
                <p class="cart-line__price"><Money minor=line.unit_price_minor/></p>
            </div>
            <div class="cart-line__actions">
                <ActionForm action=update attr:class="form--inline">
                    <input type="hidden" name="line_id" value=line.id/>
                    <label class="visually-hidden" for=qty_id.clone()>{tc.quantity}</label>
                    <input class="input input--qty" id=qty_id type="number" name="quantity" min="0" max=MAX_QUANTITY
                        value=line.quantity required/>
                    <button class="btn btn--ghost btn--sm" type="submit">{tc.update}</button>
                </ActionForm>
                <ActionForm action=remove attr:class="form--inline">
                    <input type="hidden" name="line_id" value=line.id/>
                    <button class="btn btn--link btn--sm" type="submit">{tc.remove}</button>
                </ActionForm>
                <p class="cart-line__total"><Money minor=line_total/></p>
            </div>
        </li>
    }
}
