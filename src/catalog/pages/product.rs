use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::ProductTile;
use crate::app::ServerErrorPage;
use crate::cart::api::AddToCart;
use crate::cart::pages::use_cart_version;
use crate::cart::texts::cart_texts;
use crate::cart::types::{MAX_INSCRIPTION, MAX_NOTES, MAX_QUANTITY};
use crate::catalog::api::product_page;
use crate::catalog::types::{ProductDetail, VariantDetail, image_url, thumb_url};
use crate::i18n::storefront_texts;
use crate::live::client::use_live_events;
use crate::live::types::LiveEvent;
use crate::ui::{FormAlert, Money, action_error, resource};

/// A product: photos, variants with prices, characteristics, stock per
/// store, and the add-to-cart form (an `ActionForm`, so it works without
/// JavaScript). Stock follows the live hub.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let product = resource(move || slug.get(), product_page);
    // Stock follows the live hub without rebuilding the page: a refetch
    // replaces only the variants, so the form keeps what the shopper typed
    // and its "added" message. Tagged with the slug it belongs to.
    let live = RwSignal::new(None::<(String, Vec<VariantDetail>)>);
    let variant_ids = StoredValue::new(Vec::<i64>::new());
    let refetch_stock = move || {
        let s = slug.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(p) = product_page(s.clone()).await
                && p.slug == s
            {
                live.set(Some((s, p.variants)));
            }
        });
    };
    use_live_events(
        move |event| {
            if let LiveEvent::StockChanged { variant_id, .. } = event
                && variant_ids.with_value(|ids| ids.contains(&variant_id))
            {
                refetch_stock();
            }
        },
        refetch_stock,
    );
    view! {
        <section class="container section">
            <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        product.await.map(|p| {
                            variant_ids.set_value(p.variants.iter().map(|v| v.id).collect());
                            let (mine, first) = (p.slug.clone(), p.variants.clone());
                            let variants = Signal::derive(move || {
                                live.with(|l| match l {
                                    Some((s, v)) if *s == mine => v.clone(),
                                    _ => first.clone(),
                                })
                            });
                            view! { <ProductView product=p variants/> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn ProductView(product: ProductDetail, variants: Signal<Vec<VariantDetail>>) -> impl IntoView {
    let t = storefront_texts();
    let query = use_query_map();
    let images = product.image_ids.clone();
    let main_image = {
        let images = images.clone();
        move || {
            let n = query
                .read()
                .get("image")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(0);
            images.get(n).or(images.first()).copied()
        }
    };
    let slug = product.slug.clone();
    let thumbs = (images.len() > 1).then(|| {
        view! {
            <ul class="gallery__thumbs" aria-label=t.photos>
                {images.iter().enumerate().map(|(n, id)| {
                    let href = format!("/product/{slug}?image={n}");
                    view! {
                        <li>
                            <a href=href aria-label=format!("{} {}", t.photos, n + 1)>
                                <img src=thumb_url(*id) alt="" width="72" height="72" loading="lazy"/>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let catalog_href = format!("/catalog?category={}", product.category_slug);
    let store_names: Vec<(i64, String)> = product
        .stores
        .iter()
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let description = product.description.clone();
    let name = product.name.clone();

    view! {
        <Title text=name.clone()/>
        <Meta name="description" content=description.clone()/>
        <nav class="breadcrumbs muted" aria-label="breadcrumbs">
            <a href="/catalog">{t.catalog_title}</a>
            " / "
            <a href=catalog_href>{product.category_name.clone()}</a>
        </nav>
        <div class="product">
            <div class="gallery">
                {move || main_image().map(|id| view! {
                    <img class="gallery__main" src=image_url(id) alt=name.clone() width="640" height="480" data-testid="main-image"/>
                })}
                {thumbs}
            </div>
            <div class="product__info">
                <h1 class="product__name">{product.name.clone()}</h1>
                {product.supplier.clone().map(|s| view! { <p class="muted">{t.supplier} ": " {s}</p> })}
                <p class="product__description">{description}</p>
                {product.made_to_order.then(|| view! {
                    <p class="badge badge--accent">{(t.made_to_order)(product.lead_time_days)}</p>
                    <p class="muted">{t.baked_to_order} " " {(t.earliest_ready)(&product.earliest_date)}</p>
                })}
                {if product.paused {
                    view! { <p class="alert alert--warning" role="status" data-testid="paused">{t.paused_notice}</p> }.into_any()
                } else {
                    view! { <AddToCartForm product=product.clone() variants/> }.into_any()
                }}
                {(!product.characteristics.is_empty()).then(|| view! {
                    <h2 class="product__subtitle">{t.characteristics}</h2>
                    <dl class="facts" data-testid="characteristics">
                        {product.characteristics.iter().map(|(n, v)| view! { <dt>{n.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
                    </dl>
                })}
                {(!product.made_to_order).then(|| view! {
                    <h2 class="product__subtitle">{t.stock_by_store}</h2>
                    <table class="table table--compact" data-testid="stock">
                        <tbody>
                            {move || variants.get().into_iter().flat_map(|v| {
                                store_names.iter().map(move |(sid, sname)| {
                                    let n = v.stock.iter().find(|(s, _)| s == sid).map(|(_, q)| *q).unwrap_or(0);
                                    view! {
                                        <tr>
                                            <td>{sname.clone()}</td>
                                            <td>{v.name.clone()}</td>
                                            <td class:muted={n == 0}>{(t.units_left)(n)}</td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>()
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
            </div>
        </div>
        {(!product.related.is_empty()).then(|| view! {
            <section class="section">
                <h2 class="section__title">{t.related}</h2>
                <ul class="product-grid">
                    {product.related.into_iter().map(|p| view! { <ProductTile product=p/> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn AddToCartForm(product: ProductDetail, variants: Signal<Vec<VariantDetail>>) -> impl IntoView {
    let t = storefront_texts();
    let tc = cart_texts();
    let action = ServerAction::<AddToCart>::new();
    let error = action_error(action);
    let version = use_cart_version();
    let added = RwSignal::new(false);
    Effect::new(move || {
        if let Some(Ok(units)) = action.value().get() {
            added.set(true);
            version.set_count(units);
        }
    });
    let pending = action.pending();
    let made_to_order = product.made_to_order;
    // The first variant that can be bought is chosen when the page opens.
    let first_available = product
        .variants
        .iter()
        .position(|v| made_to_order || v.total_stock() > 0)
        .unwrap_or(0);
    // Stock moves live; the form follows it without being rebuilt.
    let left = move |n: usize| variants.with(|v| v.get(n).map_or(0, VariantDetail::total_stock));
    let nothing_left =
        move || !made_to_order && variants.with(|v| v.iter().all(|v| v.total_stock() == 0));
    view! {
        <ActionForm action=action attr:class="form add-to-cart" attr:id="add-to-cart">
            <fieldset class="field">
                <legend class="field__label">{t.choose_variant}</legend>
                <div class="variant-list">
                    {product.variants.iter().enumerate().map(|(n, v)| {
                        let disabled = move || !made_to_order && left(n) == 0;
                        view! {
                            <label class="variant" class:variant--disabled=disabled>
                                <input type="radio" name="variant_id" value=v.id checked={n == first_available} disabled=disabled/>
                                <span class="variant__name">{v.name.clone()}</span>
                                <span class="variant__price">
                                    {v.old_price_minor.map(|o| view! { <s class="variant__old-price" data-testid="old-price"><Money minor=o/></s>" " })}
                                    <Money minor=v.price_minor/>
                                </span>
                                {(!made_to_order).then(|| view! { <span class="variant__stock muted">{move || (t.units_left)(left(n))}</span> })}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            {product.made_to_order.then(|| view! {
                <div class="field">
                    <label class="field__label" for="field-inscription">{tc.inscription}</label>
                    <input class="input" id="field-inscription" name="inscription" maxlength=MAX_INSCRIPTION/>
                    <p class="field__error" role="alert">{move || error.get().and_then(|e| e.field_message("inscription").map(str::to_owned))}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="field-notes">{tc.notes}</label>
                    <textarea class="input" id="field-notes" name="notes" rows="2" maxlength=MAX_NOTES></textarea>
                    <p class="field__error" role="alert">{move || error.get().and_then(|e| e.field_message("notes").map(str::to_owned))}</p>
                </div>
            })}
            <div class="add-to-cart__row">
                <label class="visually-hidden" for="field-quantity">{tc.quantity}</label>
                <input class="input input--qty" id="field-quantity" type="number" name="quantity" value="1" min="1" max=MAX_QUANTITY required/>
                <button class="btn btn--primary btn--lg" type="submit" disabled=move || pending.get() || nothing_left() data-testid="add-to-cart">
                    {move || if nothing_left() { t.sold_out } else { tc.add_to_cart }}
                </button>
            </div>
            <FormAlert error fields=&["inscription", "notes"]/>
            <Show when=move || added.get() && error.get().is_none()>
                <div class="alert alert--success" role="status">
                    {tc.added} " " <a href="/cart">{tc.view_cart}</a>
                </div>
            </Show>
        </ActionForm>
    }
}
