//! Learning's fixture builder: a published free course with a lesson of
//! each kind and a graded quiz (on authoring's fixture), and learners.

use crate::authoring::fixtures::{actor, Fixture as Authoring};
use crate::helpers::*;
use lyceum::authoring::quiz::{ChoiceOption, QuestionDraft, QuizSettingsDraft};
use lyceum::{Actor, CourseId, LessonId, Persona, QuestionId};
use lyceum_app::authoring::lessons;
use lyceum_app::catalog::enrollable::{self, CourseRef, LearnableCourse};
use lyceum_app::db::TenantTx;

pub struct Fixture {
    pub base: Authoring,
    pub course: CourseId,
    pub slug: String,
    /// In order: Welcome (text), Setup (video), Cheat sheet (file), For
    /// (text), Check-in (quiz).
    pub lessons: Vec<LessonId>,
    /// The quiz's questions: single choice (right: 0), multiple choice
    /// (right: 0 and 1 of 3), short text ("ownership").
    pub questions: Vec<QuestionId>,
    pub learner: Actor,
    /// The learner's email (password `helpers::PASSWORD`).
    pub learner_email: String,
    pub other_learner: Actor,
    pub other_email: String,
    /// A learner of portal B.
    pub learner_b: Actor,
    pub admin: Actor,
}

pub fn learner(id: uuid::Uuid) -> Actor {
    Actor {
        id: id.into(),
        persona: Persona::Learner,
    }
}

fn option(text: &str, correct: bool) -> ChoiceOption {
    ChoiceOption {
        text: text.into(),
        correct,
    }
}

impl Fixture {
    /// Portal A's published course (quiz: pass at 70 %, 2 attempts).
    pub async fn new() -> Fixture {
        Fixture::with_quiz("70", "2", "").await
    }

    pub async fn with_quiz(passing: &str, attempts: &str, minutes: &str) -> Fixture {
        let base = Authoring::new().await;
        let (course, view) = base.course(&base.a, base.teacher, "Learning Rust").await;
        let lessons: Vec<LessonId> = view
            .modules
            .iter()
            .flat_map(|m| m.lessons.iter().map(|l| l.id))
            .collect();
        let quiz = lessons[4];
        let mut tx = base.tx(&base.a, base.teacher).await;
        lessons::save_quiz_settings(
            &mut tx,
            base.teacher,
            course,
            quiz,
            &QuizSettingsDraft {
                passing_score: passing.into(),
                max_attempts: attempts.into(),
                time_limit_minutes: minutes.into(),
                shuffle: false,
            },
        )
        .await
        .unwrap();
        let drafts = [
            QuestionDraft {
                kind: "single".into(),
                prompt: "Which keyword binds a value?".into(),
                options: vec![option("let", true), option("var", false)],
                points: "2".into(),
                explanation: "Rust binds with `let`.".into(),
                ..Default::default()
            },
            QuestionDraft {
                kind: "multiple".into(),
                prompt: "Which are integer types?".into(),
                options: vec![
                    option("u8", true),
                    option("i64", true),
                    option("f32", false),
                ],
                points: "2".into(),
                ..Default::default()
            },
            QuestionDraft {
                kind: "short_text".into(),
                prompt: "What does the borrow checker enforce?".into(),
                accepted_answers: vec!["ownership".into()],
                points: "1".into(),
                ..Default::default()
            },
        ];
        let mut questions = Vec::new();
        for draft in &drafts {
            questions.push(
                lessons::save_question(&mut tx, base.teacher, course, quiz, None, draft)
                    .await
                    .unwrap(),
            );
        }
        let slug = enrollable::course(&mut tx, CourseRef::Id(course))
            .await
            .unwrap()
            .unwrap()
            .slug;
        tx.commit().await.unwrap();
        // Published as the owner: the catalog's own rules for publishing
        // (a category, a description) are tested with the catalog.
        sqlx::query(
            "update course set status = 'published', published_at = now() where course_id = $1",
        )
        .bind(course.uuid())
        .execute(&base.owner)
        .await
        .unwrap();
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let (learner_email, other_email) = (format!("l{tag}@a.test"), format!("m{tag}@a.test"));
        let learner =
            learner(create_user(&base.owner, &base.a, &learner_email, Persona::Learner).await);
        let other_learner =
            self::learner(create_user(&base.owner, &base.a, &other_email, Persona::Learner).await);
        let learner_b = self::learner(
            create_user(
                &base.owner,
                &base.b,
                &format!("l{tag}@b.test"),
                Persona::Learner,
            )
            .await,
        );
        let admin = Actor {
            id: create_user(
                &base.owner,
                &base.a,
                &format!("a{tag}@a.test"),
                Persona::Admin,
            )
            .await
            .into(),
            persona: Persona::Admin,
        };
        Fixture {
            base,
            course,
            slug,
            lessons,
            questions,
            learner,
            learner_email,
            other_learner,
            other_email,
            learner_b,
            admin,
        }
    }

    pub async fn tx(&self, who: Actor) -> TenantTx {
        self.base.tx(&self.base.a, who).await
    }

    pub async fn course_row(&self, tx: &mut TenantTx) -> LearnableCourse {
        enrollable::course(tx, CourseRef::Id(self.course))
            .await
            .unwrap()
            .unwrap()
    }

    /// Enrolls `who` in the course (free), committed.
    pub async fn enroll(&self, who: Actor) {
        let mut tx = self.tx(who).await;
        let course = self.course_row(&mut tx).await;
        lyceum_app::learning::enrollments::enroll(
            &mut tx,
            who.id,
            &course,
            lyceum::learning::enrollment::EnrollmentSource::Free,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }

    /// Gives the video lesson a video of `duration_ms` (as the owner).
    pub async fn give_video(&self, duration_ms: i64) {
        let tenant = self.base.a.id;
        let asset: uuid::Uuid = sqlx::query_scalar(
            "insert into media_asset (tenant_id, owner_id, kind, status, content_type, file_name,
                                      byte_size, sha256, duration_ms)
             values ($1, $2, 'video', 'ready', 'video/mp4', 'setup.mp4', 1000, $3, $4)
             returning asset_id",
        )
        .bind(tenant)
        .bind(self.base.teacher.id.uuid())
        .bind(vec![0u8; 32])
        .bind(duration_ms)
        .fetch_one(&self.base.owner)
        .await
        .unwrap();
        sqlx::query("update lesson set video_asset_id = $2 where lesson_id = $1")
            .bind(self.lessons[1].uuid())
            .bind(asset)
            .execute(&self.base.owner)
            .await
            .unwrap();
    }

    /// Completes the whole course for `who` (enrolled; the video lesson
    /// given a video first): every lesson, then the quiz passed.
    pub async fn complete_course(&self, who: Actor) {
        use lyceum_app::learning::progress;
        let mut tx = self.tx(who).await;
        for i in [0, 2, 3] {
            progress::mark_complete(&mut tx, who.id, self.course, self.lessons[i])
                .await
                .unwrap();
        }
        progress::save_position(&mut tx, who.id, self.course, self.lessons[1], 100_000, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let passed = super::attempts::take(self, who, &super::attempts::ALL_RIGHT).await;
        assert!(passed.passed);
    }

    /// What the jobs of a server process get (plain http, no port).
    pub fn job_env(&self) -> lyceum_app::jobs::JobEnv {
        lyceum_app::jobs::JobEnv {
            db: self.base.db.clone(),
            config: std::sync::Arc::new(test_config(false)),
        }
    }

    /// Runs the due background jobs, as a server's worker would; returns
    /// how many succeeded.
    pub async fn run_jobs(&self) -> usize {
        lyceum_app::jobs::run_due(
            &self.base.db,
            &self.job_env(),
            &lyceum_server::startup::job_handlers(),
        )
        .await
        .unwrap()
    }

    pub async fn cleanup(self) {
        self.base.cleanup().await;
    }
}

pub fn teacher_of(f: &Fixture) -> Actor {
    actor(f.base.teacher.id.uuid())
}
