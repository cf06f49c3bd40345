//! An upload form: a plain multipart form (it works without JavaScript:
//! the server answers with a redirect back and a note), which with
//! JavaScript is sent by `XMLHttpRequest` — the one browser API that
//! reports upload progress — with a progress bar, a Cancel button and the
//! server's message in place. Optionally shows the chosen image cropped as
//! it will be stored, before it is sent.

use leptos::prelude::*;
use lyceum::media::upload::Purpose;

/// One upload form: file (and title), a progress bar while sending.
/// What a plain form's `?upload_error=` code means, for this kind of upload.
pub fn message(code: &str, purpose: Purpose, limit: &str) -> String {
    match code {
        "empty" => "The file is empty.".into(),
        "too_large" => format!("The file is larger than the {limit} your plan allows."),
        "markup" => "SVG and HTML files cannot be uploaded: they can contain scripts.".into(),
        "unrecognised" | "not_accepted" => format!(
            "This type of file is not accepted here. Upload {}.",
            purpose.accepted()
        ),
        "mismatch" => "The file's contents do not match its name or type.".into(),
        "interrupted" => "The upload did not finish. Please try again.".into(),
        "no_file" => "Choose a file to upload.".into(),
        "not_found" => "This no longer exists.".into(),
        "forbidden" => "You may not upload files here.".into(),
        "refused" => "This upload is not possible here.".into(),
        _ => "The upload failed on our side. Please try again.".into(),
    }
}

#[component]
pub fn UploadForm(
    action: String,
    purpose: Purpose,
    limit: String,
    with_title: bool,
    on_done: Callback<()>,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    /// The file input's id (also names the form for tests: `upload-{id}`).
    id: &'static str,
    /// Shows the chosen image in a frame (`wide`: 16:9, `square`) before
    /// it is sent.
    #[prop(optional)]
    image_preview: Option<&'static str>,
) -> impl IntoView {
    // Fraction sent while uploading.
    let progress = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<String>);
    let done_note = RwSignal::new(None::<String>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // An object URL of the chosen image (revoked when replaced).
    let chosen = RwSignal::new(None::<String>);
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
                let finished = Callback::new(move |_: ()| {
                    chosen.set(None);
                    on_done.run(());
                });
                match send(&form, &action, progress, error, done_note, finished) {
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
    let hint = format!("{}. Up to {limit}.", capitalise(purpose.accepted()));
    let on_change = move |ev: leptos::ev::Event| {
        if image_preview.is_none() {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let input = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok());
            let file = input.and_then(|i| i.files()).and_then(|f| f.get(0));
            if let Some(old) = chosen.get_untracked() {
                let _ = leptos::web_sys::Url::revoke_object_url(&old);
            }
            chosen
                .set(file.and_then(|f| leptos::web_sys::Url::create_object_url_with_blob(&f).ok()));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, chosen);
    };
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
                <input id=id type="file" name="file" accept=purpose.accept_attribute() required aria-describedby=format!("{id}-hint")
                    on:change=on_change/>
                <p class="hint" id=format!("{id}-hint")>{hint}</p>
            </div>
            {move || chosen.get().zip(image_preview).map(|(url, frame)| view! {
                <figure class="upload-preview">
                    <img class=format!("upload-preview__image upload-preview__image--{frame}") src=url alt="" data-testid="upload-preview"/>
                    <figcaption class="hint">"As it will be cropped. Not saved until you upload it."</figcaption>
                </figure>
            })}
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
        // The browser's own JSON parser: serde_json would add ~30 KB to
        // the bundle for one field.
        let message = leptos::web_sys::js_sys::JSON::parse(&text)
            .ok()
            .and_then(|v| leptos::web_sys::js_sys::Reflect::get(&v, &"error".into()).ok())
            .and_then(|e| leptos::web_sys::js_sys::Reflect::get(&e, &"message".into()).ok())
            .and_then(|m| m.as_string())
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
