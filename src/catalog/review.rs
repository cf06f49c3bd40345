//! A learner's review of a course: a rating of 1 to 5 stars and an
//! optional text, one per learner and course, editable.

use crate::field_errors::FieldErrors;

/// Stars, 1–5.
pub const RATING_MIN: u8 = 1;
pub const RATING_MAX: u8 = 5;
/// Longest review text, in characters.
pub const BODY_MAX: usize = 2000;

/// A checked review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub rating: u8,
    /// Empty when the learner only rated.
    pub body: String,
}

/// Checks a review as typed: `rating` an integer 1–5 (field `rating`),
/// `body` at most [`BODY_MAX`] characters of text without bidirectional
/// controls or invisible characters (field `body`); line breaks kept,
/// other control characters refused; surrounding space trimmed.
pub fn check(rating: &str, body: &str) -> Result<Review, FieldErrors> {
    let mut errors = FieldErrors::new();
    let stars = rating
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|r| (RATING_MIN..=RATING_MAX).contains(r));
    if stars.is_none() {
        errors.add("rating", "Choose a rating from 1 to 5 stars.");
    }
    let body = body.trim().replace("\r\n", "\n");
    if body.chars().count() > BODY_MAX {
        errors.add(
            "body",
            format!("Keep the review under {BODY_MAX} characters."),
        );
    } else if !body.is_empty() {
        // Each line by the names-and-titles rule (empty lines allowed).
        let bad = body.split('\n').find_map(|line| {
            if line.trim().is_empty() {
                return None;
            }
            crate::text::visible_text(line, BODY_MAX).err()
        });
        if let Some(e) = bad {
            errors.add("body", format!("The review {e}."));
        }
    }
    match (stars, errors.is_empty()) {
        (Some(rating), true) => Ok(Review {
            rating,
            body: body.nfc_normalized(),
        }),
        _ => Err(errors),
    }
}

trait Nfc {
    fn nfc_normalized(&self) -> String;
}

impl Nfc for String {
    fn nfc_normalized(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        self.nfc().collect()
    }
}

/// The average of `counts` (ratings 1–5 → how many), in tenths of a star,
/// rounded half up: `[0, 0, 1, 0, 1]` (a 3 and a 5) is 40. `None` without
/// ratings.
pub fn average_tenths(counts: [u32; 5]) -> Option<u16> {
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if total == 0 {
        return None;
    }
    let stars: u64 = counts
        .iter()
        .zip(1u64..)
        .map(|(&c, s)| u64::from(c) * s)
        .sum();
    // tenths = round(10 * stars / total), half up, in integers.
    let tenths = (20 * stars + total) / (2 * total);
    Some(u16::try_from(tenths).unwrap_or(50))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_whole_stars_from_one_to_five() {
        for ok in ["1", " 5 ", "3"] {
            assert!(check(ok, "").is_ok(), "{ok}");
        }
        for bad in ["0", "6", "-1", "4.5", "", "five", "255", "99999999999"] {
            let errors = check(bad, "").unwrap_err();
            assert!(errors.get("rating").is_some(), "{bad}");
        }
    }

    #[test]
    fn the_text_is_optional_bounded_and_visible() {
        assert_eq!(check("4", "  ").unwrap().body, "");
        assert_eq!(
            check("4", "Clear.\r\n\r\nWould take again. ").unwrap().body,
            "Clear.\n\nWould take again."
        );
        assert!(check("4", &"x".repeat(BODY_MAX)).is_ok());
        assert!(check("4", &"x".repeat(BODY_MAX + 1))
            .unwrap_err()
            .get("body")
            .is_some());
        for bad in ["evil \u{202e}txet", "zero\u{200b}width", "bell\u{7}"] {
            assert!(
                check("4", bad).unwrap_err().get("body").is_some(),
                "{bad:?}"
            );
        }
        // Both fields wrong: both reported.
        let both = check("9", "a\u{202e}b").unwrap_err();
        assert!(both.get("rating").is_some() && both.get("body").is_some());
    }

    #[test]
    fn the_average_is_in_tenths_rounded_half_up() {
        assert_eq!(average_tenths([0; 5]), None);
        assert_eq!(average_tenths([0, 0, 1, 0, 1]), Some(40));
        assert_eq!(average_tenths([0, 0, 0, 1, 2]), Some(47)); // 14 / 3 = 4.666…
        assert_eq!(average_tenths([1, 0, 0, 0, 0]), Some(10));
        assert_eq!(average_tenths([0, 0, 0, 1, 1]), Some(45));
        assert_eq!(average_tenths([0, 0, 0, 0, u32::MAX]), Some(50));
    }
}
