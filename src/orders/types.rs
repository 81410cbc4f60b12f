use serde::{Deserialize, Serialize};

use super::schedule::OpeningHours;
use crate::cart::types::CartView;
use crate::production::types::Stages;

/// Pick-up at a store, or delivery from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    Pickup,
    Delivery,
}

impl Fulfilment {
    pub fn code(self) -> &'static str {
        match self {
            Fulfilment::Pickup => "pickup",
            Fulfilment::Delivery => "delivery",
        }
    }
    pub fn parse(s: &str) -> Option<Fulfilment> {
        match s {
            "pickup" => Some(Fulfilment::Pickup),
            "delivery" => Some(Fulfilment::Delivery),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash when the order is picked up or delivered.
    Cash,
    /// Card when the order is picked up or delivered.
    Card,
    /// Online now, through the payment provider.
    Online,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Online,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Online => "online",
        }
    }
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// What the checkout page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutData {
    pub cart: CartView,
    pub stores: Vec<CheckoutStore>,
    /// Prefilled contact details (a signed-in shopper's client record).
    pub contact: Contact,
    /// The earliest ready date for this cart (`YYYY-MM-DD`).
    pub earliest_date: String,
    /// The latest date that can be chosen.
    pub latest_date: String,
    /// A fresh key for this checkout form: a second submission of the same
    /// form finds the order the first one placed instead of placing another.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStore {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub hours: Vec<OpeningHours>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
}

/// A line of an order, as it was bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrderItem {
    pub product_id: Option<i64>,
    pub variant_id: Option<i64>,
    pub product_name: String,
    pub variant_name: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
    pub inscription: String,
    pub notes: String,
}

/// A step of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StageEvent {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub at: i64,
    pub by_name: Option<String>,
}

/// An order in the shopper's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrderSummary {
    pub id: i64,
    pub stage: String,
    pub total_minor: i64,
    pub created_at: i64,
    pub ready_date: Option<String>,
    pub item_count: i64,
    pub payment_status: String,
    /// The stage's name in the caller's language.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub stage_name: String,
    /// The stage's colour.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub stage_colour: String,
}

/// Everything the order page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: i64,
    pub stage: String,
    pub version: i32,
    pub fulfilment: String,
    pub store_name: Option<String>,
    pub store_address: Option<String>,
    pub delivery_address: String,
    pub ready_date: Option<String>,
    pub time_slot: String,
    pub payment_method: String,
    pub payment_status: String,
    pub total_minor: i64,
    pub notes: String,
    pub created_at: i64,
    pub client_name: String,
    pub phone: String,
    pub email: String,
    pub items: Vec<OrderItem>,
    pub timeline: Vec<StageEvent>,
    /// The signed-in caller may move it between stages (staff and above).
    pub can_move: bool,
    /// The stages (names and colours for the status and the timeline).
    pub stages: Stages,
}

/// Where the browser goes after a successful checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub order_id: i64,
    /// The payment page, for online payment.
    pub redirect: String,
}
