//! The OpenAPI document: every route described, rendered at /api/docs.

use serde_json::{Value, json};

use super::*;
use crate::helpers::spawn_app;
use karavai::accounts::types::Role;

#[tokio::test]
async fn the_openapi_document_covers_every_route_and_renders() {
    let app = spawn_app().await;
    let token = token_for(&app, Role::Admin).await;
    let (status, doc) = call(&app, "GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 15, "{:?}", paths.keys().collect::<Vec<_>>());
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "1");
            let res = app
                .client
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .bearer_auth(&token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            // Routed: an answer of the API (a JSON body), never the site's 404 page or a 405.
            assert!(body.is_object(), "{method} {path}: {status} is not the API");
            assert_ne!(status, 405, "{method} {path}");
            assert!(status < 500, "{method} {path}: {status}");
        }
    }
    let (status, html) = app.get_text("/api/docs").await;
    assert_eq!(status, 200);
    assert!(html.contains("POST /api/clients/add/"));
    assert!(html.contains("id=\"schema-ApiOrder\""));
}
