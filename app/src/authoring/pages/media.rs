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
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lyceum::authoring::lesson::LessonKind;
use lyceum::media::upload::Purpose;

/// What a plain form's `?upload_error=` code means, for this kind of upload.
pub fn upload_message(code: &str, purpose: Purpose, limit: &str) -> String {
    match code {
        "empty" => "The file is empty.".into(),
        "too_large" => format!("The file is larger than the {limit} your plan allows."),
        "markup" => "SVG and HTML files cannot be uploaded: they can contain scripts.".into(),
        "unrecognised" | "not_accepted" => format!("This type of file is not accepted here. Upload {}.", purpose.accepted()),
        "mismatch" => "The file's contents do not match its name or type.".into(),
        "interrupted" => "The upload did not finish. Please try again.".into(),
        "no_file" => "Choose a file to upload.".into(),
        "not_found" => "This lesson no longer exists.".into(),
        "forbidden" => "You may not upload files to this lesson.".into(),
        "refused" => "This upload is not possible here (a video only goes in a video lesson; a lesson holds at most 20 files).".into(),
        _ => "The upload failed on our side. Please try again.".into(),
    }
}

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
                    Some(view! { <div class="alert alert--error" role="alert" data-testid="upload-note">{upload_message(&code, purpose_of_error, &limit)}</div> }.into_any())
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
                <UploadForm action=format!("{base}/video") purpose=Purpose::LessonVideo limit=limit.clone() with_title=false on_done=reload
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
                <UploadForm action=format!("{base}/resources") purpose=Purpose::Resource limit=limit.clone() with_title=true on_done=reload
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

/// One upload form: file (and title), a progress bar while sending.
#[component]
fn UploadForm(
    action: String,
    purpose: Purpose,
    limit: String,
    with_title: bool,
    on_done: Callback<()>,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    let id = if purpose == Purpose::LessonVideo {
        "video-file"
    } else {
        "resource-file"
    };
    // Fraction sent while uploading.
    let progress = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<String>);
    let done_note = RwSignal::new(None::<String>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    #[cfg(feature = "hydrate")]
    let current = StoredValue::new_local(None::<leptos::web_sys::XmlHttpRequest>);
    let on_submit = {
        let action = action.clone();
        move |ev: leptos::ev::SubmitEvent| {
            #[cfg(feature = "hydrate")]
            {
                ev.prevent_default();
                let Some(form) = form_ref.get() else { return };
                error.set(None);
                done_note.set(None);
                match send(&form, &action, progress, error, done_note, on_done) {
                    Ok(xhr) => current.set_value(Some(xhr)),
                    Err(message) => error.set(Some(message)),
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (&ev, &action, on_done);
        }
    };
    let cancel = move |_| {
        #[cfg(feature = "hydrate")]
        current.with_value(|x| {
            if let Some(xhr) = x {
                let _ = xhr.abort();
            }
        });
    };
    let hint = format!("{} Up to {limit}.", capitalise(purpose.accepted()));
    view! {
        <form method="post" enctype="multipart/form-data" action=action class="upload-form" node_ref=form_ref on:submit=on_submit
            data-testid=format!("upload-{id}")>
            {with_title.then(|| view! {
                <div class="field">
                    <label for="resource-title">"Title (optional)"</label>
                    <input id="resource-title" name="title" maxlength="120" placeholder="The file's name"/>
                </div>
            })}
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="file" name="file" accept=purpose.accept_attribute() required aria-describedby=format!("{id}-hint")/>
                <p class="hint" id=format!("{id}-hint")>{hint}</p>
            </div>
            {move || progress.get().map(|p| view! {
                <div class="upload-progress" data-testid="upload-progress">
                    <progress max="100" value=format!("{:.0}", p * 100.0) aria-label="Upload progress"></progress>
                    <span aria-live="polite">{format!("{:.0} %", p * 100.0)}</span>
                    <button type="button" class="button button--quiet" on:click=cancel>"Cancel"</button>
                </div>
            })}
            {move || error.get().map(|e| view! { <div class="alert alert--error" role="alert" data-testid="upload-error">{e}</div> })}
            {move || done_note.get().map(|e| view! { <div class="alert alert--success" role="status" data-testid="upload-done">{e}</div> })}
            <button type="submit" class="button" disabled=move || progress.get().is_some()>"Upload"</button>
        </form>
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Sends the form by XMLHttpRequest, reporting progress; on an answer,
/// clears the bar and says what happened.
#[cfg(feature = "hydrate")]
fn send(
    form: &leptos::web_sys::HtmlFormElement,
    action: &str,
    progress: RwSignal<Option<f64>>,
    error: RwSignal<Option<String>>,
    done_note: RwSignal<Option<String>>,
    on_done: Callback<()>,
) -> Result<leptos::web_sys::XmlHttpRequest, String> {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{FormData, ProgressEvent, XmlHttpRequest};
    let failed = |_| "Your browser could not start the upload.".to_owned();
    let data = FormData::new_with_form(form).map_err(failed)?;
    let file_chosen = form
        .query_selector("input[type=file]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .is_some_and(|f| f.length() > 0);
    if !file_chosen {
        return Err("Choose a file to upload.".into());
    }
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open("POST", action).map_err(failed)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(failed)?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress.set(Some((ev.loaded() / ev.total()).min(1.0)));
        }
    });
    xhr.upload()
        .map_err(failed)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let form = form.clone();
    let answered = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let status = answered.status().unwrap_or(0);
        if status == 200 {
            form.reset();
            done_note.set(Some("Upload complete.".into()));
            on_done.run(());
            return;
        }
        let text = answered.response_text().ok().flatten().unwrap_or_default();
        let message = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("The upload failed ({status}). Please try again."));
        error.set(Some(message));
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        error.set(Some("The connection was lost before the upload finished. Nothing was saved; please try again.".into()));
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let on_abort = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        error.set(Some("Upload cancelled. Nothing was saved.".into()));
    });
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    on_abort.forget();
    progress.set(Some(0.0));
    xhr.send_with_opt_form_data(Some(&data)).map_err(failed)?;
    Ok(xhr)
}
