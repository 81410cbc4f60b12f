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
            categories: 8,
            products: 21
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
        users::create_user(&db, &email, "A", "h", Role::Customer)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        users::create_user(&db, &email, "B", "h", Role::Customer)
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
                users::create_user(&db, &email, "U", "h", Role::Customer).await
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
