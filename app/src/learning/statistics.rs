//! A quiz's results for its instructor (and the portal's admins): attempts
//! per learner, and per question the share of learners who got it right.

use super::records::{LearnerAttempts, QuestionStatistic, QuizStatistics};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::{Actor, CourseId, LessonId, QuestionId};
use std::collections::HashMap;

/// Errors: 404 (no such course or quiz lesson), 403 (not the course's
/// instructor or an admin).
pub async fn for_quiz(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
) -> Result<QuizStatistics, AppError> {
    // Who may see them: whoever may edit the course.
    crate::catalog::courses::for_editing(tx, actor, course).await?;
    let (_, questions) = crate::authoring::lessons::quiz_for_attempt(tx, course, lesson)
        .await?
        .ok_or(AppError::NotFound)?;
    let learners = sqlx::query!(
        r#"select e.learner_id, coalesce(p.display_name, '') as "name!",
                  count(*) as "attempts!", coalesce(max(a.score_percent), 0)::smallint as "best!",
                  coalesce(bool_or(a.passed), false) as "passed!", max(a.submitted_at) as "last!"
             from quiz_attempt a
             join enrollment e on e.tenant_id = a.tenant_id and e.enrollment_id = a.enrollment_id
             left join person_name p on p.tenant_id = e.tenant_id and p.user_id = e.learner_id
            where a.lesson_id = $1 and a.submitted_at is not null
            group by e.learner_id, p.display_name
            order by max(a.submitted_at) desc"#,
        lesson.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    // Per question: learners who answered it, and those who got it right
    // in at least one attempt (partial credit is not right).
    let per_question = sqlx::query!(
        r#"select (g ->> 'id')::uuid as "question!",
                  count(distinct a.enrollment_id) filter (where g -> 'grade' ->> 'verdict' <> 'Unanswered') as "answered!",
                  count(distinct a.enrollment_id) filter (where g -> 'grade' ->> 'verdict' = 'Correct') as "right!"
             from quiz_attempt a, jsonb_array_elements(a.grades) g
            where a.lesson_id = $1 and a.submitted_at is not null
            group by 1"#,
        lesson.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let counts: HashMap<QuestionId, (i64, i64)> = per_question
        .into_iter()
        .map(|r| (QuestionId::from(r.question), (r.answered, r.right)))
        .collect();
    Ok(QuizStatistics {
        attempts: learners
            .iter()
            .map(|l| u32::try_from(l.attempts).unwrap_or(0))
            .sum(),
        passed: learners.iter().filter(|l| l.passed).count() as u32,
        learners: learners
            .into_iter()
            .map(|l| LearnerAttempts {
                name: l.name,
                attempts: u32::try_from(l.attempts).unwrap_or(0),
                best_percent: u8::try_from(l.best).unwrap_or(0),
                passed: l.passed,
                last_on: lyceum::calendar::format_date(l.last.unix_timestamp()),
            })
            .collect(),
        questions: questions
            .into_iter()
            .map(|(id, q)| {
                let (answered, right) = counts.get(&id).copied().unwrap_or((0, 0));
                QuestionStatistic {
                    prompt: crate::markdown::to_plain_text(&q.prompt, 140),
                    answered: u32::try_from(answered).unwrap_or(0),
                    right: u32::try_from(right).unwrap_or(0),
                    percent_right: if answered > 0 {
                        u8::try_from(right * 100 / answered).unwrap_or(100)
                    } else {
                        0
                    },
                }
            })
            .collect(),
    })
}
