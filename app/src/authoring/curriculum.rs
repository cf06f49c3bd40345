//! A course's curriculum in SQL: reading it for the editor, and every
//! change to it. A change of order or of the set of modules and lessons
//! locks the course's `curriculum` row, checks the version the editor saw
//! (`lyceum::authoring::curriculum`), applies the change in the domain
//! core's `Outline`, writes the positions it produced and bumps the
//! version, all in the request's transaction. Renames check no version:
//! two people renaming two lessons both succeed.

use super::records::{
    outline_of, CurriculumChange, CurriculumView, LessonSummary, ModuleSummary, OutlineLesson,
    OutlineModule,
};
use crate::catalog::courses::{self, Actor};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::authoring::curriculum::{OrderError, Outline, Step, LESSONS_MAX, MODULES_MAX};
use lyceum::authoring::lesson::{self, CurriculumSummary, LessonKind};
use lyceum::authoring::quiz::quiz_is_ready;
use lyceum::catalog::course::CourseStatus;
use lyceum::{CourseId, LessonId, ModuleId};
use uuid::Uuid;

/// One change a person makes in the curriculum editor.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    AddModule {
        title: String,
    },
    RenameModule {
        module: ModuleId,
        title: String,
    },
    DeleteModule {
        module: ModuleId,
    },
    MoveModule {
        module: ModuleId,
        step: Step,
    },
    AddLesson {
        module: ModuleId,
        title: String,
        kind: LessonKind,
    },
    RenameLesson {
        lesson: LessonId,
        title: String,
    },
    DeleteLesson {
        lesson: LessonId,
    },
    MoveLesson {
        lesson: LessonId,
        step: Step,
    },
    MoveLessonTo {
        lesson: LessonId,
        module: ModuleId,
    },
    /// The whole intended order (a drag and drop ends with one).
    Reorder(Outline),
}

impl Edit {
    /// Whether it must be made against the current version: a move or a
    /// delete does (its meaning depends on the order the editor showed);
    /// a rename does not, nor an add (it appends, whatever the order).
    fn needs_version(&self) -> bool {
        !matches!(
            self,
            Edit::RenameModule { .. }
                | Edit::RenameLesson { .. }
                | Edit::AddModule { .. }
                | Edit::AddLesson { .. }
        )
    }

    /// Whether it adds or removes an item (the version goes up whenever
    /// the order or the set of items changes).
    fn adds_or_removes(&self) -> bool {
        matches!(
            self,
            Edit::AddModule { .. }
                | Edit::AddLesson { .. }
                | Edit::DeleteModule { .. }
                | Edit::DeleteLesson { .. }
        )
    }
}

struct Rows {
    version: i64,
    modules: Vec<ModuleSummary>,
}

async fn rows(tx: &mut TenantTx, course: CourseId) -> Result<Rows, sqlx::Error> {
    let version = sqlx::query_scalar!(
        "select version from curriculum where course_id = $1",
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .unwrap_or(0);
    let modules = sqlx::query!(
        "select module_id, title from module where course_id = $1 order by position",
        course.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let lessons = sqlx::query!(
        "select lesson_id, module_id, title, kind, estimated_minutes, free_preview
           from lesson where course_id = $1 order by position",
        course.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut modules: Vec<ModuleSummary> = modules
        .into_iter()
        .map(|m| ModuleSummary {
            id: m.module_id.into(),
            title: m.title,
            lessons: Vec::new(),
        })
        .collect();
    for l in lessons {
        let Some(module) = modules.iter_mut().find(|m| m.id.uuid() == l.module_id) else {
            continue;
        };
        module.lessons.push(LessonSummary {
            id: l.lesson_id.into(),
            title: l.title,
            kind: LessonKind::parse(&l.kind).unwrap_or(LessonKind::Text),
            estimated_minutes: u16::try_from(l.estimated_minutes).unwrap_or(0),
            free_preview: l.free_preview,
        });
    }
    Ok(Rows { version, modules })
}

/// Why the curriculum stops a course from being published (sentences;
/// empty: nothing). The catalog asks this when a course is published.
pub async fn publish_problems(
    tx: &mut TenantTx,
    course: CourseId,
) -> Result<Vec<String>, sqlx::Error> {
    let per_module = sqlx::query_scalar!(
        r#"select count(l.lesson_id) as "lessons!" from module m
             left join lesson l on l.module_id = m.module_id
            where m.course_id = $1 group by m.module_id, m.position order by m.position"#,
        course.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let quizzes = sqlx::query!(
        r#"select l.title, coalesce(array_agg(q.points) filter (where q.question_id is not null), '{}') as "points!: Vec<i16>"
             from lesson l left join question q on q.lesson_id = l.lesson_id
            where l.course_id = $1 and l.kind = 'quiz'
            group by l.lesson_id, l.title, l.position order by l.position"#,
        course.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let summary = CurriculumSummary {
        lessons_per_module: per_module.into_iter().map(|n| n as usize).collect(),
        unready_quizzes: quizzes
            .into_iter()
            .filter(|q| {
                let points: Vec<u16> = q.points.iter().map(|p| (*p).max(0) as u16).collect();
                !quiz_is_ready(&points)
            })
            .map(|q| q.title)
            .collect(),
    };
    Ok(lesson::publish_problems(&summary))
}

/// What a course page lists: every module and lesson with its kind, its
/// minutes and whether it is a free preview; no bodies. The caller (the
/// catalog's course page) has already decided the viewer may see the
/// course.
pub async fn outline(
    tx: &mut TenantTx,
    course: CourseId,
) -> Result<Vec<OutlineModule>, sqlx::Error> {
    Ok(rows(tx, course)
        .await?
        .modules
        .into_iter()
        .map(|m| OutlineModule {
            title: m.title,
            lessons: m
                .lessons
                .into_iter()
                .map(|l| OutlineLesson {
                    id: l.id,
                    title: l.title,
                    kind: l.kind,
                    minutes: l.estimated_minutes,
                    preview: l.free_preview,
                })
                .collect(),
        })
        .collect())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn length(minutes: u32) -> String {
    match minutes {
        0 => "self-paced".to_owned(),
        m if m < 60 => format!("{m} min"),
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{} h {} min", m / 60, m % 60),
    }
}

/// A course page's "Course content" section as HTML (empty for a course
/// without modules): every module (the first open) with its lessons'
/// kinds and minutes; free previews link to `/courses/{slug}/lessons/{id}`.
/// Every text is escaped. Written by hand rather than as a Leptos view so
/// the course page (in the main WebAssembly chunk) carries no code for it.
pub fn outline_html(modules: &[OutlineModule], slug: &str) -> String {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
    use std::fmt::Write;
    if modules.is_empty() {
        return String::new();
    }
    let minutes = |ls: &[OutlineLesson]| ls.iter().map(|l| u32::from(l.minutes)).sum::<u32>();
    let lessons: usize = modules.iter().map(|m| m.lessons.len()).sum();
    let total: u32 = modules.iter().map(|m| minutes(&m.lessons)).sum();
    let mut html = String::with_capacity(256 + 160 * lessons);
    let _ = write!(
        html,
        r#"<section aria-labelledby="content-heading" class="outline" data-testid="outline"><h2 id="content-heading">Course content</h2><p class="muted" data-testid="outline-summary">{} · {} · {}</p>"#,
        plural(modules.len(), "module", "modules"),
        plural(lessons, "lesson", "lessons"),
        length(total)
    );
    for (i, m) in modules.iter().enumerate() {
        let _ = write!(
            html,
            r#"<details class="outline__module"{}><summary><span class="outline__title">{}</span><span class="muted small">{} · {}</span></summary><ul class="outline__lessons">"#,
            if i == 0 { " open" } else { "" },
            text(&m.title),
            plural(m.lessons.len(), "lesson", "lessons"),
            length(minutes(&m.lessons))
        );
        for l in &m.lessons {
            let _ = write!(
                html,
                r#"<li class="outline__lesson"><span class="badge badge--{}">{}</span><span class="outline__lesson-title">"#,
                l.kind.as_str(),
                l.kind.label()
            );
            if l.preview {
                let _ = write!(
                    html,
                    r#"<a href="/courses/{}/lessons/{}" data-testid="preview-link">{}</a> <span class="tag tag--preview">Preview</span>"#,
                    attr(slug),
                    l.id,
                    text(&l.title)
                );
            } else {
                let _ = write!(html, "{}", text(&l.title));
            }
            html.push_str("</span>");
            if l.minutes > 0 {
                let _ = write!(
                    html,
                    r#"<span class="muted small">{} min</span>"#,
                    l.minutes
                );
            }
            html.push_str("</li>");
        }
        html.push_str("</ul></details>");
    }
    html.push_str("</section>");
    html
}

/// The curriculum of a course the actor may edit. Errors: as
/// `catalog::courses::for_editing` (404, 403).
pub async fn view(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
) -> Result<CurriculumView, AppError> {
    let header = courses::for_editing(tx, actor, course).await?;
    let rows = rows(tx, course).await?;
    let problems = publish_problems(tx, course).await?;
    Ok(CurriculumView {
        course: header,
        version: rows.version,
        modules: rows.modules,
        problems,
    })
}

/// Writes every module's and lesson's position (and a lesson's module) as
/// `outline` orders them; rows already in place are left alone. The unique
/// keys on positions are checked at commit, so the order may pass through
/// duplicates on the way.
async fn write_positions(
    tx: &mut TenantTx,
    course: CourseId,
    outline: &Outline,
) -> Result<(), sqlx::Error> {
    let modules: Vec<Uuid> = outline.modules.iter().map(|m| m.id.uuid()).collect();
    sqlx::query!(
        "update module m set position = o.n - 1, updated_at = now()
           from unnest($1::uuid[]) with ordinality as o(module_id, n)
          where m.module_id = o.module_id and m.course_id = $2 and m.position <> o.n - 1",
        &modules,
        course.uuid()
    )
    .execute(&mut **tx)
    .await?;
    let (mut lessons, mut owners, mut positions) = (Vec::new(), Vec::new(), Vec::new());
    for module in &outline.modules {
        for (i, lesson) in module.lessons.iter().enumerate() {
            lessons.push(lesson.uuid());
            owners.push(module.id.uuid());
            positions.push(i as i32);
        }
    }
    sqlx::query!(
        "update lesson l set module_id = o.module_id, position = o.position, updated_at = now()
           from unnest($1::uuid[], $2::uuid[], $3::int[]) as o(lesson_id, module_id, position)
          where l.lesson_id = o.lesson_id and l.course_id = $4
            and (l.module_id, l.position) is distinct from (o.module_id, o.position)",
        &lessons,
        &owners,
        &positions,
        course.uuid()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn order_error(err: OrderError) -> AppError {
    match err {
        OrderError::NotFound => AppError::NotFound,
        other => AppError::invalid("order", other.to_string()),
    }
}

fn title(raw: &str) -> Result<String, AppError> {
    lesson::title(raw).map_err(|e| AppError::invalid("title", e.to_string()))
}

/// Applies `edit` to the curriculum of a course the actor may edit, if
/// `version` is still current (renames need no version). Answers the
/// curriculum as it then stands; `applied: false` when the version was
/// stale, and then nothing was changed. Errors: 404/403 as [`view`];
/// `Invalid` for a bad title (`title`), a reorder that is not one
/// (`order`: an item twice, missing, or of another course), a full
/// curriculum (`order`); `NotFound` for a module or lesson that is not in
/// this course.
pub async fn change(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    version: i64,
    edit: Edit,
) -> Result<CurriculumChange, AppError> {
    // The course row first (held, so its status cannot change under the
    // completeness check below), then the curriculum row: the order every
    // writer takes them in.
    let header = courses::hold_for_editing(tx, actor, course).await?;
    let tenant = tx.tenant().uuid();
    // One writer at a time per curriculum: the row is created on first use
    // and locked until commit.
    sqlx::query!(
        "insert into curriculum (tenant_id, course_id) values ($1, $2) on conflict do nothing",
        tenant,
        course.uuid()
    )
    .execute(&mut **tx)
    .await?;
    let current = sqlx::query_scalar!(
        "select version from curriculum where course_id = $1 for update",
        course.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    let adds_or_removes = edit.adds_or_removes();
    if edit.needs_version() && version != current {
        return Ok(CurriculumChange {
            applied: false,
            curriculum: view(tx, actor, course).await?,
        });
    }
    let mut outline = outline_of(&rows(tx, course).await?.modules);
    let original = outline.clone();
    match edit {
        Edit::AddModule { title: raw } => {
            let title = title(&raw)?;
            if outline.modules.len() >= MODULES_MAX {
                return Err(AppError::invalid(
                    "order",
                    format!("a course may have at most {MODULES_MAX} modules"),
                ));
            }
            sqlx::query!(
                "insert into module (tenant_id, course_id, title, position) values ($1, $2, $3, $4)",
                tenant,
                course.uuid(),
                title,
                outline.modules.len() as i32
            )
            .execute(&mut **tx)
            .await?;
        }
        Edit::RenameModule { module, title: raw } => {
            let title = title(&raw)?;
            let done = sqlx::query!(
                "update module set title = $1, updated_at = now() where module_id = $2 and course_id = $3",
                title,
                module.uuid(),
                course.uuid()
            )
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
        }
        Edit::DeleteModule { module } => {
            let index = outline.module_index(module).ok_or(AppError::NotFound)?;
            outline.modules.remove(index);
            let held = super::media::owned_assets(tx, super::media::Scope::Module(module)).await?;
            sqlx::query!(
                "delete from module where module_id = $1 and course_id = $2",
                module.uuid(),
                course.uuid()
            )
            .execute(&mut **tx)
            .await?;
            super::media::release_all(tx, &held).await?;
        }
        Edit::MoveModule { module, step } => {
            outline.move_module(module, step).map_err(order_error)?;
        }
        Edit::AddLesson {
            module,
            title: raw,
            kind,
        } => {
            let title = title(&raw)?;
            let index = outline.module_index(module).ok_or(AppError::NotFound)?;
            if outline.lesson_count() >= LESSONS_MAX {
                return Err(AppError::invalid(
                    "order",
                    format!("a course may have at most {LESSONS_MAX} lessons"),
                ));
            }
            let lesson = sqlx::query_scalar!(
                "insert into lesson (tenant_id, course_id, module_id, title, kind, position)
                 values ($1, $2, $3, $4, $5, $6) returning lesson_id",
                tenant,
                course.uuid(),
                module.uuid(),
                title,
                kind.as_str(),
                outline.modules[index].lessons.len() as i32
            )
            .fetch_one(&mut **tx)
            .await?;
            if kind == LessonKind::Quiz {
                sqlx::query!(
                    "insert into assessment (tenant_id, lesson_id) values ($1, $2)",
                    tenant,
                    lesson
                )
                .execute(&mut **tx)
                .await?;
            }
        }
        Edit::RenameLesson { lesson, title: raw } => {
            let title = title(&raw)?;
            let done = sqlx::query!(
                "update lesson set title = $1, updated_at = now() where lesson_id = $2 and course_id = $3",
                title,
                lesson.uuid(),
                course.uuid()
            )
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
        }
        Edit::DeleteLesson { lesson } => {
            let place = outline.place_of(lesson).ok_or(AppError::NotFound)?;
            outline.modules[place.module].lessons.remove(place.index);
            let held = super::media::owned_assets(tx, super::media::Scope::Lesson(lesson)).await?;
            sqlx::query!(
                "delete from lesson where lesson_id = $1 and course_id = $2",
                lesson.uuid(),
                course.uuid()
            )
            .execute(&mut **tx)
            .await?;
            super::media::release_all(tx, &held).await?;
        }
        Edit::MoveLesson { lesson, step } => {
            outline.move_lesson(lesson, step).map_err(order_error)?;
        }
        Edit::MoveLessonTo { lesson, module } => {
            let end = outline
                .module_index(module)
                .map(|m| outline.modules[m].lessons.len())
                .ok_or(AppError::NotFound)?;
            outline
                .move_lesson_to(lesson, module, end)
                .map_err(order_error)?;
        }
        Edit::Reorder(proposed) => {
            outline.check_reorder(&proposed).map_err(order_error)?;
            outline = proposed;
        }
    }
    if outline != original {
        write_positions(tx, course, &outline).await?;
    }
    // A published course stays publishable: its last lesson cannot go, nor
    // can an empty quiz be added (unpublish it first). Refused here, the
    // transaction rolls back.
    if adds_or_removes && header.status == CourseStatus::Published {
        let problems = publish_problems(tx, course).await?;
        if !problems.is_empty() {
            return Err(AppError::invalid(
                "order",
                format!(
                    "a published course must stay complete: {}",
                    problems.join(" ")
                ),
            ));
        }
    }
    if adds_or_removes || outline != original {
        sqlx::query!(
            "update curriculum set version = version + 1, updated_at = now() where course_id = $1",
            course.uuid()
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(CurriculumChange {
        applied: true,
        curriculum: view(tx, actor, course).await?,
    })
}
