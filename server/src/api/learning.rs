//! Learning's REST endpoints: enrollments, progress, quiz attempts and
//! certificates. Handlers open the caller's tenant transaction and call
//! learning's service functions; no SQL here. Another learner's
//! enrollment is 403; another portal's is 404 (row-level security hides it).
//!
//! - `POST /enrollments` `{"courseId"}`: 201 (200 when already enrolled);
//!   a paid course is 402 `payment_required` until commerce exists.
//! - `GET /enrollments`: the caller's enrollments.
//! - `GET /progress/{enrollmentId}`, `PATCH /progress/{enrollmentId}`
//!   `{"lessonId", "positionMs"?}`: a text or file lesson marked complete,
//!   or a video's position saved.
//! - `GET /progress/{enrollmentId}/quizzes/{lessonId}`: the quiz (the
//!   attempt in progress without its answer key, the last result);
//!   `POST …/quizzes/{lessonId}/attempts`: start one;
//!   `PUT /progress/{enrollmentId}/attempts/{attemptId}/answers` and
//!   `POST …/attempts/{attemptId}/submit` `{"answers": {questionId: [0, 2] | "text"}}`.
//! - `GET /certificates`: the caller's; `GET /certificates/{code}`: any
//!   certificate of the portal, public, with its signed credential.

use super::auth::Caller;
use super::body::JsonBody;
use super::error::ApiError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::StatusCode;
use lyceum::learning::certificate::CertificateCode;
use lyceum::learning::enrollment::EnrollmentSource;
use lyceum::learning::grading::Answer;
use lyceum::{Actor, AttemptId, CourseId, EnrollmentId, LessonId, Permission, QuestionId};
use lyceum_app::catalog::enrollable::{self, CourseRef};
use lyceum_app::error::AppError;
use lyceum_app::learning::records::{CourseProgress, QuizPanel};
use lyceum_app::learning::{attempts, certificates, enrollments, player, progress};
use lyceum_app::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A malformed id names nothing: the same answer as an unknown one.
fn id<T: std::str::FromStr>(raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found())
}

fn learner(caller: &Caller) -> Result<Actor, ApiError> {
    let me = caller.signed_in()?;
    if !me.persona.can(Permission::ProgressUpdateOwn) {
        return Err(AppError::Forbidden.into());
    }
    Ok(me)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiEnrollment {
    id: EnrollmentId,
    course_id: CourseId,
    course_slug: String,
    course_title: String,
    /// `free` | `purchase` | `subscription` | `admin_grant`.
    source: &'static str,
    /// `active` | `completed` | `revoked`.
    status: &'static str,
    /// 0–100.
    percent: u8,
    /// Unix seconds.
    enrolled_at: i64,
    completed_at: Option<i64>,
    /// The certificate's code and page, once issued (and unless revoked).
    certificate: Option<ApiCertificateLink>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ApiCertificateLink {
    code: String,
    verify_url: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnrollBody {
    course_id: String,
}

async fn enrollment_json(
    tx: &mut lyceum_app::db::TenantTx,
    e: enrollments::Enrollment,
) -> Result<ApiEnrollment, ApiError> {
    let course = enrollable::course(tx, CourseRef::Id(e.course))
        .await?
        .ok_or_else(ApiError::not_found)?;
    let certificate = certificates::of_enrollment(tx, e.id)
        .await?
        .filter(|c| c.revoked_at.is_none())
        .map(|c| ApiCertificateLink {
            verify_url: c.verify_url(),
            code: c.code.to_string(),
        });
    Ok(ApiEnrollment {
        id: e.id,
        course_id: e.course,
        course_slug: course.slug,
        course_title: course.title,
        source: e.source.as_str(),
        status: e.status.as_str(),
        percent: e.percent,
        enrolled_at: e.enrolled_at.unix_timestamp(),
        completed_at: e.completed_at.map(|t| t.unix_timestamp()),
        certificate,
    })
}

/// `POST /enrollments` `{"courseId"}`.
pub async fn enroll(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<EnrollBody>,
) -> Result<Response, ApiError> {
    let me = caller.signed_in()?;
    if !me.persona.can(Permission::CourseEnroll) {
        return Err(AppError::Forbidden.into());
    }
    let course: CourseId = id(body.course_id.trim())?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let found = enrollable::course(&mut tx, CourseRef::Id(course))
        .await?
        .ok_or_else(ApiError::not_found)?;
    let existed = enrollments::find(&mut tx, me.id, course).await?.is_some();
    let e = enrollments::enroll(&mut tx, me.id, &found, EnrollmentSource::Free).await?;
    let json = enrollment_json(&mut tx, e).await?;
    tx.commit().await?;
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(json)).into_response())
}

/// `GET /enrollments`: the caller's, newest activity first.
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiEnrollment>>, ApiError> {
    let me = caller.signed_in()?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let mut out = Vec::new();
    for e in enrollments::of_learner(&mut tx, me.id).await? {
        out.push(enrollment_json(&mut tx, e).await?);
    }
    tx.commit().await?;
    Ok(Json(out))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiProgress {
    enrollment_id: EnrollmentId,
    course_id: CourseId,
    status: &'static str,
    completed: u32,
    total: u32,
    percent: u8,
    course_complete: bool,
    /// In the course's order.
    completed_lessons: Vec<LessonId>,
}

fn progress_json(
    e: &enrollments::Enrollment,
    p: CourseProgress,
    done: Vec<LessonId>,
) -> ApiProgress {
    ApiProgress {
        enrollment_id: e.id,
        course_id: e.course,
        status: e.status.as_str(),
        completed: p.completed,
        total: p.total,
        percent: p.percent,
        course_complete: p.course_complete,
        completed_lessons: done,
    }
}

/// `GET /progress/{enrollmentId}`.
pub async fn show_progress(
    State(state): State<AppState>,
    caller: Caller,
    Path(enrollment): Path<String>,
) -> Result<Json<ApiProgress>, ApiError> {
    let me = caller.signed_in()?;
    let enrollment: EnrollmentId = id(&enrollment)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let (e, p, done) = player::progress_of_enrollment(&mut tx, me.id, enrollment).await?;
    tx.commit().await?;
    Ok(Json(progress_json(&e, p, done)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressBody {
    lesson_id: String,
    /// A video's playback position, milliseconds; absent: mark the (text
    /// or file) lesson complete.
    #[serde(default)]
    position_ms: Option<i64>,
    /// With `positionMs`: playback reached the end.
    #[serde(default)]
    ended: bool,
}

/// `PATCH /progress/{enrollmentId}` `{"lessonId", "positionMs"?, "ended"?}`.
pub async fn update_progress(
    State(state): State<AppState>,
    caller: Caller,
    Path(enrollment): Path<String>,
    JsonBody(body): JsonBody<ProgressBody>,
) -> Result<Json<ApiProgress>, ApiError> {
    let me = learner(&caller)?;
    let enrollment: EnrollmentId = id(&enrollment)?;
    let lesson: LessonId = id(body.lesson_id.trim())?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let e = owned(&mut tx, me, enrollment).await?;
    match body.position_ms {
        Some(position) => {
            progress::save_position(&mut tx, me.id, e.course, lesson, position, body.ended).await?
        }
        None => progress::mark_complete(&mut tx, me.id, e.course, lesson).await?,
    };
    let (e, p, done) = player::progress_of_enrollment(&mut tx, me.id, enrollment).await?;
    tx.commit().await?;
    Ok(Json(progress_json(&e, p, done)))
}

/// The caller's enrollment (404 unknown, 403 another learner's).
async fn owned(
    tx: &mut lyceum_app::db::TenantTx,
    me: Actor,
    enrollment: EnrollmentId,
) -> Result<enrollments::Enrollment, ApiError> {
    let e = enrollments::by_id(tx, enrollment)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if e.learner != me.id {
        return Err(AppError::Forbidden.into());
    }
    Ok(e)
}

/// `GET /progress/{enrollmentId}/quizzes/{lessonId}`: the quiz as its
/// learner sees it (no answer key before a submission).
pub async fn show_quiz(
    State(state): State<AppState>,
    caller: Caller,
    Path((enrollment, lesson)): Path<(String, String)>,
) -> Result<Json<QuizPanel>, ApiError> {
    let me = learner(&caller)?;
    let (enrollment, lesson): (EnrollmentId, LessonId) = (id(&enrollment)?, id(&lesson)?);
    let mut tx = state.db.begin(&caller.ctx).await?;
    let e = owned(&mut tx, me, enrollment).await?;
    let quiz = player::quiz(&mut tx, &state.media, me.id, e.course, lesson).await?;
    tx.commit().await?;
    Ok(Json(quiz))
}

/// `POST /progress/{enrollmentId}/quizzes/{lessonId}/attempts`: starts an
/// attempt (or finds the one in progress); 201 with the quiz.
pub async fn start_attempt(
    State(state): State<AppState>,
    caller: Caller,
    Path((enrollment, lesson)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let me = learner(&caller)?;
    let (enrollment, lesson): (EnrollmentId, LessonId) = (id(&enrollment)?, id(&lesson)?);
    let mut tx = state.db.begin(&caller.ctx).await?;
    let e = owned(&mut tx, me, enrollment).await?;
    attempts::start(&mut tx, me.id, e.course, lesson).await?;
    let quiz = player::quiz(&mut tx, &state.media, me.id, e.course, lesson).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(quiz)).into_response())
}

/// An answer as sent: the indices of the options chosen, or text.
#[derive(Deserialize)]
#[serde(untagged)]
enum ApiAnswer {
    Choices(Vec<u8>),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersBody {
    answers: BTreeMap<String, ApiAnswer>,
}

fn answers(body: AnswersBody) -> Result<BTreeMap<QuestionId, Answer>, ApiError> {
    let mut out = BTreeMap::new();
    for (question, answer) in body.answers {
        let question: QuestionId = question.trim().parse().map_err(|_| {
            ApiError::from(AppError::invalid(
                "answers",
                "names a question that is not in this attempt",
            ))
        })?;
        out.insert(
            question,
            match answer {
                ApiAnswer::Choices(c) => Answer::Choices(c),
                ApiAnswer::Text(t) => Answer::Text(t),
            },
        );
    }
    Ok(out)
}

/// `PUT /progress/{enrollmentId}/attempts/{attemptId}/answers`: 204.
pub async fn save_answers(
    State(state): State<AppState>,
    caller: Caller,
    Path((enrollment, attempt)): Path<(String, String)>,
    JsonBody(body): JsonBody<AnswersBody>,
) -> Result<StatusCode, ApiError> {
    let me = learner(&caller)?;
    let (enrollment, attempt): (EnrollmentId, AttemptId) = (id(&enrollment)?, id(&attempt)?);
    let answers = answers(body)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let e = owned(&mut tx, me, enrollment).await?;
    attempts::save_answers(&mut tx, me.id, e.course, attempt, &answers).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiSubmitted {
    passed: bool,
    score_percent: u8,
    /// Submitted after the deadline: graded as of the deadline.
    late: bool,
    /// The quiz after grading: per-question feedback in `lastResult`.
    quiz: QuizPanel,
}

/// `POST /progress/{enrollmentId}/attempts/{attemptId}/submit`.
pub async fn submit_attempt(
    State(state): State<AppState>,
    caller: Caller,
    Path((enrollment, attempt)): Path<(String, String)>,
    JsonBody(body): JsonBody<AnswersBody>,
) -> Result<Json<ApiSubmitted>, ApiError> {
    let me = learner(&caller)?;
    let (enrollment, attempt): (EnrollmentId, AttemptId) = (id(&enrollment)?, id(&attempt)?);
    let answers = answers(body)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let e = owned(&mut tx, me, enrollment).await?;
    let done = attempts::submit(&mut tx, me.id, e.course, attempt, &answers).await?;
    let quiz = player::quiz(&mut tx, &state.media, me.id, e.course, done.lesson).await?;
    tx.commit().await?;
    Ok(Json(ApiSubmitted {
        passed: done.passed,
        score_percent: done.score.percent(),
        late: done.late,
        quiz,
    }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCertificate {
    code: String,
    /// `valid` | `revoked`.
    status: &'static str,
    revocation_reason: Option<String>,
    /// The signature verifies with the portal's key and matches the record.
    signature_valid: bool,
    learner_name: String,
    course_title: String,
    instructor_name: String,
    issuer_name: String,
    /// Unix seconds.
    completed_at: i64,
    verify_url: String,
    pdf_url: String,
    /// The Open Badges 3.0 credential as a VC-JWT (RS256).
    credential_jwt: String,
    jwks_url: String,
}

async fn certificate_json(
    tx: &mut lyceum_app::db::TenantTx,
    c: certificates::Certificate,
) -> Result<ApiCertificate, ApiError> {
    let signature = certificates::check(tx, &c).await?;
    Ok(ApiCertificate {
        status: if c.revoked_at.is_some() {
            "revoked"
        } else {
            "valid"
        },
        signature_valid: signature == certificates::Signature::Valid,
        verify_url: c.verify_url(),
        pdf_url: format!("{}/certificate.pdf", c.verify_url()),
        jwks_url: format!("{}/credentials/jwks.json", c.issuer_url),
        code: c.code.to_string(),
        revocation_reason: c.revoked_reason,
        learner_name: c.learner_name,
        course_title: c.course_title,
        instructor_name: c.instructor_name,
        issuer_name: c.issuer_name,
        completed_at: c.completed_at.unix_timestamp(),
        credential_jwt: c.credential_jwt,
    })
}

/// `GET /certificates`: the caller's.
pub async fn my_certificates(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiCertificate>>, ApiError> {
    let me = caller.signed_in()?;
    if !me.persona.can(Permission::CertificateReadOwn) {
        return Err(AppError::Forbidden.into());
    }
    let mut tx = state.db.begin(&caller.ctx).await?;
    let mut out = Vec::new();
    for c in certificates::of_learner(&mut tx, me.id).await? {
        out.push(certificate_json(&mut tx, c).await?);
    }
    tx.commit().await?;
    Ok(Json(out))
}

/// `GET /certificates/{code}`: public (no token needed).
pub async fn verify_certificate(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<ApiCertificate>, ApiError> {
    let code = CertificateCode::parse(&code).ok_or_else(ApiError::not_found)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let c = certificates::by_code(&mut tx, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let json = certificate_json(&mut tx, c).await?;
    tx.commit().await?;
    Ok(Json(json))
}
