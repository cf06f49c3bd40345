//! The catalog's server functions: what pages call, checked again on the
//! server whatever the page showed.

use super::records::{
    CatalogResults, CategoryRow, CourseDraft, CourseLookup, CourseRetry, EditableCourse,
    TeachingRow,
};
use crate::error::AppError;
use leptos::prelude::*;

/// One catalog page for a raw query string (`q=rust&level=beginner`).
#[server(prefix = "/fn", endpoint = "catalog/search", output = crate::wire::Answer)]
pub async fn catalog_search(query: String) -> Result<CatalogResults, AppError> {
    crate::request::finish(server::catalog_search(query).await)
}

#[server(prefix = "/fn", endpoint = "catalog/course", output = crate::wire::Answer)]
pub async fn course_page(slug: String) -> Result<CourseLookup, AppError> {
    crate::request::finish(server::course_page(slug).await)
}

#[server(prefix = "/fn", endpoint = "catalog/categories", output = crate::wire::Answer)]
pub async fn list_categories() -> Result<Vec<CategoryRow>, AppError> {
    crate::request::finish(server::list_categories().await)
}

#[server(prefix = "/fn", endpoint = "catalog/teaching", output = crate::wire::Answer)]
pub async fn teaching_courses() -> Result<Vec<TeachingRow>, AppError> {
    crate::request::finish(server::teaching_courses().await)
}

#[server(prefix = "/fn", endpoint = "catalog/create", output = crate::wire::Answer)]
pub async fn create_course(draft: CourseDraft) -> Result<String, AppError> {
    crate::request::finish(server::create_course(draft).await)
}

/// The form of a new course (the portal's currency and the defaults).
#[server(prefix = "/fn", endpoint = "catalog/new", output = crate::wire::Answer)]
pub async fn new_course_draft() -> Result<CourseDraft, AppError> {
    crate::request::finish(server::new_course_draft().await)
}

#[server(prefix = "/fn", endpoint = "catalog/editable", output = crate::wire::Answer)]
pub async fn course_for_edit(id: String) -> Result<EditableCourse, AppError> {
    crate::request::finish(server::course_for_edit(id).await)
}

#[server(prefix = "/fn", endpoint = "catalog/save", output = crate::wire::Answer)]
pub async fn save_course(id: String, draft: CourseDraft) -> Result<String, AppError> {
    crate::request::finish(server::save_course(id, draft).await)
}

/// The form a failed save without JavaScript left (`catalog/retry.rs`):
/// `course` is the course's id, or empty for the create form.
#[server(prefix = "/fn", endpoint = "catalog/retry", output = crate::wire::Answer)]
pub async fn failed_save(token: String, course: String) -> Result<Option<CourseRetry>, AppError> {
    crate::request::finish(server::failed_save(token, course).await)
}

/// `action`: publish, unpublish or archive.
#[server(prefix = "/fn", endpoint = "catalog/status", output = crate::wire::Answer)]
pub async fn set_course_status(id: String, action: String) -> Result<String, AppError> {
    crate::request::finish(server::set_course_status(id, action).await)
}

/// The signed-in instructor's profile, for its editor.
#[server(prefix = "/fn", endpoint = "catalog/profile", output = crate::wire::Answer)]
pub async fn my_profile() -> Result<crate::catalog::records::ProfileEditor, AppError> {
    crate::request::finish(server::my_profile().await)
}

/// Saves the signed-in instructor's headline, bio and subjects.
#[server(prefix = "/fn", endpoint = "catalog/save-profile", output = crate::wire::Answer)]
pub async fn save_profile(draft: lyceum::catalog::profile::ProfileDraft) -> Result<(), AppError> {
    crate::request::finish(server::save_profile(draft).await)
}

/// Removes the signed-in instructor's photo.
#[server(prefix = "/fn", endpoint = "catalog/remove-photo", output = crate::wire::Answer)]
pub async fn remove_photo() -> Result<(), AppError> {
    crate::request::finish(server::remove_photo().await)
}

/// An instructor's public page.
#[server(prefix = "/fn", endpoint = "catalog/instructor", output = crate::wire::Answer)]
pub async fn instructor_page(
    id: String,
) -> Result<crate::catalog::records::InstructorPage, AppError> {
    crate::request::finish(server::instructor_page(id).await)
}

/// Removes a course's cover (the placeholder shows again).
#[server(prefix = "/fn", endpoint = "catalog/remove-cover", output = crate::wire::Answer)]
pub async fn remove_cover(id: String) -> Result<(), AppError> {
    crate::request::finish(server::remove_cover(id).await)
}

/// Renders a description as the course page will show it.
#[server(prefix = "/fn", endpoint = "catalog/preview", output = crate::wire::Answer)]
pub async fn preview_description(markdown: String) -> Result<String, AppError> {
    crate::request::finish(server::preview_description(markdown).await)
}

/// `op`: create, rename, move, up, down or delete.
#[server(prefix = "/fn", endpoint = "catalog/category", output = crate::wire::Answer)]
pub async fn manage_category(
    op: String,
    id: String,
    name: String,
    slug: String,
    parent_id: String,
) -> Result<(), AppError> {
    crate::request::finish(server::manage_category(op, id, name, slug, parent_id).await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::catalog::categories;
    use crate::catalog::courses::{self, Actor};
    use crate::catalog::retry;
    use crate::catalog::search;
    use crate::request::{app_state, in_transaction, request_ctx, RequestCtx};
    use lyceum::catalog::course::StatusAction;
    use lyceum::catalog::query::CatalogQuery;
    use lyceum::{CategoryId, CourseId, Permission};

    fn parse_id(raw: &str) -> Result<CourseId, AppError> {
        // A malformed id names no course: the same answer as an unknown one.
        raw.parse().map_err(|_| AppError::NotFound)
    }

    pub async fn catalog_search(raw: String) -> Result<CatalogResults, AppError> {
        let ctx = request_ctx()?;
        let state = app_state();
        let (query, problems) = CatalogQuery::parse_query_string(&raw);
        let ignored = problems
            .iter()
            .map(|(f, m)| (f.to_owned(), m.to_owned()))
            .collect();
        let mut tx = state.db.begin(&ctx).await?;
        let tree = categories::load_tree(&mut tx).await?;
        let (results, sql) =
            search::search(&mut tx, &state.facets, ctx.tenant.id, &tree, query, ignored).await?;
        tx.commit().await?;
        server_timing(sql.0);
        Ok(results)
    }

    /// `Server-Timing: db;dur=…`: the SQL share of the response time, visible
    /// in the browser's network panel and read by the benchmark script.
    fn server_timing(sql: std::time::Duration) {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            let value = format!("db;dur={:.2}", sql.as_secs_f64() * 1000.0);
            if let Ok(v) = http::HeaderValue::from_str(&value) {
                options.insert_header(http::HeaderName::from_static("server-timing"), v);
            }
        }
    }

    pub async fn course_page(slug: String) -> Result<CourseLookup, AppError> {
        let ctx = request_ctx()?;
        let state = app_state();
        let mut tx = state.db.begin(&ctx).await?;
        let started = std::time::Instant::now();
        let origin = crate::request::origin(&state.config);
        // A path that is no slug names no course: no query needed.
        let slug = lyceum::Slug::parse(slug.trim()).map_err(|_| AppError::NotFound)?;
        let viewer = tx.actor();
        let found = courses::by_slug(&mut tx, viewer, &slug, &origin).await;
        server_timing(started.elapsed());
        tx.commit().await?;
        found
    }

    pub async fn list_categories() -> Result<Vec<CategoryRow>, AppError> {
        let ctx = request_ctx()?;
        in_transaction(&ctx, async |tx| {
            let viewer = tx.actor();
            Ok(categories::category_rows(tx, viewer).await?)
        })
        .await
    }

    fn signed_in(ctx: &RequestCtx, permission: Permission) -> Result<Actor, AppError> {
        Ok(ctx.require(permission)?.actor())
    }

    pub async fn teaching_courses() -> Result<Vec<TeachingRow>, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseCreate)?;
        in_transaction(&ctx, async |tx| Ok(courses::teaching(tx, me).await?)).await
    }

    /// Without JavaScript, a form whose save failed comes back as typed:
    /// it is kept under a token and the redirect goes to the editor with it
    /// (replacing the framework's redirect, which carries only the error).
    /// Called after the failed transaction is dropped (rolled back).
    async fn keep_for_retry(
        ctx: &RequestCtx,
        me: Actor,
        course: Option<CourseId>,
        draft: &CourseDraft,
        err: &AppError,
    ) -> Result<(), AppError> {
        // A refusal the person can act on keeps what they typed: field
        // errors to correct, a busy lock to try again.
        if matches!(err, AppError::Invalid(_) | AppError::Busy { .. })
            && crate::request::is_plain_form_post()
        {
            let mut tx = app_state().db.begin(ctx).await?;
            let token = retry::put(&mut tx, me.id, course, draft.clone(), err.clone()).await?;
            tx.commit().await?;
            let page = course.map_or_else(|| "new".to_owned(), |id| id.to_string());
            crate::request::redirect(
                &format!("/instructor/courses/{page}?retry={token}"),
                "/instructor",
            );
        }
        Ok(())
    }

    pub async fn failed_save(
        token: String,
        course: String,
    ) -> Result<Option<CourseRetry>, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseCreate)?;
        let course = if course.is_empty() {
            None
        } else {
            Some(parse_id(&course)?)
        };
        in_transaction(&ctx, async |tx| {
            Ok(retry::get(tx, token.trim(), me.id, course).await?)
        })
        .await
    }

    pub async fn create_course(draft: CourseDraft) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseCreate)?;
        let state = app_state();
        let mut tx = state.db.begin(&ctx).await?;
        let (id, _slug) = match courses::create(&mut tx, me, &draft).await {
            Ok(created) => created,
            Err(err) => {
                drop(tx);
                keep_for_retry(&ctx, me, None, &draft, &err).await?;
                return Err(err);
            }
        };
        tx.commit().await?;
        tracing::info!(course.id = %id, "course created");
        crate::request::redirect(
            &format!("/instructor/courses/{id}?saved=created"),
            "/instructor",
        );
        Ok(id.to_string())
    }

    pub async fn new_course_draft() -> Result<CourseDraft, AppError> {
        let ctx = request_ctx()?;
        signed_in(&ctx, Permission::CourseCreate)?;
        in_transaction(&ctx, async |tx| Ok(courses::new_draft(tx).await?)).await
    }

    pub async fn course_for_edit(id: String) -> Result<EditableCourse, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseUpdateOwn)?;
        let id = parse_id(&id)?;
        in_transaction(&ctx, async |tx| Ok(courses::editable(tx, me, id).await?)).await
    }

    pub async fn save_course(id: String, draft: CourseDraft) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseUpdateOwn)?;
        let id = parse_id(&id)?;
        let state = app_state();
        let mut tx = state.db.begin(&ctx).await?;
        let slug = match courses::update(&mut tx, me, id, &draft).await {
            Ok(slug) => slug,
            Err(err) => {
                drop(tx);
                keep_for_retry(&ctx, me, Some(id), &draft, &err).await?;
                return Err(err);
            }
        };
        tx.commit().await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(
                &format!("/instructor/courses/{id}?saved=saved"),
                "/instructor",
            );
        }
        Ok(slug)
    }

    pub async fn set_course_status(id: String, action: String) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseUpdateOwn)?;
        let id = parse_id(&id)?;
        let action = StatusAction::parse(action.trim())
            .ok_or_else(|| AppError::invalid("status", "must be publish, unpublish or archive"))?;
        let status = in_transaction(&ctx, async |tx| {
            courses::change_status(tx, me, id, action).await
        })
        .await?;
        tracing::info!(course.id = %id, status = status.as_str(), "course status changed");
        if crate::request::is_plain_form_post() {
            crate::request::redirect(
                &format!("/instructor/courses/{id}?saved={}", status.as_str()),
                "/instructor",
            );
        }
        Ok(status.as_str().to_owned())
    }

    pub async fn my_profile() -> Result<crate::catalog::records::ProfileEditor, AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseCreate)?;
        in_transaction(&ctx, async |tx| {
            crate::catalog::instructors::for_edit(tx, me).await
        })
        .await
    }

    pub async fn save_profile(
        draft: lyceum::catalog::profile::ProfileDraft,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseCreate)?;
        in_transaction(&ctx, async |tx| {
            crate::catalog::instructors::save(tx, me, &draft).await
        })
        .await?;
        tracing::info!(user.id = %me.id, "instructor profile saved");
        if crate::request::is_plain_form_post() {
            crate::request::redirect("/instructor/profile?saved=1", "/instructor");
        }
        Ok(())
    }

    pub async fn remove_photo() -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseCreate)?;
        in_transaction(&ctx, async |tx| {
            crate::catalog::instructors::remove_photo(tx, me).await
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect("/instructor/profile", "/instructor");
        }
        Ok(())
    }

    pub async fn instructor_page(
        id: String,
    ) -> Result<crate::catalog::records::InstructorPage, AppError> {
        let ctx = request_ctx()?;
        let user: lyceum::UserId = id.parse().map_err(|_| AppError::NotFound)?;
        in_transaction(&ctx, async |tx| {
            crate::catalog::instructors::page(tx, user).await
        })
        .await
    }

    pub async fn remove_cover(id: String) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = signed_in(&ctx, Permission::CourseUpdateOwn)?;
        let id = parse_id(&id)?;
        in_transaction(&ctx, async |tx| {
            crate::catalog::cover::remove(tx, me, id).await
        })
        .await?;
        if crate::request::is_plain_form_post() {
            crate::request::redirect(&format!("/instructor/courses/{id}#cover"), "/instructor");
        }
        Ok(())
    }

    pub async fn preview_description(markdown: String) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        signed_in(&ctx, Permission::CourseCreate)?;
        if markdown.chars().count() > lyceum::catalog::draft::DESCRIPTION_MAX {
            return Err(AppError::invalid("description", "is too long to preview"));
        }
        Ok(crate::markdown::to_safe_html(
            &markdown,
            crate::catalog::DESCRIPTION_HEADINGS,
        ))
    }

    pub async fn manage_category(
        op: String,
        id: String,
        name: String,
        slug: String,
        parent_id: String,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        signed_in(&ctx, Permission::CategoryManage)?;
        let target = || id.parse::<CategoryId>().map_err(|_| AppError::NotFound);
        in_transaction(&ctx, async |tx| {
            match op.as_str() {
                "create" => {
                    categories::create_category(tx, &name, &slug, &parent_id).await?;
                }
                "rename" => categories::rename_category(tx, target()?, &name).await?,
                "move" => categories::move_category(tx, target()?, &parent_id).await?,
                "up" => categories::reorder_category(tx, target()?, true).await?,
                "down" => categories::reorder_category(tx, target()?, false).await?,
                "delete" => categories::delete_category(tx, target()?).await?,
                _ => return Err(AppError::invalid("op", "is not a category operation")),
            }
            Ok(())
        })
        .await?;
        tracing::info!(op = %op, "category changed");
        Ok(())
    }
}
