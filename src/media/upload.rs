//! What may be uploaded, and as what.
//!
//! A file is typed by its bytes, never by what the browser says: the server
//! sniffs the first bytes (magic numbers, the `infer` crate) and hands the
//! result to [`classify`], which also checks it against the file's
//! extension and declared type. SVG and HTML are refused whatever they
//! claim: they can carry script that would run on the portal's origin.

use crate::text::strip_hidden;

/// What an upload is for; each purpose accepts its own types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A video lesson's video: MP4 or WebM.
    LessonVideo,
    /// A file attached to a lesson: PDF, office documents, images.
    Resource,
    /// A course's cover image: PNG, JPEG or WebP.
    Cover,
    /// A person's profile photo: PNG, JPEG or WebP.
    Photo,
}

impl Purpose {
    /// What to tell a person who picked the wrong kind of file.
    pub fn accepted(self) -> &'static str {
        match self {
            Purpose::LessonVideo => "an MP4 or WebM video",
            Purpose::Resource => "a PDF, an office document (Word, Excel, PowerPoint, OpenDocument) or an image (PNG, JPEG, WebP)",
            Purpose::Cover | Purpose::Photo => "a PNG, JPEG or WebP image",
        }
    }

    /// The `accept` attribute of the file input.
    pub fn accept_attribute(self) -> &'static str {
        match self {
            Purpose::LessonVideo => "video/mp4,video/webm,.mp4,.m4v,.webm",
            Purpose::Resource => {
                ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.webp"
            }
            Purpose::Cover | Purpose::Photo => "image/png,image/jpeg,image/webp",
        }
    }

    fn allows(self, kind: MediaKind) -> bool {
        match self {
            Purpose::LessonVideo => kind == MediaKind::Video,
            Purpose::Resource => matches!(kind, MediaKind::Document | MediaKind::Image),
            Purpose::Cover | Purpose::Photo => kind == MediaKind::Image,
        }
    }
}

/// The stored kinds (`media_asset.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MediaKind {
    Video,
    Document,
    Image,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Video => "video",
            MediaKind::Document => "document",
            MediaKind::Image => "image",
        }
    }

    /// Errors: not one of the stored names.
    pub fn parse(raw: &str) -> Option<MediaKind> {
        match raw {
            "video" => Some(MediaKind::Video),
            "document" => Some(MediaKind::Document),
            "image" => Some(MediaKind::Image),
            _ => None,
        }
    }
}

/// One type Lyceum accepts: the content type it is served with, the names
/// sniffing may give it, and the extensions a file of it may have.
struct Known {
    content_type: &'static str,
    sniffed_as: &'static [&'static str],
    kind: MediaKind,
    extensions: &'static [&'static str],
}

const KNOWN: &[Known] = &[
    Known {
        content_type: "video/mp4",
        sniffed_as: &["video/mp4", "video/x-m4v"],
        kind: MediaKind::Video,
        extensions: &["mp4", "m4v"],
    },
    Known {
        content_type: "video/webm",
        sniffed_as: &["video/webm"],
        kind: MediaKind::Video,
        extensions: &["webm"],
    },
    Known {
        content_type: "application/pdf",
        sniffed_as: &["application/pdf"],
        kind: MediaKind::Document,
        extensions: &["pdf"],
    },
    Known {
        content_type: "image/png",
        sniffed_as: &["image/png"],
        kind: MediaKind::Image,
        extensions: &["png"],
    },
    Known {
        content_type: "image/jpeg",
        sniffed_as: &["image/jpeg"],
        kind: MediaKind::Image,
        extensions: &["jpg", "jpeg"],
    },
    Known {
        content_type: "image/webp",
        sniffed_as: &["image/webp"],
        kind: MediaKind::Image,
        extensions: &["webp"],
    },
    Known {
        content_type: "application/msword",
        sniffed_as: &["application/msword"],
        kind: MediaKind::Document,
        extensions: &["doc"],
    },
    Known {
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        sniffed_as: &["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        kind: MediaKind::Document,
        extensions: &["docx"],
    },
    Known {
        content_type: "application/vnd.ms-excel",
        sniffed_as: &["application/vnd.ms-excel"],
        kind: MediaKind::Document,
        extensions: &["xls"],
    },
    Known {
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        sniffed_as: &["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        kind: MediaKind::Document,
        extensions: &["xlsx"],
    },
    Known {
        content_type: "application/vnd.ms-powerpoint",
        sniffed_as: &["application/vnd.ms-powerpoint"],
        kind: MediaKind::Document,
        extensions: &["ppt"],
    },
    Known {
        content_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        sniffed_as: &["application/vnd.openxmlformats-officedocument.presentationml.presentation"],
        kind: MediaKind::Document,
        extensions: &["pptx"],
    },
    Known {
        content_type: "application/vnd.oasis.opendocument.text",
        sniffed_as: &["application/vnd.oasis.opendocument.text"],
        kind: MediaKind::Document,
        extensions: &["odt"],
    },
    Known {
        content_type: "application/vnd.oasis.opendocument.spreadsheet",
        sniffed_as: &["application/vnd.oasis.opendocument.spreadsheet"],
        kind: MediaKind::Document,
        extensions: &["ods"],
    },
    Known {
        content_type: "application/vnd.oasis.opendocument.presentation",
        sniffed_as: &["application/vnd.oasis.opendocument.presentation"],
        kind: MediaKind::Document,
        extensions: &["odp"],
    },
];

/// Extensions refused before anything is read: markup a browser would run.
const REFUSED_EXTENSIONS: &[&str] = &[
    "svg", "svgz", "html", "htm", "xhtml", "xht", "xml", "shtml", "mht", "mhtml",
];

/// Types browsers declare that say nothing about the file.
const GENERIC_DECLARED: &[&str] = &["", "application/octet-stream", "binary/octet-stream"];

/// An accepted upload: what it will be stored and served as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub kind: MediaKind,
    /// The content type it is served with (from the bytes).
    pub content_type: &'static str,
}

/// Why an upload was refused. The messages are shown to the uploader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is larger than the {} your plan allows.", human_bytes(*.limit_bytes))]
    TooLarge { limit_bytes: u64 },
    #[error("SVG and HTML files cannot be uploaded: they can contain scripts.")]
    Markup,
    #[error("This file's type could not be recognised from its contents. Upload {accepted}.")]
    Unrecognised { accepted: &'static str },
    #[error("This is {found}, which is not accepted here. Upload {accepted}.")]
    NotAccepted {
        found: &'static str,
        accepted: &'static str,
    },
    #[error("The file's contents ({found}) do not match its name or declared type.")]
    Mismatch { found: &'static str },
    #[error("The image could not be read: {0}.")]
    BadImage(String),
    #[error("The upload did not finish. Please try again.")]
    Interrupted,
    #[error("Choose a file to upload.")]
    NoFile,
}

/// Checks a file's name before its bytes are read: SVG and HTML are
/// refused by name too (sniffing cannot tell them from text).
pub fn check_name(file_name: &str) -> Result<(), UploadError> {
    match extension(file_name) {
        Some(ext) if REFUSED_EXTENSIONS.contains(&ext.as_str()) => Err(UploadError::Markup),
        _ => Ok(()),
    }
}

/// Decides what an upload is from the type `sniffed` from its first bytes
/// (`None` when nothing was recognised), the content type the browser
/// `declared` and the `file_name`'s extension. Errors: markup by name,
/// an unrecognised or unaccepted type, or a name or declared type that
/// says something else than the bytes.
pub fn classify(
    purpose: Purpose,
    sniffed: Option<&str>,
    declared: &str,
    file_name: &str,
) -> Result<Accepted, UploadError> {
    check_name(file_name)?;
    let declared = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if declared.contains("svg") || declared.contains("html") || declared.contains("xml") {
        return Err(UploadError::Markup);
    }
    let Some(known) = sniffed.and_then(|s| KNOWN.iter().find(|k| k.sniffed_as.contains(&s))) else {
        return Err(UploadError::Unrecognised {
            accepted: purpose.accepted(),
        });
    };
    if !purpose.allows(known.kind) {
        return Err(UploadError::NotAccepted {
            found: describe(known.content_type),
            accepted: purpose.accepted(),
        });
    }
    let name_matches =
        extension(file_name).is_some_and(|ext| known.extensions.contains(&ext.as_str()));
    let declared_matches = GENERIC_DECLARED.contains(&declared.as_str())
        || declared == known.content_type
        || known.sniffed_as.contains(&declared.as_str())
        || (known.content_type == "image/jpeg" && declared == "image/jpg");
    if !name_matches || !declared_matches {
        return Err(UploadError::Mismatch {
            found: describe(known.content_type),
        });
    }
    Ok(Accepted {
        kind: known.kind,
        content_type: known.content_type,
    })
}

/// A name for a content type that a person understands.
pub fn describe(content_type: &str) -> &'static str {
    match content_type {
        "video/mp4" => "an MP4 video",
        "video/webm" => "a WebM video",
        "application/pdf" => "a PDF",
        "image/png" => "a PNG image",
        "image/jpeg" => "a JPEG image",
        "image/webp" => "a WebP image",
        "application/msword"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            "a Word document"
        }
        "application/vnd.ms-excel"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
            "an Excel spreadsheet"
        }
        "application/vnd.ms-powerpoint"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
            "a PowerPoint presentation"
        }
        "application/vnd.oasis.opendocument.text" => "an OpenDocument text",
        "application/vnd.oasis.opendocument.spreadsheet" => "an OpenDocument spreadsheet",
        "application/vnd.oasis.opendocument.presentation" => "an OpenDocument presentation",
        _ => "a file of another type",
    }
}

fn extension(file_name: &str) -> Option<String> {
    let base = base_name(file_name);
    let (stem, ext) = base.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.trim().to_ascii_lowercase())
}

fn base_name(raw: &str) -> &str {
    raw.rsplit(['/', '\\']).next().unwrap_or(raw)
}

/// The most characters a stored file name keeps (`media_asset.file_name`).
pub const FILE_NAME_MAX: usize = 200;

/// The name an uploaded file is stored and offered for download under:
/// the last path component (browsers of old sent the whole path), without
/// hidden or direction-changing characters, at most [`FILE_NAME_MAX`]
/// characters (the extension kept), `"file"` when nothing is left.
pub fn clean_file_name(raw: &str) -> String {
    let cleaned = strip_hidden(base_name(raw));
    let cleaned = cleaned.trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        return "file".into();
    }
    if cleaned.chars().count() <= FILE_NAME_MAX {
        return cleaned;
    }
    let (stem, ext) = cleaned
        .rsplit_once('.')
        .filter(|(_, e)| e.chars().count() <= 10)
        .unwrap_or((&cleaned, ""));
    let keep = FILE_NAME_MAX - ext.chars().count() - usize::from(!ext.is_empty());
    let stem: String = stem.chars().take(keep).collect();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

const MIB: u64 = 1024 * 1024;

/// The largest file a tenant may upload, in bytes: the plan's size
/// (`settings.billing.plan`: starter 256 MiB, professional 1 GiB,
/// enterprise 4 GiB, none 256 MiB), unless the tenant's
/// `settings.features.max_upload_mb` says otherwise (1 MiB to 16 GiB).
pub fn upload_limit(plan: Option<&str>, max_upload_mb: Option<i64>) -> u64 {
    if let Some(mb) = max_upload_mb {
        return (mb.clamp(1, 16 * 1024) as u64) * MIB;
    }
    match plan {
        Some("enterprise") => 4096 * MIB,
        Some("professional") => 1024 * MIB,
        _ => 256 * MIB,
    }
}

/// Images are decoded whole to make their variants, so they have a limit
/// of their own, below every plan's: 20 MiB.
pub const IMAGE_LIMIT: u64 = 20 * MIB;

/// "256 MB", "1.5 GB", "900 KB": sizes as people read them (binary units,
/// written the way file managers show them).
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 10.0 || value.fract() < 0.05 {
        format!("{:.0} {}", value, UNITS[unit])
    } else {
        format!("{:.1} {}", value, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_decide_and_must_agree_with_the_name() {
        let ok = classify(
            Purpose::LessonVideo,
            Some("video/mp4"),
            "video/mp4",
            "intro.MP4",
        )
        .unwrap();
        assert_eq!(
            ok,
            Accepted {
                kind: MediaKind::Video,
                content_type: "video/mp4"
            }
        );
        // A generic declared type is fine; the bytes speak.
        assert!(classify(
            Purpose::Resource,
            Some("application/pdf"),
            "application/octet-stream",
            "notes.pdf"
        )
        .is_ok());
        assert!(classify(Purpose::Cover, Some("image/jpeg"), "image/jpg", "c.jpeg").is_ok());
        // An executable renamed .mp4: nothing recognised.
        assert_eq!(
            classify(
                Purpose::LessonVideo,
                Some("application/x-executable"),
                "video/mp4",
                "movie.mp4"
            ),
            Err(UploadError::Unrecognised {
                accepted: "an MP4 or WebM video"
            })
        );
        assert!(matches!(
            classify(Purpose::LessonVideo, None, "video/mp4", "movie.mp4"),
            Err(UploadError::Unrecognised { .. })
        ));
        // A PDF named .mp4, or declared as a video.
        assert_eq!(
            classify(
                Purpose::Resource,
                Some("application/pdf"),
                "application/pdf",
                "notes.mp4"
            ),
            Err(UploadError::Mismatch { found: "a PDF" })
        );
        assert!(matches!(
            classify(
                Purpose::Resource,
                Some("application/pdf"),
                "video/mp4",
                "notes.pdf"
            ),
            Err(UploadError::Mismatch { .. })
        ));
        assert!(matches!(
            classify(Purpose::Resource, Some("application/pdf"), "", "notes"),
            Err(UploadError::Mismatch { .. })
        ));
        // The right bytes for the wrong purpose.
        assert!(matches!(
            classify(Purpose::Cover, Some("application/pdf"), "", "a.pdf"),
            Err(UploadError::NotAccepted { found: "a PDF", .. })
        ));
        assert!(matches!(
            classify(Purpose::LessonVideo, Some("image/png"), "", "a.png"),
            Err(UploadError::NotAccepted { .. })
        ));
    }

    #[test]
    fn markup_is_refused_whatever_it_claims() {
        assert_eq!(check_name("logo.svg"), Err(UploadError::Markup));
        assert_eq!(check_name("C:\\x\\page.HTML"), Err(UploadError::Markup));
        assert_eq!(
            classify(Purpose::Cover, Some("image/png"), "image/svg+xml", "a.png"),
            Err(UploadError::Markup)
        );
        assert_eq!(
            classify(
                Purpose::Resource,
                Some("application/pdf"),
                "text/html",
                "a.pdf"
            ),
            Err(UploadError::Markup)
        );
        assert_eq!(check_name("slides.pdf"), Ok(()));
    }

    #[test]
    fn file_names_lose_paths_and_hidden_characters() {
        assert_eq!(clean_file_name("C:\\Users\\me\\week 1.pdf"), "week 1.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        // With U+202E inside, "reportfdp.exe" would read as "reportexe.pdf".
        assert_eq!(clean_file_name("report\u{202E}fdp.exe"), "reportfdp.exe");
        assert_eq!(clean_file_name("\u{200B}\u{0007}"), "file");
        assert_eq!(clean_file_name(".hidden"), "hidden");
        let long = format!("{}.pdf", "a".repeat(300));
        let cleaned = clean_file_name(&long);
        assert_eq!(cleaned.chars().count(), FILE_NAME_MAX);
        assert!(cleaned.ends_with("aaa.pdf"));
    }

    #[test]
    fn limits_follow_the_plan_unless_the_tenant_sets_one() {
        assert_eq!(upload_limit(Some("professional"), None), 1024 * MIB);
        assert_eq!(upload_limit(Some("enterprise"), None), 4096 * MIB);
        assert_eq!(upload_limit(None, None), 256 * MIB);
        assert_eq!(upload_limit(Some("enterprise"), Some(5)), 5 * MIB);
        assert_eq!(upload_limit(None, Some(-3)), MIB);
        assert_eq!(upload_limit(None, Some(i64::MAX)), 16 * 1024 * MIB);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(1536), "1.5 KB");
        assert_eq!(human_bytes(256 * MIB), "256 MB");
        assert_eq!(human_bytes(1024 * MIB), "1 GB");
        assert_eq!(
            UploadError::TooLarge {
                limit_bytes: 5 * MIB
            }
            .to_string(),
            "The file is larger than the 5 MB your plan allows."
        );
    }
}
