//! Form pieces: a labelled field with its error, and the form-level alert.
//! Errors come from a server action's value, so they show the same whether
//! the form was sent by the WebAssembly or as a plain HTML post (Leptos then
//! carries the error back in the page's URL and the server renders it).

use leptos::prelude::*;

use crate::error::AppError;

/// The error of an action's last call, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// True once the action's last call succeeded.
pub fn action_ok<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// A labelled input with its hint and its error message.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] form_id: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = match form_id {
        Some(f) => format!("{f}-{name}"),
        None => format!("field-{name}"),
    };
    let error_id = format!("{id}-error");
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(name).map(str::to_owned))
    };
    let invalid = move || message().is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label class="field__label" for=id.clone()>{label}</label>
            <input
                class="input"
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=error_id.clone()
            />
            {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
            <p class="field__error" id=error_id role="alert">{message}</p>
        </div>
    }
}

/// The form's own error: anything that is not about one of `fields`
/// (shown next to those), such as "too many attempts" or a bad link.
#[component]
pub fn FormAlert(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] fields: &'static [&'static str],
) -> impl IntoView {
    let message = move || {
        let err = error.get()?;
        match &err {
            AppError::Invalid(list) => {
                let rest: Vec<&str> = list
                    .iter()
                    .filter(|f| !fields.contains(&f.field.as_str()))
                    .map(|f| f.message.as_str())
                    .collect();
                (!rest.is_empty()).then(|| rest.join(" "))
            }
            other => Some(other.to_string()),
        }
    };
    view! {
        <Show when=move || message().is_some()>
            <div class="alert alert--error" role="alert">{message}</div>
        </Show>
    }
}

/// A success or information notice.
#[component]
pub fn Notice(#[prop(into)] text: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || text.get().is_some()>
            <div class="alert alert--success" role="status">{move || text.get()}</div>
        </Show>
    }
}

/// `on:change` of a filter form: send it at once (a GET form, so the URL
/// follows and the page's resource reloads). Without JavaScript the form's
/// own button does it.
pub fn submit_on_change(ev: leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(form) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
    {
        let _ = form.request_submit();
    }
}
