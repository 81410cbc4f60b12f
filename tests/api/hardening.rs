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

/// A NUL byte in a search word was an FTS5 syntax error (500 on the orders
/// and clients tables, a CSV export cut mid-stream); PostgreSQL refuses NUL
/// in any text it stores. Now a NUL separates words like a space, and a NUL
/// that would be stored is a 4xx that writes nothing.
#[tokio::test]
async fn a_nul_byte_is_a_search_word_boundary_or_a_4xx_never_a_500() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    for (endpoint, args) in [
        (
            "admin/orders",
            vec![("filter[q]", "\0"), ("filter[client]", "Ива\0нов")],
        ),
        (
            "admin/orders",
            vec![("filter[q]", "хлеб\0 \0"), ("filter[item]", "\0\0\0")],
        ),
        ("admin/clients", vec![("q", "\0")]),
        ("admin/clients", vec![("q", "an\0na")]),
    ] {
        let (status, body) = app.call(&manager, endpoint, &args).await;
        assert_eq!(status, 200, "{endpoint} {args:?}: {body}");
    }
    for path in [
        "/admin/orders?q=%00",
        "/admin/clients?q=ab%00cd",
        "/admin/orders/export.csv?q=%00x%00",
        "/admin/orders/export.xlsx?q=%00",
        "/catalog?q=%00",
    ] {
        let res = manager.get(app.url(path)).send().await.unwrap();
        let status = res.status().as_u16();
        let body = res.bytes().await;
        assert_eq!(status, 200, "{path}");
        assert!(body.is_ok(), "{path}: the body ends cleanly");
    }
    // Stored text: refused on PostgreSQL with a clear 4xx, kept on SQLite;
    // never a 500, and the server goes on.
    let (status, body) = app
        .call(
            &manager,
            "admin/clients/create",
            &[("last_name", "Nul\0l"), ("first_name", "Anna")],
        )
        .await;
    assert!(status < 500, "{status} {body}");
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

/// Bodies over the limit were a 500 from server_fn; now a 413 before a
/// byte of them is parsed, whether the length is declared or not.
#[tokio::test]
async fn bodies_over_the_limit_are_a_413() {
    let app = spawn_app_with_demo().await;
    let anna = app.signed_in_as("customer").await;
    let big = "x".repeat(karavai::server::rpc::BODY_LIMIT + 1);
    let res = anna
        .post(app.url("/rpc/accounts/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("email=a%40b.c&password={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // Chunked, no Content-Length: found while reading.
    let chunks =
        futures::stream::iter((0..5).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 1024 * 1024])));
    let res = anna
        .post(app.url("/rpc/accounts/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // An upload may be larger, up to its own limit.
    let huge = vec![0u8; karavai::server::rpc::UPLOAD_BODY_LIMIT + 1];
    let res = anna
        .post(app.url("/rpc/accounts/avatar"))
        .header("Content-Type", "multipart/form-data; boundary=x")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // The REST API: its bodies are small.
    let res = app
        .client
        .post(app.url("/api/token/"))
        .header("Content-Type", "application/json")
        .body(format!("{{\"username\":\"{}\"}}", "y".repeat(200 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    assert_eq!(app.call(&anna, "accounts/me", &[]).await.0, 200);
}

/// Every multipart endpoint refuses a body that is not multipart (server_fn
/// panicked on the catalog's photo and import uploads as on the avatar's).
#[tokio::test]
async fn every_upload_refuses_a_body_that_is_not_multipart() {
    let app = spawn_app_with_demo().await;
    let manager = app.signed_in_as("manager").await;
    for path in karavai::server::rpc::MULTIPART {
        let res = manager
            .post(app.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("product_id=1&photo=x")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 415, "{path}");
    }
    assert_eq!(app.call(&manager, "accounts/me", &[]).await.0, 200);
}

/// Each decode of an uploaded picture is bounded (a small file with huge
/// pixels is refused before they are allocated), and uploads per user are
/// counted: a flood of them gets 429.
#[tokio::test]
async fn picture_uploads_are_bounded_and_counted_per_user() {
    let app = spawn_app_with_demo().await;
    let anna = app.signed_in_as("customer").await;
    let upload = |bytes: Vec<u8>| {
        let (app, anna) = (&app, &anna);
        async move {
            let form = reqwest::multipart::Form::new().part(
                "photo",
                reqwest::multipart::Part::bytes(bytes).file_name("me.png"),
            );
            let res = anna
                .post(app.url("/rpc/accounts/avatar"))
                .header("Accept", "application/json")
                .multipart(form)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.text().await.unwrap())
        }
    };
    let png = |w: u32, h: u32| {
        let mut out = Vec::new();
        image::GrayImage::new(w, h)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let (status, body) = upload(png(9_000, 9_000)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("pixels"), "{body}");
    let small = png(32, 32);
    let allowed = karavai::accounts::throttle::UPLOADS_PER_USER_PER_HOUR;
    // The one above counted; the rest of the hour's quota works.
    for _ in 1..allowed {
        let (status, body) = upload(small.clone()).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = upload(small).await;
    assert_eq!(status, 429, "{body}");
}

/// A Content-Security-Policy that hydration works under: pages allow our
/// own scripts and their own nonce (on Leptos's inline scripts), so an
/// injected inline script or `onclick` does not run. Each page has its
/// own nonce; a cached page keeps the header that matches its HTML.
#[tokio::test]
async fn pages_allow_only_their_own_scripts() {
    let app = spawn_app_with_demo().await;
    let nonce_of = |res: &reqwest::Response| -> String {
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        csp.split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
            .to_owned()
    };
    let anna = app.signed_in_as("customer").await;
    let first = anna.get(app.url("/account")).send().await.unwrap();
    let n1 = nonce_of(&first);
    let html = first.text().await.unwrap();
    let scripts = html.matches("<script").count();
    let typed = html.matches("<script type=\"application/json\"").count();
    let nonced = html.matches(&format!("nonce=\"{n1}\"")).count();
    assert!(nonced >= 1, "the hydration script carries the nonce");
    assert_eq!(
        scripts,
        typed + nonced,
        "every script that runs is ours: {html}"
    );
    let second = anna.get(app.url("/account")).send().await.unwrap();
    assert_ne!(nonce_of(&second), n1, "a new nonce per page");
    // A cached visitor's page: the header matches its HTML.
    for _ in 0..2 {
        let res = app.get("/").await;
        let n = nonce_of(&res);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!("nonce=\"{n}\"")),
            "cached page and header agree"
        );
    }
    // JSON and other answers need no script policy.
    let res = app.get("/healthz").await;
    assert!(
        !res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src")
    );
}
