//! The lesson editor's media panel: a video lesson's video (upload with a
//! progress bar, then a player to check it) and the files attached to any
//! lesson. Uploads are plain multipart forms posted to
//! `authoring/uploads.rs`; with JavaScript the form is sent by
//! `XMLHttpRequest` (the one browser API that reports upload progress),
//! the bar fills, Cancel aborts, and the panel reloads its media when the
//! server confirms. Without JavaScript the same form posts and the server
//! sends the page back with a note.

use crate::authoring::functions::{lesson_for_edit, RemoveMedia};
use crate::authoring::records::{LessonMedia, MediaFile};
use crate::ui::upload::UploadForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lyceum::authoring::lesson::LessonKind;
use lyceum::media::upload::Purpose;

#[component]
pub fn LessonMediaPanel(
    course: String,
    lesson: String,
    kind: LessonKind,
    media: LessonMedia,
) -> impl IntoView {
    let media = RwSignal::new(media);
    let query = use_query_map();
    let limit = media.with_untracked(|m| m.upload_limit.clone());
    let reload = {
        let (course, lesson) = (course.clone(), lesson.clone());
        Callback::new(move |_: ()| {
            let (course, lesson) = (course.clone(), lesson.clone());
            leptos::task::spawn_local(async move {
                if let Ok(editor) = lesson_for_edit(course, lesson).await {
                    media.set(editor.media);
                }
            });
        })
    };
    let purpose_of_error = if kind == LessonKind::Video {
        Purpose::LessonVideo
    } else {
        Purpose::Resource
    };
    let note = {
        let limit = limit.clone();
        move || {
            query.with(|q| {
                if let Some(code) = q.get("upload_error") {
                    Some(view! { <div class="alert alert--error" role="alert" data-testid="upload-note">{crate::ui::upload::message(&code, purpose_of_error, &limit)}</div> }.into_any())
                } else if q.get("upload").as_deref() == Some("done") {
                    Some(view! { <div class="alert alert--success" role="status" data-testid="upload-note">"Upload complete."</div> }.into_any())
                } else {
                    None
                }
            })
        }
    };
    let base = format!("/instructor/courses/{course}/lessons/{lesson}");
    let remove = ServerAction::<RemoveMedia>::new();
    Effect::new(move |_| {
        if remove.value().with(|v| matches!(v, Some(Ok(())))) {
            reload.run(());
        }
    });

    let video = (kind == LessonKind::Video).then(|| {
        let (course, lesson, base, limit) = (course.clone(), lesson.clone(), base.clone(), limit.clone());
        view! {
            <section class="media-panel__video" aria-labelledby="video-heading">
                <h3 id="video-heading">"Video"</h3>
                {move || match media.with(|m| m.video.clone()) {
                    Some(file) => view! { <VideoPreview file/> }.into_any(),
                    None => view! { <p class="muted" data-testid="no-video">"No video yet. Upload an MP4 or WebM file."</p> }.into_any(),
                }}
                <UploadForm action=format!("{base}/video") purpose=Purpose::LessonVideo limit=limit.clone() with_title=false on_done=reload id="video-file"
                    label=move || if media.with(|m| m.video.is_some()) { "Replace the video" } else { "Upload a video" }/>
                {move || media.with(|m| m.video.is_some()).then(|| {
                    let (course, lesson) = (course.clone(), lesson.clone());
                    view! {
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="course" value=course/>
                            <input type="hidden" name="lesson" value=lesson/>
                            <button type="submit" class="button button--quiet button--danger">"Remove the video"</button>
                        </ActionForm>
                    }
                })}
            </section>
        }
    });

    let files = {
        let (course, lesson) = (course.clone(), lesson.clone());
        move || {
            let rows = media.with(|m| m.resources.clone());
            if rows.is_empty() {
                return view! { <p class="muted" data-testid="no-files">"No files attached."</p> }
                    .into_any();
            }
            let (course, lesson) = (course.clone(), lesson.clone());
            view! {
                <ul class="resource-list" data-testid="resource-list">
                    {rows.into_iter().map(|row| {
                        let (course, lesson) = (course.clone(), lesson.clone());
                        view! {
                            <li class="resource-list__item">
                                <a href=row.file.download_url.clone() download=row.file.file_name.clone()>{row.title.clone()}</a>
                                <span class="muted">{format!(" {} · {}", row.file.file_name, row.file.size)}</span>
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="course" value=course/>
                                    <input type="hidden" name="lesson" value=lesson/>
                                    <input type="hidden" name="resource" value=row.id.to_string()/>
                                    <button type="submit" class="button button--quiet button--danger" aria-label=format!("Remove {}", row.title)>"Remove"</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };

    view! {
        <section id="media" class="card media-panel" aria-labelledby="media-heading" data-testid="media-panel">
            <h2 id="media-heading">{if kind == LessonKind::Video { "Video and files" } else { "Files" }}</h2>
            {note}
            {video}
            <section class="media-panel__files" aria-labelledby="files-heading">
                <h3 id="files-heading">"Attached files"</h3>
                {files}
                <UploadForm action=format!("{base}/resources") purpose=Purpose::Resource limit=limit.clone() with_title=true on_done=reload id="resource-file"
                    label=|| "Attach a file"/>
            </section>
        </section>
    }
}

/// The uploaded video, playable: what learners will see.
#[component]
fn VideoPreview(file: MediaFile) -> impl IntoView {
    let details = match &file.duration {
        Some(d) => format!("{} · {} · {}", file.file_name, d, file.size),
        None => format!("{} · {}", file.file_name, file.size),
    };
    view! {
        <figure class="video-preview">
            <video controls preload="metadata" src=file.url.clone() data-testid="lesson-video" width="640" height="360"></video>
            <figcaption class="muted" data-testid="video-details">{details}</figcaption>
        </figure>
    }
}
