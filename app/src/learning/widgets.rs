//! Learning's dashboard widgets: the learner's current courses with their
//! progress and "Continue". Each loads its own data; the shell shows the
//! ones the visitor's persona may see (`shell/dashboard.rs`).

use crate::learning::functions::{my_courses, weekly_progress};
use crate::ui::{ErrorList, Widget};
use leptos::prelude::*;
use lyceum::navigation::Access;
use lyceum::Permission;

pub const CURRENT_COURSES: Widget = Widget {
    access: Access::Permission(Permission::ProgressRead),
    view: || view! { <CurrentCoursesWidget/> }.into_any(),
};

pub const PROGRESS_TRACKER: Widget = Widget {
    access: Access::Permission(Permission::ProgressRead),
    view: || view! { <ProgressTrackerWidget/> }.into_any(),
};

/// How many courses the widget lists; "My learning" has them all.
const SHOWN: usize = 4;

#[component]
fn CurrentCoursesWidget() -> impl IntoView {
    let courses = crate::wire::resource(|| (), |_| my_courses());
    view! {
        <section class="widget widget--wide" aria-labelledby="current-courses" data-testid="current-courses">
            <h2 id="current-courses">"Current courses"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        courses.await.map(|all| {
                            let current: Vec<_> = all.into_iter().filter(|c| !c.completed).collect();
                            if current.is_empty() {
                                return view! {
                                    <p class="muted">"You have no course in progress. "
                                        <a href="/courses">"Find one in the catalog"</a>"."</p>
                                }.into_any();
                            }
                            let more = current.len().saturating_sub(SHOWN);
                            view! {
                                <ul class="current-courses">
                                    {current.into_iter().take(SHOWN).map(|c| view! {
                                        <li class="current-course" data-testid="current-course">
                                            <div class="current-course__text">
                                                <a class="current-course__title" href=format!("/courses/{}", c.slug)>{c.title.clone()}</a>
                                                <progress class="progress" max="100" value=c.percent.to_string() aria-label=format!("Progress in {}", c.title)>{format!("{} %", c.percent)}</progress>
                                                <span class="muted small">{format!("{} % complete", c.percent)}</span>
                                            </div>
                                            <a class="button button--small" href=c.continue_href.clone()>{if c.percent == 0 { "Start" } else { "Continue" }}</a>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {(more > 0).then(|| view! { <p><a href="/learning">{format!("{more} more in My learning")}</a></p> })}
                            }.into_any()
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn ProgressTrackerWidget() -> impl IntoView {
    let tracker = crate::wire::resource(|| (), |_| weekly_progress());
    view! {
        <section class="widget widget--wide" aria-labelledby="tracker-heading" data-testid="progress-tracker">
            <h2 id="tracker-heading">"Progress tracker"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        tracker.await.map(|t| view! {
                            <p data-testid="tracker-total">{format!(
                                "{} lesson{} completed in the last 12 weeks",
                                t.total, if t.total == 1 { "" } else { "s" }
                            )}</p>
                            // Drawn on the server; hidden from screen readers, which read the table.
                            <div class="chart-box" inner_html=t.svg></div>
                            <table class="visually-hidden" data-testid="tracker-table">
                                <caption>"Lessons completed per week"</caption>
                                <thead><tr><th scope="col">"Week of"</th><th scope="col">"Lessons"</th></tr></thead>
                                <tbody>
                                    {t.weeks.into_iter().map(|w| view! { <tr><td>{w.label}</td><td>{w.lessons}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
