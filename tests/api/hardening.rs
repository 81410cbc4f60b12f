//! What an attacker sends: malformed bodies and arguments get a 4xx and
//! change nothing; nothing a request carries panics the server.

use crate::helpers::spawn_app_with_demo;

/// A server function's arguments that do not decode are the caller's
/// mistake (400), whatever is wrong with them.
#[tokio::test]
async fn arguments_that_do_not_decode_are_a_400_never_a_500() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let bad: [(&str, Vec<u8>); 4] = [
        ("user_id=abc&role=admin", b"user_id=abc&role=admin".to_vec()),
        ("role=admin (no user_id)", b"role=admin".to_vec()),
        (
            "user_id=99999999999999999999999&role=admin",
            b"user_id=99999999999999999999999&role=admin".to_vec(),
        ),
        (
            "bytes that are not UTF-8",
            b"user_id=1&role=\xff\xfe\xfd".to_vec(),
        ),
    ];
    for (what, body) in bad {
        let res = admin
            .post(app.url("/rpc/admin/users/role"))
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert!((400..500).contains(&status), "{what}: {status} {text}");
    }
    // The server still answers, and nothing changed.
    let (_, list) = app.call(&admin, "admin/users", &[("role", "admin")]).await;
    assert_eq!(list["total"], 1);
}

/// server_fn panicked ("couldn't parse boundary") on a url-encoded body
/// sent to the multipart avatar upload: now it is a 415, and the server
/// goes on serving.
#[tokio::test]
async fn a_form_body_sent_to_the_file_upload_is_refused_not_a_panic() {
    let app = spawn_app_with_demo().await;
    let anna = app.signed_in_as("customer").await;
    for content_type in [
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
    ] {
        let res = anna
            .post(app.url("/rpc/accounts/avatar"))
            .header("Content-Type", content_type)
            .body("photo=not-a-picture")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 415, "{content_type}");
    }
    assert_eq!(app.call(&anna, "accounts/me", &[]).await.0, 200);
}

/// No framing by other sites, no sniffing, no full URL to other sites;
/// HSTS once the shop is served over HTTPS; a signed-in user's pages are
/// never stored.
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app_with_demo().await;
    for path in ["/", "/catalog", "/healthz", "/no/such/page"] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let anna = app.signed_in_as("customer").await;
    let res = anna.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");

    let https =
        crate::helpers::spawn_app_with(|c| c.server.public_url = "https://shop.example".into())
            .await;
    let res = https.get("/healthz").await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}
