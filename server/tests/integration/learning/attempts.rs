//! Quiz attempts: the answer key stays on the server until submission,
//! grading with partial credit, the attempt limit, double submissions,
//! answers to questions not asked, racing starts, the time limit.

use super::fixtures::Fixture;
use crate::helpers::*;
use lyceum::learning::grading::Answer;
use lyceum::{Actor, AttemptId, QuestionId};
use lyceum_app::error::AppError;
use lyceum_app::learning::attempts::{self, Submitted};
use lyceum_app::learning::player;
use lyceum_app::learning::records::{PlayerPage, QuizPanel};
use std::collections::BTreeMap;

/// Answers by question index: single (0 right), multiple (0 and 1
/// right), short text ("ownership").
pub type Given = [Option<Answer>; 3];

pub const ALL_RIGHT: Given = [None, None, None];

fn answers(f: &Fixture, given: &Given) -> BTreeMap<QuestionId, Answer> {
    if given == &ALL_RIGHT {
        return BTreeMap::from([
            (f.questions[0], Answer::Choices(vec![0])),
            (f.questions[1], Answer::Choices(vec![0, 1])),
            (f.questions[2], Answer::Text("  Ownership ".into())),
        ]);
    }
    f.questions
        .iter()
        .zip(given.iter())
        .filter_map(|(q, a)| a.clone().map(|a| (*q, a)))
        .collect()
}

async fn start(f: &Fixture, who: Actor) -> AttemptId {
    let mut tx = f.tx(who).await;
    let id = attempts::start(&mut tx, who.id, f.course, f.lessons[4])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Starts (or resumes) an attempt and submits `given`, committed.
pub async fn take(f: &Fixture, who: Actor, given: &Given) -> Submitted {
    let id = start(f, who).await;
    let mut tx = f.tx(who).await;
    let done = attempts::submit(&mut tx, who.id, f.course, id, &answers(f, given))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    done
}

async fn panel(f: &Fixture, who: Actor) -> (QuizPanel, String) {
    let mut tx = f.tx(who).await;
    let page = player::lesson(&mut tx, &test_media(), who, &f.slug, f.lessons[4])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let json = serde_json::to_string(&page).unwrap();
    match page {
        PlayerPage::Open(p) => (p.quiz.unwrap(), json),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_answer_key_never_leaves_the_server_before_submission() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    start(&f, f.learner).await;
    let (quiz, json) = panel(&f, f.learner).await;
    let open = quiz.open.expect("an attempt in progress");
    assert_eq!(open.questions.len(), 3);
    assert_eq!(open.questions[0].options, vec!["let", "var"]);
    for secret in [
        "correct",
        "ownership",
        "accepted",
        "Rust binds with",
        "explanation",
    ] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }
    // The wire format the browser gets carries no more than the JSON did.
    let bytes = postcard::to_allocvec(&PlayerPage::Open(Box::new({
        let mut tx = f.tx(f.learner).await;
        match player::lesson(&mut tx, &test_media(), f.learner, &f.slug, f.lessons[4])
            .await
            .unwrap()
        {
            PlayerPage::Open(p) => *p,
            other => panic!("{other:?}"),
        }
    })))
    .unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("ownership") && !text.contains("Rust binds with"));
    f.cleanup().await;
}

#[tokio::test]
async fn grading_gives_partial_credit_and_feedback_after_submission() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    // Single right (2), multiple: one right one wrong (0 of 2), text wrong (0 of 1).
    let done = take(
        &f,
        f.learner,
        &[
            Some(Answer::Choices(vec![0])),
            Some(Answer::Choices(vec![0, 2])),
            Some(Answer::Text("lifetimes".into())),
        ],
    )
    .await;
    assert_eq!(done.score.percent(), 40);
    assert!(!done.passed);
    let (quiz, _) = panel(&f, f.learner).await;
    let result = quiz.last_result.unwrap();
    assert_eq!(result.points_text, "2 of 5 points");
    assert!(
        !result.key_shown,
        "one attempt is left: the key stays hidden"
    );
    assert!(result
        .questions
        .iter()
        .all(|q| q.options.iter().all(|o| o.correct.is_none())));
    assert!(
        result
            .questions
            .iter()
            .all(|q| q.explanation_html.is_empty() && q.accepted.is_empty()),
        "explanations tell the answer: hidden while an attempt can follow"
    );
    assert!(quiz.may_start);
    // During the next attempt the earlier result shows no key either.
    start(&f, f.learner).await;
    let (during, json) = panel(&f, f.learner).await;
    assert!(!during.last_result.unwrap().key_shown);
    assert!(
        !json.contains("binds with") && !json.contains("ownership"),
        "{json}"
    );
    // Second attempt: the multiple choice half right (1 of 2 points).
    let done = take(
        &f,
        f.learner,
        &[
            Some(Answer::Choices(vec![0])),
            Some(Answer::Choices(vec![1])),
            Some(Answer::Text("OWNERSHIP".into())),
        ],
    )
    .await;
    assert_eq!(done.score.percent(), 80);
    assert!(done.passed);
    let (quiz, _) = panel(&f, f.learner).await;
    assert!(quiz.passed && !quiz.may_start);
    let result = quiz.last_result.unwrap();
    assert!(result.key_shown);
    assert!(result.questions[0].explanation_html.contains("binds with"));
    assert_eq!(result.questions[1].points_text, "1 of 2 points");
    // Passed is done: no retake with the key in view.
    let mut tx = f.tx(f.learner).await;
    let again = attempts::start(&mut tx, f.learner.id, f.course, f.lessons[4])
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Invalid(_)), "{again:?}");
    drop(tx);
    assert_eq!(quiz.history.len(), 2);
    f.cleanup().await;
}

#[tokio::test]
async fn an_attempt_counts_once_and_the_limit_holds() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    let wrong: Given = [Some(Answer::Choices(vec![1])), None, None];
    let id = start(&f, f.learner).await;
    let mut tx = f.tx(f.learner).await;
    attempts::submit(&mut tx, f.learner.id, f.course, id, &answers(&f, &wrong))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = f.tx(f.learner).await;
    let twice = attempts::submit(
        &mut tx,
        f.learner.id,
        f.course,
        id,
        &answers(&f, &ALL_RIGHT),
    )
    .await
    .unwrap_err();
    assert!(matches!(twice, AppError::Invalid(_)), "{twice:?}");
    assert_eq!(
        lyceum_app::learning::quiz_form::error_code(&twice),
        "already_submitted"
    );
    drop(tx);
    take(&f, f.learner, &wrong).await;
    // Two attempts allowed, two used.
    let mut tx = f.tx(f.learner).await;
    let third = attempts::start(&mut tx, f.learner.id, f.course, f.lessons[4])
        .await
        .unwrap_err();
    let message = third
        .field_errors()
        .unwrap()
        .get("attempt")
        .unwrap()
        .to_owned();
    assert!(message.contains("all 2 attempts"), "{message}");
    drop(tx);
    let (quiz, _) = panel(&f, f.learner).await;
    assert_eq!(quiz.attempts_used, 2);
    assert!(!quiz.may_start);
    assert!(
        quiz.last_result.unwrap().key_shown,
        "no attempt left: the key is shown"
    );
    // The second submission of the first attempt changed nothing.
    let first: (i16, bool) =
        sqlx::query_as("select score_percent, passed from quiz_attempt where attempt_id = $1")
            .bind(id.uuid())
            .fetch_one(&f.base.owner)
            .await
            .unwrap();
    assert_eq!(first, (0, false));
    f.cleanup().await;
}

#[tokio::test]
async fn answers_to_questions_not_in_the_attempt_are_refused_and_nothing_is_stored() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    let id = start(&f, f.learner).await;
    let mut tx = f.tx(f.learner).await;
    let stranger: QuestionId = uuid::Uuid::new_v4().into();
    let mut given = answers(&f, &ALL_RIGHT);
    given.insert(stranger, Answer::Choices(vec![0]));
    let err = attempts::submit(&mut tx, f.learner.id, f.course, id, &given)
        .await
        .unwrap_err();
    assert_eq!(
        lyceum_app::learning::quiz_form::error_code(&err),
        "bad_answers"
    );
    // An option the question does not have.
    let bad = BTreeMap::from([(f.questions[0], Answer::Choices(vec![7]))]);
    assert!(attempts::submit(&mut tx, f.learner.id, f.course, id, &bad)
        .await
        .is_err());
    drop(tx);
    let open: (bool, serde_json::Value) = sqlx::query_as(
        "select submitted_at is null, answers from quiz_attempt where attempt_id = $1",
    )
    .bind(id.uuid())
    .fetch_one(&f.base.owner)
    .await
    .unwrap();
    assert_eq!(open, (true, serde_json::json!({})));
    // Another learner cannot submit it (404: not theirs), even enrolled.
    f.enroll(f.other_learner).await;
    let mut tx = f.tx(f.other_learner).await;
    let err = attempts::submit(
        &mut tx,
        f.other_learner.id,
        f.course,
        id,
        &answers(&f, &ALL_RIGHT),
    )
    .await
    .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn two_starts_at_once_make_one_attempt() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    let (mut one, mut two) = (f.tx(f.learner).await, f.tx(f.learner).await);
    let first = attempts::start(&mut one, f.learner.id, f.course, f.lessons[4])
        .await
        .unwrap();
    let (learner, course, quiz) = (f.learner.id, f.course, f.lessons[4]);
    let second = tokio::spawn(async move {
        let id = attempts::start(&mut two, learner, course, quiz)
            .await
            .unwrap();
        two.commit().await.unwrap();
        id
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    one.commit().await.unwrap();
    assert_eq!(second.await.unwrap(), first);
    let n: i64 = sqlx::query_scalar("select count(*) from quiz_attempt where lesson_id = $1")
        .bind(f.lessons[4].uuid())
        .fetch_one(&f.base.owner)
        .await
        .unwrap();
    assert_eq!(n, 1);
    f.cleanup().await;
}

#[tokio::test]
async fn a_late_submission_is_graded_as_of_the_deadline() {
    let f = Fixture::with_quiz("70", "", "5").await;
    f.enroll(f.learner).await;
    let id = start(&f, f.learner).await;
    // In time: the first answer is saved as it is given.
    let mut tx = f.tx(f.learner).await;
    let first = BTreeMap::from([(f.questions[0], Answer::Choices(vec![0]))]);
    attempts::save_answers(&mut tx, f.learner.id, f.course, id, &first)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // The deadline passes (and its grace).
    sqlx::query(
        "update quiz_attempt set deadline = now() - interval '2 minutes' where attempt_id = $1",
    )
    .bind(id.uuid())
    .execute(&f.base.owner)
    .await
    .unwrap();
    let mut tx = f.tx(f.learner).await;
    let late = attempts::save_answers(
        &mut tx,
        f.learner.id,
        f.course,
        id,
        &answers(&f, &ALL_RIGHT),
    )
    .await
    .unwrap_err();
    assert_eq!(
        lyceum_app::learning::quiz_form::error_code(&late),
        "time_up"
    );
    drop(tx);
    let mut tx = f.tx(f.learner).await;
    let done = attempts::submit(
        &mut tx,
        f.learner.id,
        f.course,
        id,
        &answers(&f, &ALL_RIGHT),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(done.late);
    assert_eq!(
        done.score.percent(),
        40,
        "only the answer saved in time counts"
    );
    assert!(!done.passed);
    f.cleanup().await;
}

#[tokio::test]
async fn an_attempt_left_open_past_its_deadline_is_closed_when_the_quiz_is_next_opened() {
    let f = Fixture::with_quiz("70", "", "5").await;
    f.enroll(f.learner).await;
    let id = start(&f, f.learner).await;
    sqlx::query(
        "update quiz_attempt set deadline = now() - interval '1 hour' where attempt_id = $1",
    )
    .bind(id.uuid())
    .execute(&f.base.owner)
    .await
    .unwrap();
    let (quiz, _) = panel(&f, f.learner).await;
    assert!(quiz.open.is_none());
    assert_eq!(quiz.history.len(), 1);
    assert!(quiz.history[0].late);
    assert!(quiz.may_start);
    f.cleanup().await;
}

#[tokio::test]
async fn attempts_are_invisible_across_tenants() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    take(&f, f.learner, &ALL_RIGHT).await;
    let mut tx = f.base.tx(&f.base.b, f.learner_b).await;
    for table in ["enrollment", "lesson_progress", "quiz_attempt"] {
        let n: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} of portal A is visible in portal B");
    }
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn the_instructor_sees_attempts_per_learner_and_the_share_right_per_question() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    f.enroll(f.other_learner).await;
    // Learner 1: wrong, then all right. Learner 2: only the first right.
    take(&f, f.learner, &[Some(Answer::Choices(vec![1])), None, None]).await;
    take(&f, f.learner, &ALL_RIGHT).await;
    take(
        &f,
        f.other_learner,
        &[
            Some(Answer::Choices(vec![0])),
            Some(Answer::Choices(vec![0])),
            None,
        ],
    )
    .await;
    let teacher = super::fixtures::teacher_of(&f);
    let mut tx = f.tx(teacher).await;
    let stats =
        lyceum_app::learning::statistics::for_quiz(&mut tx, teacher, f.course, f.lessons[4])
            .await
            .unwrap();
    assert_eq!(
        (stats.attempts, stats.passed, stats.learners.len()),
        (3, 1, 2)
    );
    let right: Vec<(u32, u32, u8)> = stats
        .questions
        .iter()
        .map(|q| (q.right, q.answered, q.percent_right))
        .collect();
    // Q1 right by both; Q2 (multiple) right only for learner 1 (learner 2
    // had partial credit); Q3 answered and right by learner 1 only.
    // (Q3 was left unanswered by learner 2: not counted as answered.)
    assert_eq!(right, vec![(2, 2, 100), (1, 2, 50), (1, 1, 100)]);
    assert_eq!(stats.questions[0].prompt, "Which keyword binds a value?");
    drop(tx);
    // A learner, or another instructor, may not see them.
    for who in [f.learner, f.base.other_teacher] {
        let mut tx = f.tx(who).await;
        let err = lyceum_app::learning::statistics::for_quiz(&mut tx, who, f.course, f.lessons[4])
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Forbidden | AppError::NotFound),
            "{err:?}"
        );
    }
    f.cleanup().await;
}
