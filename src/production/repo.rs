//! SQL of the production board: stages, the board's cards, moves (with a
//! version check: the second of two simultaneous moves is refused, never
//! silently overwritten), assignments and the daily plan.

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::types::{CardItem, Choice, MoveRefusal, Stage, StageKind, Stages, check_move};
use crate::accounts::types::Role;
use crate::error::AppError;
use crate::server::db::{Arg, Args, Db};
use crate::{bind_args, db_read, db_tx_if_ok, db_write};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[derive(sqlx::FromRow)]
struct StageRow {
    code: String,
    name_en: String,
    name_ru: String,
    colour: String,
    position: i32,
    kind: String,
}

/// The configured stages, in board order.
pub async fn stages(db: &Db) -> Result<Stages, sqlx::Error> {
    let rows: Vec<StageRow> = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT code, name_en, name_ru, colour, position, kind FROM stages ORDER BY position, code"
    )
    .fetch_all(pool)
    .await
    })?;
    Ok(Stages(
        rows.into_iter()
            .map(|r| Stage {
                code: r.code,
                name_en: r.name_en,
                name_ru: r.name_ru,
                colour: r.colour,
                position: r.position,
                kind: StageKind::parse(&r.kind).unwrap_or(StageKind::Open),
            })
            .collect(),
    ))
}

/// Adds a stage, or changes the one with its code.
pub async fn save_stage(db: &Db, s: &Stage) -> Result<(), sqlx::Error> {
    db_write!(db, |pool| {
        sqlx::query(
        "INSERT INTO stages (code, name_en, name_ru, colour, position, kind) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_ru = excluded.name_ru, \
         colour = excluded.colour, position = excluded.position, kind = excluded.kind"
    )
    .bind(&s.code)
    .bind(&s.name_en)
    .bind(&s.name_ru)
    .bind(&s.colour)
    .bind(s.position)
    .bind(s.kind.code())
    .execute(pool)
    .await
    .map(|_| ())
    })
}

/// Why a stage cannot be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteProblem {
    NotFound,
    /// Orders are in it, or passed through it: their history names it.
    InUse(i64),
}

/// Deletes a stage no order has ever been in.
pub async fn delete_stage(db: &Db, code: &str) -> Result<Result<(), DeleteProblem>, AppError> {
    let outcome = db_tx_if_ok!(db, |tx| {
        let used: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM orders WHERE stage = $1) + \
                    (SELECT COUNT(*) FROM order_stage_events WHERE to_stage = $1 OR from_stage = $1)",
        )
        .bind(code)
        .fetch_one(&mut *tx)
        .await?;
        if used > 0 {
            Err(DeleteProblem::InUse(used))
        } else {
            let gone = sqlx::query("DELETE FROM stages WHERE code = $1")
                .bind(code)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if gone == 0 {
                Err(DeleteProblem::NotFound)
            } else {
                Ok(())
            }
        }
    });
    Ok(outcome)
}

/// A card's order, before its items are attached.
#[derive(Debug, sqlx::FromRow)]
pub struct CardRow {
    pub id: i64,
    pub version: i32,
    pub stage: String,
    pub ready_date: String,
    pub time_slot: String,
    pub fulfilment: String,
    pub store_name: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub notes: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub stage_since: i64,
}

/// What the board asks for, once its dates are known.
#[derive(Debug, Clone)]
pub struct BoardQuery {
    pub from: String,
    pub to: String,
    /// Also show unfinished orders due before `from` (they are late).
    pub overdue: bool,
    pub store: Option<i64>,
    pub product: Option<i64>,
    /// `Some(0)`: nobody's cards.
    pub assignee: Option<i64>,
    pub limit: i64,
}

/// The board's orders (at most `limit`) and how many matched in all.
pub async fn board(db: &Db, q: &BoardQuery) -> Result<(Vec<CardRow>, i64), sqlx::Error> {
    let mut args = Args::default();
    let from = args.text(q.from.clone());
    let to = args.text(q.to.clone());
    let mut ids = format!("SELECT id FROM orders WHERE ready_date BETWEEN {from} AND {to}");
    if q.overdue {
        ids.push_str(&format!(
            " UNION SELECT id FROM orders WHERE ready_date < {from} \
              AND stage IN (SELECT code FROM stages WHERE kind = 'open')"
        ));
    }
    let mut filter = format!("o.id IN ({ids})");
    if let Some(store) = q.store {
        filter.push_str(&format!(" AND o.store_id = {}", args.int(store)));
    }
    match q.assignee {
        Some(0) => filter.push_str(" AND o.assignee_id IS NULL"),
        Some(user) => filter.push_str(&format!(" AND o.assignee_id = {}", args.int(user))),
        None => {}
    }
    if let Some(product) = q.product {
        filter.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.product_id = {})",
            args.int(product)
        ));
    }
    let limit = args.int(q.limit);
    let sql = format!(
        "SELECT o.id, o.version, o.stage, COALESCE(o.ready_date, '') AS ready_date, o.time_slot, o.fulfilment, \
                COALESCE(s.name, '') AS store_name, c.last_name, c.first_name, c.middle_name, o.notes, \
                o.assignee_id, u.name AS assignee_name, COALESCE(o.stage_since, o.updated_at) AS stage_since \
         FROM orders o JOIN clients c ON c.id = o.client_id \
         LEFT JOIN stores s ON s.id = o.store_id LEFT JOIN users u ON u.id = o.assignee_id \
         WHERE {filter} ORDER BY o.ready_date, o.time_slot, o.id LIMIT {limit}"
    );
    let rows: Vec<CardRow> = db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)?;
    let total = if (rows.len() as i64) < q.limit {
        rows.len() as i64
    } else {
        let mut count_args = args;
        count_args.0.pop();
        let sql = format!("SELECT COUNT(*) FROM orders o WHERE {filter}");
        db_read!(db, |pool| bind_args!(sqlx::query_scalar(&sql), count_args)
            .fetch_one(pool)
            .await)?
    };
    Ok((rows, total))
}

/// The items of some orders, in each order's own order.
pub async fn card_items(db: &Db, order_ids: &[i64]) -> Result<Vec<CardItem>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::default();
    let list = order_ids
        .iter()
        .map(|id| args.int(*id))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT order_id, product_name, variant_name, quantity, inscription, notes \
         FROM order_items WHERE order_id IN ({list}) ORDER BY order_id, position, id"
    );
    db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

/// The people who work the board (staff, managers, admins; not blocked).
pub async fn staff(db: &Db) -> Result<Vec<Choice>, sqlx::Error> {
    db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT id, name FROM users WHERE role IN ('staff', 'manager', 'admin') AND blocked = FALSE ORDER BY name, id"
    )
    .fetch_all(pool)
    .await
    })
}

pub async fn stores(db: &Db) -> Result<Vec<Choice>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM stores WHERE active = TRUE ORDER BY position, name"
    )
    .fetch_all(pool)
    .await)
}

pub async fn products(db: &Db) -> Result<Vec<Choice>, sqlx::Error> {
    db_read!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM products WHERE active = TRUE ORDER BY name, id"
    )
    .fetch_all(pool)
    .await)
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveProblem {
    NotFound,
    /// Someone else changed it first: the stage and version it has now.
    Stale {
        stage: String,
        version: i32,
    },
    /// Not an allowed move (see [`check_move`]).
    Refused(MoveRefusal),
}

/// A move that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub version: i32,
    pub from: String,
    /// The shopper's account, to tell their open order page.
    pub customer: Option<i64>,
}

/// Moves an order to `to` if it still has `version` and the move is
/// allowed for `role`; records who, when, from and to. One transaction: the
/// check and the write see the same row.
pub async fn move_order(
    db: &Db,
    order_id: i64,
    version: i32,
    to: &str,
    by: i64,
    role: Role,
    stages: &Stages,
) -> Result<Result<Moved, MoveProblem>, AppError> {
    let t = now();
    let outcome = db_tx_if_ok!(db, |tx| {
        let current: Option<(String, i32, Option<i64>)> =
            sqlx::query_as("SELECT stage, version, user_id FROM orders WHERE id = $1")
                .bind(order_id)
                .fetch_optional(&mut *tx)
                .await?;
        match current {
            None => Err(MoveProblem::NotFound),
            Some((stage, v, _)) if v != version => Err(MoveProblem::Stale { stage, version: v }),
            Some((from, v, customer)) => match check_move(role, stages, &from, to) {
                Err(refusal) => Err(MoveProblem::Refused(refusal)),
                Ok(()) => {
                    let changed = sqlx::query(
                        "UPDATE orders SET stage = $2, version = version + 1, stage_since = $3, updated_at = $3 \
                         WHERE id = $1 AND version = $4",
                    )
                    .bind(order_id)
                    .bind(to)
                    .bind(t)
                    .bind(v)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed == 0 {
                        // Another instance moved it between our read and write.
                        Err(MoveProblem::Stale {
                            stage: from,
                            version: v + 1,
                        })
                    } else {
                        sqlx::query(
                            "INSERT INTO order_stage_events (order_id, from_stage, to_stage, user_id, at) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(order_id)
                        .bind(&from)
                        .bind(to)
                        .bind(by)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                        Ok(Moved {
                            version: v + 1,
                            from,
                            customer,
                        })
                    }
                }
            },
        }
    });
    Ok(outcome)
}

/// Gives an order to a member of staff (`None`: to nobody). Returns false
/// when the order does not exist. The version is left alone: taking a card
/// never makes someone else's move of it stale.
pub async fn assign(db: &Db, order_id: i64, assignee: Option<i64>) -> Result<bool, sqlx::Error> {
    let t = now();
    let done = db_write!(db, |pool| sqlx::query(
        "UPDATE orders SET assignee_id = $2, updated_at = $3 WHERE id = $1"
    )
    .bind(order_id)
    .bind(assignee)
    .bind(t)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Whether a user may be given cards (staff or above, not blocked).
pub async fn is_staff(db: &Db, user_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = db_read!(db, |pool| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND role IN ('staff', 'manager', 'admin') AND blocked = FALSE"
    )
    .bind(user_id)
    .fetch_one(pool)
    .await
    })?;
    Ok(n == 1)
}

/// One line of the plan's sums.
#[derive(Debug, sqlx::FromRow)]
pub struct PlanLine {
    pub product_name: String,
    pub variant_name: String,
    pub stage: String,
    pub quantity: i64,
}

/// How many of each product and variant the orders due on `date` want, per
/// stage (cancelled orders left out).
pub async fn plan(
    db: &Db,
    date: &str,
    store: Option<i64>,
) -> Result<(Vec<PlanLine>, Vec<CardItem>, i64), sqlx::Error> {
    let mut args = Args::default();
    let mut filter = format!(
        "o.ready_date = {} AND o.stage NOT IN (SELECT code FROM stages WHERE kind = 'cancelled')",
        args.text(date)
    );
    if let Some(store) = store {
        filter.push_str(&format!(" AND o.store_id = {}", args.push(Arg::Int(store))));
    }
    let sums = format!(
        "SELECT i.product_name, i.variant_name, o.stage, CAST(SUM(i.quantity) AS BIGINT) AS quantity \
         FROM order_items i JOIN orders o ON o.id = i.order_id WHERE {filter} \
         GROUP BY i.product_name, i.variant_name, o.stage ORDER BY i.product_name, i.variant_name"
    );
    let notes = format!(
        "SELECT i.order_id, i.product_name, i.variant_name, i.quantity, i.inscription, i.notes \
         FROM order_items i JOIN orders o ON o.id = i.order_id \
         WHERE {filter} AND (i.inscription <> '' OR i.notes <> '') ORDER BY o.time_slot, i.order_id, i.position"
    );
    let count = format!("SELECT COUNT(*) FROM orders o WHERE {filter}");
    db_read!(db, |pool| {
        let lines: Vec<PlanLine> = bind_args!(sqlx::query_as(&sums), args)
            .fetch_all(pool)
            .await?;
        let notes: Vec<CardItem> = bind_args!(sqlx::query_as(&notes), args)
            .fetch_all(pool)
            .await?;
        let orders: i64 = bind_args!(sqlx::query_scalar(&count), args)
            .fetch_one(pool)
            .await?;
        Ok((lines, notes, orders))
    })
}
