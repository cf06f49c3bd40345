//! `/instructor/courses/{id}/lessons/{lesson}`: one lesson's editor. Its
//! settings and Markdown body, with a live preview rendered by the server's
//! sanitizer (the one the player uses), saved as the instructor types
//! ("Saving… / Saved / Failed — Retry"; leaving with unsaved changes
//! asks first). A quiz lesson adds its settings and the question builder.
//! Without JavaScript every part is a plain form with a Save button.

use super::media::LessonMediaPanel;
use super::quiz::QuizBuilder;
use crate::authoring::functions::{lesson_for_edit, preview_lesson, SaveLesson};
use crate::authoring::records::LessonEditor;
use crate::ui::{raw_text, use_hydrated, ErrorList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::authoring::lesson::{LessonDraft, LessonKind, MINUTES_MAX};
use std::time::Duration;

#[component]
pub fn LessonEditorPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("lesson").unwrap_or_default(),
            )
        })
    };
    let loaded = crate::wire::resource(ids, |(course, lesson)| lesson_for_edit(course, lesson));
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the lesson…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    loaded.await.map(|lesson| view! { <Editor lesson/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Editor(lesson: LessonEditor) -> impl IntoView {
    let hydrated = use_hydrated();
    let query = use_query_map();
    let save = ServerAction::<SaveLesson>::new();
    let course = lesson.course.id.to_string();
    let lesson_id = lesson.id.to_string();
    let curriculum = format!("/instructor/courses/{course}/curriculum");
    let neighbour = |id: Option<lyceum::LessonId>| {
        id.map(|l| format!("/instructor/courses/{course}/lessons/{l}"))
    };
    let (previous, next) = (neighbour(lesson.previous), neighbour(lesson.next));

    let draft = RwSignal::new(lesson.draft.clone());
    // Edited since the last save was sent (autosave or the Save button).
    let dirty = RwSignal::new(false);
    let heading = Memo::new(move |_| draft.with(|d| d.title.trim().to_owned()));
    let stored_title = lesson.draft.title.clone();
    Effect::new(move |_| {
        if save.pending().get() {
            dirty.set(false);
        }
    });

    // Autosave: a save a moment after the last keystroke (a newer edit
    // while one is on its way saves again after it).
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let (course_for_save, lesson_for_save) = (course.clone(), lesson_id.clone());
    let save_now = StoredValue::new(move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        save.dispatch(SaveLesson {
            course: course_for_save.clone(),
            lesson: lesson_for_save.clone(),
            draft: draft.get_untracked(),
        });
    });
    let schedule = move || {
        dirty.set(true);
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || save_now.with_value(|f| f()),
            Duration::from_millis(1200),
        )
        .ok();
        timer.set_value(handle);
    };
    let failed = move || save.value().get().and_then(Result::err);
    #[cfg(feature = "hydrate")]
    {
        let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if dirty.get_untracked() || save.pending().get_untracked() {
                ev.prevent_default();
                ev.set_return_value("You have unsaved changes.");
            }
        });
        on_cleanup(move || guard.remove());
    }

    // The preview, rendered by the server as the player will show it.
    let (preview, set_preview) = signal(lesson.body_html.clone());
    let preview_timer = StoredValue::new(None::<TimeoutHandle>);
    let render_preview = move |text: String| {
        if let Some(h) = preview_timer.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(html) = preview_lesson(text).await {
                        set_preview.set(html);
                    }
                });
            },
            Duration::from_millis(300),
        )
        .ok();
        preview_timer.set_value(handle);
    };

    let status = move || {
        if !hydrated.get() {
            return None;
        }
        if save.pending().get() {
            return Some(
                view! { <span class="save-state" data-state="saving">"Saving…"</span> }.into_any(),
            );
        }
        if dirty.get() {
            return Some(
                view! { <span class="save-state" data-state="pending">"Unsaved changes"</span> }
                    .into_any(),
            );
        }
        Some(match failed() {
            None => view! { <span class="save-state save-state--saved" data-state="saved">"Saved"</span> }.into_any(),
            Some(e) => {
                let detail = e.field_errors().map(|f| f.iter().map(|(_, m)| format!(" {m}.")).collect::<String>()).unwrap_or_default();
                view! {
                    <span class="save-state save-state--failed" data-state="failed" role="alert">
                        {format!("Failed — {e}{detail}")}
                        " "
                        <button type="button" class="button button--small" on:click=move |_| save_now.with_value(|f| f())>"Retry"</button>
                    </span>
                }.into_any()
            }
        })
    };
    // Without JavaScript: the outcome of the plain save.
    let no_js_error = move || save.value().get().and_then(Result::err);
    let saved_note = move || {
        query.with(|q| q.get("saved")).map(|what| {
            let text = match what.as_str() {
                "quiz" => "Quiz settings saved.",
                "question" => "Question saved.",
                _ => "Lesson saved.",
            };
            view! { <div class="alert alert--success" role="status" data-testid="saved-note">{text}</div> }
        })
    };

    let kind = lesson.kind;
    let body_label = match kind {
        LessonKind::Text => "Lesson text",
        _ => "Notes shown with the lesson",
    };
    let quiz = lesson.quiz.clone().map(|quiz| {
        view! {
            <QuizBuilder course=course.clone() lesson=lesson_id.clone() quiz/>
            // The learners' results: the learning context's.
            <crate::learning::pages::statistics::QuizResults course=course.clone() lesson=lesson_id.clone()/>
        }
    });
    let media_panel = (kind != LessonKind::Quiz).then(|| {
        view! { <LessonMediaPanel course=course.clone() lesson=lesson_id.clone() kind media=lesson.media.clone()/> }
    });
    let initial = lesson.draft.clone();
    let field = move |update: fn(&mut LessonDraft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| update(d, value));
            schedule();
        }
    };

    view! {
        <Title text=move || format!("Edit lesson: {}", heading.get())/>
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol>
                <li><a href="/instructor">"Teaching"</a></li>
                <li><a href=format!("/instructor/courses/{course}")>{lesson.course.title.clone()}</a></li>
                <li><a href=curriculum.clone()>"Curriculum"</a></li>
            </ol>
        </nav>
        <header class="page-header lesson-editor__header">
            <div>
                <h1 data-testid="lesson-heading">{move || { let h = heading.get(); if h.is_empty() { stored_title.clone() } else { h } }}</h1>
                <p class="muted">{format!("{} lesson in “{}”", kind.label(), lesson.module_title)}</p>
            </div>
            <div class="lesson-editor__status" aria-live="polite" data-testid="save-state">{status}</div>
        </header>
        {saved_note}
        <ActionForm action=save attr:class="form editor" attr:novalidate=true attr:data-testid="lesson-form">
            <input type="hidden" name="course" value=course.clone()/>
            <input type="hidden" name="lesson" value=lesson_id.clone()/>
            {move || no_js_error().filter(|_| !hydrated.get()).map(|e| view! { <div class="alert alert--error" role="alert">{e.to_string()}</div> })}
            <div class="form__row">
                <div class="field field--grow">
                    <label for="lesson-title">"Title"</label>
                    <input id="lesson-title" name="draft[title]" value=initial.title.clone() maxlength="120" required
                        on:input=field(|d, v| d.title = v)/>
                </div>
                <div class="field">
                    <label for="lesson-minutes">"Minutes"</label>
                    <input id="lesson-minutes" name="draft[estimated_minutes]" type="number" min="0" max=MINUTES_MAX.to_string() inputmode="numeric"
                        value=initial.estimated_minutes.clone() on:input=field(|d, v| d.estimated_minutes = v)/>
                </div>
            </div>
            <div class="field field--check">
                <input id="lesson-preview" type="checkbox" name="draft[free_preview]" value="true" checked=initial.free_preview
                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.free_preview = on); schedule(); }/>
                <label for="lesson-preview">"Free preview: visitors may open this lesson before enrolling"</label>
            </div>
            <div class="editor__split">
                <div class="field">
                    <label for="lesson-body">{body_label}</label>
                    <p class="hint">"Markdown: **bold**, *italic*, lists, `code`, links. HTML shows as typed."</p>
                    <textarea id="lesson-body" name="draft[body]" rows=if kind == LessonKind::Text { "18" } else { "6" } data-testid="lesson-body"
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            render_preview(value.clone());
                            draft.update(|d| d.body = value);
                            schedule();
                        }>{raw_text(initial.body.clone())}</textarea>
                </div>
                <div class="preview" data-testid="lesson-preview-panel">
                    <p class="preview__label">"Preview"</p>
                    <div class="prose" data-testid="lesson-preview" inner_html=move || preview.get()></div>
                </div>
            </div>
            <div class="editor__actions">
                <button type="submit" class="button">"Save lesson"</button>
            </div>
        </ActionForm>
        {media_panel}
        {quiz}
        <nav class="pager" aria-label="Lessons">
            {previous.map(|href| view! { <a class="button button--quiet" href=href rel="prev">"← Previous lesson"</a> })}
            <a class="button button--quiet" href=curriculum>"Back to the curriculum"</a>
            {next.map(|href| view! { <a class="button button--quiet" href=href rel="next">"Next lesson →"</a> })}
        </nav>
    }
}
