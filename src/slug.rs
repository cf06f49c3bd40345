//! URL slugs: lowercase ASCII words joined by single hyphens.

use serde::{Deserialize, Serialize};

pub const SLUG_MAX_LEN: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {SLUG_MAX_LEN} characters")]
    TooLong,
    #[error("may only contain lowercase letters, digits and single hyphens between them")]
    InvalidCharacters,
}

impl Slug {
    /// Accepts an already-formed slug exactly as given.
    pub fn parse(raw: &str) -> Result<Slug, SlugError> {
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.len() > SLUG_MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let valid_chars = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_chars || raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
            return Err(SlugError::InvalidCharacters);
        }
        Ok(Slug(raw.to_owned()))
    }

    /// Derives a slug from free text such as a course title: accents are folded
    /// for common Latin letters, everything else non-alphanumeric becomes a hyphen.
    pub fn from_title(title: &str) -> Result<Slug, SlugError> {
        let mut out = String::with_capacity(title.len());
        for c in title.chars().flat_map(fold_latin) {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        if out.len() > SLUG_MAX_LEN {
            out.truncate(SLUG_MAX_LEN);
            while out.ends_with('-') {
                out.pop();
            }
        }
        Slug::parse(&out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Folds the accented Latin letters people commonly type into ASCII.
fn fold_latin(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => "",
    };
    let keep = folded.is_empty().then_some(c);
    folded.chars().chain(keep)
}

string_newtype!(Slug, SlugError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_well_formed_slugs() {
        for ok in ["rust", "intro-to-rust-2", "a", "0-1"] {
            assert_eq!(Slug::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn parse_rejects_malformed_slugs() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        for bad in [
            "Rust", "-rust", "rust-", "ru--st", "ru st", "rüst", "a/b", "a_b",
        ] {
            assert_eq!(Slug::parse(bad), Err(SlugError::InvalidCharacters), "{bad}");
        }
        assert_eq!(Slug::parse(&"a".repeat(101)), Err(SlugError::TooLong));
        assert!(Slug::parse(&"a".repeat(100)).is_ok());
    }

    #[test]
    fn from_title_derives_readable_slugs() {
        assert_eq!(
            Slug::from_title("Intro to Rust!").unwrap().as_str(),
            "intro-to-rust"
        );
        assert_eq!(
            Slug::from_title("  Crème brûlée  101 ").unwrap().as_str(),
            "creme-brulee-101"
        );
        assert_eq!(
            Slug::from_title("C++ & <script>").unwrap().as_str(),
            "c-script"
        );
        assert_eq!(Slug::from_title("Straße").unwrap().as_str(), "strasse");
        assert_eq!(Slug::from_title("!!!"), Err(SlugError::Empty));
        assert_eq!(Slug::from_title("日本語"), Err(SlugError::Empty));
    }

    #[test]
    fn from_title_truncates_without_trailing_hyphen() {
        let title = format!("{} tail", "x".repeat(99));
        let slug = Slug::from_title(&title).unwrap();
        assert_eq!(slug.as_str(), "x".repeat(99));
    }
}
