//! The login throttle's rules, against its PostgreSQL store (these were
//! the in-memory store's unit tests; the assertions are unchanged).

use crate::helpers::*;
use lyceum::Email;
use lyceum_app::db::Db;
use lyceum_app::identity::throttle::{Attempt, Refused, Slot, ThrottleStore, BUSY_RETRY_SECS};
use uuid::Uuid;

fn email() -> Email {
    Email::parse("lena@acme.test").unwrap()
}

fn attempt<'a>(tenant: Uuid, email: &'a Email, ip: &str, device: Option<&'a str>) -> Attempt<'a> {
    Attempt {
        tenant: tenant.into(),
        email,
        ip: Some(ip.parse().unwrap()),
        device,
    }
}

struct Store {
    db: Db,
    store: ThrottleStore,
    tenant: Uuid,
}

impl Store {
    async fn new() -> Store {
        let owner = owner_pool().await;
        let tenant = create_tenant(&owner).await.id;
        let db = runtime_db(3).await;
        Store {
            store: ThrottleStore::new(db.clone()),
            db,
            tenant,
        }
    }

    async fn begin(&self, attempt: Attempt<'_>) -> Result<Slot, u64> {
        match self.store.begin(&attempt).await {
            Ok(slot) => Ok(slot),
            Err(Refused::RetryAfter(secs)) => Err(secs),
            Err(Refused::Db(err)) => panic!("{err}"),
        }
    }

    async fn failed(&self, slot: Slot) {
        let mut tx = self.db.begin_as(self.tenant.into(), None).await.unwrap();
        slot.failed(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
    }

    async fn succeeded(&self, slot: Slot) {
        let mut tx = self.db.begin_as(self.tenant.into(), None).await.unwrap();
        slot.succeeded(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn slots_are_taken_before_the_check_so_parallel_guesses_are_capped() {
    let s = Store::new().await;
    let (tenant, email) = (s.tenant, email());
    // 30 attempts arrive before any check finishes.
    let mut slots = Vec::new();
    for _ in 0..30 {
        if let Ok(slot) = s.begin(attempt(tenant, &email, "10.0.0.1", None)).await {
            slots.push(slot);
        }
    }
    assert_eq!(slots.len(), 5, "only the per-account limit of checks run");
    for slot in slots {
        s.failed(slot).await;
    }
    assert!(s
        .begin(attempt(tenant, &email, "10.0.0.2", None))
        .await
        .is_err());
}

#[tokio::test]
async fn running_checks_hold_the_limit_only_while_they_run() {
    let s = Store::new().await;
    let tenant = s.tenant;
    // Twenty pupils behind one school address sign in at the same moment.
    let emails: Vec<Email> = (0..21)
        .map(|n| Email::parse(&format!("pupil{n}@acme.test")).unwrap())
        .collect();
    let mut slots = Vec::new();
    for e in &emails[..20] {
        slots.push(
            s.begin(attempt(tenant, e, "203.0.113.9", None))
                .await
                .unwrap(),
        );
    }
    // The twenty-first waits a second, not the fifteen minutes of a lockout.
    assert_eq!(
        s.begin(attempt(tenant, &emails[20], "203.0.113.9", None))
            .await
            .err(),
        Some(BUSY_RETRY_SECS)
    );
    for slot in slots {
        s.succeeded(slot).await;
    }
    assert!(s
        .begin(attempt(tenant, &emails[20], "203.0.113.9", None))
        .await
        .is_ok());
}

#[tokio::test]
async fn a_success_gives_the_slot_back() {
    let s = Store::new().await;
    let (tenant, email) = (s.tenant, email());
    for _ in 0..20 {
        let slot = s
            .begin(attempt(tenant, &email, "10.0.0.1", None))
            .await
            .unwrap();
        s.succeeded(slot).await;
    }
    for _ in 0..4 {
        let slot = s
            .begin(attempt(tenant, &email, "10.0.0.1", None))
            .await
            .unwrap();
        s.failed(slot).await;
    }
    // An error on the way (slot dropped) counts as the fifth failure; it
    // is recorded in the background.
    drop(
        s.begin(attempt(tenant, &email, "10.0.0.1", None))
            .await
            .unwrap(),
    );
    let mut refused = false;
    for _ in 0..50 {
        if s.begin(attempt(tenant, &email, "10.0.0.1", None))
            .await
            .is_err()
        {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused);
}

#[tokio::test]
async fn a_known_device_is_not_locked_out_by_others_guessing() {
    let s = Store::new().await;
    let tenant = s.tenant;
    // Twenty accounts guessed at from one school address: the address is blocked…
    for n in 0..20 {
        let other = Email::parse(&format!("pupil{n}@acme.test")).unwrap();
        let slot = s
            .begin(attempt(tenant, &other, "203.0.113.9", None))
            .await
            .unwrap();
        s.failed(slot).await;
    }
    let lena = email();
    assert!(s
        .begin(attempt(tenant, &lena, "203.0.113.9", None))
        .await
        .is_err());
    // …and Lena's account is guessed at from elsewhere until it is locked.
    for _ in 0..5 {
        let slot = s
            .begin(attempt(tenant, &lena, "198.51.100.7", None))
            .await
            .unwrap();
        s.failed(slot).await;
    }
    assert!(s
        .begin(attempt(tenant, &lena, "198.51.100.8", None))
        .await
        .is_err());
    // Lena's own browser, where she signed in before, still gets its checks.
    let slot = s
        .begin(attempt(tenant, &lena, "203.0.113.9", Some("device-1")))
        .await
        .expect("a known device has its own bucket");
    s.succeeded(slot).await;
    // Which has a limit of its own.
    for _ in 0..5 {
        let slot = s
            .begin(attempt(tenant, &lena, "203.0.113.9", Some("device-1")))
            .await
            .unwrap();
        s.failed(slot).await;
    }
    assert!(s
        .begin(attempt(tenant, &lena, "203.0.113.9", Some("device-1")))
        .await
        .is_err());
}

/// A portal's buckets are its own: an address blocked at one portal still
/// signs in at another (row level security scopes the table).
#[tokio::test]
async fn another_portals_guesses_do_not_count() {
    let s = Store::new().await;
    let other = create_tenant(&owner_pool().await).await.id;
    for n in 0..20 {
        let e = Email::parse(&format!("pupil{n}@acme.test")).unwrap();
        let slot = s
            .begin(attempt(s.tenant, &e, "203.0.113.9", None))
            .await
            .unwrap();
        s.failed(slot).await;
    }
    let lena = email();
    assert!(s
        .begin(attempt(s.tenant, &lena, "203.0.113.9", None))
        .await
        .is_err());
    assert!(s
        .begin(attempt(other, &lena, "203.0.113.9", None))
        .await
        .is_ok());
}

/// A successful login clears the account's recorded failures, not the
/// checks other requests are running at that moment: those still count.
#[tokio::test]
async fn a_success_leaves_checks_still_running_counted() {
    let s = Store::new().await;
    let (tenant, email) = (s.tenant, email());
    let owner = s
        .begin(attempt(tenant, &email, "10.0.0.1", None))
        .await
        .unwrap();
    let _guess = s
        .begin(attempt(tenant, &email, "10.0.0.2", None))
        .await
        .unwrap();
    s.succeeded(owner).await;
    let mut taken = Vec::new();
    while let Ok(slot) = s.begin(attempt(tenant, &email, "10.0.0.3", None)).await {
        taken.push(slot);
        assert!(taken.len() <= 5, "the running guess was forgotten");
    }
    assert_eq!(taken.len(), 4, "four more besides the running guess");
}

/// A slot given back (the database failed before the password was
/// checked) counts for nothing once it is gone.
#[tokio::test]
async fn a_slot_given_back_counts_for_nothing() {
    let s = Store::new().await;
    let (tenant, email) = (s.tenant, email());
    for _ in 0..4 {
        let slot = s
            .begin(attempt(tenant, &email, "10.0.0.1", None))
            .await
            .unwrap();
        s.failed(slot).await;
    }
    s.begin(attempt(tenant, &email, "10.0.0.1", None))
        .await
        .unwrap()
        .give_back();
    let mut free = false;
    for _ in 0..50 {
        if let Ok(slot) = s.begin(attempt(tenant, &email, "10.0.0.1", None)).await {
            s.failed(slot).await;
            free = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(free, "the fifth check is still available");
    assert!(s
        .begin(attempt(tenant, &email, "10.0.0.1", None))
        .await
        .is_err());
}
