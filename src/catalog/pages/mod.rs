//! The catalog's pages: the home page, the catalog with its filters, and
//! the product page. Product tiles are shared by all three.

mod catalog;
mod home;
mod product;

pub use catalog::CatalogPage;
pub use home::HomePage;
pub use product::ProductPage;

use leptos::prelude::*;

use super::types::{ProductCard, thumb_url};
use crate::i18n::storefront_texts;
use crate::ui::Money;

/// A product in a grid: photo, name, price, and whether it can be had.
#[component]
pub fn ProductTile(product: ProductCard) -> impl IntoView {
    let t = storefront_texts();
    let href = product.href();
    let from = (product.variant_count > 1).then(|| format!("{} ", t.price_from));
    let badge = if product.paused {
        Some((t.paused.to_owned(), "badge--muted"))
    } else if product.made_to_order {
        Some(((t.made_to_order)(product.lead_time_days), "badge--accent"))
    } else if product.stock == 0 {
        Some((t.sold_out.to_owned(), "badge--muted"))
    } else {
        None
    };
    let hue = (product.id * 47) % 360;
    let initial = product.name.chars().next().unwrap_or('•').to_string();
    view! {
        <li class="product-tile card card--link" data-category=product.category_slug.clone() data-product=product.slug.clone()>
            <a href=href>
                {match product.image_id {
                    Some(id) => view! {
                        <img class="product-tile__image" src=thumb_url(id) alt="" width="320" height="240" loading="lazy"/>
                    }.into_any(),
                    None => view! {
                        <div class="product-tile__art" style=format!("--hue: {hue}") aria-hidden="true">{initial}</div>
                    }.into_any(),
                }}
                <div class="product-tile__body">
                    <p class="product-tile__category muted">{product.category_name}</p>
                    <h3 class="product-tile__name">{product.name}</h3>
                    <p class="product-tile__price">{from}<Money minor=product.min_price_minor/></p>
                    {badge.map(|(b, class)| view! { <span class=format!("badge {class}")>{b}</span> })}
                </div>
            </a>
        </li>
    }
}
