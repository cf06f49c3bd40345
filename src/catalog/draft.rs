//! A course's editable fields, validated from the text a form or an API
//! client sends. Every problem is reported under its field name at once.

use super::course::SkillLevel;
use super::pricing::{Pricing, PricingInput};
use super::query::is_language_code;
use crate::field_errors::FieldErrors;
use crate::slug::Slug;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 120;
pub const SUBTITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const TAGS_MAX: usize = 10;
pub const TAG_MAX: usize = 30;
pub const PREREQUISITES_MAX: usize = 20;
pub const PREREQUISITE_MAX: usize = 200;
pub const DURATION_MAX: i32 = 100_000;
pub const URL_MAX: usize = 2_000;

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
    pub cover_image_url: &'a str,
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
    pub cover_image_url: Option<String>,
}

/// Text without control characters other than newlines and tabs.
fn clean(raw: &str, keep_newlines: bool) -> String {
    raw.chars()
        .filter(|&c| !c.is_control() || (keep_newlines && (c == '\n' || c == '\t')))
        .collect::<String>()
        .trim()
        .to_owned()
}

fn too_long(max: usize) -> String {
    format!("must be at most {max} characters")
}

impl CourseFields {
    /// `now` is Unix seconds (a sale must end in the future).
    pub fn parse(input: &CourseInput<'_>, now: i64) -> Result<CourseFields, FieldErrors> {
        let mut errors = FieldErrors::new();

        let title = clean(input.title, false);
        if title.is_empty() {
            errors.add("title", "is required");
        } else if title.chars().count() > TITLE_MAX {
            errors.add("title", too_long(TITLE_MAX));
        }

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

        let subtitle = clean(input.subtitle, false);
        if subtitle.chars().count() > SUBTITLE_MAX {
            errors.add("subtitle", too_long(SUBTITLE_MAX));
        }

        // Markdown keeps its line structure; only stray control bytes go.
        let description = clean(input.description, true).replace("\r\n", "\n");
        if description.chars().count() > DESCRIPTION_MAX {
            errors.add("description", too_long(DESCRIPTION_MAX));
        }

        let mut tags: Vec<String> = Vec::new();
        for tag in input.tags.split(',') {
            let tag = clean(tag, false).to_lowercase();
            if tag.is_empty() || tags.contains(&tag) {
                continue;
            }
            if tag.chars().count() > TAG_MAX {
                errors.add(
                    "tags",
                    format!("each tag must be at most {TAG_MAX} characters"),
                );
                break;
            }
            tags.push(tag);
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

        let prerequisites: Vec<String> = input
            .prerequisites
            .lines()
            .map(|l| clean(l, false))
            .filter(|l| !l.is_empty())
            .collect();
        if prerequisites.len() > PREREQUISITES_MAX {
            errors.add(
                "prerequisites",
                format!("at most {PREREQUISITES_MAX} lines"),
            );
        } else if prerequisites
            .iter()
            .any(|p| p.chars().count() > PREREQUISITE_MAX)
        {
            errors.add(
                "prerequisites",
                format!("each line must be at most {PREREQUISITE_MAX} characters"),
            );
        }

        let cover = input.cover_image_url.trim();
        let cover_image_url = if cover.is_empty() {
            None
        } else if cover.len() > URL_MAX {
            errors.add("cover_image_url", too_long(URL_MAX));
            None
        } else if !(cover.starts_with("https://")
            || cover.starts_with("http://")
            || cover.starts_with('/'))
            || cover.starts_with("//")
            || cover
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        {
            errors.add(
                "cover_image_url",
                "must be an http(s) address or a path on this site",
            );
            None
        } else {
            Some(cover.to_owned())
        };

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
            cover_image_url,
        })
    }
}

/// Seconds since the Unix epoch of the end (23:59:59 UTC) of a `YYYY-MM-DD` day.
pub fn end_of_day(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + 86_399)
}

/// The `YYYY-MM-DD` (UTC) of Unix seconds.
pub fn date_of(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    // Inverse of days_from_civil (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
            cover_image_url: "",
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
            cover_image_url: "javascript:alert(1)",
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
            "cover_image_url",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
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

    #[test]
    fn dates() {
        assert_eq!(end_of_day("1970-01-01"), Some(86_399));
        assert_eq!(
            end_of_day("2024-02-29").map(date_of).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(end_of_day("2023-02-29"), None);
        assert_eq!(end_of_day("2026-13-01"), None);
        assert_eq!(end_of_day("tomorrow"), None);
        assert_eq!(date_of(1_800_000_000), "2027-01-15");
    }
}
