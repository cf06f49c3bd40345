//! What a course form held when a save without JavaScript failed.
//!
//! With JavaScript the editor keeps its inputs and shows the field errors
//! the server function returned. A plain HTML form post instead ends in a
//! redirect, and the framework's error redirect carries only the error, so
//! the page would come back with what was stored, not what was typed. The
//! failed draft is therefore kept here for a few minutes under a random
//! token, and the redirect goes to the editor with `?retry=<token>`; only the
//! same person in the same portal, on the same course, gets it back.
//!
//! In memory, per process (like the catalog caches): with several server
//! processes behind a balancer without affinity, the retry can land on a
//! process that does not know the token, and the editor then shows the
//! stored course, as it did before this existed. Nothing is stored for the
//! course itself either way: a failed save changes nothing.

use super::records::{CourseDraft, CourseRetry};
use crate::error::AppError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a failed draft waits for its redirect (and a reload or two).
const KEEP: Duration = Duration::from_secs(15 * 60);
/// At most this many drafts are kept (descriptions are up to 20,000
/// characters); beyond it the oldest goes first.
const CAPACITY: usize = 1_000;

struct Entry {
    tenant: Uuid,
    user: Uuid,
    /// The course edited, or `None` for the create form.
    course: Option<Uuid>,
    retry: CourseRetry,
    at: Instant,
}

#[derive(Default)]
pub struct RetryStore {
    entries: Mutex<HashMap<String, Entry>>,
}

impl RetryStore {
    /// Keeps `draft` and its error; returns the token for the redirect.
    pub fn put(
        &self,
        tenant: Uuid,
        user: Uuid,
        course: Option<Uuid>,
        draft: CourseDraft,
        error: AppError,
    ) -> String {
        let token = Uuid::new_v4().simple().to_string();
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, e| now.duration_since(e.at) < KEEP);
        if entries.len() >= CAPACITY {
            if let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.at)
                .map(|(k, _)| k.clone())
            {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            token.clone(),
            Entry {
                tenant,
                user,
                course,
                retry: CourseRetry { draft, error },
                at: now,
            },
        );
        token
    }

    /// The draft kept under `token`, if it is this person's, on this form,
    /// and not expired. It stays until it expires, so a reload shows it again.
    pub fn get(
        &self,
        token: &str,
        tenant: Uuid,
        user: Uuid,
        course: Option<Uuid>,
    ) -> Option<CourseRetry> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(token)
            .filter(|e| e.tenant == tenant && e.user == user && e.course == course)
            .filter(|e| e.at.elapsed() < KEEP)
            .map(|e| e.retry.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_is_returned_only_to_its_author_on_its_form() {
        let store = RetryStore::default();
        let (tenant, user, course) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let draft = CourseDraft {
            title: "Typed, not stored".into(),
            ..Default::default()
        };
        let error = AppError::invalid("list_price", "must not be negative");
        let token = store.put(tenant, user, Some(course), draft.clone(), error.clone());
        assert_eq!(token.len(), 32);
        let back = store.get(&token, tenant, user, Some(course)).unwrap();
        assert_eq!((back.draft, back.error), (draft, error));
        assert!(store.get(&token, tenant, user, Some(course)).is_some());
        assert!(store
            .get(&token, Uuid::new_v4(), user, Some(course))
            .is_none());
        assert!(store
            .get(&token, tenant, Uuid::new_v4(), Some(course))
            .is_none());
        assert!(store.get(&token, tenant, user, None).is_none());
        assert!(store.get("0000", tenant, user, Some(course)).is_none());
    }

    #[test]
    fn the_store_is_bounded() {
        let store = RetryStore::default();
        let (tenant, user) = (Uuid::new_v4(), Uuid::new_v4());
        let first = store.put(
            tenant,
            user,
            None,
            CourseDraft::default(),
            AppError::Forbidden,
        );
        for _ in 0..CAPACITY {
            store.put(
                tenant,
                user,
                None,
                CourseDraft::default(),
                AppError::Forbidden,
            );
        }
        assert_eq!(store.entries.lock().unwrap().len(), CAPACITY);
        assert!(store.get(&first, tenant, user, None).is_none());
    }
}
