//! A quiz's results in its builder: attempts per learner and, per
//! question, the share of learners who got it right.

use crate::learning::functions::quiz_results;
use crate::ui::ErrorList;
use leptos::prelude::*;

#[component]
pub fn QuizResults(course: String, lesson: String) -> impl IntoView {
    let stats = crate::wire::resource(
        move || (course.clone(), lesson.clone()),
        |(course, lesson)| quiz_results(course, lesson),
    );
    view! {
        <section class="panel quiz-results" aria-labelledby="results-heading" data-testid="quiz-results">
            <h2 id="results-heading">"Results"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading the results…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        stats.await.map(|s| {
                            if s.attempts == 0 {
                                return view! { <p class="muted">"No learner has submitted this quiz yet."</p> }.into_any();
                            }
                            view! {
                                <p>{format!(
                                    "{} attempt{} by {} learner{} · {} passed",
                                    s.attempts, if s.attempts == 1 { "" } else { "s" },
                                    s.learners.len(), if s.learners.len() == 1 { "" } else { "s" },
                                    s.passed,
                                )}</p>
                                <h3>"Questions"</h3>
                                <table class="table" data-testid="question-statistics">
                                    <thead><tr><th scope="col">"Question"</th><th scope="col">"Got it right"</th></tr></thead>
                                    <tbody>
                                        {s.questions.into_iter().map(|q| view! {
                                            <tr>
                                                <td>{q.prompt}</td>
                                                <td>
                                                    <progress class="progress" max="100" value=q.percent_right.to_string() aria-hidden="true"></progress>
                                                    <span class="small">{if q.answered == 0 {
                                                        "not answered yet".to_owned()
                                                    } else {
                                                        format!("{} % ({} of {})", q.percent_right, q.right, q.answered)
                                                    }}</span>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <h3>"Learners"</h3>
                                <div class="table-scroll">
                                    <table class="table table--compact" data-testid="learner-attempts">
                                        <thead><tr><th scope="col">"Learner"</th><th scope="col">"Attempts"</th><th scope="col">"Best"</th><th scope="col">"Result"</th><th scope="col">"Last"</th></tr></thead>
                                        <tbody>
                                            {s.learners.into_iter().map(|l| view! {
                                                <tr>
                                                    <td>{l.name}</td>
                                                    <td>{l.attempts}</td>
                                                    <td>{format!("{} %", l.best_percent)}</td>
                                                    <td>{if l.passed { "Passed" } else { "Not passed" }}</td>
                                                    <td>{l.last_on}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
