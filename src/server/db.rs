//! One database handle over two engines.
//!
//! SQLite is the embedded default; PostgreSQL is the scale-out path. Queries
//! are written once, in the SQL both dialects share (`$1` parameters,
//! `RETURNING`, `ON CONFLICT`, `CAST(… AS …)`), and run through the macros
//! below, which expand the same code for each engine's pool. Where the
//! dialects really differ (full-text search, date bucketing), a repo matches
//! on [`Db::dialect`]. See ARCHITECTURE.md, "Two databases, one code base".

// The database layer itself (connections, pragmas, migrations).
#![allow(clippy::disallowed_methods)]

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// SQLite's page cache per connection, as its `cache_size` pragma (negative:
/// KiB): 16 MB.
pub const SQLITE_CACHE_KIB: &str = "-16000";

/// Which SQL dialect a [`Db`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The database: cheap to clone (pools are reference-counted).
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite in WAL mode: many readers, and exactly one writer connection, so
    /// writers queue in the pool instead of failing with "database is locked".
    Sqlite { read: SqlitePool, write: SqlitePool },
    /// PostgreSQL: one pool; the server does the locking.
    Postgres(PgPool),
}

static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Counts a write this process has made (the write macros call it after the
/// statement or the commit). Caches of what the database holds (the catalog
/// index) look at [`writes`] to know when to check the database again, so
/// that a request sees the writes of the request before it.
pub fn note_write() {
    WRITES.fetch_add(1, std::sync::atomic::Ordering::Release);
}

/// How many writes this process has made so far (all databases together).
pub fn writes() -> u64 {
    WRITES.load(std::sync::atomic::Ordering::Acquire)
}

/// SQLite's one writer connection, ready for a `BEGIN`. A transaction left
/// open on it is rolled back first: sqlx's `begin_with` checks that its
/// `BEGIN` took effect after the `BEGIN` has run, and a caller cancelled at
/// that moment (a request whose client went away) leaves a transaction no
/// `Transaction` value owns, which would refuse every later `BEGIN`. Holding
/// the only writer, nobody else can have a transaction open on it.
pub async fn sqlite_writer(
    write: &SqlitePool,
) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>, sqlx::Error> {
    use sqlx::{Connection, TransactionManager};
    let mut conn = write.acquire().await?;
    while conn.is_in_transaction() {
        tracing::warn!("rolling back a transaction left open on the SQLite writer");
        <sqlx::Sqlite as sqlx::Database>::TransactionManager::rollback(&mut conn).await?;
    }
    Ok(conn)
}

/// Runs `$body` with `$pool` bound to a pool that may be used for reads.
#[macro_export]
macro_rules! db_read {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite { read: $pool, .. } => $body,
            $crate::server::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$pool` bound to the pool for single-statement writes.
#[macro_export]
macro_rules! db_write {
    ($db:expr, |$pool:ident| $body:expr) => {{
        let value = match $db {
            $crate::server::db::Db::Sqlite { write: $pool, .. } => $body,
            $crate::server::db::Db::Postgres($pool) => $body,
        };
        $crate::server::db::note_write();
        value
    }};
}

/// Runs `$body` inside a write transaction bound to `$tx`, commits it and
/// evaluates to the value of `$body`. Use `&mut *$tx` as the executor. Errors
/// (`?`, also on begin and commit) return from the enclosing function; the
/// dropped transaction rolls back.
/// On SQLite the transaction begins `IMMEDIATE`: it takes the write lock
/// before its first read, so read-then-write is safe.
#[macro_export]
macro_rules! db_tx {
    ($db:expr, |$tx:ident| $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite { write, .. } => {
                let mut writer = $crate::server::db::sqlite_writer(write).await?;
                let mut $tx = sqlx::Connection::begin_with(&mut *writer, "BEGIN IMMEDIATE").await?;
                let value = $body;
                $tx.commit().await?;
                $crate::server::db::note_write();
                value
            }
            $crate::server::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let value = $body;
                $tx.commit().await?;
                $crate::server::db::note_write();
                value
            }
        }
    };
}

/// Like [`db_tx!`], but `$body` evaluates to a `Result`: the transaction
/// commits only when it is `Ok`, and rolls back (nothing written) when it is
/// `Err`. For business refusals ("only 2 left") decided halfway through.
#[macro_export]
macro_rules! db_tx_if_ok {
    ($db:expr, |$tx:ident| $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite { write, .. } => {
                let mut writer = $crate::server::db::sqlite_writer(write).await?;
                let mut $tx = sqlx::Connection::begin_with(&mut *writer, "BEGIN IMMEDIATE").await?;
                let value = $body;
                if value.is_ok() {
                    $tx.commit().await?;
                    $crate::server::db::note_write();
                } else {
                    $tx.rollback().await?;
                }
                value
            }
            $crate::server::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let value = $body;
                if value.is_ok() {
                    $tx.commit().await?;
                    $crate::server::db::note_write();
                } else {
                    $tx.rollback().await?;
                }
                value
            }
        }
    };
}

/// A query parameter of a dynamically built statement.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
    /// NULL in an integer column.
    NullInt,
    /// NULL in a text column.
    NullText,
}

/// Parameters collected while building SQL: `push` returns the `$n` to write.
#[derive(Debug, Default, Clone)]
pub struct Args(pub Vec<Arg>);

impl Args {
    pub fn int(&mut self, v: i64) -> String {
        self.0.push(Arg::Int(v));
        format!("${}", self.0.len())
    }
    pub fn text(&mut self, v: impl Into<String>) -> String {
        self.push(Arg::Text(v.into()))
    }
    pub fn push(&mut self, arg: Arg) -> String {
        self.0.push(arg);
        format!("${}", self.0.len())
    }
}

/// Binds every [`Arg`] to a `sqlx::query*` in order.
#[macro_export]
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in &$args.0 {
            q = match arg {
                $crate::server::db::Arg::Int(v) => q.bind(*v),
                $crate::server::db::Arg::Text(v) => q.bind(v.clone()),
                $crate::server::db::Arg::NullInt => q.bind(None::<i64>),
                $crate::server::db::Arg::NullText => q.bind(None::<String>),
            };
        }
        q
    }};
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). A SQLite file
    /// and its directory are created when missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        if url.starts_with("sqlite:") {
            let base = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("temp_store", "memory")
                .pragma("cache_size", SQLITE_CACHE_KIB);
            if let Some(dir) = base.get_filename().parent()
                && !dir.as_os_str().is_empty()
                && !Path::new(dir).exists()
            {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
            // The writer first: it creates the file and switches it to WAL.
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(base.clone().journal_mode(SqliteJournalMode::Wal))
                .await?;
            let read = SqlitePoolOptions::new()
                .max_connections(max_connections)
                .connect_with(base.read_only(true))
                .await?;
            Ok(Db::Sqlite { read, write })
        } else {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite { .. } => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Applies the migrations of this dialect (`migrations/sqlite` or
    /// `migrations/postgres`), embedded in the binary at build time. On
    /// PostgreSQL concurrent instances serialise on an advisory lock.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("./migrations/sqlite").run(write).await,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
        }
    }

    /// A round trip to the database, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let one: i32 = db_read!(self, |pool| sqlx::query_scalar("SELECT 1")
            .fetch_one(pool)
            .await)?;
        debug_assert_eq!(one, 1);
        Ok(())
    }

    /// Whether the database takes a write now: one row of `health_checks`
    /// (this instance's), written within `within`. A writer that is stuck
    /// or refused (a full disk, a lock never let go, a read-only replica)
    /// is an error here, as it would be for every order.
    pub async fn write_check(&self, instance: &str, within: Duration) -> Result<(), String> {
        let at = chrono::Utc::now().timestamp();
        let write = async {
            db_write!(self, |pool| sqlx::query(
                "INSERT INTO health_checks (instance, at) VALUES ($1, $2) \
                 ON CONFLICT (instance) DO UPDATE SET at = excluded.at"
            )
            .bind(instance)
            .bind(at)
            .execute(pool)
            .await
            .map(|_| ()))
        };
        match tokio::time::timeout(within, write).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(err)) => Err(err.to_string()),
            Err(_) => Err(format!("no write within {} ms", within.as_millis())),
        }
    }

    pub fn is_closed(&self) -> bool {
        match self {
            Db::Sqlite { write, .. } => write.is_closed(),
            Db::Postgres(pool) => pool.is_closed(),
        }
    }

    /// Closes every connection (graceful shutdown).
    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// The SQL for a text kept in two columns (`{col}` in English, `{col}_ru` in
/// Russian) in `locale`'s language, the other language when it is empty.
pub fn localized(col: &str, locale: crate::i18n::Locale) -> String {
    match locale {
        crate::i18n::Locale::En => format!("CASE WHEN {col} <> '' THEN {col} ELSE {col}_ru END"),
        crate::i18n::Locale::Ru => format!("CASE WHEN {col}_ru <> '' THEN {col}_ru ELSE {col} END"),
    }
}
