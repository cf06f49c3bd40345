//! The only doors into PostgreSQL.
//!
//! * [`Db::begin_tenant`] opens a transaction bound to one tenant (and user)
//!   with transaction-local `set_config`, so row level security scopes every
//!   statement in it. It is the only way code obtains a tenant connection.
//! * [`Db::pre_tenant`] runs the narrow SECURITY DEFINER lookups needed
//!   before a tenant is known (host → tenant, the portal directory).
//!
//! The pool itself is private: nothing else can run a query outside a
//! tenant transaction by accident.

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{PgConnection, Postgres, Transaction};
use std::ops::{Deref, DerefMut};
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Db {
    pool: PgPool,
}

/// A transaction in which `app.tenant_id` (and `app.user_id`) are set.
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        Ok(Db { pool })
    }

    pub fn from_pool(pool: PgPool) -> Db {
        Db { pool }
    }

    pub async fn begin_tenant(
        &self,
        tenant_id: Uuid,
        user_id: Option<Uuid>,
    ) -> Result<TenantTx, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let user = user_id.map(|u| u.to_string()).unwrap_or_default();
        sqlx::query!(
            "select set_config('app.tenant_id', $1, true) as tenant, set_config('app.user_id', $2, true) as user_",
            tenant_id.to_string(),
            user
        )
        .fetch_one(&mut *tx)
        .await?;
        Ok(TenantTx { tx })
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
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
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
