//! Accounts over HTTP, as a browser uses them: registration with a mailed
//! confirmation link, sign-in and sign-out, password reset, field errors,
//! throttling, blocking, and the role guard on every server function.

use crate::helpers::{TestApp, spawn_app_with, spawn_app_with_demo, token_in};

const NEW_EMAIL: &str = "vera@example.com";
const NEW_PASSWORD: &str = "rye bread at dawn";

fn field_errors(body: &serde_json::Value) -> Vec<(String, String)> {
    assert_eq!(body["code"], "invalid", "expected field errors, got {body}");
    body["detail"]
        .as_array()
        .expect("a list of field errors")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Registers a new customer and returns the confirmation token.
async fn register(app: &TestApp) -> String {
    let browser = app.browser();
    let (status, body) = app
        .call(
            &browser,
            "accounts/register",
            &[
                ("name", "Vera"),
                ("email", NEW_EMAIL),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    token_in(&app.mail_to(NEW_EMAIL, "/confirm?token=").await)
}

#[tokio::test]
async fn register_confirm_sign_in_and_sign_out() {
    let app = spawn_app_with_demo().await;
    let token = register(&app).await;
    let browser = app.browser();

    // Not before the email is confirmed (and a fresh link goes out).
    let (status, body) = app
        .call(
            &browser,
            "accounts/login",
            &[("email", NEW_EMAIL), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_errors(&body)[0].0, "email");

    let (status, body) = app
        .call(&browser, "accounts/confirm", &[("token", &token)])
        .await;
    assert_eq!(status, 200, "{body}");
    // A link works once.
    let (status, _) = app
        .call(&browser, "accounts/confirm", &[("token", &token)])
        .await;
    assert_eq!(status, 422);

    let (status, user) = app
        .call(
            &browser,
            "accounts/login",
            &[("email", NEW_EMAIL), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["role"], "customer");
    assert_eq!(user["name"], "Vera");

    let (status, me) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], NEW_EMAIL);

    let (status, _) = app.call(&browser, "accounts/logout", &[]).await;
    assert_eq!(status, 200);
    let (status, body) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "unauthorized");
}

/// The raw `karavai_session` cookie a response set.
fn set_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("karavai_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

async fn login_raw(app: &TestApp, cookie: Option<&str>) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/rpc/accounts/login"))
        .header("Accept", "application/json")
        .form(&[
            ("email", "anna@karavai.local"),
            ("password", "karavai-customer"),
        ]);
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    req.send().await.unwrap()
}

async fn me_with(app: &TestApp, cookie: &str) -> u16 {
    app.client
        .post(app.url("/rpc/accounts/me"))
        .header("Accept", "application/json")
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_cookie_is_locked_down_rotated_at_sign_in_and_dead_after_sign_out() {
    let app = spawn_app_with_demo().await;
    let res = login_raw(&app, None).await;
    assert_eq!(res.status(), 200);
    let raw = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("karavai_session="))
        .expect("a session cookie");
    assert!(raw.contains("HttpOnly"), "{raw}");
    assert!(raw.contains("SameSite=Lax"), "{raw}");
    assert!(
        !raw.contains("Secure"),
        "plain http: no Secure flag ({raw})"
    );
    let first = set_cookie(&res).unwrap();
    assert_eq!(me_with(&app, &first).await, 200);

    // Signing in again from the same browser gets a new id; the old one is gone.
    let res = login_raw(&app, Some(&first)).await;
    let second = set_cookie(&res).expect("a new session id");
    assert_ne!(first, second);
    assert_eq!(me_with(&app, &first).await, 401, "the old id must not work");
    assert_eq!(me_with(&app, &second).await, 200);

    // Sign out: the id is dead on the server, even if someone kept a copy.
    let res = app
        .client
        .post(app.url("/rpc/accounts/logout"))
        .header("Accept", "application/json")
        .header("Cookie", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(me_with(&app, &second).await, 401);
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure() {
    let app = spawn_app_with(|c| c.server.public_url = "https://shop.example".into()).await;
    let res = login_raw(&app, None).await;
    let raw = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(raw.contains("Secure"), "{raw}");
}

#[tokio::test]
async fn bad_registrations_say_what_is_wrong_and_change_nothing() {
    let app = spawn_app_with_demo().await;
    let before = app.user_count().await;
    let browser = app.browser();
    let (status, body) = app
        .call(
            &browser,
            "accounts/register",
            &[
                ("name", "  "),
                ("email", "not-an-email"),
                ("password", "1234567890"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<String> = field_errors(&body).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["name", "email", "password"]);

    // Russian visitors read Russian errors.
    let res = browser
        .post(app.url("/rpc/accounts/register"))
        .header("Accept", "application/json")
        .header("Accept-Language", "ru")
        .form(&[("name", "Анна"), ("email", "x@"), ("password", "короткий")])
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    let errors = field_errors(&body);
    assert!(errors[0].1.contains("почты"), "{}", errors[0].1);
    assert!(errors[1].1.contains("10 символов"), "{}", errors[1].1);

    assert_eq!(app.user_count().await, before, "nothing was written");
}

#[tokio::test]
async fn wrong_passwords_and_unknown_emails_get_the_same_answer() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let (s1, wrong) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "anna@karavai.local"),
                ("password", "not her password"),
            ],
        )
        .await;
    let (s2, unknown) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "nobody@karavai.local"),
                ("password", "not her password"),
            ],
        )
        .await;
    assert_eq!((s1, s2), (422, 422));
    assert_eq!(wrong, unknown);
    assert_eq!(field_errors(&wrong)[0].0, "password");
    let (status, _) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(status, 401, "no session after a failed sign-in");
}

#[tokio::test]
async fn password_reset_by_mail_ends_old_sessions_and_works_once() {
    let app = spawn_app_with_demo().await;
    let old_session = app.signed_in_as("customer").await;
    let browser = app.browser();

    let (status, _) = app
        .call(
            &browser,
            "accounts/forgot",
            &[("email", "anna@karavai.local")],
        )
        .await;
    assert_eq!(status, 200);
    // Unknown addresses get the same answer, and no mail.
    let (status, _) = app
        .call(
            &browser,
            "accounts/forgot",
            &[("email", "nobody@karavai.local")],
        )
        .await;
    assert_eq!(status, 200);
    let token = token_in(&app.mail_to("anna@karavai.local", "/reset?token=").await);

    let (_, valid) = app
        .call(&browser, "accounts/reset-link", &[("token", &token)])
        .await;
    assert_eq!(valid, true);
    let (status, body) = app
        .call(
            &browser,
            "accounts/reset",
            &[("token", &token), ("password", "short")],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_errors(&body)[0].0, "password");
    let (status, body) = app
        .call(
            &browser,
            "accounts/reset",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app
        .call(
            &browser,
            "accounts/reset",
            &[("token", &token), ("password", "another good one")],
        )
        .await;
    assert_eq!(status, 422, "a reset link works once");

    let (status, _) = app.call(&old_session, "accounts/me", &[]).await;
    assert_eq!(status, 401, "sessions from before the reset are over");
    let (status, _) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "anna@karavai.local"),
                ("password", "karavai-customer"),
            ],
        )
        .await;
    assert_eq!(status, 422, "the old password is gone");
    app.signed_in("anna@karavai.local", NEW_PASSWORD).await;
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    app.call(
        &browser,
        "accounts/forgot",
        &[("email", "anna@karavai.local")],
    )
    .await;
    let token = token_in(&app.mail_to("anna@karavai.local", "/reset?token=").await);
    crate::helpers::exec(&app.db, "UPDATE user_tokens SET expires_at = 0")
        .await
        .unwrap();
    let (status, body) = app
        .call(
            &browser,
            "accounts/reset",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_errors(&body)[0].0, "token");
}

#[tokio::test]
async fn changing_the_password_signs_out_other_devices_only() {
    let app = spawn_app_with_demo().await;
    let phone = app.signed_in_as("customer").await;
    let laptop = app.signed_in_as("customer").await;
    let (status, body) = app
        .call(
            &laptop,
            "accounts/password",
            &[
                ("current_password", "wrong one!"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_errors(&body)[0].0, "current_password");
    let (status, _) = app
        .call(
            &laptop,
            "accounts/password",
            &[
                ("current_password", "karavai-customer"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.call(&laptop, "accounts/me", &[]).await.0, 200);
    assert_eq!(app.call(&phone, "accounts/me", &[]).await.0, 401);
}

#[tokio::test]
async fn a_role_change_applies_at_the_users_next_request() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let anna = app.signed_in_as("customer").await;
    assert_eq!(app.call(&anna, "admin/users", &[]).await.0, 403);

    let (_, list) = app.call(&admin, "admin/users", &[("q", "anna")]).await;
    assert_eq!(list["total"], 1);
    let anna_id = list["users"][0]["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .call(
            &admin,
            "admin/users/role",
            &[("user_id", &anna_id), ("role", "admin")],
        )
        .await;
    assert_eq!(status, 200);

    let (_, me) = app.call(&anna, "accounts/me", &[]).await;
    assert_eq!(me["role"], "admin");
    assert_eq!(app.call(&anna, "admin/users", &[]).await.0, 200);

    let (status, body) = app
        .call(
            &admin,
            "admin/users/role",
            &[("user_id", &anna_id), ("role", "emperor")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn a_blocked_user_is_signed_out_and_cannot_sign_in() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let baker = app.signed_in_as("staff").await;
    let (_, list) = app.call(&admin, "admin/users", &[("role", "staff")]).await;
    let baker_id = list["users"][0]["id"].as_i64().unwrap().to_string();

    let (status, _) = app
        .call(
            &admin,
            "admin/users/block",
            &[("user_id", &baker_id), ("blocked", "true")],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.call(&baker, "accounts/me", &[]).await.0, 401);
    let (status, body) = app
        .call(
            &app.browser(),
            "accounts/login",
            &[
                ("email", "baker@karavai.local"),
                ("password", "karavai-baker"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(field_errors(&body)[0].1.contains("blocked"));

    app.call(
        &admin,
        "admin/users/block",
        &[("user_id", &baker_id), ("blocked", "false")],
    )
    .await;
    app.signed_in_as("staff").await;
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let (_, me) = app.call(&admin, "accounts/me", &[]).await;
    let id = me["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .call(
            &admin,
            "admin/users/block",
            &[("user_id", &id), ("blocked", "true")],
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = app
        .call(
            &admin,
            "admin/users/role",
            &[("user_id", &id), ("role", "customer")],
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(app.call(&admin, "admin/users", &[]).await.0, 200);
}

#[tokio::test]
async fn admins_add_users_by_hand_ready_to_sign_in() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let (status, body) = app
        .call(
            &admin,
            "admin/users/create",
            &[
                ("name", "Oleg"),
                ("email", "oleg@flour.example"),
                ("password", NEW_PASSWORD),
                ("role", "supplier"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let oleg = app.signed_in("oleg@flour.example", NEW_PASSWORD).await;
    let (_, me) = app.call(&oleg, "accounts/me", &[]).await;
    assert_eq!(me["role"], "supplier");
    // Newest first: the user just added heads the first page, however many
    // users the shop has.
    let (_, list) = app.call(&admin, "admin/users", &[]).await;
    assert!(list["total"].as_i64().unwrap() > 1);
    assert_eq!(list["users"][0]["email"], "oleg@flour.example");

    let (status, body) = app
        .call(
            &admin,
            "admin/users/create",
            &[
                ("name", "Oleg"),
                ("email", "oleg@flour.example"),
                ("password", NEW_PASSWORD),
                ("role", "supplier"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_errors(&body)[0].0, "email");

    let (_, list) = app
        .call(&admin, "admin/users", &[("role", "supplier")])
        .await;
    assert_eq!(list["total"], 2);
}

/// Every guarded server function, and who may call it.
/// (endpoint, arguments, roles allowed)
type Guarded = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const GUARDED: &[Guarded] = &[
    (
        "accounts/me",
        &[],
        &["customer", "staff", "manager", "supplier", "admin"],
    ),
    (
        "accounts/profile",
        &[("name", "Same Name")],
        &["customer", "staff", "manager", "supplier", "admin"],
    ),
    (
        "accounts/avatar-remove",
        &[],
        &["customer", "staff", "manager", "supplier", "admin"],
    ),
    ("admin/users", &[], &["admin"]),
    ("admin/outbox", &[], &["admin"]),
    (
        "admin/users/create",
        &[
            ("name", "X"),
            ("email", "bad"),
            ("password", "x"),
            ("role", "customer"),
        ],
        &["admin"],
    ),
    (
        "admin/users/role",
        &[("user_id", "999999"), ("role", "staff")],
        &["admin"],
    ),
    (
        "admin/users/block",
        &[("user_id", "999999"), ("blocked", "true")],
        &["admin"],
    ),
    (
        "orders/mine",
        &[],
        &["customer", "staff", "manager", "supplier", "admin"],
    ),
    (
        "orders/move",
        &[("id", "999999"), ("version", "1"), ("stage", "baking")],
        &["staff", "manager", "admin"],
    ),
    ("production/board", &[], &["staff", "manager", "admin"]),
    (
        "production/move",
        &[("id", "999999"), ("version", "1"), ("stage", "baking")],
        &["staff", "manager", "admin"],
    ),
    (
        "production/assign",
        &[("id", "999999"), ("assignee", "")],
        &["staff", "manager", "admin"],
    ),
    ("production/plan", &[], &["staff", "manager", "admin"]),
    ("production/stages", &[], &["staff", "manager", "admin"]),
    (
        "production/save-stage",
        &[
            ("code", "not_there"),
            ("name_en", "X"),
            ("name_ru", "X"),
            ("colour", "#000000"),
            ("position", "1"),
            ("kind", "open"),
        ],
        &["admin"],
    ),
    (
        "production/delete-stage",
        &[("code", "not_there")],
        &["admin"],
    ),
];

#[tokio::test]
async fn every_guarded_function_checks_the_role_on_the_server() {
    let app = spawn_app_with_demo().await;
    let mut browsers = vec![("anonymous", app.browser())];
    for role in ["customer", "staff", "manager", "supplier", "admin"] {
        browsers.push((role, app.signed_in_as(role).await));
    }
    let users_before = app.user_count().await;
    for (endpoint, args, allowed) in GUARDED {
        for (who, browser) in &browsers {
            let (status, body) = app.call(browser, endpoint, args).await;
            let expected_denial = match *who {
                "anonymous" => Some(401),
                role if !allowed.contains(&role) => Some(403),
                _ => None,
            };
            match expected_denial {
                Some(code) => assert_eq!(status, code, "{who} → {endpoint}: {body}"),
                // Allowed: past the guard (the made-up ids and bad input give 404/422).
                None => assert!(
                    [200, 404, 422].contains(&status),
                    "{who} → {endpoint} should pass the guard, got {status}: {body}"
                ),
            }
        }
    }
    assert_eq!(
        app.user_count().await,
        users_before,
        "denied calls wrote nothing"
    );
}

#[tokio::test]
async fn pages_for_admins_answer_others_with_401_and_403() {
    let app = spawn_app_with_demo().await;
    let (status, html) = {
        let res = app
            .browser()
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!(status, 401);
    assert!(
        html.contains("/login?next=%2Fadmin%2Fusers") || html.contains("/login?next=/admin/users"),
        "a way to sign in"
    );

    let anna = app.signed_in_as("customer").await;
    let res = anna.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(res.status(), 403);

    let admin = app.signed_in_as("admin").await;
    let res = admin.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("anna@karavai.local"));
    assert!(
        html.contains(r#"data-nav="users""#),
        "admins see their navigation"
    );
}

#[tokio::test]
async fn without_a_mail_server_admins_read_mail_in_the_outbox() {
    let app = spawn_app_with_demo().await;
    register(&app).await;
    let admin = app.signed_in_as("admin").await;
    let res = admin.get(app.url("/admin/outbox")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Confirm your email for Karavai Bakery"),
        "{html}"
    );
    assert!(html.contains(NEW_EMAIL));
}

#[tokio::test]
async fn plain_html_forms_sign_in_and_come_back_with_errors() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let post = |body: &'static [(&'static str, &'static str)]| {
        browser
            .post(app.url("/rpc/accounts/login"))
            .header("Accept", "text/html")
            .header("Referer", app.url("/login"))
            .form(body)
            .send()
    };
    let res = post(&[
        ("email", "anna@karavai.local"),
        ("password", "wrong password"),
        ("next", ""),
    ])
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 302);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with(&app.url("/login")) || back.starts_with("/login"),
        "{back}"
    );
    assert!(back.contains("__err="), "{back}");
    // The page it comes back to shows the message by the field.
    let page = browser
        .get(if back.starts_with('/') {
            app.url(&back)
        } else {
            back
        })
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Wrong email or password."),
        "the error is rendered"
    );

    let res = post(&[
        ("email", "anna@karavai.local"),
        ("password", "karavai-customer"),
        ("next", "/account"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 302);
    assert_eq!(res.headers()["location"], "/account");
    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("anna@karavai.local"));
}

#[tokio::test]
async fn sign_in_never_sends_people_to_another_site() {
    let app = spawn_app_with_demo().await;
    let res = app
        .client
        .post(app.url("/rpc/accounts/login"))
        .header("Accept", "text/html")
        .form(&[
            ("email", "anna@karavai.local"),
            ("password", "karavai-customer"),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/account");
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, _| image::Rgb([x as u8, 90, 30]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload(
    app: &TestApp,
    browser: &reqwest::Client,
    bytes: Vec<u8>,
    name: &str,
) -> (u16, serde_json::Value) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("photo", part);
    let res = browser
        .post(app.url("/rpc/accounts/avatar"))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn avatars_are_checked_resized_and_served() {
    let app = spawn_app_with_demo().await;
    let anna = app.signed_in_as("customer").await;
    let (status, user) = upload(&app, &anna, png(800, 600), "me.png").await;
    assert_eq!(status, 200, "{user}");
    let id = user["id"].as_i64().unwrap();
    let version = user["avatar_version"].as_i64().expect("a version");

    let res = app.get(&format!("/avatars/{id}?v={version}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().await.unwrap();
    let thumb = image::load_from_memory(&bytes).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (256, 256));

    // A file that is not a picture: a clear error, and the old photo stays.
    let (status, body) = upload(&app, &anna, b"GIF89a but not really".to_vec(), "x.gif").await;
    assert_eq!(status, 422);
    assert_eq!(field_errors(&body)[0].0, "photo");
    let (_, me) = app.call(&anna, "accounts/me", &[]).await;
    assert_eq!(me["avatar_version"].as_i64(), Some(version));

    // Too big: refused before it is decoded.
    let (status, body) = upload(&app, &anna, vec![0u8; 6 * 1024 * 1024], "big.png").await;
    assert_eq!(status, 422, "{body}");

    // Nobody signed in: no uploads.
    let (status, _) = upload(&app, &app.browser(), png(10, 10), "x.png").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn live_events_follow_the_viewers_role() {
    use karavai::live::types::LiveEvent;
    let app = spawn_app_with_demo().await;
    let staff = app.signed_in_as("staff").await;
    let mut staff_stream = crate::helpers::EventStream::open_with(&app, &staff).await;
    let mut anonymous = crate::helpers::EventStream::open(&app).await;
    app.hub
        .publish(LiveEvent::OrderPlaced {
            order_id: 9,
            total_minor: 100,
        })
        .await
        .unwrap();
    let (name, _) = staff_stream
        .next_within(5)
        .await
        .expect("staff see new orders");
    assert_eq!(name, "order_placed");
    assert!(anonymous.next_within(1).await.is_none(), "visitors do not");
}

#[tokio::test]
async fn sign_in_refuses_next_paths_a_browser_reads_as_another_site() {
    let app = spawn_app_with_demo().await;
    // A tab (sent as %09) is dropped by browsers: "/\t/evil.example" is
    // "//evil.example". A newline cannot go in a header at all.
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "/ok\r\nX: y",
    ] {
        let res = app
            .browser()
            .post(app.url("/rpc/accounts/login"))
            .header("Accept", "text/html")
            .form(&[
                ("email", "anna@karavai.local"),
                ("password", "karavai-customer"),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 302, "{next:?}");
        assert_eq!(res.headers()["location"], "/account", "{next:?}");
    }
    let res = app
        .client
        .get(app.url("/lang/ru?next=/%09/evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/");
}

/// A page on a sibling origin (another port of this host, or another
/// subdomain) posts a form to our server function with the admin's cookie:
/// SameSite=Lax sends the cookie, so only the origin check stands between
/// the attacker and a new admin. Refused with 403, nothing changed; the
/// same request from our own page goes through.
#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let (_, list) = app.call(&admin, "admin/users", &[("q", "anna")]).await;
    let anna_id = list["users"][0]["id"].as_i64().unwrap().to_string();
    let host = app.address.trim_start_matches("http://").to_owned();
    let port: u16 = host.rsplit(':').next().unwrap().parse().unwrap();
    let sibling = format!("http://127.0.0.1:{}", port.wrapping_add(1).max(1024));
    let post = |origin: String, site: Option<&'static str>| {
        let mut req = admin
            .post(app.url("/rpc/admin/users/role"))
            .header("Accept", "application/json")
            .header("Origin", origin)
            .form(&[("user_id", anna_id.as_str()), ("role", "admin")]);
        if let Some(site) = site {
            req = req.header("Sec-Fetch-Site", site);
        }
        req.send()
    };
    for (origin, site) in [
        (sibling.clone(), Some("same-site")),
        (sibling.clone(), None),
        ("https://evil.example".to_owned(), Some("cross-site")),
        ("null".to_owned(), None),
    ] {
        let res = post(origin.clone(), site).await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "{origin} {site:?}");
        let (_, me) = app.call(&admin, "admin/users", &[("q", "anna")]).await;
        assert_eq!(me["users"][0]["role"], "customer", "{origin}");
    }
    // A plain HTML form (no JavaScript) from another site is refused too.
    let res = admin
        .post(app.url("/rpc/admin/users/role"))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("user_id", anna_id.as_str()), ("role", "admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);

    let res = post(app.address.clone(), Some("same-origin"))
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (_, list) = app.call(&admin, "admin/users", &[("q", "anna")]).await;
    assert_eq!(list["users"][0]["role"], "admin");
}

/// Every reset link still out is used up when the password changes: by one
/// of them, or by the owner on the profile page. (An old mail in someone
/// else's hands must not change the password again.)
#[tokio::test]
async fn a_password_change_ends_every_reset_link_still_out() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let forgot = || {
        app.call(
            &browser,
            "accounts/forgot",
            &[("email", "anna@karavai.local")],
        )
    };
    let next_link = |previous: Vec<String>| {
        let app = &app;
        async move {
            for _ in 0..200 {
                let token = token_in(&app.mail_to("anna@karavai.local", "/reset?token=").await);
                if !previous.contains(&token) {
                    return token;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            panic!("no new reset mail");
        }
    };
    let valid = |token: String| {
        let (app, browser) = (&app, &browser);
        async move {
            let (_, valid) = app
                .call(browser, "accounts/reset-link", &[("token", &token)])
                .await;
            valid == true
        }
    };

    assert_eq!(forgot().await.0, 200);
    let first = next_link(vec![]).await;
    assert_eq!(forgot().await.0, 200);
    let second = next_link(vec![first.clone()]).await;
    assert!(valid(first.clone()).await && valid(second.clone()).await);
    let (status, body) = app
        .call(
            &browser,
            "accounts/reset",
            &[("token", &second), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !valid(first.clone()).await,
        "the older link died with the reset"
    );
    let (status, _) = app
        .call(
            &browser,
            "accounts/reset",
            &[("token", &first), ("password", "an attacker's choice")],
        )
        .await;
    assert_eq!(status, 422);

    // A link mailed before the owner changes the password on the profile page.
    assert_eq!(forgot().await.0, 200);
    let third = next_link(vec![first, second]).await;
    assert!(valid(third.clone()).await);
    let anna = app.signed_in("anna@karavai.local", NEW_PASSWORD).await;
    let (status, body) = app
        .call(
            &anna,
            "accounts/password",
            &[
                ("current_password", NEW_PASSWORD),
                ("new_password", "yet another good one"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !valid(third).await,
        "a password change ends the links still out"
    );
}
