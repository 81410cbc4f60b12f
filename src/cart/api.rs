//! Server functions of the cart. Open to everyone: a guest's cart is found
//! through the guest's session, a signed-in shopper's through the account,
//! so nobody can reach another's cart.

use leptos::prelude::*;

use super::types::CartView;
use crate::error::AppError;

#[server(endpoint = "cart/view")]
pub async fn get_cart() -> Result<CartView, AppError> {
    crate::server::respond(ssr::view().await)
}

/// Units in the cart (the header's badge).
#[server(endpoint = "cart/count")]
pub async fn cart_count() -> Result<i64, AppError> {
    crate::server::respond(ssr::view().await.map(|c| c.count()))
}

/// Adds a variant. `quantity` is text as the form sends it (checked here).
/// Answers with the units now in the cart, what the header's badge shows:
/// the product page needs no more (and so its wasm carries no cart lines).
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(
    variant_id: i64,
    quantity: String,
    inscription: Option<String>,
    notes: Option<String>,
) -> Result<i64, AppError> {
    let added = ssr::add(variant_id, quantity, inscription, notes).await;
    crate::server::respond(added.map(|cart| cart.count()))
}

/// Sets a line's quantity; 0 removes the line.
#[server(endpoint = "cart/update")]
pub async fn update_cart_line(line_id: i64, quantity: String) -> Result<CartView, AppError> {
    crate::server::respond(ssr::update(line_id, quantity).await)
}

#[server(endpoint = "cart/remove")]
pub async fn remove_cart_line(line_id: i64) -> Result<CartView, AppError> {
    crate::server::respond(ssr::update(line_id, "0".into()).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use tower_sessions::Session;

    use super::super::repo::{self, CartProblem};
    use super::super::texts::texts;
    use super::super::types::{CartView, MAX_INSCRIPTION, MAX_NOTES, MAX_QUANTITY};
    use crate::accounts::guard;
    use crate::error::AppError;
    use crate::live::types::LiveEvent;
    use crate::server::app_state;
    use crate::server::db::Db;

    /// The session key that holds a guest's cart id.
    pub const GUEST_CART: &str = "guest_cart";

    /// The caller's cart id; `create` makes one when there is none.
    pub async fn cart_id(db: &Db, create: bool) -> Result<Option<i64>, AppError> {
        if let Some(user) = guard::current_user() {
            return Ok(if create {
                Some(repo::user_cart(db, user.id).await?)
            } else {
                repo::find_user_cart(db, user.id).await?
            });
        }
        let session = guard::session().await?;
        let stored = session
            .get::<i64>(GUEST_CART)
            .await
            .map_err(|e| AppError::internal("the guest's cart in the session", e))?;
        if let Some(id) = stored
            && repo::guest_cart_exists(db, id).await?
        {
            return Ok(Some(id));
        }
        if !create {
            return Ok(None);
        }
        let id = repo::new_guest_cart(db).await?;
        session
            .insert(GUEST_CART, id)
            .await
            .map_err(|e| AppError::internal("the guest's cart in the session", e))?;
        Ok(Some(id))
    }

    /// After sign-in: the guest's cart joins the account's.
    pub async fn merge_after_sign_in(
        db: &Db,
        session: &Session,
        user_id: i64,
    ) -> Result<(), AppError> {
        let Ok(Some(guest)) = session.remove::<i64>(GUEST_CART).await else {
            return Ok(());
        };
        let mine = repo::user_cart(db, user_id).await?;
        repo::merge(db, guest, mine).await
    }

    pub async fn view() -> Result<CartView, AppError> {
        let state = app_state()?;
        let Some(id) = cart_id(&state.db, false).await? else {
            return Ok(CartView::default());
        };
        Ok(CartView {
            lines: repo::lines(&state.db, id, crate::i18n::request_locale()).await?,
        })
    }

    /// Parses a quantity typed by a person: 1..=99 (0 too when `zero_ok`).
    pub fn parse_quantity(raw: &str, zero_ok: bool) -> Result<i32, AppError> {
        let t = texts(crate::i18n::request_locale());
        match raw.trim().parse::<i64>() {
            Ok(n) if n == 0 && zero_ok => Ok(0),
            Ok(n) if (1..=i64::from(MAX_QUANTITY)).contains(&n) => Ok(n as i32),
            Ok(_) => Err(AppError::field("quantity", t.err_quantity_range)),
            Err(_) => Err(AppError::field("quantity", t.err_quantity_number)),
        }
    }

    fn problem(p: CartProblem) -> AppError {
        let t = texts(crate::i18n::request_locale());
        match p {
            CartProblem::UnknownVariant => AppError::field("variant_id", t.err_unknown_variant),
            CartProblem::OnlyLeft(n, name) => AppError::Conflict((t.err_only_left)(n, &name)),
            CartProblem::Paused(name) => AppError::Conflict((t.err_paused)(&name)),
            CartProblem::TooMany => AppError::field("quantity", t.err_quantity_range),
            CartProblem::TooManyLines => AppError::Conflict(t.err_too_many_lines.into()),
            CartProblem::UnknownLine => AppError::NotFound,
        }
    }

    async fn changed(state: &crate::server::AppState, cart: &CartView) {
        if let Some(user) = guard::current_user() {
            let _ = state
                .hub
                .publish(LiveEvent::CartChanged {
                    user_id: user.id,
                    count: cart.count(),
                })
                .await;
        }
    }

    pub async fn add(
        variant_id: i64,
        quantity: String,
        inscription: Option<String>,
        notes: Option<String>,
    ) -> Result<CartView, AppError> {
        let state = app_state()?;
        let t = texts(crate::i18n::request_locale());
        let quantity = parse_quantity(&quantity, false)?;
        let inscription = inscription.unwrap_or_default().trim().to_owned();
        let notes = notes.unwrap_or_default().trim().to_owned();
        if inscription.chars().count() > MAX_INSCRIPTION {
            return Err(AppError::field("inscription", t.err_inscription_long));
        }
        if notes.chars().count() > MAX_NOTES {
            return Err(AppError::field("notes", t.err_notes_long));
        }
        let id = cart_id(&state.db, true).await?.ok_or(AppError::Internal)?;
        repo::add(&state.db, id, variant_id, quantity, &inscription, &notes)
            .await?
            .map_err(problem)?;
        let cart = CartView {
            lines: repo::lines(&state.db, id, crate::i18n::request_locale()).await?,
        };
        changed(&state, &cart).await;
        // Without JavaScript the shopper sees the cart next.
        if crate::server::is_html_form_post() {
            leptos_axum::redirect("/cart");
        }
        Ok(cart)
    }

    pub async fn update(line_id: i64, quantity: String) -> Result<CartView, AppError> {
        let state = app_state()?;
        let quantity = parse_quantity(&quantity, true)?;
        let Some(id) = cart_id(&state.db, false).await? else {
            return Err(AppError::NotFound);
        };
        repo::set_quantity(&state.db, id, line_id, quantity)
            .await?
            .map_err(problem)?;
        let cart = CartView {
            lines: repo::lines(&state.db, id, crate::i18n::request_locale()).await?,
        };
        changed(&state, &cart).await;
        Ok(cart)
    }
}
