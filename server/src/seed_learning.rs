//! Demo learning: in each demo portal, three learners at three stages of
//! the free course with a lesson of every kind — one just started, one
//! halfway (a failed then a passed quiz attempt), one finished. Made by the
//! learning context's own service functions, as the learners would through
//! the player (so every figure obeys the same rules), then dated back over
//! the past weeks so the dashboards show a history. The finished learner
//! reviews the course (the halfway one rates it too) and was granted a
//! second course by an admin, so the others' dashboards recommend it
//! ("Learners who took … also took"); the certificate is issued by the
//! server's job worker when it starts (the job is queued here). Skipped for
//! a portal that already has enrollments.

use lyceum::authoring::quiz::{Question, QuestionKind};
use lyceum::learning::enrollment::EnrollmentSource;
use lyceum::learning::grading::Answer;
use lyceum::{CourseId, LessonId, QuestionId, TenantId, UserId};
use lyceum_app::authoring::records::OutlineModule;
use lyceum_app::catalog::enrollable::{self, CourseRef};
use lyceum_app::db::{Db, TenantTx};
use lyceum_app::learning::{attempts, enrollments, progress};
use std::collections::BTreeMap;
use uuid::Uuid;

/// (portal, free course with every kind of lesson, [just started, halfway,
/// finished], a paid course an admin granted the finished learner)
const STAGES: &[(&str, &str, [&str; 3], &str)] = &[
    (
        "acme",
        "rust-fundamentals",
        ["lena@acme.test", "liam@acme.test", "lucia@acme.test"],
        "rust-for-web-developers",
    ),
    (
        "globex",
        "cell-biology-essentials",
        ["leo@globex.test", "lara@globex.test", "luca@globex.test"],
        "statistics-without-tears",
    ),
];

/// (stage, stars, text) of the demo reviews.
const REVIEWS: &[(usize, &str, &str)] = &[
    (
        2,
        "5",
        "Clear, well paced and honest about the hard parts. The quiz made me go back and reread the chapter on moves, which was exactly what I needed.",
    ),
    (1, "4", ""),
];

pub async fn load(owner_url: &str) -> anyhow::Result<()> {
    // The schema owner's connection, entered per tenant and learner as the
    // server would (`begin_as`), so the service functions run unchanged.
    let db = Db::connect(owner_url, 2).await?;
    let owner = sqlx::PgPool::connect(owner_url).await?;
    for (subdomain, slug, learners, granted) in STAGES {
        let tenant: Option<Uuid> =
            sqlx::query_scalar("select tenant_id from tenant where subdomain = $1")
                .bind(subdomain)
                .fetch_optional(&owner)
                .await?;
        let Some(tenant) = tenant else { continue };
        let started: bool =
            sqlx::query_scalar("select exists(select 1 from enrollment where tenant_id = $1)")
                .bind(tenant)
                .fetch_one(&owner)
                .await?;
        if started {
            continue;
        }
        let mut people = Vec::new();
        for email in learners {
            let id: Uuid = sqlx::query_scalar(
                "select user_id from app_user where tenant_id = $1 and email = $2",
            )
            .bind(tenant)
            .bind(email)
            .fetch_one(&owner)
            .await?;
            people.push(UserId::from(id));
        }
        let tenant = TenantId::from(tenant);
        let (course, outline) = {
            let mut tx = db.begin_as(tenant, None).await?;
            let Some(course) = enrollable::course(&mut tx, CourseRef::Slug(slug)).await? else {
                continue;
            };
            let outline = lyceum_app::authoring::curriculum::outline(&mut tx, course.id).await?;
            (course, outline)
        };
        for (stage, learner) in people.iter().enumerate() {
            learn(&db, tenant, *learner, &course, &outline, stage).await?;
        }
        for (stage, stars, text) in REVIEWS {
            let mut tx = begin(&db, tenant, people[*stage]).await?;
            let review = lyceum::catalog::review::check(stars, text)
                .map_err(|e| anyhow::anyhow!("demo review: {e:?}"))?;
            lyceum_app::catalog::reviews::save(&mut tx, people[*stage], course.id, &review)
                .await
                .map_err(|e| anyhow::anyhow!("demo review: {e}"))?;
            tx.commit().await?;
        }
        let mut tx = begin(&db, tenant, people[2]).await?;
        if let Some(second) = enrollable::course(&mut tx, CourseRef::Slug(granted)).await? {
            enrollments::enroll(&mut tx, people[2], &second, EnrollmentSource::AdminGrant)
                .await
                .map_err(|e| anyhow::anyhow!("demo grant: {e}"))?;
        }
        tx.commit().await?;
        date_back(&owner, tenant, course.id).await?;
    }
    Ok(())
}

async fn begin(db: &Db, tenant: TenantId, learner: UserId) -> anyhow::Result<TenantTx> {
    Ok(db.begin_as(tenant, Some(learner)).await?)
}

/// Takes the course as far as `stage`: 0 just started, 1 halfway, 2 finished.
async fn learn(
    db: &Db,
    tenant: TenantId,
    learner: UserId,
    course: &enrollable::LearnableCourse,
    outline: &[OutlineModule],
    stage: usize,
) -> anyhow::Result<()> {
    let lessons: Vec<(LessonId, lyceum::authoring::lesson::LessonKind)> = outline
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| (l.id, l.kind)))
        .collect();
    let mut tx = begin(db, tenant, learner).await?;
    enrollments::enroll(&mut tx, learner, course, EnrollmentSource::Free)
        .await
        .map_err(|e| anyhow::anyhow!("demo enrollment: {e}"))?;
    tx.commit().await?;
    let upto = match stage {
        0 => 1,
        1 => lessons.len() / 2 + 1,
        _ => lessons.len(),
    };
    use lyceum::authoring::lesson::LessonKind::*;
    for (lesson, kind) in lessons.iter().take(upto) {
        let mut tx = begin(db, tenant, learner).await?;
        let done = match kind {
            Text | File => progress::mark_complete(&mut tx, learner, course.id, *lesson)
                .await
                .map(|_| ()),
            Video => {
                let length = lyceum_app::authoring::media::video_duration(&mut tx, *lesson)
                    .await?
                    .flatten()
                    .unwrap_or(0);
                progress::save_position(
                    &mut tx,
                    learner,
                    course.id,
                    *lesson,
                    i64::try_from(length).unwrap_or(0),
                    true,
                )
                .await
                .map(|_| ())
            }
            Quiz => {
                tx.commit().await?;
                if stage == 1 {
                    take_quiz(db, tenant, learner, course.id, *lesson, false).await?;
                }
                take_quiz(db, tenant, learner, course.id, *lesson, true).await?;
                continue;
            }
        };
        done.map_err(|e| anyhow::anyhow!("demo progress: {e}"))?;
        tx.commit().await?;
    }
    // Where "Continue" goes: the next lesson after the last one done.
    if let Some((next, _)) = lessons.get(upto) {
        let mut tx = begin(db, tenant, learner).await?;
        if let Some(e) = enrollments::find(&mut tx, learner, course.id).await? {
            enrollments::set_last_lesson(&mut tx, e.id, *next).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// An attempt with every answer right, or with every answer wrong.
async fn take_quiz(
    db: &Db,
    tenant: TenantId,
    learner: UserId,
    course: CourseId,
    lesson: LessonId,
    right: bool,
) -> anyhow::Result<()> {
    let mut tx = begin(db, tenant, learner).await?;
    let Some((_, questions)) =
        lyceum_app::authoring::lessons::quiz_for_attempt(&mut tx, course, lesson).await?
    else {
        return Ok(());
    };
    let answers: BTreeMap<QuestionId, Answer> = questions
        .iter()
        .map(|(id, q)| (*id, answer(q, right)))
        .collect();
    let attempt = attempts::start(&mut tx, learner, course, lesson)
        .await
        .map_err(|e| anyhow::anyhow!("demo attempt: {e}"))?;
    attempts::submit(&mut tx, learner, course, attempt, &answers)
        .await
        .map_err(|e| anyhow::anyhow!("demo attempt: {e}"))?;
    tx.commit().await?;
    Ok(())
}

fn answer(q: &Question, right: bool) -> Answer {
    match q.kind {
        QuestionKind::ShortText if right => {
            Answer::Text(q.accepted_answers.first().cloned().unwrap_or_default())
        }
        QuestionKind::ShortText => Answer::Text("I am not sure".into()),
        _ => Answer::Choices(
            q.options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct == right)
                .map(|(i, _)| u8::try_from(i).unwrap_or(0))
                .take(if q.kind == QuestionKind::MultipleChoice {
                    10
                } else {
                    1
                })
                .collect(),
        ),
    }
}

/// Spreads the learners' history over the past weeks (enrolled five weeks
/// ago, a lesson every few days since), as a real class would have it.
async fn date_back(owner: &sqlx::PgPool, tenant: TenantId, course: CourseId) -> anyhow::Result<()> {
    sqlx::query(
        "update enrollment set enrolled_at = now() - interval '35 days' - (random() * interval '5 days'),
                              completed_at = case when completed_at is null then null else now() - interval '2 days' end
          where tenant_id = $1 and course_id = $2",
    )
    .bind(tenant.uuid())
    .bind(course.uuid())
    .execute(owner)
    .await?;
    sqlx::query(
        "with ordered as (
             select p.enrollment_id, p.lesson_id,
                    row_number() over (partition by p.enrollment_id order by p.completed_at) as n,
                    count(*) over (partition by p.enrollment_id) as total
               from lesson_progress p join enrollment e using (tenant_id, enrollment_id)
              where p.tenant_id = $1 and e.course_id = $2 and p.completed_at is not null)
         update lesson_progress p
            set completed_at = now() - (interval '32 days' * (o.total - o.n + 1) / (o.total + 1)),
                updated_at = now() - (interval '32 days' * (o.total - o.n + 1) / (o.total + 1))
           from ordered o
          where p.tenant_id = $1 and p.enrollment_id = o.enrollment_id and p.lesson_id = o.lesson_id",
    )
    .bind(tenant.uuid())
    .bind(course.uuid())
    .execute(owner)
    .await?;
    sqlx::query(
        "update quiz_attempt a
            set started_at = now() - interval '10 days' + (a.number * interval '1 hour'),
                submitted_at = now() - interval '10 days' + (a.number * interval '1 hour') + interval '6 minutes'
           from enrollment e
          where a.tenant_id = $1 and e.tenant_id = a.tenant_id and e.enrollment_id = a.enrollment_id
            and e.course_id = $2",
    )
    .bind(tenant.uuid())
    .bind(course.uuid())
    .execute(owner)
    .await?;
    Ok(())
}
