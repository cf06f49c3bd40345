//! Email addresses, parsed once at the edge.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_security::MixedScript;

/// A syntactically plausible email address, normalised so that two spellings
/// a person cannot tell apart are one address: trimmed, Unicode
/// compatibility-normalised (NFKC, so fullwidth `ｌｅｎａ` is `lena`) and
/// lowercased, which makes uniqueness per tenant case- and width-insensitive.
/// A local part or domain label that mixes scripts (Latin `a` beside
/// Cyrillic `а`) is refused: UTS #39 §5.1, single-script detection with
/// augmented script sets (so Japanese Han + Kana counts as one script).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("is required")]
    Empty,
    #[error("is too long (at most 254 characters)")]
    TooLong,
    #[error("is not a valid email address")]
    Invalid,
    #[error("must not mix alphabets (for example Latin and Cyrillic letters)")]
    MixedScripts,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let email: String = raw
            .trim()
            .nfkc()
            .collect::<String>()
            .to_lowercase()
            .nfc()
            .collect();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        if email.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = email.split_once('@').ok_or(EmailError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !(local_ok && domain_ok) {
            return Err(EmailError::Invalid);
        }
        if !local.is_single_script() || !labels.iter().all(|l| l.is_single_script()) {
            return Err(EmailError::MixedScripts);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype!(Email, EmailError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_valid_addresses() {
        assert_eq!(
            Email::parse("  Ada@Acme.TEST ").unwrap().as_str(),
            "ada@acme.test"
        );
        for ok in [
            "a@b.co",
            "first.last+tag@sub.example.org",
            "o'neil@x.io",
            "zoë@例え.jp",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn lookalike_spellings_are_one_address() {
        // Fullwidth letters and the fullwidth at sign are the same address.
        assert_eq!(
            Email::parse("ｌｅｎａ@acme.test").unwrap().as_str(),
            "lena@acme.test"
        );
        assert_eq!(
            Email::parse("ＬＥＮＡ＠ＡＣＭＥ．ＴＥＳＴ")
                .unwrap()
                .as_str(),
            "lena@acme.test"
        );
        // Ligatures and compatibility forms fold too.
        assert_eq!(
            Email::parse("ﬁn@acme.test").unwrap().as_str(),
            "fin@acme.test"
        );
        // A precomposed and a decomposed é are one address.
        assert_eq!(
            Email::parse("ze\u{301}@acme.test").unwrap(),
            Email::parse("z\u{e9}@acme.test").unwrap()
        );
    }

    #[test]
    fn mixed_scripts_are_refused() {
        // Cyrillic "а" (U+0430) among Latin letters.
        assert_eq!(
            Email::parse("l\u{435}na@acme.test"),
            Err(EmailError::MixedScripts)
        );
        assert_eq!(
            Email::parse("lena@\u{430}cme.test"),
            Err(EmailError::MixedScripts)
        );
        // One script per part is fine, whatever the script.
        assert!(Email::parse("иван@пример.рф").is_ok());
        assert!(Email::parse("taro@例え.jp").is_ok());
        assert!(Email::parse("user.name+tag-1@sub.example.org").is_ok());
    }

    #[test]
    fn rejects_invalid_addresses() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        for bad in [
            "plainaddress",
            "@no-local.com",
            "no-domain@",
            "two@@at.com",
            "a@b",
            "a@-b.com",
            "a@b-.com",
            "a@b..com",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
            "a b@c.com",
            "a@b c.com",
            "<script>@x.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        let long = format!("{}@{}.com", "a".repeat(64), "b".repeat(200));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
        let long_local = format!("{}@b.com", "a".repeat(65));
        assert_eq!(Email::parse(&long_local), Err(EmailError::Invalid));
    }
}
