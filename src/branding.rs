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

    /// The red, green and blue channels, 0–255.
    pub fn rgb(&self) -> [u8; 3] {
        self.channels()
    }

    fn channels(&self) -> [u8; 3] {
        let hex = &self.0[1..];
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        [channel(0), channel(2), channel(4)]
    }

    fn from_channels([r, g, b]: [u8; 3]) -> HexColor {
        HexColor(format!("#{r:02x}{g:02x}{b:02x}"))
    }

    /// Relative luminance, WCAG 2.2 § "relative luminance" (sRGB).
    pub fn luminance(&self) -> f64 {
        let [r, g, b] = self.channels().map(|c| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        });
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// WCAG 2.2 contrast ratio with `other`, from 1 to 21.
    pub fn contrast(&self, other: &HexColor) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour mixed towards `target` by `t` (0: unchanged, 1: target).
    fn mix(&self, target: [u8; 3], t: f64) -> HexColor {
        let [r, g, b] = self.channels();
        let step = |from: u8, to: u8| {
            (f64::from(from) + (f64::from(to) - f64::from(from)) * t).round() as u8
        };
        HexColor::from_channels([step(r, target[0]), step(g, target[1]), step(b, target[2])])
    }

    /// The nearest shade of this colour (mixed towards black or white) with
    /// at least `ratio` contrast against `background`.
    fn shade_against(&self, background: &HexColor, ratio: f64) -> HexColor {
        if self.contrast(background) >= ratio {
            return self.clone();
        }
        let target = if background.luminance() > 0.18 {
            [0, 0, 0]
        } else {
            [255, 255, 255]
        };
        (1..=100)
            .map(|i| self.mix(target, f64::from(i) / 100.0))
            .find(|c| c.contrast(background) >= ratio)
            .unwrap_or_else(|| HexColor::from_channels(target))
    }

    /// Text colour (near-black or white) that keeps WCAG contrast on this colour.
    pub fn readable_text(&self) -> &'static str {
        if self.contrast(&white()) >= self.contrast(&near_black()) {
            "#ffffff"
        } else {
            "#111111"
        }
    }

    /// The brand as a fill behind [`Self::readable_text`] (header, buttons):
    /// this colour, shaded just enough that the text on it keeps 4.5:1
    /// (WCAG 2.2 SC 1.4.3, contrast minimum for normal text).
    pub fn fill(&self) -> HexColor {
        let text = HexColor::parse(self.readable_text()).expect("a valid colour");
        self.shade_against(&text, TEXT_CONTRAST)
    }

    /// The brand as text, links and focus rings on the page's light
    /// backgrounds: shaded just enough for 4.5:1 against the page canvas
    /// (`--canvas` in style/main.css), the darkest background it sits on.
    pub fn ink(&self) -> HexColor {
        self.shade_against(&canvas(), TEXT_CONTRAST)
    }
}

/// WCAG 2.2 SC 1.4.3: normal text needs 4.5:1.
pub const TEXT_CONTRAST: f64 = 4.5;

fn white() -> HexColor {
    HexColor("#ffffff".into())
}

fn near_black() -> HexColor {
    HexColor("#111111".into())
}

/// The page background of style/main.css (`--canvas`).
pub fn canvas() -> HexColor {
    HexColor("#f5f6f8".into())
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

    #[test]
    fn contrast_ratios_match_wcag() {
        let c = |s: &str| HexColor::parse(s).unwrap();
        assert!((c("#000000").contrast(&c("#ffffff")) - 21.0).abs() < 1e-9);
        assert!((c("#777777").contrast(&c("#ffffff")) - 4.48).abs() < 0.01);
        assert_eq!(c("#123456").contrast(&c("#123456")), 1.0);
    }

    #[test]
    fn every_brand_colour_keeps_text_readable() {
        // Sweep the colour cube: whatever a tenant picks, text on its fill
        // and its ink on the page keep 4.5:1.
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(51) {
                    let brand = HexColor::from_channels([r as u8, g as u8, b as u8]);
                    let text = HexColor::parse(brand.readable_text()).unwrap();
                    let fill = brand.fill();
                    assert!(
                        fill.contrast(&text) >= TEXT_CONTRAST,
                        "{brand:?} fill {fill:?}"
                    );
                    let ink = brand.ink();
                    assert!(
                        ink.contrast(&canvas()) >= TEXT_CONTRAST,
                        "{brand:?} ink {ink:?}"
                    );
                    assert!(ink.contrast(&HexColor::parse("#ffffff").unwrap()) >= TEXT_CONTRAST);
                }
            }
        }
        // A colour that already passes is left alone.
        let indigo = HexColor::parse("#4f46e5").unwrap();
        assert_eq!(indigo.fill(), indigo);
        assert_eq!(indigo.ink(), indigo);
        // Acme's orange is darkened for links, not replaced.
        let orange = HexColor::parse("#f97316").unwrap();
        assert_ne!(orange.ink(), orange);
        assert!(orange.ink().as_str().starts_with('#'));
    }
}
