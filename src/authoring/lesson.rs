//! What a module and a lesson may hold, and when a curriculum may be
//! published.

use crate::field_errors::FieldErrors;
use crate::text::{visible_text, TextError};
use serde::{Deserialize, Serialize};

/// Longest module or lesson title, in characters.
pub const TITLE_MAX: usize = 120;
/// Longest lesson body (Markdown source), in characters.
pub const BODY_MAX: usize = 100_000;
/// Longest estimate for one lesson, in minutes (ten hours).
pub const MINUTES_MAX: u16 = 600;

/// What a lesson is: it decides how the player shows it and when it is
/// complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LessonKind {
    /// Markdown text.
    Text,
    /// A video (a media asset).
    Video,
    /// Files to download (resources).
    File,
    /// A graded quiz (an assessment with questions).
    Quiz,
}

impl LessonKind {
    pub const ALL: [LessonKind; 4] = [Self::Text, Self::Video, Self::File, Self::Quiz];

    /// The stored and form value: `text`, `video`, `file`, `quiz`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Video => "video",
            Self::File => "file",
            Self::Quiz => "quiz",
        }
    }

    pub fn parse(raw: &str) -> Option<LessonKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }

    /// How people name it ("Text", "Video", "File", "Quiz").
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "Text",
            Self::Video => "Video",
            Self::File => "File",
            Self::Quiz => "Quiz",
        }
    }
}

/// A module or lesson title: visible text, 1–120 characters.
pub fn title(raw: &str) -> Result<String, TextError> {
    visible_text(raw, TITLE_MAX)
}

/// A lesson's settings as the editor sends them (form fields are text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonDraft {
    #[serde(default)]
    pub title: String,
    /// Whole minutes, 0–600; empty means 0.
    #[serde(default)]
    pub estimated_minutes: String,
    /// Visitors may open it before enrolling (a form sends `true` when
    /// ticked, nothing otherwise).
    #[serde(default)]
    pub free_preview: bool,
    /// Markdown (text lessons; the notes under a video or file lesson).
    #[serde(default)]
    pub body: String,
}

/// A lesson's settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonFields {
    pub title: String,
    pub estimated_minutes: u16,
    pub free_preview: bool,
    pub body: String,
}

impl LessonDraft {
    /// Errors: `title` (empty, too long, invisible or bidirectional
    /// control characters), `estimated_minutes` (not a whole number 0–600),
    /// `body` (over 100,000 characters).
    pub fn validate(&self) -> Result<LessonFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", title(&self.title));
        let raw = self.estimated_minutes.trim();
        let minutes = if raw.is_empty() {
            Some(0)
        } else {
            match raw.parse::<u16>() {
                Ok(m) if m <= MINUTES_MAX => Some(m),
                _ => {
                    errors.add(
                        "estimated_minutes",
                        format!("must be a whole number of minutes from 0 to {MINUTES_MAX}"),
                    );
                    None
                }
            }
        };
        let body = crate::text::markdown_source(&self.body);
        if body.chars().count() > BODY_MAX {
            errors.add("body", format!("must be at most {BODY_MAX} characters"));
        }
        errors.into_result()?;
        Ok(LessonFields {
            title: title.unwrap_or_default(),
            estimated_minutes: minutes.unwrap_or_default(),
            free_preview: self.free_preview,
            body,
        })
    }
}

/// What a curriculum holds, as far as publishing cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurriculumSummary {
    /// Lessons per module, in order.
    pub lessons_per_module: Vec<usize>,
    /// Quizzes that cannot be taken yet: their titles.
    pub unready_quizzes: Vec<String>,
}

/// Why a course cannot be published yet, as sentences for the editor
/// (empty: ready). A course needs a module with at least one lesson, and
/// every quiz a question and a reachable passing score.
pub fn publish_problems(summary: &CurriculumSummary) -> Vec<String> {
    let mut problems = Vec::new();
    if !summary.lessons_per_module.iter().any(|n| *n > 0) {
        problems.push("Add a module with at least one lesson.".to_owned());
    }
    for quiz in &summary.unready_quizzes {
        problems.push(format!(
            "The quiz “{quiz}” needs at least one question worth points."
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, minutes: &str) -> LessonDraft {
        LessonDraft {
            title: title.into(),
            estimated_minutes: minutes.into(),
            ..Default::default()
        }
    }

    #[test]
    fn kinds_round_trip() {
        for kind in LessonKind::ALL {
            assert_eq!(LessonKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(LessonKind::parse("slides"), None);
    }

    #[test]
    fn a_lesson_needs_a_visible_title_and_sane_minutes() {
        let ok = draft("  Loops  ", "12").validate().unwrap();
        assert_eq!((ok.title.as_str(), ok.estimated_minutes), ("Loops", 12));
        assert_eq!(draft("Loops", "").validate().unwrap().estimated_minutes, 0);
        for bad in ["-1", "601", "1.5", "ten", "99999999999"] {
            let errors = draft("Loops", bad).validate().unwrap_err();
            assert!(errors.get("estimated_minutes").is_some(), "{bad}");
        }
        for bad in ["", "   ", "\u{202e}evil", &"x".repeat(121)] {
            let errors = draft(bad, "1").validate().unwrap_err();
            assert!(errors.get("title").is_some(), "{bad:?}");
        }
        let nul = LessonDraft {
            title: "Notes".into(),
            body: "a\u{0}b\u{7}c\n".into(),
            ..Default::default()
        };
        assert_eq!(nul.validate().unwrap().body, "abc", "control characters go");
        let long = LessonDraft {
            title: "Notes".into(),
            body: "x".repeat(BODY_MAX + 1),
            ..Default::default()
        };
        assert!(long.validate().unwrap_err().get("body").is_some());
    }

    #[test]
    fn publishing_needs_a_lesson_and_ready_quizzes() {
        let empty = CurriculumSummary::default();
        assert_eq!(publish_problems(&empty).len(), 1);
        let empty_modules = CurriculumSummary {
            lessons_per_module: vec![0, 0],
            ..Default::default()
        };
        assert_eq!(publish_problems(&empty_modules).len(), 1);
        let ready = CurriculumSummary {
            lessons_per_module: vec![0, 2],
            ..Default::default()
        };
        assert!(publish_problems(&ready).is_empty());
        let quiz = CurriculumSummary {
            lessons_per_module: vec![1],
            unready_quizzes: vec!["Check-in".into()],
        };
        assert_eq!(
            publish_problems(&quiz),
            vec!["The quiz “Check-in” needs at least one question worth points."]
        );
    }
}
