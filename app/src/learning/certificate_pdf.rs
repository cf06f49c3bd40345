//! Course-completion certificate rendered as a one-page PDF.
//!
//! The page is laid out by hand: every line gets an explicit baseline and is
//! centred (or right-aligned) by measuring its shaped width. krilla is a PDF
//! drawing library with no layout engine, and a typesetting engine such as
//! typst would be far too heavy for one fixed page, so hand placement it is.
//!
//! Coordinates are PDF points (1/72 inch), origin at the top-left corner of the
//! page, y growing downwards (krilla's convention).

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};
use qrcode::{Color as QrColor, EcLevel, QrCode};

/// What a certificate shows.
///
/// All strings are validated plain text (no control characters). They may be
/// long (names and titles up to 200 chars) and may contain characters the
/// embedded fonts lack; such characters render as the font's `.notdef` glyph
/// but stay in the text layer (copy-paste still yields them).
pub struct CertificateFacts<'a> {
    /// The learner's display name, e.g. `"Ada Lovelace"`.
    pub learner_name: &'a str,
    /// The course title.
    pub course_title: &'a str,
    /// The instructor's display name.
    pub instructor_name: &'a str,
    /// The school/portal that issues the certificate, e.g. `"Acme Academy"`.
    pub issuer_name: &'a str,
    /// Completion date, already formatted for display, e.g. `"30 Nov 2026"`.
    pub completed_on: &'a str,
    /// Public certificate code (ASCII), e.g. `"k7x2m9q4r8t1v6w3y5z0a2b4c6"`.
    pub code: &'a str,
    /// Absolute verification URL; encoded in the QR code and linked.
    pub verify_url: &'a str,
    /// The portal's brand colour as sRGB `[r, g, b]`, 0–255 each.
    pub accent: [u8; 3],
}

/// Why a certificate could not be rendered.
#[derive(Debug)]
pub enum PdfError {
    /// The verification URL could not be encoded as a QR code (too long).
    Qr(String),
    /// An embedded font could not be parsed (a build problem, not an input one).
    Font(&'static str),
    /// krilla failed to serialize the document.
    Serialize(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Qr(e) => write!(f, "cannot encode the verification URL as a QR code: {e}"),
            PdfError::Font(name) => write!(f, "embedded font {name} is unreadable"),
            PdfError::Serialize(e) => write!(f, "cannot write the certificate PDF: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

// ---------------------------------------------------------------------------
// Fonts (Liberation 2, SIL OFL 1.1; see fonts/LICENSE-Liberation.txt)

static SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
static SANS: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// One font face: krilla's handle (for embedding) plus a rustybuzz face (for
/// shaping and measuring), both over the same bytes.
struct Face {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
    upem: f32,
}

impl Face {
    /// Err carries the face's name.
    fn load(data: &'static [u8], name: &'static str) -> Result<Face, &'static str> {
        let pdf = Font::new(data.into(), 0).ok_or(name)?;
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or(name)?;
        let upem = shaper.units_per_em() as f32;
        Ok(Face { pdf, shaper, upem })
    }
}

struct Faces {
    serif_bold: Face,
    sans: Face,
    sans_bold: Face,
}

/// Parsed once per process; parsing and hashing ~1 MB of fonts per render
/// would dominate the render time.
static FACES: LazyLock<Result<Faces, &'static str>> = LazyLock::new(|| {
    Ok(Faces {
        serif_bold: Face::load(SERIF_BOLD, "LiberationSerif-Bold")?,
        sans: Face::load(SANS, "LiberationSans-Regular")?,
        sans_bold: Face::load(SANS_BOLD, "LiberationSans-Bold")?,
    })
});

// ---------------------------------------------------------------------------
// Page geometry (points)

const PAGE_W: f32 = 842.0;
const PAGE_H: f32 = 595.0;
const CENTER_X: f32 = PAGE_W / 2.0;
/// Width of the solid accent band running round the page edge.
const BAND: f32 = 12.0;
/// Inset of the thin inner accent rule from the page edge.
const INNER_RULE: f32 = 24.0;
/// Widest a centred text line may be.
const TEXT_W: f32 = 600.0;
/// Side of the QR code square, quiet zone included.
const QR_SIZE: f32 = 90.0;
/// Right and bottom margin of the QR block from the page edge.
const QR_MARGIN: f32 = 46.0;
/// QR quiet zone in modules (the QR spec asks for 4).
const QR_QUIET: usize = 4;

/// Body text colour (dark grey) and secondary text colour, sRGB.
const INK: [u8; 3] = [0x2b, 0x2d, 0x31];
const MUTED: [u8; 3] = [0x5f, 0x63, 0x6b];
const HAIRLINE: [u8; 3] = [0xc4, 0xc7, 0xcc];

fn color([r, g, b]: [u8; 3]) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// Render `facts` as a one-page landscape A4 PDF (842 × 595 pt) and return
/// the file's bytes.
///
/// The certificate code appears uncompressed in the document info and XMP
/// metadata (title, subject, keywords), so it can be found in the raw bytes.
pub fn render(facts: &CertificateFacts) -> Result<Vec<u8>, PdfError> {
    let faces = FACES.as_ref().map_err(|name| PdfError::Font(name))?;
    let qr = encode_qr(facts.verify_url)?;

    let accent = rgb::Color::new(facts.accent[0], facts.accent[1], facts.accent[2]);
    let accent_text = readable_accent(facts.accent);

    // Default settings compress content streams (text, paths, fonts) but
    // leave the info dictionary, XMP metadata and link URIs uncompressed.
    // No creation date is set, so equal facts give byte-identical PDFs.
    let mut document = Document::new_with(SerializeSettings::default());
    document.set_metadata(metadata(facts));

    let page_settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| PdfError::Serialize("invalid page size".into()))?;
    let mut page = document.start_page_with(page_settings);
    let mut links = Vec::new();
    {
        let mut s = page.surface();
        draw_frame(&mut s, accent);

        // Issuer, small caps-like: upper case, tracked out, in the accent colour.
        let issuer = facts.issuer_name.to_uppercase();
        let block = fit(&faces.sans_bold, &issuer, 13.0, 9.0, TEXT_W, 1, 0.16);
        let mut y = 104.0;
        draw_block(
            &mut s,
            &faces.sans_bold,
            &block,
            accent_text,
            Align::Center(CENTER_X),
            y,
            0.16,
        );

        y += 56.0;
        let title = fit(
            &faces.serif_bold,
            "Certificate of Completion",
            38.0,
            38.0,
            TEXT_W,
            1,
            0.0,
        );
        draw_block(
            &mut s,
            &faces.serif_bold,
            &title,
            color(INK),
            Align::Center(CENTER_X),
            y,
            0.0,
        );

        y += 20.0;
        fill_rect(&mut s, CENTER_X - 40.0, y, 80.0, 2.0, accent);

        y += 40.0;
        let line = fit(
            &faces.sans,
            "This certifies that",
            14.0,
            14.0,
            TEXT_W,
            1,
            0.0,
        );
        draw_block(
            &mut s,
            &faces.sans,
            &line,
            color(MUTED),
            Align::Center(CENTER_X),
            y,
            0.0,
        );

        let name = fit(
            &faces.serif_bold,
            facts.learner_name,
            40.0,
            24.0,
            TEXT_W,
            2,
            0.0,
        );
        y += 14.0 + name.size * 0.95;
        y = draw_block(
            &mut s,
            &faces.serif_bold,
            &name,
            color(INK),
            Align::Center(CENTER_X),
            y,
            0.0,
        );
        // A hairline under the name, like the line a name is written on.
        y += name.size * 0.35;
        let rule_w = (name.widest + 40.0).clamp(260.0, TEXT_W);
        fill_rect(
            &mut s,
            CENTER_X - rule_w / 2.0,
            y,
            rule_w,
            0.6,
            color(HAIRLINE),
        );

        y += 30.0;
        let line = fit(
            &faces.sans,
            "has successfully completed the course",
            14.0,
            14.0,
            TEXT_W,
            1,
            0.0,
        );
        draw_block(
            &mut s,
            &faces.sans,
            &line,
            color(MUTED),
            Align::Center(CENTER_X),
            y,
            0.0,
        );

        let course = fit(
            &faces.sans_bold,
            facts.course_title,
            22.0,
            14.0,
            TEXT_W,
            2,
            0.0,
        );
        y += 12.0 + course.size * 0.95;
        y = draw_block(
            &mut s,
            &faces.sans_bold,
            &course,
            color(INK),
            Align::Center(CENTER_X),
            y,
            0.0,
        );

        y += 34.0;
        let text = format!("Instructor: {}", facts.instructor_name);
        let line = fit(&faces.sans, &text, 13.0, 10.0, TEXT_W, 1, 0.0);
        draw_block(
            &mut s,
            &faces.sans,
            &line,
            color(INK),
            Align::Center(CENTER_X),
            y,
            0.0,
        );

        y += 20.0;
        let text = format!("Completed on {}", facts.completed_on);
        let line = fit(&faces.sans, &text, 13.0, 10.0, TEXT_W, 1, 0.0);
        draw_block(
            &mut s,
            &faces.sans,
            &line,
            color(INK),
            Align::Center(CENTER_X),
            y,
            0.0,
        );

        // Bottom left, level with the QR block: the issuer over a signature
        // line, as a counterweight to the QR code.
        let sig_left = QR_MARGIN + 14.0;
        let sig_w = 190.0;
        let sig_line_y = PAGE_H - QR_MARGIN - 44.0;
        let issuer = fit(
            &faces.serif_bold,
            facts.issuer_name,
            15.0,
            9.0,
            sig_w,
            1,
            0.0,
        );
        draw_block(
            &mut s,
            &faces.serif_bold,
            &issuer,
            color(INK),
            Align::Left(sig_left),
            sig_line_y - 8.0,
            0.0,
        );
        fill_rect(&mut s, sig_left, sig_line_y, sig_w, 0.75, accent);
        let label = fit(&faces.sans, "Issued by", 8.0, 8.0, sig_w, 1, 0.0);
        draw_block(
            &mut s,
            &faces.sans,
            &label,
            color(MUTED),
            Align::Left(sig_left),
            sig_line_y + 13.0,
            0.0,
        );

        // QR block, bottom right: code square, then two small lines under it,
        // right-aligned with the code's visible (dark) edge.
        let qr_left = PAGE_W - QR_MARGIN - QR_SIZE;
        let qr_top = PAGE_H - QR_MARGIN - QR_SIZE - 20.0;
        let module = draw_qr(&mut s, &qr, qr_left, qr_top, QR_SIZE);
        links.push(Rect::from_xywh(qr_left, qr_top, QR_SIZE, QR_SIZE));

        let right = qr_left + QR_SIZE - module * QR_QUIET as f32;
        let small_w = 330.0;
        let verify = fit(
            &faces.sans,
            &format!("Verify at {}", facts.verify_url),
            7.0,
            5.5,
            small_w,
            2,
            0.0,
        );
        let mut y = qr_top + QR_SIZE + verify.size * 0.6;
        let first_baseline = y;
        y = draw_block(
            &mut s,
            &faces.sans,
            &verify,
            color(MUTED),
            Align::Right(right),
            y,
            0.0,
        );
        links.push(Rect::from_ltrb(
            right - verify.widest,
            first_baseline - verify.size,
            right,
            y + verify.size * 0.25,
        ));
        y += 9.0;
        let code = fit(
            &faces.sans,
            &format!("Code {}", facts.code),
            7.0,
            5.5,
            small_w,
            1,
            0.0,
        );
        draw_block(
            &mut s,
            &faces.sans,
            &code,
            color(MUTED),
            Align::Right(right),
            y,
            0.0,
        );

        s.finish();
    }
    for rect in links.into_iter().flatten() {
        let link = LinkAnnotation::new(
            rect,
            Target::Action(Action::Link(LinkAction::new(facts.verify_url.to_string()))),
        );
        page.add_annotation(Annotation::new_link(
            link,
            Some("Verify this certificate".to_string()),
        ));
    }
    page.finish();

    document
        .finish()
        .map_err(|e| PdfError::Serialize(format!("{e:?}")))
}

fn metadata(facts: &CertificateFacts) -> Metadata {
    // Keep the title pure ASCII (when the code is): PDF writes ASCII text
    // strings as plain literals, anything else as UTF-16.
    Metadata::new()
        .title(format!("Certificate {}", facts.code))
        .description(format!(
            "Certificate of completion {} issued by {} to {} for {}",
            facts.code, facts.issuer_name, facts.learner_name, facts.course_title
        ))
        .keywords(vec![
            "certificate".to_string(),
            facts.code.to_string(),
            facts.verify_url.to_string(),
        ])
        .authors(vec![facts.issuer_name.to_string()])
        .creator("Lyceum".to_string())
        .language("en".to_string())
}

/// Darken a brand colour until text in it is readable on white (relative
/// luminance at most 0.35); borders and rules use the colour as given.
fn readable_accent([r, g, b]: [u8; 3]) -> rgb::Color {
    fn lin(c: f32) -> f32 {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let lum = |k: f32| {
        0.2126 * lin(r as f32 * k) + 0.7152 * lin(g as f32 * k) + 0.0722 * lin(b as f32 * k)
    };
    let mut k = 1.0;
    while lum(k) > 0.35 && k > 0.05 {
        k -= 0.05;
    }
    let scale = |c: u8| (c as f32 * k).round() as u8;
    rgb::Color::new(scale(r), scale(g), scale(b))
}

// ---------------------------------------------------------------------------
// Shapes

fn solid(color: rgb::Color) -> Fill {
    Fill {
        paint: color.into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn fill_rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32, color: rgb::Color) {
    let Some(rect) = Rect::from_xywh(x, y, w, h) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(solid(color)));
        s.draw_path(&path);
    }
}

/// Solid accent band round the page edge plus a thin accent rule inside it.
fn draw_frame(s: &mut Surface, accent: rgb::Color) {
    let mut pb = PathBuilder::new();
    for rect in [
        Rect::from_xywh(0.0, 0.0, PAGE_W, PAGE_H),
        Rect::from_xywh(BAND, BAND, PAGE_W - 2.0 * BAND, PAGE_H - 2.0 * BAND),
    ]
    .into_iter()
    .flatten()
    {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(Fill {
            rule: FillRule::EvenOdd,
            ..solid(accent)
        }));
        s.draw_path(&path);
    }

    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(
        INNER_RULE,
        INNER_RULE,
        PAGE_W - 2.0 * INNER_RULE,
        PAGE_H - 2.0 * INNER_RULE,
    ) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            paint: accent.into(),
            width: 0.75,
            ..Stroke::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

fn encode_qr(url: &str) -> Result<QrCode, PdfError> {
    // Medium error correction; fall back to low for very long URLs.
    QrCode::with_error_correction_level(url, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(url, EcLevel::L))
        .map_err(|e| PdfError::Qr(e.to_string()))
}

/// Draw `qr` as one filled path (each horizontal run of dark modules is one
/// rectangle) into the `size`×`size` square at (`left`, `top`), quiet zone
/// included. Returns the module size in points.
fn draw_qr(s: &mut Surface, qr: &QrCode, left: f32, top: f32, size: f32) -> f32 {
    let n = qr.width();
    let module = size / (n + 2 * QR_QUIET) as f32;
    let colors = qr.to_colors();
    let mut pb = PathBuilder::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != QrColor::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == QrColor::Dark {
                col += 1;
            }
            let x = left + (start + QR_QUIET) as f32 * module;
            let y = top + (row + QR_QUIET) as f32 * module;
            if let Some(rect) = Rect::from_xywh(x, y, (col - start) as f32 * module, module) {
                pb.push_rect(rect);
            }
        }
    }
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(solid(rgb::Color::black())));
        s.draw_path(&path);
    }
    module
}

// ---------------------------------------------------------------------------
// Text: shaping, measuring, fitting, drawing

/// A shaped run: glyphs in visual order, advances in em (× font size = pt).
struct Shaped {
    glyphs: Vec<KrillaGlyph>,
}

impl Shaped {
    /// Width in em of the glyphs whose cluster starts inside `bytes`,
    /// `tracking` em added between glyphs.
    fn width(&self, bytes: Range<usize>, tracking: f32) -> f32 {
        let mut count = 0usize;
        let mut w = 0.0;
        for g in &self.glyphs {
            if bytes.contains(&g.text_range.start) {
                w += g.x_advance;
                count += 1;
            }
        }
        w + tracking * count.saturating_sub(1) as f32
    }
}

fn shape(face: &Face, text: &str) -> Shaped {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let out = rustybuzz::shape(&face.shaper, &[], buffer);

    // Each glyph maps to the text from its cluster start up to the next
    // larger cluster start, whatever the run direction.
    let mut starts: Vec<usize> = out
        .glyph_infos()
        .iter()
        .map(|i| i.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| match starts.binary_search(&start) {
        Ok(i) => starts.get(i + 1).copied().unwrap_or(text.len()),
        Err(_) => text.len(),
    };

    let glyphs = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / face.upem,
                pos.x_offset as f32 / face.upem,
                pos.y_offset as f32 / face.upem,
                pos.y_advance as f32 / face.upem,
                start..end_of(start),
                None,
            )
        })
        .collect();
    Shaped { glyphs }
}

/// Lines of text fitted into a box, at one font size (pt).
struct Block {
    size: f32,
    lines: Vec<String>,
    /// Width in pt of the widest line.
    widest: f32,
}

/// Fit `text` into lines at most `max_w` pt wide: the largest size in
/// `min_size..=max_size` that fits on one line; failing that, greedy word
/// wrap at `min_size` into at most `max_lines` lines, the last one cut with
/// "…" if the text still does not fit. `tracking` is extra space between
/// glyphs in em.
fn fit(
    face: &Face,
    text: &str,
    max_size: f32,
    min_size: f32,
    max_w: f32,
    max_lines: usize,
    tracking: f32,
) -> Block {
    let text = text.trim();
    let shaped = shape(face, text);
    let em = shaped.width(0..text.len(), tracking);
    let size = if em <= 0.0 {
        max_size
    } else {
        // Whole half points keep the sizes tidy in the PDF.
        ((max_w / em).min(max_size) * 2.0).floor() / 2.0
    };
    if size >= min_size {
        return Block {
            size,
            lines: vec![text.to_string()],
            widest: em * size,
        };
    }

    let size = min_size;
    let max_em = max_w / size;
    let width = |r: Range<usize>| shaped.width(r, tracking);
    // Candidate break positions: cluster starts, so a cluster is never split.
    let mut cuts: Vec<usize> = shaped.glyphs.iter().map(|g| g.text_range.start).collect();
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();

    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() && lines.len() + 1 < max_lines {
        if width(start..text.len()) <= max_em {
            break;
        }
        // Longest prefix that fits, preferring to end at whitespace.
        let fits: Vec<usize> = cuts
            .iter()
            .copied()
            .filter(|&c| c > start && width(start..c) <= max_em)
            .collect();
        let Some(&longest) = fits.last() else { break };
        let at_space = fits
            .iter()
            .rev()
            .copied()
            .find(|&c| text[c..].starts_with(char::is_whitespace));
        let end = at_space.unwrap_or(longest);
        lines.push(text[start..end].trim_end().to_string());
        start = end;
        while let Some(c) = text[start..].chars().next().filter(|c| c.is_whitespace()) {
            start += c.len_utf8();
        }
    }
    // The last line: everything left, cut with an ellipsis if too wide.
    if start < text.len() {
        let rest = start..text.len();
        if width(rest.clone()) <= max_em {
            lines.push(text[rest].to_string());
        } else {
            let ellipsis = shape(face, "…").width(0..'…'.len_utf8(), 0.0) + tracking;
            let end = cuts
                .iter()
                .copied()
                .rfind(|&c| c > start && width(start..c) + ellipsis <= max_em)
                .unwrap_or(start);
            lines.push(format!("{}…", text[start..end].trim_end()));
        }
    }
    let widest = lines
        .iter()
        .map(|l| shape(face, l).width(0..l.len(), tracking) * size)
        .fold(0.0, f32::max);
    Block {
        size,
        lines,
        widest,
    }
}

#[derive(Clone, Copy)]
enum Align {
    /// Start each line at this x.
    Left(f32),
    /// Centre each line on this x.
    Center(f32),
    /// End each line at this x.
    Right(f32),
}

/// Draw `block` with its first baseline at `y`, lines 1.2 × size apart.
/// Returns the baseline of the last line.
fn draw_block(
    s: &mut Surface,
    face: &Face,
    block: &Block,
    color: rgb::Color,
    align: Align,
    y: f32,
    tracking: f32,
) -> f32 {
    s.set_stroke(None);
    s.set_fill(Some(solid(color)));
    let mut baseline = y;
    for (i, line) in block.lines.iter().enumerate() {
        baseline = y + i as f32 * block.size * 1.2;
        let mut shaped = shape(face, line);
        let last = shaped.glyphs.len().saturating_sub(1);
        for g in &mut shaped.glyphs[..last] {
            g.x_advance += tracking;
        }
        let w = shaped.width(0..line.len(), 0.0) * block.size;
        let x = match align {
            Align::Left(lx) => lx,
            Align::Center(cx) => cx - w / 2.0,
            Align::Right(rx) => rx - w,
        };
        s.draw_glyphs(
            Point::from_xy(x, baseline),
            &shaped.glyphs,
            face.pdf.clone(),
            line,
            block.size,
            false,
        );
    }
    baseline
}

#[cfg(test)]
mod tests {
    use super::{render, CertificateFacts};

    const CODE: &str = "k7x2m9q4r8t1v6w3y5z0a2b4c6";

    fn facts<'a>(name: &'a str, title: &'a str, url: &'a str) -> CertificateFacts<'a> {
        CertificateFacts {
            learner_name: name,
            course_title: title,
            instructor_name: "Dr. Grace Hopper",
            issuer_name: "Acme Academy",
            completed_on: "30 Nov 2026",
            code: CODE,
            verify_url: url,
            accent: [0x1f, 0x5f, 0xbf],
        }
    }

    const URL: &str = "https://acme.lyceum.test/verify/k7x2m9q4r8t1v6w3y5z0a2b4c6";

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn renders_normal_case_with_code_in_raw_bytes() {
        let pdf = render(&facts(
            "Ada Lovelace",
            "Introduction to Analytical Engines",
            URL,
        ))
        .unwrap();
        let again = render(&facts(
            "Ada Lovelace",
            "Introduction to Analytical Engines",
            URL,
        ))
        .unwrap();
        assert_eq!(pdf, again, "output is deterministic");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(
            contains(&pdf, CODE.as_bytes()),
            "code not found as plain bytes"
        );
        assert!(
            contains(&pdf, format!("(Certificate {CODE})").as_bytes()),
            "info title"
        );
        assert!(
            contains(&pdf, format!("/URI({URL})").as_bytes()),
            "link URI"
        );
        assert!(contains(&pdf, b"Lyceum"), "creator");
    }

    #[test]
    fn long_name_and_title_render() {
        let name = "Maximiliana ".repeat(17); // 204 chars before trim
        let name = &name[..200];
        let title = "Advanced Topics in Distributed Systems and Consensus ".repeat(4);
        let title = &title[..200];
        let url = format!("https://acme.lyceum.test/verify/{}", "x".repeat(200 - 32));
        assert_eq!(url.len(), 200);
        let pdf = render(&facts(name, title, &url)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(contains(&pdf, CODE.as_bytes()));

        // No spaces at all: must break inside the "word".
        let solid = "W".repeat(200);
        render(&facts(&solid, &solid, &url)).unwrap();
    }

    #[test]
    fn unicode_the_fonts_lack_renders() {
        let name = "李小龍 😀 שלום עליכם مرحبا José Ñúñez";
        let title = "日本語のコース 🚀 — עברית ועוד — العربية";
        let pdf = render(&facts(name, title, URL)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(contains(&pdf, CODE.as_bytes()));
        // Long CJK without spaces, and empty strings.
        let cjk = "漢".repeat(200);
        render(&facts(&cjk, &cjk, URL)).unwrap();
        render(&facts("", "", URL)).unwrap();
    }

    #[test]
    fn qr_encodes_a_200_char_url() {
        let url = format!("https://acme.lyceum.test/verify/{}", "k".repeat(168));
        let qr = qrcode::QrCode::new(url.as_bytes()).expect("200-char URL must encode");
        assert!(qr.width() >= 21);
    }
}
