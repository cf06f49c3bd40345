//! Enrolling, the entitlement rule and lesson progress, through the
//! service functions as the runtime role.

use super::fixtures::{teacher_of, Fixture};
use crate::helpers::*;
use lyceum::learning::access::Access;
use lyceum::learning::enrollment::{EnrollmentSource, EnrollmentStatus};
use lyceum_app::catalog::enrollable::{self, CourseRef};
use lyceum_app::error::AppError;
use lyceum_app::learning::records::PlayerPage;
use lyceum_app::learning::{enrollments, player, progress};

async fn enrollment_count(f: &Fixture) -> i32 {
    sqlx::query_scalar("select enrollment_count from course where course_id = $1")
        .bind(f.course.uuid())
        .fetch_one(&f.base.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn enrolling_twice_makes_one_enrollment_and_counts_once() {
    let f = Fixture::new().await;
    let before = enrollment_count(&f).await;
    f.enroll(f.learner).await;
    f.enroll(f.learner).await;
    let mut tx = f.tx(f.learner).await;
    let e = enrollments::find(&mut tx, f.learner.id, f.course)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (e.status, e.source, e.percent),
        (EnrollmentStatus::Active, EnrollmentSource::Free, 0)
    );
    drop(tx);
    assert_eq!(enrollment_count(&f).await, before + 1);
    f.cleanup().await;
}

#[tokio::test]
async fn two_enrollments_racing_make_one() {
    let f = Fixture::new().await;
    let before = enrollment_count(&f).await;
    let (mut one, mut two) = (f.tx(f.learner).await, f.tx(f.learner).await);
    let course = f.course_row(&mut one).await;
    enrollments::enroll(&mut one, f.learner.id, &course, EnrollmentSource::Free)
        .await
        .unwrap();
    let learner = f.learner.id;
    let second = tokio::spawn(async move {
        let result = enrollments::enroll(&mut two, learner, &course, EnrollmentSource::Free).await;
        two.commit().await.unwrap();
        result
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    one.commit().await.unwrap();
    let second = second.await.unwrap().unwrap();
    assert_eq!(second.status, EnrollmentStatus::Active);
    let rows: i64 = sqlx::query_scalar("select count(*) from enrollment where course_id = $1")
        .bind(f.course.uuid())
        .fetch_one(&f.base.owner)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(enrollment_count(&f).await, before + 1);
    f.cleanup().await;
}

#[tokio::test]
async fn paid_drafts_and_revoked_enrollments_are_refused() {
    let f = Fixture::new().await;
    let mut tx = f.tx(f.learner).await;
    let mut course = f.course_row(&mut tx).await;
    course.pricing = lyceum::catalog::pricing::PricingModel::OneTime;
    let paid = enrollments::enroll(&mut tx, f.learner.id, &course, EnrollmentSource::Free).await;
    assert_eq!(paid.unwrap_err(), AppError::PaymentRequired);
    course.pricing = lyceum::catalog::pricing::PricingModel::Free;
    course.status = lyceum::catalog::course::CourseStatus::Draft;
    let draft = enrollments::enroll(&mut tx, f.learner.id, &course, EnrollmentSource::Free).await;
    assert_eq!(draft.unwrap_err(), AppError::NotFound);
    drop(tx);

    f.enroll(f.learner).await;
    sqlx::query("update enrollment set status = 'revoked' where learner_id = $1")
        .bind(f.learner.id.uuid())
        .execute(&f.base.owner)
        .await
        .unwrap();
    let mut tx = f.tx(f.learner).await;
    let course = f.course_row(&mut tx).await;
    let again = enrollments::enroll(&mut tx, f.learner.id, &course, EnrollmentSource::Free).await;
    assert!(matches!(again, Err(AppError::Invalid(_))), "{again:?}");
    // A revoked learner is refused the lessons, with the reason.
    let page = player::lesson(&mut tx, &test_media(), f.learner, &f.slug, f.lessons[0])
        .await
        .unwrap();
    assert!(
        matches!(page, PlayerPage::Refused { revoked: true, .. }),
        "{page:?}"
    );
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn the_student_limit_admits_no_one_past_it_even_when_racing() {
    let f = Fixture::new().await;
    sqlx::query(
        "update tenant set settings = jsonb_set(settings, '{features}', '{\"max_students\": 1}') where tenant_id = $1",
    )
    .bind(f.base.a.id)
    .execute(&f.base.owner)
    .await
    .unwrap();
    let (mut one, mut two) = (f.tx(f.learner).await, f.tx(f.other_learner).await);
    let course = f.course_row(&mut one).await;
    let c2 = course.clone();
    let (a, b) = (f.learner.id, f.other_learner.id);
    let first = tokio::spawn(async move {
        let r = enrollments::enroll(&mut one, a, &course, EnrollmentSource::Free).await;
        if r.is_ok() {
            one.commit().await.unwrap();
        }
        r
    });
    let second = tokio::spawn(async move {
        let r = enrollments::enroll(&mut two, b, &c2, EnrollmentSource::Free).await;
        if r.is_ok() {
            two.commit().await.unwrap();
        }
        r
    });
    let (first, second) = (first.await.unwrap(), second.await.unwrap());
    assert!(
        first.is_ok() != second.is_ok(),
        "exactly one gets the place: {first:?} {second:?}"
    );
    let refused = first.err().or(second.err()).unwrap();
    let message = refused
        .field_errors()
        .unwrap()
        .get("course")
        .unwrap()
        .to_owned();
    assert!(message.contains("allows 1 students"), "{message}");
    assert_eq!(lyceum_app::learning::offer::error_code(&refused), "full");
    f.cleanup().await;
}

#[tokio::test]
async fn the_entitlement_rule_opens_lessons_to_the_enrolled_staff_and_previews_only() {
    let f = Fixture::new().await;
    sqlx::query("update lesson set free_preview = true where lesson_id = $1")
        .bind(f.lessons[0].uuid())
        .execute(&f.base.owner)
        .await
        .unwrap();
    let media = test_media();
    let open = async |who: lyceum::Actor, lesson: usize| {
        let mut tx = f.tx(who).await;
        player::lesson(&mut tx, &media, who, &f.slug, f.lessons[lesson]).await
    };
    // Not enrolled: previews only, and nothing recorded.
    match open(f.learner, 0).await.unwrap() {
        PlayerPage::Open(p) => assert_eq!(p.access, Access::Preview),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        open(f.learner, 3).await.unwrap(),
        PlayerPage::Refused { revoked: false, .. }
    ));
    // The instructor and an admin open everything as staff.
    for who in [teacher_of(&f), f.admin] {
        match open(who, 3).await.unwrap() {
            PlayerPage::Open(p) => assert_eq!(p.access, Access::Staff),
            other => panic!("{other:?}"),
        }
    }
    // Another instructor of the portal does not.
    assert!(matches!(
        open(f.base.other_teacher, 3).await.unwrap(),
        PlayerPage::Refused { .. }
    ));
    f.enroll(f.learner).await;
    match open(f.learner, 3).await.unwrap() {
        PlayerPage::Open(p) => {
            assert_eq!(p.access, Access::Enrolled);
            assert_eq!(p.title, "For");
            assert_eq!(p.progress.total, 5);
        }
        other => panic!("{other:?}"),
    }
    // A lesson of another course, or a made-up one: 404.
    let (other_course, other_view) = f.base.course(&f.base.a, f.base.teacher, "Other").await;
    let _ = other_course;
    let foreign = other_view.modules[0].lessons[0].id;
    let mut tx = f.tx(f.learner).await;
    let err = player::lesson(&mut tx, &media, f.learner, &f.slug, foreign)
        .await
        .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    drop(tx);
    // Portal B's learner cannot even find portal A's course.
    let mut tx = f.base.tx(&f.base.b, f.learner_b).await;
    let err = player::lesson(&mut tx, &media, f.learner_b, &f.slug, f.lessons[0])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    assert!(enrollable::course(&mut tx, CourseRef::Id(f.course))
        .await
        .unwrap()
        .is_none());
    f.cleanup().await;
}

#[tokio::test]
async fn progress_counts_marked_watched_and_passed_lessons_and_completes_the_course() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    f.enroll(f.learner).await;
    let mut tx = f.tx(f.learner).await;
    let update = progress::mark_complete(&mut tx, f.learner.id, f.course, f.lessons[0])
        .await
        .unwrap();
    assert_eq!(
        (update.progress.completed, update.progress.percent),
        (1, 20)
    );
    // Twice is once.
    let update = progress::mark_complete(&mut tx, f.learner.id, f.course, f.lessons[0])
        .await
        .unwrap();
    assert_eq!(update.progress.completed, 1);
    // A video is watched, a quiz passed: neither is marked by hand.
    for lesson in [f.lessons[1], f.lessons[4]] {
        let err = progress::mark_complete(&mut tx, f.learner.id, f.course, lesson)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    }
    // 80 % of the video is not yet watched; 90 % is. Absurd positions are clamped.
    let at = progress::save_position(&mut tx, f.learner.id, f.course, f.lessons[1], 80_000, false)
        .await
        .unwrap();
    assert!(!at.lesson_done);
    let enrollment = enrollments::find(&mut tx, f.learner.id, f.course)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (_, stored) = progress::lesson_state(&mut tx, enrollment, f.lessons[1])
        .await
        .unwrap();
    assert_eq!(stored, 80_000);
    let at = progress::save_position(&mut tx, f.learner.id, f.course, f.lessons[1], 90_000, false)
        .await
        .unwrap();
    assert!(at.lesson_done);
    assert_eq!(at.progress.percent, 40);
    let absurd = progress::save_position(
        &mut tx,
        f.learner.id,
        f.course,
        f.lessons[1],
        i64::MAX,
        false,
    )
    .await
    .unwrap();
    assert!(absurd.lesson_done);
    // Positions belong to video lessons only.
    assert!(
        progress::save_position(&mut tx, f.learner.id, f.course, f.lessons[0], 1, false)
            .await
            .is_err()
    );
    for lesson in [f.lessons[2], f.lessons[3]] {
        progress::mark_complete(&mut tx, f.learner.id, f.course, lesson)
            .await
            .unwrap();
    }
    let e = enrollments::find(&mut tx, f.learner.id, f.course)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((e.percent, e.status), (80, EnrollmentStatus::Active));
    tx.commit().await.unwrap();

    // Passing the quiz completes the course.
    let passed = super::attempts::take(&f, f.learner, &super::attempts::ALL_RIGHT).await;
    assert!(passed.passed);
    let mut tx = f.tx(f.learner).await;
    let e = enrollments::find(&mut tx, f.learner.id, f.course)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((e.percent, e.status), (100, EnrollmentStatus::Completed));
    assert!(e.completed_at.is_some());
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn progress_belongs_to_the_enrolled_learner_only() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    let mut tx = f.tx(f.other_learner).await;
    let err = progress::mark_complete(&mut tx, f.other_learner.id, f.course, f.lessons[0])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    drop(tx);
    // Portal B cannot reach portal A's enrollment at all.
    let mut tx = f.base.tx(&f.base.b, f.learner_b).await;
    let err = progress::mark_complete(&mut tx, f.learner.id, f.course, f.lessons[0])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    let seen: i64 = sqlx::query_scalar("select count(*) from enrollment")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(seen, 0, "tenant B sees none of A's enrollments");
    f.cleanup().await;
}

#[tokio::test]
async fn continue_goes_to_the_last_lesson_opened() {
    let f = Fixture::new().await;
    f.enroll(f.learner).await;
    let media = test_media();
    let mut tx = f.tx(f.learner).await;
    let first = player::resume(&mut tx, f.learner, &f.slug).await.unwrap();
    assert_eq!(first, format!("/learn/{}/{}", f.slug, f.lessons[0]));
    player::lesson(&mut tx, &media, f.learner, &f.slug, f.lessons[3])
        .await
        .unwrap();
    let next = player::resume(&mut tx, f.learner, &f.slug).await.unwrap();
    assert_eq!(next, format!("/learn/{}/{}", f.slug, f.lessons[3]));
    // Not enrolled: the course page.
    let mut tx2 = f.tx(f.other_learner).await;
    let page = player::resume(&mut tx2, f.other_learner, &f.slug)
        .await
        .unwrap();
    assert_eq!(page, format!("/courses/{}", f.slug));
    drop((tx, tx2));
    f.cleanup().await;
}
