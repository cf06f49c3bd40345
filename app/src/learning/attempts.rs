//! Quiz attempts in SQL: start (questions copied in, shuffled if the quiz
//! says so, the deadline fixed), answers saved as the learner goes, submit
//! (graded here, on the server, by `lyceum::learning::grading`), and the
//! player's view of them. Times are the database's (`now()`), so every
//! server process agrees on a deadline.
//!
//! Every change takes the learner's enrollment lock first
//! (`progress::learning_enrollment`), then the attempt's row: two starts
//! at once get one attempt, two submits at once grade once.

use super::progress::{complete_locked, learning_enrollment};
use super::records::{
    AttemptResult, AttemptSummary, OpenAttempt, OptionFeedback, QuestionFeedback, QuizPanel,
    QuizQuestion,
};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::authoring::quiz::{Question, QuestionKind, QuizSettings};
use lyceum::learning::grading::{
    self, check_answer, grade_question, Answer, QuestionGrade, Score, Timing,
};
use lyceum::{AttemptId, CourseId, EnrollmentId, LessonId, QuestionId, UserId};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// A question as copied into an attempt (answer key included; server only).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredQuestion {
    id: QuestionId,
    question: Question,
}

/// A question's grade as stored with the submitted attempt.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct StoredGrade {
    id: QuestionId,
    grade: QuestionGrade,
}

type Answers = BTreeMap<QuestionId, Answer>;

/// Starts an attempt at a quiz, or returns the one in progress.
///
/// Errors: 403 (not enrolled), 404 (not a quiz lesson of the course), a
/// field error `attempt` (no attempts left; the quiz has no questions).
pub async fn start(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
    lesson: LessonId,
) -> Result<AttemptId, AppError> {
    let enrollment = learning_enrollment(tx, learner, course).await?;
    let (settings, questions) = crate::authoring::lessons::quiz_for_attempt(tx, course, lesson)
        .await?
        .ok_or(AppError::NotFound)?;
    if questions.is_empty() {
        return Err(AppError::invalid(
            "attempt",
            "This quiz has no questions yet.",
        ));
    }
    close_overdue(tx, &enrollment, lesson).await?;
    if let Some(open) = sqlx::query_scalar!(
        "select attempt_id from quiz_attempt
          where enrollment_id = $1 and lesson_id = $2 and submitted_at is null",
        enrollment.id.uuid(),
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    {
        return Ok(open.into());
    }
    let used = attempts_used(tx, enrollment.id, lesson).await?;
    // Passed is done: another attempt would be taken with the answer key,
    // which the result shows once the quiz is passed.
    if passed_already(tx, enrollment.id, lesson).await? {
        return Err(AppError::invalid(
            "attempt",
            "You have passed this quiz already.",
        ));
    }
    if !grading::may_start_attempt(used, settings.max_attempts) {
        return Err(AppError::invalid(
            "attempt",
            format!(
                "You have used all {} attempts at this quiz.",
                grading::attempts_allowed(settings.max_attempts)
            ),
        ));
    }
    let mut shown: Vec<StoredQuestion> = questions
        .into_iter()
        .map(|(id, question)| StoredQuestion { id, question })
        .collect();
    if settings.shuffle {
        use rand::seq::SliceRandom;
        shown.shuffle(&mut rand::thread_rng());
    }
    let id = sqlx::query_scalar!(
        "insert into quiz_attempt (tenant_id, enrollment_id, lesson_id, number, deadline, questions)
         values (current_tenant_id(), $1, $2, $3, now() + make_interval(mins => $4), $5)
         returning attempt_id",
        enrollment.id.uuid(),
        lesson.uuid(),
        i16::try_from(used + 1).unwrap_or(i16::MAX),
        settings.time_limit_minutes.map(i32::from),
        Json(&shown) as _
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(id.into())
}

async fn passed_already(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
    lesson: LessonId,
) -> Result<bool, sqlx::Error> {
    let passed = sqlx::query_scalar!(
        r#"select exists(select 1 from quiz_attempt
                          where enrollment_id = $1 and lesson_id = $2 and passed) as "passed!""#,
        enrollment.uuid(),
        lesson.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(passed)
}

async fn attempts_used(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
    lesson: LessonId,
) -> Result<u32, sqlx::Error> {
    let n = sqlx::query_scalar!(
        r#"select count(*) as "n!" from quiz_attempt where enrollment_id = $1 and lesson_id = $2"#,
        enrollment.uuid(),
        lesson.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// An attempt in progress, locked, with the database's time now.
struct OpenRow {
    id: AttemptId,
    lesson: LessonId,
    deadline: Option<OffsetDateTime>,
    now: OffsetDateTime,
    questions: Vec<StoredQuestion>,
    answers: Answers,
    submitted: bool,
}

async fn lock_attempt(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
    attempt: AttemptId,
) -> Result<OpenRow, AppError> {
    let row = sqlx::query!(
        r#"select attempt_id, lesson_id, deadline, now() as "now!",
                  questions as "questions: Json<Vec<StoredQuestion>>",
                  answers as "answers: Json<Answers>",
                  submitted_at is not null as "submitted!"
             from quiz_attempt where attempt_id = $1 and enrollment_id = $2 for update"#,
        attempt.uuid(),
        enrollment.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(OpenRow {
        id: row.attempt_id.into(),
        lesson: row.lesson_id.into(),
        deadline: row.deadline,
        now: row.now,
        questions: row.questions.0,
        answers: row.answers.0,
        submitted: row.submitted,
    })
}

/// Checks answers against the attempt's questions. Errors: a field error
/// `answers` when one names a question not in the attempt or does not fit
/// its question (nothing is stored then).
fn checked(questions: &[StoredQuestion], given: &Answers) -> Result<Answers, AppError> {
    let mut out = Answers::new();
    for (id, answer) in given {
        let Some(q) = questions.iter().find(|q| q.id == *id) else {
            return Err(AppError::invalid(
                "answers",
                "An answer names a question that is not in this attempt.",
            ));
        };
        let answer = check_answer(&q.question, answer)
            .map_err(|e| AppError::invalid("answers", format!("An answer {e}.")))?;
        out.insert(*id, answer);
    }
    Ok(out)
}

/// Saves answers given so far (the player sends each as it is chosen),
/// merged over those saved before. Errors: 403, 404 (not this learner's
/// attempt), a field error `attempt` (already submitted, or past its
/// deadline: the time is up) or `answers`.
pub async fn save_answers(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
    attempt: AttemptId,
    given: &Answers,
) -> Result<(), AppError> {
    let enrollment = learning_enrollment(tx, learner, course).await?;
    let row = lock_attempt(tx, enrollment.id, attempt).await?;
    if row.submitted {
        return Err(AppError::invalid(
            "attempt",
            "This attempt has already been submitted.",
        ));
    }
    if !grading::may_save_answers(row.deadline, row.now) {
        return Err(AppError::invalid(
            "attempt",
            "The time for this attempt is up.",
        ));
    }
    let mut answers = row.answers;
    answers.extend(checked(&row.questions, given)?);
    sqlx::query!(
        "update quiz_attempt set answers = $2 where attempt_id = $1",
        attempt.uuid(),
        Json(&answers) as _
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What submitting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitted {
    pub lesson: LessonId,
    pub score: Score,
    pub passed: bool,
    pub late: bool,
}

/// Submits an attempt with its answers and grades it. On time (before the
/// deadline plus `grading::SUBMIT_GRACE`) the answers submitted are
/// graded, merged over those saved; late, it is graded as of the deadline
/// with only the answers saved by then (`grading::Timing::Late`). A pass
/// completes the lesson.
///
/// Errors: 403, 404 (not this learner's attempt), a field error `attempt`
/// (already submitted: it counts once) or `answers` (a question not in the
/// attempt, an answer that does not fit; nothing is stored).
pub async fn submit(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
    attempt: AttemptId,
    given: &Answers,
) -> Result<Submitted, AppError> {
    let enrollment = learning_enrollment(tx, learner, course).await?;
    let row = lock_attempt(tx, enrollment.id, attempt).await?;
    if row.submitted {
        return Err(AppError::invalid(
            "attempt",
            "This attempt has already been submitted.",
        ));
    }
    // Late: graded as of the deadline with what was saved by then, so what
    // this submission carries is not even read.
    let timing = grading::timing(row.deadline, row.now);
    let mut answers = row.answers.clone();
    if timing == Timing::OnTime {
        answers.extend(checked(&row.questions, given)?);
    }
    let submitted = grade_and_store(tx, &row, &answers, timing == Timing::Late).await?;
    if submitted.passed {
        complete_locked(tx, &enrollment, submitted.lesson).await?;
    }
    Ok(submitted)
}

async fn grade_and_store(
    tx: &mut TenantTx,
    row: &OpenRow,
    answers: &Answers,
    late: bool,
) -> Result<Submitted, AppError> {
    let settings = crate::authoring::lessons::quiz_settings_of(tx, row.lesson).await?;
    let grades: Vec<StoredGrade> = row
        .questions
        .iter()
        .map(|q| StoredGrade {
            id: q.id,
            grade: grade_question(&q.question, answers.get(&q.id)),
        })
        .collect();
    let score = Score::of(&grades.iter().map(|g| g.grade).collect::<Vec<_>>());
    let passed = score.passed(settings.passing_score);
    sqlx::query!(
        "update quiz_attempt
            set answers = $2, grades = $3, submitted_at = case when $4 then coalesce(deadline, now()) else now() end,
                late = $4, earned_centi = $5, possible_centi = $6, score_percent = $7, passed = $8
          where attempt_id = $1",
        row.id.uuid(),
        Json(answers) as _,
        Json(&grades) as _,
        late,
        i32::try_from(score.earned_centi).unwrap_or(i32::MAX),
        i32::try_from(score.possible_centi).unwrap_or(i32::MAX),
        i16::from(score.percent()),
        passed
    )
    .execute(&mut **tx)
    .await?;
    Ok(Submitted {
        lesson: row.lesson,
        score,
        passed,
        late,
    })
}

/// Grades, as of its deadline, an attempt left open past its deadline and
/// grace (the learner closed the tab): it counts as submitted late with
/// the answers saved in time. Called before anything reads or starts an
/// attempt of this quiz. The enrollment must be locked by the caller.
async fn close_overdue(
    tx: &mut TenantTx,
    enrollment: &super::enrollments::Enrollment,
    lesson: LessonId,
) -> Result<(), AppError> {
    let overdue = sqlx::query_scalar!(
        "select attempt_id from quiz_attempt
          where enrollment_id = $1 and lesson_id = $2 and submitted_at is null
            and deadline is not null and deadline + make_interval(secs => $3) < now()",
        enrollment.id.uuid(),
        lesson.uuid(),
        grading::SUBMIT_GRACE.whole_seconds() as f64
    )
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = overdue {
        let row = lock_attempt(tx, enrollment.id, id.into()).await?;
        let answers = row.answers.clone();
        let submitted = grade_and_store(tx, &row, &answers, true).await?;
        if submitted.passed {
            complete_locked(tx, enrollment, lesson).await?;
        }
    }
    Ok(())
}

/// The quiz panel of the player for an enrolled learner (`enrollment`
/// locked by the caller, since an overdue attempt is closed first).
pub async fn panel(
    tx: &mut TenantTx,
    enrollment: &super::enrollments::Enrollment,
    lesson: LessonId,
    settings: QuizSettings,
    questions: u32,
    points: u32,
) -> Result<QuizPanel, AppError> {
    close_overdue(tx, enrollment, lesson).await?;
    let rows = sqlx::query!(
        r#"select attempt_id, number, deadline, now() as "now!", submitted_at, late,
                  earned_centi, possible_centi, score_percent, passed,
                  questions as "questions: Json<Vec<StoredQuestion>>",
                  answers as "answers: Json<Answers>",
                  grades as "grades: Json<Vec<StoredGrade>>"
             from quiz_attempt where enrollment_id = $1 and lesson_id = $2
            order by number desc"#,
        enrollment.id.uuid(),
        lesson.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let used = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let passed = rows.iter().any(|r| r.passed == Some(true));
    let in_progress = rows.iter().any(|r| r.submitted_at.is_none());
    let attempts_left = grading::may_start_attempt(used, settings.max_attempts);
    // The key (correct options, accepted answers, explanations) is shown
    // only when no attempt can follow: the quiz is passed (no retakes) or
    // every attempt is used — and never beside an attempt in progress.
    let key_shown = !in_progress && (passed || !attempts_left);
    let mut open = None;
    let mut history = Vec::new();
    let mut last_result = None;
    for r in &rows {
        match r.submitted_at {
            None => {
                let seconds_left = r.deadline.map(|d| (d - r.now).whole_seconds().max(0));
                open = Some(OpenAttempt {
                    id: r.attempt_id.into(),
                    number: u32::try_from(r.number).unwrap_or(0),
                    deadline_unix: r.deadline.map(|d| d.unix_timestamp()),
                    seconds_left,
                    questions: r
                        .questions
                        .0
                        .iter()
                        .map(|q| learner_view(q, r.answers.0.get(&q.id)))
                        .collect(),
                });
            }
            Some(at) => {
                let percent = u8::try_from(r.score_percent.unwrap_or(0)).unwrap_or(0);
                let was_passed = r.passed == Some(true);
                history.push(AttemptSummary {
                    number: u32::try_from(r.number).unwrap_or(0),
                    percent,
                    passed: was_passed,
                    late: r.late,
                    submitted_on: lyceum::calendar::format_date(at.unix_timestamp()),
                });
                if last_result.is_none() {
                    let grades = r.grades.as_ref().map(|g| g.0.clone()).unwrap_or_default();
                    last_result = Some(AttemptResult {
                        number: u32::try_from(r.number).unwrap_or(0),
                        percent,
                        passed: was_passed,
                        late: r.late,
                        points_text: format!(
                            "{} of {} points",
                            centi_text(u64::try_from(r.earned_centi.unwrap_or(0)).unwrap_or(0)),
                            centi_text(u64::try_from(r.possible_centi.unwrap_or(0)).unwrap_or(0))
                        ),
                        key_shown,
                        questions: r
                            .questions
                            .0
                            .iter()
                            .filter_map(|q| {
                                let grade = grades.iter().find(|g| g.id == q.id)?.grade;
                                Some(feedback(q, r.answers.0.get(&q.id), grade, key_shown))
                            })
                            .collect(),
                    });
                }
            }
        }
    }
    Ok(QuizPanel {
        passing_score: settings.passing_score,
        max_attempts: settings.max_attempts,
        time_limit_minutes: settings.time_limit_minutes,
        questions,
        points,
        attempts_used: used,
        may_start: open.is_none() && attempts_left && !passed && questions > 0,
        passed,
        open,
        history,
        last_result,
    })
}

/// "7.5", "10", "0.33": centi-points as people read them.
fn centi_text(centi: u64) -> String {
    let (whole, part) = (centi / 100, centi % 100);
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}

/// A question for a learner taking the quiz: no answer key.
fn learner_view(q: &StoredQuestion, saved: Option<&Answer>) -> QuizQuestion {
    QuizQuestion {
        id: q.id,
        kind: q.question.kind,
        prompt_html: crate::markdown::to_safe_html(&q.question.prompt, 3),
        options: q.question.options.iter().map(|o| o.text.clone()).collect(),
        points: q.question.points,
        saved: saved.cloned(),
    }
}

fn feedback(
    q: &StoredQuestion,
    answer: Option<&Answer>,
    grade: QuestionGrade,
    key_shown: bool,
) -> QuestionFeedback {
    let chosen: &[u8] = match answer {
        Some(Answer::Choices(c)) => c,
        _ => &[],
    };
    QuestionFeedback {
        prompt_html: crate::markdown::to_safe_html(&q.question.prompt, 3),
        kind: q.question.kind,
        verdict: grade.verdict,
        points_text: format!(
            "{} of {} point{}",
            centi_text(u64::from(grade.earned_centi)),
            centi_text(u64::from(grade.possible_centi)),
            if grade.possible_centi == 100 { "" } else { "s" }
        ),
        options: q
            .question
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| OptionFeedback {
                text: o.text.clone(),
                chosen: u8::try_from(i).is_ok_and(|i| chosen.contains(&i)),
                correct: key_shown.then_some(o.correct),
            })
            .collect(),
        given_text: match answer {
            Some(Answer::Text(t)) if q.question.kind == QuestionKind::ShortText => Some(t.clone()),
            _ => None,
        },
        accepted: if key_shown {
            q.question.accepted_answers.clone()
        } else {
            Vec::new()
        },
        explanation_html: if key_shown {
            crate::markdown::to_safe_html(&q.question.explanation, 3)
        } else {
            String::new()
        },
    }
}

/// Answers as a form sends them: `q.<question id>` = an option's index,
/// once per choice (a radio button, or each ticked box), and
/// `t.<question id>` = the text typed; `seen.<question id>` marks a
/// question the form showed, so one with no box ticked any more is
/// answered "nothing" (a cleared answer replaces the saved one). Other
/// names are ignored; a
/// malformed question id or index, or a question answered twice over, is
/// an error (`answers`), as is an answer to a question not in the attempt
/// (found later, by [`submit`]).
pub fn answers_from_form(pairs: &[(String, String)]) -> Result<Answers, AppError> {
    let bad = || AppError::invalid("answers", "An answer could not be read.");
    let mut out = Answers::new();
    let mut seen = Vec::new();
    if pairs.len() > 2_000 {
        return Err(bad());
    }
    for (name, value) in pairs {
        if let Some(id) = name.strip_prefix("q.") {
            let id: QuestionId = id.parse().map_err(|_| bad())?;
            let index: u8 = value.trim().parse().map_err(|_| bad())?;
            match out.entry(id).or_insert_with(|| Answer::Choices(Vec::new())) {
                Answer::Choices(list) if list.len() < 64 => list.push(index),
                _ => return Err(bad()),
            }
        } else if let Some(id) = name.strip_prefix("t.") {
            let id: QuestionId = id.parse().map_err(|_| bad())?;
            if out.insert(id, Answer::Text(value.clone())).is_some() {
                return Err(bad());
            }
        } else if let Some(id) = name.strip_prefix("seen.") {
            seen.push(id.parse::<QuestionId>().map_err(|_| bad())?);
        }
    }
    for id in seen {
        out.entry(id).or_insert_with(|| Answer::Choices(Vec::new()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centi_points_read_as_decimals() {
        assert_eq!(centi_text(0), "0");
        assert_eq!(centi_text(750), "7.5");
        assert_eq!(centi_text(1000), "10");
        assert_eq!(centi_text(33), "0.33");
        assert_eq!(centi_text(205), "2.05");
    }

    #[test]
    fn form_answers_read_choices_and_text() {
        let q1 = "67e55044-10b1-426f-9247-bb680e5fe0c8";
        let q2 = "67e55044-10b1-426f-9247-bb680e5fe0c9";
        let q3 = "67e55044-10b1-426f-9247-bb680e5fe0ca";
        let pairs = vec![
            ("attempt".to_owned(), "x".to_owned()),
            (format!("q.{q1}"), "0".to_owned()),
            (format!("q.{q1}"), "2".to_owned()),
            (format!("t.{q2}"), "Ownership".to_owned()),
            (format!("seen.{q1}"), String::new()),
            (format!("seen.{q3}"), String::new()),
        ];
        let answers = answers_from_form(&pairs).unwrap();
        // Shown, nothing ticked: answered "nothing", which replaces a saved answer.
        assert_eq!(
            answers.get(&q3.parse().unwrap()),
            Some(&Answer::Choices(vec![]))
        );
        assert_eq!(
            answers.get(&q1.parse().unwrap()),
            Some(&Answer::Choices(vec![0, 2]))
        );
        assert_eq!(
            answers.get(&q2.parse().unwrap()),
            Some(&Answer::Text("Ownership".into()))
        );
        for bad in [
            vec![("q.nope".to_owned(), "0".to_owned())],
            vec![(format!("q.{q1}"), "300".to_owned())],
            vec![(format!("q.{q1}"), "maybe".to_owned())],
            vec![
                (format!("t.{q1}"), "a".to_owned()),
                (format!("t.{q1}"), "b".to_owned()),
            ],
            vec![
                (format!("t.{q1}"), "a".to_owned()),
                (format!("q.{q1}"), "1".to_owned()),
            ],
        ] {
            assert!(answers_from_form(&bad).is_err(), "{bad:?}");
        }
    }
}
