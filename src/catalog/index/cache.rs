//! The shared, self-refreshing catalog index of one app instance: rebuilt
//! once when `catalog_version` moves (see the parent module's "Freshness").

use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use super::{CatalogIndex, RECHECK};
use crate::catalog::repo;
use crate::server::db::Db;

/// The shared, self-refreshing catalog index of one app instance. Cheap to
/// clone.
#[derive(Clone, Default)]
pub struct CatalogCache(Arc<Inner>);

#[derive(Default)]
struct Inner {
    current: RwLock<Option<Arc<CatalogIndex>>>,
    /// Held while the index is rebuilt: one rebuild at a time.
    rebuilding: tokio::sync::Mutex<()>,
    /// When the version was last read, and this process's write count then.
    checked: Mutex<Option<(Instant, u64)>>,
}

impl std::fmt::Debug for CatalogCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CatalogCache")
    }
}

impl CatalogCache {
    fn current(&self) -> Option<Arc<CatalogIndex>> {
        self.0
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The current index: rebuilt first when the catalog has changed.
    pub async fn get(&self, db: &Db) -> Result<Arc<CatalogIndex>, sqlx::Error> {
        let writes = crate::server::db::writes();
        let now = Instant::now();
        let current = self.current();
        let fresh_enough = {
            let checked = self.0.checked.lock().unwrap_or_else(|e| e.into_inner());
            checked.is_some_and(|(at, w)| w == writes && now.duration_since(at) < RECHECK)
        };
        if let Some(index) = &current
            && fresh_enough
        {
            return Ok(index.clone());
        }
        let version = repo::catalog_version(db).await?;
        *self.0.checked.lock().unwrap_or_else(|e| e.into_inner()) = Some((now, writes));
        if let Some(index) = current
            && index.version >= version
        {
            return Ok(index);
        }
        let _one = self.0.rebuilding.lock().await;
        // Someone else may have rebuilt it while we waited.
        if let Some(index) = self.current()
            && index.version >= version
        {
            return Ok(index);
        }
        let started = Instant::now();
        let index = Arc::new(CatalogIndex::load(db).await?);
        tracing::debug!(
            version = index.version,
            products = index.len(),
            ms = started.elapsed().as_millis() as u64,
            "catalog index rebuilt"
        );
        *self.0.current.write().unwrap_or_else(|e| e.into_inner()) = Some(index.clone());
        Ok(index)
    }
}
