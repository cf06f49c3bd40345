//! In-process store of login attempts, applying `lyceum::LoginThrottle`.
//!
//! A password check takes a *slot* before it hashes, under one lock: the
//! slot counts against the limits while the check runs, so 30 parallel
//! guesses for one account get 5 password checks, not 23 (the failure used
//! to be recorded only after the ~20 ms hash). A failed check turns its slot
//! into a recorded failure; a successful one gives it back.
//!
//! Buckets, per OWASP's "Slow Down Online Guessing Attacks with Device
//! Cookies":
//! * a browser holding a device cookie for the account (it signed in there
//!   before, `device.rs`) is counted in a bucket of its own (5 per 15
//!   minutes): guessing from elsewhere, or from the same school network,
//!   cannot lock its owner out;
//! * every other attempt counts per tenant+email (5) and per client IP (20).
//!
//! One process is the embedded default (DESIGN.md: sessions/cache
//! in-process, a shared store when the app runs as several processes).

use lyceum::{Email, LoginThrottle, ThrottleDecision};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(Uuid, String),
    Ip(IpAddr),
    /// A device cookie's id, for the account it was issued to.
    Device(Uuid, String, String),
}

impl Key {
    fn policy(&self) -> LoginThrottle {
        match self {
            Key::Account(..) => LoginThrottle::PER_ACCOUNT,
            Key::Ip(_) => LoginThrottle::PER_IP,
            Key::Device(..) => LoginThrottle::PER_DEVICE,
        }
    }
}

#[derive(Default)]
struct Bucket {
    /// Unix seconds of recorded failures, ascending.
    failures: Vec<u64>,
    /// Password checks running now.
    in_flight: u64,
}

#[derive(Default)]
struct Buckets(HashMap<Key, Bucket>);

/// How long a check waits that found the limit taken by running checks
/// (they end in milliseconds; nothing has failed yet).
const BUSY_RETRY_SECS: u64 = 1;

impl Buckets {
    /// Seconds to wait before `key` may take a slot (0: now). Recorded
    /// failures block for the policy's window; checks still running hold
    /// the rest of the limit only while they run, so the failures plus the
    /// running checks never exceed it.
    fn wait(&mut self, key: &Key, now: u64) -> u64 {
        let Some(bucket) = self.0.get_mut(key) else {
            return 0;
        };
        let policy = key.policy();
        policy.prune(&mut bucket.failures, now);
        match policy.decide(&bucket.failures, now) {
            ThrottleDecision::RetryAfter { secs } => secs,
            ThrottleDecision::Allow
                if bucket.failures.len() as u64 + bucket.in_flight
                    >= policy.max_failures as u64 =>
            {
                BUSY_RETRY_SECS
            }
            ThrottleDecision::Allow => 0,
        }
    }

    /// Forgets buckets with nothing left in them (bounded memory).
    fn sweep(&mut self, now: u64) {
        if self.0.len() > 10_000 {
            self.0.retain(|key, b| {
                key.policy().prune(&mut b.failures, now);
                b.in_flight > 0 || !b.failures.is_empty()
            });
        }
    }
}

#[derive(Default)]
pub struct ThrottleStore {
    buckets: Arc<Mutex<Buckets>>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Who is attempting: the account, where from, and the device cookie the
/// browser presented for that account, if it is valid.
pub struct Attempt<'a> {
    pub tenant: Uuid,
    pub email: &'a Email,
    pub ip: Option<IpAddr>,
    pub device: Option<&'a str>,
}

/// A reserved password check. Resolve it with [`Slot::failed`] or
/// [`Slot::succeeded`]; dropped unresolved (an error on the way), it counts
/// as a failure, so errors cannot be used to guess for free.
pub struct Slot {
    buckets: Arc<Mutex<Buckets>>,
    keys: Vec<Key>,
    resolved: bool,
}

impl ThrottleStore {
    /// Takes a slot for one password check, or says how many seconds to wait.
    pub fn begin(&self, attempt: &Attempt<'_>) -> Result<Slot, u64> {
        let now = now_secs();
        let account = (attempt.tenant, attempt.email.as_str().to_owned());
        let keys = match attempt.device {
            Some(device) => vec![Key::Device(account.0, account.1, device.to_owned())],
            None => {
                let mut keys = vec![Key::Account(account.0, account.1)];
                keys.extend(attempt.ip.map(Key::Ip));
                keys
            }
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = 0;
        for key in &keys {
            wait = wait.max(buckets.wait(key, now));
        }
        if wait > 0 {
            return Err(wait);
        }
        buckets.sweep(now);
        for key in &keys {
            buckets.0.entry(key.clone()).or_default().in_flight += 1;
        }
        Ok(Slot {
            buckets: self.buckets.clone(),
            keys,
            resolved: false,
        })
    }
}

impl Slot {
    fn release(&mut self, failed: bool) {
        self.resolved = true;
        let now = now_secs();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        for key in &self.keys {
            let bucket = buckets.0.entry(key.clone()).or_default();
            bucket.in_flight = bucket.in_flight.saturating_sub(1);
            if failed {
                bucket.failures.push(now);
            } else if !matches!(key, Key::Ip(_)) {
                // A success clears the account's (or device's) failures,
                // not the IP's: one good password must not reset guessing
                // at other accounts from that address.
                bucket.failures.clear();
            }
        }
    }

    pub fn failed(mut self) {
        self.release(true);
    }

    pub fn succeeded(mut self) {
        self.release(false);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if !self.resolved {
            self.release(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email::parse("lena@acme.test").unwrap()
    }

    fn attempt<'a>(
        tenant: Uuid,
        email: &'a Email,
        ip: &str,
        device: Option<&'a str>,
    ) -> Attempt<'a> {
        Attempt {
            tenant,
            email,
            ip: Some(ip.parse().unwrap()),
            device,
        }
    }

    #[test]
    fn slots_are_taken_before_the_check_so_parallel_guesses_are_capped() {
        let store = ThrottleStore::default();
        let (tenant, email) = (Uuid::new_v4(), email());
        // 30 attempts arrive before any check finishes.
        let slots: Vec<_> = (0..30)
            .filter_map(|_| store.begin(&attempt(tenant, &email, "10.0.0.1", None)).ok())
            .collect();
        assert_eq!(slots.len(), 5, "only the per-account limit of checks run");
        for slot in slots {
            slot.failed();
        }
        assert!(store
            .begin(&attempt(tenant, &email, "10.0.0.2", None))
            .is_err());
    }

    #[test]
    fn running_checks_hold_the_limit_only_while_they_run() {
        let store = ThrottleStore::default();
        let tenant = Uuid::new_v4();
        // Twenty pupils behind one school address sign in at the same moment.
        let emails: Vec<Email> = (0..21)
            .map(|n| Email::parse(&format!("pupil{n}@acme.test")).unwrap())
            .collect();
        let slots: Vec<_> = emails[..20]
            .iter()
            .map(|e| {
                store
                    .begin(&attempt(tenant, e, "203.0.113.9", None))
                    .unwrap()
            })
            .collect();
        // The twenty-first waits a second, not the fifteen minutes of a lockout.
        assert_eq!(
            store
                .begin(&attempt(tenant, &emails[20], "203.0.113.9", None))
                .err(),
            Some(BUSY_RETRY_SECS)
        );
        for slot in slots {
            slot.succeeded();
        }
        assert!(store
            .begin(&attempt(tenant, &emails[20], "203.0.113.9", None))
            .is_ok());
    }

    #[test]
    fn a_success_gives_the_slot_back() {
        let store = ThrottleStore::default();
        let (tenant, email) = (Uuid::new_v4(), email());
        for _ in 0..20 {
            store
                .begin(&attempt(tenant, &email, "10.0.0.1", None))
                .unwrap()
                .succeeded();
        }
        for _ in 0..4 {
            store
                .begin(&attempt(tenant, &email, "10.0.0.1", None))
                .unwrap()
                .failed();
        }
        // An error on the way (slot dropped) counts as the fifth failure.
        drop(
            store
                .begin(&attempt(tenant, &email, "10.0.0.1", None))
                .unwrap(),
        );
        assert!(store
            .begin(&attempt(tenant, &email, "10.0.0.1", None))
            .is_err());
    }

    #[test]
    fn a_known_device_is_not_locked_out_by_others_guessing() {
        let store = ThrottleStore::default();
        let tenant = Uuid::new_v4();
        // Twenty accounts guessed at from one school address: the address is blocked…
        for n in 0..20 {
            let other = Email::parse(&format!("pupil{n}@acme.test")).unwrap();
            store
                .begin(&attempt(tenant, &other, "203.0.113.9", None))
                .unwrap()
                .failed();
        }
        let lena = email();
        assert!(store
            .begin(&attempt(tenant, &lena, "203.0.113.9", None))
            .is_err());
        // …and Lena's account is guessed at from elsewhere until it is locked.
        for _ in 0..5 {
            store
                .begin(&attempt(tenant, &lena, "198.51.100.7", None))
                .unwrap()
                .failed();
        }
        assert!(store
            .begin(&attempt(tenant, &lena, "198.51.100.8", None))
            .is_err());
        // Lena's own browser, where she signed in before, still gets its checks.
        let slot = store
            .begin(&attempt(tenant, &lena, "203.0.113.9", Some("device-1")))
            .expect("a known device has its own bucket");
        slot.succeeded();
        // Which has a limit of its own.
        for _ in 0..5 {
            store
                .begin(&attempt(tenant, &lena, "203.0.113.9", Some("device-1")))
                .unwrap()
                .failed();
        }
        assert!(store
            .begin(&attempt(tenant, &lena, "203.0.113.9", Some("device-1")))
            .is_err());
    }
}
