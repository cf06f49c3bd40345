//! `/learning`: the learner's courses with their progress and "Continue".

use crate::learning::functions::my_courses;
use crate::learning::records::{CertificateState, MyCourse};
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyLearningPage() -> impl IntoView {
    let courses = crate::wire::resource(|| (), |()| my_courses());
    view! {
        <Title text="My learning"/>
        <header class="page-header"><h1>"My learning"</h1></header>
        <Suspense fallback=|| view! { <p class="muted">"Loading your courses…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    courses.await.map(|list| view! { <CourseList courses=list/> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The learner's courses as cards (also the dashboard's "Current courses").
#[component]
pub fn CourseList(courses: Vec<MyCourse>) -> impl IntoView {
    if courses.is_empty() {
        return view! {
            <section class="empty-state">
                <h2>"You are not enrolled in any course"</h2>
                <p>"Courses you enroll in will appear here with your progress."</p>
                <p><a class="button" href="/courses">"Browse the catalog"</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <ul class="my-courses" data-testid="my-courses">
            {courses.into_iter().map(|c| view! { <CourseCard course=c/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn CourseCard(course: MyCourse) -> impl IntoView {
    let c = course;
    let label = if c.completed {
        "Review"
    } else if c.percent == 0 {
        "Start"
    } else {
        "Continue"
    };
    view! {
        <li class="my-course panel" data-testid="my-course">
            // Made on the server (media::urls::cover_html).
            <a class="my-course__cover" href=format!("/courses/{}", c.slug) tabindex="-1" aria-hidden="true" inner_html=c.cover_html.clone()></a>
            <div class="my-course__body">
                <h2 class="my-course__title"><a href=format!("/courses/{}", c.slug)>{c.title.clone()}</a></h2>
                <p class="muted small">{format!("{} · {}", c.instructor, c.since)}</p>
                <div class="my-course__progress">
                    <progress class="progress" max="100" value=c.percent.to_string() aria-label=format!("Progress in {}", c.title)>{format!("{} %", c.percent)}</progress>
                    <span class="small" data-testid="my-course-percent">{if c.completed { "Completed".to_owned() } else { format!("{} % complete", c.percent) }}</span>
                </div>
            </div>
            <div class="my-course__actions">
                <a class="button" href=c.continue_href.clone() data-testid="continue">{label}</a>
                {match c.certificate.clone() {
                    CertificateState::Issued(code) => Some(view! {
                        <a class="button button--quiet" href=format!("/verify/{code}") data-testid="certificate-link">"Certificate"</a>
                    }.into_any()),
                    CertificateState::Pending => Some(view! {
                        <span class="small muted" data-testid="certificate-pending">"Certificate being issued…"</span>
                    }.into_any()),
                    CertificateState::Unavailable => Some(view! {
                        <span class="small muted">"Certificate not available: the portal's administrators can look into it"</span>
                    }.into_any()),
                    CertificateState::Revoked => Some(view! {
                        <span class="small muted">"Certificate revoked"</span>
                    }.into_any()),
                    CertificateState::NotEarned => None,
                }}
            </div>
        </li>
    }
}
