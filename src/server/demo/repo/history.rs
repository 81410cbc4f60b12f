//! Past orders for the demo shop: clients and a history of orders with their
//! timelines, written in large multi-row batches.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::server::db::{Arg, Args, Db};
use crate::{bind_args, db_read, db_tx};

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Maria",
    "Elena",
    "Olga",
    "Natalia",
    "Irina",
    "Svetlana",
    "Tatiana",
    "Ekaterina",
    "Daria",
    "Ivan",
    "Dmitry",
    "Sergei",
    "Alexei",
    "Andrei",
    "Mikhail",
    "Nikolai",
    "Pavel",
    "Artem",
    "Maxim",
];
const LAST_NAMES: &[&str] = &[
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Vasiliev",
    "Petrov",
    "Sokolov",
    "Mikhailov",
    "Novikov",
    "Fedorov",
    "Morozov",
    "Volkov",
    "Alekseev",
    "Lebedev",
    "Semenov",
    "Egorov",
    "Pavlov",
    "Kozlov",
];
const MIDDLE_NAMES: &[&str] = &[
    "Ivanovich",
    "Sergeevich",
    "Petrovich",
    "Andreevich",
    "Nikolaevich",
    "",
];

/// Inserts `rows` (each `cols` values) into `table` in multi-row statements.
macro_rules! insert_batch {
    ($tx:expr, $table:expr, $columns:expr, $rows:expr) => {{
        let columns: &[&str] = $columns;
        // Small statements: SQLite looks each `$N` parameter up by name
        // while parsing, so a statement's parse time grows with the square
        // of its parameters (30,000 of them took half a second). This size
        // is parsed once: every full chunk is the same cached statement.
        let per_statement = (960 / columns.len()).max(1);
        for chunk in $rows.chunks(per_statement) {
            let mut args = Args::default();
            let mut values = Vec::with_capacity(chunk.len());
            for row in chunk {
                let row: &Vec<Arg> = row;
                let mut marks = Vec::with_capacity(row.len());
                for value in row {
                    marks.push(args.push(value.clone()));
                }
                values.push(format!("({})", marks.join(", ")));
            }
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {}",
                $table,
                columns.join(", "),
                values.join(", ")
            );
            bind_args!(sqlx::query(&sql), args)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

/// Past orders generated and written at a time by [`seed_history`].
const HISTORY_SLICE: usize = 20_000;

/// Adds `clients` clients and `orders` past orders spread over `days` days,
/// unless there are orders already. Returns how many orders it added.
pub async fn seed_history(
    db: &Db,
    clients: usize,
    orders: usize,
    days: i64,
) -> anyhow::Result<usize> {
    let existing: i64 =
        crate::db_read!(db, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(pool)
            .await)?;
    if existing > 0 || orders == 0 {
        return Ok(0);
    }
    let flow = Flow::read(db).await?;
    type Variant = (
        i64,
        i64,
        String,
        String,
        String,
        i64,
        bool,
        i32,
        Option<i64>,
    );
    let variants: Vec<Variant> = crate::db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT v.id, p.id, p.name, v.name, v.sku, v.price_minor, p.made_to_order, p.lead_time_days, \
                p.supplier_id \
         FROM product_variants v JOIN products p ON p.id = v.product_id ORDER BY v.id"
    )
    .fetch_all(pool)
    .await
    })?;
    let stores: Vec<i64> = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM stores ORDER BY id"
    )
    .fetch_all(pool)
    .await)?;
    let anna: Option<i64> = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = 'anna@karavai.local'"
    )
    .fetch_optional(pool)
    .await)?;
    let staff: Option<i64> = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = 'baker@karavai.local'"
    )
    .fetch_optional(pool)
    .await)?;
    if variants.is_empty() || stores.is_empty() {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(2024);
    let now = chrono::Utc::now().timestamp();
    let start = now - days * 86_400;
    let clients = clients.max(1);

    // Clients join over the period; the first is Anna, the demo customer.
    let mut client_rows = Vec::with_capacity(clients);
    let mut client_since = Vec::with_capacity(clients);
    for i in 0..clients {
        let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
        let female = FIRST_NAMES.iter().position(|f| *f == first).unwrap_or(0) < 10;
        let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
        let last = if female {
            format!("{last}a")
        } else {
            last.to_owned()
        };
        let middle = MIDDLE_NAMES[rng.gen_range(0..MIDDLE_NAMES.len())];
        let middle = if female && middle.ends_with("ich") {
            format!("{}na", &middle[..middle.len() - 2])
        } else {
            middle.to_owned()
        };
        let since = start + (days * 86_400) * i as i64 / clients as i64;
        let (user_id, first, last, email) = if i == 0 && anna.is_some() {
            (
                anna.unwrap_or(0),
                "Anna".to_owned(),
                "Karavaeva".to_owned(),
                "anna@karavai.local".to_owned(),
            )
        } else {
            (
                0,
                first.to_owned(),
                last.clone(),
                format!(
                    "{}.{}{}@example.com",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    i
                ),
            )
        };
        client_rows.push(vec![
            if user_id > 0 {
                Arg::Int(user_id)
            } else {
                Arg::NullInt
            },
            Arg::Text(last),
            Arg::Text(first),
            Arg::Text(middle),
            Arg::Text(format!(
                "+7 9{:02} {:03}-{:02}-{:02}",
                rng.gen_range(0..100),
                rng.gen_range(0..1000),
                rng.gen_range(0..100),
                rng.gen_range(0..100)
            )),
            Arg::Text(email),
            Arg::Int(since),
        ]);
        client_since.push(since);
    }

    db_tx!(db, |tx| {
        let first_client: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM clients")
            .fetch_one(&mut *tx)
            .await?;
        let rows: Vec<Vec<Arg>> = client_rows
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.insert(0, Arg::Int(first_client + i as i64));
                r
            })
            .collect();
        insert_batch!(
            tx,
            "clients",
            &[
                "id",
                "user_id",
                "last_name",
                "first_name",
                "middle_name",
                "phone",
                "email",
                "created_at"
            ],
            rows
        );

        let first_order: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM orders")
            .fetch_one(&mut *tx)
            .await?;
        if db.dialect() == crate::server::db::Dialect::Sqlite {
            // A million orders touch more index pages than the default cache
            // holds: with it, SQLite spills and rewrites the same pages to
            // the WAL again and again. Restored below.
            sqlx::query("PRAGMA cache_size = -524288")
                .execute(&mut *tx)
                .await?;
        }
        // Each order's search document is written once, at the end of its
        // slice, instead of again for every item (migration 0011).
        sqlx::query("UPDATE order_search_state SET paused = TRUE WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        // Generated and written a slice at a time: memory stays flat
        // whatever the number of orders.
        for slice in (0..orders).step_by(HISTORY_SLICE) {
            let end = (slice + HISTORY_SLICE).min(orders);
            let mut order_rows = Vec::with_capacity(end - slice);
            let mut item_rows = Vec::with_capacity((end - slice) * 2);
            let mut event_rows = Vec::with_capacity((end - slice) * 6);
            for n in slice..end {
                let id = first_order + n as i64;
                // Busier lately: a shop that grows.
                let frac = (n as f64 / orders as f64).powf(0.8);
                let mut at = start + (frac * (days * 86_400) as f64) as i64;
                let day = at - at.rem_euclid(86_400);
                at = day + 6 * 3600 + rng.gen_range(0..12 * 3600);
                // Returning clients: a client who already exists then.
                let limit = client_since.partition_point(|s| *s <= at).max(1);
                let c = if rng.gen_bool(0.2) {
                    0
                } else {
                    rng.gen_range(0..limit)
                };
                let client_id = first_client + c as i64;
                let user_id = if c == 0 { anna } else { None };
                let store = stores[rng.gen_range(0..stores.len())];
                let lines = 1 + (rng.gen_range(0..100) / 45) as usize;
                let mut total = 0i64;
                let mut lead = 0;
                for position in 0..lines {
                    let v = &variants[rng.gen_range(0..variants.len())];
                    let qty: i64 = if v.6 { 1 } else { rng.gen_range(1..=4) };
                    total += v.5 * qty;
                    lead = lead.max(v.7);
                    let inscription = if v.6 && rng.gen_bool(0.5) {
                        "Happy birthday!"
                    } else {
                        ""
                    };
                    item_rows.push(vec![
                        Arg::Int(id),
                        Arg::Int(v.1),
                        Arg::Int(v.0),
                        Arg::Text(v.2.clone()),
                        Arg::Text(v.3.clone()),
                        Arg::Text(v.4.clone()),
                        Arg::Int(v.5),
                        Arg::Int(qty),
                        Arg::Text(inscription.to_owned()),
                        Arg::Int(position as i64),
                        v.8.map(Arg::Int).unwrap_or(Arg::NullInt),
                    ]);
                }
                let ready =
                    at + i64::from(lead.max(if rng.gen_bool(0.3) { 1 } else { 0 })) * 86_400;
                let ready_date = chrono::DateTime::from_timestamp(ready, 0)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                let age_days = (now - at) / 86_400;
                // Old orders are done (a few cancelled); recent ones are in progress.
                let cancel = rng.gen_bool(0.04);
                let final_stage = match &flow.cancelled {
                    Some(cancelled) if cancel => cancelled.as_str(),
                    _ if age_days >= 3 => flow.done(),
                    _ => flow.stages[rng.gen_range(0..flow.stages.len())].as_str(),
                };
                let steps: Vec<&str> = if Some(final_stage) == flow.cancelled.as_deref() {
                    vec![flow.stages[0].as_str(), final_stage]
                } else {
                    let upto = flow
                        .stages
                        .iter()
                        .position(|s| s == final_stage)
                        .unwrap_or(0);
                    flow.stages[..=upto].iter().map(String::as_str).collect()
                };
                let mut t = at;
                let mut from: Option<&str> = None;
                for step in &steps {
                    event_rows.push(vec![
                        Arg::Int(id),
                        from.map(|f| Arg::Text(f.to_owned()))
                            .unwrap_or(Arg::NullText),
                        Arg::Text((*step).to_owned()),
                        (if from.is_none() { user_id } else { staff })
                            .map(Arg::Int)
                            .unwrap_or(Arg::NullInt),
                        Arg::Int(t),
                    ]);
                    from = Some(step);
                    t += rng.gen_range(600..4 * 3600);
                }
                let method = ["cash", "card", "online"][rng.gen_range(0..3)];
                let paid = if final_stage == flow.done() || method == "online" {
                    "paid"
                } else {
                    "unpaid"
                };
                let delivery = rng.gen_bool(0.25);
                order_rows.push(vec![
                    Arg::Int(id),
                    Arg::Int(client_id),
                    user_id.map(Arg::Int).unwrap_or(Arg::NullInt),
                    Arg::Int(store),
                    Arg::Text(final_stage.to_owned()),
                    Arg::Text(if delivery { "delivery" } else { "pickup" }.to_owned()),
                    Arg::Text(if delivery {
                        "7 Rozhdestvenskaya St, flat 3".to_owned()
                    } else {
                        String::new()
                    }),
                    Arg::Text(ready_date),
                    Arg::Text(crate::orders::schedule::SLOTS[rng.gen_range(0..4)].to_owned()),
                    Arg::Text(method.to_owned()),
                    Arg::Text(paid.to_owned()),
                    Arg::Int(total),
                    Arg::Int(steps.len() as i64),
                    Arg::Int(at),
                    Arg::Int(t),
                ]);
            }
            insert_batch!(
                tx,
                "orders",
                &[
                    "id",
                    "client_id",
                    "user_id",
                    "store_id",
                    "stage",
                    "fulfilment",
                    "delivery_address",
                    "ready_date",
                    "time_slot",
                    "payment_method",
                    "payment_status",
                    "total_minor",
                    "version",
                    "created_at",
                    "updated_at"
                ],
                order_rows
            );
            insert_batch!(
                tx,
                "order_items",
                &[
                    "order_id",
                    "product_id",
                    "variant_id",
                    "product_name",
                    "variant_name",
                    "sku",
                    "unit_price_minor",
                    "quantity",
                    "inscription",
                    "position",
                    "supplier_id"
                ],
                item_rows
            );
            insert_batch!(
                tx,
                "order_stage_events",
                &["order_id", "from_stage", "to_stage", "user_id", "at"],
                event_rows
            );
            sqlx::query(match db.dialect() {
                crate::server::db::Dialect::Sqlite => {
                    "INSERT INTO order_search (rowid, client, items, notes) \
                     SELECT -id, client, items, notes FROM order_search_doc WHERE id BETWEEN $1 AND $2"
                }
                crate::server::db::Dialect::Postgres => "SELECT order_search_write($1, $2)",
            })
            .bind(first_order + slice as i64)
            .bind(first_order + end as i64 - 1)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE order_search_state SET paused = FALSE WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        if db.dialect() == crate::server::db::Dialect::Sqlite {
            sqlx::query(&format!(
                "PRAGMA cache_size = {}",
                crate::server::db::SQLITE_CACHE_KIB
            ))
            .execute(&mut *tx)
            .await?;
        }
        if db.dialect() == crate::server::db::Dialect::Postgres {
            // Explicit ids were inserted: move the identity sequences past them.
            for table in ["clients", "orders"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
    });
    if let crate::server::db::Db::Postgres(pool) = db {
        // Every order rewrote its hour's roll-up row: a few thousand live
        // rows sat in 73 MB of dead ones (a 25 ms scan for the table's
        // count). Rewrite it compactly, and let the planner and the
        // index-only scans see the new rows.
        sqlx::query("VACUUM (FULL, ANALYZE) order_rollup")
            .execute(pool)
            .await?;
        // A shop writes its orders as they come, so its search documents
        // lie on disk in time order; this loader writes the recent orders
        // before the history. Put them in time order, as a live shop's
        // are, so a search walking newest first by time reads neighbouring
        // pages (a million documents: 56 s; an item word's search went
        // from 61 to 45 ms).
        sqlx::query("CLUSTER order_search USING order_search_created_idx")
            .execute(pool)
            .await?;
        sqlx::query(
            "VACUUM (ANALYZE) clients, orders, order_items, order_stage_events, order_search",
        )
        .execute(pool)
        .await?;
    }
    Ok(orders)
}

/// The stages a demo order goes through, read from the shop's own `stages`
/// (so the demo follows an admin's stages, not a list written here).
struct Flow {
    /// The open stages in board order, then the first done stage.
    stages: Vec<String>,
    /// The first cancelled stage, when the shop has one.
    cancelled: Option<String>,
}

impl Flow {
    async fn read(db: &Db) -> anyhow::Result<Flow> {
        let all: Vec<(String, String)> = db_read!(db, |pool| sqlx::query_as(
            "SELECT code, kind FROM stages ORDER BY position, code"
        )
        .fetch_all(pool)
        .await)?;
        let first = |kind: &str| all.iter().find(|(_, k)| k == kind).map(|(c, _)| c.clone());
        let mut stages: Vec<String> = all
            .iter()
            .filter(|(_, k)| k == "open")
            .map(|(c, _)| c.clone())
            .collect();
        stages.extend(first("done"));
        anyhow::ensure!(
            stages.len() >= 2,
            "the demo history needs an open and a done stage"
        );
        Ok(Flow {
            stages,
            cancelled: first("cancelled"),
        })
    }

    /// Where finished orders end.
    fn done(&self) -> &str {
        self.stages.last().map(String::as_str).unwrap_or_default()
    }
}
