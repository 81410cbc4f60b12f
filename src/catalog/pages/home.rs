use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::app::ServerErrorPage;
use crate::catalog::api::home_page;
use crate::catalog::types::{CategorySummary, HomeData};
use crate::i18n::{Texts, storefront_texts};
use crate::shop::use_shop;
use crate::ui::{EmptyState, resource};

use super::ProductTile;

/// The storefront's front page: the categories and the popular products,
/// narrowed by `?category=slug`. Chips are plain links: without JavaScript
/// they load the page again; hydrated, the router swaps only the list.
#[component]
pub fn HomePage() -> impl IntoView {
    let shop = use_shop();
    let t = storefront_texts();
    let query = use_query_map();
    let category = Memo::new(move |_| query.read().get("category"));
    let data = resource(move || category.get(), home_page);

    view! {
        <Title text=""/>
        <section class="hero">
            <div class="container hero__inner">
                <p class="hero__eyebrow">{t.hero_eyebrow}</p>
                <h1 class="hero__title">{shop.name}</h1>
                <p class="hero__lead">{t.hero_lead}</p>
                <div class="hero__actions">
                    <a class="btn btn--primary btn--lg" href="/#popular">{t.hero_popular}</a>
                    <a class="btn btn--ghost btn--lg" href="/#categories">{t.hero_categories}</a>
                </div>
            </div>
        </section>
        <Transition fallback=move || view! { <p class="container loading">{t.loading}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                {move || Suspend::new(async move {
                    data.await.map(|data| view! { <HomeSections data/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn HomeSections(data: HomeData) -> impl IntoView {
    let HomeData {
        categories,
        products,
        active_category,
    } = data;
    let t = storefront_texts();
    let chips = category_chips(t, &categories, active_category.as_deref());
    let heading = active_category
        .as_ref()
        .and_then(|slug| categories.iter().find(|c| &c.slug == slug))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| t.popular_now.to_string());

    view! {
        <section class="section container" id="categories" aria-labelledby="categories-title">
            <h2 class="section__title" id="categories-title">{t.categories_title}</h2>
            {if categories.is_empty() {
                view! {
                    <EmptyState title=t.shelves_empty_title>
                        <p>{t.shelves_empty_body}</p>
                    </EmptyState>
                }
                .into_any()
            } else {
                view! {
                    <ul class="category-grid">
                        {categories.into_iter().map(|c| view! { <CategoryTile category=c/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <section class="section container" id="popular" aria-labelledby="popular-title">
            <div class="section__head">
                <h2 class="section__title" id="popular-title">{heading}</h2>
                <nav class="chips" aria-label=t.filter_by_category>{chips}</nav>
            </div>
            {if products.is_empty() {
                view! {
                    <EmptyState title=t.nothing_here_title>
                        <p>{t.nothing_here_body}</p>
                    </EmptyState>
                }
                .into_any()
            } else {
                view! {
                    <ul class="product-grid" data-testid="product-grid">
                        {products.into_iter().map(|p| view! { <ProductTile product=p/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

fn category_chips(
    t: &'static Texts,
    categories: &[CategorySummary],
    active: Option<&str>,
) -> impl IntoView + use<> {
    let all = std::iter::once((
        t.chip_all.to_string(),
        "/#popular".to_string(),
        active.is_none(),
    ));
    let each = categories.iter().filter(|c| c.product_count > 0).map(|c| {
        (
            c.name.clone(),
            format!("/?category={}#popular", c.slug),
            active == Some(c.slug.as_str()),
        )
    });
    all.chain(each)
        .map(|(name, href, current)| {
            view! {
                <a class="chip" class:chip--active=current href=href aria-current=current.then_some("true")>
                    {name}
                </a>
            }
        })
        .collect_view()
}

#[component]
fn CategoryTile(category: CategorySummary) -> impl IntoView {
    let href = format!("/catalog?category={}", category.slug);
    let count = (storefront_texts().products_count)(category.product_count);
    view! {
        <li class="category-tile card card--link">
            <a href=href>
                <span class="category-tile__name">{category.name}</span>
                <span class="category-tile__desc">{category.description}</span>
                <span class="category-tile__count muted">{count}</span>
            </a>
        </li>
    }
}
