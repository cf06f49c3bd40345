//! The URLs media is served at: `/media/{asset}/{name}`, where `name` is
//! `original` or a variant (`card-480.webp`), plus `?expires=…&sig=…` for
//! assets that are not public (`signing.rs`).

use lyceum::AssetId;
use serde::{Deserialize, Serialize};

/// The path of an asset's original file.
pub fn original(asset: AssetId) -> String {
    format!("/media/{asset}/original")
}

/// The path of one of an asset's variants.
pub fn variant(asset: AssetId, name: &str) -> String {
    format!("/media/{asset}/{name}")
}

/// A course cover as pages show it: a JPEG for every browser, a WebP
/// `srcset` where one was smaller, at the card and page widths.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverImage {
    /// The JPEG at card size (the `src`).
    pub src: String,
    /// `url 480w, url 960w, url 1280w` of the JPEGs.
    pub jpeg_srcset: String,
    /// The same for the WebP variants, empty when none were kept.
    pub webp_srcset: String,
    /// The largest JPEG, page size where the original allowed it (the
    /// course page's hero, Open Graph's `og:image`).
    pub large: String,
}

/// The widths a cover is stored at (16:9): two for cards (1× and 2×),
/// one for the course page.
pub const COVER_WIDTHS: [u32; 3] = [480, 960, 1280];

/// The name of a cover variant (`cover-480.jpg`).
pub fn cover_variant(width: u32, webp: bool) -> String {
    format!("cover-{width}.{}", if webp { "webp" } else { "jpg" })
}

impl CoverImage {
    /// The cover of `asset`, given the variants it has (`media_asset.variants`).
    pub fn of(asset: AssetId, variants: &[String]) -> CoverImage {
        let set = |webp: bool| {
            COVER_WIDTHS
                .iter()
                .filter(|w| variants.contains(&cover_variant(**w, webp)))
                .map(|w| format!("{} {w}w", variant(asset, &cover_variant(*w, webp))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The largest JPEG stored (a small original has no page size).
        let largest = COVER_WIDTHS
            .iter()
            .rev()
            .find(|w| variants.contains(&cover_variant(**w, false)))
            .copied()
            .unwrap_or(480);
        CoverImage {
            src: variant(asset, &cover_variant(480, false)),
            jpeg_srcset: set(false),
            webp_srcset: set(true),
            large: variant(asset, &cover_variant(largest, false)),
        }
    }
}

/// The widths a profile photo is stored at (square).
pub const PHOTO_WIDTHS: [u32; 2] = [96, 192];

/// The name of a photo variant (`photo-96.jpg`).
pub fn photo_variant(width: u32, webp: bool) -> String {
    format!("photo-{width}.{}", if webp { "webp" } else { "jpg" })
}

/// How many placeholder tones there are (`.cover--tone-0` … in the CSS).
pub const PLACEHOLDER_TONES: u32 = 6;

/// A cover as HTML, made on the server so the browser's bundle carries no
/// code for it: a `<picture>` (WebP source where kept, JPEG `srcset`,
/// width and height set so nothing shifts, lazy below the fold), or for a
/// course without a cover a placeholder in the portal's colour with the
/// title's first letter. `sizes` is the `sizes` attribute; `width` ×
/// `height` the box it is drawn in (16:9).
#[cfg(feature = "ssr")]
pub fn cover_html(
    cover: Option<&CoverImage>,
    title: &str,
    sizes: &str,
    (width, height): (u32, u32),
    eager: bool,
) -> String {
    let Some(cover) = cover else {
        let initial: String = title
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        let tone = title
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
            % PLACEHOLDER_TONES;
        return format!(
            "<span class=\"cover cover--placeholder cover--tone-{tone}\" aria-hidden=\"true\"><span>{}</span></span>",
            html_escape::encode_text(&initial)
        );
    };
    let loading = if eager { "eager" } else { "lazy" };
    let webp = if cover.webp_srcset.is_empty() {
        String::new()
    } else {
        format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
            cover.webp_srcset
        )
    };
    format!(
        "<picture class=\"cover\">{webp}<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{width}\" height=\"{height}\" loading=\"{loading}\" decoding=\"async\" alt=\"\"></picture>",
        cover.src, cover.jpeg_srcset
    )
}

/// A profile photo as HTML made on the server: a square `<picture>` drawn
/// `px` pixels wide (the 96 and 192 variants in `srcset`), or a circle in the
/// portal's colour with the person's initials. `photo`: the asset and its
/// variants.
#[cfg(feature = "ssr")]
pub fn photo_html(photo: Option<(AssetId, &[String])>, name: &str, px: u32) -> String {
    let Some((asset, variants)) = photo.filter(|(_, v)| v.contains(&photo_variant(96, false)))
    else {
        let initials: String = name
            .split_whitespace()
            .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
            .take(2)
            .flat_map(char::to_uppercase)
            .collect();
        return format!(
            "<span class=\"avatar avatar--placeholder\" aria-hidden=\"true\">{}</span>",
            html_escape::encode_text(&initials)
        );
    };
    let set = |webp: bool| {
        PHOTO_WIDTHS
            .iter()
            .filter(|w| variants.contains(&photo_variant(**w, webp)))
            .map(|w| format!("{} {w}w", variant(asset, &photo_variant(*w, webp))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let webp = set(true);
    let source = if webp.is_empty() {
        String::new()
    } else {
        format!("<source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{px}px\">")
    };
    format!(
        "<picture class=\"avatar\">{source}<img src=\"{}\" srcset=\"{}\" sizes=\"{px}px\" width=\"{px}\" height=\"{px}\" loading=\"lazy\" decoding=\"async\" alt=\"\"></picture>",
        variant(asset, &photo_variant(96, false)),
        set(false)
    )
}
