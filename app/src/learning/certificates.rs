//! Certificates of completion (the `certificate` table): issued by a job
//! when an enrollment is completed, found by their public code, checked
//! against the portal's keys, revoked by admins.
//!
//! Completing a course ([`request_issue`], called where the enrollment
//! becomes completed, in that transaction) only enqueues the job
//! `certificate.issue`. The job ([`issue_job`]) gathers what the
//! certificate states, draws its code, signs its credential
//! (`signing.rs`) and stores it, all in one transaction: a certificate
//! exists only signed.

use super::enrollments::Enrollment;
use super::signing::{self, VerifyError};
use crate::db::TenantTx;
use crate::error::AppError;
use crate::jobs::JobEnv;
use futures_util::future::BoxFuture;
use lyceum::learning::certificate::{
    self as rules, CertificateCode, CertificateFacts, ReasonError,
};
use lyceum::learning::enrollment::EnrollmentStatus;
use lyceum::{Actor, CourseId, EnrollmentId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// The job that issues a completed enrollment's certificate.
pub const ISSUE_JOB: &str = "certificate.issue";

/// A certificate as stored.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub id: Uuid,
    pub code: CertificateCode,
    pub enrollment: EnrollmentId,
    pub learner: UserId,
    pub course: CourseId,
    pub learner_name: String,
    pub course_title: String,
    pub instructor_name: String,
    pub issuer_name: String,
    pub issuer_url: String,
    pub completed_at: OffsetDateTime,
    pub issued_at: OffsetDateTime,
    pub credential_jwt: String,
    pub key_id: String,
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_reason: Option<String>,
}

impl Certificate {
    pub fn verify_url(&self) -> String {
        rules::verify_url(&self.issuer_url, &self.code)
    }
}

macro_rules! certificate_from_row {
    ($r:expr) => {
        Certificate {
            id: $r.certificate_id,
            code: CertificateCode::parse(&$r.code)
                .expect("the table's check keeps codes well formed"),
            enrollment: $r.enrollment_id.into(),
            learner: $r.learner_id.into(),
            course: $r.course_id.into(),
            learner_name: $r.learner_name,
            course_title: $r.course_title,
            instructor_name: $r.instructor_name,
            issuer_name: $r.issuer_name,
            issuer_url: $r.issuer_url,
            completed_at: $r.completed_at,
            issued_at: $r.issued_at,
            credential_jwt: $r.credential_jwt,
            key_id: $r.key_id,
            revoked_at: $r.revoked_at,
            revoked_reason: $r.revoked_reason,
        }
    };
}

/// Enqueues the certificate of `enrollment`, which has just been completed.
pub async fn request_issue(tx: &mut TenantTx, enrollment: EnrollmentId) -> Result<(), sqlx::Error> {
    crate::jobs::enqueue(
        tx,
        ISSUE_JOB,
        &enrollment.to_string(),
        serde_json::json!({ "enrollment": enrollment.uuid() }),
    )
    .await?;
    Ok(())
}

/// The job [`ISSUE_JOB`]: `{"enrollment": uuid}`. Does nothing when the
/// enrollment is gone, not completed, or already has its certificate.
pub fn issue_job<'a>(
    env: &'a JobEnv,
    tx: &'a mut TenantTx,
    payload: &'a serde_json::Value,
) -> BoxFuture<'a, Result<(), anyhow::Error>> {
    Box::pin(async move {
        let id: Uuid = serde_json::from_value(payload["enrollment"].clone())?;
        issue(env, tx, id.into()).await.map(|_| ())
    })
}

/// Issues `enrollment`'s certificate if it is due one; returns it.
pub async fn issue(
    env: &JobEnv,
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
) -> Result<Option<Certificate>, anyhow::Error> {
    // The portal's key first (its first is generated now, for a moment of
    // CPU), before the learner's enrollment is locked: the player's
    // progress writes wait on that lock.
    let key = signing::current_or_create(tx).await?;
    let Some(enrollment) = super::enrollments::lock_by_id(tx, enrollment).await? else {
        return Ok(None);
    };
    let (EnrollmentStatus::Completed, Some(completed_at)) =
        (enrollment.status, enrollment.completed_at)
    else {
        return Ok(None);
    };
    if let Some(existing) = of_enrollment(tx, enrollment.id).await? {
        return Ok(Some(existing));
    }
    let Some(course) = crate::catalog::enrollable::course(
        tx,
        crate::catalog::enrollable::CourseRef::Id(enrollment.course),
    )
    .await?
    else {
        return Ok(None);
    };
    let portal = crate::identity::tenants::resolve(
        &env.db,
        crate::identity::tenants::TenantKey::Id(tx.tenant().uuid()),
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("the portal of a job is gone"))?;
    let Some(subdomain) = portal.subdomain.as_deref() else {
        return Ok(None);
    };
    let origin = crate::request::portal_origin_of(&env.config, subdomain);
    let learner_name = learner_name(tx, &enrollment).await?;
    let code = CertificateCode::from_random(rand::random());
    let id = Uuid::new_v4();
    let course_url = format!("{origin}/courses/{}", course.slug);
    let instructor_url = format!("{origin}/instructors/{}", course.instructor_id);
    let facts = CertificateFacts {
        id,
        code: &code,
        learner_name: &learner_name,
        course_title: &course.title,
        course_url: &course_url,
        course_summary: "",
        instructor_name: &course.instructor,
        instructor_url: &instructor_url,
        issuer_name: &portal.name,
        issuer_url: &origin,
        completed_at,
    };
    let claims = rules::credential_claims(&facts);
    let jwt = signing::sign(&key, &claims).await?;
    let row = sqlx::query!(
        r#"insert into certificate
              (tenant_id, certificate_id, code, enrollment_id, learner_id, course_id, learner_name,
            course_title, instructor_name, issuer_name, issuer_url, completed_at, credential_jwt,
            key_id)
           values (current_tenant_id(), $13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           returning certificate_id, code, enrollment_id, learner_id, course_id, learner_name,
                     course_title, instructor_name, issuer_name, issuer_url, completed_at,
                     issued_at, credential_jwt, key_id, revoked_at, revoked_reason"#,
        code.as_str(),
        enrollment.id.uuid(),
        enrollment.learner.uuid(),
        enrollment.course.uuid(),
        learner_name,
        course.title,
        course.instructor,
        portal.name,
        origin,
        completed_at,
        jwt,
        key.key_id,
        id
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Some(certificate_from_row!(row)))
}

async fn learner_name(tx: &mut TenantTx, enrollment: &Enrollment) -> Result<String, sqlx::Error> {
    let name = sqlx::query_scalar!(
        "select display_name from person_name where tenant_id = current_tenant_id() and user_id = $1",
        enrollment.learner.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten();
    Ok(name.unwrap_or_else(|| "Learner".into()))
}

/// The certificate with this code, if any (revoked ones too).
pub async fn by_code(
    tx: &mut TenantTx,
    code: &CertificateCode,
) -> Result<Option<Certificate>, sqlx::Error> {
    let row = sqlx::query!(
        "select certificate_id, code, enrollment_id, learner_id, course_id, learner_name,
                course_title, instructor_name, issuer_name, issuer_url, completed_at,
                issued_at, credential_jwt, key_id, revoked_at, revoked_reason
           from certificate where tenant_id = current_tenant_id() and code = $1",
        code.as_str()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| certificate_from_row!(r)))
}

/// The certificate of an enrollment, if issued.
pub async fn of_enrollment(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
) -> Result<Option<Certificate>, sqlx::Error> {
    let row = sqlx::query!(
        "select certificate_id, code, enrollment_id, learner_id, course_id, learner_name,
                course_title, instructor_name, issuer_name, issuer_url, completed_at,
                issued_at, credential_jwt, key_id, revoked_at, revoked_reason
           from certificate where tenant_id = current_tenant_id() and enrollment_id = $1",
        enrollment.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| certificate_from_row!(r)))
}

/// A learner's certificates, newest first.
pub async fn of_learner(
    tx: &mut TenantTx,
    learner: UserId,
) -> Result<Vec<Certificate>, sqlx::Error> {
    let rows = sqlx::query!(
        "select certificate_id, code, enrollment_id, learner_id, course_id, learner_name,
                course_title, instructor_name, issuer_name, issuer_url, completed_at,
                issued_at, credential_jwt, key_id, revoked_at, revoked_reason
           from certificate where tenant_id = current_tenant_id() and learner_id = $1
          order by issued_at desc",
        learner.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|r| certificate_from_row!(r)).collect())
}

/// The portal's certificates, newest first (the admins' list).
pub async fn recent(tx: &mut TenantTx, limit: i64) -> Result<Vec<Certificate>, sqlx::Error> {
    let rows = sqlx::query!(
        "select certificate_id, code, enrollment_id, learner_id, course_id, learner_name,
                course_title, instructor_name, issuer_name, issuer_url, completed_at,
                issued_at, credential_jwt, key_id, revoked_at, revoked_reason
           from certificate where tenant_id = current_tenant_id()
          order by issued_at desc, certificate_id
          limit $1",
        limit.clamp(1, 500)
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|r| certificate_from_row!(r)).collect())
}

/// The portal's revoked certificates, oldest revocation first: their
/// credential ids and reasons (the revocation list).
pub async fn revoked(tx: &mut TenantTx) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select certificate_id, revoked_reason as "reason!" from certificate
            where tenant_id = current_tenant_id() and revoked_at is not null
            order by revoked_at, certificate_id"#
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.certificate_id, r.reason))
        .collect())
}

/// What checking a certificate's credential found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// The signature verifies with the portal's published key, and the
    /// claims say what the record says.
    Valid,
    /// It does not (a changed byte, another key): the record is not to be
    /// trusted.
    Invalid,
}

/// Verifies `certificate`'s credential against the portal's own key.
pub async fn check(tx: &mut TenantTx, certificate: &Certificate) -> Result<Signature, sqlx::Error> {
    let Some(key) = signing::public_key(tx, &certificate.key_id).await? else {
        return Ok(Signature::Invalid);
    };
    let stated = rules::Stated {
        id: certificate.id,
        issuer_url: &certificate.issuer_url,
        issuer_name: &certificate.issuer_name,
        learner_name: &certificate.learner_name,
        course_title: &certificate.course_title,
        instructor_name: &certificate.instructor_name,
        completed_at: certificate.completed_at,
    };
    Ok(
        match signing::verify(&certificate.credential_jwt, &key, &certificate.issuer_url) {
            Ok(claims) if rules::claims_match(&claims, &stated) => Signature::Valid,
            Ok(_) => Signature::Invalid,
            Err(VerifyError::UnknownKey | VerifyError::Invalid(_)) => Signature::Invalid,
        },
    )
}

/// How a revocation went.
#[derive(Debug, Clone)]
pub enum Revocation {
    Revoked(Certificate),
    /// Already revoked: the first reason stands.
    AlreadyRevoked(Certificate),
}

/// Revokes a certificate (admins). Errors: 403, 404, a field error on
/// `reason`.
pub async fn revoke(
    tx: &mut TenantTx,
    actor: Actor,
    code: &CertificateCode,
    reason: &str,
) -> Result<Revocation, AppError> {
    // Withdrawing a credential is moderation: admins only.
    if !actor.persona.can(lyceum::Permission::ContentModerate) {
        return Err(AppError::Forbidden);
    }
    let reason = rules::revocation_reason(reason)
        .map_err(|e: ReasonError| AppError::invalid("reason", e.to_string()))?;
    let updated = sqlx::query!(
        "update certificate set revoked_at = now(), revoked_reason = $2, revoked_by = $3
          where tenant_id = current_tenant_id() and code = $1 and revoked_at is null",
        code.as_str(),
        reason,
        actor.id.uuid()
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let certificate = by_code(tx, code).await?.ok_or(AppError::NotFound)?;
    Ok(if updated == 1 {
        tracing::info!(certificate.code = %code, "certificate revoked");
        Revocation::Revoked(certificate)
    } else {
        Revocation::AlreadyRevoked(certificate)
    })
}
