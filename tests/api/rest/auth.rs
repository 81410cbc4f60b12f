//! Tokens: issued, refreshed and refused; the role of every route.

use serde_json::json;

use super::*;
use crate::helpers::spawn_app;
use karavai::accounts::types::Role;

#[tokio::test]
async fn tokens_are_issued_refreshed_and_refused_when_wrong() {
    let app = spawn_app().await;
    let email = user(&app, Role::Manager).await;

    // JSON and form bodies both work.
    let (access, refresh) = tokens(&app, &email).await;
    let (status, body) = call_form(
        &app,
        "/api/token/",
        None,
        &[("username", &email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["access"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );

    // Wrong password, unknown user, missing fields.
    let (status, body) = call(
        &app,
        "POST",
        "/api/token/",
        None,
        Some(json!({ "username": email, "password": "nope" })),
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(error_code(&body), "unauthorized");
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/",
        None,
        Some(json!({ "username": "ghost@api.test", "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, 401);
    let (status, body) = call(&app, "POST", "/api/token/", None, Some(json!({}))).await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["username", "password"]);
    let res = app
        .client
        .post(app.url("/api/token/"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);

    // The access token opens the API; refresh gives a new working one.
    let (status, _) = call(&app, "POST", "/api/clients/get/", Some(&access), None).await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let fresh = body["access"].as_str().unwrap().to_owned();
    // The refresh token rotated: the password change below must refuse the new one.
    let refresh = body["refresh"].as_str().unwrap().to_owned();
    assert_eq!(
        call(&app, "GET", "/api/clients/get/", Some(&fresh), None)
            .await
            .0,
        200
    );

    // A refresh token is not an access token, and the other way round.
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&refresh), None)
            .await
            .0,
        401
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": access })),
    )
    .await;
    assert_eq!(status, 401);

    // Missing, malformed and tampered tokens.
    let (status, body) = call(&app, "POST", "/api/clients/get/", None, None).await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body), "unauthorized");
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some("abc.def"), None)
            .await
            .0,
        401
    );
    let mut tampered = access.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&tampered), None)
            .await
            .0,
        401
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": "garbage" })),
    )
    .await;
    assert_eq!(status, 401);

    // A password change (the session epoch moves on) revokes every token.
    let id: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = $1"
    )
    .bind(&email)
    .fetch_one(pool)
    .await)
    .unwrap();
    let hash = karavai::accounts::password::hash("another long password".into())
        .await
        .unwrap();
    karavai::accounts::repo::set_password(&app.db, id, &hash)
        .await
        .unwrap();
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&access), None)
            .await
            .0,
        401
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/token/refresh/",
        None,
        Some(json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(status, 401);
}

/// simplejwt's rotation with a blacklist, and more: a refresh token works
/// once; sent again (stolen, replayed) it is refused and every token of its
/// sign-in ends with it. Two trades of one token at once: one wins.
#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_its_family() {
    let app = spawn_app().await;
    let email = user(&app, Role::Manager).await;
    let refresh_with = |token: String| {
        let app = &app;
        async move {
            call(
                app,
                "POST",
                "/api/token/refresh/",
                None,
                Some(json!({ "refresh": token })),
            )
            .await
        }
    };
    let (_, r1) = tokens(&app, &email).await;
    let (status, body) = refresh_with(r1.clone()).await;
    assert_eq!(status, 200, "{body}");
    let r2 = body["refresh"].as_str().unwrap().to_owned();
    assert_ne!(r2, r1);
    let (status, body) = refresh_with(r2.clone()).await;
    assert_eq!(status, 200, "{body}");
    let r3 = body["refresh"].as_str().unwrap().to_owned();

    // r1 again: refused, and r3 (its family's newest) dies with it.
    let (status, body) = refresh_with(r1.clone()).await;
    assert_eq!(status, 401, "{body}");
    assert!(
        body["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("used already"),
        "{body}"
    );
    assert_eq!(refresh_with(r3).await.0, 401, "the family is revoked");

    // Another sign-in is another family: it works.
    let (_, other) = tokens(&app, &email).await;
    let (status, body) = refresh_with(other).await;
    assert_eq!(status, 200, "{body}");

    // Two trades of one token at the same moment: exactly one new pair.
    for _ in 0..3 {
        let (_, token) = tokens(&app, &email).await;
        let (a, b) = tokio::join!(refresh_with(token.clone()), refresh_with(token));
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [200, 401], "{a:?} {b:?}");
    }
}

#[tokio::test]
async fn roles_are_checked_on_every_route() {
    let app = spawn_app().await;
    let customer = token_for(&app, Role::Customer).await;
    let staff = token_for(&app, Role::Staff).await;
    let manager = token_for(&app, Role::Manager).await;
    let (_, created) = call(
        &app,
        "POST",
        "/api/clients/add/",
        Some(&manager),
        Some(json!({ "first_name": "Иван", "last_name": "Иванов" })),
    )
    .await;
    let id = created["id"].as_i64().unwrap();

    for (method, path) in [
        ("POST", "/api/clients/get/".to_owned()),
        ("POST", format!("/api/clients/get/{id}/")),
        ("POST", "/api/orders/get/".to_owned()),
        ("POST", "/api/clients/add/".to_owned()),
        ("POST", format!("/api/clients/edit/{id}/")),
        ("DELETE", format!("/api/clients/delete/{id}/")),
        ("POST", "/api/orders/add/".to_owned()),
        ("POST", "/api/reports/get/".to_owned()),
    ] {
        let (status, body) = call(&app, method, &path, Some(&customer), Some(json!({}))).await;
        assert_eq!(status, 403, "customer on {method} {path}: {body}");
        assert_eq!(error_code(&body), "forbidden");
    }
    // Staff read, but do not write.
    assert_eq!(
        call(&app, "POST", "/api/clients/get/", Some(&staff), None)
            .await
            .0,
        200
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/api/clients/get/{id}/"),
            Some(&staff),
            None
        )
        .await
        .0,
        200
    );
    for (method, path) in [
        ("POST", "/api/clients/add/".to_owned()),
        ("POST", format!("/api/clients/edit/{id}/")),
        ("DELETE", format!("/api/clients/delete/{id}/")),
        ("POST", "/api/orders/add/".to_owned()),
        ("POST", "/api/reports/new/".to_owned()),
    ] {
        let (status, _) = call(
            &app,
            method,
            &path,
            Some(&staff),
            Some(json!({ "first_name": "X" })),
        )
        .await;
        assert_eq!(status, 403, "staff on {method} {path}");
    }
    // Nothing was changed by the refused calls.
    let (_, body) = call(
        &app,
        "POST",
        &format!("/api/clients/get/{id}/"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(body["client"]["first_name"], "Иван");
}

/// The shipped configuration once carried a demo secret that every API
/// key was derived from: anyone could sign an admin's token. A token with
/// the very claims of a real one, signed with that published secret, is
/// refused; so is one signed by another installation. Two instances on one
/// database accept each other's tokens.
#[tokio::test]
async fn tokens_signed_with_the_published_secret_or_by_another_installation_are_refused() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::{Digest, Sha256};

    let app = spawn_app().await;
    let real = token_for(&app, Role::Admin).await;
    let (status, _) = call(&app, "POST", "/api/clients/get/", Some(&real), None).await;
    assert_eq!(status, 200);

    // The real token's claims, signed with the key the published secret gave.
    let payload = real.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let published = karavai::server::config::PUBLISHED_SECRETS[0];
    for label in [
        &b"karavai api tokens v1\0"[..],
        &b"karavai api tokens v2\0"[..],
    ] {
        let mut h = Sha256::new();
        h.update(label);
        h.update(published.as_bytes());
        let key: [u8; 32] = h.finalize().into();
        let forged = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(&key),
        )
        .unwrap();
        let (status, body) = call(&app, "POST", "/api/clients/get/", Some(&forged), None).await;
        assert_eq!(status, 401, "{body}");
    }

    // Another installation (its own database, its own secret) cannot speak
    // for this one's users; a second instance on this database can.
    let other = spawn_app().await;
    let theirs = token_for(&other, Role::Admin).await;
    let (status, _) = call(&app, "POST", "/api/clients/get/", Some(&theirs), None).await;
    assert_eq!(status, 401);
    let twin = crate::helpers::spawn_second_instance(&app).await;
    let (status, _) = call(&twin, "POST", "/api/clients/get/", Some(&real), None).await;
    assert_eq!(status, 200);
}
