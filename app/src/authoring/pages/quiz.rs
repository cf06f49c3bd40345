//! The quiz builder inside a quiz lesson's editor: the quiz's settings,
//! its questions (add, edit, reorder, delete; every kind), and a preview
//! of the quiz as a learner will see it (no answers marked). Plain forms,
//! so it works without JavaScript; with it, each change updates the list
//! in place.

use crate::authoring::functions::{
    lesson_for_edit, ChangeQuestion, SaveQuestion, SaveQuizSettings,
};
use crate::authoring::records::{QuestionRow, QuizEditor};
use crate::error::AppError;
use leptos::prelude::*;
use lyceum::authoring::quiz::{
    ChoiceOption, Question, QuestionKind, ATTEMPTS_MAX, OPTIONS_MAX, POINTS_MAX, TIME_LIMIT_MAX,
};

/// Option rows a question form offers: its options and two empty rows,
/// at least four, at most the limit.
fn option_rows(options: &[ChoiceOption]) -> Vec<ChoiceOption> {
    let mut rows = options.to_vec();
    let wanted = (rows.len() + 2).clamp(4, OPTIONS_MAX);
    rows.resize_with(wanted, ChoiceOption::default);
    rows
}

fn error_text(e: &AppError) -> String {
    let detail = e
        .field_errors()
        .map(|f| {
            f.iter()
                .map(|(field, m)| format!(" {} {m}.", field_label(field)))
                .collect::<String>()
        })
        .unwrap_or_default();
    format!("{e}{detail}")
}

fn field_label(field: &str) -> &'static str {
    match field {
        "prompt" => "Question",
        "options" => "Options:",
        "accepted_answers" => "Accepted answers:",
        "points" => "Points",
        "explanation" => "Explanation",
        "kind" => "Kind",
        "passing_score" => "Passing score",
        "max_attempts" => "Attempts",
        "time_limit_minutes" => "Time limit",
        "questions" => "Questions:",
        _ => "Input",
    }
}

#[component]
pub fn QuizBuilder(course: String, lesson: String, quiz: QuizEditor) -> impl IntoView {
    let settings_action = ServerAction::<SaveQuizSettings>::new();
    let save_action = ServerAction::<SaveQuestion>::new();
    let change_action = ServerAction::<ChangeQuestion>::new();
    let quiz = RwSignal::new(quiz);
    // With JavaScript: after a change, the quiz as stored.
    let (c, l) = (course.clone(), lesson.clone());
    let reload = move || {
        let (course, lesson) = (c.clone(), l.clone());
        leptos::task::spawn_local(async move {
            if let Ok(Some(fresh)) = lesson_for_edit(course, lesson).await.map(|e| e.quiz) {
                quiz.set(fresh);
            }
        });
    };
    let reload = StoredValue::new(reload);
    Effect::new(move |_| {
        let done = (
            save_action.value().with(|v| matches!(v, Some(Ok(_)))),
            change_action.value().with(|v| matches!(v, Some(Ok(_)))),
            settings_action.value().with(|v| matches!(v, Some(Ok(_)))),
        );
        if done.0 || done.1 || done.2 {
            reload.with_value(|f| f());
        }
    });
    let error = move || {
        save_action
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| change_action.value().get().and_then(Result::err))
            .or_else(|| settings_action.value().get().and_then(Result::err))
    };

    let settings = quiz.with_untracked(|q| q.settings.clone());
    let (course2, lesson2) = (course.clone(), lesson.clone());
    let (course3, lesson3) = (course.clone(), lesson.clone());
    view! {
        <section class="panel quiz-builder" aria-labelledby="quiz-heading" data-testid="quiz-builder">
            <h2 id="quiz-heading">"Quiz"</h2>
            <p class="muted" data-testid="quiz-summary">{move || quiz.with(|q| {
                let n = q.questions.len();
                format!("{} · {} points in all", if n == 1 { "1 question".to_owned() } else { format!("{n} questions") }, q.total_points())
            })}</p>
            {move || error().map(|e| view! { <div class="alert alert--error" role="alert" data-testid="quiz-error">{error_text(&e)}</div> })}
            <ActionForm action=settings_action attr:class="form form--inline quiz-settings" attr:data-testid="quiz-settings">
                <input type="hidden" name="course" value=course.clone()/>
                <input type="hidden" name="lesson" value=lesson.clone()/>
                <div><label for="passing-score">"Passing score (%)"</label>
                    <input id="passing-score" name="settings[passing_score]" type="number" min="0" max="100" value=settings.passing_score.clone() required/></div>
                <div><label for="max-attempts">"Attempts allowed"</label>
                    <input id="max-attempts" name="settings[max_attempts]" type="number" min="1" max=ATTEMPTS_MAX.to_string() value=settings.max_attempts.clone() placeholder="Unlimited"/></div>
                <div><label for="time-limit">"Time limit (minutes)"</label>
                    <input id="time-limit" name="settings[time_limit_minutes]" type="number" min="1" max=TIME_LIMIT_MAX.to_string() value=settings.time_limit_minutes.clone() placeholder="None"/></div>
                <div class="field--check"><input id="shuffle" type="checkbox" name="settings[shuffle]" value="true" checked=settings.shuffle/>
                    <label for="shuffle">"Shuffle questions for each attempt"</label></div>
                <button type="submit" class="button button--small">"Save settings"</button>
            </ActionForm>
            <ol class="questions" data-testid="questions">
                {move || {
                    let q = quiz.get();
                    let total = q.questions.len();
                    q.questions.into_iter().enumerate().map(|(i, row)| view! {
                        <QuestionCard row index=i total course=course2.clone() lesson=lesson2.clone() save=save_action change=change_action/>
                    }).collect_view()
                }}
            </ol>
            <details class="add-question" open=move || quiz.with(|q| q.questions.is_empty())>
                <summary class="button button--quiet">"Add a question"</summary>
                <QuestionFormView course=course3 lesson=lesson3 question=None action=save_action/>
            </details>
            <details class="quiz-preview" data-testid="quiz-preview">
                <summary class="button button--quiet">"Preview as a learner"</summary>
                {move || view! { <LearnerPreview questions=quiz.get().questions/> }}
            </details>
        </section>
    }
}

#[component]
fn QuestionCard(
    row: QuestionRow,
    index: usize,
    total: usize,
    course: String,
    lesson: String,
    save: ServerAction<SaveQuestion>,
    change: ServerAction<ChangeQuestion>,
) -> impl IntoView {
    let id = row.id.to_string();
    let q = row.question.clone();
    let name = format!("question {} of {total}", index + 1);
    let button = |op: &'static str,
                  label: String,
                  text: &'static str,
                  disabled: bool,
                  class: &'static str| {
        let (course, lesson, id) = (course.clone(), lesson.clone(), id.clone());
        view! {
            <ActionForm action=change attr:class="inline-form">
                <input type="hidden" name="course" value=course/>
                <input type="hidden" name="lesson" value=lesson/>
                <input type="hidden" name="question" value=id/>
                <input type="hidden" name="op" value=op/>
                <button type="submit" class=format!("button button--small {class}") disabled=disabled aria-label=format!("{text}{label}")>{text}</button>
            </ActionForm>
        }
    };
    let up = button(
        "up",
        format!(": {name}"),
        "Move up",
        index == 0,
        "button--quiet",
    );
    let down = button(
        "down",
        format!(": {name}"),
        "Move down",
        index + 1 == total,
        "button--quiet",
    );
    let delete = button(
        "delete",
        format!(": {name}"),
        "Delete",
        false,
        "button--quiet-danger",
    );
    let answers = match q.kind {
        QuestionKind::ShortText => view! {
            <p class="small">"Accepted: "{q.accepted_answers.join(" · ")}</p>
        }.into_any(),
        _ => view! {
            <ul class="options">
                {q.options.iter().map(|o| view! {
                    <li class=if o.correct { "option option--correct" } else { "option" }>
                        {if o.correct { "✓ " } else { "" }}{o.text.clone()}
                        {o.correct.then(|| view! { <span class="visually-hidden">" (correct)"</span> })}
                    </li>
                }).collect_view()}
            </ul>
        }.into_any(),
    };
    view! {
        <li class="question" id=format!("question-{id}") data-testid="question" data-kind=q.kind.as_str()>
            <div class="question__head">
                <span class="badge">{q.kind.label()}</span>
                <span class="muted small">{if q.points == 1 { "1 point".to_owned() } else { format!("{} points", q.points) }}</span>
            </div>
            <div class="prose question__prompt" inner_html=row.prompt_html.clone()></div>
            {answers}
            {(!q.explanation.is_empty()).then(|| view! { <div class="question__explanation small"><strong>"Explanation: "</strong><div class="prose" inner_html=row.explanation_html.clone()></div></div> })}
            <div class="question__tools">
                {up}{down}
                <details class="more">
                    <summary class="button button--small button--quiet">"Edit"<span class="visually-hidden">{format!(" {name}")}</span></summary>
                    <div class="more__panel more__panel--wide">
                        <QuestionFormView course=course.clone() lesson=lesson.clone() question=Some((row.id, q.clone())) action=save/>
                    </div>
                </details>
                {delete}
            </div>
        </li>
    }
}

#[component]
fn QuestionFormView(
    course: String,
    lesson: String,
    question: Option<(lyceum::QuestionId, Question)>,
    action: ServerAction<SaveQuestion>,
) -> impl IntoView {
    let key = question
        .as_ref()
        .map(|(id, _)| id.to_string())
        .unwrap_or_else(|| "new".into());
    let (id, q) = match question {
        Some((id, q)) => (id.to_string(), q),
        None => (
            String::new(),
            Question {
                kind: QuestionKind::SingleChoice,
                prompt: String::new(),
                options: Vec::new(),
                accepted_answers: Vec::new(),
                points: 1,
                explanation: String::new(),
            },
        ),
    };
    let kind = RwSignal::new(q.kind);
    // With JavaScript the add form stays on the page: empty it after a save.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    if id.is_empty() {
        Effect::new(move |_| {
            if action.value().with(|v| matches!(v, Some(Ok(_)))) {
                if let Some(form) = form_ref.get() {
                    form.reset();
                }
                kind.set(QuestionKind::SingleChoice);
            }
        });
    }
    let hydrated = crate::ui::use_hydrated();
    // Without JavaScript every section shows; with it, only the kind's.
    let shows = move |wanted: &'static [QuestionKind]| {
        move || hydrated.get() && !wanted.contains(&kind.get())
    };
    let truth = q.options.first().map(|o| o.correct);
    let field = move |name: &str| format!("q-{key}-{name}");
    let rows = option_rows(
        if matches!(
            q.kind,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        ) {
            &q.options
        } else {
            &[]
        },
    );
    view! {
        <ActionForm action node_ref=form_ref attr:class="form question-form" attr:data-testid="question-form">
            <input type="hidden" name="course" value=course/>
            <input type="hidden" name="lesson" value=lesson/>
            <input type="hidden" name="question" value=id/>
            <div class="form__row">
                <div class="field">
                    <label for=field("kind")>"Kind"</label>
                    <select id=field("kind") name="draft[kind]" on:change=move |ev| {
                        if let Some(k) = QuestionKind::parse(&event_target_value(&ev)) { kind.set(k); }
                    }>
                        {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=k == q.kind>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=field("points")>"Points"</label>
                    <input id=field("points") name="draft[points]" type="number" min="1" max=POINTS_MAX.to_string() value=q.points.to_string() required/>
                </div>
            </div>
            <div class="field">
                <label for=field("prompt")>"Question"</label>
                <textarea id=field("prompt") name="draft[prompt]" rows="3" required>{crate::ui::raw_text(q.prompt.clone())}</textarea>
            </div>
            <fieldset class="field options-field" hidden=shows(&[QuestionKind::SingleChoice, QuestionKind::MultipleChoice])>
                <legend>"Options (single or multiple choice): tick the correct ones"</legend>
                {rows.into_iter().enumerate().map(|(i, o)| {
                    let text_id = field(&format!("option-{i}"));
                    let correct_id = field(&format!("correct-{i}"));
                    view! {
                        <div class="option-row">
                            <input type="checkbox" id=correct_id.clone() name=format!("draft[options][{i}][correct]") value="true" checked=o.correct/>
                            <label class="visually-hidden" for=correct_id>{format!("Option {} is correct", i + 1)}</label>
                            <label class="visually-hidden" for=text_id.clone()>{format!("Option {}", i + 1)}</label>
                            <input id=text_id name=format!("draft[options][{i}][text]") value=o.text placeholder=format!("Option {}", i + 1) maxlength="300"/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="field" hidden=shows(&[QuestionKind::TrueFalse])>
                <legend>"The statement is (true / false)"</legend>
                <label class="choice"><input type="radio" name="draft[truth]" value="true" checked=truth == Some(true) && q.kind == QuestionKind::TrueFalse/>" True"</label>
                <label class="choice"><input type="radio" name="draft[truth]" value="false" checked=truth == Some(false) && q.kind == QuestionKind::TrueFalse/>" False"</label>
            </fieldset>
            <div class="field" hidden=shows(&[QuestionKind::ShortText])>
                <label for=field("accepted")>"Accepted answers (short answer), one per line"</label>
                <textarea id=field("accepted") name="draft[accepted_answers]" rows="3">{crate::ui::raw_text(q.accepted_answers.join("\n"))}</textarea>
                <p class="hint">"Compared without regard to case or surrounding spaces."</p>
            </div>
            <div class="field">
                <label for=field("explanation")>"Explanation shown after grading (optional)"</label>
                <textarea id=field("explanation") name="draft[explanation]" rows="2">{crate::ui::raw_text(q.explanation.clone())}</textarea>
            </div>
            <div class="editor__actions"><button type="submit" class="button button--small">"Save question"</button></div>
        </ActionForm>
    }
}

/// The quiz as a learner sees it before answering: no answer marked, no
/// explanation, the form inert.
#[component]
fn LearnerPreview(questions: Vec<QuestionRow>) -> impl IntoView {
    if questions.is_empty() {
        return view! { <p class="muted">"Add a question to preview the quiz."</p> }.into_any();
    }
    view! {
        <form class="quiz-take" aria-label="Quiz preview" onsubmit="return false">
            <ol>
                {questions.into_iter().enumerate().map(|(i, row)| {
                    let name = format!("preview-{i}");
                    let q = row.question;
                    let body = match q.kind {
                        QuestionKind::ShortText => view! {
                            <label class="visually-hidden" for=name.clone()>"Your answer"</label>
                            <input id=name.clone() type="text" placeholder="Your answer"/>
                        }.into_any(),
                        kind => {
                            let input = if kind == QuestionKind::MultipleChoice { "checkbox" } else { "radio" };
                            q.options.into_iter().map(|o| view! {
                                <label class="choice"><input type=input name=name.clone()/>" "{o.text}</label>
                            }).collect_view().into_any()
                        }
                    };
                    view! {
                        <li class="quiz-take__question" data-testid="preview-question">
                            <div class="prose" inner_html=row.prompt_html></div>
                            <p class="muted small">{if q.points == 1 { "1 point".to_owned() } else { format!("{} points", q.points) }}</p>
                            {body}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <button type="submit" class="button" disabled=true>"Submit answers"</button>
        </form>
    }.into_any()
}
