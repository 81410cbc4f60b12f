//! The saved-filters bar above the orders and clients tables: the caller's
//! sets as links (the active one highlighted), a × to delete each, and a
//! form that saves the table's current query under a name. Plain links and
//! forms: all of it works before (or without) the WebAssembly.

use leptos::prelude::*;

use crate::saved_filters::api::{DeleteFilters, SaveFilters, list_saved_filters};
use crate::saved_filters::texts::filter_texts;
use crate::saved_filters::types::{FilterPage, SavedFilter};
use crate::ui::{FormAlert, Notice, action_error, resource};

/// `query`: the table's current URL query (filters, sort, columns; no page).
#[component]
pub fn SavedFiltersBar(page: FilterPage, #[prop(into)] query: Signal<String>) -> impl IntoView {
    let t = filter_texts();
    let save = ServerAction::<SaveFilters>::new();
    let delete = ServerAction::<DeleteFilters>::new();
    let sets = resource(
        move || (save.version().get(), delete.version().get()),
        move |_| list_saved_filters(page.code().to_owned()),
    );
    let error = action_error(save);
    let name_error = move || {
        error
            .get()
            .and_then(|e| e.field_message("name").map(str::to_owned))
    };
    let saved = Signal::derive(move || match save.value().get() {
        Some(Ok(set)) => Some((t.saved_as)(&set.name)),
        _ => None,
    });
    view! {
        <section class="saved-filters" id="saved-filters" aria-label=t.saved>
            <div class="saved-filters__list">
                <span class="muted">{t.saved}": "</span>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        sets.await.map(|sets| view! { <Chips sets page query delete/> })
                    })}
                </Transition>
            </div>
            <ActionForm action=save attr:class="saved-filters__form" attr:id="saved-filters-form">
                <input type="hidden" name="page" value=page.code()/>
                <input type="hidden" name="query" value=move || query.get()/>
                <input class="input input--sm" type="text" name="name" maxlength="60" required
                    aria-label=t.name placeholder=t.name_placeholder
                    aria-invalid=move || name_error().is_some().then_some("true")/>
                <button class="btn btn--ghost btn--sm" type="submit">{t.save}</button>
            </ActionForm>
            <p class="field__error" role="alert">{name_error}</p>
            <FormAlert error fields=&["name"]/>
            <Notice text=saved/>
        </section>
    }
}

#[component]
fn Chips(
    sets: Vec<SavedFilter>,
    page: FilterPage,
    query: Signal<String>,
    delete: ServerAction<DeleteFilters>,
) -> impl IntoView {
    let t = filter_texts();
    if sets.is_empty() {
        return view! { <span class="muted">{t.none}</span> }.into_any();
    }
    let chips = sets
        .into_iter()
        .map(|f| {
            let href = f.href(page);
            let mine = f.query.clone();
            let active = move || page.clean_query(&query.get()) == mine;
            let label = (t.delete)(&f.name);
            view! {
                <span class="saved-filter" data-filter=f.name.clone()>
                    <a class="chip" class:chip--active=active href=href>{f.name.clone()}</a>
                    <ActionForm action=delete attr:class="saved-filter__delete">
                        <input type="hidden" name="id" value=f.id/>
                        <button class="btn btn--ghost btn--sm" type="submit" aria-label=label.clone() title=label>"×"</button>
                    </ActionForm>
                </span>
            }
        })
        .collect_view();
    view! { <span class="chips">{chips}</span> }.into_any()
}
