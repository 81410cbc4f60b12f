//! A signed-in user's own account: the profile, the password, the avatar.

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::accounts::types::SessionUser;
use crate::error::AppError;

/// The signed-in user.
#[server(endpoint = "accounts/me")]
pub async fn my_account() -> Result<SessionUser, AppError> {
    crate::server::respond(crate::accounts::guard::require_user())
}

#[server(endpoint = "accounts/profile")]
pub async fn update_profile(name: String) -> Result<SessionUser, AppError> {
    crate::server::respond(ssr::update_profile(name).await)
}

/// Changes the password; other sessions end, this one goes on.
#[server(endpoint = "accounts/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    crate::server::respond(ssr::change_password(current_password, new_password).await)
}

/// Uploads an avatar (multipart field `photo`).
#[server(endpoint = "accounts/avatar", input = MultipartFormData)]
pub async fn upload_avatar(data: MultipartData) -> Result<SessionUser, AppError> {
    crate::server::respond(ssr::upload_avatar(data).await)
}

#[server(endpoint = "accounts/avatar-remove")]
pub async fn remove_avatar() -> Result<(), AppError> {
    crate::server::respond(ssr::remove_avatar().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::accounts::api::shared::{account_changed, check_name, password_message, tr};
    use crate::accounts::guard::{self, require_user};
    use crate::accounts::types::check_password_strength;
    use crate::accounts::{avatar, password, repo};
    use crate::error::FieldErrors;
    use crate::server::app_state;
    use crate::server::pictures::{self, PictureProblem};

    pub async fn update_profile(name: String) -> Result<SessionUser, AppError> {
        let user = require_user()?;
        let state = app_state()?;
        let mut problems = FieldErrors::default();
        let name = check_name(&name, &mut problems, tr());
        problems.done()?;
        repo::set_name(&state.db, user.id, &name).await?;
        Ok(SessionUser { name, ..user })
    }

    pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
        let user = require_user()?;
        let state = app_state()?;
        let t = tr();
        let account = repo::find_login_by_id(&state.db, user.id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if !password::verify(current, account.password_hash).await? {
            return Err(AppError::field("current_password", t.err_current_password));
        }
        if let Err(p) = check_password_strength(&new) {
            return Err(AppError::field("new_password", password_message(t, p)));
        }
        let hash = password::hash(new).await?;
        let epoch = repo::set_password(&state.db, user.id, &hash).await?;
        // Every other session is now stale; this one carries on with the new epoch.
        let session = guard::session().await?;
        guard::sign_in(&session, user.id, epoch).await?;
        account_changed(&state, user.id).await;
        Ok(())
    }

    pub async fn upload_avatar(data: MultipartData) -> Result<SessionUser, AppError> {
        let user = require_user()?;
        let state = app_state()?;
        let t = tr();
        if let Some(wait) = state.throttle.upload(&state.db, user.id).await? {
            return Err(AppError::TooManyRequests((t.err_too_many_requests)(
                wait.as_secs().max(1),
            )));
        }
        let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
        let mut bytes = Vec::new();
        let mut found = false;
        while let Some(mut field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::BadRequest(format!("Unreadable upload: {e}")))?
        {
            if field.name() != Some("photo") {
                continue;
            }
            found = true;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| AppError::BadRequest(format!("Unreadable upload: {e}")))?
            {
                if bytes.len() + chunk.len() > pictures::AVATAR.max_bytes {
                    return Err(AppError::field("photo", t.err_photo_large));
                }
                bytes.extend_from_slice(&chunk);
            }
        }
        if !found || bytes.is_empty() {
            return Err(AppError::field("photo", t.err_photo_missing));
        }
        let thumb = avatar::thumbnail(bytes).await.map_err(|p| match p {
            PictureProblem::TooLarge => AppError::field("photo", t.err_photo_large),
            PictureProblem::TooManyPixels => AppError::field("photo", t.err_photo_pixels),
            PictureProblem::NotAPicture => AppError::field("photo", t.err_photo_not_image),
            PictureProblem::Busy => AppError::TooManyRequests((t.err_too_many_requests)(5)),
        })?;
        let version = repo::save_avatar(&state.db, user.id, "image/jpeg", &thumb).await?;
        Ok(SessionUser {
            avatar_version: Some(version),
            ..user
        })
    }

    pub async fn remove_avatar() -> Result<(), AppError> {
        let user = require_user()?;
        let state = app_state()?;
        repo::remove_avatar(&state.db, user.id).await?;
        Ok(())
    }
}
