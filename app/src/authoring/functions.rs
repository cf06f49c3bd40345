//! Authoring's server functions: what the curriculum editor calls, checked
//! again on the server whatever the page showed.

use super::records::{
    CurriculumChange, CurriculumEdit, CurriculumView, LessonEditor, LessonPreview, LessonSummary,
    QuestionForm,
};
use crate::error::AppError;
use leptos::prelude::*;
use lyceum::authoring::lesson::LessonDraft;
use lyceum::authoring::quiz::QuizSettingsDraft;

/// The curriculum of a course the caller may edit (`course`: its id).
#[server(prefix = "/fn", endpoint = "authoring/curriculum", output = crate::wire::Answer)]
pub async fn curriculum(course: String) -> Result<CurriculumView, AppError> {
    crate::request::finish(server::curriculum(course).await)
}

/// One change in the curriculum editor.
///
/// `edit.op` names the change, and reads the other fields of `edit`:
///
/// | op | reads |
/// |---|---|
/// | `add_module` | `title` |
/// | `rename_module`, `rename_lesson` | `item`, `title` |
/// | `delete_module`, `delete_lesson` | `item` |
/// | `module_up`, `module_down`, `lesson_up`, `lesson_down` | `item` |
/// | `add_lesson` | `item` (the module), `title`, `kind` (`text`, `video`, `file`, `quiz`) |
/// | `move_lesson_to` | `item`, `target` (the module; the lesson goes last) |
/// | `reorder` | `order` (`Outline::to_form`) |
///
/// `version`: the curriculum version the editor shows; a change of order
/// made against an older one is not applied (`applied: false`, with the
/// current curriculum). Without JavaScript the browser is sent back to the
/// editor, with `?stale=1` in that case.
#[server(prefix = "/fn", endpoint = "authoring/change", output = crate::wire::Answer)]
pub async fn change_curriculum(
    course: String,
    version: String,
    edit: CurriculumEdit,
) -> Result<CurriculumChange, AppError> {
    crate::request::finish(server::change_curriculum(course, version, edit).await)
}

/// A lesson of a course the caller may edit, for its editor.
#[server(prefix = "/fn", endpoint = "authoring/lesson", output = crate::wire::Answer)]
pub async fn lesson_for_edit(course: String, lesson: String) -> Result<LessonEditor, AppError> {
    crate::request::finish(server::lesson_for_edit(course, lesson).await)
}

/// Saves a lesson's title, estimate, preview flag and body (the editor's
/// autosave, or its form without JavaScript).
#[server(prefix = "/fn", endpoint = "authoring/save-lesson", output = crate::wire::Answer)]
pub async fn save_lesson(
    course: String,
    lesson: String,
    draft: LessonDraft,
) -> Result<LessonSummary, AppError> {
    crate::request::finish(server::save_lesson(course, lesson, draft).await)
}

/// Renders a lesson's Markdown as the player will show it.
#[server(prefix = "/fn", endpoint = "authoring/preview", output = crate::wire::Answer)]
pub async fn preview_lesson(markdown: String) -> Result<String, AppError> {
    crate::request::finish(server::preview_lesson(markdown).await)
}

#[server(prefix = "/fn", endpoint = "authoring/quiz-settings", output = crate::wire::Answer)]
pub async fn save_quiz_settings(
    course: String,
    lesson: String,
    settings: QuizSettingsDraft,
) -> Result<(), AppError> {
    crate::request::finish(server::save_quiz_settings(course, lesson, settings).await)
}

/// Adds a question (`question` empty) or replaces one.
#[server(prefix = "/fn", endpoint = "authoring/question", output = crate::wire::Answer)]
pub async fn save_question(
    course: String,
    lesson: String,
    #[server(default)] question: String,
    draft: QuestionForm,
) -> Result<String, AppError> {
    crate::request::finish(server::save_question(course, lesson, question, draft).await)
}

/// `op`: `up`, `down` or `delete`.
#[server(prefix = "/fn", endpoint = "authoring/question-change", output = crate::wire::Answer)]
pub async fn change_question(
    course: String,
    lesson: String,
    question: String,
    op: String,
) -> Result<(), AppError> {
    crate::request::finish(server::change_question(course, lesson, question, op).await)
}

/// Removes a lesson's video (`resource` empty) or one of its files; the
/// media is released and swept.
#[server(prefix = "/fn", endpoint = "authoring/remove-media", output = crate::wire::Answer)]
pub async fn remove_media(
    course: String,
    lesson: String,
    #[server(default)] resource: String,
) -> Result<(), AppError> {
    crate::request::finish(server::remove_media(course, lesson, resource).await)
}

/// A free-preview lesson, for anyone who may see its course.
#[server(prefix = "/fn", endpoint = "authoring/preview-lesson", output = crate::wire::Answer)]
pub async fn preview_for_visitor(slug: String, lesson: String) -> Result<LessonPreview, AppError> {
    crate::request::finish(server::preview_for_visitor(slug, lesson).await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::authoring::curriculum::{self, Edit};
    use crate::authoring::lessons;
    use crate::request::{in_transaction, request_ctx};
    use lyceum::authoring::curriculum::{Outline, Step};
    use lyceum::authoring::lesson::LessonKind;
    use lyceum::{CourseId, Permission};

    /// A malformed id names nothing: the same answer as an unknown one.
    fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
        raw.parse().map_err(|_| AppError::NotFound)
    }

    pub async fn curriculum(course: String) -> Result<CurriculumView, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let course: CourseId = id(&course)?;
        in_transaction(&ctx, async |tx| curriculum::view(tx, me, course).await).await
    }

    fn edit(
        op: &str,
        item: &str,
        title: String,
        kind: &str,
        target: &str,
        order: &str,
    ) -> Result<Edit, AppError> {
        let step = |up: bool| if up { Step::Up } else { Step::Down };
        Ok(match op {
            "add_module" => Edit::AddModule { title },
            "rename_module" => Edit::RenameModule {
                module: id(item)?,
                title,
            },
            "delete_module" => Edit::DeleteModule { module: id(item)? },
            "module_up" | "module_down" => Edit::MoveModule {
                module: id(item)?,
                step: step(op == "module_up"),
            },
            "add_lesson" => Edit::AddLesson {
                module: id(item)?,
                title,
                kind: LessonKind::parse(kind)
                    .ok_or_else(|| AppError::invalid("kind", "is not a kind of lesson"))?,
            },
            "rename_lesson" => Edit::RenameLesson {
                lesson: id(item)?,
                title,
            },
            "delete_lesson" => Edit::DeleteLesson { lesson: id(item)? },
            "lesson_up" | "lesson_down" => Edit::MoveLesson {
                lesson: id(item)?,
                step: step(op == "lesson_up"),
            },
            "move_lesson_to" => Edit::MoveLessonTo {
                lesson: id(item)?,
                module: id(target)?,
            },
            "reorder" => Edit::Reorder(
                Outline::parse_form(order)
                    .map_err(|e| AppError::invalid("order", e.to_string()))?,
            ),
            _ => return Err(AppError::invalid("op", "is not a curriculum change")),
        })
    }

    pub async fn change_curriculum(
        course: String,
        version: String,
        form: CurriculumEdit,
    ) -> Result<CurriculumChange, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let course: CourseId = id(&course)?;
        let version: i64 = version
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("version", "is not a curriculum version"))?;
        let op = form.op.trim().to_owned();
        let edit = edit(
            &op,
            &form.item,
            form.title,
            &form.kind,
            &form.target,
            &form.order,
        )?;
        let answer = in_transaction(&ctx, async |tx| {
            curriculum::change(tx, me, course, version, edit).await
        })
        .await?;
        if answer.applied {
            tracing::info!(course.id = %course, op = %op, "curriculum changed");
        }
        if crate::request::is_plain_form_post() {
            let stale = if answer.applied { "" } else { "?stale=1" };
            crate::request::redirect(
                &format!("/instructor/courses/{course}/curriculum{stale}"),
                "/instructor",
            );
        }
        Ok(answer)
    }

    fn lesson_editor_path(course: CourseId, lesson: lyceum::LessonId) -> String {
        format!("/instructor/courses/{course}/lessons/{lesson}")
    }

    pub async fn lesson_for_edit(course: String, lesson: String) -> Result<LessonEditor, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, lyceum::LessonId) = (id(&course)?, id(&lesson)?);
        let state = crate::request::app_state();
        in_transaction(&ctx, async |tx| {
            lessons::for_edit(tx, &state.media, me, course, lesson).await
        })
        .await
    }

    pub async fn save_lesson(
        course: String,
        lesson: String,
        draft: LessonDraft,
    ) -> Result<LessonSummary, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, lyceum::LessonId) = (id(&course)?, id(&lesson)?);
        let saved = in_transaction(&ctx, async |tx| {
            lessons::save(tx, me, course, lesson, &draft).await
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(
                &format!("{}?saved=1", lesson_editor_path(course, lesson)),
                "/instructor",
            );
        }
        Ok(saved)
    }

    pub async fn preview_lesson(markdown: String) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::CourseUpdateOwn)?;
        if markdown.chars().count() > lyceum::authoring::lesson::BODY_MAX {
            return Err(AppError::invalid("body", "is too long to preview"));
        }
        Ok(crate::markdown::to_safe_html(
            &markdown,
            lessons::LESSON_HEADINGS,
        ))
    }

    pub async fn save_quiz_settings(
        course: String,
        lesson: String,
        settings: QuizSettingsDraft,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, lyceum::LessonId) = (id(&course)?, id(&lesson)?);
        in_transaction(&ctx, async |tx| {
            lessons::save_quiz_settings(tx, me, course, lesson, &settings).await
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(
                &format!("{}?saved=quiz", lesson_editor_path(course, lesson)),
                "/instructor",
            );
        }
        Ok(())
    }

    pub async fn save_question(
        course: String,
        lesson: String,
        question: String,
        draft: QuestionForm,
    ) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, lyceum::LessonId) = (id(&course)?, id(&lesson)?);
        let question: Option<lyceum::QuestionId> = if question.trim().is_empty() {
            None
        } else {
            Some(id(&question)?)
        };
        let draft = draft.into_draft();
        let saved = in_transaction(&ctx, async |tx| {
            lessons::save_question(tx, me, course, lesson, question, &draft).await
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(
                &format!(
                    "{}?saved=question#question-{saved}",
                    lesson_editor_path(course, lesson)
                ),
                "/instructor",
            );
        }
        Ok(saved.to_string())
    }

    pub async fn change_question(
        course: String,
        lesson: String,
        question: String,
        op: String,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, lyceum::LessonId) = (id(&course)?, id(&lesson)?);
        let question: lyceum::QuestionId = id(&question)?;
        let change = match op.trim() {
            "up" => lessons::QuestionChange::Move(Step::Up),
            "down" => lessons::QuestionChange::Move(Step::Down),
            "delete" => lessons::QuestionChange::Delete,
            _ => return Err(AppError::invalid("op", "is not a question change")),
        };
        in_transaction(&ctx, async |tx| {
            lessons::change_question(tx, me, course, lesson, question, change).await
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(&lesson_editor_path(course, lesson), "/instructor");
        }
        Ok(())
    }

    pub async fn remove_media(
        course: String,
        lesson: String,
        resource: String,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, lyceum::LessonId) = (id(&course)?, id(&lesson)?);
        let resource: Option<lyceum::ResourceId> = match resource.trim() {
            "" => None,
            raw => Some(id(raw)?),
        };
        in_transaction(&ctx, async |tx| match resource {
            None => crate::authoring::media::remove_video(tx, me, course, lesson).await,
            Some(r) => crate::authoring::media::remove_resource(tx, me, course, lesson, r).await,
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(
                &format!("{}#media", lesson_editor_path(course, lesson)),
                "/instructor",
            );
        }
        Ok(())
    }

    pub async fn preview_for_visitor(
        slug: String,
        lesson: String,
    ) -> Result<LessonPreview, AppError> {
        let ctx = request_ctx()?;
        let slug = lyceum::Slug::parse(slug.trim()).map_err(|_| AppError::NotFound)?;
        let lesson: lyceum::LessonId = id(&lesson)?;
        in_transaction(&ctx, async |tx| {
            let viewer = tx.actor();
            lessons::preview(
                tx,
                &crate::request::app_state().media,
                viewer,
                &slug,
                lesson,
            )
            .await
        })
        .await
    }
}
