use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use super::ProductTile;
use crate::app::ServerErrorPage;
use crate::catalog::api::search_catalog;
use crate::catalog::types::{CatalogPage as Page, Sort};
use crate::i18n::{Texts, storefront_texts};
use crate::ui::{EmptyState, resource, submit_on_change};

/// The catalog: search, filters, sort and pages. Every filter lives in the
/// URL. The filter form is a GET form: without JavaScript it loads the
/// page; hydrated, the router navigates in place and a change to any
/// control applies at once.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let t = storefront_texts();
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let data = resource(move || search.get(), search_catalog);
    view! {
        <Title text=t.catalog_title/>
        <section class="container section catalog">
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        data.await.map(|page| view! { <CatalogView page/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn sort_label(t: &'static Texts, sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => t.sort_relevance,
        Sort::Popular => t.sort_popular,
        Sort::Newest => t.sort_newest,
        Sort::PriceAsc => t.sort_price_asc,
        Sort::PriceDesc => t.sort_price_desc,
    }
}

#[component]
fn CatalogView(page: Page) -> impl IntoView {
    let t = storefront_texts();
    let Page {
        query,
        products,
        total,
        pages,
        categories,
        variants,
        characteristics,
        stores,
        suppliers,
    } = page;
    let sort = query.effective_sort();
    let heading = query
        .category
        .as_ref()
        .and_then(|slug| categories.iter().find(|c| &c.slug == slug))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| t.catalog_title.to_owned());
    let searching = !query.q.is_empty();
    let pager = (pages > 1).then(|| {
        let prev = (query.page > 1).then(|| query.with_page(query.page - 1).href());
        let next = (query.page < pages).then(|| query.with_page(query.page + 1).href());
        view! {
            <nav class="pager" aria-label=(t.page_of)(query.page, pages)>
                {prev.map(|h| view! { <a class="btn btn--ghost btn--sm" rel="prev" href=h>{t.previous}</a> })}
                <span class="muted">{(t.page_of)(query.page, pages)}</span>
                {next.map(|h| view! { <a class="btn btn--ghost btn--sm" rel="next" href=h data-testid="next-page">{t.next}</a> })}
            </nav>
        }
    });
    // Indented names show the category tree in the select.
    let depth = |id: i64| {
        let mut d = 0;
        let mut at = categories
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.parent_id);
        while let Some(p) = at
            && d < 8
        {
            d += 1;
            at = categories
                .iter()
                .find(|c| c.id == p)
                .and_then(|c| c.parent_id);
        }
        d
    };
    let category_options = categories
        .iter()
        .filter(|c| c.product_count > 0)
        .map(|c| {
            let label = format!(
                "{}{} ({})",
                "\u{a0}\u{a0}".repeat(depth(c.id)),
                c.name,
                c.product_count
            );
            let selected = query.category.as_deref() == Some(c.slug.as_str());
            view! { <option value=c.slug.clone() selected=selected>{label}</option> }
        })
        .collect_view();

    view! {
        <div class="catalog__layout">
            <Form method="GET" action="/catalog" attr:class="filters card card--pad" attr:id="filters"
                attr:role="search" on:change=submit_on_change>
                <div class="field">
                    <label class="field__label" for="filter-q">{t.search}</label>
                    <input class="input" id="filter-q" type="search" name="q" value=query.q.clone()
                        placeholder=t.search_placeholder maxlength="200"/>
                </div>
                <div class="field">
                    <label class="field__label" for="filter-category">{t.category}</label>
                    <select class="input" id="filter-category" name="category">
                        <option value="">{t.any}</option>
                        {category_options}
                    </select>
                </div>
                {(!variants.is_empty()).then(|| view! {
                    <div class="field">
                        <label class="field__label" for="filter-variant">{t.size}</label>
                        <select class="input" id="filter-variant" name="variant">
                            <option value="">{t.any}</option>
                            {variants.iter().map(|v| view! {
                                <option value=v.value.clone() selected={query.variant.as_deref() == Some(v.value.as_str())}>
                                    {format!("{} ({})", v.value, v.count)}
                                </option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <fieldset class="field">
                    <legend class="field__label">{t.price}</legend>
                    <div class="range">
                        <label class="visually-hidden" for="filter-price-min">{t.price_min}</label>
                        <input class="input" id="filter-price-min" type="number" name="price_min" min="0"
                            placeholder=t.price_min value=query.price_min.map(|p| p.to_string())/>
                        <span aria-hidden="true">"–"</span>
                        <label class="visually-hidden" for="filter-price-max">{t.price_max}</label>
                        <input class="input" id="filter-price-max" type="number" name="price_max" min="0"
                            placeholder=t.price_max value=query.price_max.map(|p| p.to_string())/>
                    </div>
                </fieldset>
                {characteristics.iter().map(|c| {
                    let name = c.name.clone();
                    view! {
                        <fieldset class="field facet">
                            <legend class="field__label">{name.clone()}</legend>
                            {c.values.iter().map(|v| {
                                let value = format!("{}:{}", name, v.value);
                                let checked = query.ch.iter().any(|(n, x)| n == &name && x == &v.value);
                                view! {
                                    <label class="choice choice--sm">
                                        <input type="checkbox" name="ch" value=value checked=checked/>
                                        <span>{v.value.clone()}</span>
                                        <span class="muted">{v.count}</span>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
                <div class="field">
                    <label class="field__label" for="filter-store">{t.in_stock_at}</label>
                    <select class="input" id="filter-store" name="store">
                        <option value="">{t.any_store}</option>
                        {stores.iter().map(|s| view! {
                            <option value=s.slug.clone() selected={query.store.as_deref() == Some(s.slug.as_str())}>{s.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {(!suppliers.is_empty()).then(|| view! {
                    <div class="field">
                        <label class="field__label" for="filter-supplier">{t.supplier}</label>
                        <select class="input" id="filter-supplier" name="supplier">
                            <option value="">{t.any}</option>
                            {suppliers.iter().map(|s| view! {
                                <option value=s.id selected={query.supplier == Some(s.id)}>{s.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label class="field__label" for="filter-sort">{t.sort}</label>
                    <select class="input" id="filter-sort" name="sort">
                        {Sort::ALL.into_iter().filter(|s| searching || *s != Sort::Relevance).map(|s| view! {
                            <option value=s.code() selected={s == sort}>{sort_label(t, s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="btn btn--primary btn--block" type="submit">{t.apply}</button>
                {query.is_filtered().then(|| view! {
                    <a class="btn btn--link btn--block" href="/catalog" data-testid="clear-filters">{t.clear_filters}</a>
                })}
            </Form>
            <div class="catalog__results">
                <div class="section__head">
                    <h1 class="section__title">{heading}</h1>
                    <p class="muted" data-testid="result-count">{(t.results_count)(total)}</p>
                </div>
                {if products.is_empty() {
                    view! {
                        <EmptyState title=t.no_results_title>
                            <p>{t.no_results_body}</p>
                            <a class="btn btn--ghost" href="/catalog">{t.clear_filters}</a>
                        </EmptyState>
                    }.into_any()
                } else {
                    view! {
                        <ul class="product-grid" data-testid="product-grid">
                            {products.into_iter().map(|p| view! { <ProductTile product=p/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {pager}
            </div>
        </div>
    }
}
