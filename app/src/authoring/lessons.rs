//! A lesson's own content in SQL: its settings and body, and for a quiz
//! its settings and questions. None of this changes the curriculum's
//! order, so none of it checks or bumps the curriculum version: two people
//! editing two lessons never collide. Questions are ordered within their
//! quiz; changes to that order lock the quiz's `assessment` row.

use super::records::{LessonEditor, LessonSummary, QuestionRow, QuizEditor};
use crate::catalog::courses::{self, Actor};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::authoring::curriculum::Step;
use lyceum::authoring::lesson::{LessonDraft, LessonKind};
use lyceum::authoring::quiz::{
    ChoiceOption, Question, QuestionDraft, QuestionKind, QuizSettingsDraft, QUESTIONS_MAX,
};
use lyceum::{CourseId, LessonId, QuestionId};
use sqlx::types::Json;

/// `#` in a lesson's Markdown is an h2: the lesson's title is the page's h1.
pub const LESSON_HEADINGS: u8 = 2;

struct LessonRow {
    module_title: String,
    kind: LessonKind,
    draft: LessonDraft,
}

async fn lesson_row(
    tx: &mut TenantTx,
    course: CourseId,
    lesson: LessonId,
) -> Result<LessonRow, AppError> {
    let row = sqlx::query!(
        "select l.title, l.kind, l.estimated_minutes, l.free_preview, l.body, m.title as module_title
           from lesson l join module m on m.module_id = l.module_id
          where l.lesson_id = $1 and l.course_id = $2",
        lesson.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(LessonRow {
        module_title: row.module_title,
        kind: LessonKind::parse(&row.kind).unwrap_or(LessonKind::Text),
        draft: LessonDraft {
            title: row.title,
            estimated_minutes: row.estimated_minutes.to_string(),
            free_preview: row.free_preview,
            body: row.body,
        },
    })
}

async fn quiz(tx: &mut TenantTx, lesson: LessonId) -> Result<QuizEditor, sqlx::Error> {
    let settings = sqlx::query!(
        "select passing_score, max_attempts, time_limit_minutes, shuffle from assessment where lesson_id = $1",
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    let settings = settings
        .map(|s| QuizSettingsDraft {
            passing_score: s.passing_score.to_string(),
            max_attempts: s.max_attempts.map(|n| n.to_string()).unwrap_or_default(),
            time_limit_minutes: s
                .time_limit_minutes
                .map(|n| n.to_string())
                .unwrap_or_default(),
            shuffle: s.shuffle,
        })
        .unwrap_or_default();
    let rows = sqlx::query!(
        r#"select question_id, kind, prompt, options as "options: Json<Vec<ChoiceOption>>",
                  accepted_answers, points, explanation
             from question where lesson_id = $1 order by position"#,
        lesson.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let questions = rows
        .into_iter()
        .map(|r| QuestionRow {
            id: r.question_id.into(),
            prompt_html: crate::markdown::to_safe_html(&r.prompt, 3),
            explanation_html: crate::markdown::to_safe_html(&r.explanation, 3),
            question: Question {
                kind: QuestionKind::parse(&r.kind).unwrap_or(QuestionKind::SingleChoice),
                prompt: r.prompt,
                options: r.options.0,
                accepted_answers: r.accepted_answers,
                points: u16::try_from(r.points).unwrap_or(1),
                explanation: r.explanation,
            },
        })
        .collect();
    Ok(QuizEditor {
        settings,
        questions,
    })
}

/// A lesson of a course the actor may edit, for its editor. Errors: 404
/// (unknown lesson, or not of this course), 403 as the course.
pub async fn for_edit(
    tx: &mut TenantTx,
    media: &crate::media::store::MediaStore,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
) -> Result<LessonEditor, AppError> {
    let header = courses::for_editing(tx, actor, course).await?;
    let row = lesson_row(tx, course, lesson).await?;
    let order: Vec<uuid::Uuid> = sqlx::query_scalar!(
        "select l.lesson_id from lesson l join module m on m.module_id = l.module_id
          where l.course_id = $1 order by m.position, l.position",
        course.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let at = order.iter().position(|l| *l == lesson.uuid());
    let previous = at.and_then(|i| i.checked_sub(1)).map(|i| order[i].into());
    let next = at.and_then(|i| order.get(i + 1)).map(|l| (*l).into());
    let quiz = if row.kind == LessonKind::Quiz {
        Some(quiz(tx, lesson).await?)
    } else {
        None
    };
    let mut media = super::media::lesson_media(tx, media, lesson).await?;
    media.upload_limit =
        lyceum::media::upload::human_bytes(crate::identity::tenants::upload_limit(tx).await?);
    Ok(LessonEditor {
        media,
        course: header,
        module_title: row.module_title,
        id: lesson,
        kind: row.kind,
        body_html: crate::markdown::to_safe_html(&row.draft.body, LESSON_HEADINGS),
        draft: row.draft,
        quiz,
        previous,
        next,
    })
}

/// Saves a lesson's title, estimate, preview flag and body. Errors: field
/// errors (`LessonDraft::validate`), 404/403 as [`for_edit`].
pub async fn save(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    draft: &LessonDraft,
) -> Result<LessonSummary, AppError> {
    courses::for_editing(tx, actor, course).await?;
    let fields = draft.validate().map_err(AppError::Invalid)?;
    let row = sqlx::query!(
        "update lesson set title = $1, estimated_minutes = $2, free_preview = $3, body = $4, updated_at = now()
          where lesson_id = $5 and course_id = $6
        returning kind",
        fields.title,
        fields.estimated_minutes as i16,
        fields.free_preview,
        fields.body,
        lesson.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    super::media::follow_preview(tx, lesson, fields.free_preview).await?;
    Ok(LessonSummary {
        id: lesson,
        title: fields.title,
        kind: LessonKind::parse(&row.kind).unwrap_or(LessonKind::Text),
        estimated_minutes: fields.estimated_minutes,
        free_preview: fields.free_preview,
    })
}

/// A quiz lesson of a course the actor may edit, its settings row locked
/// (question order and settings change one at a time) after the course's
/// (held, so its status stays as read). Errors: 404 for a lesson that is
/// not a quiz of this course.
async fn locked_quiz(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
) -> Result<crate::catalog::records::CourseHeader, AppError> {
    let header = courses::hold_for_editing(tx, actor, course).await?;
    sqlx::query_scalar!(
        "select a.lesson_id from assessment a join lesson l on l.lesson_id = a.lesson_id
          where a.lesson_id = $1 and l.course_id = $2 for update of a",
        lesson.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(header)
}

/// Saves a quiz's passing score, attempts, time limit and shuffling.
/// Errors: field errors (`QuizSettingsDraft::validate`), 404/403.
pub async fn save_quiz_settings(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    draft: &QuizSettingsDraft,
) -> Result<(), AppError> {
    let settings = draft.validate().map_err(AppError::Invalid)?;
    locked_quiz(tx, actor, course, lesson).await?;
    sqlx::query!(
        "update assessment set passing_score = $1, max_attempts = $2, time_limit_minutes = $3, shuffle = $4
          where lesson_id = $5",
        i16::from(settings.passing_score),
        settings.max_attempts.map(|n| n as i16),
        settings.time_limit_minutes.map(|n| n as i16),
        settings.shuffle,
        lesson.uuid()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a question at the end of a quiz (`question: None`) or replaces one.
/// Errors: field errors (`QuestionDraft::validate`; `questions` when the
/// quiz is full), 404/403.
pub async fn save_question(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    question: Option<QuestionId>,
    draft: &QuestionDraft,
) -> Result<QuestionId, AppError> {
    let q = draft.validate().map_err(AppError::Invalid)?;
    locked_quiz(tx, actor, course, lesson).await?;
    let options = Json(q.options.clone());
    match question {
        Some(id) => {
            sqlx::query!(
                "update question set kind = $1, prompt = $2, options = $3, accepted_answers = $4, points = $5,
                        explanation = $6, updated_at = now()
                  where question_id = $7 and lesson_id = $8",
                q.kind.as_str(),
                q.prompt,
                options as _,
                &q.accepted_answers,
                q.points as i16,
                q.explanation,
                id.uuid(),
                lesson.uuid()
            )
            .execute(&mut **tx)
            .await?
            .rows_affected()
            .eq(&1)
            .then_some(id)
            .ok_or(AppError::NotFound)
        }
        None => {
            let count = sqlx::query_scalar!(
                r#"select count(*) as "n!" from question where lesson_id = $1"#,
                lesson.uuid()
            )
            .fetch_one(&mut **tx)
            .await?;
            if count as usize >= QUESTIONS_MAX {
                return Err(AppError::invalid(
                    "questions",
                    format!("a quiz may have at most {QUESTIONS_MAX} questions"),
                ));
            }
            let id = sqlx::query_scalar!(
                "insert into question (tenant_id, lesson_id, position, kind, prompt, options, accepted_answers, points, explanation)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning question_id",
                tx.tenant().uuid(),
                lesson.uuid(),
                count as i32,
                q.kind.as_str(),
                q.prompt,
                options as _,
                &q.accepted_answers,
                q.points as i16,
                q.explanation
            )
            .fetch_one(&mut **tx)
            .await?;
            Ok(id.into())
        }
    }
}

/// What can be done to a question besides editing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionChange {
    Move(Step),
    Delete,
}

/// Moves a question one place or deletes it (the others close the gap).
/// Errors: 404 for a question not of this quiz, 403.
pub async fn change_question(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    question: QuestionId,
    change: QuestionChange,
) -> Result<(), AppError> {
    let header = locked_quiz(tx, actor, course, lesson).await?;
    let mut order: Vec<uuid::Uuid> = sqlx::query_scalar!(
        "select question_id from question where lesson_id = $1 order by position",
        lesson.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let at = order
        .iter()
        .position(|q| *q == question.uuid())
        .ok_or(AppError::NotFound)?;
    match change {
        QuestionChange::Delete => {
            order.remove(at);
            sqlx::query!(
                "delete from question where question_id = $1",
                question.uuid()
            )
            .execute(&mut **tx)
            .await?;
            // A published course stays complete: its quizzes keep a question.
            if header.status == lyceum::catalog::course::CourseStatus::Published {
                let problems = super::curriculum::publish_problems(tx, course).await?;
                if !problems.is_empty() {
                    return Err(AppError::invalid(
                        "questions",
                        format!(
                            "a published course must stay complete: {}",
                            problems.join(" ")
                        ),
                    ));
                }
            }
        }
        QuestionChange::Move(Step::Up) if at > 0 => order.swap(at, at - 1),
        QuestionChange::Move(Step::Down) if at + 1 < order.len() => order.swap(at, at + 1),
        QuestionChange::Move(_) => return Ok(()),
    }
    sqlx::query!(
        "update question q set position = o.n - 1, updated_at = now()
           from unnest($1::uuid[]) with ordinality as o(question_id, n)
          where q.question_id = o.question_id and q.lesson_id = $2 and q.position <> o.n - 1",
        &order,
        lesson.uuid()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A free-preview lesson of a course the viewer may see (published, or
/// theirs to edit, who may open any lesson), as a visitor sees it. Errors:
/// 404 for an unknown or hidden course, a lesson of another course, or one
/// that is not a free preview.
pub async fn preview(
    tx: &mut TenantTx,
    media: &crate::media::store::MediaStore,
    viewer: Option<Actor>,
    slug: &lyceum::Slug,
    lesson: LessonId,
) -> Result<super::records::LessonPreview, AppError> {
    let crate::catalog::records::CourseLookup::Found(course) =
        courses::by_slug(tx, viewer, slug, "").await?
    else {
        return Err(AppError::NotFound);
    };
    let row = sqlx::query!(
        "select title, kind, estimated_minutes, free_preview, body from lesson
          where lesson_id = $1 and course_id = $2",
        lesson.uuid(),
        course.id.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if !row.free_preview && !course.can_edit {
        return Err(AppError::NotFound);
    }
    let media = super::media::lesson_media(tx, media, lesson).await?;
    Ok(super::records::LessonPreview {
        media,
        course_title: course.title,
        course_slug: course.slug,
        title: row.title,
        kind: LessonKind::parse(&row.kind).unwrap_or(LessonKind::Text),
        minutes: u16::try_from(row.estimated_minutes).unwrap_or(0),
        body_html: crate::markdown::to_safe_html(&row.body, LESSON_HEADINGS),
    })
}

/// A lesson as the learning context's player shows it. Server-side only:
/// the player turns it into its own record, without any answer key.
pub struct PlayerLesson {
    pub module_title: String,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: u16,
    pub free_preview: bool,
    /// Sanitized HTML of the lesson's Markdown.
    pub body_html: String,
    /// Its video and files, with URLs for this viewer.
    pub media: super::records::LessonMedia,
    /// A quiz lesson's settings and its questions' count and points.
    pub quiz: Option<QuizFacts>,
}

/// What a learner is told about a quiz before starting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuizFacts {
    pub settings: lyceum::authoring::quiz::QuizSettings,
    pub questions: u32,
    pub points: u32,
}

/// Whether `lesson` is a lesson of `course`, and if so whether it is a
/// free preview: what the entitlement rule needs to know. Takes no lock.
pub async fn preview_flag(
    tx: &mut TenantTx,
    course: CourseId,
    lesson: LessonId,
) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar!(
        "select free_preview from lesson where lesson_id = $1 and course_id = $2",
        lesson.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await
}

/// A lesson of `course` for a viewer the caller (the learning context's
/// entitlement rule) has let open it. Errors: 404 (not a lesson of it).
pub async fn for_player(
    tx: &mut TenantTx,
    media: &crate::media::store::MediaStore,
    course: CourseId,
    lesson: LessonId,
) -> Result<PlayerLesson, AppError> {
    let row = lesson_row(tx, course, lesson).await?;
    let quiz = if row.kind == LessonKind::Quiz {
        let settings = quiz_settings_of(tx, lesson).await?;
        let totals = sqlx::query!(
            r#"select count(*) as "questions!", coalesce(sum(points), 0)::bigint as "points!"
                 from question where lesson_id = $1"#,
            lesson.uuid()
        )
        .fetch_one(&mut **tx)
        .await?;
        Some(QuizFacts {
            settings,
            questions: u32::try_from(totals.questions).unwrap_or(0),
            points: u32::try_from(totals.points).unwrap_or(0),
        })
    } else {
        None
    };
    let media = super::media::lesson_media(tx, media, lesson).await?;
    Ok(PlayerLesson {
        module_title: row.module_title,
        title: row.draft.title,
        kind: row.kind,
        minutes: row.draft.estimated_minutes.parse().unwrap_or(0),
        free_preview: row.draft.free_preview,
        body_html: crate::markdown::to_safe_html(&row.draft.body, LESSON_HEADINGS),
        media,
        quiz,
    })
}

/// A quiz's settings as stored (the defaults when it has none yet).
pub async fn quiz_settings_of(
    tx: &mut TenantTx,
    lesson: LessonId,
) -> Result<lyceum::authoring::quiz::QuizSettings, sqlx::Error> {
    let row = sqlx::query!(
        "select passing_score, max_attempts, time_limit_minutes, shuffle from assessment where lesson_id = $1",
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        Some(s) => lyceum::authoring::quiz::QuizSettings {
            passing_score: u8::try_from(s.passing_score).unwrap_or(100),
            max_attempts: s.max_attempts.and_then(|n| u16::try_from(n).ok()),
            time_limit_minutes: s.time_limit_minutes.and_then(|n| u16::try_from(n).ok()),
            shuffle: s.shuffle,
        },
        None => lyceum::authoring::quiz::QuizSettings {
            passing_score: 70,
            max_attempts: None,
            time_limit_minutes: None,
            shuffle: false,
        },
    })
}

/// A quiz's settings and its questions in the author's order, answer key
/// included, for the learning context to copy into a new attempt (the key
/// stays on the server). `None`: not a quiz lesson of `course`.
pub async fn quiz_for_attempt(
    tx: &mut TenantTx,
    course: CourseId,
    lesson: LessonId,
) -> Result<
    Option<(
        lyceum::authoring::quiz::QuizSettings,
        Vec<(QuestionId, Question)>,
    )>,
    sqlx::Error,
> {
    let kind = sqlx::query_scalar!(
        "select kind from lesson where lesson_id = $1 and course_id = $2",
        lesson.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    if kind.as_deref() != Some(LessonKind::Quiz.as_str()) {
        return Ok(None);
    }
    let settings = quiz_settings_of(tx, lesson).await?;
    let questions = quiz(tx, lesson)
        .await?
        .questions
        .into_iter()
        .map(|q| (q.id, q.question))
        .collect();
    Ok(Some((settings, questions)))
}
