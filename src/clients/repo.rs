//! SQL of clients: lists with search and sorting, one client, create, edit
//! (recording each changed field in the change history, in the same
//! transaction) and delete (never a client who has orders).

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::types::{Client, ClientPatch, ClientSort, full_name};
use crate::history::types::{Change, Entity, Source, diff};
use crate::server::db::{Args, Db, Dialect};
use crate::server::rest::like_escape;
use crate::{bind_args, db_read, db_tx_if_ok, record_changes};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

const COLUMNS: &str = "c.id, c.last_name, c.first_name, c.middle_name, c.phone, c.email, c.notes, c.user_id, c.created_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    last_name: String,
    first_name: String,
    middle_name: String,
    phone: String,
    email: String,
    notes: String,
    user_id: Option<i64>,
    created_at: i64,
}

impl From<Row> for Client {
    fn from(r: Row) -> Client {
        Client {
            id: r.id,
            last_name: r.last_name,
            first_name: r.first_name,
            middle_name: r.middle_name,
            phone: r.phone,
            email: r.email,
            notes: r.notes,
            user_id: r.user_id,
            created_at: r.created_at,
        }
    }
}

/// A page of clients.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// Only clients with `id >= start_id` (seed 002's paging).
    pub start_id: i64,
    /// Lower-cased words (`types::search_words`); each must appear in some
    /// contact field, so "Last First" and "First Last" both find a client.
    pub words: Vec<String>,
    pub sort: ClientSort,
    pub desc: bool,
    pub limit: i64,
}

/// Adds the search condition for `words` to `conditions`.
pub(crate) fn search_condition(
    dialect: Dialect,
    words: &[String],
    args: &mut Args,
    conditions: &mut Vec<String>,
) {
    match dialect {
        Dialect::Sqlite => {
            // Trigram full-text search: substrings of 3+ characters, any
            // letter case in any script, from the index.
            let long: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() >= 3)
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect();
            if !long.is_empty() {
                let p = args.text(long.join(" AND "));
                conditions.push(format!(
                    "c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH {p})"
                ));
            }
            // Shorter words: LIKE (ASCII letters in any case; others as
            // typed or capitalised, as names are written).
            for w in words.iter().filter(|w| w.chars().count() < 3) {
                let mut cap = w.chars();
                let capitalised: String = cap
                    .next()
                    .map(|f| f.to_uppercase().chain(cap).collect())
                    .unwrap_or_default();
                let a = args.text(format!("%{}%", like_escape(w)));
                let b = args.text(format!("%{}%", like_escape(&capitalised)));
                conditions.push(format!(
                    "((c.last_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.email || ' ' || c.phone) LIKE {a} ESCAPE '\\' \
                     OR (c.last_name || ' ' || c.first_name || ' ' || c.middle_name) LIKE {b} ESCAPE '\\')"
                ));
            }
        }
        Dialect::Postgres => {
            for w in words {
                let p = args.text(format!("%{}%", like_escape(w)));
                conditions.push(format!("{POSTGRES_CONTACTS} LIKE {p} ESCAPE '\\'"));
            }
        }
    }
}

/// PostgreSQL: a client's contacts (names, email, phone), lower-cased, as
/// each order's search document holds them: a stored column (migration
/// 0015) with a trigram index, `clients_contacts_trgm`.
pub const POSTGRES_CONTACTS: &str = "c.contacts";

/// One page of clients.
pub async fn list(db: &Db, q: &ListQuery) -> Result<Vec<Client>, sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec![format!("c.id >= {}", args.int(q.start_id))];
    search_condition(db.dialect(), &q.words, &mut args, &mut conditions);
    let dir = if q.desc { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM clients c WHERE {} ORDER BY {} {dir}, c.id {dir} LIMIT {}",
        conditions.join(" AND "),
        q.sort.column(),
        args.int(q.limit),
    );
    let rows: Vec<Row> = db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().map(Client::from).collect())
}

/// One client.
pub async fn get(db: &Db, id: i64) -> Result<Option<Client>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM clients c WHERE c.id = $1");
    let row: Option<Row> = db_read!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    Ok(row.map(Client::from))
}

/// The contact fields of a new client (already validated).
#[derive(Debug, Clone, Default)]
pub struct NewClient {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
}

/// Another client holds this email already (the original app's clients
/// have unique emails): its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailTaken(pub i64);

/// The client other than `except` whose email is `email` (never for an
/// empty email: clients without one are many). On PostgreSQL the check
/// takes a transaction-long lock on the address first, so two requests
/// adding the same email at once are told apart; SQLite's write
/// transaction is one at a time already.
macro_rules! email_holder {
    ($db:expr, $tx:ident, $email:expr, $except:expr) => {{
        let email: &str = $email;
        if email.is_empty() {
            None
        } else {
            if $db.dialect() == Dialect::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext('client-email:' || $1))")
                    .bind(email)
                    .execute(&mut *$tx)
                    .await?;
            }
            let holder: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM clients WHERE email = $1 AND id <> $2 ORDER BY id LIMIT 1",
            )
            .bind(email)
            .bind($except)
            .fetch_optional(&mut *$tx)
            .await?;
            holder
        }
    }};
}

/// Makes a client, unless another holds its email; the history records
/// who made it and how.
pub async fn create(
    db: &Db,
    c: &NewClient,
    by: Option<i64>,
    source: Source,
) -> Result<Result<i64, EmailTaken>, sqlx::Error> {
    let t = now();
    let made = db_tx_if_ok!(db, |tx| {
        if let Some(holder) = email_holder!(db, tx, &c.email, 0_i64) {
            Err(EmailTaken(holder))
        } else {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO clients (last_name, first_name, middle_name, phone, email, notes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&c.last_name)
            .bind(&c.first_name)
            .bind(&c.middle_name)
            .bind(&c.phone)
            .bind(&c.email)
            .bind(&c.notes)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let created = [Change {
                field: "created".into(),
                old: None,
                new: Some(full_name(&c.last_name, &c.first_name, &c.middle_name)),
            }];
            record_changes!(tx, Entity::Client, id, created.iter(), by, source, t);
            Ok(id)
        }
    });
    Ok(made)
}

/// Why an edit changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditRefusal {
    NotFound,
    EmailTaken(EmailTaken),
}

/// Applies `patch` to client `id`: the changes made (empty when nothing
/// differed), or why not. The update and its history rows commit together.
pub async fn edit(
    db: &Db,
    id: i64,
    patch: &ClientPatch,
    by: Option<i64>,
    source: Source,
) -> Result<Result<Vec<Change>, EditRefusal>, sqlx::Error> {
    let t = now();
    let sql = format!("SELECT {COLUMNS} FROM clients c WHERE c.id = $1");
    let outcome = db_tx_if_ok!(db, |tx| {
        let row: Option<Row> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        match row {
            None => Err(EditRefusal::NotFound),
            Some(old) => {
                let pick =
                    |new: &Option<String>, old: &str| new.clone().unwrap_or_else(|| old.to_owned());
                let new = NewClient {
                    last_name: pick(&patch.last_name, &old.last_name),
                    first_name: pick(&patch.first_name, &old.first_name),
                    middle_name: pick(&patch.middle_name, &old.middle_name),
                    phone: pick(&patch.phone, &old.phone),
                    email: pick(&patch.email, &old.email),
                    notes: pick(&patch.notes, &old.notes),
                };
                let mut changes = Vec::new();
                diff(&mut changes, "last_name", &old.last_name, &new.last_name);
                diff(&mut changes, "first_name", &old.first_name, &new.first_name);
                diff(
                    &mut changes,
                    "middle_name",
                    &old.middle_name,
                    &new.middle_name,
                );
                diff(&mut changes, "phone", &old.phone, &new.phone);
                diff(&mut changes, "email", &old.email, &new.email);
                diff(&mut changes, "notes", &old.notes, &new.notes);
                let taken = if new.email != old.email {
                    email_holder!(db, tx, &new.email, id)
                } else {
                    None
                };
                if let Some(holder) = taken {
                    Err(EditRefusal::EmailTaken(EmailTaken(holder)))
                } else if !changes.is_empty() {
                    sqlx::query(
                        "UPDATE clients SET last_name = $2, first_name = $3, middle_name = $4, phone = $5, \
                         email = $6, notes = $7 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(&new.last_name)
                    .bind(&new.first_name)
                    .bind(&new.middle_name)
                    .bind(&new.phone)
                    .bind(&new.email)
                    .bind(&new.notes)
                    .execute(&mut *tx)
                    .await?;
                    record_changes!(tx, Entity::Client, id, changes.iter(), by, source, t);
                    Ok(changes)
                } else {
                    Ok(changes)
                }
            }
        }
    });
    Ok(outcome)
}

/// Whether client `id` exists.
pub async fn exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM clients WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Why a client was not deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteRefusal {
    NotFound,
    /// The client has this many orders: delete or move them first.
    HasOrders(i64),
}

/// Deletes client `id` unless it has orders (orders are never removed
/// silently); the deletion is recorded in the history.
pub async fn delete(
    db: &Db,
    id: i64,
    by: Option<i64>,
    source: Source,
) -> Result<Result<(), DeleteRefusal>, sqlx::Error> {
    let t = now();
    let outcome = db_tx_if_ok!(db, |tx| {
        let name: Option<(String, String)> =
            sqlx::query_as("SELECT last_name, first_name FROM clients WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        match name {
            None => Err(DeleteRefusal::NotFound),
            Some((last, first)) => {
                let orders: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE client_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                if orders > 0 {
                    Err(DeleteRefusal::HasOrders(orders))
                } else {
                    sqlx::query("DELETE FROM clients WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let deleted = [Change {
                        field: "deleted".into(),
                        old: Some(full_name(&last, &first, "")),
                        new: None,
                    }];
                    record_changes!(tx, Entity::Client, id, deleted.iter(), by, source, t);
                    Ok(())
                }
            }
        }
    });
    Ok(outcome)
}

/// A page of the clients table (offset paging, with the total), each
/// client with their orders' count and what they spent.
pub async fn table(
    db: &Db,
    words: &[String],
    sort: ClientSort,
    desc: bool,
    offset: i64,
    limit: i64,
) -> Result<(Vec<super::types::ClientRow>, i64), sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    search_condition(db.dialect(), words, &mut args, &mut conditions);
    let filter = conditions.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM clients c WHERE {filter}");
    let total: i64 = db_read!(db, |pool| bind_args!(sqlx::query_scalar(&count_sql), args)
        .fetch_one(pool)
        .await)?;
    let dir = if desc { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM clients c WHERE {filter} ORDER BY {} {dir}, c.id {dir} LIMIT {} OFFSET {}",
        sort.column(),
        args.int(limit),
        args.int(offset),
    );
    let rows: Vec<Row> = db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)?;
    let mut totals_args = Args::default();
    let ids: Vec<String> = rows.iter().map(|r| totals_args.int(r.id)).collect();
    let totals: Vec<(i64, i64, i64)> = if ids.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT o.client_id, COUNT(*), \
                    CAST(COALESCE(SUM(CASE WHEN COALESCE(st.kind, 'open') <> 'cancelled' THEN o.total_minor ELSE 0 END), 0) AS BIGINT) \
             FROM orders o LEFT JOIN stages st ON st.code = o.stage \
             WHERE o.client_id IN ({}) GROUP BY o.client_id",
            ids.join(", ")
        );
        db_read!(db, |pool| bind_args!(sqlx::query_as(&sql), totals_args)
            .fetch_all(pool)
            .await)?
    };
    let rows = rows
        .into_iter()
        .map(|r| {
            let (orders, spent_minor) = totals
                .iter()
                .find(|t| t.0 == r.id)
                .map(|t| (t.1, t.2))
                .unwrap_or((0, 0));
            super::types::ClientRow {
                client: Client::from(r),
                orders,
                spent_minor,
            }
        })
        .collect();
    Ok((rows, total))
}

/// A client's orders, newest first (at most `limit`), with their count and
/// what was spent (cancelled orders left out).
pub async fn orders_of(
    db: &Db,
    client_id: i64,
    limit: i64,
) -> Result<(Vec<(i64, i64, String, String, i64)>, i64, i64), sqlx::Error> {
    let orders: Vec<(i64, i64, String, String, i64)> = db_read!(db, |pool| sqlx::query_as(
        "SELECT o.id, o.created_at, o.stage, COALESCE(st.kind, 'open'), o.total_minor \
         FROM orders o LEFT JOIN stages st ON st.code = o.stage \
         WHERE o.client_id = $1 ORDER BY o.id DESC LIMIT $2"
    )
    .bind(client_id)
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    let (count, spent): (i64, i64) = db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT COUNT(*), \
                CAST(COALESCE(SUM(CASE WHEN COALESCE(st.kind, 'open') <> 'cancelled' THEN o.total_minor ELSE 0 END), 0) AS BIGINT) \
         FROM orders o LEFT JOIN stages st ON st.code = o.stage WHERE o.client_id = $1"
    )
    .bind(client_id)
    .fetch_one(pool)
    .await
    })?;
    Ok((orders, count, spent))
}
