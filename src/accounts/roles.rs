//! The role sets the guards name, each defined once. A server function or
//! route checks one of these (`guard::require(&roles::MANAGERS)`), never a
//! list of its own.

use super::types::Role;

/// The bakery's own people: staff (bakers), managers and admins. They read
/// the back office (orders, clients) and work the production board.
pub const STAFF: [Role; 3] = [Role::Staff, Role::Manager, Role::Admin];

/// Those who change the back office's records and read its figures:
/// managers and admins (orders, clients, reports, analytics).
pub const MANAGERS: [Role; 2] = [Role::Manager, Role::Admin];

/// Admins alone: users, stages, the outbox, the shop's settings.
pub const ADMINS: [Role; 1] = [Role::Admin];

/// Suppliers' people and admins: the supplier's page (`/supplier`). Which
/// supplier each may work is checked per supplier (`suppliers::service`).
pub const SUPPLIERS: [Role; 2] = [Role::Supplier, Role::Admin];
