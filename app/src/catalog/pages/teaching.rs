//! The instructor's side: the Teaching list and the course editor.
//!
//! The editor is one `<ActionForm>` (works without JavaScript). Once
//! hydrated, the description gets a live preview rendered by the server, so
//! it is exactly what the course page will show, sanitized the same way.

use crate::catalog::functions::{
    course_for_edit, failed_save, list_categories, new_course_draft, preview_description,
    teaching_courses, CreateCourse, RemoveCover, SaveCourse, SetCourseStatus,
};
use crate::catalog::records::{CategoryRow, CourseDraft, CourseRetry, EditableCourse, TeachingRow};
use crate::error::AppError;
use crate::ui::raw_text;
use crate::ui::upload::UploadForm;
use crate::ui::use_hydrated;
use crate::ui::{action_error, ErrorList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::catalog::course::{CourseStatus, SkillLevel};
use lyceum::catalog::pricing::PricingModel;
use lyceum::media::upload::Purpose;
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
    let courses = crate::wire::resource(|| (), |_| teaching_courses());
    view! {
        <Title text="Teaching"/>
        <header class="page-header page-header--split">
            <h1>"Teaching"</h1>
            <div class="page-header__actions">
                <a class="button button--ghost" href="/instructor/profile" data-testid="edit-profile">"Your profile"</a>
                <a class="button" href="/instructor/courses/new" data-testid="new-course">"New course"</a>
            </div>
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
                            <td>
                                <a href=format!("/instructor/courses/{}", r.id)>{r.title.clone()}</a>
                                <div class="small"><a href=format!("/instructor/courses/{}/curriculum", r.id) aria-label=format!("Curriculum of {}", r.title)>"Curriculum"</a></div>
                            </td>
                            <td>{r.instructor}</td>
                            <td><span class=format!("status status--{}", r.status.as_str())>{status_label(r.status)}</span></td>
                            <td>{r.price}</td>
                            <td class="nowrap">{r.updated_at}</td>
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
    let course = crate::wire::resource(id, move |id| async move {
        if new {
            new_course_draft().await.map(Err)
        } else {
            course_for_edit(id).await.map(Ok)
        }
    });
    let categories = crate::wire::resource(|| (), |_| list_categories());
    // `?retry=`: a save without JavaScript failed; show the form as typed.
    let query = use_query_map();
    let retry = crate::wire::resource(
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
                    // Ok(course) to edit, or Err(the new course's defaults).
                    let course: Result<Result<EditableCourse, CourseDraft>, AppError> = course.await;
                    let categories = categories.await?;
                    let retry = retry.await;
                    course.map(|course| {
                        let (course, defaults) = match course {
                            Ok(course) => (Some(course), None),
                            Err(defaults) => (None, Some(defaults)),
                        };
                        view! { <Editor course defaults categories retry/> }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Editor(
    course: Option<EditableCourse>,
    defaults: Option<CourseDraft>,
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
        .or(defaults)
        .unwrap_or_default();
    let price_notice = course.as_ref().and_then(|c| c.price_notice.clone());
    let form_error = Signal::derive(move || {
        // The latest submission's outcome; before any, a failed no-JS save's.
        match create.value().get().or(save.value().get()) {
            Some(outcome) => outcome.err(),
            None => retry_error.clone(),
        }
    });
    let status_error = action_error(status);
    crate::ui::focus_first_invalid(form_error);
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

    let fields =
        view! { <CourseFieldsView draft=draft.clone() categories error=form_error price_notice/> };
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
        let curriculum_href = format!("/instructor/courses/{id}/curriculum");
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
        // Archiving takes the course out of the catalog: it asks first
        // (`?confirm=archive`, a page of its own, so it asks without
        // JavaScript too).
        let confirming = move || query.with(|q| q.get("confirm").as_deref() == Some("archive"));
        let archive_now = button("archive", "Archive course", "button--danger");
        let confirm_archive = view! {
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-archive-title" data-testid="confirm-archive">
                <p id="confirm-archive-title"><strong>"Archive this course?"</strong></p>
                <p>"It leaves the catalog and its page is no longer public. Nothing is deleted: you can publish it again later."</p>
                <div class="confirm__buttons">
                    {archive_now}
                    <a class="button button--ghost" href="?" data-testid="cancel-archive">"Cancel"</a>
                </div>
            </div>
        };
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
                    <span hidden=move || live_status.get() == Some(CourseStatus::Archived) || confirming()>
                        <a class="button button--danger" href="?confirm=archive" data-action="archive">"Archive"</a>
                    </span>
                    <a class="button button--ghost" href=curriculum_href.clone() data-testid="edit-curriculum">"Edit curriculum"</a>
                    <a class="button button--ghost" href=format!("/courses/{slug}") data-testid="view-course">"View course page"</a>
                </div>
                <div hidden=move || !confirming() || live_status.get() == Some(CourseStatus::Archived)>{confirm_archive}</div>
            </section>
        }
    });
    let cover_panel = course.map(|c| view! { <CoverPanel course=c.id.to_string() cover_html=c.cover_html has_cover=c.has_cover/> });
    view! {
        <Title text=title.clone()/>
        <nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/instructor">"Teaching"</a></li></ol></nav>
        <header class="page-header"><h1>{title}</h1></header>
        {saved_note}
        {status_panel}
        {cover_panel}
        {form}
    }
}

/// The course's cover: what the catalog card shows now (the upload or the
/// placeholder), an upload form (16:9, cropped from the centre; previewed
/// before sending) and Remove.
#[component]
fn CoverPanel(course: String, cover_html: String, has_cover: bool) -> impl IntoView {
    let query = use_query_map();
    let cover = RwSignal::new((cover_html, has_cover));
    let remove = ServerAction::<RemoveCover>::new();
    let reload = {
        let course = course.clone();
        Callback::new(move |_: ()| {
            let course = course.clone();
            leptos::task::spawn_local(async move {
                if let Ok(c) = course_for_edit(course).await {
                    cover.set((c.cover_html, c.has_cover));
                }
            });
        })
    };
    Effect::new(move |_| {
        if remove.value().with(|v| matches!(v, Some(Ok(())))) {
            reload.run(());
        }
    });
    let note = move || {
        query.with(|q| {
            if let Some(code) = q.get("upload_error") {
                let text = crate::ui::upload::message(&code, Purpose::Cover, "20 MB");
                Some(view! { <div class="alert alert--error" role="alert" data-testid="upload-note">{text}</div> }.into_any())
            } else if q.get("upload").as_deref() == Some("done") {
                Some(view! { <div class="alert alert--success" role="status" data-testid="upload-note">"Cover saved."</div> }.into_any())
            } else {
                None
            }
        })
    };
    let id = course.clone();
    view! {
        <section id="cover" class="panel cover-panel" aria-labelledby="cover-heading" data-testid="cover-panel">
            <h2 id="cover-heading">"Cover image"</h2>
            {note}
            <div class="cover-panel__body">
                <div class="cover-panel__current">
                    // Made on the server (media::urls::cover_html).
                    <div class="course-card__cover" data-testid="cover-current" inner_html=move || cover.with(|c| c.0.clone())></div>
                    <p class="hint">{move || if cover.with(|c| c.1) { "As the catalog shows it." } else { "No cover yet: the catalog shows this placeholder." }}</p>
                </div>
                <div class="cover-panel__form">
                    <UploadForm action=format!("/instructor/courses/{course}/cover") purpose=Purpose::Cover limit="20 MB".to_owned()
                        with_title=false on_done=reload id="cover-file" image_preview="wide"
                        label=move || if cover.with(|c| c.1) { "Replace the cover" } else { "Upload a cover" }/>
                    <p class="hint">"Wide images work best (16:9, at least 1280 × 720 pixels); the centre is kept."</p>
                    <div hidden=move || !cover.with(|c| c.1)>
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class="button button--quiet button--danger">"Remove the cover"</button>
                        </ActionForm>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// A field's message from the latest save, until the field is edited.
#[component]
fn FieldMessage(errors: FieldErrorsShown, field: &'static str) -> impl IntoView {
    move || {
        errors.message(field).map(|msg| {
            view! { <p class="field-error" data-field=field id=format!("{field}-error")>{format!("{} {msg}.", label(field))}</p> }
        })
    }
}

/// The field errors of the latest save, minus those of fields edited since:
/// a message about a field goes as soon as the person starts correcting it.
#[derive(Clone, Copy)]
struct FieldErrorsShown {
    error: Signal<Option<AppError>>,
    edited: RwSignal<Vec<&'static str>>,
}

impl FieldErrorsShown {
    fn new(error: Signal<Option<AppError>>) -> FieldErrorsShown {
        let edited = RwSignal::new(Vec::new());
        // A new outcome (another save) shows all of its messages.
        Effect::new(move |_| {
            error.track();
            edited.set(Vec::new());
        });
        FieldErrorsShown { error, edited }
    }

    fn message(&self, field: &'static str) -> Option<String> {
        if self.edited.with(|e| e.contains(&field)) {
            return None;
        }
        self.error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_errors())
                .and_then(|f| f.get(field))
                .map(str::to_owned)
        })
    }

    fn edit(&self, field: &'static str) {
        if !self.edited.with_untracked(|e| e.contains(&field)) {
            self.edited.update(|e| e.push(field));
        }
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
        "status" => "Status",
        _ => "This field",
    }
}

#[component]
fn CourseFieldsView(
    draft: CourseDraft,
    categories: Vec<CategoryRow>,
    error: Signal<Option<AppError>>,
    price_notice: Option<String>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let errors = FieldErrorsShown::new(error);
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
    let invalid = move |field: &'static str| move || errors.message(field).map(|_| "true");
    let edit = move |field: &'static str| move |_: leptos::ev::Event| errors.edit(field);
    let chosen = draft.categories.clone();
    let category_boxes = categories
        .into_iter()
        .map(|c| {
            let checked = chosen.contains(&c.id.to_string());
            let id = format!("cat-{}", c.id);
            let label_for = id.clone();
            view! {
                <label class=format!("check check--depth-{}", c.depth.min(3)) for=label_for>
                    <input type="checkbox" id=id name="draft[categories][]" value=c.id.to_string() checked=checked
                        on:change=edit("categories")/>
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
    // A portal sells in one currency: shown, not chosen, here.
    let currency = lyceum::Currency::parse(&draft.currency).ok();
    let currency_label = currency.map_or_else(
        || draft.currency.clone(),
        |c| format!("{} ({}, {})", c.code(), c.name(), c.symbol()),
    );
    let price_placeholder =
        currency.map_or(
            "49.00",
            |c| if c.exponent() == 0 { "4900" } else { "49.00" },
        );
    view! {
        <div class="form-grid">
            <div class="form-grid__main">
                <label for="title">"Title"</label>
                <input id="title" name="draft[title]" value=draft.title.clone() maxlength="120" required aria-invalid=invalid("title")
                    aria-describedby="title-error" on:input=edit("title")/>
                <FieldMessage errors field="title"/>

                <label for="subtitle">"Subtitle" <span class="muted">" (optional)"</span></label>
                <input id="subtitle" name="draft[subtitle]" value=draft.subtitle.clone() maxlength="200" aria-invalid=invalid("subtitle")
                    aria-describedby="subtitle-error" on:input=edit("subtitle")/>
                <FieldMessage errors field="subtitle"/>

                <label for="description">"Description" <span class="muted">" (Markdown)"</span></label>
                // The SSR renderer writes a textarea's text as it is: escape
                // it, or a saved `</textarea>` would end the element early.
                <textarea id="description" name="draft[description]" rows="12" aria-invalid=invalid("description")
                    aria-describedby="description-error"
                    on:input=move |ev| {
                        errors.edit("description");
                        render_preview(event_target_value(&ev));
                    }>{raw_text(draft.description.clone())}</textarea>
                <FieldMessage errors field="description"/>
                <div class="preview" hidden=move || !hydrated.get() data-testid="preview-panel">
                    <p class="preview__label">"Preview"</p>
                    // HTML from the server's sanitizer (see catalog/markdown.rs).
                    <div class="prose" data-testid="preview" inner_html=move || preview.get().and_then(Result::ok).unwrap_or_default()></div>
                    {move || preview.get().and_then(Result::err).map(|e| view! { <p class="field-error">{e.to_string()}</p> })}
                </div>

                <label for="prerequisites">"Prerequisites" <span class="muted">" (one per line)"</span></label>
                <textarea id="prerequisites" name="draft[prerequisites]" rows="3" aria-invalid=invalid("prerequisites")
                    aria-describedby="prerequisites-error" on:input=edit("prerequisites")>{raw_text(draft.prerequisites.clone())}</textarea>
                <FieldMessage errors field="prerequisites"/>
            </div>
            <div class="form-grid__side">
                <fieldset>
                    <legend>"Categories"</legend>
                    <div class="checks" data-testid="category-choices">{category_boxes}</div>
                    <FieldMessage errors field="categories"/>
                </fieldset>
                <fieldset>
                    <legend>"Price"</legend>
                    {price_notice.map(|text| view! { <p class="alert alert--warning" data-testid="price-notice">{text}</p> })}
                    <label for="pricing_model">"Pricing"</label>
                    <select id="pricing_model" name="draft[pricing_model]" on:change=edit("pricing_model")>{models}</select>
                    <FieldMessage errors field="pricing_model"/>
                    <input type="hidden" name="draft[currency]" value=draft.currency.clone()/>
                    <p class="hint" data-testid="currency">"Prices in " {currency_label}</p>
                    <FieldMessage errors field="currency"/>
                    <div class="field-row">
                        <div>
                            <label for="list_price">"Price"</label>
                            <input id="list_price" name="draft[list_price]" value=draft.list_price.clone() inputmode="decimal"
                                placeholder=price_placeholder aria-invalid=invalid("list_price") aria-describedby="list_price-error"
                                on:input=edit("list_price")/>
                        </div>
                        <div>
                            <label for="sale_price">"Sale price"</label>
                            <input id="sale_price" name="draft[sale_price]" value=draft.sale_price.clone() inputmode="decimal"
                                aria-invalid=invalid("sale_price") aria-describedby="sale_price-error" on:input=edit("sale_price")/>
                        </div>
                    </div>
                    <FieldMessage errors field="list_price"/>
                    <FieldMessage errors field="sale_price"/>
                    <label for="sale_ends_on">"Sale ends"</label>
                    <input id="sale_ends_on" type="date" name="draft[sale_ends_on]" value=draft.sale_ends_on.clone()
                        aria-invalid=invalid("sale_ends_at") aria-describedby="sale_ends_at-error" on:input=edit("sale_ends_at")/>
                    <FieldMessage errors field="sale_ends_at"/>
                </fieldset>
                <fieldset>
                    <legend>"Details"</legend>
                    <label for="skill_level">"Level"</label>
                    <select id="skill_level" name="draft[skill_level]" on:change=edit("skill_level")>{levels}</select>
                    <FieldMessage errors field="skill_level"/>
                    <div class="field-row">
                        <div>
                            <label for="language">"Language"</label>
                            <input id="language" name="draft[language]" value=draft.language.clone() maxlength="3" size="4"
                                aria-invalid=invalid("language") aria-describedby="language-error" on:input=edit("language")/>
                        </div>
                        <div>
                            <label for="duration_minutes">"Length (minutes)"</label>
                            <input id="duration_minutes" name="draft[duration_minutes]" value=draft.duration_minutes.clone() inputmode="numeric"
                                aria-invalid=invalid("duration_minutes") aria-describedby="duration_minutes-error" on:input=edit("duration_minutes")/>
                        </div>
                    </div>
                    <FieldMessage errors field="language"/>
                    <FieldMessage errors field="duration_minutes"/>
                    <label for="tags">"Tags" <span class="muted">" (comma-separated)"</span></label>
                    <input id="tags" name="draft[tags]" value=draft.tags.clone() aria-invalid=invalid("tags")
                        aria-describedby="tags-error" on:input=edit("tags")/>
                    <FieldMessage errors field="tags"/>
                    <label for="slug">"Web address" <span class="muted">" (from the title if empty)"</span></label>
                    <input id="slug" name="draft[slug]" value=draft.slug.clone() maxlength="100" aria-invalid=invalid("slug")
                        aria-describedby="slug-error" on:input=edit("slug")/>
                    <FieldMessage errors field="slug"/>
                </fieldset>
            </div>
        </div>
        {move || error.get().map(|e| view! { <div class="alert alert--error" role="alert" data-testid="form-error">{e.to_string()}</div> })}
    }
}
