//! Facet counts and result pages, cached per tenant and query.
//!
//! Counting every facet of an unfiltered 100k-course catalog scans the whole
//! tenant (tens of milliseconds), and ranking a broad search ranks every
//! match. So counts and pages are cached, keyed by (tenant, filters), and every catalog write
//! in the tenant bumps its generation, which retires all its entries at once:
//! a course published now shows up in the counts on the next request. A TTL
//! bounds staleness from things that change with time (a sale ending) and
//! from writes made by another server process.
//!
//! Hand-written rather than `moka`: a bounded map plus a generation counter
//! is all this needs, and it keeps an async cache runtime out of the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const TTL: Duration = Duration::from_secs(60);
const MAX_ENTRIES: usize = 10_000;

struct Entry<T> {
    at: Instant,
    generation: u64,
    value: Arc<T>,
}

pub struct CatalogCache<T> {
    generations: Mutex<HashMap<Uuid, u64>>,
    entries: Mutex<HashMap<(Uuid, String), Entry<T>>>,
}

impl<T> Default for CatalogCache<T> {
    fn default() -> Self {
        CatalogCache {
            generations: Mutex::new(HashMap::new()),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> CatalogCache<T> {
    pub fn generation(&self, tenant: Uuid) -> u64 {
        *self
            .generations
            .lock()
            .expect("cache lock")
            .get(&tenant)
            .unwrap_or(&0)
    }

    /// Forgets everything cached for `tenant` (call after any catalog write).
    pub fn invalidate(&self, tenant: Uuid) {
        *self
            .generations
            .lock()
            .expect("cache lock")
            .entry(tenant)
            .or_insert(0) += 1;
    }

    pub fn get(&self, tenant: Uuid, key: &str) -> Option<Arc<T>> {
        let generation = self.generation(tenant);
        let entries = self.entries.lock().expect("cache lock");
        entries
            .get(&(tenant, key.to_owned()))
            .filter(|e| e.generation == generation && e.at.elapsed() < TTL)
            .map(|e| e.value.clone())
    }

    /// Stores a value computed under `generation` (read before computing, so
    /// a write that happened meanwhile makes this entry stale at once).
    pub fn put(&self, tenant: Uuid, key: String, generation: u64, value: Arc<T>) {
        let mut entries = self.entries.lock().expect("cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.at.elapsed() < TTL);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            (tenant, key),
            Entry {
                at: Instant::now(),
                generation,
                value,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_retires_the_tenants_entries_only() {
        let cache = CatalogCache::<u32>::default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        cache.put(a, "q".into(), cache.generation(a), Arc::new(1));
        cache.put(b, "q".into(), cache.generation(b), Arc::new(2));
        assert_eq!(cache.get(a, "q").as_deref(), Some(&1));
        cache.invalidate(a);
        assert_eq!(cache.get(a, "q"), None);
        assert_eq!(cache.get(b, "q").as_deref(), Some(&2));
    }

    #[test]
    fn a_value_computed_before_a_write_is_never_served() {
        let cache = CatalogCache::<u32>::default();
        let a = Uuid::from_u128(1);
        let generation = cache.generation(a);
        cache.invalidate(a); // a write lands while the counts are computed
        cache.put(a, "q".into(), generation, Arc::new(1));
        assert_eq!(cache.get(a, "q"), None);
    }
}
