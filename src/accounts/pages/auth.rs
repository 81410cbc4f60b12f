//! Sign-in, registration, email confirmation and password reset. Each form
//! is an `ActionForm`: hydrated it calls the server function in place; with
//! JavaScript off it is a plain HTML post and the server redirects back.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::api::{
    ConfirmEmail, Login, Register, RequestPasswordReset, ResetPassword, oauth_providers,
    reset_link_valid,
};
use crate::accounts::texts::{AccountTexts, account_texts};
use crate::accounts::use_current_user;
use crate::ui::{Field, FormAlert, Notice, action_error, resource};

/// The frame of every sign-in page: a centred card.
#[component]
fn AuthCard(title: &'static str, lead: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title/>
        <section class="auth container">
            <div class="card card--pad auth__card">
                <h1 class="auth__title">{title}</h1>
                <p class="muted auth__lead">{lead}</p>
                {children()}
            </div>
        </section>
    }
}

fn notice_text(
    t: &'static AccountTexts,
    notice: Option<String>,
    oauth: Option<String>,
) -> Option<String> {
    let text = match notice.as_deref() {
        Some("registered") => Some(t.notice_registered),
        Some("confirmed") => Some(t.notice_confirmed),
        Some("password_reset") => Some(t.notice_password_reset),
        Some("signed_out") => Some(t.notice_signed_out),
        _ => None,
    };
    text.map(str::to_owned).or_else(|| {
        oauth.map(|e| match e.as_str() {
            "no_verified_email" => t.oauth_no_verified_email.to_owned(),
            "blocked" => t.err_blocked.to_owned(),
            _ => t.oauth_failed.to_owned(),
        })
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = account_texts();
    let sign_in = crate::i18n::storefront_texts().sign_in;
    let action = ServerAction::<Login>::new();
    let error = action_error(action);
    let user = use_current_user();
    Effect::new(move || {
        if let Some(Ok(u)) = action.value().get() {
            user.set(Some(u));
        }
    });
    let query = use_query_map();
    let notice = Signal::derive(move || {
        let q = query.read();
        notice_text(t, q.get("notice"), q.get("oauth_error"))
    });
    let next = move || query.read().get("next").unwrap_or_default();
    let providers = resource(|| (), |_| oauth_providers());
    let pending = action.pending();

    view! {
        <AuthCard title=t.login_title lead=t.login_lead>
            <Notice text=notice/>
            <ActionForm action=action attr:class="form" attr:id="login-form">
                <input type="hidden" name="next" prop:value=next value=next/>
                <Field label=t.email name="email" kind="email" autocomplete="email" required=true error/>
                <Field label=t.password name="password" kind="password" autocomplete="current-password" required=true error/>
                <FormAlert error fields=&["email", "password"]/>
                <button class="btn btn--primary btn--block" type="submit" disabled=pending>
                    {move || if pending.get() { t.working } else { sign_in }}
                </button>
            </ActionForm>
            <p class="auth__links">
                <a href="/forgot">{t.forgot_link}</a>
                <a href="/register">{t.no_account}</a>
            </p>
            <Suspense>
                {move || Suspend::new(async move {
                    let p = providers.await.unwrap_or_default();
                    (p.github || p.google).then(|| {
                        let next = next();
                        let href = move |name: &str| {
                            if next.is_empty() {
                                format!("/auth/oauth/{name}/start")
                            } else {
                                format!("/auth/oauth/{name}/start?next={}", crate::app::percent_encode(&next))
                            }
                        };
                        view! {
                            <div class="auth__oauth">
                                <p class="auth__divider">{t.or_continue_with}</p>
                                {p.github.then(|| view! {
                                    <a class="btn btn--ghost btn--block" rel="external" href=href("github")>"GitHub"</a>
                                })}
                                {p.google.then(|| view! {
                                    <a class="btn btn--ghost btn--block" rel="external" href=href("google")>"Google"</a>
                                })}
                            </div>
                        }
                    })
                })}
            </Suspense>
        </AuthCard>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = account_texts();
    let action = ServerAction::<Register>::new();
    let error = action_error(action);
    let pending = action.pending();
    view! {
        <AuthCard title=t.register_title lead=t.register_lead>
            <ActionForm action=action attr:class="form" attr:id="register-form">
                <Field label=t.name name="name" autocomplete="name" required=true error/>
                <Field label=t.email name="email" kind="email" autocomplete="email" required=true error/>
                <Field label=t.password name="password" kind="password" autocomplete="new-password"
                    hint=t.password_hint required=true error/>
                <FormAlert error fields=&["name", "email", "password"]/>
                <button class="btn btn--primary btn--block" type="submit" disabled=pending>
                    {move || if pending.get() { t.working } else { t.register_submit }}
                </button>
            </ActionForm>
            <p class="auth__links"><a href="/login">{t.have_account}</a></p>
        </AuthCard>
    }
}

/// `/confirm?token=…`, the link in the confirmation mail. Confirming is a
/// button (a POST), so mail scanners that open links do not use it up.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let t = account_texts();
    let action = ServerAction::<ConfirmEmail>::new();
    let error = action_error(action);
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    view! {
        <AuthCard title=t.confirm_title lead=t.confirm_lead>
            <ActionForm action=action attr:class="form" attr:id="confirm-form">
                <input type="hidden" name="token" prop:value=token value=token/>
                <FormAlert error/>
                <button class="btn btn--primary btn--block" type="submit">{t.confirm_submit}</button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let t = account_texts();
    let sign_in = crate::i18n::storefront_texts().sign_in;
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(action);
    let query = use_query_map();
    let sent = Signal::derive(move || {
        let done =
            query.read().get("sent").is_some() || matches!(action.value().get(), Some(Ok(())));
        done.then(|| t.forgot_sent.to_owned())
    });
    view! {
        <AuthCard title=t.forgot_title lead=t.forgot_lead>
            <Notice text=sent/>
            <ActionForm action=action attr:class="form" attr:id="forgot-form">
                <Field label=t.email name="email" kind="email" autocomplete="email" required=true error/>
                <FormAlert error fields=&["email"]/>
                <button class="btn btn--primary btn--block" type="submit">{t.forgot_submit}</button>
            </ActionForm>
            <p class="auth__links"><a href="/login">{sign_in}</a></p>
        </AuthCard>
    }
}

/// `/reset?token=…`, the link in the reset mail.
#[component]
pub fn ResetPage() -> impl IntoView {
    let t = account_texts();
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let valid = resource(move || token.get(), reset_link_valid);
    view! {
        <AuthCard title=t.reset_title lead=t.reset_lead>
            <Suspense>
                {move || Suspend::new(async move {
                    if valid.await.unwrap_or(false) {
                        view! {
                            <ActionForm action=action attr:class="form" attr:id="reset-form">
                                <input type="hidden" name="token" prop:value=move || token.get() value=move || token.get()/>
                                <Field label=t.new_password name="password" kind="password"
                                    autocomplete="new-password" hint=t.password_hint required=true error/>
                                <FormAlert error fields=&["password"]/>
                                <button class="btn btn--primary btn--block" type="submit">{t.reset_submit}</button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        view! {
                            <div class="alert alert--error" role="alert">{t.err_bad_link}</div>
                            <p class="auth__links"><a href="/forgot">{t.forgot_title}</a></p>
                        }
                        .into_any()
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}
