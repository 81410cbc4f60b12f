//! `/account`: the signed-in user's profile, photo and password.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{ChangePassword, RemoveAvatar, UpdateProfile, UploadAvatar, my_account};
use crate::accounts::texts::account_texts;
use crate::accounts::types::SessionUser;
use crate::accounts::use_current_user;
use crate::app::ServerErrorPage;
use crate::ui::{Field, FormAlert, Notice, PageHeader, action_error, resource};

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = account_texts();
    let profile = ServerAction::<UpdateProfile>::new();
    let remove = ServerAction::<RemoveAvatar>::new();
    let me = resource(
        move || (profile.version().get(), remove.version().get()),
        |_| my_account(),
    );
    view! {
        <Title text=t.account_title/>
        <div class="container page">
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        me.await.map(|user| view! { <AccountSections user profile remove/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn AccountSections(
    user: SessionUser,
    profile: ServerAction<UpdateProfile>,
    remove: ServerAction<RemoveAvatar>,
) -> impl IntoView {
    let t = account_texts();
    let current = use_current_user();
    // Keep the header's name and photo in step with what was just saved.
    current.set(Some(user.clone()));
    let password = ServerAction::<ChangePassword>::new();
    let profile_error = action_error(profile);
    // The upload is a plain multipart post (its data cannot be an action's
    // input); a failure comes back in the URL, as for every no-JS form.
    let avatar_error: Signal<Option<crate::error::AppError>> = {
        let error = use_context::<leptos::server::ServerActionError>()
            .filter(|e| e.path() == <UploadAvatar as leptos::server_fn::ServerFn>::PATH)
            .map(|e| {
                leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(
                    e.err(),
                )
            });
        Signal::stored(error)
    };
    let password_error = action_error(password);
    let saved = Signal::derive(move || {
        matches!(profile.value().get(), Some(Ok(_))).then(|| t.saved.to_owned())
    });
    let password_changed = Signal::derive(move || {
        matches!(password.value().get(), Some(Ok(()))).then(|| t.password_changed.to_owned())
    });
    let upload_url = <UploadAvatar as leptos::server_fn::ServerFn>::url();
    let role = t.role(user.role);
    let initials = user.initials();
    let photo = user.avatar_url();
    let has_photo = photo.is_some();

    view! {
        <PageHeader title=t.account_title subtitle=format!("{} · {}", user.email, role)/>
        <div class="account-grid">
            <section class="card card--pad">
                <h2>{t.profile}</h2>
                <ActionForm action=profile attr:class="form" attr:id="profile-form">
                    <Field label=t.name name="name" autocomplete="name" value=user.name.clone()
                        required=true form_id="profile" error=profile_error/>
                    <FormAlert error=profile_error fields=&["name"]/>
                    <Notice text=saved/>
                    <button class="btn btn--primary" type="submit">{t.save}</button>
                </ActionForm>
            </section>

            <section class="card card--pad">
                <h2>{t.photo}</h2>
                <div class="avatar-row">
                    {match photo {
                        Some(src) => view! { <img class="avatar avatar--lg" src=src alt="" width="96" height="96"/> }.into_any(),
                        None => view! { <span class="avatar avatar--lg avatar--empty" aria-hidden="true">{initials}</span> }.into_any(),
                    }}
                </div>
                // A plain multipart post (works without JavaScript); the server
                // comes back to this page, with the error in the URL if any.
                <form class="form" id="avatar-form" method="post" enctype="multipart/form-data"
                    action=upload_url>
                    <div class="field" class:field--invalid=move || avatar_error.get().is_some()>
                        <label class="field__label" for="avatar-photo">{t.photo_upload}</label>
                        <input class="input" id="avatar-photo" type="file" name="photo"
                            accept="image/jpeg,image/png,image/webp,image/gif" required/>
                        <p class="field__hint">{t.photo_hint}</p>
                        <p class="field__error" role="alert">
                            {move || avatar_error.get().map(|e| e.to_string())}
                        </p>
                    </div>
                    <button class="btn btn--primary" type="submit">{t.photo_upload}</button>
                </form>
                {has_photo.then(|| view! {
                    <ActionForm action=remove attr:class="form form--inline">
                        <button class="btn btn--ghost btn--sm" type="submit">{t.photo_remove}</button>
                    </ActionForm>
                })}
            </section>

            <section class="card card--pad">
                <h2>{t.change_password}</h2>
                <ActionForm action=password attr:class="form" attr:id="password-form">
                    <Field label=t.current_password name="current_password" kind="password"
                        autocomplete="current-password" required=true error=password_error/>
                    <Field label=t.new_password name="new_password" kind="password"
                        autocomplete="new-password" hint=t.password_hint required=true error=password_error/>
                    <FormAlert error=password_error fields=&["current_password", "new_password"]/>
                    <Notice text=password_changed/>
                    <button class="btn btn--primary" type="submit">{t.change_password}</button>
                </ActionForm>
            </section>
        </div>
    }
}
