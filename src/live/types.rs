use serde::{Deserialize, Serialize};

use crate::accounts::types::Role;

/// Something that happened, that open pages may want to show at once.
/// On the wire (the `/events` stream, and PostgreSQL's NOTIFY between
/// instances) serde's default form, `{"stock_changed": {…}}`: the browser
/// reads it without buffering the object first, as a `"type"` field inside
/// it would need (that cost the storefront's wasm several kilobytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveEvent {
    /// A new order: production boards and managers' dashboards.
    OrderPlaced { order_id: i64, total_minor: i64 },
    /// An order moved to a production stage: staff, managers, and the order's customer.
    OrderMoved {
        order_id: i64,
        stage: String,
        customer_user_id: Option<i64>,
    },
    /// A variant's stock at a store changed: everyone (the storefront shows stock).
    StockChanged {
        variant_id: i64,
        store_id: i64,
        quantity: i64,
    },
    /// A shopper's cart changed (in another tab or device): that shopper only.
    CartChanged { user_id: i64, count: i64 },
    /// An order was given to someone on the production board (or taken
    /// back): staff, managers, admins.
    OrderAssigned {
        order_id: i64,
        assignee_id: Option<i64>,
    },
    /// An admin changed the production stages: staff, managers, admins.
    StagesChanged,
    /// Suppliers' parts of an order appeared (it was placed) or one moved:
    /// the accounts that run a supplier in it, the order's customer, admins.
    PartsChanged {
        order_id: i64,
        supplier_user_ids: Vec<i64>,
        customer_user_id: Option<i64>,
    },
    /// A user signed out, or their role, block or password changed: what
    /// their open streams may carry is no longer what they were opened
    /// with. That user's streams end on it (the browser reconnects as who
    /// it now is).
    AccountChanged { user_id: i64 },
}

/// Who is watching: nobody signed in, or a user with a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewer {
    pub user_id: Option<i64>,
    pub role: Option<Role>,
}

impl LiveEvent {
    /// The SSE event name (`event:` line), for `EventSource.addEventListener`.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::OrderPlaced { .. } => "order_placed",
            LiveEvent::OrderMoved { .. } => "order_moved",
            LiveEvent::StockChanged { .. } => "stock_changed",
            LiveEvent::CartChanged { .. } => "cart_changed",
            LiveEvent::OrderAssigned { .. } => "order_assigned",
            LiveEvent::StagesChanged => "stages_changed",
            LiveEvent::PartsChanged { .. } => "parts_changed",
            LiveEvent::AccountChanged { .. } => "account_changed",
        }
    }

    /// Whether `viewer` may receive this event. Decided on the server, per
    /// connection, before anything is sent.
    pub fn visible_to(&self, viewer: &Viewer) -> bool {
        let back_office = viewer.role.is_some_and(Role::is_staff_or_above);
        match self {
            LiveEvent::StockChanged { .. } => true,
            LiveEvent::CartChanged { user_id, .. } | LiveEvent::AccountChanged { user_id } => {
                viewer.user_id == Some(*user_id)
            }
            LiveEvent::OrderPlaced { .. }
            | LiveEvent::OrderAssigned { .. }
            | LiveEvent::StagesChanged => back_office,
            LiveEvent::OrderMoved {
                customer_user_id, ..
            } => back_office || (viewer.user_id.is_some() && viewer.user_id == *customer_user_id),
            LiveEvent::PartsChanged {
                supplier_user_ids,
                customer_user_id,
                ..
            } => {
                viewer.role == Some(Role::Admin)
                    || viewer.user_id.is_some_and(|me| {
                        supplier_user_ids.contains(&me) || Some(me) == *customer_user_id
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(user_id: Option<i64>, role: Option<Role>) -> Viewer {
        Viewer { user_id, role }
    }

    #[test]
    fn each_role_sees_only_its_events() {
        let placed = LiveEvent::OrderPlaced {
            order_id: 1,
            total_minor: 100,
        };
        let moved = LiveEvent::OrderMoved {
            order_id: 1,
            stage: "baking".into(),
            customer_user_id: Some(7),
        };
        let stock = LiveEvent::StockChanged {
            variant_id: 1,
            store_id: 1,
            quantity: 3,
        };

        let anonymous = Viewer::default();
        let owner = viewer(Some(7), Some(Role::Customer));
        let stranger = viewer(Some(8), Some(Role::Customer));
        let supplier = viewer(Some(9), Some(Role::Supplier));

        let cart = LiveEvent::CartChanged {
            user_id: 7,
            count: 2,
        };
        assert!(cart.visible_to(&owner));
        for v in [
            anonymous,
            stranger,
            supplier,
            viewer(Some(1), Some(Role::Admin)),
        ] {
            assert!(!cart.visible_to(&v), "{v:?} must not see another's cart");
        }
        let assigned = LiveEvent::OrderAssigned {
            order_id: 1,
            assignee_id: Some(3),
        };
        for v in [anonymous, owner, stranger, supplier] {
            assert!(stock.visible_to(&v));
            assert!(!placed.visible_to(&v), "{v:?} must not see new orders");
            assert!(!assigned.visible_to(&v), "{v:?} must not see the board");
            assert!(!LiveEvent::StagesChanged.visible_to(&v));
        }
        let parts = LiveEvent::PartsChanged {
            order_id: 1,
            supplier_user_ids: vec![9],
            customer_user_id: Some(7),
        };
        for v in [owner, supplier, viewer(Some(1), Some(Role::Admin))] {
            assert!(parts.visible_to(&v), "{v:?}");
        }
        for v in [
            anonymous,
            stranger,
            viewer(Some(10), Some(Role::Supplier)),
            viewer(Some(2), Some(Role::Manager)),
        ] {
            assert!(!parts.visible_to(&v), "{v:?} must not see the parts");
        }
        assert!(moved.visible_to(&owner));
        assert!(!moved.visible_to(&stranger));
        assert!(!moved.visible_to(&anonymous));
        assert!(!moved.visible_to(&supplier));
        for role in [Role::Staff, Role::Manager, Role::Admin] {
            let v = viewer(Some(1), Some(role));
            assert!(placed.visible_to(&v) && moved.visible_to(&v) && stock.visible_to(&v));
            assert!(assigned.visible_to(&v) && LiveEvent::StagesChanged.visible_to(&v));
        }
    }

    #[test]
    fn events_serialise_under_their_name() {
        let e = LiveEvent::StockChanged {
            variant_id: 2,
            store_id: 1,
            quantity: 0,
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"stock_changed":{"variant_id":2,"store_id":1,"quantity":0}}"#
        );
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), e);
    }
}
