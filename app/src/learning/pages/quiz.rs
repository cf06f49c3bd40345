//! A quiz in the player: what it is (questions, points, pass mark,
//! attempts, time limit), "Start", the attempt in progress as a plain
//! form (each answer saved as it is chosen, with JavaScript, and a
//! countdown that submits at zero), the last result question by question,
//! and the attempt history.

use crate::learning::records::{AttemptResult, OpenAttempt, QuizPanel, QuizQuestion};
use leptos::prelude::*;
use lyceum::authoring::quiz::QuestionKind;
use lyceum::learning::grading::{Answer, Verdict};

#[component]
pub fn QuizSection(
    panel: QuizPanel,
    slug: String,
    lesson: lyceum::LessonId,
    enrolled: bool,
    error: Option<String>,
) -> impl IntoView {
    let q = panel;
    let attempts = match q.max_attempts {
        Some(max) => format!("{} of {max} attempts used", q.attempts_used),
        None => format!(
            "{} attempt{} so far (no limit)",
            q.attempts_used,
            if q.attempts_used == 1 { "" } else { "s" }
        ),
    };
    let facts = vec![
        ("Questions", q.questions.to_string()),
        ("Points", q.points.to_string()),
        ("To pass", format!("{} %", q.passing_score)),
        (
            "Time limit",
            q.time_limit_minutes
                .map_or("None".to_owned(), |m| format!("{m} min")),
        ),
        ("Attempts", attempts),
    ];
    let error = error
        .as_deref()
        .and_then(crate::learning::quiz_error_message)
        .map(|m| view! { <div class="alert alert--error" role="alert" data-testid="quiz-error">{m}</div> });
    let start_label = if q.attempts_used == 0 {
        "Start the quiz"
    } else {
        "Try again"
    };
    let start = q.may_start.then(|| view! {
        // A plain form: the attempt opens on a fresh page, with or without JavaScript.
        <form method="post" action="/fn/learning/start-attempt" class="inline-form">
            <input type="hidden" name="course" value=slug.clone()/>
            <input type="hidden" name="lesson" value=lesson.to_string()/>
            <button type="submit" class="button" data-testid="start-attempt">{start_label}</button>
        </form>
    });
    let closed = (enrolled && !q.may_start && q.open.is_none() && !q.passed).then(|| view! {
        <p class="muted" data-testid="no-attempts-left">"You have used every attempt at this quiz."</p>
    });
    let not_enrolled = (!enrolled).then(|| {
        view! {
            <p class="muted">"Enrolled learners take this quiz here; its builder has a preview."</p>
        }
    });
    let status = q.passed.then(|| view! { <p class="quiz__passed" data-testid="quiz-passed">"✓ You passed this quiz."</p> });
    let open = q
        .open
        .clone()
        .map(|a| view! { <AttemptForm attempt=a slug=slug.clone() lesson/> });
    let result = q
        .last_result
        .clone()
        .map(|r| view! { <ResultView result=r/> });
    let history = (!q.history.is_empty()).then(|| view! {
        <details class="quiz__history">
            <summary>"Your attempts"</summary>
            <table class="table" data-testid="attempt-history">
                <thead><tr><th scope="col">"Attempt"</th><th scope="col">"Score"</th><th scope="col">"Result"</th><th scope="col">"Submitted"</th></tr></thead>
                <tbody>
                    {q.history.iter().map(|h| view! {
                        <tr>
                            <td>{h.number}</td>
                            <td>{format!("{} %", h.percent)}</td>
                            <td>{if h.passed { "Passed" } else { "Not passed" }}{h.late.then_some(" (late)")}</td>
                            <td>{h.submitted_on.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    });
    view! {
        <section class="quiz panel" id="quiz" aria-labelledby="quiz-heading" data-testid="quiz">
            <h2 id="quiz-heading">"Quiz"</h2>
            <dl class="facts facts--inline">
                {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
            {error}
            {status}
            {result}
            {open}
            {start}
            {closed}
            {not_enrolled}
            {history}
        </section>
    }
}

#[component]
fn AttemptForm(attempt: OpenAttempt, slug: String, lesson: lyceum::LessonId) -> impl IntoView {
    let a = attempt;
    let action = format!("/learn/{slug}/attempts/{}/submit", a.id);
    let deadline = a.deadline_unix.map(|d| {
        let text = lyceum::calendar::format_date_time(d);
        view! {
            <p class="quiz__deadline" data-testid="quiz-deadline">
                {format!("Submit by {text} UTC")}
                <span class="quiz__countdown" data-testid="quiz-countdown" data-seconds-left=a.seconds_left.unwrap_or(0).to_string()>
                    {a.seconds_left.map(|s| format!(" · {} left", clock(s)))}
                </span>
            </p>
        }
    });
    #[cfg(feature = "hydrate")]
    autosave::attach(
        format!("/learn/{slug}/attempts/{}/answers", a.id),
        a.seconds_left,
    );
    view! {
        <form method="post" action=action class="quiz__form" id="quiz-form" data-testid="attempt-form">
            <input type="hidden" name="lesson" value=lesson.to_string()/>
            <h3>{format!("Attempt {}", a.number)}</h3>
            {deadline}
            <ol class="quiz__questions">
                {a.questions.into_iter().enumerate().map(|(i, q)| view! { <QuestionField question=q number=i + 1/> }).collect_view()}
            </ol>
            <p class="muted small" data-testid="autosave-state" aria-live="polite"></p>
            <button type="submit" class="button" data-testid="submit-attempt">"Submit answers"</button>
        </form>
    }
}

/// "4:05", "1:02:03".
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[component]
fn QuestionField(question: QuizQuestion, number: usize) -> impl IntoView {
    let q = question;
    let name_choice = format!("q.{}", q.id);
    let chosen: Vec<u8> = match &q.saved {
        Some(Answer::Choices(c)) => c.clone(),
        _ => Vec::new(),
    };
    let hint = match q.kind {
        QuestionKind::MultipleChoice => "Choose every answer that applies.",
        QuestionKind::ShortText => "Type your answer.",
        _ => "Choose one answer.",
    };
    let points = format!("{} point{}", q.points, if q.points == 1 { "" } else { "s" });
    let input = match q.kind {
        QuestionKind::ShortText => {
            let saved = match &q.saved {
                Some(Answer::Text(t)) => t.clone(),
                _ => String::new(),
            };
            view! {
                <label class="quiz__text">
                    <span class="visually-hidden">"Your answer"</span>
                    <input type="text" name=format!("t.{}", q.id) value=saved maxlength="500" autocomplete="off" data-testid="answer-text"/>
                </label>
            }
            .into_any()
        }
        kind => {
            let multiple = kind == QuestionKind::MultipleChoice;
            q.options
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let checked = u8::try_from(i).is_ok_and(|i| chosen.contains(&i));
                    view! {
                        <label class="quiz__option">
                            <input type=if multiple { "checkbox" } else { "radio" } name=name_choice.clone() value=i.to_string() checked=checked data-testid="answer-option"/>
                            <span>{text.clone()}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    view! {
        <li class="quiz__question" data-testid="attempt-question">
            <fieldset>
                // Marks the question as shown: no box ticked is an answer too.
                <input type="hidden" name=format!("seen.{}", q.id) value=""/>
                <legend>
                    <span class="quiz__number">{format!("Question {number}")}</span>
                    // Sanitized on the server.
                    <span class="prose" inner_html=q.prompt_html></span>
                    <span class="muted small">{format!("{hint} · {points}")}</span>
                </legend>
                {input}
            </fieldset>
        </li>
    }
}

#[component]
fn ResultView(result: AttemptResult) -> impl IntoView {
    let r = result;
    let (class, headline) = if r.passed {
        (
            "alert alert--success",
            format!("Passed with {} %", r.percent),
        )
    } else {
        (
            "alert alert--warning",
            format!("Not passed: {} %", r.percent),
        )
    };
    view! {
        <section class="quiz__result" id="quiz-result" aria-labelledby="result-heading" data-testid="attempt-result">
            <div class=class role="status">
                <h3 id="result-heading">{format!("Attempt {}: {headline}", r.number)}</h3>
                <p>{r.points_text.clone()}{r.late.then_some(" · submitted after the time limit: graded with the answers saved by then")}</p>
            </div>
            <ol class="quiz__feedback">
                {r.questions.into_iter().map(|f| {
                    let (mark, label) = match f.verdict {
                        Verdict::Correct => ("✓", "Correct"),
                        Verdict::Partial => ("◐", "Partly correct"),
                        Verdict::Incorrect => ("✗", "Incorrect"),
                        Verdict::Unanswered => ("–", "Not answered"),
                    };
                    view! {
                        <li class="quiz__feedback-item" data-testid="feedback">
                            <p class="quiz__verdict"><span aria-hidden="true">{mark}</span>{format!(" {label} · {}", f.points_text)}</p>
                            <div class="prose" inner_html=f.prompt_html></div>
                            {(!f.options.is_empty()).then(|| view! {
                                <ul class="quiz__choices">
                                    {f.options.into_iter().map(|o| {
                                        let note = match (o.chosen, o.correct) {
                                            (true, Some(true)) => " — your answer, correct",
                                            (true, Some(false)) => " — your answer, not correct",
                                            (true, None) => " — your answer",
                                            (false, Some(true)) => " — a correct answer",
                                            _ => "",
                                        };
                                        view! { <li class:is-chosen=o.chosen>{o.text}<span class="muted small">{note}</span></li> }
                                    }).collect_view()}
                                </ul>
                            })}
                            {f.given_text.map(|t| view! { <p>"Your answer: " <q>{t}</q></p> })}
                            {(!f.accepted.is_empty()).then(|| view! { <p class="muted small">{format!("Accepted: {}", f.accepted.join(", "))}</p> })}
                            {(!f.explanation_html.is_empty()).then(|| view! { <div class="prose quiz__explanation" inner_html=f.explanation_html></div> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// With JavaScript: every change to an answer is saved (the whole form,
/// merged on the server), and a countdown submits the form at zero.
#[cfg(feature = "hydrate")]
mod autosave {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;

    fn form() -> Option<web_sys::HtmlFormElement> {
        document()
            .get_element_by_id("quiz-form")
            .and_then(|e| e.dyn_into().ok())
    }

    fn say(text: &str) {
        if let Some(el) = document()
            .query_selector("[data-testid=autosave-state]")
            .ok()
            .flatten()
        {
            el.set_text_content(Some(text));
        }
    }

    fn save(url: &str) {
        let Some(form) = form() else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            return;
        };
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            return;
        };
        if xhr.open("POST", url).is_err() {
            return;
        }
        let _ = xhr.set_request_header("Content-Type", "application/x-www-form-urlencoded");
        let _ = xhr.set_request_header("Accept", "application/json");
        let done = xhr.clone();
        let onload = leptos::wasm_bindgen::closure::Closure::once_into_js(move || {
            let status = done.status().unwrap_or(0);
            say(if status == 204 {
                "Answers saved."
            } else {
                "Your answers could not be saved; they will be sent when you submit."
            });
        });
        xhr.set_onload(Some(onload.unchecked_ref()));
        say("Saving…");
        let _ = xhr.send_with_opt_str(Some(&String::from(params.to_string())));
    }

    pub fn attach(url: String, seconds_left: Option<i64>) {
        request_animation_frame(move || {
            let Some(form) = form() else { return };
            let on_change =
                leptos::wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || save(&url));
            let _ =
                form.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
            on_change.forget();
        });
        let Some(left) = seconds_left else { return };
        let left = std::cell::Cell::new(left);
        let tick = set_interval_with_handle(
            move || {
                let now = left.get() - 1;
                left.set(now);
                if let Some(el) = document()
                    .query_selector("[data-testid=quiz-countdown]")
                    .ok()
                    .flatten()
                {
                    el.set_text_content(Some(&format!(" · {} left", super::clock(now))));
                }
                if now == 0 {
                    if let Some(form) = form() {
                        let _ = form.request_submit();
                    }
                }
            },
            std::time::Duration::from_secs(1),
        )
        .ok();
        on_cleanup(move || {
            if let Some(t) = tick {
                t.clear();
            }
        });
    }
}
