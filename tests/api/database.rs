use karavai::accounts::repo as users;
use karavai::accounts::types::{Email, Role};
use karavai::server::demo::{self, SeedReport};

use crate::helpers::{exec, fresh_database};

#[tokio::test]
async fn migrations_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    db.migrate()
        .await
        .expect("a second run applies nothing and succeeds");
}

#[tokio::test]
async fn demo_data_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let first = demo::seed(&db).await.unwrap();
    assert_eq!(
        first,
        SeedReport::Loaded {
            categories: 11,
            products: 84
        }
    );
    assert_eq!(demo::seed(&db).await.unwrap(), SeedReport::Skipped);
    assert_eq!(users::count(&db).await.unwrap(), demo::LOGINS.len() as i64);
    let baker = Email::parse("baker@karavai.local").unwrap();
    assert_eq!(
        users::role_of(&db, &baker).await.unwrap(),
        Some(Role::Staff)
    );
}

#[tokio::test]
async fn constraints_hold_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let email = Email::parse("a@b.co").unwrap();
    // A second user with the same email is refused by the unique constraint.
    assert!(
        users::create_user(&db, &email, "A", "h", Role::Customer, true)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        users::create_user(&db, &email, "B", "h", Role::Customer, true)
            .await
            .unwrap()
            .is_none()
    );
    // Unknown roles are refused by the check constraint.
    let bad_role = exec(
        &db,
        "INSERT INTO users (email, name, password_hash, role) VALUES ('x@y.co', 'X', 'h', 'root')",
    )
    .await;
    assert!(bad_role.is_err());
    // A product must belong to an existing category (foreign keys are on).
    let orphan = exec(
        &db,
        "INSERT INTO products (category_id, slug, name) VALUES (999, 'p', 'P')",
    )
    .await;
    assert!(orphan.is_err());
}

#[tokio::test]
async fn concurrent_writers_all_succeed() {
    // SQLite has one writer connection; PostgreSQL a pool. Either way, 40
    // simultaneous inserts must all land, none with "database is locked".
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                let email = Email::parse(&format!("user{i}@example.com")).unwrap();
                users::create_user(&db, &email, "U", "h", Role::Customer, true).await
            })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().expect("insert succeeds").is_some());
    }
    assert_eq!(users::count(&db).await.unwrap(), 40);
}

#[tokio::test]
async fn a_failed_transaction_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    async fn half_then_fail(db: &karavai::server::db::Db) -> Result<(), sqlx::Error> {
        karavai::db_tx!(db, |tx| {
            sqlx::query("INSERT INTO categories (slug, name) VALUES ('a', 'A')")
                .execute(&mut *tx)
                .await?;
            // Duplicate slug: fails, and must take the first insert with it.
            sqlx::query("INSERT INTO categories (slug, name) VALUES ('a', 'A again')")
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
    assert!(half_then_fail(&db).await.is_err());
    let n: i64 = karavai::db_read!(&db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM categories"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(n, 0);
}

/// A write that fails, or a transaction dropped halfway (a request whose
/// client went away), leaves the writer usable: the next writes succeed.
/// (SQLite has one writer connection: a transaction left open on it would
/// refuse every later write until a restart.)
#[tokio::test]
async fn the_writer_stays_usable_after_a_failed_or_abandoned_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    async fn insert(db: &karavai::server::db::Db, slug: &str) -> Result<(), sqlx::Error> {
        karavai::db_tx!(db, |tx| {
            sqlx::query("INSERT INTO categories (slug, name) VALUES ($1, $1)")
                .bind(slug)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
    async fn slow_insert(db: &karavai::server::db::Db) -> Result<(), sqlx::Error> {
        karavai::db_tx!(db, |tx| {
            for i in 0..100_000 {
                sqlx::query("INSERT INTO categories (slug, name) VALUES ($1, 'x')")
                    .bind(format!("slow-{i}"))
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }
    insert(&db, "first").await.unwrap();
    for round in 0..3 {
        // A unique key violated inside the transaction.
        assert!(insert(&db, "first").await.is_err(), "round {round}");
        insert(&db, &format!("after-failure-{round}"))
            .await
            .unwrap();
        // A transaction dropped while its statements run.
        let abandoned =
            tokio::time::timeout(std::time::Duration::from_millis(20), slow_insert(&db)).await;
        assert!(abandoned.is_err(), "the slow transaction was cut off");
        insert(&db, &format!("after-abandon-{round}"))
            .await
            .unwrap();
        karavai::db_write!(&db, |pool| sqlx::query(
            "UPDATE categories SET name = 'renamed' WHERE slug = 'first'"
        )
        .execute(pool)
        .await
        .map(|_| ()))
        .unwrap();
    }
    // Cut off at any moment, the BEGIN itself included: many short deadlines.
    for i in 0..400u64 {
        let deadline = std::time::Duration::from_micros(i * 37 % 900);
        let _ = tokio::time::timeout(deadline, insert(&db, &format!("rushed-{i}"))).await;
        if i % 50 == 0 {
            insert(&db, &format!("after-rushed-{i}")).await.unwrap();
        }
    }
    insert(&db, "after-rushed").await.unwrap();
    let slow: i64 = karavai::db_read!(&db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM categories WHERE slug LIKE 'slow-%'"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(slow, 0, "an abandoned transaction wrote nothing");
}

#[tokio::test]
async fn demo_history_loads_orders_with_items_and_timelines() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    demo::seed(&db).await.unwrap();
    assert_eq!(demo::seed_history(&db, 40, 300, 60).await.unwrap(), 300);
    assert_eq!(
        demo::seed_history(&db, 40, 300, 60).await.unwrap(),
        0,
        "only once"
    );
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            karavai::db_read!(&db, |pool| sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(pool)
                .await)
            .unwrap()
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM orders").await, 300);
    assert_eq!(count("SELECT COUNT(*) FROM clients").await, 40);
    assert_eq!(
        count("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)").await,
        0,
        "every order has items"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM orders o WHERE total_minor <> (SELECT SUM(unit_price_minor * quantity) FROM order_items i WHERE i.order_id = o.id)").await,
        0,
        "totals add up"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM order_stage_events WHERE from_stage IS NULL").await,
        300,
        "every timeline starts once"
    );
    // New rows after the bulk load get fresh ids (PostgreSQL's sequences moved on).
    let id: i64 = karavai::db_write!(&db, |pool| sqlx::query_scalar(
        "INSERT INTO clients (first_name, created_at) VALUES ('New', 0) RETURNING id"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(id, 41);
}
