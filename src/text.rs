//! The one rule for short texts that a person types and other people see:
//! display names, course titles, subtitles, tags, prerequisites, category
//! names. Such a text is shown next to others of its kind, so it must not be
//! able to pass for something it is not:
//!
//! * it must contain at least one visible character (two zero-width spaces
//!   are not a name);
//! * it must not contain bidirectional controls (Unicode's `Bidi_Control`
//!   property: U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), which
//!   reorder the text around them ("Trojan Source", CVE-2021-42574);
//! * it must not contain other invisible characters (`Default_Ignorable_Code_Point`,
//!   as classified by UTS #39's identifier types), except the joiners
//!   U+200C/U+200D and variation selectors, which scripts and emoji need;
//! * no control characters;
//! * it is stored in Unicode normalization form C, trimmed.
//!
//! Sources: Unicode Standard Annex #9 (bidi controls), Unicode Technical
//! Standard #39 §3 (identifier types), DerivedCoreProperties.txt
//! (`Default_Ignorable_Code_Point`).

use unicode_normalization::UnicodeNormalization;
use unicode_security::general_security_profile::{GeneralSecurityProfile, IdentifierType};

/// Why a text was refused. The messages complete "This field …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("is required")]
    Empty,
    #[error("must contain visible characters")]
    NothingVisible,
    #[error("must not contain direction-changing control characters")]
    BidiControl,
    #[error("must not contain invisible characters")]
    Invisible,
    #[error("must not contain control characters")]
    Control,
    #[error("must be at most {0} characters")]
    TooLong(usize),
}

/// Unicode's `Bidi_Control` characters.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible on its own: default-ignorable code points, plus the blank
/// letters some fonts draw as nothing (Hangul fillers are already
/// default-ignorable; the Braille blank is a symbol that renders empty).
fn is_invisible(c: char) -> bool {
    c == '\u{2800}' || c.identifier_type() == Some(IdentifierType::Default_Ignorable)
}

/// Joiners and variation selectors: invisible, but needed inside words of
/// several scripts (ZWNJ in Persian, ZWJ in Indic scripts) and in emoji.
fn is_permitted_invisible(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A character that shows something by itself.
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !is_invisible(c)
        && !unicode_normalization::char::is_combining_mark(c)
}

/// Checks and cleans a short visible text of at most `max_chars` characters
/// (counted after normalization): trimmed, NFC, refused with a [`TextError`]
/// when it breaks the rules above.
pub fn visible_text(raw: &str, max_chars: usize) -> Result<String, TextError> {
    let text: String = raw.trim().nfc().collect();
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    if !text.chars().any(is_visible) {
        return Err(TextError::NothingVisible);
    }
    if text.chars().any(is_bidi_control) {
        return Err(TextError::BidiControl);
    }
    if text
        .chars()
        .any(|c| is_invisible(c) && !is_permitted_invisible(c))
    {
        return Err(TextError::Invisible);
    }
    if text.chars().any(char::is_control) {
        return Err(TextError::Control);
    }
    if text.chars().count() > max_chars {
        return Err(TextError::TooLong(max_chars));
    }
    Ok(text)
}

/// The text with what a reader cannot see removed: control characters,
/// bidirectional controls and invisible characters (joiners and variation
/// selectors kept), then trimmed. For names that come from a machine (an
/// uploaded file's name), where refusing would only puzzle the person.
pub fn strip_hidden(raw: &str) -> String {
    raw.chars()
        .filter(|&c| {
            !c.is_control()
                && !is_bidi_control(c)
                && (!is_invisible(c) || is_permitted_invisible(c))
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// As [`visible_text`], but an empty text is allowed (optional fields).
pub fn optional_visible_text(raw: &str, max_chars: usize) -> Result<String, TextError> {
    match visible_text(raw, max_chars) {
        Err(TextError::Empty) => Ok(String::new()),
        other => other,
    }
}

/// Markdown source people type (a description, a lesson, a question):
/// control characters other than newline and tab removed (Postgres refuses
/// NUL; the rest only hide text), then trimmed. Length is the caller's rule.
pub fn markdown_source(raw: &str) -> String {
    raw.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_and_titles_pass_cleaned() {
        assert_eq!(visible_text("  Ada Lovelace ", 80).unwrap(), "Ada Lovelace");
        // NFC: e + combining acute becomes é.
        assert_eq!(visible_text("Cafe\u{301}", 80).unwrap(), "Café");
        for ok in [
            "Zoë Ng",
            "山田 太郎",
            "محمد",
            "שלום",
            "می‌خواهم",   // ZWNJ inside a Persian word
            "👩‍💻 Coding", // ZWJ emoji sequence
            "❤️ Rust",   // variation selector
            "<b>x</b>",  // stored as text, escaped when shown
        ] {
            assert!(visible_text(ok, 80).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn invisible_texts_are_refused() {
        assert_eq!(visible_text("", 80), Err(TextError::Empty));
        assert_eq!(visible_text("   \t ", 80), Err(TextError::Empty));
        for invisible in [
            "\u{200B}\u{200B}", // zero-width spaces
            "\u{2060}",         // word joiner
            "\u{FEFF}",         // BOM
            "\u{3164}\u{3164}", // Hangul filler
            "\u{115F}",         // Hangul choseong filler
            "\u{2800}",         // Braille blank
            "\u{00AD}",         // soft hyphen
            "\u{301}\u{301}",   // combining marks alone
            "\u{200D}",         // a joiner alone
        ] {
            assert_eq!(
                visible_text(invisible, 80),
                Err(TextError::NothingVisible),
                "{invisible:?}"
            );
        }
    }

    #[test]
    fn bidi_controls_and_hidden_characters_are_refused() {
        for bidi in [
            "admin\u{202E}nimda",
            "\u{2066}Lena\u{2069}",
            "Lena\u{200F}",
            "\u{061C}x",
        ] {
            assert_eq!(
                visible_text(bidi, 80),
                Err(TextError::BidiControl),
                "{bidi:?}"
            );
        }
        for hidden in ["Amelia\u{200B}Ward", "Le\u{2060}na", "Lena\u{00AD}"] {
            assert_eq!(
                visible_text(hidden, 80),
                Err(TextError::Invisible),
                "{hidden:?}"
            );
        }
        assert_eq!(visible_text("a\u{0}b", 80), Err(TextError::Control));
        assert_eq!(visible_text("a\nb", 80), Err(TextError::Control));
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(visible_text(&"é".repeat(80), 80).is_ok());
        assert_eq!(
            visible_text(&"é".repeat(81), 80),
            Err(TextError::TooLong(80))
        );
    }

    #[test]
    fn optional_texts_may_be_empty() {
        assert_eq!(optional_visible_text("  ", 10), Ok(String::new()));
        assert_eq!(
            optional_visible_text("\u{200B}", 10),
            Err(TextError::NothingVisible)
        );
    }
}
