//! The name a user is shown by.

use serde::{Deserialize, Serialize};

pub const DISPLAY_NAME_MAX_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

/// Why a name was refused: the shared rule for visible texts.
pub type DisplayNameError = crate::text::TextError;

impl DisplayName {
    /// A name as [`crate::text::visible_text`] accepts it: trimmed, NFC,
    /// something visible, no bidirectional controls or hidden characters,
    /// at most [`DISPLAY_NAME_MAX_CHARS`] characters.
    pub fn parse(raw: &str) -> Result<DisplayName, DisplayNameError> {
        crate::text::visible_text(raw, DISPLAY_NAME_MAX_CHARS).map(DisplayName)
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
            Err(DisplayNameError::TooLong(DISPLAY_NAME_MAX_CHARS))
        );
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert_eq!(
            DisplayName::parse("a\u{0}b"),
            Err(DisplayNameError::Control)
        );
        assert_eq!(
            DisplayName::parse("\u{200B}\u{200B}"),
            Err(DisplayNameError::NothingVisible),
            "an invisible person"
        );
        assert_eq!(
            DisplayName::parse("Lena\u{202E}"),
            Err(DisplayNameError::BidiControl)
        );
        assert_eq!(
            DisplayName::parse("<b>x</b>").unwrap().as_str(),
            "<b>x</b>",
            "stored as text"
        );
    }
}
