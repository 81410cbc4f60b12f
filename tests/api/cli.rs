use karavai::accounts::repo as users;
use karavai::accounts::types::{Email, Role};
use karavai::server::cli::create_admin;

use crate::helpers::fresh_database;

#[tokio::test]
async fn create_admin_creates_then_resets_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let email = Email::parse("Boss@Example.com").unwrap();

    create_admin(&db, "Boss@Example.com", "The Boss", "first password!")
        .await
        .unwrap();
    assert_eq!(
        users::role_of(&db, &email).await.unwrap(),
        Some(Role::Admin)
    );
    assert_eq!(users::count(&db).await.unwrap(), 1);

    // Again with the same email: the password is reset, no second user.
    create_admin(&db, "boss@example.com", "The Boss", "second password!")
        .await
        .unwrap();
    assert_eq!(users::count(&db).await.unwrap(), 1);
}

#[tokio::test]
async fn create_admin_refuses_bad_input_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let err = create_admin(&db, "not-an-email", "X", "good password here")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a valid email"), "{err}");
    let err = create_admin(&db, "a@b.co", "X", "short").await.unwrap_err();
    assert!(err.to_string().contains("at least 10 characters"), "{err}");
    let err = create_admin(&db, "a@b.co", "  ", "good password here")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
    assert_eq!(users::count(&db).await.unwrap(), 0);
}
