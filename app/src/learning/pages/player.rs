//! `/learn/{course}/{lesson}`: the course player. The curriculum with
//! ticks on the side, the lesson by kind (Markdown, video with its place
//! kept, files, quiz), "Mark as complete", previous / next. Without
//! JavaScript every part is a link or a plain form; with it, marking
//! complete and moving between lessons happen in place, and a video's
//! position is saved every few seconds and restored.
//!
//! `/learn/{course}`: "Continue" — sent on to the right lesson.

use super::quiz::QuizSection;
use crate::learning::functions::{player, resume, CompleteLesson};
use crate::learning::records::{Player, PlayerPage as Page, SidebarModule};
use crate::ui::{set_status, ErrorList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::authoring::lesson::LessonKind;
use lyceum::learning::access::Access;

#[component]
pub fn ResumePage() -> impl IntoView {
    let params = use_params_map();
    let course = move || params.with(|p| p.get("course").unwrap_or_default());
    let target = crate::wire::resource(course, resume);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Opening the course…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    target.await.map(|to| {
                        crate::ui::redirect(303, &to);
                        view! { <p><a href=to>"Continue to the lesson"</a></p> }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn PlayerPage() -> impl IntoView {
    let params = use_params_map();
    let complete = ServerAction::<CompleteLesson>::new();
    let ids = move || {
        params.with(|p| {
            (
                p.get("course").unwrap_or_default(),
                p.get("lesson").unwrap_or_default(),
            )
        })
    };
    // Loaded again after "Mark as complete", in place (the old page stays
    // until the new one is ready).
    let page = crate::wire::resource(
        move || (ids(), complete.version().get()),
        |((course, lesson), _)| player(course, lesson),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the lesson…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    page.await.map(|p| match p {
                        Page::Open(p) => view! { <PlayerView player=*p complete/> }.into_any(),
                        Page::Refused { course_title, course_slug, revoked } => {
                            view! { <Refused course_title course_slug revoked/> }.into_any()
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// 403: not enrolled (or no longer), with the way to the course.
#[component]
fn Refused(course_title: String, course_slug: String, revoked: bool) -> impl IntoView {
    set_status(403);
    let text = if revoked {
        "Your enrollment in this course was withdrawn, so its lessons are closed to you. Ask the portal's administrators if you think this is a mistake."
    } else {
        "This lesson is for learners enrolled in the course. Enroll on the course page to open it."
    };
    view! {
        <Title text="Enroll to continue"/>
        <section class="notice" data-testid="player-refused">
            <h1>"Enroll to open this lesson"</h1>
            <p>{text}</p>
            <p><a class="button" href=format!("/courses/{course_slug}")>{format!("Go to {course_title}")}</a></p>
        </section>
    }
}

fn lesson_href(slug: &str, lesson: lyceum::LessonId) -> String {
    format!("/learn/{slug}/{lesson}")
}

#[component]
fn PlayerView(player: Player, complete: ServerAction<CompleteLesson>) -> impl IntoView {
    let p = player;
    let slug = p.course_slug.clone();
    let enrolled = p.access == Access::Enrolled;
    let query = use_query_map();
    // Set once this view runs in the browser (the lazy chunk loaded and
    // hydrated): the enhanced forms work from then on.
    let live = crate::ui::use_hydrated();
    let progress = p.progress;
    let staff_note = (p.access != Access::Enrolled).then(|| {
        let text = match p.access {
            Access::Staff => "You are viewing this course as its staff: nothing you do here is recorded.",
            _ => "A free preview: enroll to record your progress.",
        };
        view! { <div class="alert alert--info" role="status" data-testid="player-note">{text}</div> }
    });
    let complete_error = move || {
        complete.value().get().and_then(Result::err).map(|e| {
            e.field_errors()
                .and_then(|f| f.iter().next().map(|(_, m)| m.to_owned()))
                .unwrap_or_else(|| e.to_string())
        })
    };
    let footer_action = match (enrolled, p.kind, p.done) {
        (true, _, true) => Some(view! { <p class="lesson-done" data-testid="lesson-done">"✓ Completed"</p> }.into_any()),
        (true, LessonKind::Text | LessonKind::File, false) => Some(view! {
            <ActionForm action=complete attr:class="inline-form">
                <input type="hidden" name="course" value=p.course_slug.clone()/>
                <input type="hidden" name="lesson" value=p.lesson.to_string()/>
                <button type="submit" class="button" data-testid="mark-complete" disabled=move || complete.pending().get()>"Mark as complete"</button>
            </ActionForm>
        }.into_any()),
        (true, LessonKind::Video, false) => Some(view! { <p class="muted small" data-testid="video-hint">"Complete once you have watched about 90 % of the video."</p> }.into_any()),
        _ => None,
    };
    let previous = p.previous.map(|l| lesson_href(&slug, l));
    let next = p.next.map(|l| lesson_href(&slug, l));
    let video = p.media.video.clone().map(|file| {
        view! {
            <figure class="video-player">
                <video controls preload="metadata" src=file.url.clone() data-testid="lesson-video" width="960" height="540"
                    data-position-ms=p.position_ms.to_string()></video>
                {file.duration.clone().map(|d| view! { <figcaption class="muted small">{format!("Length {d}")}</figcaption> })}
            </figure>
        }
    });
    #[cfg(feature = "hydrate")]
    if enrolled && p.kind == LessonKind::Video {
        video_tracking::watch(slug.clone(), p.lesson.to_string(), p.position_ms);
    }
    let quiz = p.quiz.clone().map(|panel| {
        view! { <QuizSection panel slug=slug.clone() lesson=p.lesson enrolled error=query.with_untracked(|q| q.get("quiz_error"))/> }
    });
    let files = (!p.media.resources.is_empty()).then(|| view! {
        <section class="panel" aria-labelledby="files-heading">
            <h2 id="files-heading">"Files"</h2>
            <ul class="resource-list">
                {p.media.resources.iter().map(|r| view! {
                    <li class="resource-list__item">
                        <a href=r.file.download_url.clone() download=r.file.file_name.clone() data-testid="resource-link">{r.title.clone()}</a>
                        <span class="muted">{format!(" {} · {}", r.file.file_name, r.file.size)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    });
    view! {
        <Title text=format!("{} · {}", p.title, p.course_title)/>
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol>
                <li><a href="/learning">"My learning"</a></li>
                <li><a href=format!("/courses/{slug}")>{p.course_title.clone()}</a></li>
            </ol>
        </nav>
        {staff_note}
        <div class="player" data-testid="player" data-live=move || live.get().then_some("true")>
            <Sidebar outline=p.outline.clone() slug=slug.clone() current=p.lesson progress enrolled/>
            <article class="player__lesson" data-testid="player-lesson">
                <header class="page-header">
                    <p class="muted small">{format!("{} · {} lesson", p.module_title, p.kind.label())}
                        {(p.minutes > 0).then(|| format!(" · {} min", p.minutes))}</p>
                    <h1>{p.title.clone()}</h1>
                </header>
                {video}
                // Sanitized on the server (the same renderer as the editor's preview).
                {(!p.body_html.is_empty()).then(|| view! { <div class="prose panel" data-testid="lesson-body" inner_html=p.body_html.clone()></div> })}
                {files}
                {quiz}
                <footer class="player__footer">
                    <div class="player__action" aria-live="polite">
                        {footer_action}
                        {move || complete_error().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                    <nav class="player__nav" aria-label="Lessons">
                        {previous.map(|href| view! { <a class="button button--ghost" href=href rel="prev" data-testid="previous-lesson">"← Previous"</a> })}
                        {next.map(|href| view! { <a class="button" href=href rel="next" data-testid="next-lesson">"Next →"</a> })}
                    </nav>
                </footer>
            </article>
        </div>
    }
}

#[component]
fn Sidebar(
    outline: Vec<SidebarModule>,
    slug: String,
    current: lyceum::LessonId,
    progress: crate::learning::records::CourseProgress,
    enrolled: bool,
) -> impl IntoView {
    view! {
        <aside class="player__sidebar panel" aria-labelledby="contents-heading">
            <h2 id="contents-heading" class="player__contents">"Course content"</h2>
            {enrolled.then(|| view! {
                <div class="player__progress" data-testid="course-progress">
                    <progress class="progress" max="100" value=progress.percent.to_string() aria-label="Course progress">{format!("{} %", progress.percent)}</progress>
                    <p class="small" data-testid="course-progress-text">{if progress.course_complete {
                        "Course complete".to_owned()
                    } else {
                        format!("{} of {} lessons · {} %", progress.completed, progress.total, progress.percent)
                    }}</p>
                </div>
            })}
            {outline.into_iter().map(|m| view! {
                <section class="player__module">
                    <h3>{m.title}</h3>
                    <ol class="player__lessons">
                        {m.lessons.into_iter().map(|l| {
                            let here = l.id == current;
                            let state = if l.done { "Completed" } else { "Not completed" };
                            view! {
                                <li class="player__lesson-item" class:is-current=here class:is-done=l.done>
                                    <a href=lesson_href(&slug, l.id) aria-current=here.then_some("page") data-testid="sidebar-lesson">
                                        <span class="player__tick" aria-hidden="true">{if l.done { "✓" } else { "" }}</span>
                                        <span class="player__lesson-title">{l.title}</span>
                                        <span class="visually-hidden">{format!(" ({state})")}</span>
                                        <span class="muted small">{format!("{}{}", l.kind.label(), if l.minutes > 0 { format!(" · {} min", l.minutes) } else { String::new() })}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }).collect_view()}
        </aside>
    }
}

/// Saving a video's playback position: every few seconds while it plays,
/// when it pauses or ends, and when the page is left; restored when the
/// video's metadata arrives.
#[cfg(feature = "hydrate")]
mod video_tracking {
    use crate::learning::functions::save_position;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use lyceum::learning::progress::POSITION_SAVE_SECS;

    fn video() -> Option<web_sys::HtmlVideoElement> {
        document()
            .query_selector("[data-testid=lesson-video]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok())
    }

    pub fn watch(course: String, lesson: String, position_ms: u64) {
        let last_saved = StoredValue::new(position_ms as f64);
        let send = move |ended: bool| {
            let Some(v) = video() else { return };
            let ms = (v.current_time() * 1000.0).round();
            if !ended && (ms - last_saved.get_value()).abs() < 1000.0 {
                return;
            }
            last_saved.set_value(ms);
            let (course, lesson) = (course.clone(), lesson.clone());
            leptos::task::spawn_local(async move {
                let _ = save_position(course, lesson, ms.to_string(), ended.to_string()).await;
            });
        };
        let send = StoredValue::new(send);
        request_animation_frame(move || {
            let Some(v) = video() else { return };
            let restore = move || {
                if let Some(v) = video() {
                    let at = position_ms as f64 / 1000.0;
                    if at > 0.0 && at < v.duration() - 1.0 {
                        v.set_current_time(at);
                    }
                }
            };
            if v.ready_state() >= 1 {
                restore();
            } else {
                let once = leptos::wasm_bindgen::closure::Closure::once_into_js(restore);
                let _ = v.add_event_listener_with_callback("loadedmetadata", once.unchecked_ref());
            }
            for (event, ended) in [("pause", false), ("ended", true)] {
                let handler = leptos::wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    send.try_with_value(|f| f(ended));
                });
                let _ = v.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
                handler.forget();
            }
        });
        let timer = set_interval_with_handle(
            move || {
                if video().is_some_and(|v| !v.paused()) {
                    send.try_with_value(|f| f(false));
                }
            },
            std::time::Duration::from_secs(u64::from(POSITION_SAVE_SECS)),
        )
        .ok();
        on_cleanup(move || {
            if let Some(t) = timer {
                t.clear();
            }
            send.try_with_value(|f| f(false));
        });
    }
}
