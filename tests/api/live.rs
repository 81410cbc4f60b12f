use karavai::live::types::LiveEvent;

use crate::helpers::{
    EventStream, is_postgres, spawn_app, spawn_app_with_demo, spawn_second_instance,
};

fn placed() -> LiveEvent {
    LiveEvent::OrderPlaced {
        order_id: 1,
        total_minor: 280_000,
    }
}

fn stock(quantity: i64) -> LiveEvent {
    LiveEvent::StockChanged {
        variant_id: 3,
        store_id: 1,
        quantity,
    }
}

#[tokio::test]
async fn the_stream_carries_only_what_the_viewer_may_see() {
    let app = spawn_app().await;
    let mut events = EventStream::open(&app).await;
    // A new order is for staff and managers: an anonymous visitor must not get it.
    app.hub.publish(placed()).await.unwrap();
    app.hub.publish(stock(4)).await.unwrap();
    let (name, data) = events.next_within(5).await.expect("an event within 5 s");
    assert_eq!(name, "stock_changed");
    assert_eq!(serde_json::from_str::<LiveEvent>(&data).unwrap(), stock(4));
    assert!(
        events.next_within(1).await.is_none(),
        "nothing else arrives"
    );
}

#[tokio::test]
async fn events_published_on_one_instance_reach_browsers_on_another() {
    if !is_postgres() {
        eprintln!("one SQLite database serves one instance: this is a PostgreSQL test");
        return;
    }
    let a = spawn_app().await;
    let b = spawn_second_instance(&a).await;
    let mut on_a = EventStream::open(&a).await;
    let mut on_b = EventStream::open(&b).await;
    // LISTEN is set up in the background at start: retry the first publish
    // until B has seen one, then count exactly.
    let mut arrived = None;
    for attempt in 0..20 {
        a.hub.publish(stock(attempt)).await.unwrap();
        if let Some(ev) = on_b.next_within(1).await {
            arrived = Some(ev);
            break;
        }
    }
    let (name, _) = arrived.expect("B received A's event through PostgreSQL");
    assert_eq!(name, "stock_changed");
    // From now on, one publish on A is one event on B and one on A: no echo, no loss.
    while on_a.next_within(1).await.is_some() {}
    while on_b.next_within(1).await.is_some() {}
    a.hub.publish(stock(100)).await.unwrap();
    let (_, data) = on_b.next_within(5).await.expect("B got it");
    assert_eq!(
        serde_json::from_str::<LiveEvent>(&data).unwrap(),
        stock(100)
    );
    let (_, data) = on_a.next_within(5).await.expect("A got it");
    assert_eq!(
        serde_json::from_str::<LiveEvent>(&data).unwrap(),
        stock(100)
    );
    assert!(
        on_a.next_within(1).await.is_none(),
        "A did not get its own event twice"
    );
    assert!(on_b.next_within(1).await.is_none(), "B got it once");
}

/// A stream keeps the role it was opened with only until the account
/// changes: demoted, the baker's open stream ends (the browser reconnects
/// as a customer, and gets no staff events); signing out ends it too.
#[tokio::test]
async fn a_users_streams_end_when_their_role_changes_or_they_sign_out() {
    let app = spawn_app_with_demo().await;
    let admin = app.signed_in_as("admin").await;
    let baker = app.signed_in_as("staff").await;
    let mut stream = EventStream::open_with(&app, &baker).await;
    app.hub.publish(placed()).await.unwrap();
    assert_eq!(
        stream.next_within(5).await.expect("staff get new orders").0,
        "order_placed"
    );

    let (_, list) = app.call(&admin, "admin/users", &[("role", "staff")]).await;
    let baker_id = list["users"][0]["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .call(
            &admin,
            "admin/users/role",
            &[("user_id", &baker_id), ("role", "customer")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        stream.ends_within(5).await,
        "the stream opened as staff ended"
    );

    let mut again = EventStream::open_with(&app, &baker).await;
    app.hub.publish(placed()).await.unwrap();
    assert!(
        again.next_within(1).await.is_none(),
        "a customer gets no new orders"
    );
    app.call(&baker, "accounts/logout", &[]).await;
    assert!(again.ends_within(5).await, "signing out ends the stream");
}

/// An event another instance published while this one's LISTEN connection
/// was down never arrives; its browsers were not told. Now, once the
/// connection is back, every stream of the instance gets `lagged`
/// (`{"type":"resync"}`), and the page refetches what it shows.
#[tokio::test]
async fn streams_are_told_to_catch_up_after_the_listen_connection_comes_back() {
    if !is_postgres() {
        eprintln!("SQLite has no LISTEN connection: this is a PostgreSQL test");
        return;
    }
    let app = spawn_app().await;
    let mut events = EventStream::open(&app).await;
    // Cut the LISTEN connection as a network failure or a database restart would.
    let mut cut = 0;
    for _ in 0..50 {
        cut = karavai::db_write!(&app.db, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN%'"
        )
        .fetch_one(pool)
        .await)
        .unwrap();
        if cut > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(cut > 0, "the hub's LISTEN connection was found");
    let (name, data) = events
        .next_within(10)
        .await
        .expect("a catch-up event after the reconnect");
    assert_eq!(name, "lagged");
    assert!(data.contains("resync"), "{data}");
    // And the stream goes on.
    app.hub.publish(stock(9)).await.unwrap();
    assert_eq!(events.next_within(5).await.unwrap().0, "stock_changed");
}
