//! What a quiz may hold: its settings (passing score, attempts, time limit,
//! shuffling) and its questions of four kinds. Grading is the learning
//! context's; here only what makes a question answerable.

use crate::field_errors::FieldErrors;
use crate::text::visible_text;
use serde::{Deserialize, Serialize};

/// Longest prompt or explanation (Markdown), in characters.
pub const PROMPT_MAX: usize = 5_000;
/// Longest option or accepted answer, in characters.
pub const OPTION_MAX: usize = 300;
/// Most options of one choice question.
pub const OPTIONS_MAX: usize = 10;
/// Most accepted answers of one short-text question.
pub const ANSWERS_MAX: usize = 20;
/// Most points one question is worth.
pub const POINTS_MAX: u16 = 100;
/// Most attempts a quiz may allow (otherwise: unlimited).
pub const ATTEMPTS_MAX: u16 = 100;
/// Longest time limit, in minutes.
pub const TIME_LIMIT_MAX: u16 = 600;
/// Most questions in one quiz.
pub const QUESTIONS_MAX: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionKind {
    /// One correct option among several (radio buttons).
    SingleChoice,
    /// One or more correct options (checkboxes).
    MultipleChoice,
    /// The two options "True" and "False", one correct.
    TrueFalse,
    /// A typed answer, compared with the accepted answers (case and
    /// surrounding space ignored).
    ShortText,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [
        Self::SingleChoice,
        Self::MultipleChoice,
        Self::TrueFalse,
        Self::ShortText,
    ];

    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SingleChoice => "single",
            Self::MultipleChoice => "multiple",
            Self::TrueFalse => "true_false",
            Self::ShortText => "short_text",
        }
    }

    pub fn parse(raw: &str) -> Option<QuestionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SingleChoice => "Single choice",
            Self::MultipleChoice => "Multiple choice",
            Self::TrueFalse => "True / false",
            Self::ShortText => "Short answer",
        }
    }
}

/// A quiz's settings as the form sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizSettingsDraft {
    /// Percent of the points needed to pass, 0–100.
    #[serde(default)]
    pub passing_score: String,
    /// Attempts allowed, 1–100; empty: unlimited.
    #[serde(default)]
    pub max_attempts: String,
    /// Minutes, 1–600; empty: no limit.
    #[serde(default)]
    pub time_limit_minutes: String,
    /// Questions (and options) in a new order for each attempt.
    #[serde(default)]
    pub shuffle: bool,
}

impl Default for QuizSettingsDraft {
    fn default() -> Self {
        Self {
            passing_score: "70".into(),
            max_attempts: String::new(),
            time_limit_minutes: String::new(),
            shuffle: false,
        }
    }
}

/// A quiz's settings, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizSettings {
    pub passing_score: u8,
    pub max_attempts: Option<u16>,
    pub time_limit_minutes: Option<u16>,
    pub shuffle: bool,
}

fn whole(raw: &str, low: u16, high: u16) -> Option<u16> {
    raw.trim()
        .parse::<u16>()
        .ok()
        .filter(|n| (low..=high).contains(n))
}

impl QuizSettingsDraft {
    /// Errors: `passing_score` (not 0–100), `max_attempts` (not 1–100),
    /// `time_limit_minutes` (not 1–600).
    pub fn validate(&self) -> Result<QuizSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let passing = whole(&self.passing_score, 0, 100);
        if passing.is_none() {
            errors.add("passing_score", "must be a whole percentage from 0 to 100");
        }
        let optional = |errors: &mut FieldErrors, field: &str, raw: &str, high: u16, what: &str| {
            if raw.trim().is_empty() {
                return None;
            }
            let n = whole(raw, 1, high);
            if n.is_none() {
                errors.add(field, format!("must be {what} from 1 to {high}, or empty"));
            }
            n
        };
        let attempts = optional(
            &mut errors,
            "max_attempts",
            &self.max_attempts,
            ATTEMPTS_MAX,
            "a whole number",
        );
        let minutes = optional(
            &mut errors,
            "time_limit_minutes",
            &self.time_limit_minutes,
            TIME_LIMIT_MAX,
            "whole minutes",
        );
        errors.into_result()?;
        Ok(QuizSettings {
            passing_score: passing.unwrap_or_default() as u8,
            max_attempts: attempts,
            time_limit_minutes: minutes,
            shuffle: self.shuffle,
        })
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    #[serde(default)]
    pub text: String,
    /// A form sends `true` when the box is ticked, nothing otherwise.
    #[serde(default)]
    pub correct: bool,
}

/// A question as the builder sends it. Options and accepted answers are
/// one per line of a textarea without JavaScript; empty lines are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub kind: String,
    pub prompt: String,
    pub options: Vec<ChoiceOption>,
    pub accepted_answers: Vec<String>,
    pub points: String,
    pub explanation: String,
}

impl Default for QuestionDraft {
    fn default() -> Self {
        Self {
            kind: QuestionKind::SingleChoice.as_str().into(),
            prompt: String::new(),
            options: Vec::new(),
            accepted_answers: Vec::new(),
            points: "1".into(),
            explanation: String::new(),
        }
    }
}

/// A question, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub prompt: String,
    /// Choice questions (true/false: exactly "True", "False").
    pub options: Vec<ChoiceOption>,
    /// Short-text questions.
    pub accepted_answers: Vec<String>,
    pub points: u16,
    pub explanation: String,
}

fn long_text(errors: &mut FieldErrors, field: &str, raw: &str, required: bool) -> String {
    let text = crate::text::markdown_source(raw);
    if required && text.is_empty() {
        errors.add(field, "is required");
    } else if text.chars().count() > PROMPT_MAX {
        errors.add(field, format!("must be at most {PROMPT_MAX} characters"));
    } else if text.chars().any(crate::text::is_bidi_control) {
        errors.add(field, "must not contain bidirectional control characters");
    }
    text
}

impl QuestionDraft {
    /// Errors: `kind` (unknown), `prompt` (empty or over 5,000 characters),
    /// `points` (not 1–100; negative points are refused), `options` (a
    /// choice question with fewer than two options or more than ten, an
    /// option that is empty or too long, no correct option, or — single
    /// choice and true/false — more than one), `accepted_answers` (a
    /// short-text question with none, or too many), `explanation` (too long).
    pub fn validate(&self) -> Result<Question, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = QuestionKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "is not a kind of question");
        }
        let prompt = long_text(&mut errors, "prompt", &self.prompt, true);
        let explanation = long_text(&mut errors, "explanation", &self.explanation, false);
        let points = whole(&self.points, 1, POINTS_MAX);
        if points.is_none() {
            errors.add(
                "points",
                format!("must be a whole number from 1 to {POINTS_MAX}"),
            );
        }
        let mut options = Vec::new();
        let mut accepted = Vec::new();
        match kind {
            Some(QuestionKind::TrueFalse) => {
                let correct: Vec<bool> = self.options.iter().map(|o| o.correct).collect();
                let truth = match correct.as_slice() {
                    [true, false] => Some(true),
                    [false, true] => Some(false),
                    _ => None,
                };
                match truth {
                    Some(truth) => {
                        options = vec![
                            ChoiceOption {
                                text: "True".into(),
                                correct: truth,
                            },
                            ChoiceOption {
                                text: "False".into(),
                                correct: !truth,
                            },
                        ];
                    }
                    None => errors.add("options", "mark whether the statement is true or false"),
                }
            }
            Some(kind @ (QuestionKind::SingleChoice | QuestionKind::MultipleChoice)) => {
                for option in self.options.iter().filter(|o| !o.text.trim().is_empty()) {
                    match visible_text(&option.text, OPTION_MAX) {
                        Ok(text) => options.push(ChoiceOption {
                            text,
                            correct: option.correct,
                        }),
                        Err(e) => {
                            errors.add("options", format!("an option {e}"));
                            break;
                        }
                    }
                }
                let correct = options.iter().filter(|o| o.correct).count();
                if options.len() < 2 {
                    errors.add("options", "needs at least two options");
                } else if options.len() > OPTIONS_MAX {
                    errors.add("options", format!("may have at most {OPTIONS_MAX} options"));
                } else if correct == 0 {
                    errors.add("options", "mark at least one option correct");
                } else if kind == QuestionKind::SingleChoice && correct > 1 {
                    errors.add("options", "a single-choice question has one correct option");
                }
            }
            Some(QuestionKind::ShortText) => {
                for answer in self
                    .accepted_answers
                    .iter()
                    .filter(|a| !a.trim().is_empty())
                {
                    match visible_text(answer, OPTION_MAX) {
                        Ok(text) if !accepted.contains(&text) => accepted.push(text),
                        Ok(_) => {}
                        Err(e) => {
                            errors.add("accepted_answers", format!("an answer {e}"));
                            break;
                        }
                    }
                }
                if accepted.is_empty() {
                    errors.add("accepted_answers", "needs at least one accepted answer");
                } else if accepted.len() > ANSWERS_MAX {
                    errors.add(
                        "accepted_answers",
                        format!("may have at most {ANSWERS_MAX} answers"),
                    );
                }
            }
            None => {}
        }
        errors.into_result()?;
        Ok(Question {
            kind: kind.unwrap_or(QuestionKind::SingleChoice),
            prompt,
            options,
            accepted_answers: accepted,
            points: points.unwrap_or(1),
            explanation,
        })
    }
}

/// Whether a quiz can be taken: at least one question, and its questions
/// worth some points (so any passing score of 0–100 % can be reached).
pub fn quiz_is_ready(question_points: &[u16]) -> bool {
    question_points.iter().any(|p| *p > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(text: &str, correct: bool) -> ChoiceOption {
        ChoiceOption {
            text: text.into(),
            correct,
        }
    }

    fn question(kind: QuestionKind, options: Vec<ChoiceOption>) -> QuestionDraft {
        QuestionDraft {
            kind: kind.as_str().into(),
            prompt: "What is **2 + 2**?".into(),
            options,
            ..Default::default()
        }
    }

    #[test]
    fn kinds_round_trip() {
        for kind in QuestionKind::ALL {
            assert_eq!(QuestionKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(QuestionKind::parse("essay"), None);
    }

    #[test]
    fn a_choice_question_needs_options_and_a_correct_one() {
        let ok = question(
            QuestionKind::SingleChoice,
            vec![option("3", false), option(" 4 ", true), option("", false)],
        )
        .validate()
        .unwrap();
        assert_eq!(ok.options.len(), 2, "empty options are dropped");
        assert_eq!(ok.options[1].text, "4");

        let none_correct = question(
            QuestionKind::MultipleChoice,
            vec![option("a", false), option("b", false)],
        );
        assert!(none_correct
            .validate()
            .unwrap_err()
            .get("options")
            .is_some());

        let two_correct = question(
            QuestionKind::SingleChoice,
            vec![option("a", true), option("b", true)],
        );
        assert!(two_correct.validate().unwrap_err().get("options").is_some());
        let mut multiple = two_correct.clone();
        multiple.kind = "multiple".into();
        assert!(multiple.validate().is_ok());

        let lonely = question(QuestionKind::SingleChoice, vec![option("a", true)]);
        assert!(lonely.validate().unwrap_err().get("options").is_some());

        let many = question(
            QuestionKind::MultipleChoice,
            (0..11).map(|i| option(&i.to_string(), true)).collect(),
        );
        assert!(many.validate().unwrap_err().get("options").is_some());

        let hidden = question(
            QuestionKind::SingleChoice,
            vec![option("a\u{202e}b", true), option("c", false)],
        );
        assert!(hidden.validate().unwrap_err().get("options").is_some());
    }

    #[test]
    fn true_false_is_exactly_two_fixed_options() {
        let q = question(
            QuestionKind::TrueFalse,
            vec![option("anything", false), option("else", true)],
        )
        .validate()
        .unwrap();
        assert_eq!(
            q.options,
            vec![option("True", false), option("False", true)]
        );
        let unmarked = question(QuestionKind::TrueFalse, vec![]);
        assert!(unmarked.validate().unwrap_err().get("options").is_some());
    }

    #[test]
    fn short_text_needs_an_accepted_answer() {
        let mut q = question(QuestionKind::ShortText, vec![]);
        assert!(q.validate().unwrap_err().get("accepted_answers").is_some());
        q.accepted_answers = vec!["four".into(), " ".into(), "4".into(), "four".into()];
        assert_eq!(q.validate().unwrap().accepted_answers, vec!["four", "4"]);
    }

    #[test]
    fn points_prompt_and_explanation_are_bounded() {
        let base = question(
            QuestionKind::SingleChoice,
            vec![option("a", true), option("b", false)],
        );
        for bad in ["0", "-3", "101", "1.5", "many"] {
            let q = QuestionDraft {
                points: bad.into(),
                ..base.clone()
            };
            assert!(q.validate().unwrap_err().get("points").is_some(), "{bad}");
        }
        let empty = QuestionDraft {
            prompt: "  ".into(),
            ..base.clone()
        };
        assert!(empty.validate().unwrap_err().get("prompt").is_some());
        let long = QuestionDraft {
            explanation: "x".repeat(PROMPT_MAX + 1),
            ..base.clone()
        };
        assert!(long.validate().unwrap_err().get("explanation").is_some());
        let unknown = QuestionDraft {
            kind: "essay".into(),
            ..base
        };
        assert!(unknown.validate().unwrap_err().get("kind").is_some());
    }

    #[test]
    fn settings_are_bounded_and_optional_ones_may_be_empty() {
        let ok = QuizSettingsDraft::default().validate().unwrap();
        assert_eq!(
            ok,
            QuizSettings {
                passing_score: 70,
                max_attempts: None,
                time_limit_minutes: None,
                shuffle: false
            }
        );
        let set = QuizSettingsDraft {
            passing_score: "100".into(),
            max_attempts: "3".into(),
            time_limit_minutes: "20".into(),
            shuffle: true,
        }
        .validate()
        .unwrap();
        assert_eq!(
            (set.max_attempts, set.time_limit_minutes),
            (Some(3), Some(20))
        );
        for (field, draft) in [
            (
                "passing_score",
                QuizSettingsDraft {
                    passing_score: "101".into(),
                    ..Default::default()
                },
            ),
            (
                "passing_score",
                QuizSettingsDraft {
                    passing_score: "-1".into(),
                    ..Default::default()
                },
            ),
            (
                "max_attempts",
                QuizSettingsDraft {
                    max_attempts: "0".into(),
                    ..Default::default()
                },
            ),
            (
                "time_limit_minutes",
                QuizSettingsDraft {
                    time_limit_minutes: "601".into(),
                    ..Default::default()
                },
            ),
        ] {
            assert!(
                draft.validate().unwrap_err().get(field).is_some(),
                "{field}"
            );
        }
    }

    #[test]
    fn a_quiz_is_ready_with_a_question_worth_points() {
        assert!(!quiz_is_ready(&[]));
        assert!(quiz_is_ready(&[1, 0]));
    }
}
