//! SQL of the back office's orders table and its exports: counts from the
//! roll-up or capped, pages chosen by what the sort needs. The text search
//! lives in [`search`].

// A repo module: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod search;

use crate::db_read;
use crate::server::db::{Args, Db, Dialect};
use search::{
    SearchKey, fts_phrase, in_list, postgres_newest_matches, sqlite_newest_matches, table_where,
    table_where_newest,
};

/// The orders table's filters, checked (see `api::ssr::check_filter`).
#[derive(Debug, Clone)]
pub struct TableQuery {
    /// Lower-cased words of the search box; each must match the number,
    /// the client, an item or the notes.
    pub words: Vec<String>,
    /// Lower-cased words of the client column's filter.
    pub client: Vec<String>,
    /// Lower-cased words of the items column's filter.
    pub item: Vec<String>,
    pub stage: Option<String>,
    pub payment: Option<String>,
    /// `created_at` from (inclusive) and until (exclusive), Unix seconds.
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// Total between these, minor units, inclusive.
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub sort: crate::orders::types::OrderColumn,
    pub desc: bool,
}

impl Default for TableQuery {
    /// Every order, newest first (the table's own default).
    fn default() -> Self {
        TableQuery {
            words: Vec::new(),
            client: Vec::new(),
            item: Vec::new(),
            stage: None,
            payment: None,
            from: None,
            until: None,
            min: None,
            max: None,
            sort: crate::orders::types::OrderColumn::Created,
            desc: true,
        }
    }
}

/// A row of the orders table or an export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TableRow {
    pub id: i64,
    pub created_at: i64,
    pub client_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub stage: String,
    pub ready_date: Option<String>,
    pub time_slot: String,
    pub fulfilment: String,
    pub store_name: Option<String>,
    pub payment_status: String,
    pub total_minor: i64,
    pub notes: String,
    /// "Éclair ×3; Napoleon 1 kg ×1".
    pub items: Option<String>,
}

const TABLE_FROM: &str = "FROM orders o JOIN clients c ON c.id = o.client_id \
     LEFT JOIN stages st ON st.code = o.stage LEFT JOIN stores s ON s.id = o.store_id";

fn table_columns(dialect: Dialect) -> String {
    let line = "i.product_name || CASE WHEN i.variant_name <> '' THEN ' ' || i.variant_name ELSE '' END || ' ×' || i.quantity";
    let items = match dialect {
        Dialect::Sqlite => format!("group_concat({line}, '; ' ORDER BY i.position, i.id)"),
        Dialect::Postgres => format!("string_agg({line}, '; ' ORDER BY i.position, i.id)"),
    };
    format!(
        "o.id, o.created_at, o.client_id, c.last_name, c.first_name, c.middle_name, c.phone, o.stage, \
         o.ready_date, o.time_slot, o.fulfilment, s.name AS store_name, o.payment_status, o.total_minor, o.notes, \
         (SELECT {items} FROM order_items i WHERE i.order_id = o.id) AS items"
    )
}

/// Past this many matches the table says "more than" instead of counting
/// (and summing) every one: a search that finds half a million orders
/// would otherwise read them all for one page.
pub const COUNT_CAP: i64 = 10_000;

/// The cap for a text filter (the search box, the client or item column):
/// on PostgreSQL a trigram match is checked against each candidate's text,
/// so counting a word found in 3 % of a million orders up to 10,000 reads
/// some 330,000 documents (180 ms); up to 1,000 it reads a tenth of that.
/// Past a thousand matches a manager narrows the search rather than pages
/// through it. The same on both engines, so the table behaves alike.
pub const SEARCH_COUNT_CAP: i64 = 1_000;

/// The count cap for `q`: [`SEARCH_COUNT_CAP`] with a text filter, else
/// [`COUNT_CAP`].
pub fn count_cap(q: &TableQuery) -> i64 {
    if q.words.is_empty() && q.client.is_empty() && q.item.is_empty() {
        COUNT_CAP
    } else {
        SEARCH_COUNT_CAP
    }
}

/// How many orders a filter finds, and their summed total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Exact when `exact`; otherwise more than the cap ([`count_cap`]).
    pub orders: i64,
    /// Meaningful only when `exact`.
    pub sum_minor: i64,
    pub exact: bool,
}

/// The count and sum from the hourly roll-up (`order_rollup`, kept by
/// triggers in the order's own transaction), when the filter is one it
/// holds: stage, payment and whole-hour date bounds. A few thousand rows
/// instead of a million. Per stage when `per_stage` (the stage sort's
/// pages need each stage's count too).
async fn rollup_count(
    db: &Db,
    q: &TableQuery,
    per_stage: bool,
) -> Result<Option<(Counted, Vec<(String, i64, i64)>)>, sqlx::Error> {
    if !rollup_fits(q) {
        return Ok(None);
    }
    let rows = rollup_sums(db, q, per_stage).await?;
    let (orders, sum_minor) = rows
        .iter()
        .fold((0, 0), |(o, s), (_, orders, sum)| (o + orders, s + sum));
    let counted = Counted {
        orders,
        sum_minor,
        exact: true,
    };
    Ok(Some((counted, rows)))
}

/// Whether the hourly roll-up holds `q`'s filter: stage, payment and
/// whole-hour date bounds only.
fn rollup_fits(q: &TableQuery) -> bool {
    let whole_hour = |t: Option<i64>| t.is_none_or(|t| t.rem_euclid(3600) == 0);
    q.words.is_empty()
        && q.client.is_empty()
        && q.item.is_empty()
        && q.min.is_none()
        && q.max.is_none()
        && whole_hour(q.from)
        && whole_hour(q.until)
}

/// `(stage, orders, summed total)` from the roll-up under `q`'s filter: one
/// row for all stages, or one per stage when `per_stage`.
async fn rollup_sums(
    db: &Db,
    q: &TableQuery,
    per_stage: bool,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(stage) = &q.stage {
        conditions.push(format!("stage = {}", args.text(stage.clone())));
    }
    if let Some(payment) = &q.payment {
        conditions.push(format!("payment_status = {}", args.text(payment.clone())));
    }
    if let Some(from) = q.from {
        conditions.push(format!("hour >= {}", args.int(from.div_euclid(3600))));
    }
    if let Some(until) = q.until {
        conditions.push(format!("hour < {}", args.int(until.div_euclid(3600))));
    }
    let (key, group) = if per_stage {
        ("stage", " GROUP BY stage")
    } else {
        ("''", "")
    };
    let sql = format!(
        "SELECT {key}, CAST(COALESCE(SUM(orders), 0) AS BIGINT), CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) \
         FROM order_rollup WHERE {}{group}",
        conditions.join(" AND ")
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

fn table_order(q: &TableQuery) -> String {
    use crate::orders::types::OrderColumn as C;
    let dir = if q.desc { "DESC" } else { "ASC" };
    let keys: &[&str] = match q.sort {
        C::Number | C::Items => &["o.id"],
        C::Created => &["o.created_at"],
        // Each client's orders through orders_client_idx (client, created).
        C::Client => &["c.last_name", "c.first_name", "c.id", "o.created_at"],
        C::Phone => &["c.phone"],
        // Each stage's orders through orders_stage_idx (stage, ready date).
        C::Stage => &["COALESCE(st.position, 0)", "st.code", "o.ready_date"],
        C::Ready => &["o.ready_date", "o.time_slot"],
        C::Fulfilment => &["o.fulfilment"],
        C::Payment => &["o.payment_status"],
        C::Total => &["o.total_minor"],
        C::Notes => &["o.notes"],
    };
    let mut order: Vec<String> = keys.iter().map(|k| format!("{k} {dir}")).collect();
    if keys != ["o.id"] {
        order.push(format!("o.id {dir}"));
    }
    order.join(", ")
}

/// Up to this many matches a page is chosen by sorting them all (their
/// numbers and sort keys only); past it, sorts by client or stage walk an
/// index in order instead and stop at the page.
const SORT_ALL_UP_TO: i64 = 20_000;

/// A page of the orders table, and how many orders match with their
/// summed total (exactly up to [`count_cap`]).
///
/// The page's numbers are chosen first, reading only what the sort needs;
/// its columns (client, store, the items' summary) are then read for those
/// numbers alone.
pub async fn table(
    db: &Db,
    q: &TableQuery,
    offset: i64,
    limit: i64,
) -> Result<(Vec<TableRow>, Counted), sqlx::Error> {
    table_sorting_up_to(db, q, offset, limit, SORT_ALL_UP_TO).await
}

/// [`table`] with the number of matches up to which a page is chosen by
/// sorting them all (tests compare both ways of choosing on one data set).
pub async fn table_sorting_up_to(
    db: &Db,
    q: &TableQuery,
    offset: i64,
    limit: i64,
    sort_all_up_to: i64,
) -> Result<(Vec<TableRow>, Counted), sqlx::Error> {
    use crate::orders::types::OrderColumn as C;
    let dialect = db.dialect();
    let counts_to = count_cap(q);
    let by_number = matches!(q.sort, C::Number | C::Items);
    // Only the search filters: the search index alone gives the matches'
    // numbers (see below); in number order the index itself is read newest
    // (or oldest) first and stops once the page and the capped count are
    // covered, so a word in half the orders costs no more than a rare one.
    let search_only = !q.words.is_empty()
        && q.client.is_empty()
        && q.item.is_empty()
        && q.stage.is_none()
        && q.payment.is_none()
        && q.from.is_none()
        && q.until.is_none()
        && q.min.is_none()
        && q.max.is_none();
    let newest = (search_only && by_number).then(|| (counts_to + 1).max(offset + limit));
    // PostgreSQL walks the search documents by creation time too (the
    // table's default sort), so that search's page comes with its matches.
    let walk = match q.sort {
        C::Created if dialect == Dialect::Postgres => SearchKey::Created,
        _ => SearchKey::Number,
    };
    let mut args = Args::default();
    let filter = table_where_newest(dialect, q, &mut args, newest);
    let mut first_ids: Option<Vec<i64>> = None;
    // Every match's number, when the search gave them all.
    let mut only_ids: Option<Vec<i64>> = None;
    let long_words_only = q.words.iter().all(|w| fts_phrase(w).is_some());
    let rolled = rollup_count(db, q, matches!(q.sort, C::Stage)).await?;
    let counted = match &rolled {
        Some((counted, _)) => *counted,
        // SQLite's index serves words of three characters or more only.
        None if search_only && (dialect == Dialect::Postgres || long_words_only) => {
            // Only the search: its index alone gives the numbers (every
            // document is an existing order's), read in number order (on
            // PostgreSQL, in creation order when that is the sort) up to
            // what the capped count (and, in that order, the page) needs.
            // When they are all there, the sum and the page read just those
            // orders instead of searching again.
            let cap = (counts_to + 1).max(offset + limit);
            let (found, past_cap): (Vec<i64>, bool) = match db {
                Db::Postgres(pool) => {
                    postgres_newest_matches(pool, q, walk, cap, offset + limit).await?
                }
                Db::Sqlite { read, .. } => {
                    sqlite_newest_matches(read, q, cap, offset + limit, by_number).await?
                }
            };
            let n = found.len() as i64;
            let exact = !past_cap && n <= counts_to;
            let sum_minor = if exact && n > 0 {
                let mut args = Args::default();
                let sql = format!(
                    "SELECT CAST(COALESCE(SUM(o.total_minor), 0) AS BIGINT) FROM orders o WHERE {}",
                    in_list(dialect, &found, &mut args)
                );
                db_read!(db, |pool| crate::bind_args!(
                    sqlx::query_scalar::<_, i64>(&sql),
                    args
                )
                .fetch_one(pool)
                .await)?
            } else {
                0
            };
            if by_number || walk == SearchKey::Created {
                first_ids = Some(
                    found
                        .iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .copied()
                        .collect(),
                );
            }
            if exact && n > 0 {
                only_ids = Some(found);
            }
            Counted {
                orders: if exact { n } else { counts_to },
                sum_minor,
                exact,
            }
        }
        None if by_number => {
            // One reading of the filter gives the count, the sum and (in
            // number order) the page: the matches' numbers and totals up to
            // one past the cap.
            let dir = if q.desc { "DESC" } else { "ASC" };
            let sql = format!(
                "SELECT o.id, o.total_minor FROM orders o WHERE {filter} ORDER BY o.id {dir} LIMIT {}",
                counts_to + 1
            );
            let found: Vec<(i64, i64)> =
                db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
                    .fetch_all(pool)
                    .await)?;
            let n = found.len() as i64;
            if offset + limit <= n || n <= counts_to {
                first_ids = Some(
                    found
                        .iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .map(|(id, _)| *id)
                        .collect(),
                );
            }
            Counted {
                orders: n.min(counts_to),
                sum_minor: found.iter().map(|(_, t)| t).sum(),
                exact: n <= counts_to,
            }
        }
        None => {
            // Counts up to one past the cap: the filter's indexes stop there.
            let count_sql = format!(
                "SELECT COUNT(*), CAST(COALESCE(SUM(t), 0) AS BIGINT) FROM \
                 (SELECT o.total_minor AS t FROM orders o WHERE {filter} LIMIT {}) m",
                counts_to + 1
            );
            let (orders, sum_minor): (i64, i64) = db_read!(db, |pool| crate::bind_args!(
                sqlx::query_as(&count_sql),
                args
            )
            .fetch_one(pool)
            .await)?;
            Counted {
                orders: orders.min(counts_to),
                sum_minor,
                exact: orders <= counts_to,
            }
        }
    };
    if counted.exact && offset >= counted.orders {
        return Ok((Vec::new(), counted));
    }
    let many = !counted.exact || counted.orders > sort_all_up_to;
    let order = table_order(q);
    let ids: Vec<i64> = match q.sort {
        _ if first_ids.is_some() => first_ids.unwrap_or_default(),
        C::Stage if many && rolled.is_some() => {
            let per_stage = rolled.as_ref().map(|r| r.1.as_slice()).unwrap_or_default();
            stage_page(db, q, per_stage, offset, limit).await?
        }
        _ => {
            let from = match q.sort {
                // Clients in name order, each one's orders in turn: no sort
                // of every order (SQLite takes CROSS JOIN's order as given).
                C::Client if many => "clients c CROSS JOIN orders o",
                // Many matches of a search: newest first along the index,
                // each checked against the matches, stops at the page
                // (SQLite cannot tell how many a search finds).
                C::Created if many && dialect == Dialect::Sqlite => {
                    "orders o INDEXED BY orders_created_idx"
                }
                C::Client => "orders o JOIN clients c ON c.id = o.client_id",
                C::Stage => "orders o LEFT JOIN stages st ON st.code = o.stage",
                _ => "orders o",
            };
            let join = if from.starts_with("clients") {
                "o.client_id = c.id AND "
            } else {
                ""
            };
            let (filter, mut args) = match &only_ids {
                Some(list) => {
                    let mut args = Args::default();
                    (in_list(dialect, list, &mut args), args)
                }
                None => (filter.clone(), args.clone()),
            };
            let sql = format!(
                "SELECT o.id FROM {from} WHERE {join}{filter} ORDER BY {order} LIMIT {} OFFSET {}",
                args.int(limit),
                args.int(offset),
            );
            db_read!(db, |pool| crate::bind_args!(sqlx::query_scalar(&sql), args)
                .fetch_all(pool)
                .await)?
        }
    };
    Ok((page_rows(db, &ids, &order).await?, counted))
}

/// The page's numbers when sorting by stage under a roll-up filter: the
/// roll-up tells how many match in each stage, so whole stages before the
/// page are skipped and each stage on it is read through orders_stage_idx.
async fn stage_page(
    db: &Db,
    q: &TableQuery,
    counts: &[(String, i64, i64)],
    offset: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut stages: Vec<String> = db_read!(db, |pool| sqlx::query_scalar(
        "SELECT code FROM stages ORDER BY position, code"
    )
    .fetch_all(pool)
    .await)?;
    if q.desc {
        stages.reverse();
    }
    let dir = if q.desc { "DESC" } else { "ASC" };
    let (mut skip, mut left) = (offset, limit);
    let mut ids = Vec::new();
    for stage in stages {
        let n: i64 = counts
            .iter()
            .filter(|(code, _, _)| *code == stage)
            .map(|(_, orders, _)| orders)
            .sum();
        if skip >= n {
            skip -= n;
            continue;
        }
        let mut args = Args::default();
        let filter = table_where(db.dialect(), q, &mut args);
        let sql = format!(
            "SELECT o.id FROM orders o WHERE o.stage = {} AND {filter} \
             ORDER BY o.ready_date {dir}, o.id {dir} LIMIT {} OFFSET {}",
            args.text(stage),
            args.int(left),
            args.int(skip),
        );
        let found: Vec<i64> =
            db_read!(db, |pool| crate::bind_args!(sqlx::query_scalar(&sql), args)
                .fetch_all(pool)
                .await)?;
        left -= found.len() as i64;
        ids.extend(found);
        skip = 0;
        if left <= 0 {
            break;
        }
    }
    Ok(ids)
}

/// The table's rows for `ids`, in `order`.
async fn page_rows(db: &Db, ids: &[i64], order: &str) -> Result<Vec<TableRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::default();
    let list: Vec<String> = ids.iter().map(|id| args.int(*id)).collect();
    let sql = format!(
        "SELECT {} {TABLE_FROM} WHERE o.id IN ({}) ORDER BY {order}",
        table_columns(db.dialect()),
        list.join(", "),
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}

/// Sends every order matching `q`, in the table's order, into `out` as the
/// database yields them (one query, read as a stream: an export of a
/// million orders never holds them all). Stops early when `out` is closed.
pub async fn table_stream(
    db: Db,
    q: TableQuery,
    out: tokio::sync::mpsc::Sender<Result<TableRow, sqlx::Error>>,
) {
    use futures::StreamExt;
    let dialect = db.dialect();
    let mut args = Args::default();
    let filter = table_where(dialect, &q, &mut args);
    let sql = format!(
        "SELECT {} {TABLE_FROM} WHERE {filter} ORDER BY {}",
        table_columns(dialect),
        table_order(&q),
    );
    let result: Result<(), sqlx::Error> = db_read!(&db, |pool| {
        let mut rows = crate::bind_args!(sqlx::query_as::<_, TableRow>(&sql), args).fetch(pool);
        let mut result = Ok(());
        while let Some(row) = rows.next().await {
            match row {
                Ok(row) => {
                    if out.send(Ok(row)).await.is_err() {
                        break;
                    }
                }
                Err(err) => {
                    result = Err(err);
                    break;
                }
            }
        }
        result
    });
    if let Err(err) = result {
        let _ = out.send(Err(err)).await;
    }
}

/// The version of each of `ids` that exists.
pub async fn versions(db: &Db, ids: &[i64]) -> Result<Vec<(i64, i32)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::default();
    let list: Vec<String> = ids.iter().map(|id| args.int(*id)).collect();
    let sql = format!(
        "SELECT id, version FROM orders WHERE id IN ({})",
        list.join(", ")
    );
    db_read!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(pool)
        .await)
}
