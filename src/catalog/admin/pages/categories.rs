//! `/admin/catalog/categories`: the category tree. Each category folds
//! open into its form (rename, move, reorder); an empty one can be
//! deleted; a new one goes anywhere in the tree.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{Reload, category_options, reload_on_ok};
use crate::app::ServerErrorPage;
use crate::catalog::admin::api::{CreateCategory, DeleteCategory, SaveCategory, admin_categories};
use crate::catalog::admin::texts::assortment_texts;
use crate::catalog::admin::types::{CategoryRow, CategoryTree};
use crate::ui::{EmptyState, FormAlert, PageHeader, action_error, resource};

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let t = assortment_texts();
    let reload = Reload(RwSignal::new(0));
    let create = ServerAction::<CreateCategory>::new();
    reload_on_ok(create, reload);
    let tree = resource(move || reload.0.get(), |_| admin_categories());
    view! {
        <Title text=t.categories_title/>
        <div class="container page">
            <p><a href="/admin/catalog">{"← "}{t.back_to_products}</a></p>
            <PageHeader title=t.categories_title/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        tree.await.map(|tree| view! { <Tree tree create reload/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Tree(tree: CategoryTree, create: ServerAction<CreateCategory>, reload: Reload) -> impl IntoView {
    let t = assortment_texts();
    let can_edit = tree.can_edit;
    let all = tree.rows.clone();
    let list = if tree.rows.is_empty() {
        view! { <EmptyState title=t.no_categories>""</EmptyState> }.into_any()
    } else {
        let rows = tree
            .rows
            .into_iter()
            .map(|(c, depth)| view! { <Category c depth all=all.clone() can_edit reload/> })
            .collect_view();
        view! { <ul class="category-tree" id="category-tree">{rows}</ul> }.into_any()
    };
    view! {
        {can_edit.then(|| view! { <NewCategory create all=all.clone()/> })}
        <section class="card card--pad section">{list}</section>
    }
}

#[component]
fn NewCategory(
    create: ServerAction<CreateCategory>,
    all: Vec<(CategoryRow, usize)>,
) -> impl IntoView {
    let t = assortment_texts();
    let error = action_error(create);
    view! {
        <details class="card card--pad section" id="new-category" open=move || error.get().is_some()>
            <summary>{t.new_category}</summary>
            <ActionForm action=create attr:class="form form--grid" attr:id="new-category-form">
                <CategoryFields c=None all error/>
                <FormAlert error fields=&["name", "slug", "parent_id", "position", "description", "description_ru"]/>
                <div><button class="btn btn--primary" type="submit">{t.create_category}</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
fn Category(
    c: CategoryRow,
    depth: usize,
    all: Vec<(CategoryRow, usize)>,
    can_edit: bool,
    reload: Reload,
) -> impl IntoView {
    let t = assortment_texts();
    let save = ServerAction::<SaveCategory>::new();
    let delete = ServerAction::<DeleteCategory>::new();
    reload_on_ok(save, reload);
    reload_on_ok(delete, reload);
    let save_error = action_error(save);
    let delete_error = action_error(delete);
    let id = c.id;
    let filter = format!("/admin/catalog?category={id}");
    let summary = view! {
        <span class="category-tree__name">{c.label(crate::i18n::use_locale()).to_owned()}</span>
        <span class="muted">{format!(" /{} · ", c.slug)}</span>
        <a href=filter>{format!("{}: {}", t.products_in, c.product_count)}</a>
    };
    let body = if can_edit {
        let row = c.clone();
        view! {
            <details open=move || save_error.get().is_some() || delete_error.get().is_some()>
                <summary>{summary}</summary>
                <ActionForm action=save attr:class="form form--grid" attr:data-category-form=id>
                    <input type="hidden" name="id" value=id/>
                    <CategoryFields c=Some(row) all error=save_error/>
                    <FormAlert error=save_error fields=&["name", "slug", "parent_id", "position", "description", "description_ru"]/>
                    <div><button class="btn btn--primary btn--sm" type="submit">{t.save}</button></div>
                </ActionForm>
                <ActionForm action=delete attr:class="form form--inline" attr:data-category-delete=id>
                    <input type="hidden" name="id" value=id/>
                    <FormAlert error=delete_error/>
                    <button class="btn btn--danger btn--sm" type="submit">{t.delete}</button>
                </ActionForm>
            </details>
        }
        .into_any()
    } else {
        summary.into_any()
    };
    view! {
        <li class="category-tree__item" data-category=id style=format!("--depth: {depth}")>{body}</li>
    }
}

/// The fields of a category's form (new: `c` is `None`).
#[component]
fn CategoryFields(
    c: Option<CategoryRow>,
    all: Vec<(CategoryRow, usize)>,
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let t = assortment_texts();
    let prefix = c
        .as_ref()
        .map(|c| format!("category-{}", c.id))
        .unwrap_or_else(|| "new-category".into());
    let message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    let id = |f: &str| format!("{prefix}-{f}");
    let blank = CategoryRow {
        id: 0,
        parent_id: None,
        slug: String::new(),
        name: String::new(),
        name_ru: String::new(),
        description: String::new(),
        description_ru: String::new(),
        position: 0,
        product_count: 0,
    };
    let own = c.as_ref().map(|c| c.id);
    let c = c.unwrap_or(blank);
    let (name, name_ru, slug, description, description_ru, parent, position) = (
        c.name,
        c.name_ru,
        c.slug,
        c.description,
        c.description_ru,
        c.parent_id,
        c.position,
    );
    view! {
        <div class="field" class:field--invalid=move || message("name")().is_some()>
            <label class="field__label" for=id("name")>{t.name}</label>
            <input class="input" id=id("name") name="name" value=name/>
            <p class="field__hint">{t.names_hint}</p>
            <p class="field__error" role="alert">{message("name")}</p>
        </div>
        <div class="field">
            <label class="field__label" for=id("name-ru")>{t.name_ru}</label>
            <input class="input" id=id("name-ru") name="name_ru" lang="ru" value=name_ru/>
        </div>
        <div class="field" class:field--invalid=move || message("slug")().is_some()>
            <label class="field__label" for=id("slug")>{t.slug}</label>
            <input class="input" id=id("slug") name="slug" value=slug/>
            <p class="field__hint">{t.slug_hint}</p>
            <p class="field__error" role="alert">{message("slug")}</p>
        </div>
        <div class="field" class:field--invalid=move || message("parent_id")().is_some()>
            <label class="field__label" for=id("parent")>{t.parent}</label>
            <select class="select" id=id("parent") name="parent_id">
                <option value="">{t.top_level}</option>
                {category_options(&all, parent, own)}
            </select>
            <p class="field__error" role="alert">{message("parent_id")}</p>
        </div>
        <div class="field" class:field--invalid=move || message("position")().is_some()>
            <label class="field__label" for=id("position")>{t.position}</label>
            <input class="input" id=id("position") name="position" inputmode="numeric" value=position/>
            <p class="field__error" role="alert">{message("position")}</p>
        </div>
        <div class="field field--wide">
            <label class="field__label" for=id("description")>{t.description}</label>
            <textarea class="input" id=id("description") name="description" rows="2">{description}</textarea>
        </div>
        <div class="field field--wide" class:field--invalid=move || message("description_ru")().is_some()>
            <label class="field__label" for=id("description-ru")>{t.description_ru}</label>
            <textarea class="input" id=id("description-ru") name="description_ru" lang="ru" rows="2">{description_ru}</textarea>
            <p class="field__error" role="alert">{message("description_ru")}</p>
        </div>
    }
}
