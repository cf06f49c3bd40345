//! An instructor's profile as the catalog shows it: a headline, a short
//! bio in Markdown and the subjects they teach (the seeds' instructor
//! persona, `expertise.subjects`). The photo is an upload of its own.

use crate::field_errors::FieldErrors;
use crate::text::{markdown_source, optional_visible_text, visible_text};
use serde::{Deserialize, Serialize};

pub const HEADLINE_MAX: usize = 120;
pub const BIO_MAX: usize = 5_000;
pub const SUBJECTS_MAX: usize = 10;
pub const SUBJECT_MAX: usize = 40;

/// The profile form as typed: subjects comma-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDraft {
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub subjects: String,
}

/// A checked profile, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileFields {
    pub headline: String,
    /// Markdown source (rendered through the sanitizer when shown).
    pub bio: String,
    /// Distinct (ignoring case), in the order typed.
    pub subjects: Vec<String>,
}

impl ProfileDraft {
    /// Errors, by field: `headline` (the visible-text rule, at most
    /// [`HEADLINE_MAX`] characters), `bio` (at most [`BIO_MAX`]),
    /// `subjects` (each by the visible-text rule and at most
    /// [`SUBJECT_MAX`] characters; at most [`SUBJECTS_MAX`]).
    pub fn validate(&self) -> Result<ProfileFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let headline = optional_visible_text(&self.headline, HEADLINE_MAX).unwrap_or_else(|e| {
            errors.add("headline", format!("Headline {e}."));
            String::new()
        });
        let bio = markdown_source(&self.bio);
        if bio.chars().count() > BIO_MAX {
            errors.add(
                "bio",
                format!("The bio must be at most {BIO_MAX} characters."),
            );
        }
        let mut subjects: Vec<String> = Vec::new();
        for raw in self.subjects.split(',') {
            if raw.trim().is_empty() {
                continue;
            }
            match visible_text(raw, SUBJECT_MAX) {
                Ok(subject) => {
                    if !subjects
                        .iter()
                        .any(|s| s.to_lowercase() == subject.to_lowercase())
                    {
                        subjects.push(subject);
                    }
                }
                Err(e) => {
                    errors.add("subjects", format!("Each subject {e}."));
                    break;
                }
            }
        }
        if subjects.len() > SUBJECTS_MAX {
            errors.add("subjects", format!("At most {SUBJECTS_MAX} subjects."));
        }
        errors.into_result()?;
        Ok(ProfileFields {
            headline,
            bio,
            subjects,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(headline: &str, bio: &str, subjects: &str) -> ProfileDraft {
        ProfileDraft {
            headline: headline.into(),
            bio: bio.into(),
            subjects: subjects.into(),
        }
    }

    #[test]
    fn a_profile_is_cleaned() {
        let p = draft(
            "  Rust trainer ",
            "I teach **Rust**.\u{0}",
            "Rust, web,  rust , ,Async",
        )
        .validate()
        .unwrap();
        assert_eq!(p.headline, "Rust trainer");
        assert_eq!(p.bio, "I teach **Rust**.");
        assert_eq!(p.subjects, ["Rust", "web", "Async"]);
        assert_eq!(
            draft("", "", "").validate().unwrap().subjects,
            Vec::<String>::new()
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let long = "x".repeat(HEADLINE_MAX + 1);
        let e = draft(&long, &"b".repeat(BIO_MAX + 1), "ok, \u{202E}evil")
            .validate()
            .unwrap_err();
        assert!(e.get("headline").is_some());
        assert!(e.get("bio").is_some());
        assert!(e.get("subjects").is_some());
        let many: Vec<String> = (0..11).map(|i| format!("s{i}")).collect();
        let e = draft("", "", &many.join(",")).validate().unwrap_err();
        assert_eq!(e.get("subjects"), Some("At most 10 subjects."));
    }
}
