//! A course's editable fields, validated from the text a form or an API
//! client sends. Every problem is reported under its field name at once.

use super::course::SkillLevel;
use super::pricing::{Pricing, PricingInput};
use super::query::is_language_code;
use crate::field_errors::FieldErrors;
use crate::slug::Slug;
use crate::text::{optional_visible_text, visible_text, TextError};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 120;
pub const SUBTITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const TAGS_MAX: usize = 10;
pub const TAG_MAX: usize = 30;
pub const PREREQUISITES_MAX: usize = 20;
pub const PREREQUISITE_MAX: usize = 200;
pub const DURATION_MAX: i32 = 100_000;

/// The raw fields (all text, as typed).
#[derive(Debug, Clone, Default)]
pub struct CourseInput<'a> {
    pub title: &'a str,
    /// Empty: derived from the title.
    pub slug: &'a str,
    pub subtitle: &'a str,
    pub description: &'a str,
    /// Comma-separated.
    pub tags: &'a str,
    pub pricing: PricingInput<'a>,
    pub duration_minutes: &'a str,
    pub skill_level: &'a str,
    pub language: &'a str,
    /// One per line.
    pub prerequisites: &'a str,
}

/// Validated course fields, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseFields {
    pub title: String,
    pub slug: Slug,
    pub subtitle: String,
    pub description: String,
    pub tags: Vec<String>,
    pub pricing: Pricing,
    pub duration_minutes: i32,
    pub skill_level: SkillLevel,
    pub language: String,
    pub prerequisites: Vec<String>,
}

/// The non-empty items of a list (tags, prerequisite lines), each by the
/// shared visible-text rule; the first item that breaks it is reported
/// under `field` ("each tag must be at most 30 characters").
fn visible_items<'a>(
    items: impl Iterator<Item = &'a str>,
    max: usize,
    field: &str,
    each: &str,
    errors: &mut FieldErrors,
) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        match optional_visible_text(item, max) {
            Ok(item) if item.is_empty() => {}
            Ok(item) => out.push(item),
            Err(TextError::TooLong(_)) => {
                errors.add(
                    field,
                    format!("each {each} must be at most {max} characters"),
                );
                break;
            }
            Err(e) => {
                errors.add(field, e.to_string());
                break;
            }
        }
    }
    out
}

fn too_long(max: usize) -> String {
    format!("must be at most {max} characters")
}

impl CourseFields {
    /// `now` is Unix seconds (a sale must end in the future).
    pub fn parse(input: &CourseInput<'_>, now: i64) -> Result<CourseFields, FieldErrors> {
        let mut errors = FieldErrors::new();

        // Titles, subtitles, tags and prerequisites are shown beside other
        // people's: the shared visible-text rule (no invisible or
        // direction-changing characters).
        let title = errors
            .check("title", visible_text(input.title, TITLE_MAX))
            .unwrap_or_default();

        let slug_raw = input.slug.trim();
        let slug = if slug_raw.is_empty() {
            if title.is_empty() {
                None
            } else {
                errors.check(
                    "slug",
                    Slug::from_title(&title)
                        .map_err(|_| "cannot be made from this title; please type one"),
                )
            }
        } else {
            errors.check("slug", Slug::parse(slug_raw))
        };

        let subtitle = errors
            .check(
                "subtitle",
                optional_visible_text(input.subtitle, SUBTITLE_MAX),
            )
            .unwrap_or_default();

        // Markdown keeps its line structure; only stray control bytes go.
        let description = crate::text::markdown_source(input.description).replace("\r\n", "\n");
        if description.chars().count() > DESCRIPTION_MAX {
            errors.add("description", too_long(DESCRIPTION_MAX));
        }

        let mut tags: Vec<String> = Vec::new();
        for tag in visible_items(input.tags.split(','), TAG_MAX, "tags", "tag", &mut errors) {
            let tag = tag.to_lowercase();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > TAGS_MAX {
            errors.add("tags", format!("at most {TAGS_MAX} tags"));
        }

        let pricing = Pricing::parse(&input.pricing, now);
        let pricing = match pricing {
            Ok(p) => Some(p),
            Err(pricing_errors) => {
                for (field, message) in pricing_errors.iter() {
                    errors.add(field, message);
                }
                None
            }
        };

        let duration_raw = input.duration_minutes.trim();
        let duration = if duration_raw.is_empty() {
            Some(0)
        } else {
            errors.check(
                "duration_minutes",
                duration_raw
                    .parse::<i32>()
                    .ok()
                    .filter(|d| (0..=DURATION_MAX).contains(d))
                    .ok_or(format!(
                        "must be a whole number of minutes from 0 to {DURATION_MAX}"
                    )),
            )
        };

        let level = errors.check(
            "skill_level",
            SkillLevel::parse(input.skill_level.trim())
                .ok_or("must be beginner, intermediate or advanced"),
        );

        let language = input.language.trim().to_lowercase();
        if !is_language_code(&language) {
            errors.add(
                "language",
                "must be a two- or three-letter language code such as en",
            );
        }

        let prerequisites = visible_items(
            input.prerequisites.lines(),
            PREREQUISITE_MAX,
            "prerequisites",
            "line",
            &mut errors,
        );
        if prerequisites.len() > PREREQUISITES_MAX {
            errors.add(
                "prerequisites",
                format!("at most {PREREQUISITES_MAX} lines"),
            );
        }

        errors.into_result()?;
        Ok(CourseFields {
            title,
            slug: slug.expect("checked"),
            subtitle,
            description,
            tags,
            pricing: pricing.expect("checked"),
            duration_minutes: duration.expect("checked"),
            skill_level: level.expect("checked"),
            language,
            prerequisites,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn valid() -> CourseInput<'static> {
        CourseInput {
            title: "  Rust for <b>Web</b> Developers ",
            slug: "",
            subtitle: "Fast, safe servers",
            description: "# Hello\r\n\r\nLearn **Rust**.",
            tags: "Rust, web, rust, ,async",
            pricing: PricingInput {
                model: "one_time",
                currency: "EUR",
                list_price: "49.00",
                sale_price: "",
                sale_ends_at: None,
            },
            duration_minutes: "90",
            skill_level: "beginner",
            language: "EN",
            prerequisites: "Basic programming\n\n  A terminal  \n",
        }
    }

    #[test]
    fn a_valid_course_is_cleaned_up() {
        let f = CourseFields::parse(&valid(), NOW).unwrap();
        assert_eq!(
            f.title, "Rust for <b>Web</b> Developers",
            "stored as text, trimmed"
        );
        assert_eq!(f.slug.as_str(), "rust-for-b-web-b-developers");
        assert_eq!(f.description, "# Hello\n\nLearn **Rust**.");
        assert_eq!(f.tags, ["rust", "web", "async"]);
        assert_eq!(f.language, "en");
        assert_eq!(f.prerequisites, ["Basic programming", "A terminal"]);
        assert_eq!(f.pricing.list().minor(), 4900);
    }

    #[test]
    fn every_problem_is_named() {
        let long = "x".repeat(DESCRIPTION_MAX + 1);
        let tags = (0..12)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let input = CourseInput {
            title: "",
            slug: "Bad Slug",
            subtitle: &long,
            description: &long,
            tags: &tags,
            pricing: PricingInput {
                model: "one_time",
                currency: "XXX",
                ..Default::default()
            },
            duration_minutes: "-5",
            skill_level: "guru",
            language: "english",
            prerequisites: "",
        };
        let errors = CourseFields::parse(&input, NOW).unwrap_err();
        for field in [
            "title",
            "slug",
            "subtitle",
            "description",
            "tags",
            "currency",
            "duration_minutes",
            "skill_level",
            "language",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn shown_texts_follow_the_visible_text_rule() {
        let mut input = valid();
        input.title = "\u{200B}\u{200B}";
        input.subtitle = "Fast\u{202E}sfah";
        input.tags = "rust, \u{2066}web\u{2069}";
        input.prerequisites = "Basics\nA\u{200B}terminal";
        let errors = CourseFields::parse(&input, NOW).unwrap_err();
        assert_eq!(errors.get("title"), Some("must contain visible characters"));
        assert_eq!(
            errors.get("subtitle"),
            Some("must not contain direction-changing control characters")
        );
        assert!(errors.get("tags").is_some(), "{errors:?}");
        assert_eq!(
            errors.get("prerequisites"),
            Some("must not contain invisible characters")
        );
    }

    #[test]
    fn prices_are_checked_by_the_pricing_rules() {
        let mut input = valid();
        input.pricing.list_price = "-3";
        let errors = CourseFields::parse(&input, NOW).unwrap_err();
        assert!(errors.get("list_price").is_some());
        input.pricing.list_price = "abc";
        assert!(CourseFields::parse(&input, NOW)
            .unwrap_err()
            .get("list_price")
            .is_some());
    }

    #[test]
    fn titles_that_make_no_slug_need_one_typed() {
        let mut input = valid();
        input.title = "日本語";
        let errors = CourseFields::parse(&input, NOW).unwrap_err();
        assert!(errors.get("slug").is_some());
        input.slug = "japanese";
        assert_eq!(
            CourseFields::parse(&input, NOW).unwrap().slug.as_str(),
            "japanese"
        );
    }
}
