//! A course's lifecycle and the rules for publishing it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    Draft,
    Published,
    Archived,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this course is {from} and cannot be {action}")]
pub struct TransitionError {
    pub from: &'static str,
    pub action: &'static str,
}

/// What an instructor or admin asks to do with a course's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusAction {
    Publish,
    Unpublish,
    Archive,
}

impl StatusAction {
    pub fn parse(raw: &str) -> Option<StatusAction> {
        match raw {
            "publish" => Some(StatusAction::Publish),
            "unpublish" => Some(StatusAction::Unpublish),
            "archive" => Some(StatusAction::Archive),
            _ => None,
        }
    }

    fn past_tense(self) -> &'static str {
        match self {
            StatusAction::Publish => "published",
            StatusAction::Unpublish => "unpublished",
            StatusAction::Archive => "archived",
        }
    }
}

impl CourseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Draft => "draft",
            CourseStatus::Published => "published",
            CourseStatus::Archived => "archived",
        }
    }

    pub fn parse(raw: &str) -> Option<CourseStatus> {
        [
            CourseStatus::Draft,
            CourseStatus::Published,
            CourseStatus::Archived,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    /// draft → published → archived → published; published → draft
    /// (unpublish); draft → archived (deleting a draft keeps it, archived).
    pub fn apply(self, action: StatusAction) -> Result<CourseStatus, TransitionError> {
        use CourseStatus::*;
        use StatusAction::*;
        match (self, action) {
            (Draft | Archived, Publish) => Ok(Published),
            (Published, Unpublish) => Ok(Draft),
            (Draft | Published, Archive) => Ok(Archived),
            (from, action) => Err(TransitionError {
                from: from.as_str(),
                action: action.past_tense(),
            }),
        }
    }

    /// Shown in the public catalog and search.
    pub fn is_listed(self) -> bool {
        self == CourseStatus::Published
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillLevel {
    Beginner,
    Intermediate,
    Advanced,
}

impl SkillLevel {
    pub const ALL: [SkillLevel; 3] = [
        SkillLevel::Beginner,
        SkillLevel::Intermediate,
        SkillLevel::Advanced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SkillLevel::Beginner => "beginner",
            SkillLevel::Intermediate => "intermediate",
            SkillLevel::Advanced => "advanced",
        }
    }

    pub fn parse(raw: &str) -> Option<SkillLevel> {
        SkillLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            SkillLevel::Beginner => "Beginner",
            SkillLevel::Intermediate => "Intermediate",
            SkillLevel::Advanced => "Advanced",
        }
    }
}

/// What publishing needs, as facts about the course (gathered by the caller).
#[derive(Debug, Clone, Default)]
pub struct ReadinessFacts {
    pub title: String,
    pub description: String,
    pub category_count: usize,
    /// Whether pricing validates (see `Pricing::parse`) for the course's model.
    pub pricing_valid: bool,
}

/// Every reason a course cannot be published yet; empty means ready.
pub fn publish_problems(facts: &ReadinessFacts) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if facts.title.trim().is_empty() {
        problems.push("Add a title.");
    }
    if facts.description.trim().is_empty() {
        problems.push("Add a description.");
    }
    if facts.category_count == 0 {
        problems.push("Choose at least one category.");
    }
    if !facts.pricing_valid {
        problems.push("Set a price that fits the pricing model.");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use CourseStatus::*;
    use StatusAction::*;

    #[test]
    fn every_transition() {
        let table = [
            (Draft, Publish, Ok(Published)),
            (Draft, Unpublish, Err(())),
            (Draft, Archive, Ok(Archived)),
            (Published, Publish, Err(())),
            (Published, Unpublish, Ok(Draft)),
            (Published, Archive, Ok(Archived)),
            (Archived, Publish, Ok(Published)),
            (Archived, Unpublish, Err(())),
            (Archived, Archive, Err(())),
        ];
        for (from, action, expected) in table {
            assert_eq!(
                from.apply(action).map_err(|_| ()),
                expected,
                "{from:?} {action:?}"
            );
        }
        let err = Archived.apply(Unpublish).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this course is archived and cannot be unpublished"
        );
    }

    #[test]
    fn only_published_courses_are_listed() {
        assert!(Published.is_listed());
        assert!(!Draft.is_listed() && !Archived.is_listed());
    }

    #[test]
    fn readiness_lists_every_problem() {
        assert_eq!(publish_problems(&ReadinessFacts::default()).len(), 4);
        let ready = ReadinessFacts {
            title: "Rust".into(),
            description: "Learn it".into(),
            category_count: 1,
            pricing_valid: true,
        };
        assert!(publish_problems(&ready).is_empty());
        let no_category = ReadinessFacts {
            category_count: 0,
            ..ready
        };
        assert_eq!(
            publish_problems(&no_category),
            ["Choose at least one category."]
        );
    }

    #[test]
    fn strings_round_trip() {
        for s in [Draft, Published, Archived] {
            assert_eq!(CourseStatus::parse(s.as_str()), Some(s));
        }
        for l in SkillLevel::ALL {
            assert_eq!(SkillLevel::parse(l.as_str()), Some(l));
        }
        assert_eq!(StatusAction::parse("archive"), Some(Archive));
        assert_eq!(StatusAction::parse("delete"), None);
    }
}
