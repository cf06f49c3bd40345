//! The course page's call to action, as HTML made on the server (the
//! catalog's course page sits in the main WebAssembly chunk and carries no
//! code for it): "Enroll now" on a free course, the price and a "Buy"
//! button that says the course is not for sale yet on a paid one (commerce
//! will complete it), "Continue learning" with progress once enrolled.
//!
//! The enroll form posts to the `enroll` server function, with or without
//! JavaScript; a refusal comes back as `?enroll_error=<code>` on the
//! course page (`learning::enroll_error_message`).

use super::records::CourseProgress;
use crate::db::TenantTx;
use crate::error::AppError;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use lyceum::catalog::pricing::PricingModel;
use lyceum::learning::enrollment::EnrollmentStatus;
use lyceum::{Actor, CourseId};

/// What the course page tells the panel about the course.
pub struct Offer<'a> {
    pub course: CourseId,
    pub slug: &'a str,
    pub pricing: PricingModel,
    pub published: bool,
}

/// The panel's HTML (escaped throughout; empty for a course that is not
/// published, whose page only its staff see).
pub async fn panel_html(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
    offer: Offer<'_>,
) -> Result<String, AppError> {
    if !offer.published {
        return Ok(String::new());
    }
    let slug = offer.slug;
    // A refused enrollment comes back as `?enroll_error=<code>` on this
    // page (always a full page load: the form posts natively).
    let refusal = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(str::to_owned))
        .and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "enroll_error")
                .map(|(_, v)| v.into_owned())
        })
        .and_then(|code| super::enroll_error_message(&code))
        .map(|m| format!(r#"<div class="alert alert--error" role="alert" data-testid="enroll-error">{}</div>"#, text(m)))
        .unwrap_or_default();
    let standing = match viewer {
        Some(v) => super::player::standing(tx, v, offer.course).await?,
        None => None,
    };
    let panel = match (standing, viewer) {
        (Some((EnrollmentStatus::Revoked, _)), _) => {
            r#"<p class="alert alert--warning" data-testid="enrollment-state">Your enrollment in this course was withdrawn.</p>"#.to_owned()
        }
        (Some((status, progress)), _) => enrolled(slug, status, progress),
        (None, _) if offer.pricing != PricingModel::Free => {
            // Commerce will make this a checkout; until then, no pretend one.
            r#"<button type="button" class="button button--block" disabled data-testid="buy">Buy</button>
<p class="muted small" data-testid="not-for-sale">Not for sale yet: this portal does not take payments yet.</p>"#
                .to_owned()
        }
        (None, None) => {
            let next = lyceum::url::encode_path_value(&format!("/courses/{slug}"));
            format!(
                r#"<a class="button button--block" href="/login?next={next}" data-testid="enroll-login">Log in to enroll</a>
<p class="muted small">New here? <a href="/register">Create a free account</a>.</p>"#,
                next = attr(&next)
            )
        }
        (None, Some(_)) => format!(
            r#"<form method="post" action="/fn/learning/enroll" class="enroll-form">
<input type="hidden" name="course" value="{course}"/>
<button type="submit" class="button button--block" data-testid="enroll">Enroll now</button>
</form>"#,
            course = attr(&offer.course.to_string())
        ),
    };
    Ok(format!("{refusal}{panel}"))
}

fn enrolled(slug: &str, status: EnrollmentStatus, progress: CourseProgress) -> String {
    let href = format!("/learn/{slug}");
    let (label, note) = if status == EnrollmentStatus::Completed {
        ("Review the course", "You completed this course.".to_owned())
    } else {
        (
            "Continue learning",
            format!("You are enrolled · {} % complete", progress.percent),
        )
    };
    format!(
        r#"<a class="button button--block" href="{href}" data-testid="continue">{label}</a>
<p class="muted small" data-testid="enrollment-state">{note}</p>
<progress class="progress" max="100" value="{percent}" aria-label="Course progress">{percent} %</progress>"#,
        href = attr(&href),
        note = text(&note),
        percent = progress.percent,
    )
}

/// The code for an enrollment refusal, for `learning::enroll_error_message`.
pub fn error_code(err: &AppError) -> &'static str {
    match err {
        AppError::PaymentRequired => "not_for_sale",
        AppError::Busy { .. } => "busy",
        AppError::Invalid(fields) => match fields.iter().next() {
            Some((_, m)) if m.contains("withdrawn") => "revoked",
            Some((_, m)) if m.contains("students") => "full",
            _ => "failed",
        },
        _ => "failed",
    }
}
