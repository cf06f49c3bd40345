//! Cover and photo variants: the uploaded image decoded (with limits, so a
//! small file that claims a huge size — a decompression bomb — is refused
//! before memory is taken), cropped to its shape from the centre, resized,
//! and encoded as JPEG (every browser) and WebP.
//!
//! The WebP encoder of the `image` crate is lossless only (the lossy ones
//! wrap the C libwebp, which we keep out of the build), so a WebP is kept
//! only where it came out smaller than the JPEG — flat, drawn covers; a
//! photograph keeps its JPEG alone. Pages list what was kept
//! (`media_asset.variants`, `urls::CoverImage`).

use super::urls::{cover_variant, photo_variant, COVER_WIDTHS, PHOTO_WIDTHS};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ExtendedColorType, ImageReader, Limits};
use std::io::Cursor;

/// The largest side an upload may have, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory decoding may take.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// JPEG quality of the variants (0–100).
const JPEG_QUALITY: u8 = 82;

/// The variants made from one upload.
#[derive(Debug)]
pub struct Variants {
    /// The original's size in pixels.
    pub width: u32,
    pub height: u32,
    /// (variant name, encoded bytes), e.g. `("cover-480.jpg", …)`.
    pub files: Vec<(String, Vec<u8>)>,
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!("it is larger than {MAX_SIDE}×{MAX_SIDE} pixels"),
        other => other.to_string(),
    })
}

fn encode(image: &DynamicImage, width: u32, height: u32) -> Result<(Vec<u8>, Vec<u8>), String> {
    let resized = image.resize_to_fill(width, height, FilterType::CatmullRom);
    let rgb = resized.to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode(rgb.as_raw(), width, height, ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .encode(rgb.as_raw(), width, height, ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok((jpeg, webp))
}

/// The largest side a source is resized from: bigger ones are first
/// reduced with `thumbnail` (which needs no large intermediate buffer; the
/// Catmull-Rom resize allocates a float buffer of new width × source
/// height, about 250 MB for a 12,000-pixel-tall image).
const RESIZE_FROM_MAX: u32 = 2_560;

fn make(
    bytes: &[u8],
    sizes: &[(u32, u32)],
    name: fn(u32, bool) -> String,
    min: (u32, u32),
    what: &str,
) -> Result<Variants, String> {
    let image = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    let image = if width > RESIZE_FROM_MAX || height > RESIZE_FROM_MAX {
        image.thumbnail(RESIZE_FROM_MAX, RESIZE_FROM_MAX)
    } else {
        image
    };
    if width < min.0 || height < min.1 {
        return Err(format!(
            "it is {width}×{height} pixels; {what} needs at least {}×{}",
            min.0, min.1
        ));
    }
    let mut files = Vec::new();
    for &(w, h) in sizes {
        // No enlarging past the original, except the smallest size.
        if w > width && w != sizes[0].0 {
            continue;
        }
        let (jpeg, webp) = encode(&image, w, h)?;
        if webp.len() < jpeg.len() {
            files.push((name(w, true), webp));
        }
        files.push((name(w, false), jpeg));
    }
    Ok(Variants {
        width,
        height,
        files,
    })
}

/// A course cover: 16:9 at [`COVER_WIDTHS`]. Errors (shown after "The
/// image could not be read: "): not decodable, too large, or smaller than
/// 480×270.
pub fn cover(bytes: &[u8]) -> Result<Variants, String> {
    let sizes: Vec<(u32, u32)> = COVER_WIDTHS.iter().map(|w| (*w, w * 9 / 16)).collect();
    make(bytes, &sizes, cover_variant, (480, 270), "a cover")
}

/// A profile photo: square at [`PHOTO_WIDTHS`], at least 96×96.
pub fn photo(bytes: &[u8]) -> Result<Variants, String> {
    let sizes: Vec<(u32, u32)> = PHOTO_WIDTHS.iter().map(|w| (*w, *w)).collect();
    make(bytes, &sizes, photo_variant, (96, 96), "a photo")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image =
            image::RgbImage::from_fn(width, height, |x, _| image::Rgb([(x % 256) as u8, 90, 200]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_cover_gets_its_sizes_and_small_ones_are_refused() {
        let made = cover(&png(1600, 1000)).unwrap();
        assert_eq!((made.width, made.height), (1600, 1000));
        let names: Vec<&str> = made.files.iter().map(|(n, _)| n.as_str()).collect();
        for w in COVER_WIDTHS {
            assert!(
                names.contains(&cover_variant(w, false).as_str()),
                "{names:?}"
            );
        }
        let (_, jpeg) = made
            .files
            .iter()
            .find(|(n, _)| n == "cover-960.jpg")
            .unwrap();
        let back = image::load_from_memory(jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (960, 540));
        // A small image gets only what it can fill.
        let small = cover(&png(600, 400)).unwrap();
        assert!(small.files.iter().all(|(n, _)| n.starts_with("cover-480")));
        assert!(cover(&png(300, 200))
            .unwrap_err()
            .contains("at least 480×270"));
    }

    #[test]
    fn a_very_large_image_is_reduced_before_it_is_resized() {
        // 6000 px wide: thumbnailed to 2560 first, then cropped and resized.
        let made = cover(&png(6000, 1500)).unwrap();
        assert_eq!(
            (made.width, made.height),
            (6000, 1500),
            "the original's size is recorded"
        );
        let (_, jpeg) = made
            .files
            .iter()
            .find(|(n, _)| n == "cover-1280.jpg")
            .unwrap();
        let back = image::load_from_memory(jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (1280, 720));
    }

    #[test]
    fn a_decompression_bomb_and_garbage_are_refused() {
        // A PNG header claiming 100000×100000 pixels, then nothing.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(cover(&bomb).is_err());
        assert!(cover(b"\x89PNG\r\n\x1a\nnot really").is_err());
        assert!(photo(&[0; 10]).is_err());
    }
}
