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
