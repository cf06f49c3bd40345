//! The only doors into PostgreSQL.
//!
//! * [`Db::begin`] opens a transaction bound to the request's tenant (and
//!   user) with transaction-local `set_config`, so row level security scopes
//!   every statement in it. It is the only way code obtains a tenant
//!   connection; [`Db::begin_as`] does the same for the middleware that
//!   builds the request context (the session lookup, the API's token check).
//! * [`Db::pre_tenant`] runs the narrow SECURITY DEFINER lookups needed
//!   before a tenant is known (host → tenant, the portal directory).
//!
//! The pool itself is private: nothing else can run a query outside a
//! tenant transaction by accident.
//!
//! ## Commit notifications
//!
//! A write says what it changed ([`TenantTx::changed`]). Committing then
//! tells every subscriber ([`Db::subscribe`], registered at start-up: the
//! catalog's caches) in this process, and every other server process through
//! PostgreSQL's `NOTIFY`, which is sent only if the transaction commits
//! ([`Db::listen_for_changes`] receives it). No handler clears a cache by
//! hand, and a course published through one process shows in another's
//! search at once, not after the cache's TTL.

use crate::request::RequestCtx;
use lyceum::{Actor, TenantId, UserId};
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use sqlx::{PgConnection, Postgres, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone)]
pub struct Db {
    pool: PgPool,
    /// Where the pool connects: the change listener opens its own session
    /// there (not one of the pool's connections, which requests need).
    url: Option<Arc<str>>,
    changes: Arc<Subscribers>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

/// What a committed write changed, as far as derived data cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// Courses or categories (catalog pages, counts and facets).
    Catalog,
    /// The portal's own settings (its currency: every price shown).
    TenantSettings,
}

impl Change {
    const ALL: [Change; 2] = [Change::Catalog, Change::TenantSettings];

    fn as_str(self) -> &'static str {
        match self {
            Change::Catalog => "catalog",
            Change::TenantSettings => "tenant_settings",
        }
    }

    fn parse(raw: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

/// The `NOTIFY` channel of commit notifications. Payload:
/// `<sending process id> <change> <tenant id>`.
const CHANGES_CHANNEL: &str = "lyceum_changes";

/// Called with the tenant whose data changed, or `None` when any tenant's
/// may have (notifications were missed while the listener reconnected).
type Subscriber = Box<dyn Fn(Option<TenantId>) + Send + Sync>;

struct Subscribers {
    /// This process, so that it skips its own notifications (it told its
    /// subscribers at commit already).
    process: Uuid,
    list: RwLock<Vec<(Change, Subscriber)>>,
}

impl Subscribers {
    fn publish(&self, change: Change, tenant: Option<TenantId>) {
        let list = self.list.read().unwrap_or_else(|e| e.into_inner());
        for (wanted, subscriber) in list.iter() {
            if *wanted == change {
                subscriber(tenant);
            }
        }
    }
}

/// A transaction in which `app.tenant_id` (and `app.user_id`) are set.
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
    tenant: TenantId,
    actor: Option<Actor>,
    changed: Vec<Change>,
    changes: Arc<Subscribers>,
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        Ok(Db {
            url: Some(url.into()),
            ..Db::from_pool(pool)
        })
    }

    pub fn from_pool(pool: PgPool) -> Db {
        Db {
            pool,
            url: None,
            changes: Arc::new(Subscribers {
                process: Uuid::new_v4(),
                list: RwLock::new(Vec::new()),
            }),
        }
    }

    /// The request's tenant transaction, as its signed-in user (if any).
    pub async fn begin(&self, ctx: &RequestCtx) -> Result<TenantTx, sqlx::Error> {
        let mut tx = self
            .begin_as(ctx.tenant.id, ctx.user.as_ref().map(|u| u.id))
            .await?;
        tx.actor = ctx.actor();
        Ok(tx)
    }

    /// A tenant transaction for code that runs before the request context
    /// exists (the middleware that looks up the session, the API's token
    /// check); everything else uses [`Db::begin`].
    pub async fn begin_as(
        &self,
        tenant_id: TenantId,
        user_id: Option<UserId>,
    ) -> Result<TenantTx, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let user = user_id.map(|u| u.to_string()).unwrap_or_default();
        sqlx::query!(
            "select set_config('app.tenant_id', $1, true) as tenant, set_config('app.user_id', $2, true) as user_,
                    set_config('lock_timeout', $3, true) as lock_timeout",
            tenant_id.to_string(),
            user,
            LOCK_TIMEOUT
        )
        .fetch_one(&mut *tx)
        .await?;
        Ok(TenantTx {
            tx,
            tenant: tenant_id,
            actor: None,
            changed: Vec::new(),
            changes: self.changes.clone(),
        })
    }

    /// Calls `subscriber` after every committed write that recorded
    /// `change`, in this process or (once [`Db::listen_for_changes`] runs)
    /// in any other. Subscribers run on the committing task: keep them quick.
    pub fn subscribe(
        &self,
        change: Change,
        subscriber: impl Fn(Option<TenantId>) + Send + Sync + 'static,
    ) {
        self.changes
            .list
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push((change, Box::new(subscriber)));
    }

    /// Receives the other processes' commit notifications until the
    /// process ends (spawn it once at start-up). A lost connection is
    /// reopened; since notifications sent meanwhile are lost, every
    /// subscriber is then told that any tenant may have changed.
    pub async fn listen_for_changes(self) {
        loop {
            match self.listen_once().await {
                Ok(()) => tracing::warn!("the change listener's connection closed; reconnecting"),
                Err(err) => {
                    tracing::warn!(error = %err, "the change listener failed; reconnecting")
                }
            }
            for change in Change::ALL {
                self.changes.publish(change, None);
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// A connection of its own that `LISTEN`s (commit notifications, job
    /// wake-ups).
    pub async fn listener(&self) -> Result<PgListener, sqlx::Error> {
        match &self.url {
            Some(url) => PgListener::connect(url).await,
            None => PgListener::connect_with(&self.pool).await,
        }
    }

    async fn listen_once(&self) -> Result<(), sqlx::Error> {
        let mut listener = self.listener().await?;
        listener.listen(CHANGES_CHANNEL).await?;
        // Anything committed before LISTEN took effect was not heard.
        for change in Change::ALL {
            self.changes.publish(change, None);
        }
        while let Some(notification) = listener.try_recv().await? {
            let mut parts = notification.payload().split(' ');
            let (Some(process), Some(change), Some(tenant)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if process == self.changes.process.to_string() {
                continue;
            }
            if let (Some(change), Ok(tenant)) = (Change::parse(change), tenant.parse::<TenantId>())
            {
                self.changes.publish(change, Some(tenant));
            }
        }
        Ok(())
    }

    /// A connection for the pre-tenant SECURITY DEFINER functions and health
    /// checks only. Plain table reads through it see nothing: RLS is forced
    /// and no tenant is set.
    pub async fn pre_tenant(&self) -> Result<sqlx::pool::PoolConnection<Postgres>, sqlx::Error> {
        self.pool.acquire().await
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query!("select 1 as one")
            .fetch_one(&self.pool)
            .await
            .map(|_| ())
    }

    /// Refuses to run as a role that row level security would not apply to.
    pub async fn assert_runtime_role(&self) -> Result<(), String> {
        let row = sqlx::query!(
            r#"
            select r.rolname as "role!", r.rolsuper as "is_superuser!", r.rolbypassrls as "bypasses_rls!",
                   (select count(*) from pg_class c
                     where c.relkind in ('r', 'p', 'v', 'm')
                       and pg_has_role(current_user, c.relowner, 'USAGE')) as "owned_tables!"
            from pg_roles r where r.rolname = current_user
            "#
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| format!("could not inspect the database role: {e}"))?;
        let mut problems = Vec::new();
        if row.is_superuser {
            problems.push("is a superuser");
        }
        if row.bypasses_rls {
            problems.push("has BYPASSRLS");
        }
        if row.owned_tables > 0 {
            problems.push("owns tables (owners can bypass row level security)");
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "refusing to start: the database role `{}` {}. Connect the server as the runtime role \
                 (login, nosuperuser, nobypassrls, owning nothing) via APP_DATABASE_URL.",
                row.role,
                problems.join(", ")
            ))
        }
    }
}

impl TenantTx {
    /// The tenant this transaction is bound to.
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    /// Who acts: the request's signed-in person (`None` for a visitor, and
    /// for the transactions middlewares open before the person is known).
    pub fn actor(&self) -> Option<Actor> {
        self.actor
    }

    /// Records that this transaction's writes change `change`: committing
    /// notifies its subscribers here and in every other process.
    pub fn changed(&mut self, change: Change) {
        if !self.changed.contains(&change) {
            self.changed.push(change);
        }
    }

    /// Commits, then notifies the subscribers of what changed.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        for change in &self.changed {
            // Delivered by PostgreSQL only if the transaction commits.
            let payload = format!(
                "{} {} {}",
                self.changes.process,
                change.as_str(),
                self.tenant
            );
            sqlx::query!("select pg_notify($1, $2) as sent", CHANGES_CHANNEL, payload)
                .fetch_one(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        for change in &self.changed {
            self.changes.publish(*change, Some(self.tenant));
        }
        Ok(())
    }

    /// A savepoint in this transaction: when a statement in it fails, roll
    /// it back and the transaction stays usable (a failed statement
    /// otherwise aborts the whole transaction), so the caller can try again
    /// differently. Commit it to keep what it did.
    pub async fn savepoint(&mut self) -> Result<Transaction<'_, Postgres>, sqlx::Error> {
        sqlx::Connection::begin(&mut *self.tx).await
    }
}

/// Constraints that stand for rules a person can break, with the form
/// field and message each becomes: the one place constraint names turn
/// into field errors (`From<sqlx::Error> for AppError` reads it). A
/// check-then-insert can lose a race to a concurrent request; the database
/// then refuses, and the person sees the same message the check gives.
pub const CONSTRAINT_FIELDS: &[(&str, &str, &str)] = &[
    (
        "app_user_email_key",
        "email",
        "is already registered on this portal",
    ),
    (
        "course_slug_key",
        "slug",
        "is already used by another course",
    ),
    (
        "category_slug_key",
        "slug",
        "is already used by another category",
    ),
    (
        "course_currency_is_tenants",
        "currency",
        "must be the portal's currency",
    ),
];

/// The unique or check constraint `err` broke, if that is why it failed.
pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
    let db = err.as_database_error()?;
    matches!(
        db.kind(),
        sqlx::error::ErrorKind::UniqueViolation | sqlx::error::ErrorKind::CheckViolation
    )
    .then(|| db.constraint())
    .flatten()
}

/// How long a statement of a tenant transaction waits for a lock (a row
/// another request is updating, the category tree's advisory lock) before
/// giving up with `lock_not_available`, which the request answers as
/// `AppError::Busy` (503, "try again"): a request never hangs on another,
/// nor holds its pooled connection meanwhile. PostgreSQL's interval syntax.
pub const LOCK_TIMEOUT: &str = "3s";

/// Whether `err` is a lock wait that outlasted [`LOCK_TIMEOUT`] (SQLSTATE
/// 55P03, lock_not_available).
pub fn is_lock_timeout(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.code().as_deref() == Some("55P03"))
}

/// The field error for a broken constraint of [`CONSTRAINT_FIELDS`].
pub fn constraint_field_error(err: &sqlx::Error) -> Option<(&'static str, &'static str)> {
    let name = violated_constraint(err)?;
    CONSTRAINT_FIELDS
        .iter()
        .find(|(constraint, ..)| *constraint == name)
        .map(|(_, field, message)| (*field, *message))
}

impl Deref for TenantTx {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.tx
    }
}

impl DerefMut for TenantTx {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}
