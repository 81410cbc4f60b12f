//! The fuzz stage: malformed and hostile bodies thrown at every server
//! function (`/rpc/…`, listed from server_fn's own registry) and every REST
//! operation (listed from the OpenAPI document), as a visitor and as an
//! admin (who gets past every role check). Any 5xx, dropped connection
//! (a panic) or hang fails the test, with the request that did it.
//!
//! Bounded: `KARAVAI_FUZZ_CASES` random cases per endpoint and caller
//! (default 10) besides the fixed ones, from `KARAVAI_FUZZ_SEED` (default:
//! a new seed each run, printed, so a failure can be replayed).

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with_demo};

/// xorshift64*: enough randomness to pick cases, reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Field names our forms and the API use.
const KEYS: &[&str] = &[
    "id",
    "ids",
    "ids[]",
    "ids[0]",
    "user_id",
    "role",
    "name",
    "email",
    "password",
    "next",
    "q",
    "page",
    "sort",
    "dir",
    "stage",
    "order_id",
    "product_id",
    "variant_id",
    "category_id",
    "parent_id",
    "quantity",
    "price",
    "old_price",
    "percent",
    "value",
    "reason",
    "token",
    "action",
    "version",
    "notes",
    "text",
    "slug",
    "sku",
    "store_id",
    "date",
    "from",
    "to",
    "period",
    "filter[q]",
    "filter[page]",
    "filter[stage]",
    "filter[from]",
    "lines[0][variant_id]",
    "lines[0][quantity]",
    "first_name",
    "last_name",
    "mobile_phone",
    "client",
    "product",
    "start_id",
    "search",
    "order_by",
    "status",
    "date_from",
    "date_to",
    "username",
    "refresh",
    "locale",
    "code",
    "position",
    "threshold",
    "published",
    "made_to_order",
];

/// Values that have broken servers before.
fn hostile_text(rng: &mut Rng) -> String {
    let fixed: &[&str] = &[
        "",
        "0",
        "-1",
        "1",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "-0",
        "0x10",
        "1.5",
        "\0",
        "a\0b",
        "\u{1}",
        "'; DROP TABLE users; --",
        "\" OR 1=1 --",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "%",
        "%00",
        "_",
        "\\",
        "//evil.example",
        "/\t/evil.example",
        "true",
        "null",
        "[]",
        "{}",
        "2026-02-30",
        "31.12.99999",
        "*",
        "\"",
        "NEAR(",
        "-abc",
        "ü",
        "🍰",
        "\u{202e}",
    ];
    match rng.below(10) {
        0 => "x".repeat(rng.below(70_000)),
        1 => "Ж".repeat(rng.below(5_000)),
        2 => format!("{}", rng.next() as i64),
        _ => (*rng.pick(fixed)).to_owned(),
    }
}

fn hostile_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(f64::MAX),
        4 => json!(-1),
        5 | 6 => json!(hostile_text(rng)),
        7 => Value::Array(
            (0..rng.below(3))
                .map(|_| hostile_json(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.below(4) {
                map.insert((*rng.pick(KEYS)).to_owned(), hostile_json(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

fn form(rng: &mut Rng) -> String {
    form_within(rng, usize::MAX)
}

/// A form whose values are at most `max` characters (a query string: URLs
/// over hyper's 64 KB limit are refused before they reach us).
fn form_within(rng: &mut Rng, max: usize) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for _ in 0..rng.below(6) {
        let key = *rng.pick(KEYS);
        let value: String = hostile_text(rng).chars().take(max).collect();
        out.append_pair(key, &value);
    }
    out.finish()
}

/// At most 160 characters of `s`, for a readable report.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(160).collect();
    if s.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// One request: `(content type, body)`.
type Case = (&'static str, Vec<u8>);

fn fixed_cases() -> Vec<Case> {
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    vec![
        ("application/x-www-form-urlencoded", Vec::new()),
        (
            "application/x-www-form-urlencoded",
            b"\xff\xfe\xfd=\xc3\x28".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"a=%ZZ&=&&=x&%00=%00".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"a[=1&b]]=2&c[0][1][2][3][4][5]=3".to_vec(),
        ),
        ("application/json", b"{\"a\":".to_vec()),
        ("application/json", nested.into_bytes()),
        ("application/json", b"\"just a string\"".to_vec()),
        ("multipart/form-data", b"--x\r\n\r\n".to_vec()),
        (
            "multipart/form-data; boundary=zzz",
            b"--zzz\r\nContent-Disposition: form-data\r\n\r\nx\r\n".to_vec(),
        ),
        ("text/plain", b"hello".to_vec()),
        ("application/cbor", vec![0xa1, 0x61, 0x61, 0x01]),
    ]
}

/// Every known field at once, each with a hostile value: the arguments a
/// server function needs are there (wrongly), so its own checks run.
fn every_field(rng: &mut Rng) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for key in KEYS {
        let value: String = hostile_text(rng).chars().take(300).collect();
        out.append_pair(key, &value);
    }
    out.finish()
}

fn random_case(rng: &mut Rng) -> Case {
    match rng.below(5) {
        4 => (
            "application/x-www-form-urlencoded",
            every_field(rng).into_bytes(),
        ),
        0 => (
            "application/json",
            hostile_json(rng, 0).to_string().into_bytes(),
        ),
        1 => (
            "application/octet-stream",
            (0..rng.below(2_000)).map(|_| rng.next() as u8).collect(),
        ),
        _ => ("application/x-www-form-urlencoded", form(rng).into_bytes()),
    }
}

struct Findings(Vec<String>);

impl Findings {
    async fn send(&mut self, what: String, req: reqwest::RequestBuilder) {
        let what = short(&what);
        match req.timeout(Duration::from_secs(20)).send().await {
            Ok(res) if res.status().is_server_error() => {
                let status = res.status();
                let body = res.text().await.unwrap_or_default();
                self.0.push(format!(
                    "{status} on {what}: {}",
                    body.chars().take(300).collect::<String>()
                ));
            }
            Ok(res) => {
                // Read the whole answer: a stream cut short is a failure too.
                if let Err(err) = res.bytes().await {
                    self.0.push(format!("body cut on {what}: {err}"));
                }
            }
            Err(err) => self
                .0
                .push(format!("no answer (panic or hang?) on {what}: {err}")),
        }
    }
}

fn describe(case: &Case) -> String {
    let body = String::from_utf8_lossy(&case.1);
    format!(
        "{} {:?}",
        case.0,
        body.chars().take(120).collect::<String>()
    )
}

fn settings() -> (u64, usize) {
    let seed = std::env::var("KARAVAI_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    let cases = std::env::var("KARAVAI_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    (seed, cases)
}

fn report(seed: u64, findings: Findings, sent: usize) {
    println!("{sent} requests sent, {} failed", findings.0.len());
    assert!(
        findings.0.is_empty(),
        "{} of {sent} requests failed (replay with KARAVAI_FUZZ_SEED={seed}):\n{}",
        findings.0.len(),
        findings
            .0
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every server function, as a visitor and as an admin.
#[tokio::test]
async fn no_body_sent_to_a_server_function_gets_a_5xx_or_a_dropped_connection() {
    let (seed, cases) = settings();
    println!("fuzz seed {seed}, {cases} random cases per endpoint and caller");
    let mut rng = Rng(seed);
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let visitor = app.browser();
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        // Signing out would end the admin's session (and the coverage).
        .filter(|p| !p.contains("logout") && !p.contains("sign-out"))
        .collect();
    paths.sort();
    paths.dedup();
    assert!(paths.len() > 50, "server functions found: {paths:?}");
    let mut findings = Findings(Vec::new());
    let mut sent = 0;
    for path in &paths {
        let mut all = fixed_cases();
        all.extend((0..cases).map(|_| random_case(&mut rng)));
        for case in &all {
            for (who, browser) in [("visitor", &visitor), ("admin", &admin)] {
                let req = browser
                    .post(app.url(path))
                    .header("Content-Type", case.0)
                    .header("Accept", "application/json")
                    .body(case.1.clone());
                findings
                    .send(format!("POST {path} as {who}: {}", describe(case)), req)
                    .await;
                sent += 1;
            }
        }
        // And as a no-JS form post, which answers with a redirect.
        let req = admin
            .post(app.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form(&mut rng));
        findings
            .send(format!("form POST {path} as admin"), req)
            .await;
        sent += 1;
    }
    still_serving(&app).await;
    report(seed, findings, sent);
}

/// Every REST operation of the OpenAPI document, with hostile path ids,
/// query strings and bodies, without a token and with a manager's.
#[tokio::test]
async fn no_request_to_the_rest_api_gets_a_5xx_or_a_dropped_connection() {
    let (seed, cases) = settings();
    println!("fuzz seed {seed}, {cases} random cases per operation and caller");
    let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
    let app = spawn_app_with_demo().await;
    let res = app
        .client
        .post(app.url("/api/token/"))
        .json(&json!({ "username": "manager@karavai.local", "password": "karavai-manager" }))
        .send()
        .await
        .unwrap();
    let tokens: Value = res.json().await.unwrap();
    let token = tokens["access"].as_str().expect("a token").to_owned();
    let doc = karavai::server::openapi::document();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            operations.push((method.to_uppercase(), path.clone()));
        }
    }
    assert!(operations.len() >= 10, "{operations:?}");
    let ids = [
        "0",
        "-1",
        "abc",
        "99999999999999999999",
        "%00",
        "1.5",
        "%2e%2e",
        "1",
    ];
    let mut findings = Findings(Vec::new());
    let mut sent = 0;
    for (method, template) in &operations {
        let mut all = fixed_cases();
        all.extend((0..cases).map(|_| random_case(&mut rng)));
        for case in &all {
            let id = rng.pick(&ids);
            let path = template.replace("{id}", id);
            let query = form_within(&mut rng, 2_000);
            for token in [None, Some(token.as_str())] {
                let mut req = app
                    .client
                    .request(method.parse().unwrap(), app.url(&format!("{path}?{query}")))
                    .header("Content-Type", case.0)
                    .body(case.1.clone());
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                let who = if token.is_some() { "manager" } else { "nobody" };
                findings
                    .send(
                        format!("{method} {path}?{query} as {who}: {}", describe(case)),
                        req,
                    )
                    .await;
                sent += 1;
            }
        }
    }
    still_serving(&app).await;
    report(seed, findings, sent);
}

/// The fuzzing left the server up and answering.
async fn still_serving(app: &TestApp) {
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200, "the server still answers");
}
