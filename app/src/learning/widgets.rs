//! Learning's dashboard widgets: the learner's current courses with their
//! progress and "Continue", the weekly progress tracker, recommendations
//! and achievements. Each loads its own data; the shell shows the ones the
//! visitor's persona may see (`shell/dashboard.rs`).

use crate::learning::functions::{
    my_achievements, my_courses, recommended_courses, weekly_progress,
};
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

pub const RECOMMENDATIONS: Widget = Widget {
    access: Access::Permission(Permission::ProgressRead),
    view: || view! { <RecommendationsWidget/> }.into_any(),
};

pub const ACHIEVEMENTS: Widget = Widget {
    access: Access::Permission(Permission::ProgressRead),
    view: || view! { <AchievementsWidget/> }.into_any(),
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

#[component]
fn RecommendationsWidget() -> impl IntoView {
    let list = crate::wire::resource(|| (), |_| recommended_courses());
    view! {
        <section class="widget" aria-labelledby="recommended-heading" data-testid="recommendations">
            <h2 id="recommended-heading">"Recommended for you"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        list.await.map(|list| {
                            if list.is_empty() {
                                return view! {
                                    <p class="muted">"Nothing to suggest yet: you are enrolled in every course here. "
                                        <a href="/courses">"Browse the catalog"</a></p>
                                }.into_any();
                            }
                            view! {
                                <ul class="recommendations">
                                    {list.into_iter().map(|r| view! {
                                        <li class="recommendation" data-testid="recommendation">
                                            <a class="recommendation__title" href=format!("/courses/{}", r.slug)>{r.title}</a>
                                            <span class="muted small">{r.instructor}</span>
                                            <span class="small recommendation__reason" data-testid="recommendation-reason">{r.reason}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn AchievementsWidget() -> impl IntoView {
    let data = crate::wire::resource(|| (), |_| my_achievements());
    view! {
        <section class="widget" aria-labelledby="achievements-heading" data-testid="achievements">
            <h2 id="achievements-heading">"Achievements"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        data.await.map(|a| view! {
                            <p data-testid="courses-completed">{format!(
                                "{} course{} completed",
                                a.completed, if a.completed == 1 { "" } else { "s" }
                            )}</p>
                            {if a.certificates.is_empty() {
                                view! { <p class="muted small">"Finish a course to earn a certificate anyone can verify."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="achievements">
                                        {a.certificates.into_iter().map(|c| view! {
                                            <li class="achievement" data-testid="achievement">
                                                <span class="achievement__mark" aria-hidden="true">"✓"</span>
                                                <span>
                                                    <a href=format!("/verify/{}", c.code)>{c.course_title}</a>
                                                    <span class="muted small">{format!(" · completed {}", c.completed_on)}</span>
                                                </span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
