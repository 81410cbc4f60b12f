//! The hub itself: a broadcast channel in this process, bridged through
//! PostgreSQL `NOTIFY` to every other instance on the same database.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;

use super::types::LiveEvent;
use crate::error::AppError;
use crate::server::db::Db;

/// The PostgreSQL channel the instances talk on.
pub const CHANNEL: &str = "karavai_live";
/// How many events a slow browser may fall behind before it skips some.
const BUFFER: usize = 1024;

/// What travels between instances: the event and which instance sent it.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    origin: String,
    event: LiveEvent,
}

/// Cheap to clone; every clone publishes into the same channel.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    tx: broadcast::Sender<Arc<LiveEvent>>,
    db: Db,
    /// This instance's id: its own NOTIFYs come back to it and are skipped.
    instance: String,
    /// Becomes true when the server stops: every open stream ends then.
    closing: tokio::sync::watch::Sender<bool>,
    /// Moves on each time the link to the other instances was cut and made
    /// again: what they published meanwhile never reached this instance,
    /// so every stream here tells its browser to refetch.
    resyncs: tokio::sync::watch::Sender<u64>,
}

impl Hub {
    /// A hub for `db`. With PostgreSQL it starts listening for other
    /// instances' events at once (and reconnects if the connection drops).
    pub fn start(db: Db) -> Hub {
        let (tx, _) = broadcast::channel(BUFFER);
        let hub = Hub {
            inner: Arc::new(Inner {
                tx,
                db,
                instance: uuid::Uuid::new_v4().simple().to_string(),
                closing: tokio::sync::watch::channel(false).0,
                resyncs: tokio::sync::watch::channel(0).0,
            }),
        };
        if let Db::Postgres(pool) = &hub.inner.db {
            tokio::spawn(listen(pool.clone(), hub.clone()));
        }
        hub
    }

    /// Sends `event` to every subscriber here and, with PostgreSQL, to every
    /// other instance. Publish after the change is committed.
    pub async fn publish(&self, event: LiveEvent) -> Result<(), AppError> {
        if let Db::Postgres(pool) = &self.inner.db {
            let payload = serde_json::to_string(&Envelope {
                origin: self.inner.instance.clone(),
                event: event.clone(),
            })
            .map_err(|e| AppError::internal("encoding a live event", e))?;
            super::repo::notify(pool, CHANNEL, &payload).await?;
        }
        self.deliver(event);
        Ok(())
    }

    /// Every event from now on (the caller filters by who is watching).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.inner.tx.subscribe()
    }

    /// Ends every open stream (the server is stopping: a browser reconnects,
    /// to another instance or to this one once it is back).
    pub fn close_streams(&self) {
        self.inner.closing.send_replace(true);
    }

    /// Completes when the streams are to end ([`Hub::close_streams`]).
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut closing = self.inner.closing.subscribe();
        async move {
            // An error means the hub is gone: nothing more will come either.
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    /// Changes whenever this instance may have missed other instances'
    /// events (its LISTEN connection was lost and is back).
    pub fn resyncs(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.resyncs.subscribe()
    }

    /// This instance's id (random, new at every start).
    pub fn instance(&self) -> &str {
        &self.inner.instance
    }

    /// How many connections are listening on this instance.
    pub fn subscribers(&self) -> usize {
        self.inner.tx.receiver_count()
    }

    fn deliver(&self, event: LiveEvent) {
        // An error only means nobody is listening right now.
        let _ = self.inner.tx.send(Arc::new(event));
    }
}

/// Relays other instances' NOTIFYs into this instance's channel, forever.
/// After a reconnect, every stream of this instance is told to catch up.
async fn listen(pool: sqlx::PgPool, hub: Hub) {
    let mut first = true;
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(err) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %err, "live hub: LISTEN failed");
                } else {
                    if !first {
                        tracing::info!("live hub: listening again; streams catch up");
                        hub.inner.resyncs.send_modify(|n| *n += 1);
                    }
                    first = false;
                    loop {
                        // `try_recv`, not `recv`: `recv` reconnects by
                        // itself and the events of the gap pass unnoticed.
                        match listener.try_recv().await {
                            Ok(Some(note)) => {
                                match serde_json::from_str::<Envelope>(note.payload()) {
                                    Ok(env) if env.origin != hub.inner.instance => {
                                        hub.deliver(env.event)
                                    }
                                    Ok(_) => {}
                                    Err(err) => {
                                        tracing::warn!(error = %err, "live hub: bad payload")
                                    }
                                }
                            }
                            Ok(None) => {
                                tracing::warn!("live hub: connection lost; reconnecting");
                                break;
                            }
                            Err(err) => {
                                tracing::warn!(error = %err, "live hub: connection lost; reconnecting");
                                break;
                            }
                        }
                    }
                }
            }
            Err(err) => {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %err, "live hub: cannot connect to listen");
            }
        }
        if pool.is_closed() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
