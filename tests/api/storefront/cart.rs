//! The cart: stock checks, bad input, a guest's cart joining the account.

use crate::helpers::spawn_app_with_demo;

use super::*;

#[tokio::test]
async fn the_cart_checks_stock_and_refuses_bad_input() {
    let app = spawn_app_with_demo().await;
    let guest = app.browser();
    let baguette = variant(&app, "baguette-1").await;
    set_stock(&app, baguette, 2).await; // 2 per store, 6 in all.

    let (status, units) = add(&app, &guest, baguette, "2").await;
    assert_eq!(status, 200, "{units}");
    assert_eq!(units, 2, "the answer is the units now in the cart");
    let (status, units) = add(&app, &guest, baguette, "1").await;
    assert_eq!(
        (status, units),
        (200, 3.into()),
        "counted with what was there"
    );
    let (_, cart) = app.call(&guest, "cart/view", &[]).await;
    let line = cart["lines"][0]["id"].as_i64().unwrap().to_string();
    app.call(
        &guest,
        "cart/update",
        &[("line_id", &line), ("quantity", "2")],
    )
    .await;

    for (qty, field) in [
        ("0", "quantity"),
        ("-3", "quantity"),
        ("100", "quantity"),
        ("abc", "quantity"),
        ("99999999999999999999", "quantity"),
    ] {
        let (status, body) = add(&app, &guest, baguette, qty).await;
        assert_eq!(status, 422, "quantity {qty}: {body}");
        assert_eq!(body["detail"][0]["field"], field);
    }
    let (status, body) = add(&app, &guest, 99_999_999, "1").await;
    assert_eq!(status, 422, "{body}");
    // More than the shelves hold: a clear message, nothing added.
    let (status, body) = add(&app, &guest, baguette, "5").await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("Only 6"),
        "{body}"
    );
    let (_, cart) = app.call(&guest, "cart/view", &[]).await;
    assert_eq!(cart["lines"][0]["quantity"], 2, "unchanged");

    // Change and remove lines; another browser cannot touch them.
    let line = cart["lines"][0]["id"].as_i64().unwrap().to_string();
    let stranger = app.browser();
    let (status, _) = app
        .call(
            &stranger,
            "cart/update",
            &[("line_id", &line), ("quantity", "1")],
        )
        .await;
    assert_eq!(status, 404);
    let (status, cart) = app
        .call(
            &guest,
            "cart/update",
            &[("line_id", &line), ("quantity", "3")],
        )
        .await;
    assert_eq!(status, 200, "{cart}");
    assert_eq!(cart["lines"][0]["quantity"], 3);
    let (status, cart) = app.call(&guest, "cart/remove", &[("line_id", &line)]).await;
    assert_eq!(status, 200);
    assert_eq!(cart["lines"].as_array().unwrap().len(), 0);
    let (_, n) = app.call(&guest, "cart/count", &[]).await;
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_guest_cart_joins_the_account_at_sign_in() {
    let app = spawn_app_with_demo().await;
    let browser = app.browser();
    let eclair = variant(&app, "eclair-1").await;
    let medovik = variant(&app, "medovik-1").await;
    add(&app, &browser, eclair, "2").await;
    let (status, body) = app
        .call(
            &browser,
            "cart/add",
            &[
                ("variant_id", &medovik.to_string()),
                ("quantity", "1"),
                ("inscription", "Happy birthday, Anna!"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "anna@karavai.local"),
                ("password", "karavai-customer"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (_, cart) = app.call(&browser, "cart/view", &[]).await;
    let lines = cart["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{cart}");
    assert!(
        lines
            .iter()
            .any(|l| l["inscription"] == "Happy birthday, Anna!")
    );
    // The same account in another browser sees the same cart.
    let other = app.signed_in_as("customer").await;
    let (_, n) = app.call(&other, "cart/count", &[]).await;
    assert_eq!(n, 3);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM carts WHERE user_id IS NULL").await,
        0,
        "the guest cart is gone"
    );
}
