//! Durable background jobs on PostgreSQL (the `job` table), for work that
//! must happen after a request and must not be lost: a certificate's
//! signature now, commerce's webhooks and e-mails later.
//!
//! No library fits: `apalis-postgres` 1.0 needs sqlx 0.9 and `sqlxmq` is
//! stuck on sqlx 0.7 (`LIBRARIES.md`); the queue is one table and one
//! claim function.
//!
//! - [`enqueue`] adds a job inside the caller's transaction, so it exists
//!   only if that transaction commits, and `NOTIFY`s the workers (delivered
//!   at commit). A second enqueue with the same kind and dedupe key finds
//!   the first.
//! - The worker ([`run`], one per server process) claims a few due jobs
//!   across tenants through the definer function `job_claim` (`FOR UPDATE
//!   SKIP LOCKED`, a lease of [`LEASE`] and a claim token), then runs each
//!   in its own tenant's transaction, cut off at [`RUN_LIMIT`] (inside the
//!   lease); the job is marked done in that same transaction, so its work
//!   and its completion commit together. A failure rolls the work back and
//!   schedules a retry after an exponential backoff with jitter
//!   ([`backoff`]); after `max_attempts` the job is marked failed and
//!   logged. A worker that dies mid-job gives it back when its lease ends;
//!   only the token's holder records an outcome, so a worker that outlived
//!   its lease changes nothing. Handlers must still be idempotent: in that
//!   case the work may be done twice (the certificate job finds the
//!   certificate it already issued).
//! - It wakes on `LISTEN lyceum_jobs`, and every [`POLL`] anyway (a retry
//!   falls due without a notification).

use crate::db::{Db, TenantTx};
use crate::state::Config;
use futures_util::future::BoxFuture;
use lyceum::TenantId;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The `NOTIFY` channel that wakes the workers.
const CHANNEL: &str = "lyceum_jobs";
/// How long a claimed job is a worker's own.
pub const LEASE: Duration = Duration::from_secs(120);
/// How long one job may run: well inside its lease, with the batch before
/// it (jobs of a batch run one after another).
pub const RUN_LIMIT: Duration = Duration::from_secs(20);
/// How often a worker looks for due jobs without being told.
pub const POLL: Duration = Duration::from_secs(10);
/// Jobs claimed at once: BATCH × RUN_LIMIT stays under LEASE.
const BATCH: i32 = 4;

/// What a job's handler may use besides its transaction.
pub struct JobEnv {
    pub db: Db,
    pub config: Arc<Config>,
}

/// A job's handler: does the job's work in `tx` (the job's tenant, no
/// user). An error rolls the work back and the job is retried.
pub type Handler = for<'a> fn(
    &'a JobEnv,
    &'a mut TenantTx,
    &'a serde_json::Value,
) -> BoxFuture<'a, Result<(), anyhow::Error>>;

/// The kinds of job this process runs, with their handlers (composed at
/// start-up from each context's jobs).
#[derive(Clone, Default)]
pub struct Handlers(Vec<(&'static str, Handler)>);

impl Handlers {
    pub fn with(mut self, kind: &'static str, handler: Handler) -> Handlers {
        self.0.push((kind, handler));
        self
    }

    fn get(&self, kind: &str) -> Option<Handler> {
        self.0.iter().find(|(k, _)| *k == kind).map(|(_, h)| *h)
    }

    fn kinds(&self) -> Vec<String> {
        self.0.iter().map(|(k, _)| (*k).to_owned()).collect()
    }
}

/// Adds a job to run after `tx` commits. Returns false when a job of this
/// kind and dedupe key already exists (done or not): nothing is added.
pub async fn enqueue(
    tx: &mut TenantTx,
    kind: &str,
    dedupe_key: &str,
    payload: serde_json::Value,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query!(
        "insert into job (tenant_id, kind, dedupe_key, payload)
         values (current_tenant_id(), $1, $2, $3)
         on conflict (tenant_id, kind, dedupe_key) do nothing",
        kind,
        dedupe_key,
        payload
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if added {
        sqlx::query!("select pg_notify($1, $2) as sent", CHANNEL, kind)
            .fetch_one(&mut **tx)
            .await?;
    }
    Ok(added)
}

/// Which of `dedupe_keys` name a job of `kind` still to run (queued or
/// retrying; not done, not given up).
pub async fn pending(
    tx: &mut TenantTx,
    kind: &str,
    dedupe_keys: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select dedupe_key from job
          where tenant_id = current_tenant_id() and kind = $1 and dedupe_key = any($2)
            and done_at is null and failed_at is null",
        kind,
        dedupe_keys
    )
    .fetch_all(&mut **tx)
    .await
}

/// The wait before retry `attempt` (1 = after the first failure): 5 s
/// doubling, at most an hour, less up to a fifth at random so that jobs
/// failing together do not retry together.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let base = 5.0 * 2f64.powi(attempt.saturating_sub(1).min(20) as i32);
    let capped = base.min(3600.0);
    Duration::from_secs_f64(capped * (1.0 - 0.2 * jitter.clamp(0.0, 1.0)))
}

/// Runs the due jobs of `handlers`' kinds until none is left; returns how
/// many succeeded. Tests call it to run what a request enqueued.
pub async fn run_due(db: &Db, env: &JobEnv, handlers: &Handlers) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let token = Uuid::new_v4();
        let claimed = claim(db, handlers, token).await?;
        if claimed.is_empty() {
            return Ok(done);
        }
        for job in claimed {
            if run_one(db, env, handlers, job, token).await? {
                done += 1;
            }
        }
    }
}

struct Claimed {
    tenant: TenantId,
    id: Uuid,
    kind: String,
    payload: serde_json::Value,
    attempts: i32,
}

async fn claim(db: &Db, handlers: &Handlers, token: Uuid) -> Result<Vec<Claimed>, sqlx::Error> {
    let mut conn = db.pre_tenant().await?;
    let rows = sqlx::query!(
        r#"select tenant_id as "tenant_id!", job_id as "job_id!", kind as "kind!",
                  payload as "payload!", attempts as "attempts!"
             from job_claim($1, make_interval(secs => $2), $3, $4)"#,
        &handlers.kinds(),
        LEASE.as_secs_f64(),
        BATCH,
        token
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Claimed {
            tenant: r.tenant_id.into(),
            id: r.job_id,
            kind: r.kind,
            payload: r.payload,
            attempts: r.attempts,
        })
        .collect())
}

/// Runs one claimed job; true when it succeeded.
async fn run_one(
    db: &Db,
    env: &JobEnv,
    handlers: &Handlers,
    job: Claimed,
    token: Uuid,
) -> Result<bool, sqlx::Error> {
    let Some(handler) = handlers.get(&job.kind) else {
        return Ok(false);
    };
    use futures_util::FutureExt;
    use tracing::Instrument;
    let span =
        tracing::info_span!("job", job.kind = %job.kind, job.id = %job.id, tenant.id = %job.tenant);
    let mut tx = db.begin_as(job.tenant, None).await?;
    // A panic in a handler fails that job, not the worker; so does
    // running past RUN_LIMIT (the work rolls back).
    let work = std::panic::AssertUnwindSafe(handler(env, &mut tx, &job.payload)).catch_unwind();
    let outcome = match tokio::time::timeout(RUN_LIMIT, work.instrument(span)).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => Err(anyhow::anyhow!("the job's handler panicked")),
        Err(_) => Err(anyhow::anyhow!(
            "the job ran longer than {} s",
            RUN_LIMIT.as_secs()
        )),
    };
    let outcome = match outcome {
        Ok(()) => {
            // Only while the claim is still ours: otherwise another worker
            // holds the job, and this work is rolled back.
            let marked = sqlx::query!(
                "update job set done_at = now(), locked_until = null, locked_by = null, last_error = null
                  where tenant_id = current_tenant_id() and job_id = $1 and locked_by = $2
                    and done_at is null",
                job.id,
                token
            )
            .execute(&mut *tx)
            .await;
            match marked {
                Ok(m) if m.rows_affected() == 1 => tx.commit().await.map_err(anyhow::Error::from),
                Ok(_) => {
                    tracing::warn!(job.kind = %job.kind, job.id = %job.id, "job: the claim ran out before it finished; its work is dropped");
                    return Ok(false);
                }
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => {
            drop(tx);
            Err(e)
        }
    };
    let Err(error) = outcome else {
        return Ok(true);
    };
    let attempt = u32::try_from(job.attempts).unwrap_or(1);
    let wait = backoff(attempt, rand::random::<f64>());
    let message: String = format!("{error:#}").chars().take(2000).collect();
    let mut tx = db.begin_as(job.tenant, None).await?;
    let recorded = sqlx::query_scalar!(
        r#"update job
              set locked_until = null,
                  locked_by = null,
                  last_error = $2,
                  run_at = now() + make_interval(secs => $3),
                  failed_at = case when attempts >= max_attempts then now() end
            where tenant_id = current_tenant_id() and job_id = $1 and locked_by = $4
              and done_at is null
        returning failed_at is not null as "gave_up!""#,
        job.id,
        message,
        wait.as_secs_f64(),
        token
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    // Not ours any more: another worker records what happens.
    let Some(gave_up) = recorded else {
        return Ok(false);
    };
    if gave_up {
        tracing::error!(job.kind = %job.kind, job.id = %job.id, tenant.id = %job.tenant, error = %message, "job failed for the last time");
    } else {
        tracing::warn!(job.kind = %job.kind, job.id = %job.id, tenant.id = %job.tenant, error = %message, retry_in_secs = wait.as_secs(), "job failed; retrying");
    }
    Ok(false)
}

/// The worker: runs due jobs whenever told or every [`POLL`], until the
/// process ends (spawn it once at start-up).
pub async fn run(db: Db, env: JobEnv, handlers: Handlers) {
    loop {
        let mut listener = match db.listener().await {
            Ok(mut l) => match l.listen(CHANNEL).await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!(error = %e, "jobs: LISTEN failed; polling only");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "jobs: no listener connection; polling only");
                None
            }
        };
        loop {
            if let Err(e) = run_due(&db, &env, &handlers).await {
                tracing::warn!(error = %e, "jobs: a pass failed");
            }
            match listener.as_mut() {
                Some(l) => match tokio::time::timeout(POLL, l.try_recv()).await {
                    Ok(Ok(Some(_))) | Err(_) => {}
                    // The connection closed: open a new one.
                    Ok(Ok(None)) | Ok(Err(_)) => break,
                },
                None => {
                    tokio::time::sleep(POLL).await;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_from_five_seconds_up_to_an_hour() {
        assert_eq!(backoff(1, 0.0), Duration::from_secs(5));
        assert_eq!(backoff(2, 0.0), Duration::from_secs(10));
        assert_eq!(backoff(4, 0.0), Duration::from_secs(40));
        assert_eq!(backoff(30, 0.0), Duration::from_secs(3600));
        assert_eq!(backoff(0, 0.0), Duration::from_secs(5));
        // Jitter takes off at most a fifth.
        assert_eq!(backoff(2, 1.0), Duration::from_secs(8));
        assert!(backoff(2, 0.5) > Duration::from_secs(8));
    }
}
