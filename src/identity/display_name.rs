//! The name a user is shown by.

use serde::{Deserialize, Serialize};

pub const DISPLAY_NAME_MAX_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("is required")]
    Empty,
    #[error("must be at most {DISPLAY_NAME_MAX_CHARS} characters")]
    TooLong,
    #[error("must not contain control characters")]
    ControlCharacters,
}

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, DisplayNameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if name.chars().count() > DISPLAY_NAME_MAX_CHARS {
            return Err(DisplayNameError::TooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(DisplayNameError::ControlCharacters);
        }
        Ok(DisplayName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype!(DisplayName, DisplayNameError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_rules() {
        assert_eq!(
            DisplayName::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert_eq!(DisplayName::parse("   "), Err(DisplayNameError::Empty));
        assert_eq!(
            DisplayName::parse(&"é".repeat(81)),
            Err(DisplayNameError::TooLong)
        );
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert_eq!(
            DisplayName::parse("a\u{0}b"),
            Err(DisplayNameError::ControlCharacters)
        );
        assert_eq!(
            DisplayName::parse("<b>x</b>").unwrap().as_str(),
            "<b>x</b>",
            "stored as text"
        );
    }
}
