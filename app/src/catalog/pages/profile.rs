//! `/instructor/profile`: the signed-in instructor's profile (headline,
//! bio in Markdown, subjects, photo), shown on their courses' pages; and
//! `/instructors/{id}`: the public page with their published courses.

use super::catalog::CourseCardView;
use crate::catalog::functions::{instructor_page, my_profile, RemovePhoto, SaveProfile};
use crate::catalog::records::ProfileEditor;
use crate::ui::upload::UploadForm;
use crate::ui::{action_error, raw_text, ErrorList};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::catalog::profile::{BIO_MAX, HEADLINE_MAX};
use lyceum::media::upload::Purpose;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = crate::wire::resource(|| (), |_| my_profile());
    view! {
        <Title text="Your instructor profile"/>
        <nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/instructor">"Teaching"</a></li></ol></nav>
        <header class="page-header"><h1>"Your instructor profile"</h1></header>
        <Transition fallback=|| view! { <p class="muted">"Loading your profile…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { profile.await.map(|p| view! { <ProfileForm profile=p/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ProfileForm(profile: ProfileEditor) -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let remove = ServerAction::<RemovePhoto>::new();
    let query = use_query_map();
    let error = action_error(save);
    let photo = RwSignal::new((profile.photo_html.clone(), profile.has_photo));
    let reload = Callback::new(move |_: ()| {
        leptos::task::spawn_local(async move {
            if let Ok(p) = my_profile().await {
                photo.set((p.photo_html, p.has_photo));
            }
        });
    });
    Effect::new(move |_| {
        if remove.value().with(|v| matches!(v, Some(Ok(())))) {
            reload.run(());
        }
    });
    let saved = move || {
        let by_action = save.value().with(|v| matches!(v, Some(Ok(()))));
        let by_query = query.with(|q| q.get("saved").is_some());
        (by_action || by_query).then(|| view! { <div class="alert alert--success" role="status" data-testid="saved-note">"Profile saved. It shows on your courses' pages."</div> })
    };
    let upload_note = move || {
        query.with(|q| {
            q.get("upload_error").map(|code| {
                view! { <div class="alert alert--error" role="alert" data-testid="upload-note">{crate::ui::upload::message(&code, Purpose::Photo, "20 MB")}</div> }
            })
        })
    };
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| {
                    e.field_errors()
                        .and_then(|f| f.get(field).map(str::to_owned))
                })
                .map(|m| {
                    view! { <p class="field-error" id=format!("{field}-error")>{m}</p> }
                })
        }
    };
    let public = format!("/instructors/{}", profile.user_id);
    let d = profile.draft;
    view! {
        <p class="muted">"What learners read about you next to your courses. "
            <a href=public.clone() data-testid="public-profile">"See your public page"</a></p>
        {saved}
        <section class="panel cover-panel" id="photo" aria-labelledby="photo-heading">
            <h2 id="photo-heading">"Photo"</h2>
            {upload_note}
            <div class="cover-panel__body">
                <div class="profile-photo" data-testid="photo-current" inner_html=move || photo.with(|p| p.0.clone())></div>
                <div>
                    <UploadForm action="/instructor/profile/photo".to_owned() purpose=Purpose::Photo limit="20 MB".to_owned()
                        with_title=false on_done=reload id="photo-file" image_preview="square"
                        label=move || if photo.with(|p| p.1) { "Replace the photo" } else { "Upload a photo" }/>
                    <div hidden=move || !photo.with(|p| p.1)>
                        <ActionForm action=remove attr:class="inline-form">
                            <button type="submit" class="button button--quiet button--danger">"Remove the photo"</button>
                        </ActionForm>
                    </div>
                </div>
            </div>
        </section>
        <ActionForm action=save attr:class="form panel" attr:novalidate=true attr:data-testid="profile-form">
            {move || error.get().filter(|e| e.field_errors().is_none()).map(|e| view! { <div class="alert alert--error" role="alert">{e.to_string()}</div> })}
            <div class="field">
                <label for="headline">"Headline" <span class="muted">" (one line: what you teach, or who you are)"</span></label>
                <input id="headline" name="draft[headline]" value=d.headline maxlength=HEADLINE_MAX.to_string() aria-describedby="headline-error"/>
                {field_error("headline")}
            </div>
            <div class="field">
                <label for="subjects">"Subjects" <span class="muted">" (comma-separated, up to 10)"</span></label>
                <input id="subjects" name="draft[subjects]" value=d.subjects aria-describedby="subjects-error"/>
                {field_error("subjects")}
            </div>
            <div class="field">
                <label for="bio">"Bio" <span class="muted">" (Markdown)"</span></label>
                <textarea id="bio" name="draft[bio]" rows="10" maxlength=BIO_MAX.to_string() aria-describedby="bio-error">{raw_text(d.bio)}</textarea>
                {field_error("bio")}
            </div>
            <div class="editor__actions">
                <button type="submit" class="button" disabled=move || save.pending().get()>"Save profile"</button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn InstructorPublicPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let page = crate::wire::resource(id, instructor_page);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    page.await.map(|p| {
                        let count = match p.courses.len() {
                            0 => "No published courses yet".to_owned(),
                            1 => "1 course".to_owned(),
                            n => format!("{n} courses"),
                        };
                        view! {
                            <Title text=p.name.clone()/>
                            <Meta name="description" content=if p.headline.is_empty() { format!("Courses by {}", p.name) } else { p.headline.clone() }/>
                            <article class="instructor-page" data-testid="instructor-page">
                                <header class="instructor-page__header">
                                    <div class="profile-photo" inner_html=p.photo_html.clone()></div>
                                    <div>
                                        <p class="muted small">"Instructor"</p>
                                        <h1>{p.name.clone()}</h1>
                                        {(!p.headline.is_empty()).then(|| view! { <p class="instructor-page__headline">{p.headline.clone()}</p> })}
                                        {(!p.subjects.is_empty()).then(|| view! {
                                            <p class="tags">{p.subjects.iter().map(|s| view! { <span class="tag">{s.clone()}</span> }).collect_view()}</p>
                                        })}
                                    </div>
                                </header>
                                // Sanitized on the server.
                                {(!p.bio_html.is_empty()).then(|| view! { <section class="prose panel" aria-label="About" inner_html=p.bio_html.clone()></section> })}
                                <section aria-labelledby="courses-heading">
                                    <h2 id="courses-heading">{count}</h2>
                                    <div class="results">
                                        {p.courses.into_iter().map(|card| view! { <CourseCardView card/> }).collect_view()}
                                    </div>
                                </section>
                            </article>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}
