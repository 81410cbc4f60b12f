//! The orders search on PostgreSQL: trigram indexes, walked or gathered
//! by the density a sample finds.

// Part of the orders table's repo: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::super::TableQuery;
use super::{client_ids, numbers_and_others};
use crate::server::db::{Args, Dialect};
use crate::server::rest::like_escape;

/// PostgreSQL: every `words` a `LIKE` on the same search document, so the
/// trigram index intersects the words itself.
fn postgres_like(column: &str, words: &[&String], args: &mut Args) -> String {
    let mut parts = vec!["TRUE".to_owned()];
    for w in words {
        let p = args.text(format!("%{}%", like_escape(w)));
        parts.push(format!("{column} LIKE {p} ESCAPE '\\'"));
    }
    parts.join(" AND ")
}

/// PostgreSQL: the numbers of the orders the search box's words find (a
/// subquery with one column), or `None` when it is empty. (Up to a cap,
/// newest first, [`postgres_newest_matches`] finds them.)
fn postgres_search_ids(q: &TableQuery, args: &mut Args) -> Option<String> {
    if q.words.is_empty() {
        return None;
    }
    let all: Vec<&String> = q.words.iter().collect();
    let matching = postgres_like(SEARCH_DOC, &all, args);
    let mut any = vec![format!(
        "SELECT s.order_id AS id FROM order_search s WHERE {matching}"
    )];
    any.extend(postgres_number_hits(&all, "s.order_id", args));
    Some(any.join(" UNION "))
}

/// PostgreSQL: for each of `words` that is an order number, the order of
/// that number when the other words match it (a query of `columns`).
fn postgres_number_hits(words: &[&String], columns: &str, args: &mut Args) -> Vec<String> {
    numbers_and_others(words)
        .into_iter()
        .map(|(number, others)| {
            let n = args.int(number);
            let matching = postgres_like(SEARCH_DOC, &others, args);
            format!("SELECT {columns} FROM order_search s WHERE s.order_id = {n} AND {matching}")
        })
        .collect()
}

/// The order in which a PostgreSQL search walks the search documents: by
/// number, or by creation time (the table's default sort), each along its
/// own index on `order_search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::orders::table) enum SearchKey {
    Number,
    Created,
}

/// A search document's place in either order: its order's creation time
/// (0 when walking by number, which never reads it) and number.
type DocKey = (i64, i64);

impl SearchKey {
    /// The creation time as a query reads it: by number, a constant, so
    /// the primary key alone places a document.
    fn created(self) -> &'static str {
        match self {
            SearchKey::Number => "CAST(0 AS BIGINT)",
            SearchKey::Created => "s.created_at",
        }
    }

    /// The `ORDER BY` of this walk.
    fn order(self, desc: bool) -> &'static str {
        match (self, desc) {
            (SearchKey::Number, true) => "s.order_id DESC",
            (SearchKey::Number, false) => "s.order_id ASC",
            (SearchKey::Created, true) => "s.created_at DESC, s.order_id DESC",
            (SearchKey::Created, false) => "s.created_at ASC, s.order_id ASC",
        }
    }

    /// A key `docs` documents on from `span.1` at the pace the keys went
    /// over the `sample` documents from `span.0` to it (`desc`: backwards).
    /// For a bound of a walk only: the documents' pace is not even.
    fn ahead(self, desc: bool, span: (DocKey, DocKey), sample: i64, docs: i64) -> DocKey {
        let (from, to) = match self {
            SearchKey::Created => (span.0.0, span.1.0),
            SearchKey::Number => (span.0.1, span.1.1),
        };
        let step = (i128::from(from.abs_diff(to).max(1)) * i128::from(docs.max(1))
            / i128::from(sample.max(1)))
        .clamp(1, i128::from(i64::MAX / 4)) as i64;
        let at = if desc {
            to.saturating_sub(step)
        } else {
            to.saturating_add(step)
        };
        match self {
            // Every document of that second, whatever its number.
            SearchKey::Created => (at, if desc { i64::MIN } else { i64::MAX }),
            SearchKey::Number => (0, at),
        }
    }

    /// The condition that a document lies `op` (`<`, `>=`…) the document
    /// at `at` in this order, as its index reads it.
    fn beyond(self, op: &str, at: DocKey, args: &mut Args) -> String {
        match self {
            SearchKey::Number => format!("s.order_id {op} {}", args.int(at.1)),
            SearchKey::Created => format!(
                "(s.created_at, s.order_id) {op} ({}, {})",
                args.int(at.0),
                args.int(at.1)
            ),
        }
    }
}

/// PostgreSQL: the numbers of the orders the search box finds, in `key`'s
/// order (`q.desc`: newest first), chosen without the planner's guess of
/// how many documents the words are in: up to `cap` of them, or, when the
/// second value says there are at least `cap`, at least the first
/// `page_end` (the page the table shows).
///
/// A trigram search is read one of two ways: walking the documents in
/// the key's order and checking each (about 0.5 µs a document: cheap when
/// matches are dense), or gathering the GIN index's candidates and
/// checking each one's row (a few µs a candidate, plus the index: cheap
/// when they are rare). The planner guesses the density from a sample of
/// the documents and, for two words, multiplies their guesses; on a
/// million orders it walked 770,000 documents (390 ms) for a client's
/// "Last First" that the index finds in 25 ms. Here the first `SAMPLE`
/// documents are walked; their matches measure the density, and the rest
/// is walked on while that stays within `WALK` documents, else gathered
/// from the index. Each part runs with the other way switched off.
///
/// The count stops at the cap, and most of the work of finding `cap`
/// matches only feeds that "1,000+". So when walking on to the cap would
/// read more than another sample, [`at_least`] first tells from counts
/// that need no sort whether the rest of the documents hold enough
/// matches for it; if they do, only the page's matches are still looked
/// for.
pub(in crate::orders::table) async fn postgres_newest_matches(
    pool: &sqlx::PgPool,
    q: &TableQuery,
    key: SearchKey,
    cap: i64,
    page_end: i64,
) -> Result<(Vec<i64>, bool), sqlx::Error> {
    /// The documents walked first, to measure the density.
    const SAMPLE: i64 = 5_000;
    /// The most documents walked in all (about 30 ms).
    const WALK: i64 = 60_000;
    let words = &q.words;
    let desc = q.desc;
    let (past, before): (&'static str, &'static str) = if desc { (">=", "<") } else { ("<=", ">") };
    let part = |range: Vec<(&'static str, DocKey)>, limit: i64, walk: bool| {
        search_part(pool, words, key, desc, range, limit, walk)
    };
    let mut past_cap = false;
    let mut found = match search_boundary(pool, key, desc, SAMPLE).await? {
        // A few thousand documents: walk them all.
        None => part(vec![], cap, true).await?,
        Some(first) => {
            let mut found = part(vec![(past, first)], cap, true).await?;
            let seen = found.len() as i64;
            // The documents still to walk to find `n` more matches at the
            // density seen, with half again to spare.
            let walk_for = |n: i64| (seen > 0).then(|| n * SAMPLE / seen * 3 / 2);
            // Past another sample's walk, the count of the clients' orders
            // is cheaper (a few ms); past `WALK`, where the rest would be
            // gathered, the count of the items and notes is too. None in
            // the sample: the rest is unlikely to hold the cap.
            let to_cap = walk_for(cap - seen);
            if let Some(to_cap) = to_cap.filter(|m| seen < cap && *m > SAMPLE) {
                let rest = SAMPLE + to_cap > WALK;
                past_cap = at_least(pool, words, key, (before, first), cap - seen, rest).await?;
            }
            // The matches still wanted: up to the cap, or only the page's
            // once there are known to be more than the cap.
            let target = if past_cap { page_end.min(cap) } else { cap };
            let mut last = Some(first);
            if let Some(more) =
                walk_for(target - seen).filter(|m| seen < target && SAMPLE + m <= WALK)
            {
                // The walk stops at the matches it wants; its bound only
                // keeps a wrong guess of the density from walking on too
                // far. A key that far on at the sample's pace, not the
                // document that far on: an index reads 50,000 entries in
                // 5 ms to find that one.
                let start = search_boundary(pool, key, desc, 1).await?.unwrap_or(first);
                let bound = key.ahead(desc, (start, first), SAMPLE, (2 * more).min(WALK - SAMPLE));
                let range = vec![(past, bound), (before, first)];
                found.extend(part(range, target - seen, true).await?);
                last = Some(bound);
                if (found.len() as i64) < target
                    && !search_beyond(pool, key, (before, bound)).await?
                {
                    // The walk reached the last document.
                    last = None;
                }
            }
            let need = target - found.len() as i64;
            if let (true, Some(last)) = (need > 0, last) {
                let range = vec![(before, last)];
                let gathered = match gather_by_client(pool, words, key, desc, &range, need).await? {
                    Some(gathered) => gathered,
                    None => part(range, need, false).await?,
                };
                found.extend(gathered);
            }
            found
        }
    };
    // An order number among the words finds that order when the others
    // match it.
    let mut args = Args::default();
    let hits = {
        let all: Vec<&String> = words.iter().collect();
        let columns = format!("{}, s.order_id", key.created());
        postgres_number_hits(&all, &columns, &mut args)
    };
    if !hits.is_empty() {
        let sql = hits.join(" UNION ");
        let hit: Vec<DocKey> = crate::bind_args!(sqlx::query_as(&sql), args)
            .fetch_all(pool)
            .await?;
        found.extend(hit);
    }
    found.sort_unstable();
    found.dedup();
    if desc {
        found.reverse();
    }
    if !past_cap {
        found.truncate(cap as usize);
    }
    Ok((found.into_iter().map(|(_, id)| id).collect(), past_cap))
}

/// PostgreSQL: whether the clients' and the documents' trigram indexes can
/// serve `words` on their own: one to eight words (each a condition of
/// its own), every one of three characters or more.
fn trigram_words(words: &[String]) -> bool {
    (1..=8).contains(&words.len()) && words.iter().all(|w| w.chars().count() >= 3)
}

/// PostgreSQL: whether at least `n` documents lying `range` (an operator
/// and a bound) hold every one of `words`, told by counts that stop at `n`
/// and sort nothing: the orders of the clients whose contacts hold every
/// word (`order_search_client_idx` under the clients' own trigram index:
/// 4 ms for a million orders' "Last First"), then, with `rest`, the
/// documents whose items and notes hold every word
/// (`order_search_rest_trgm`: 10-15 ms for an item in 3 % of them, about
/// what walking to the cap costs there). Each is a lower bound of the
/// matches, so `false` only means no bound reaches `n`; it also comes when
/// a word is too short for a trigram.
async fn at_least(
    pool: &sqlx::PgPool,
    words: &[String],
    key: SearchKey,
    range: (&'static str, DocKey),
    n: i64,
    rest: bool,
) -> Result<bool, sqlx::Error> {
    if !trigram_words(words) {
        return Ok(false);
    }
    let count = |condition: String, args: &mut Args| {
        let beyond = key.beyond(range.0, range.1, args);
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM order_search s WHERE {condition} AND {beyond} \
             LIMIT {}) m",
            args.int(n)
        )
    };
    let mut args = Args::default();
    let clients = client_ids(Dialect::Postgres, words, &mut args);
    let by_client = count(format!("s.client_id IN ({clients})"), &mut args);
    let mut tx = planned(pool, &["enable_seqscan"]).await?;
    let clients_orders: i64 =
        crate::bind_args!(sqlx::query_scalar(&by_client).persistent(false), args)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    if clients_orders >= n || !rest {
        return Ok(clients_orders >= n);
    }
    let mut args = Args::default();
    let all: Vec<&String> = words.iter().collect();
    let rest = postgres_like(REST_DOC, &all, &mut args);
    let by_rest = count(rest, &mut args);
    let mut tx = planned(pool, &["enable_seqscan", "enable_indexscan"]).await?;
    let rest_docs: i64 = crate::bind_args!(sqlx::query_scalar(&by_rest).persistent(false), args)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rest_docs >= n)
}

/// PostgreSQL: a transaction with the planner's `off` ways (`enable_…`
/// settings) switched off until it ends, for the one query it runs: one
/// statement (`set_config(…, true)` is `SET LOCAL`), one round trip.
fn planned(
    pool: &sqlx::PgPool,
    off: &[&str],
) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>>
+ Send
+ 'static {
    // Owned, so the future borrows nothing of its caller's.
    let pool = pool.clone();
    let settings = off
        .iter()
        .map(|s| format!("set_config('{s}', 'off', true)"))
        .collect::<Vec<_>>()
        .join(", ");
    async move {
        let mut tx = pool.begin().await?;
        sqlx::query(&format!("SELECT {settings}"))
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// PostgreSQL: an order's search document, as the trigram index holds it.
const SEARCH_DOC: &str = "(s.client || ' ' || s.items || ' ' || s.notes)";

/// PostgreSQL: the items and notes of an order's search document, as
/// `order_search_rest_trgm` (migration 0014) holds them.
const REST_DOC: &str = "(s.items || ' ' || s.notes)";

/// PostgreSQL: the gather from the index of [`postgres_newest_matches`],
/// done through the clients: up to `limit` documents in `key`'s order
/// within `range` that hold every one of `words`. `None` when a word is too
/// short for a trigram, or the words are in too many clients' contacts,
/// for this to pay: the caller then gathers from the documents' index.
///
/// A word holds no space, so each word a document holds lies in its
/// client's contacts or in its items and notes. The documents' index
/// repeats each client's contacts in every one of their orders, so a
/// surname's trigrams ("ova" is in 42 % of a million documents) cost more
/// there than all the rest of the search; the clients' own index holds
/// them once per client (83,000 at a million orders). So the clients that
/// hold any of the words are found first, with which words each holds,
/// and grouped by those words. A group holding every word gives all its
/// orders (`order_search_client_idx`, migration 0014); any other group
/// gives its orders whose items and notes hold the other words (that index
/// and `order_search_rest_trgm`, intersected); and the documents whose
/// items and notes hold every word come from that index alone.
async fn gather_by_client(
    pool: &sqlx::PgPool,
    words: &[String],
    key: SearchKey,
    desc: bool,
    range: &[(&'static str, DocKey)],
    limit: i64,
) -> Result<Option<Vec<DocKey>>, sqlx::Error> {
    use crate::clients::repo::POSTGRES_CONTACTS;
    /// The most clients the words may be in (a client's dozen orders each).
    const CLIENTS: usize = 10_000;
    /// The most groups of clients (each a subquery).
    const GROUPS: usize = 16;
    if !trigram_words(words) {
        return Ok(None);
    }
    let mut args = Args::default();
    let (mut held, mut any) = (Vec::new(), Vec::new());
    for (i, w) in words.iter().enumerate() {
        let p = args.text(format!("%{}%", like_escape(w)));
        let holds = format!("{POSTGRES_CONTACTS} LIKE {p} ESCAPE '\\'");
        held.push(format!("CASE WHEN {holds} THEN {} ELSE 0 END", 1 << i));
        any.push(holds);
    }
    let sql = format!(
        "SELECT c.id, {} FROM clients c WHERE {} LIMIT {}",
        held.join(" + "),
        any.join(" OR "),
        CLIENTS + 1
    );
    let mut tx = planned(pool, &["enable_seqscan"]).await?;
    // Unnamed statements, planned for their own words and numbers each time
    // (a cached generic plan cannot see how common the words are).
    let clients: Vec<(i64, i32)> = crate::bind_args!(sqlx::query_as(&sql).persistent(false), args)
        .fetch_all(&mut *tx)
        .await?;
    let mut groups = std::collections::BTreeMap::<i32, Vec<i64>>::new();
    for (id, words_held) in &clients {
        groups.entry(*words_held).or_default().push(*id);
    }
    if clients.len() > CLIENTS || groups.len() > GROUPS {
        tx.commit().await?;
        return Ok(None);
    }
    let mut args = Args::default();
    let mut parts = Vec::new();
    let mut part = |mut conditions: Vec<String>, args: &mut Args| {
        for (op, at) in range {
            conditions.push(key.beyond(op, *at, args));
        }
        parts.push(format!(
            "(SELECT {}, s.order_id FROM order_search s WHERE {} ORDER BY {} LIMIT {})",
            key.created(),
            conditions.join(" AND "),
            key.order(desc),
            args.int(limit)
        ));
    };
    for (words_held, ids) in &groups {
        let others: Vec<&String> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| words_held & (1 << i) == 0)
            .map(|(_, w)| w)
            .collect();
        // The numbers written into the statement: a constant array is read
        // once, where a text parameter cast to an array is parsed again
        // for every row a bitmap rechecks (20 ms for 200 rows of 2,000
        // clients' orders).
        let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut conditions = vec![format!("s.client_id = ANY('{{{ids}}}'::BIGINT[])")];
        if !others.is_empty() {
            conditions.push(postgres_like(REST_DOC, &others, &mut args));
        }
        part(conditions, &mut args);
    }
    // The documents whose items and notes hold every word.
    let all: Vec<&String> = words.iter().collect();
    let rest = postgres_like(REST_DOC, &all, &mut args);
    part(vec![rest], &mut args);
    let sql = parts.join(" UNION ALL ");
    let found: Vec<DocKey> = crate::bind_args!(sqlx::query_as(&sql).persistent(false), args)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(found))
}

/// PostgreSQL: the search document `docs` in from the start of `key`'s
/// order (`desc`: the newest), or `None` when fewer exist.
async fn search_boundary(
    pool: &sqlx::PgPool,
    key: SearchKey,
    desc: bool,
    docs: i64,
) -> Result<Option<DocKey>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {}, s.order_id FROM order_search s ORDER BY {} OFFSET $1 LIMIT 1",
        key.created(),
        key.order(desc)
    ))
    .bind(docs - 1)
    .fetch_optional(pool)
    .await
}

/// PostgreSQL: whether any search document lies `range` (an operator and a
/// bound).
async fn search_beyond(
    pool: &sqlx::PgPool,
    key: SearchKey,
    range: (&'static str, DocKey),
) -> Result<bool, sqlx::Error> {
    let mut args = Args::default();
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM order_search s WHERE {})",
        key.beyond(range.0, range.1, &mut args)
    );
    crate::bind_args!(sqlx::query_scalar(&sql), args)
        .fetch_one(pool)
        .await
}

/// PostgreSQL: up to `limit` documents, in `key`'s order, that hold every
/// one of `words` and lie within `range` (each an operator and a bound),
/// either walked in that order (`walk`) or gathered from the trigram index:
/// the other way is switched off for this one query.
async fn search_part(
    pool: &sqlx::PgPool,
    words: &[String],
    key: SearchKey,
    desc: bool,
    range: Vec<(&'static str, DocKey)>,
    limit: i64,
    walk: bool,
) -> Result<Vec<DocKey>, sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = if walk {
        // Each word in one of the document's fields: the same as in the
        // whole document (a word holds no space), without joining the
        // fields on every document walked (a third less time a document).
        words
            .iter()
            .map(|w| {
                let p = args.text(format!("%{}%", like_escape(w)));
                format!(
                    "(s.client LIKE {p} ESCAPE '\\' OR s.items LIKE {p} ESCAPE '\\' \
                     OR s.notes LIKE {p} ESCAPE '\\')"
                )
            })
            .chain(["TRUE".to_owned()])
            .collect()
    } else {
        let words: Vec<&String> = words.iter().collect();
        vec![postgres_like(SEARCH_DOC, &words, &mut args)]
    };
    for (op, at) in range {
        conditions.push(key.beyond(op, at, &mut args));
    }
    let sql = format!(
        "SELECT {}, s.order_id FROM order_search s WHERE {} ORDER BY {} LIMIT {}",
        key.created(),
        conditions.join(" AND "),
        key.order(desc),
        args.int(limit)
    );
    let off = if walk {
        "enable_bitmapscan"
    } else {
        "enable_indexscan"
    };
    let mut tx = planned(pool, &[off, "enable_seqscan"]).await?;
    let found = crate::bind_args!(sqlx::query_as(&sql), args)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(found)
}

/// PostgreSQL: the search box and the items filter through `order_search`,
/// one lower-cased document per order (client, items, notes; migration
/// 0011) with a trigram index, every word a `LIKE` on the same row, so the
/// index intersects the words itself. A number also finds the order of that
/// number when the other words match it.
pub(super) fn postgres_search(q: &TableQuery, args: &mut Args, conditions: &mut Vec<String>) {
    if let Some(ids) = postgres_search_ids(q, args) {
        conditions.push(format!("o.id IN ({ids})"));
    }
    if !q.item.is_empty() {
        let words: Vec<&String> = q.item.iter().collect();
        let matching = postgres_like("s.items", &words, args);
        conditions.push(format!(
            "o.id IN (SELECT s.order_id FROM order_search s WHERE {matching})"
        ));
    }
}
