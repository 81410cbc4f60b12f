//! Saved filter sets: each user's own, per table, cleaned to the table's
//! filters, replaced by name, deleted only by their owner; refused input
//! writes nothing.

use crate::helpers::spawn_app;
use crate::rest::{PASSWORD, user};
use karavai::accounts::types::Role;

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_user_keeps_named_filter_sets_per_table() {
    let app = spawn_app().await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    let staff = app
        .signed_in(&user(&app, Role::Staff).await, PASSWORD)
        .await;

    // Saved cleaned: the page number and unknown keys are not kept.
    let (status, set) = app
        .call(
            &manager,
            "admin/filters/save",
            &[
                ("page", "orders"),
                ("name", "  Новые   сегодня "),
                (
                    "query",
                    "q=%D1%82%D0%BE%D1%80%D1%82&stage=new&page=3&evil=1&cols=total",
                ),
            ],
        )
        .await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["name"], "Новые сегодня");
    assert_eq!(
        set["query"],
        "q=%D1%82%D0%BE%D1%80%D1%82&stage=new&cols=total"
    );
    let first_id = set["id"].as_i64().unwrap();
    app.call(
        &manager,
        "admin/filters/save",
        &[
            ("page", "orders"),
            ("name", "Big"),
            ("query", "min=5000&sort=total&dir=desc"),
        ],
    )
    .await;
    app.call(
        &manager,
        "admin/filters/save",
        &[
            ("page", "clients"),
            ("name", "Ivanovs"),
            ("query", "q=Ivanov"),
        ],
    )
    .await;
    let (status, list) = app
        .call(&manager, "admin/filters", &[("page", "orders")])
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(names(&list), ["Big", "Новые сегодня"]);
    let (_, list) = app
        .call(&manager, "admin/filters", &[("page", "clients")])
        .await;
    assert_eq!(names(&list), ["Ivanovs"]);

    // Another user sees none of them, keeps their own, cannot delete the manager's.
    let (_, list) = app
        .call(&staff, "admin/filters", &[("page", "orders")])
        .await;
    assert!(names(&list).is_empty());
    let (status, _) = app
        .call(
            &staff,
            "admin/filters/save",
            &[
                ("page", "orders"),
                ("name", "Big"),
                ("query", "stage=baking"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let id = first_id.to_string();
    assert_eq!(
        app.call(&staff, "admin/filters/delete", &[("id", &id)])
            .await
            .0,
        404
    );

    // The same name replaces the set (same id, new query).
    let (_, again) = app
        .call(
            &manager,
            "admin/filters/save",
            &[
                ("page", "orders"),
                ("name", "Новые сегодня"),
                ("query", "stage=new"),
            ],
        )
        .await;
    assert_eq!(again["id"], first_id);
    let (_, list) = app
        .call(&manager, "admin/filters", &[("page", "orders")])
        .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["query"], "stage=new");

    // Refused: no name, nothing to save, an unknown table; nothing written.
    let long = "x".repeat(61);
    for (args, field) in [
        (
            vec![("page", "orders"), ("name", " "), ("query", "stage=new")],
            "name",
        ),
        (
            vec![
                ("page", "orders"),
                ("name", long.as_str()),
                ("query", "stage=new"),
            ],
            "name",
        ),
        (
            vec![
                ("page", "orders"),
                ("name", "Empty"),
                ("query", "page=2&evil=1"),
            ],
            "query",
        ),
        (
            vec![("page", "users"), ("name", "Users"), ("query", "q=a")],
            "page",
        ),
    ] {
        let (status, body) = app.call(&manager, "admin/filters/save", &args).await;
        assert_eq!(status, 422, "{args:?}: {body}");
        assert_eq!(body["detail"][0]["field"], field, "{args:?}: {body}");
    }
    let (_, list) = app
        .call(&manager, "admin/filters", &[("page", "orders")])
        .await;
    assert_eq!(names(&list), ["Big", "Новые сегодня"]);

    // Delete: gone for good.
    assert_eq!(
        app.call(&manager, "admin/filters/delete", &[("id", &id)])
            .await
            .0,
        200
    );
    let (_, list) = app
        .call(&manager, "admin/filters", &[("page", "orders")])
        .await;
    assert_eq!(names(&list), ["Big"]);
    assert_eq!(
        app.call(&manager, "admin/filters/delete", &[("id", &id)])
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn a_user_keeps_thirty_sets_per_table_and_shoppers_none() {
    let app = spawn_app().await;
    let manager = app
        .signed_in(&user(&app, Role::Manager).await, PASSWORD)
        .await;
    for n in 0..30 {
        let name = format!("Set {n:02}");
        let (status, body) = app
            .call(
                &manager,
                "admin/filters/save",
                &[
                    ("page", "clients"),
                    ("name", &name),
                    ("query", "sort=newest"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = app
        .call(
            &manager,
            "admin/filters/save",
            &[
                ("page", "clients"),
                ("name", "One more"),
                ("query", "sort=newest"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    // Replacing one of the thirty is still fine.
    let (status, _) = app
        .call(
            &manager,
            "admin/filters/save",
            &[("page", "clients"), ("name", "Set 07"), ("query", "q=a")],
        )
        .await;
    assert_eq!(status, 200);

    let customer = app
        .signed_in(&user(&app, Role::Customer).await, PASSWORD)
        .await;
    assert_eq!(
        app.call(&customer, "admin/filters", &[("page", "orders")])
            .await
            .0,
        403
    );
    assert_eq!(
        app.call(
            &customer,
            "admin/filters/save",
            &[("page", "orders"), ("name", "Mine"), ("query", "stage=new")]
        )
        .await
        .0,
        403
    );
    let anonymous = app.browser();
    assert_eq!(
        app.call(&anonymous, "admin/filters", &[("page", "orders")])
            .await
            .0,
        401
    );
}
