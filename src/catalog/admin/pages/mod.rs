//! The assortment's pages: the products table (with export and import),
//! the category tree, the characteristic types, the product editor and an
//! import's preview. They live in the back office's lazy route group.

mod categories;
mod characteristics;
mod import;
mod product;
mod table;
mod variants;

pub use categories::CategoriesPage;
pub use characteristics::CharacteristicsPage;
pub use import::ImportPage;
pub use product::ProductEditorPage;
pub use table::ProductsPage;

use leptos::prelude::*;

/// A counter the editor's resources follow: every action that worked
/// raises it, so the page reloads what it shows. (Without JavaScript each
/// form posts and the server renders the page anew.)
#[derive(Clone, Copy)]
pub(crate) struct Reload(pub RwSignal<u32>);

/// Raises `reload` each time `action` answers `Ok`.
pub(crate) fn reload_on_ok<I, O>(action: ServerAction<I>, reload: Reload)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            reload.0.update(|n| *n += 1);
        }
    });
}

/// The category choices of a select, indented by depth.
pub(crate) fn category_options(
    categories: &[(super::types::CategoryRow, usize)],
    selected: Option<i64>,
    skip_under: Option<i64>,
) -> impl IntoView + use<> {
    // A category cannot go under itself or its subtree: leave them out.
    let locale = crate::i18n::use_locale();
    let mut skipping: Option<usize> = None;
    let mut out = Vec::new();
    for (c, depth) in categories {
        if let Some(d) = skipping {
            if *depth > d {
                continue;
            }
            skipping = None;
        }
        if Some(c.id) == skip_under {
            skipping = Some(*depth);
            continue;
        }
        let label = format!("{}{}", "\u{a0}\u{a0}".repeat(*depth), c.label(locale));
        let id = c.id;
        out.push(view! { <option value=id selected=selected == Some(id)>{label}</option> });
    }
    out.collect_view()
}
