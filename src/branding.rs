//! Tenant branding values.

use serde::{Deserialize, Serialize};

/// A CSS colour in `#rrggbb` form, stored lowercase. Only this form is
/// accepted because it is interpolated into a stylesheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HexColor(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a colour like #1a2b3c")]
pub struct HexColorError;

impl HexColor {
    pub fn parse(raw: &str) -> Result<HexColor, HexColorError> {
        let raw = raw.trim();
        let digits = raw.strip_prefix('#').ok_or(HexColorError)?;
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(HexColorError);
        }
        Ok(HexColor(format!("#{}", digits.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn channels(&self) -> [u8; 3] {
        let hex = &self.0[1..];
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        [channel(0), channel(2), channel(4)]
    }

    /// Text colour (near-black or white) that keeps WCAG contrast on this colour.
    pub fn readable_text(&self) -> &'static str {
        let [r, g, b] = self.channels().map(|c| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        });
        let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        // Contrast against white vs. against #111: pick the larger.
        let with_white = 1.05 / (luminance + 0.05);
        let with_dark = (luminance + 0.05) / 0.0555;
        if with_white >= with_dark {
            "#ffffff"
        } else {
            "#111111"
        }
    }
}

string_newtype!(HexColor, HexColorError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        assert_eq!(HexColor::parse(" #C2410C ").unwrap().as_str(), "#c2410c");
        for bad in [
            "c2410c",
            "#c2410",
            "#c2410cc",
            "#gggggg",
            "red",
            "#fff;}body{",
            "",
        ] {
            assert!(HexColor::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn readable_text_contrasts() {
        assert_eq!(
            HexColor::parse("#000000").unwrap().readable_text(),
            "#ffffff"
        );
        assert_eq!(
            HexColor::parse("#ffffff").unwrap().readable_text(),
            "#111111"
        );
        assert_eq!(
            HexColor::parse("#1d4ed8").unwrap().readable_text(),
            "#ffffff"
        );
        assert_eq!(
            HexColor::parse("#facc15").unwrap().readable_text(),
            "#111111"
        );
    }
}
