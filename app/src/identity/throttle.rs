//! Login attempts, counted in PostgreSQL (the tenant's `login_attempt`
//! table) so that every server process sees the same counts, applying
//! `lyceum::LoginThrottle`.
//!
//! A password check takes a *slot* before it hashes: the slot counts
//! against the limits while the check runs, so 30 parallel guesses for one
//! account get 5 password checks, not 23 (the failure used to be recorded
//! only after the ~20 ms hash). A failed check turns its slot into a
//! recorded failure; a successful one gives it back. Taking a slot reads
//! and writes the buckets under a transaction-scoped advisory lock per
//! bucket, so two processes cannot both take the last slot.
//!
//! Buckets, per OWASP's "Slow Down Online Guessing Attacks with Device
//! Cookies":
//! * a browser holding a device cookie for the account (it signed in there
//!   before, `device.rs`) is counted in a bucket of its own (5 per 15
//!   minutes): guessing from elsewhere, or from the same school network,
//!   cannot lock its owner out;
//! * every other attempt counts per email (5) and per client IP (20).
//!
//! Every bucket belongs to one portal, like everything else in the
//! database: a school network guessing at one portal is not locked out of
//! another. A bucket is stored as the SHA-256 of what it counts, so the
//! table holds no email or address in clear. Times are the database's
//! clock, so processes whose clocks differ still agree.

use crate::db::{Db, TenantTx};
use lyceum::TenantId;
use lyceum::{Email, LoginThrottle, ThrottleDecision};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use uuid::Uuid;

/// A bucket within the transaction's tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Account(String),
    Ip(IpAddr),
    /// A device cookie's id, for the account it was issued to.
    Device(String, String),
}

impl Key {
    fn policy(&self) -> LoginThrottle {
        match self {
            Key::Account(..) => LoginThrottle::PER_ACCOUNT,
            Key::Ip(_) => LoginThrottle::PER_IP,
            Key::Device(..) => LoginThrottle::PER_DEVICE,
        }
    }

    /// The stored bucket: SHA-256 of the kind and its parts, NUL-separated
    /// (no part contains NUL: emails, addresses and cookie ids are printable).
    fn bucket(&self) -> Vec<u8> {
        let text = match self {
            Key::Account(email) => format!("account\0{email}"),
            Key::Ip(ip) => format!("ip\0{ip}"),
            Key::Device(email, device) => format!("device\0{email}\0{device}"),
        };
        Sha256::digest(text.as_bytes()).to_vec()
    }
}

/// How long a check waits that found the limit taken by running checks
/// (they end in milliseconds; nothing has failed yet).
pub const BUSY_RETRY_SECS: u64 = 1;
/// A slot still marked running after this long belongs to a check that
/// never ended (its process died): it counts as a failure from then on,
/// as a slot dropped unresolved does.
const STALE_RUNNING_SECS: u64 = 60;

/// Seconds to wait before a bucket with these recorded `failures` (Unix
/// seconds, ascending) and `running` checks may take a slot (0: now).
/// Recorded failures block for the policy's window; running checks hold
/// the rest of the limit only while they run, so the failures plus the
/// running checks never exceed it.
fn wait_secs(policy: LoginThrottle, failures: &mut Vec<u64>, running: u64, now: u64) -> u64 {
    policy.prune(failures, now);
    match policy.decide(failures, now) {
        ThrottleDecision::RetryAfter { secs } => secs,
        ThrottleDecision::Allow
            if failures.len() as u64 + running >= policy.max_failures as u64 =>
        {
            BUSY_RETRY_SECS
        }
        ThrottleDecision::Allow => 0,
    }
}

/// Login attempts, shared by every process through the database.
pub struct ThrottleStore {
    db: Db,
}

/// Who is attempting: the account, where from, and the device cookie the
/// browser presented for that account, if it is valid.
pub struct Attempt<'a> {
    pub tenant: TenantId,
    pub email: &'a Email,
    pub ip: Option<IpAddr>,
    pub device: Option<&'a str>,
}

/// Why no slot was taken.
#[derive(Debug)]
pub enum Refused {
    /// The limit is reached: try again in this many seconds.
    RetryAfter(u64),
    /// The database could not be asked.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Refused {
    fn from(err: sqlx::Error) -> Refused {
        Refused::Db(err)
    }
}

/// A reserved password check. Resolve it with [`Slot::failed`] or
/// [`Slot::succeeded`]; dropped unresolved (an error on the way), it counts
/// as a failure, so errors cannot be used to guess for free.
pub struct Slot {
    db: Db,
    tenant: TenantId,
    id: Uuid,
    keys: Vec<Key>,
    resolved: bool,
}

impl ThrottleStore {
    pub fn new(db: Db) -> ThrottleStore {
        ThrottleStore { db }
    }

    /// Takes a slot for one password check, or says how many seconds to wait.
    pub async fn begin(&self, attempt: &Attempt<'_>) -> Result<Slot, Refused> {
        let email = attempt.email.as_str().to_owned();
        let mut keys: Vec<Key> = match attempt.device {
            Some(device) => vec![Key::Device(email, device.to_owned())],
            None => {
                let mut keys = vec![Key::Account(email)];
                keys.extend(attempt.ip.map(Key::Ip));
                keys
            }
        };
        // Locks in one order everywhere, so two checks cannot deadlock.
        keys.sort_by_cached_key(Key::bucket);
        let buckets: Vec<Vec<u8>> = keys.iter().map(Key::bucket).collect();

        let mut tx = self.db.begin_as(attempt.tenant, None).await?;
        // A burst for one bucket (a school's address at nine) waits for
        // the lock at most this long, holding a connection meanwhile; then
        // it is told to retry, so a flood cannot drain the pool.
        sqlx::query!("select set_config('lock_timeout', '2s', true) as set")
            .fetch_one(&mut *tx)
            .await?;
        for bucket in &buckets {
            let locked = sqlx::query!(
                "select pg_advisory_xact_lock(hashtextextended('login_throttle:' || current_tenant_id()::text || encode($1, 'hex'), 0)) as locked",
                bucket
            )
            .fetch_one(&mut *tx)
            .await;
            match locked {
                Ok(_) => {}
                // lock_not_available: the lock timeout passed.
                Err(e) if crate::db::is_lock_timeout(&e) => {
                    return Err(Refused::RetryAfter(BUSY_RETRY_SECS));
                }
                Err(e) => return Err(e.into()),
            }
        }
        let now = sqlx::query_scalar!(
            r#"select extract(epoch from clock_timestamp())::bigint as "now!""#
        )
        .fetch_one(&mut *tx)
        .await? as u64;
        let rows = sqlx::query!(
            r#"select bucket, extract(epoch from at)::bigint as "at!", running
                 from login_attempt where bucket = any($1) order by at"#,
            &buckets
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut wait = 0;
        for (key, bucket) in keys.iter().zip(&buckets) {
            let mut failures = Vec::new();
            let mut running = 0;
            for row in rows.iter().filter(|r| &r.bucket == bucket) {
                let at = row.at.max(0) as u64;
                if row.running && at + STALE_RUNNING_SECS > now {
                    running += 1;
                } else {
                    failures.push(at);
                }
            }
            wait = wait.max(wait_secs(key.policy(), &mut failures, running, now));
        }
        if wait > 0 {
            return Err(Refused::RetryAfter(wait));
        }
        let id = Uuid::new_v4();
        sqlx::query!(
            "insert into login_attempt (tenant_id, bucket, slot)
             select current_tenant_id(), b, $2 from unnest($1::bytea[]) as b",
            &buckets,
            id
        )
        .execute(&mut *tx)
        .await?;
        sweep(&mut tx).await?;
        tx.commit().await?;
        Ok(Slot {
            db: self.db.clone(),
            tenant: attempt.tenant,
            id,
            keys,
            resolved: false,
        })
    }
}

/// Deletes the tenant's attempts that have left every window (bounded
/// storage; an indexed delete of what expired since the last attempt).
async fn sweep(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    let longest = [
        LoginThrottle::PER_ACCOUNT,
        LoginThrottle::PER_IP,
        LoginThrottle::PER_DEVICE,
    ]
    .iter()
    .map(|p| p.window_secs)
    .max()
    .unwrap_or(0)
        + STALE_RUNNING_SECS;
    sqlx::query!(
        "delete from login_attempt where at < now() - make_interval(secs => $1)",
        longest as f64
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Slot {
    /// Records the outcome in `tx` (a transaction of the slot's tenant).
    async fn record(
        tx: &mut TenantTx,
        id: Uuid,
        keys: &[Key],
        failed: bool,
    ) -> Result<(), sqlx::Error> {
        if failed {
            sqlx::query!(
                "update login_attempt set running = false, at = now() where slot = $1",
                id
            )
            .execute(&mut **tx)
            .await?;
            return Ok(());
        }
        // A success clears the account's (or device's) failures, not the
        // IP's: one good password must not reset guessing at other accounts
        // from that address. Other checks still running keep their slots.
        let cleared: Vec<Vec<u8>> = keys
            .iter()
            .filter(|k| !matches!(k, Key::Ip(_)))
            .map(Key::bucket)
            .collect();
        sqlx::query!(
            "delete from login_attempt where slot = $1 or (bucket = any($2) and not running)",
            id,
            &cleared
        )
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Gives the slot back unused: the password was never checked (the
    /// database failed before), so nothing was learned and nothing counts.
    /// Recorded in the background, as a dropped slot is.
    pub fn give_back(mut self) {
        self.resolved = true;
        let (db, tenant, id) = (self.db.clone(), self.tenant, self.id);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let given_back = async {
                    let mut tx = db.begin_as(tenant, None).await?;
                    sqlx::query!("delete from login_attempt where slot = $1 and running", id)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await
                };
                if let Err(err) = given_back.await {
                    tracing::warn!(error = %err, "could not give back a login slot");
                }
            });
        }
    }

    /// Records the check as a failure, in the caller's transaction (the one
    /// that audits the failure): a request never holds two connections, so
    /// a burst of logins cannot starve the pool.
    pub async fn failed(mut self, tx: &mut TenantTx) -> Result<(), sqlx::Error> {
        self.resolved = true;
        Slot::record(tx, self.id, &self.keys, true).await
    }

    /// Gives the slot back and clears the account's failures, in the
    /// caller's transaction (the one that starts the session). Should that
    /// transaction not commit, the slot turns into a failure once stale.
    pub async fn succeeded(mut self, tx: &mut TenantTx) -> Result<(), sqlx::Error> {
        self.resolved = true;
        Slot::record(tx, self.id, &self.keys, false).await
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if self.resolved {
            return;
        }
        let (db, tenant, id) = (self.db.clone(), self.tenant, self.id);
        let keys = std::mem::take(&mut self.keys);
        // Recorded in the background (Drop cannot wait); if even that
        // fails, the running row turns into a failure once it is stale.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let recorded = async {
                    let mut tx = db.begin_as(tenant, None).await?;
                    Slot::record(&mut tx, id, &keys, true).await?;
                    tx.commit().await
                };
                if let Err(err) = recorded.await {
                    tracing::warn!(error = %err, "could not record an abandoned login attempt");
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_checks_count_against_the_limit_only_while_they_run() {
        let policy = LoginThrottle::PER_ACCOUNT;
        let now = 10_000;
        // Four failures and one running check: the limit of five is taken.
        let mut failures = vec![now - 10; 4];
        assert_eq!(wait_secs(policy, &mut failures, 1, now), BUSY_RETRY_SECS);
        // Without the running check there is room for one more.
        assert_eq!(wait_secs(policy, &mut failures, 0, now), 0);
        // Five failures lock the account for the rest of the window.
        let mut failures = vec![now - 10; 5];
        assert_eq!(
            wait_secs(policy, &mut failures, 0, now),
            policy.window_secs - 10
        );
        // Failures that left the window no longer count.
        let mut failures = vec![now - policy.window_secs; 5];
        assert_eq!(wait_secs(policy, &mut failures, 0, now), 0);
        assert!(failures.is_empty());
    }

    #[test]
    fn buckets_name_what_they_count_without_holding_it() {
        let account = Key::Account("lena@acme.test".into());
        let device = Key::Device("lena@acme.test".into(), "d1".into());
        let ip = Key::Ip("203.0.113.9".parse().unwrap());
        let buckets = [account.bucket(), device.bucket(), ip.bucket()];
        assert!(buckets.iter().all(|b| b.len() == 32));
        assert_ne!(buckets[0], buckets[1]);
        assert_ne!(buckets[0], Key::Account("lena@acme.tes".into()).bucket());
        assert!(!buckets[0].windows(4).any(|w| w == b"lena"));
    }
}
