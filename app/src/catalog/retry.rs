//! What a course form held when a save without JavaScript failed.
//!
//! With JavaScript the editor keeps its inputs and shows the field errors
//! the server function returned. A plain HTML form post instead ends in a
//! redirect, and the framework's error redirect carries only the error, so
//! the page would come back with what was stored, not what was typed. The
//! failed draft is therefore kept for a few minutes under a random token,
//! and the redirect goes to the editor with `?retry=<token>`; only the same
//! person in the same portal, on the same course, gets it back.
//!
//! Kept in the tenant's `form_retry` table, not in process memory: with
//! several server processes behind a balancer, the redirect may be served
//! by another process than the failed save. A form is too large for the
//! URL or a cookie (a description alone may be 20,000 characters).

use super::records::{CourseDraft, CourseRetry};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::{CourseId, UserId};
use uuid::Uuid;

/// How long a failed draft waits for its redirect (and a reload or two).
const KEEP_SECS: f64 = 15.0 * 60.0;
/// At most this many drafts are kept per person; beyond it the oldest go.
const PER_USER: i64 = 20;

/// Keeps `draft` and its error for `user` (the transaction's tenant);
/// returns the token for the redirect.
pub async fn put(
    tx: &mut TenantTx,
    user: UserId,
    course: Option<CourseId>,
    draft: CourseDraft,
    error: AppError,
) -> Result<String, sqlx::Error> {
    let token = Uuid::new_v4().simple().to_string();
    let retry = serde_json::to_value(CourseRetry { draft, error })
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query!(
        "delete from form_retry where created_at < now() - make_interval(secs => $1)",
        KEEP_SECS
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "insert into form_retry (tenant_id, token, user_id, course_id, retry)
         values (current_tenant_id(), $1, $2, $3, $4)",
        token,
        user.uuid(),
        course.map(CourseId::uuid),
        retry
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "delete from form_retry where user_id = $1 and token not in
           (select token from form_retry where user_id = $1 order by created_at desc, token limit $2)",
        user.uuid(),
        PER_USER
    )
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The draft kept under `token`, if it is this person's, on this form,
/// and not expired. It stays until it expires, so a reload shows it again.
pub async fn get(
    tx: &mut TenantTx,
    token: &str,
    user: UserId,
    course: Option<CourseId>,
) -> Result<Option<CourseRetry>, sqlx::Error> {
    let row = sqlx::query_scalar!(
        "select retry from form_retry
          where token = $1 and user_id = $2 and course_id is not distinct from $3
            and created_at >= now() - make_interval(secs => $4)",
        token,
        user.uuid(),
        course.map(CourseId::uuid),
        KEEP_SECS
    )
    .fetch_optional(&mut **tx)
    .await?;
    // A row that no longer reads as a retry (written by an older release)
    // is as good as absent: the editor shows the stored course.
    Ok(row.and_then(|value| serde_json::from_value(value).ok()))
}
