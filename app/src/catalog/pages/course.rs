//! `/courses/{slug}`: the course page, with the tags search engines and link
//! previews read. Old slugs answer 301 to the current one; unknown and
//! unpublished courses are a 404 (their instructor and admins may preview).

use super::catalog::duration;
use crate::catalog::functions::course_page;
use crate::catalog::labels::language_name;
use crate::catalog::records::{CourseDetail, CourseLookup};
use crate::error::AppError;
use crate::ui::ErrorList;
use crate::ui::NotFound;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;
use lyceum::catalog::course::CourseStatus;
use lyceum::catalog::pricing::PricingModel;

#[component]
pub fn CoursePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let course = crate::wire::resource(slug, course_page);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading course…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    match course.await {
                        Ok(CourseLookup::Found(detail)) => view! { <CourseView course=*detail/> }.into_any(),
                        Ok(CourseLookup::Moved(to)) => view! { <MovedTo slug=to/> }.into_any(),
                        Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                        Err(e) => Err::<(), _>(e).into_any(),
                    }
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// A 301 during the server render; a replacing navigation in the browser.
#[component]
fn MovedTo(slug: String) -> impl IntoView {
    let target = format!("/courses/{slug}");
    crate::ui::redirect(301, &target);
    view! { <p>"This course has moved to " <a href=target.clone()>{target.clone()}</a> "."</p> }
}

#[component]
fn CourseView(course: CourseDetail) -> impl IntoView {
    let c = course;
    let price_label = c.price.label();
    let og_image = c.og_image.clone();
    let status_note = (c.status != CourseStatus::Published).then(|| {
        let text = match c.status {
            CourseStatus::Draft => "Draft preview: only you and the portal's administrators can see this page.",
            _ => "Archived: this course is no longer listed in the catalog.",
        };
        view! { <div class="alert alert--warning" role="status" data-testid="preview-note">{text}</div> }
    });
    let crumbs = c.category_paths.first().cloned().map(|path| {
        view! {
            <nav aria-label="Breadcrumb" class="breadcrumbs">
                <ol>
                    <li><a href="/courses">"Courses"</a></li>
                    {path.into_iter().map(|l| view! { <li><a href=format!("/categories/{}", l.slug)>{l.name}</a></li> }).collect_view()}
                </ol>
            </nav>
        }
    });
    // The length is the lessons' when they say it, else the instructor's estimate.
    let length = if c.lesson_minutes > 0 {
        c.lesson_minutes
    } else {
        c.duration_minutes
    };
    let facts = vec![
        ("Level", c.level.label().to_owned()),
        ("Language", language_name(&c.language)),
        ("Length", duration(length)),
        ("Instructor", c.instructor.clone()),
    ];
    let purchase_hint = match c.price.model {
        PricingModel::Free => "Free to enrol.",
        PricingModel::OneTime => "One payment, lifetime access.",
        PricingModel::Subscription => "Billed monthly; cancel any time.",
    };
    view! {
        <Title text=c.title.clone()/>
        <Meta name="description" content=c.summary.clone()/>
        <Link rel="canonical" href=c.canonical_url.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:title" content=c.title.clone()/>
        <Meta property="og:description" content=c.summary.clone()/>
        <Meta property="og:url" content=c.canonical_url.clone()/>
        {og_image.map(|url| view! { <Meta property="og:image" content=url/> })}
        {crumbs}
        {status_note}
        <article class="course-page" data-testid="course-page">
            <header class="course-page__header">
                <h1>{c.title.clone()}</h1>
                {(!c.subtitle.is_empty()).then(|| view! { <p class="course-page__subtitle">{c.subtitle.clone()}</p> })}
                <p class="muted">"Created by " <strong>{c.instructor.clone()}</strong>
                    {c.published_at.clone().map(|d| format!(" · published {d}"))}
                    {format!(" · updated {}", c.updated_at)}</p>
                {c.rating.clone().map(|r| view! { <p class="course-card__rating">{format!("★ {} ({} reviews)", r.average_text(), r.count)}</p> })}
            </header>
            <div class="course-page__body">
                <div class="course-page__main">
                    <section aria-labelledby="about-heading">
                        <h2 id="about-heading">"About this course"</h2>
                        // Sanitized on the server (pulldown-cmark + ammonia allow-list).
                        <div class="prose" data-testid="description" inner_html=c.description_html.clone()></div>
                    </section>
                    // Rendered and escaped on the server (authoring's outline,
                    // then the instructor's card).
                    <div class="outline-host" inner_html=format!("{}{}", c.outline_html, c.instructor_html)></div>
                    {(!c.prerequisites.is_empty()).then(|| view! {
                        <section aria-labelledby="prereq-heading">
                            <h2 id="prereq-heading">"Before you start"</h2>
                            <ul>{c.prerequisites.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                        </section>
                    })}
                    // Made and escaped on the server (catalog::reviews, with
                    // learning's review form).
                    <div class="reviews-host" inner_html=c.reviews_html.clone()></div>
                    {(!c.tags.is_empty()).then(|| view! {
                        <p class="tags">{c.tags.iter().map(|t| view! {
                            <a class="tag" href=format!("/courses?q={}", lyceum::url::encode_query_value(t))>{t.clone()}</a>
                        }).collect_view()}</p>
                    })}
                </div>
                <aside class="course-page__aside panel">
                    // Made on the server (media::urls::cover_html).
                    <div class="course-page__cover" inner_html=c.cover_html.clone()></div>
                    <p class="course-page__price" data-testid="course-price">
                        <strong>{price_label}</strong>
                        {c.price.was.clone().map(|w| view! { " " <s class="muted">{w}</s> })}
                    </p>
                    {c.price.sale_ends_label.clone().map(|d| view! { <p class="muted">{format!("Sale ends {d}")}</p> })}
                    <p class="muted">{purchase_hint}</p>
                    // Made on the server by learning (learning::offer).
                    <div class="course-page__cta" inner_html=c.enroll_html.clone()></div>
                    <dl class="facts">
                        {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                    {c.can_edit.then(|| view! { <a class="button button--ghost button--block" href=format!("/instructor/courses/{}", c.id)>"Edit course"</a> })}
                </aside>
            </div>
        </article>
    }
}
