//! The error pages every route may show: 404, 401 (sign in and come back),
//! 403 and 500.

use leptos::prelude::*;
use leptos_meta::Title;

use super::percent_encode;
use crate::error::AppError;
use crate::i18n::storefront_texts;
use crate::ui::ErrorPage;

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = storefront_texts();
    view! {
        <Title text=t.not_found_title/>
        <ErrorPage status=404 title=t.not_found_title message=t.not_found_body/>
    }
}

/// What an `<ErrorBoundary>` shows: a 404 for `NotFound`, otherwise a 500.
#[component]
pub fn ServerErrorPage(errors: ArcRwSignal<leptos::error::Errors>) -> impl IntoView {
    let first: Option<AppError> = errors
        .get_untracked()
        .into_iter()
        .find_map(|(_, e)| (*e).downcast_ref::<AppError>().cloned());
    let t = storefront_texts();
    match first {
        Some(AppError::NotFound) => view! { <NotFound/> }.into_any(),
        Some(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
        Some(AppError::Forbidden) => view! {
            <Title text=t.forbidden_title/>
            <ErrorPage status=403 title=t.forbidden_title message=t.forbidden_body/>
        }
        .into_any(),
        Some(err) if err.status() < 500 => view! {
            <ErrorPage status=err.status() title=t.request_failed_title message=err.to_string()/>
        }
        .into_any(),
        _ => view! {
            <Title text=t.error_title/>
            <ErrorPage status=500 title=t.error_title message=t.error_body/>
        }
        .into_any(),
    }
}

/// What a page that needs a signed-in user shows to a visitor: a 401 with
/// a link to sign in and come back.
#[component]
fn SignInRequired() -> impl IntoView {
    let t = storefront_texts();
    let location = leptos_router::hooks::use_location();
    let href = format!(
        "/login?next={}",
        percent_encode(&location.pathname.get_untracked())
    );
    #[cfg(feature = "ssr")]
    crate::server::set_status(401);
    view! {
        <Title text=t.sign_in_required_title/>
        <section class="error-page" data-status="401">
            <p class="error-page__code">"401"</p>
            <h1>{t.sign_in_required_title}</h1>
            <p class="error-page__message">{t.sign_in_required_body}</p>
            <a class="btn btn--primary" href=href>{t.sign_in}</a>
        </section>
    }
}
