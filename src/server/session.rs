//! Sessions: tower-sessions, stored in our database through
//! tower-sessions-sqlx-store. One store type over both engines; on SQLite,
//! loads go to the read pool and writes to the single writer.
//!
//! The cookie (`karavai_session`) holds only a random id; HttpOnly,
//! SameSite=Lax, Secure when the public URL is https. Sessions expire after
//! 30 days without a visit. What a session holds is in `accounts::guard`.

use async_trait::async_trait;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::config::Config;
use super::db::Db;

pub const COOKIE_NAME: &str = "karavai_session";

/// The session store over either engine.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite {
        read: SqliteStore,
        write: SqliteStore,
    },
    Postgres(PostgresStore),
}

impl Store {
    pub fn new(db: &Db) -> Store {
        match db {
            Db::Sqlite { read, write } => Store::Sqlite {
                read: SqliteStore::new(read.clone()),
                write: SqliteStore::new(write.clone()),
            },
            Db::Postgres(pool) => Store::Postgres(PostgresStore::new(pool.clone())),
        }
    }

    /// Creates the store's table when missing (idempotent).
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self {
            Store::Sqlite { write, .. } => write.migrate().await,
            Store::Postgres(store) => store.migrate().await,
        }
    }

    /// Deletes expired sessions every hour, until the process ends.
    pub fn spawn_cleanup(&self) {
        let store = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                if let Err(err) = store.delete_expired().await {
                    tracing::warn!(error = %err, "could not delete expired sessions");
                }
            }
        });
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite { read, .. } => read.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// The session middleware for `config`.
pub fn layer(store: Store, config: &Config) -> SessionManagerLayer<Store> {
    SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.public_url().starts_with("https://"))
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::days(30)))
}
