//! The instructor's side: the Teaching list and the course editor.
//!
//! The editor is one `<ActionForm>` (works without JavaScript). Once
//! hydrated, the description gets a live preview rendered by the server, so
//! it is exactly what the course page will show, sanitized the same way.

use crate::catalog::functions::{
    course_for_edit, failed_save, list_categories, preview_description, teaching_courses,
    CreateCourse, SaveCourse, SetCourseStatus,
};
use crate::catalog::records::{CategoryRow, CourseDraft, CourseRetry, EditableCourse, TeachingRow};
use crate::error::AppError;
use crate::shell::app::use_hydrated;
use crate::shell::pages::{action_error, ErrorList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::catalog::course::{CourseStatus, SkillLevel};
use lyceum::catalog::pricing::PricingModel;
use std::time::Duration;

fn status_label(s: CourseStatus) -> &'static str {
    match s {
        CourseStatus::Draft => "Draft",
        CourseStatus::Published => "Published",
        CourseStatus::Archived => "Archived",
    }
}

#[component]
pub fn TeachingPage() -> impl IntoView {
    let courses = Resource::new(|| (), |_| teaching_courses());
    view! {
        <Title text="Teaching"/>
        <header class="page-header page-header--split">
            <h1>"Teaching"</h1>
            <a class="button" href="/instructor/courses/new" data-testid="new-course">"New course"</a>
        </header>
        <Transition fallback=|| view! { <p class="muted">"Loading your courses…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { courses.await.map(|rows| view! { <TeachingTable rows/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn TeachingTable(rows: Vec<TeachingRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <section class="empty-state">
                <h2>"You have no courses yet"</h2>
                <p>"Create your first course; it stays a private draft until you publish it."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="teaching-table">
                <thead><tr><th>"Course"</th><th>"Instructor"</th><th>"Status"</th><th>"Price"</th><th>"Updated"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr data-slug=r.slug.clone()>
                            <td><a href=format!("/instructor/courses/{}", r.id)>{r.title}</a></td>
                            <td>{r.instructor}</td>
                            <td><span class=format!("status status--{}", r.status.as_str())>{status_label(r.status)}</span></td>
                            <td>{r.price}</td>
                            <td>{r.updated_at}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/instructor/courses/new` and `/instructor/courses/{id}`.
#[component]
pub fn CourseEditorPage(#[prop(optional)] new: bool) -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let course = Resource::new(id, move |id| async move {
        if new {
            Ok(None)
        } else {
            course_for_edit(id).await.map(Some)
        }
    });
    let categories = Resource::new(|| (), |_| list_categories());
    // `?retry=`: a save without JavaScript failed; show the form as typed.
    let query = use_query_map();
    let retry = Resource::new(
        move || (id(), query.with(|q| q.get("retry")).unwrap_or_default()),
        move |(id, token)| async move {
            if token.is_empty() {
                return None;
            }
            let course = if new { String::new() } else { id };
            failed_save(token, course).await.ok().flatten()
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the editor…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let course: Result<Option<EditableCourse>, AppError> = course.await;
                    let categories = categories.await?;
                    let retry = retry.await;
                    course.map(|course| view! { <Editor course categories retry/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Editor(
    course: Option<EditableCourse>,
    categories: Vec<CategoryRow>,
    retry: Option<CourseRetry>,
) -> impl IntoView {
    let create = ServerAction::<CreateCourse>::new();
    let save = ServerAction::<SaveCourse>::new();
    let status = ServerAction::<SetCourseStatus>::new();
    let query = use_query_map();

    let is_new = course.is_none();
    let stored_title = course.as_ref().map(|c| c.draft.title.clone());
    let (retry_draft, retry_error) = retry.map(|r| (r.draft, r.error)).unzip();
    let draft = retry_draft
        .or_else(|| course.as_ref().map(|c| c.draft.clone()))
        .unwrap_or_else(|| CourseDraft {
            pricing_model: "free".into(),
            currency: "USD".into(),
            skill_level: "beginner".into(),
            language: "en".into(),
            ..Default::default()
        });
    let form_error = Signal::derive(move || {
        // The latest submission's outcome; before any, a failed no-JS save's.
        match create.value().get().or(save.value().get()) {
            Some(outcome) => outcome.err(),
            None => retry_error.clone(),
        }
    });
    let status_error = action_error(status);
    let saved_note = move || {
        // Not next to the errors of a save that just failed.
        if save.value().with(|v| matches!(v, Some(Err(_)))) {
            return None;
        }
        // After a save with JavaScript: the action's value; without: ?saved=.
        let from_action = save
            .value()
            .get()
            .and_then(|r| r.ok())
            .map(|_| "saved".to_owned());
        let from_status = status.value().get().and_then(|r| r.ok());
        from_status
            .or(from_action)
            .or_else(|| query.with(|q| q.get("saved")))
            .map(|what| {
                let text = match what.as_str() {
                    "created" => "Course created as a draft.",
                    "published" => "Published: the course is now in the catalog.",
                    "draft" => "Unpublished: the course is a draft again.",
                    "archived" => "Archived: the course left the catalog; nothing was deleted.",
                    _ => "Changes saved.",
                };
                view! { <div class="alert alert--success" role="status" data-testid="saved-note">{text}</div> }
            })
    };

    let title = match stored_title {
        None => "New course".to_owned(),
        Some(stored) => format!("Edit: {stored}"),
    };
    let course_id = course
        .as_ref()
        .map(|c| c.id.to_string())
        .unwrap_or_default();
    let current_status = course.as_ref().map(|c| c.status);
    // After a status change with JavaScript, show the new status without a reload.
    let live_status = Signal::derive(move || {
        status
            .value()
            .get()
            .and_then(|r| r.ok())
            .and_then(|s| CourseStatus::parse(&s))
            .or(current_status)
    });
    let problems = course
        .as_ref()
        .map(|c| c.problems.clone())
        .unwrap_or_default();
    let slug = course.as_ref().map(|c| c.slug.clone());

    let fields = view! { <CourseFieldsView draft=draft.clone() categories error=form_error/> };
    let form = if is_new {
        view! {
            <ActionForm action=create attr:class="form editor" attr:novalidate=true attr:data-testid="course-form">
                {fields}
                <div class="editor__actions">
                    <button type="submit" class="button" disabled=move || create.pending().get()>"Create draft"</button>
                </div>
            </ActionForm>
        }
        .into_any()
    } else {
        let id = course_id.clone();
        view! {
            <ActionForm action=save attr:class="form editor" attr:novalidate=true attr:data-testid="course-form">
                <input type="hidden" name="id" value=id/>
                {fields}
                <div class="editor__actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>"Save changes"</button>
                </div>
            </ActionForm>
        }
        .into_any()
    };

    let status_panel = (!is_new).then(|| {
        let id = course_id.clone();
        let problems_view = (!problems.is_empty() && current_status != Some(CourseStatus::Published)).then(|| view! {
            <div class="readiness" data-testid="readiness">
                <p>"Before publishing:"</p>
                <ul>{problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </div>
        });
        let button = move |action: &'static str, label: &'static str, style: &'static str| {
            let id = id.clone();
            view! {
                <ActionForm action=status attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="action" value=action/>
                    <button type="submit" class=format!("button {style}") data-action=action disabled=move || status.pending().get()>{label}</button>
                </ActionForm>
            }
        };
        let publish = button("publish", "Publish", "");
        let unpublish = button("unpublish", "Unpublish", "button--ghost");
        let archive = button("archive", "Archive", "button--danger");
        let slug = slug.clone().unwrap_or_default();
        view! {
            <section class="panel status-panel" aria-labelledby="status-heading">
                <h2 id="status-heading">"Status: "
                    <span data-testid="course-status" class=move || format!("status status--{}", live_status.get().map(|s| s.as_str()).unwrap_or("draft"))>
                        {move || live_status.get().map(status_label).unwrap_or("Draft")}
                    </span>
                </h2>
                {problems_view}
                {move || status_error.get().map(|e| {
                    let list = e.field_errors().map(|f| f.iter().map(|(_, m)| m.to_owned()).collect::<Vec<_>>()).unwrap_or_default();
                    view! {
                        <div class="alert alert--error" role="alert" data-testid="status-error">
                            {if list.is_empty() { e.to_string() } else { "This course cannot be published yet:".to_owned() }}
                            <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                    }
                })}
                <div class="status-panel__buttons">
                    <span hidden=move || live_status.get() == Some(CourseStatus::Published)>{publish}</span>
                    <span hidden=move || live_status.get() != Some(CourseStatus::Published)>{unpublish}</span>
                    <span hidden=move || live_status.get() == Some(CourseStatus::Archived)>{archive}</span>
                    <a class="button button--ghost" href=format!("/courses/{slug}") data-testid="view-course">"View course page"</a>
                </div>
            </section>
        }
    });
    view! {
        <Title text=title.clone()/>
        <nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/instructor">"Teaching"</a></li></ol></nav>
        <header class="page-header"><h1>{title}</h1></header>
        {saved_note}
        {status_panel}
        {form}
    }
}

#[component]
fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|e| {
            e.field_errors().and_then(|fe| fe.get(field).map(str::to_owned)).map(|msg| {
                view! { <p class="field-error" data-field=field id=format!("{field}-error")>{format!("{} {msg}.", label(field))}</p> }
            })
        })
    }
}

fn label(field: &str) -> &'static str {
    match field {
        "title" => "Title",
        "slug" => "Web address",
        "subtitle" => "Subtitle",
        "description" => "Description",
        "tags" => "Tags",
        "categories" => "Categories",
        "pricing_model" => "Pricing",
        "currency" => "Currency",
        "list_price" => "Price",
        "sale_price" => "Sale price",
        "sale_ends_at" => "Sale end",
        "duration_minutes" => "Length",
        "skill_level" => "Level",
        "language" => "Language",
        "prerequisites" => "Prerequisites",
        "cover_image_url" => "Cover image",
        "status" => "Status",
        _ => "This field",
    }
}

#[component]
fn CourseFieldsView(
    draft: CourseDraft,
    categories: Vec<CategoryRow>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let (preview, set_preview) = signal(None::<Result<String, AppError>>);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let render_preview = move |text: String| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    set_preview.set(Some(preview_description(text).await));
                });
            },
            Duration::from_millis(300),
        )
        .ok();
        timer.set_value(handle);
    };
    let first_description = draft.description.clone();
    Effect::new(move |done: Option<bool>| {
        if done != Some(true) && hydrated.get() {
            render_preview(first_description.clone());
            return true;
        }
        done.unwrap_or(false)
    });
    let invalid = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_errors().and_then(|f| f.get(field)).map(|_| "true"))
        }
    };
    let chosen = draft.categories.clone();
    let category_boxes = categories
        .into_iter()
        .map(|c| {
            let checked = chosen.contains(&c.id.to_string());
            let id = format!("cat-{}", c.id);
            let label_for = id.clone();
            view! {
                <label class=format!("check check--depth-{}", c.depth.min(3)) for=label_for>
                    <input type="checkbox" id=id name="draft[categories][]" value=c.id.to_string() checked=checked/>
                    {c.name}
                </label>
            }
        })
        .collect_view();
    let models = PricingModel::ALL
        .into_iter()
        .map(|m| {
            let label = match m {
                PricingModel::Free => "Free",
                PricingModel::OneTime => "One-time purchase",
                PricingModel::Subscription => "Subscription (monthly)",
            };
            view! { <option value=m.as_str() selected=m.as_str() == draft.pricing_model>{label}</option> }
        })
        .collect_view();
    let levels = SkillLevel::ALL
        .into_iter()
        .map(|l| view! { <option value=l.as_str() selected=l.as_str() == draft.skill_level>{l.label()}</option> })
        .collect_view();
    view! {
        <div class="form-grid">
            <div class="form-grid__main">
                <label for="title">"Title"</label>
                <input id="title" name="draft[title]" value=draft.title.clone() maxlength="120" required aria-invalid=invalid("title")/>
                <FieldMessage error field="title"/>

                <label for="subtitle">"Subtitle" <span class="muted">" (optional)"</span></label>
                <input id="subtitle" name="draft[subtitle]" value=draft.subtitle.clone() maxlength="200" aria-invalid=invalid("subtitle")/>
                <FieldMessage error field="subtitle"/>

                <label for="description">"Description" <span class="muted">" (Markdown)"</span></label>
                <textarea id="description" name="draft[description]" rows="12" aria-invalid=invalid("description")
                    on:input=move |ev| render_preview(event_target_value(&ev))>{draft.description.clone()}</textarea>
                <FieldMessage error field="description"/>
                <div class="preview" hidden=move || !hydrated.get() data-testid="preview-panel">
                    <p class="preview__label">"Preview"</p>
                    // HTML from the server's sanitizer (see catalog/markdown.rs).
                    <div class="prose" data-testid="preview" inner_html=move || preview.get().and_then(Result::ok).unwrap_or_default()></div>
                    {move || preview.get().and_then(Result::err).map(|e| view! { <p class="field-error">{e.to_string()}</p> })}
                </div>

                <label for="prerequisites">"Prerequisites" <span class="muted">" (one per line)"</span></label>
                <textarea id="prerequisites" name="draft[prerequisites]" rows="3" aria-invalid=invalid("prerequisites")>{draft.prerequisites.clone()}</textarea>
                <FieldMessage error field="prerequisites"/>
            </div>
            <div class="form-grid__side">
                <fieldset>
                    <legend>"Categories"</legend>
                    <div class="checks" data-testid="category-choices">{category_boxes}</div>
                    <FieldMessage error field="categories"/>
                </fieldset>
                <fieldset>
                    <legend>"Price"</legend>
                    <label for="pricing_model">"Pricing"</label>
                    <select id="pricing_model" name="draft[pricing_model]">{models}</select>
                    <FieldMessage error field="pricing_model"/>
                    <div class="field-row">
                        <div>
                            <label for="currency">"Currency"</label>
                            <input id="currency" name="draft[currency]" value=draft.currency.clone() maxlength="3" size="4" aria-invalid=invalid("currency")/>
                        </div>
                        <div>
                            <label for="list_price">"Price"</label>
                            <input id="list_price" name="draft[list_price]" value=draft.list_price.clone() inputmode="decimal" placeholder="49.00" aria-invalid=invalid("list_price")/>
                        </div>
                    </div>
                    <FieldMessage error field="currency"/>
                    <FieldMessage error field="list_price"/>
                    <div class="field-row">
                        <div>
                            <label for="sale_price">"Sale price"</label>
                            <input id="sale_price" name="draft[sale_price]" value=draft.sale_price.clone() inputmode="decimal" aria-invalid=invalid("sale_price")/>
                        </div>
                        <div>
                            <label for="sale_ends_on">"Sale ends"</label>
                            <input id="sale_ends_on" type="date" name="draft[sale_ends_on]" value=draft.sale_ends_on.clone() aria-invalid=invalid("sale_ends_at")/>
                        </div>
                    </div>
                    <FieldMessage error field="sale_price"/>
                    <FieldMessage error field="sale_ends_at"/>
                </fieldset>
                <fieldset>
                    <legend>"Details"</legend>
                    <label for="skill_level">"Level"</label>
                    <select id="skill_level" name="draft[skill_level]">{levels}</select>
                    <FieldMessage error field="skill_level"/>
                    <div class="field-row">
                        <div>
                            <label for="language">"Language"</label>
                            <input id="language" name="draft[language]" value=draft.language.clone() maxlength="3" size="4" aria-invalid=invalid("language")/>
                        </div>
                        <div>
                            <label for="duration_minutes">"Length (minutes)"</label>
                            <input id="duration_minutes" name="draft[duration_minutes]" value=draft.duration_minutes.clone() inputmode="numeric" aria-invalid=invalid("duration_minutes")/>
                        </div>
                    </div>
                    <FieldMessage error field="language"/>
                    <FieldMessage error field="duration_minutes"/>
                    <label for="tags">"Tags" <span class="muted">" (comma-separated)"</span></label>
                    <input id="tags" name="draft[tags]" value=draft.tags.clone() aria-invalid=invalid("tags")/>
                    <FieldMessage error field="tags"/>
                    <label for="slug">"Web address" <span class="muted">" (from the title if empty)"</span></label>
                    <input id="slug" name="draft[slug]" value=draft.slug.clone() maxlength="100" aria-invalid=invalid("slug")/>
                    <FieldMessage error field="slug"/>
                    <label for="cover_image_url">"Cover image URL" <span class="muted">" (optional)"</span></label>
                    <input id="cover_image_url" name="draft[cover_image_url]" value=draft.cover_image_url.clone() aria-invalid=invalid("cover_image_url")/>
                    <FieldMessage error field="cover_image_url"/>
                </fieldset>
            </div>
        </div>
        {move || error.get().map(|e| view! { <div class="alert alert--error" role="alert" data-testid="form-error">{e.to_string()}</div> })}
    }
}
