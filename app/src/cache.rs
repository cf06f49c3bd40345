//! Facet counts and result pages, cached per tenant and query.
//!
//! Counting every facet of an unfiltered 100k-course catalog scans the whole
//! tenant (tens of milliseconds), and ranking a broad search ranks every
//! match. So counts and pages are cached, keyed by (tenant, filters), and
//! every catalog write in the tenant bumps its generation, which retires
//! all its entries at once: a course published now shows up in the counts
//! on the next request. A TTL bounds staleness from things that change with
//! time (a sale ending) and from writes made by another server process.
//!
//! Under load the expensive part is the moment an entry expires: every
//! request that wants it at once would recompute it at once (the catalog
//! stalled for seconds every minute at 8 connections). So:
//! * concurrent misses for one key wait for one computation (`moka`'s
//!   `try_get_with` coalesces them);
//! * an entry past three quarters of its TTL is recomputed by the one request that
//!   claims it, while every other request keeps getting the entry it has,
//!   which is still within its TTL: hot entries are refreshed before they
//!   expire and nobody waits for them.

use lyceum::TenantId;
use moka::future::Cache;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an entry may be served at most, by default
/// (`CATALOG_CACHE_TTL_SECS`).
pub const TTL: Duration = Duration::from_secs(60);
/// Entries kept at most (the least used go first).
const MAX_ENTRIES: u64 = 10_000;

struct Entry<T> {
    value: Arc<T>,
    computed: Instant,
    /// Claimed by the request that refreshes this entry.
    refreshing: AtomicBool,
}

impl<T> Entry<T> {
    fn new(value: Arc<T>) -> Arc<Entry<T>> {
        Arc::new(Entry {
            value,
            computed: Instant::now(),
            refreshing: AtomicBool::new(false),
        })
    }
}

type Key = (TenantId, u64, String);

/// A tenant's generation is its own count of writes plus the count of
/// "everything may have changed" events; either bump raises the sum, so
/// an entry keyed by an older sum is never served again.
#[derive(Default)]
struct Generations {
    all: u64,
    tenants: HashMap<TenantId, u64>,
}

/// A claimed refresh; released when dropped (a fresh entry replaces the
/// claimed one on success, so releasing it then changes nothing).
struct Claim<'a>(&'a AtomicBool);

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

pub struct CatalogCache<T: Send + Sync + 'static> {
    generations: Mutex<Generations>,
    entries: Cache<Key, Arc<Entry<T>>>,
    refresh_after: Duration,
}

impl<T: Send + Sync + 'static> Default for CatalogCache<T> {
    fn default() -> Self {
        CatalogCache::with_ttl(TTL)
    }
}

/// Why a load failed: its own error for the request that ran it; for
/// requests that waited on that load, the error as text (the original is
/// not `Clone`).
#[derive(Debug, thiserror::Error)]
pub enum LoadError<E> {
    #[error(transparent)]
    Own(E),
    #[error("a concurrent load of this entry failed: {0}")]
    Shared(String),
}

impl From<LoadError<sqlx::Error>> for sqlx::Error {
    fn from(err: LoadError<sqlx::Error>) -> sqlx::Error {
        match err {
            LoadError::Own(e) => e,
            LoadError::Shared(text) => sqlx::Error::Protocol(text),
        }
    }
}

impl<T: Send + Sync + 'static> CatalogCache<T> {
    /// A cache whose entries live `ttl`; the next request after three
    /// quarters of it refreshes an entry (the others keep getting it until
    /// then).
    pub fn with_ttl(ttl: Duration) -> Self {
        CatalogCache::new(ttl, ttl * 3 / 4)
    }

    /// A cache whose entries live `ttl` and are refreshed after `refresh_after`.
    fn new(ttl: Duration, refresh_after: Duration) -> Self {
        CatalogCache {
            generations: Mutex::new(Generations::default()),
            entries: Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
            refresh_after,
        }
    }

    fn generation(&self, tenant: TenantId) -> u64 {
        let generations = self.generations.lock().expect("cache lock");
        generations.all + generations.tenants.get(&tenant).copied().unwrap_or(0)
    }

    /// Forgets everything cached for `tenant` (after any catalog write).
    pub fn invalidate(&self, tenant: TenantId) {
        *self
            .generations
            .lock()
            .expect("cache lock")
            .tenants
            .entry(tenant)
            .or_insert(0) += 1;
    }

    /// Forgets everything cached for every tenant (when writes may have
    /// been missed: the change listener reconnected).
    pub fn invalidate_all(&self) {
        self.generations.lock().expect("cache lock").all += 1;
    }

    /// The entry for `key`, if one of the current generation is cached.
    pub async fn get(&self, tenant: TenantId, key: &str) -> Option<Arc<T>> {
        let generation = self.generation(tenant);
        self.entries
            .get(&(tenant, generation, key.to_owned()))
            .await
            .map(|e| e.value.clone())
    }

    /// Stores `value` for `key` (replacing what is there): for what a
    /// request learns on the way, such as a search turning out broad.
    pub async fn put(&self, tenant: TenantId, key: &str, value: T) {
        let key = (tenant, self.generation(tenant), key.to_owned());
        self.entries.insert(key, Entry::new(Arc::new(value))).await;
    }

    /// The entry for `key`, computed by `load` when it is missing (once
    /// for all concurrent requests) or due for a refresh (by this request
    /// alone). `load` runs at most once, and not at all on a fresh hit.
    ///
    /// A value computed while a write bumped the tenant's generation is
    /// stored under the generation read before, so it is never served
    /// after the write.
    pub async fn get_or_load<E, F>(
        &self,
        tenant: TenantId,
        key: &str,
        load: F,
    ) -> Result<Arc<T>, LoadError<E>>
    where
        E: std::fmt::Display + Send + Sync + 'static,
        F: Future<Output = Result<T, E>>,
    {
        let key = (tenant, self.generation(tenant), key.to_owned());
        if let Some(entry) = self.entries.get(&key).await {
            let due = entry.computed.elapsed() >= self.refresh_after;
            if !due
                || entry
                    .refreshing
                    .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                    .is_err()
            {
                return Ok(entry.value.clone());
            }
            // This request refreshes; the others keep the entry meanwhile.
            // Should it fail or be dropped half-way (the client went away),
            // the claim is given back so that another request refreshes.
            let claim = Claim(&entry.refreshing);
            return match load.await {
                Ok(value) => {
                    let value = Arc::new(value);
                    self.entries.insert(key, Entry::new(value.clone())).await;
                    Ok(value)
                }
                Err(e) => {
                    drop(claim);
                    tracing::warn!(error = %e, "refreshing a catalog cache entry failed");
                    Ok(entry.value.clone())
                }
            };
        }
        let mut own_error = None;
        let loaded = self
            .entries
            .try_get_with(key, async {
                match load.await {
                    Ok(value) => Ok(Entry::new(Arc::new(value))),
                    Err(e) => {
                        let text = e.to_string();
                        own_error = Some(e);
                        Err(text)
                    }
                }
            })
            .await;
        match loaded {
            Ok(entry) => Ok(entry.value.clone()),
            Err(text) => Err(match own_error {
                Some(e) => LoadError::Own(e),
                None => LoadError::Shared(text.to_string()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use uuid::Uuid;

    async fn counted(calls: &AtomicUsize, value: u32) -> Result<u32, String> {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        Ok(value)
    }

    #[tokio::test]
    async fn a_write_retires_the_tenants_entries_only() {
        let cache = CatalogCache::<u32>::default();
        let calls = AtomicUsize::new(0);
        let (a, b) = (
            TenantId::new(Uuid::from_u128(1)),
            TenantId::new(Uuid::from_u128(2)),
        );
        cache.get_or_load(a, "q", counted(&calls, 1)).await.unwrap();
        cache.get_or_load(b, "q", counted(&calls, 2)).await.unwrap();
        assert_eq!(cache.get(a, "q").await.as_deref(), Some(&1));
        cache.invalidate(a);
        assert_eq!(cache.get(a, "q").await, None);
        assert_eq!(cache.get(b, "q").await.as_deref(), Some(&2));
    }

    #[tokio::test]
    async fn forgetting_every_tenant_outranks_earlier_writes() {
        let cache = CatalogCache::<u32>::default();
        let (a, b) = (
            TenantId::new(Uuid::from_u128(1)),
            TenantId::new(Uuid::from_u128(2)),
        );
        cache.invalidate(a);
        cache
            .get_or_load(a, "q", async { Ok::<_, String>(1) })
            .await
            .unwrap();
        cache
            .get_or_load(b, "q", async { Ok::<_, String>(2) })
            .await
            .unwrap();
        cache.invalidate_all();
        assert_eq!(cache.get(a, "q").await, None);
        assert_eq!(cache.get(b, "q").await, None);
        // A later write to one tenant does not bring an old entry back.
        cache.invalidate(b);
        assert_eq!(cache.get(a, "q").await, None);
    }

    #[tokio::test]
    async fn a_value_computed_before_a_write_is_never_served() {
        let cache = CatalogCache::<u32>::default();
        let a = TenantId::new(Uuid::from_u128(1));
        let load = async {
            cache.invalidate(a); // a write lands while the value is computed
            Ok::<_, String>(1)
        };
        assert_eq!(*cache.get_or_load(a, "q", load).await.unwrap(), 1);
        assert_eq!(cache.get(a, "q").await, None);
    }

    #[tokio::test]
    async fn concurrent_misses_wait_for_one_load() {
        let cache = CatalogCache::<u32>::default();
        let calls = AtomicUsize::new(0);
        let a = TenantId::new(Uuid::from_u128(1));
        let loads = (0..16).map(|_| cache.get_or_load(a, "q", counted(&calls, 7)));
        let values = futures_util::future::join_all(loads).await;
        assert!(values.iter().all(|v| **v.as_ref().unwrap() == 7));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "one computation for 16 requests"
        );
    }

    #[tokio::test]
    async fn a_hot_entry_is_refreshed_by_one_request_while_others_are_served() {
        let cache =
            CatalogCache::<u32>::new(Duration::from_millis(600), Duration::from_millis(150));
        let calls = AtomicUsize::new(0);
        let a = TenantId::new(Uuid::from_u128(1));
        cache.get_or_load(a, "q", counted(&calls, 1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        // Due for a refresh: one request recomputes, seven get the old value at once.
        let started = Instant::now();
        let loads = (0..8).map(|_| cache.get_or_load(a, "q", counted(&calls, 2)));
        let values: Vec<u32> = futures_util::future::join_all(loads)
            .await
            .into_iter()
            .map(|v| *v.unwrap())
            .collect();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "one refresh");
        assert_eq!(values.iter().filter(|v| **v == 1).count(), 7, "{values:?}");
        assert_eq!(values.iter().filter(|v| **v == 2).count(), 1, "{values:?}");
        assert!(started.elapsed() < Duration::from_millis(400));
        assert_eq!(
            cache.get(a, "q").await.as_deref(),
            Some(&2),
            "the refreshed value stays"
        );
    }

    #[tokio::test]
    async fn an_abandoned_refresh_is_given_back() {
        let cache =
            CatalogCache::<u32>::new(Duration::from_millis(600), Duration::from_millis(100));
        let calls = AtomicUsize::new(0);
        let a = TenantId::new(Uuid::from_u128(1));
        cache.get_or_load(a, "q", counted(&calls, 1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        // The refreshing request goes away before its load ends.
        let abandoned = tokio::time::timeout(
            Duration::from_millis(10),
            cache.get_or_load(a, "q", counted(&calls, 2)),
        )
        .await;
        assert!(abandoned.is_err());
        // The next request may refresh.
        assert_eq!(
            *cache.get_or_load(a, "q", counted(&calls, 3)).await.unwrap(),
            3
        );
    }

    #[tokio::test]
    async fn a_failed_load_is_reported_and_not_cached() {
        let cache = CatalogCache::<u32>::default();
        let a = TenantId::new(Uuid::from_u128(1));
        let err = cache
            .get_or_load(a, "q", async { Err::<u32, _>("database down".to_owned()) })
            .await
            .unwrap_err();
        assert!(matches!(err, LoadError::Own(ref e) if e == "database down"));
        let calls = AtomicUsize::new(0);
        cache.get_or_load(a, "q", counted(&calls, 3)).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
