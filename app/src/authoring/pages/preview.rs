//! `/courses/{slug}/lessons/{lesson}`: a free-preview lesson, as a visitor
//! sees it before enrolling (the learner's player is the learning
//! context's).

use crate::authoring::functions::preview_for_visitor;
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn LessonPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("slug").unwrap_or_default(),
                p.get("lesson").unwrap_or_default(),
            )
        })
    };
    let lesson = crate::wire::resource(ids, |(slug, lesson)| preview_for_visitor(slug, lesson));
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading the lesson…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    lesson.await.map(|l| {
                        let course = format!("/courses/{}", l.course_slug);
                        view! {
                            <Title text=format!("{} · {}", l.title, l.course_title)/>
                            <Meta name="robots" content="noindex"/>
                            <nav aria-label="Breadcrumb" class="breadcrumbs">
                                <ol><li><a href=course.clone()>{l.course_title.clone()}</a></li></ol>
                            </nav>
                            <article class="lesson-preview" data-testid="lesson-preview-page">
                                <header class="page-header">
                                    <p class="muted small"><span class="tag tag--preview">"Free preview"</span>{format!(" {} lesson", l.kind.label())}
                                        {(l.minutes > 0).then(|| format!(" · {} min", l.minutes))}</p>
                                    <h1>{l.title.clone()}</h1>
                                </header>
                                {l.media.video.clone().map(|file| view! {
                                    <figure class="video-player">
                                        <video controls preload="metadata" src=file.url.clone() data-testid="preview-video" width="960" height="540"></video>
                                        {file.duration.clone().map(|d| view! { <figcaption class="muted small">{format!("Length {d}")}</figcaption> })}
                                    </figure>
                                })}
                                // Sanitized on the server (the player's renderer).
                                <div class="prose panel" inner_html=l.body_html.clone()></div>
                                {(!l.media.resources.is_empty()).then(|| view! {
                                    <section class="panel" aria-labelledby="files-heading">
                                        <h2 id="files-heading">"Files"</h2>
                                        <ul class="resource-list">
                                            {l.media.resources.iter().map(|r| view! {
                                                <li class="resource-list__item">
                                                    <a href=r.file.download_url.clone() download=r.file.file_name.clone()>{r.title.clone()}</a>
                                                    <span class="muted">{format!(" {} · {}", r.file.file_name, r.file.size)}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                <p><a class="button" href=course>"Back to the course"</a></p>
                            </article>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}
