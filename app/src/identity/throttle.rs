//! In-process store of failed logins, applying `lyceum::LoginThrottle`.
//!
//! One process is the embedded default (DESIGN.md: sessions/cache in-process,
//! Redis when the app runs as several processes). Keys are per tenant+email
//! and per client IP; the policy arithmetic lives in the domain core.

use lyceum::{Email, LoginThrottle, ThrottleDecision};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

#[derive(Default)]
pub struct ThrottleStore {
    by_account: Mutex<HashMap<(Uuid, String), Vec<u64>>>,
    by_ip: Mutex<HashMap<IpAddr, Vec<u64>>>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl ThrottleStore {
    pub fn check(&self, tenant: Uuid, email: &Email, ip: Option<IpAddr>) -> ThrottleDecision {
        let now = now_secs();
        let account_key = (tenant, email.as_str().to_owned());
        let account = {
            let map = self.by_account.lock().expect("throttle lock");
            map.get(&account_key)
                .map(|f| LoginThrottle::PER_ACCOUNT.decide(f, now))
                .unwrap_or(ThrottleDecision::Allow)
        };
        let by_ip = ip
            .and_then(|ip| {
                let map = self.by_ip.lock().expect("throttle lock");
                map.get(&ip).map(|f| LoginThrottle::PER_IP.decide(f, now))
            })
            .unwrap_or(ThrottleDecision::Allow);
        match (account, by_ip) {
            (
                ThrottleDecision::RetryAfter { secs: a },
                ThrottleDecision::RetryAfter { secs: b },
            ) => ThrottleDecision::RetryAfter { secs: a.max(b) },
            (blocked @ ThrottleDecision::RetryAfter { .. }, _)
            | (_, blocked @ ThrottleDecision::RetryAfter { .. }) => blocked,
            _ => ThrottleDecision::Allow,
        }
    }

    pub fn record_failure(&self, tenant: Uuid, email: &Email, ip: Option<IpAddr>) {
        let now = now_secs();
        {
            let mut map = self.by_account.lock().expect("throttle lock");
            let failures = map.entry((tenant, email.as_str().to_owned())).or_default();
            LoginThrottle::PER_ACCOUNT.prune(failures, now);
            failures.push(now);
        }
        if let Some(ip) = ip {
            let mut map = self.by_ip.lock().expect("throttle lock");
            let failures = map.entry(ip).or_default();
            LoginThrottle::PER_IP.prune(failures, now);
            failures.push(now);
            // Keep memory bounded: forget IPs whose failures all expired.
            if map.len() > 10_000 {
                map.retain(|_, f| {
                    LoginThrottle::PER_IP.prune(f, now);
                    !f.is_empty()
                });
            }
        }
    }

    /// A successful login clears the account's failures (not the IP's).
    pub fn record_success(&self, tenant: Uuid, email: &Email) {
        let mut map = self.by_account.lock().expect("throttle lock");
        map.remove(&(tenant, email.as_str().to_owned()));
    }
}
