//! Online payment through a provider. A provider hosts the payment page:
//! checkout sends the shopper to [`PaymentProvider::checkout_url`], and the
//! provider reports the outcome back (a redirect or webhook), which settles
//! the payment with `repo::settle_payment`.
//!
//! The provider shipped is the sandbox: it runs inside the app, like a real
//! provider's test mode, with a hosted page where the shopper can pay or
//! decline. A real provider (YooKassa, Stripe) implements the same trait.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::repo;
use crate::error::AppError;
use crate::server::AppState;

pub trait PaymentProvider: Send + Sync {
    /// Stored with each payment.
    fn name(&self) -> &'static str;
    /// Where the shopper pays the payment `reference`.
    fn checkout_url(&self, reference: &str) -> String;
}

/// The built-in test provider.
pub struct Sandbox;

impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }
    fn checkout_url(&self, reference: &str) -> String {
        format!("/pay/sandbox/{reference}")
    }
}

/// The configured provider.
pub fn provider() -> &'static dyn PaymentProvider {
    &Sandbox
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The sandbox's hosted payment page: the amount, and pay or decline.
pub async fn sandbox_page(
    State(state): State<AppState>,
    Path(reference): Path<String>,
) -> Response {
    let Ok(Some((order_id, amount, status))) = repo::payment(&state.db, &reference).await else {
        return AppError::NotFound.into_response();
    };
    if status != "pending" {
        return Redirect::to(&format!("/orders/{order_id}")).into_response();
    }
    let amount =
        crate::ui::format_money(amount, &state.config.shop.currency, crate::i18n::Locale::En);
    let shop = escape(&state.config.shop.name);
    let reference = escape(&reference);
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox payment</title>
<style>
body{{font:16px/1.5 system-ui,sans-serif;background:#f3f4f8;margin:0;display:grid;place-items:center;min-height:100vh}}
main{{background:#fff;border-radius:12px;box-shadow:0 4px 24px #0002;padding:2rem;max-width:26rem;width:90%}}
.tag{{display:inline-block;background:#fde68a;border-radius:4px;padding:0 .5rem;font-size:.8rem}}
.amount{{font-size:2rem;font-weight:700;margin:.5rem 0}}
form{{display:flex;gap:.75rem;margin-top:1.5rem}}
button{{flex:1;font:inherit;padding:.75rem;border-radius:8px;border:0;cursor:pointer}}
.pay{{background:#1d4ed8;color:#fff}} .decline{{background:#e5e7eb}}
</style></head>
<body><main>
<span class="tag">SANDBOX · test mode</span>
<h1>Pay {shop}</h1>
<p>Order №{order_id}</p>
<p class="amount" data-testid="amount">{amount}</p>
<p>No real money moves: choose how this test payment ends.</p>
<form method="post" action="/pay/sandbox/{reference}">
<button class="pay" name="outcome" value="pay" type="submit">Pay</button>
<button class="decline" name="outcome" value="decline" type="submit">Decline</button>
</form>
</main></body></html>"#
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct Outcome {
    outcome: String,
}

/// The sandbox reports the outcome (what a provider's callback does).
pub async fn sandbox_complete(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Form(form): Form<Outcome>,
) -> Response {
    let succeeded = match form.outcome.as_str() {
        "pay" => true,
        "decline" => false,
        _ => return AppError::BadRequest("Unknown outcome".into()).into_response(),
    };
    match repo::settle_payment(&state.db, &reference, succeeded).await {
        Ok(Some(order_id)) => {
            let notice = if succeeded { "paid" } else { "payment_failed" };
            Redirect::to(&format!("/orders/{order_id}?notice={notice}")).into_response()
        }
        Ok(None) => match repo::payment(&state.db, &reference).await {
            // Settled already (a second click): show the order.
            Ok(Some((order_id, _, _))) => {
                Redirect::to(&format!("/orders/{order_id}")).into_response()
            }
            _ => AppError::NotFound.into_response(),
        },
        Err(err) => err.into_response(),
    }
}

/// The sandbox's routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/pay/sandbox/{reference}",
        axum::routing::get(sandbox_page).post(sandbox_complete),
    )
}
