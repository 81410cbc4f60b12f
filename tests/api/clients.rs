//! The back office's clients pages: the table's search, a client's page,
//! edits recorded in the history; roles checked on the server.

use crate::helpers::spawn_app;
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;
use karavai::clients::repo::{self, NewClient};
use karavai::history::types::Source;

#[tokio::test]
async fn managers_search_open_and_edit_a_client_and_see_the_history() {
    let app = spawn_app().await;
    let manager_email = user(&app, Role::Manager).await;
    let staff_email = user(&app, Role::Staff).await;
    let customer_email = user(&app, Role::Customer).await;
    let ivan = repo::create(
        &app.db,
        &NewClient {
            last_name: "Иванов".into(),
            first_name: "Иван".into(),
            phone: "+79001234567".into(),
            ..Default::default()
        },
        None,
        Source::System,
    )
    .await
    .unwrap()
    .expect("a new email");
    repo::create(
        &app.db,
        &NewClient {
            last_name: "Smith".into(),
            first_name: "Anna".into(),
            ..Default::default()
        },
        None,
        Source::System,
    )
    .await
    .unwrap()
    .expect("a new email");

    let manager = app.signed_in(&manager_email, PASSWORD).await;
    let (status, list) = app
        .call(&manager, "admin/clients", &[("q", "иванов иван")])
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["client"]["id"], ivan);
    let (_, list) = app
        .call(&manager, "admin/clients", &[("sort", "name")])
        .await;
    let names: Vec<&str> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["client"]["last_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Smith", "Иванов"]);
    let (status, _) = app
        .call(&manager, "admin/clients", &[("sort", "password")])
        .await;
    assert_eq!(status, 400);

    // The page renders on the server with the client, and the table finds them.
    let (status, html) = {
        let res = manager
            .get(app.url("/admin/clients?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2"))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("/admin/clients/{ivan}")),
        "the table links the client"
    );
    assert!(!html.contains("Smith"));

    // Edit the phone: saved, recorded with who and how.
    let id = ivan.to_string();
    let form = |phone: &'static str| {
        vec![
            ("id", id.clone()),
            ("last_name", "Иванов".into()),
            ("first_name", "Иван".into()),
            ("middle_name", String::new()),
            ("phone", phone.to_owned()),
            ("email", String::new()),
            ("notes", String::new()),
        ]
    };
    let args = form("+7 900 000-00-00");
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = app.call(&manager, "admin/clients/save", &args).await;
    assert_eq!(status, 200, "{body}");
    let (_, detail) = app
        .call(&manager, "admin/clients/one", &[("id", &id)])
        .await;
    assert_eq!(detail["client"]["phone"], "+7 900 000-00-00");
    assert_eq!(detail["can_edit"], true);
    let last = detail["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["field"], "phone");
    assert_eq!(last["old"], "+79001234567");
    assert_eq!(last["new"], "+7 900 000-00-00");
    assert_eq!(last["source"], "ui");
    assert_eq!(last["user_name"], "manager");

    // Bad input: errors per field, nothing written.
    let bad = form("call me");
    let mut bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    bad[1].1 = "";
    let (status, body) = app.call(&manager, "admin/clients/save", &bad).await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["last_name", "phone"]);
    let (_, detail) = app
        .call(&manager, "admin/clients/one", &[("id", &id)])
        .await;
    assert_eq!(detail["client"]["last_name"], "Иванов");
    assert_eq!(
        detail["history"].as_array().unwrap().len(),
        2,
        "created + one edit"
    );

    // Staff read but cannot save; customers and visitors see nothing.
    let staff = app.signed_in(&staff_email, PASSWORD).await;
    let (status, detail) = app.call(&staff, "admin/clients/one", &[("id", &id)]).await;
    assert_eq!(status, 200);
    assert_eq!(detail["can_edit"], false);
    let (status, _) = app.call(&staff, "admin/clients/save", &args).await;
    assert_eq!(status, 403);
    let customer = app.signed_in(&customer_email, PASSWORD).await;
    assert_eq!(app.call(&customer, "admin/clients", &[]).await.0, 403);
    assert_eq!(
        app.call(&customer, "admin/clients/one", &[("id", &id)])
            .await
            .0,
        403
    );
    assert_eq!(app.call(&app.browser(), "admin/clients", &[]).await.0, 401);
    assert_eq!(
        app.call(&manager, "admin/clients/one", &[("id", "999999")])
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn managers_add_clients_by_hand_and_delete_only_those_without_orders() {
    let app = spawn_app().await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let staff = app
        .signed_in(&user(&app, Role::Staff).await, PASSWORD)
        .await;
    let total = |body: &serde_json::Value| body["total"].as_i64().unwrap();

    // Refused: every mistake named, nothing written.
    let (status, body) = app
        .call(
            &manager,
            "admin/clients/create",
            &[
                ("last_name", " "),
                ("first_name", ""),
                ("phone", "call me"),
                ("email", "nope"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let mut fields: Vec<&str> = body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["email", "first_name", "last_name", "phone"]);
    let (_, list) = app.call(&manager, "admin/clients", &[]).await;
    assert_eq!(total(&list), 0);
    assert_eq!(list["can_edit"], true);

    // Added: the history says who, and that it was the back office.
    let (status, id) = app
        .call(
            &manager,
            "admin/clients/create",
            &[
                ("last_name", " Сидоров "),
                ("first_name", "Пётр"),
                ("phone", "+7 900 111-22-33"),
                ("email", "Petr@Example.com"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("the new client's id");
    let id_text = id.to_string();
    let (_, detail) = app
        .call(&manager, "admin/clients/one", &[("id", &id_text)])
        .await;
    assert_eq!(detail["client"]["last_name"], "Сидоров");
    assert_eq!(detail["history"][0]["field"], "created");
    assert_eq!(detail["history"][0]["source"], "ui");
    assert!(detail["history"][0]["user_name"].is_string());

    // Staff read, but neither add nor delete.
    let (_, list) = app.call(&staff, "admin/clients", &[]).await;
    assert_eq!(list["can_edit"], false);
    let args = [("last_name", "Staff"), ("first_name", "Made")];
    assert_eq!(app.call(&staff, "admin/clients/create", &args).await.0, 403);
    assert_eq!(
        app.call(&staff, "admin/clients/delete", &[("id", &id_text)])
            .await
            .0,
        403
    );

    // A client with an order stays, and the answer says why.
    karavai::orders::record::repo::create_simple(
        &app.db,
        &karavai::orders::record::repo::SimpleOrder {
            client_id: id,
            product: "Медовик".into(),
            quantity: 1,
            unit_price_minor: 150_000,
            notes: String::new(),
            source: "phone",
        },
        None,
        Source::System,
    )
    .await
    .unwrap()
    .unwrap();
    let (status, body) = app
        .call(&manager, "admin/clients/delete", &[("id", &id_text)])
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("1 order"), "{body}");
    let (status, _) = app
        .call(&manager, "admin/clients/one", &[("id", &id_text)])
        .await;
    assert_eq!(status, 200);

    // One without orders goes; asking again finds nothing.
    let (_, other) = app
        .call(
            &manager,
            "admin/clients/create",
            &[("last_name", "Temp"), ("first_name", "Walk-in")],
        )
        .await;
    let other = other.as_i64().unwrap().to_string();
    assert_eq!(
        app.call(&manager, "admin/clients/delete", &[("id", &other)])
            .await
            .0,
        200
    );
    assert_eq!(
        app.call(&manager, "admin/clients/one", &[("id", &other)])
            .await
            .0,
        404
    );
    assert_eq!(
        app.call(&manager, "admin/clients/delete", &[("id", &other)])
            .await
            .0,
        404
    );
    let (_, list) = app.call(&manager, "admin/clients", &[]).await;
    assert_eq!(total(&list), 1);
}
