//! Grading a quiz attempt, on the server only: what an answer is worth,
//! the multiple-choice partial-credit rule, the score and the pass mark,
//! the attempt limit, and the time limit.
//!
//! Points are counted in hundredths (`centi`) so partial credit is exact
//! integer arithmetic: a 1-point question with three correct options of
//! which two were chosen earns 66 centi-points, never 0.6666….

use crate::authoring::quiz::{Question, QuestionKind};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// The longest short-text answer kept, in characters.
pub const ANSWER_MAX: usize = 500;

/// A learner's answer to one question. Choices are indexes into the
/// question's options in the order the author wrote them (the order the
/// learner sees them: options are not shuffled, questions are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Choices(Vec<u8>),
    Text(String),
}

/// Why an answer does not fit its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("names an option the question does not have")]
    UnknownOption,
    #[error("chooses more than one option of a single-answer question")]
    TooManyChoices,
    #[error("is text where a choice is asked, or a choice where text is")]
    WrongShape,
    #[error("is longer than {ANSWER_MAX} characters")]
    TooLong,
}

/// How an answer was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Correct,
    /// Some credit (multiple choice only).
    Partial,
    Incorrect,
    Unanswered,
}

/// One question's grade: centi-points earned out of `points × 100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionGrade {
    pub earned_centi: u32,
    pub possible_centi: u32,
    pub verdict: Verdict,
}

/// Checks an answer against its question before it is stored: option
/// indexes exist, a single-answer question has at most one choice, the
/// shape fits the kind, text is at most [`ANSWER_MAX`] characters.
/// Duplicated indexes count once.
pub fn check_answer(question: &Question, answer: &Answer) -> Result<Answer, AnswerError> {
    match (question.kind, answer) {
        (QuestionKind::ShortText, Answer::Text(text)) => {
            let text = clean_text(text);
            if text.chars().count() > ANSWER_MAX {
                return Err(AnswerError::TooLong);
            }
            Ok(Answer::Text(text))
        }
        (QuestionKind::ShortText, Answer::Choices(_)) | (_, Answer::Text(_)) => {
            Err(AnswerError::WrongShape)
        }
        (kind, Answer::Choices(chosen)) => {
            let mut chosen = chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            if chosen
                .iter()
                .any(|i| usize::from(*i) >= question.options.len())
            {
                return Err(AnswerError::UnknownOption);
            }
            if kind != QuestionKind::MultipleChoice && chosen.len() > 1 {
                return Err(AnswerError::TooManyChoices);
            }
            Ok(Answer::Choices(chosen))
        }
    }
}

/// Short answers are compared after trimming, removing invisible
/// characters, collapsing runs of whitespace and lower-casing (Unicode
/// lower case), so "  Ownership " and "ownership" match.
pub fn normalize_text_answer(text: &str) -> String {
    clean_text(text).to_lowercase()
}

/// Words separated by single spaces, invisible characters removed.
fn clean_text(text: &str) -> String {
    text.split_whitespace()
        .map(crate::text::strip_hidden)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Grades one answer (already checked with [`check_answer`]).
///
/// - Single choice and true/false: the correct option alone earns all
///   points; anything else nothing.
/// - Multiple choice, **right minus wrong**: each correct option chosen
///   earns `points / correct options`, each incorrect option chosen takes
///   as much away, and the total never goes below zero. Choosing every
///   option is no shortcut (it earns nothing when at most half of the
///   options are correct); all the correct ones and nothing else earns
///   full points.
///   (The "partial credit" rule of Canvas's multiple-answers questions and
///   of Moodle's multiple-answer questions with negative wrong grades.)
/// - Short text: full points when the normalized answer equals one of the
///   normalized accepted answers ([`normalize_text_answer`]).
/// - No answer, or no choice made: unanswered, nothing.
pub fn grade_question(question: &Question, answer: Option<&Answer>) -> QuestionGrade {
    let possible_centi = u32::from(question.points) * 100;
    let grade = |earned_centi: u32| QuestionGrade {
        earned_centi,
        possible_centi,
        verdict: if earned_centi == possible_centi {
            Verdict::Correct
        } else if earned_centi == 0 {
            Verdict::Incorrect
        } else {
            Verdict::Partial
        },
    };
    let unanswered = QuestionGrade {
        earned_centi: 0,
        possible_centi,
        verdict: Verdict::Unanswered,
    };
    match (question.kind, answer) {
        (_, None) => unanswered,
        (_, Some(Answer::Choices(chosen))) if chosen.is_empty() => unanswered,
        (QuestionKind::ShortText, Some(Answer::Text(text))) => {
            let given = normalize_text_answer(text);
            if given.is_empty() {
                return unanswered;
            }
            let right = question
                .accepted_answers
                .iter()
                .any(|a| normalize_text_answer(a) == given);
            grade(if right { possible_centi } else { 0 })
        }
        (QuestionKind::MultipleChoice, Some(Answer::Choices(chosen))) => {
            let correct_total = question.options.iter().filter(|o| o.correct).count() as u32;
            let (mut right, mut wrong) = (0u32, 0u32);
            for option in chosen
                .iter()
                .filter_map(|i| question.options.get(usize::from(*i)))
            {
                if option.correct {
                    right += 1;
                } else {
                    wrong += 1;
                }
            }
            if correct_total == 0 {
                return grade(0);
            }
            let net = right.saturating_sub(wrong);
            grade(possible_centi * net / correct_total)
        }
        (_, Some(Answer::Choices(chosen))) => {
            let right = chosen.len() == 1
                && question
                    .options
                    .get(usize::from(chosen[0]))
                    .is_some_and(|o| o.correct);
            grade(if right { possible_centi } else { 0 })
        }
        (_, Some(Answer::Text(_))) => grade(0),
    }
}

/// An attempt's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub earned_centi: u64,
    pub possible_centi: u64,
}

impl Score {
    pub fn of(grades: &[QuestionGrade]) -> Score {
        Score {
            earned_centi: grades.iter().map(|g| u64::from(g.earned_centi)).sum(),
            possible_centi: grades.iter().map(|g| u64::from(g.possible_centi)).sum(),
        }
    }

    /// The score in whole percent, rounded down (69.9 % is 69 %), so the
    /// shown figure never claims a pass the grade does not give.
    pub fn percent(self) -> u8 {
        if self.possible_centi == 0 {
            return 0;
        }
        // At most 100, so the cast cannot truncate.
        (self.earned_centi.min(self.possible_centi) * 100 / self.possible_centi) as u8
    }

    /// Passed: the exact score reaches the passing percentage.
    pub fn passed(self, passing_percent: u8) -> bool {
        self.possible_centi > 0
            && self.earned_centi * 100 >= u64::from(passing_percent) * self.possible_centi
    }
}

/// The most attempts a learner may make at a quiz whose attempts are
/// "unlimited" (every attempt keeps a copy of the questions; the builder
/// allows at most 100 as a set limit too).
pub const ATTEMPTS_CAP: u16 = 100;

/// How many attempts a quiz allowing `max` gives (`None`: [`ATTEMPTS_CAP`]).
pub fn attempts_allowed(max: Option<u16>) -> u16 {
    max.unwrap_or(ATTEMPTS_CAP).min(ATTEMPTS_CAP)
}

/// Whether another attempt may start after `used` attempts, when the quiz
/// allows `max` (`None`: "unlimited", up to [`ATTEMPTS_CAP`]).
pub fn may_start_attempt(used: u32, max: Option<u16>) -> bool {
    used < u32::from(attempts_allowed(max))
}

/// How long after the deadline a submission still counts as on time, for
/// the trip from the browser (whose countdown submits at zero) to us.
pub const SUBMIT_GRACE: Duration = Duration::seconds(30);

/// An attempt's deadline: its start plus the time limit (`None`: none).
pub fn deadline(started: OffsetDateTime, limit_minutes: Option<u16>) -> Option<OffsetDateTime> {
    limit_minutes.map(|m| started + Duration::minutes(i64::from(m)))
}

/// When a submission arrives, relative to the attempt's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// No deadline, or before it (plus [`SUBMIT_GRACE`]): the answers
    /// submitted are graded.
    OnTime,
    /// After the deadline and its grace: the attempt is graded **as of the
    /// deadline**, with the answers the server had saved by then (the
    /// player saves each answer as it is given); the answers carried by
    /// the late submission are ignored. Refusing outright would throw away
    /// work done in time; accepting the late answers would give extra
    /// time to whoever holds the request back.
    Late,
}

pub fn timing(deadline: Option<OffsetDateTime>, now: OffsetDateTime) -> Timing {
    match deadline {
        Some(d) if now > d + SUBMIT_GRACE => Timing::Late,
        _ => Timing::OnTime,
    }
}

/// Whether answers may still be saved (the deadline, without the grace:
/// an answer saved after it would be time the learner did not have).
pub fn may_save_answers(deadline: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    deadline.is_none_or(|d| now <= d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::quiz::ChoiceOption;

    fn choice(kind: QuestionKind, correct: &[bool], points: u16) -> Question {
        Question {
            kind,
            prompt: "?".into(),
            options: correct
                .iter()
                .enumerate()
                .map(|(i, c)| ChoiceOption {
                    text: format!("option {i}"),
                    correct: *c,
                })
                .collect(),
            accepted_answers: Vec::new(),
            points,
            explanation: String::new(),
        }
    }

    fn short(accepted: &[&str]) -> Question {
        Question {
            kind: QuestionKind::ShortText,
            prompt: "?".into(),
            options: Vec::new(),
            accepted_answers: accepted.iter().map(|a| a.to_string()).collect(),
            points: 2,
            explanation: String::new(),
        }
    }

    fn picks(indexes: &[u8]) -> Answer {
        Answer::Choices(indexes.to_vec())
    }

    #[test]
    fn single_choice_earns_all_or_nothing() {
        let q = choice(QuestionKind::SingleChoice, &[false, true, false], 3);
        let right = grade_question(&q, Some(&picks(&[1])));
        assert_eq!((right.earned_centi, right.verdict), (300, Verdict::Correct));
        let wrong = grade_question(&q, Some(&picks(&[0])));
        assert_eq!((wrong.earned_centi, wrong.verdict), (0, Verdict::Incorrect));
        assert_eq!(grade_question(&q, None).verdict, Verdict::Unanswered);
        assert_eq!(
            grade_question(&q, Some(&picks(&[]))).verdict,
            Verdict::Unanswered
        );
        // Two picks cannot pass the check, and earn nothing if they did.
        assert_eq!(
            check_answer(&q, &picks(&[1, 2])),
            Err(AnswerError::TooManyChoices)
        );
        assert_eq!(grade_question(&q, Some(&picks(&[1, 2]))).earned_centi, 0);
    }

    #[test]
    fn multiple_choice_gives_right_minus_wrong_partial_credit() {
        // Three correct options of five, 1 point.
        let q = choice(
            QuestionKind::MultipleChoice,
            &[true, true, true, false, false],
            1,
        );
        let grade = |p: &[u8]| grade_question(&q, Some(&picks(p)));
        assert_eq!(grade(&[0, 1, 2]).earned_centi, 100);
        assert_eq!(grade(&[0, 1, 2]).verdict, Verdict::Correct);
        assert_eq!(grade(&[0, 1]).earned_centi, 66);
        assert_eq!(grade(&[0, 1]).verdict, Verdict::Partial);
        assert_eq!(grade(&[0]).earned_centi, 33);
        // One right and one wrong cancel out.
        assert_eq!(grade(&[0, 3]).earned_centi, 0);
        assert_eq!(grade(&[0, 3]).verdict, Verdict::Incorrect);
        assert_eq!(grade(&[0, 1, 3]).earned_centi, 33);
        // Ticking everything is no shortcut; never below zero.
        assert_eq!(grade(&[0, 1, 2, 3, 4]).earned_centi, 33);
        assert_eq!(grade(&[3, 4]).earned_centi, 0);
        let all_but_one_correct = choice(QuestionKind::MultipleChoice, &[true, false], 4);
        assert_eq!(
            grade_question(&all_but_one_correct, Some(&picks(&[0, 1]))).earned_centi,
            0
        );
    }

    #[test]
    fn short_text_matches_normalized_accepted_answers() {
        let q = short(&["Ownership", "the borrow checker"]);
        for given in [
            "ownership",
            "  OWNERSHIP ",
            "The  Borrow\tChecker",
            "owner\u{200B}ship",
        ] {
            let text = check_answer(&q, &Answer::Text(given.into())).unwrap();
            assert_eq!(
                grade_question(&q, Some(&text)).verdict,
                Verdict::Correct,
                "{given}"
            );
        }
        let wrong = grade_question(&q, Some(&Answer::Text("garbage collection".into())));
        assert_eq!(wrong.verdict, Verdict::Incorrect);
        let blank = grade_question(&q, Some(&Answer::Text("   ".into())));
        assert_eq!(blank.verdict, Verdict::Unanswered);
    }

    #[test]
    fn answers_that_do_not_fit_their_question_are_refused() {
        let single = choice(QuestionKind::SingleChoice, &[true, false], 1);
        assert_eq!(
            check_answer(&single, &picks(&[2])),
            Err(AnswerError::UnknownOption)
        );
        assert_eq!(
            check_answer(&single, &Answer::Text("x".into())),
            Err(AnswerError::WrongShape)
        );
        let text = short(&["a"]);
        assert_eq!(
            check_answer(&text, &picks(&[0])),
            Err(AnswerError::WrongShape)
        );
        assert_eq!(
            check_answer(&text, &Answer::Text("x".repeat(ANSWER_MAX + 1))),
            Err(AnswerError::TooLong)
        );
        let multiple = choice(QuestionKind::MultipleChoice, &[true, true, false], 1);
        assert_eq!(
            check_answer(&multiple, &picks(&[1, 0, 1])),
            Ok(picks(&[0, 1]))
        );
    }

    #[test]
    fn the_score_rounds_down_and_the_pass_mark_is_exact() {
        let score = Score {
            earned_centi: 6_999,
            possible_centi: 10_000,
        };
        assert_eq!(score.percent(), 69);
        assert!(!score.passed(70));
        let exact = Score {
            earned_centi: 7_000,
            possible_centi: 10_000,
        };
        assert_eq!(exact.percent(), 70);
        assert!(exact.passed(70));
        let grades = [
            QuestionGrade {
                earned_centi: 100,
                possible_centi: 100,
                verdict: Verdict::Correct,
            },
            QuestionGrade {
                earned_centi: 66,
                possible_centi: 100,
                verdict: Verdict::Partial,
            },
        ];
        assert_eq!(Score::of(&grades).percent(), 83);
        let nothing = Score::of(&[]);
        assert_eq!(nothing.percent(), 0);
        assert!(!nothing.passed(0));
        assert!(Score {
            earned_centi: 0,
            possible_centi: 100
        }
        .passed(0));
    }

    #[test]
    fn attempts_stop_at_the_limit() {
        assert!(may_start_attempt(0, Some(1)));
        assert!(!may_start_attempt(1, Some(1)));
        assert!(may_start_attempt(2, Some(3)));
        assert!(may_start_attempt(99, None));
        assert!(!may_start_attempt(100, None));
    }

    #[test]
    fn late_submissions_are_graded_as_of_the_deadline() {
        let start = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let end = deadline(start, Some(10)).unwrap();
        assert_eq!(end - start, Duration::minutes(10));
        assert_eq!(timing(Some(end), end), Timing::OnTime);
        assert_eq!(
            timing(Some(end), end + Duration::seconds(30)),
            Timing::OnTime
        );
        assert_eq!(timing(Some(end), end + Duration::seconds(31)), Timing::Late);
        assert_eq!(timing(None, end + Duration::days(400)), Timing::OnTime);
        assert!(may_save_answers(Some(end), end));
        assert!(!may_save_answers(Some(end), end + Duration::seconds(1)));
        assert!(may_save_answers(None, end));
        assert_eq!(deadline(start, None), None);
    }
}
