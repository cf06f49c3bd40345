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

/// What learning puts on a course page, as HTML (escaped throughout).
pub struct Panels {
    /// The call to action; empty for a course that is not published, whose
    /// page only its staff see.
    pub enroll_html: String,
    /// The review form, for a viewer enrolled in it (not withdrawn).
    pub review_form_html: String,
}

/// The course page's panels; the viewer's enrollment is read once for both.
pub async fn panel_html(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
    offer: Offer<'_>,
) -> Result<Panels, AppError> {
    if !offer.published {
        return Ok(Panels {
            enroll_html: String::new(),
            review_form_html: String::new(),
        });
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
    let review_form_html = match (viewer, &standing) {
        (Some(v), Some((status, _))) if *status != EnrollmentStatus::Revoked => {
            review_form(tx, v, offer.course).await?
        }
        _ => String::new(),
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
    Ok(Panels {
        enroll_html: format!("{refusal}{panel}"),
        review_form_html,
    })
}

/// The message for `?review_error=<code>` (the codes
/// [`review_error_code`] makes).
pub fn review_error_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "rating" => "Choose a rating from 1 to 5 stars.",
        "body" => "Your review could not be saved as written: keep it under 2000 characters, without hidden or direction-changing characters.",
        "not_enrolled" => "Only learners enrolled in this course can review it.",
        "busy" => "Many people are busy here right now. Please try again in a moment.",
        "failed" => "Your review could not be saved. Please try again.",
        _ => return None,
    })
}

/// The code of a refused review, for `?review_error=`.
pub fn review_error_code(err: &AppError) -> &'static str {
    match err {
        AppError::Invalid(fields) if fields.get("rating").is_some() => "rating",
        AppError::Invalid(fields) if fields.get("body").is_some() => "body",
        AppError::Forbidden => "not_enrolled",
        AppError::Busy { .. } => "busy",
        _ => "failed",
    }
}

/// The review form for a viewer enrolled in the course (its current
/// review filled in); with the outcome of the last post (`?review=saved`,
/// `?review_error=<code>`). Posts natively to the `review_course` server
/// function, with or without JavaScript.
async fn review_form(
    tx: &mut TenantTx,
    viewer: Actor,
    course: CourseId,
) -> Result<String, AppError> {
    let mine = crate::catalog::reviews::by(tx, viewer.id, course).await?;
    let query: Vec<(String, String)> = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(str::to_owned))
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let note = if let Some(message) = query
        .iter()
        .find(|(k, _)| k == "review_error")
        .and_then(|(_, code)| review_error_message(code))
    {
        format!(
            r#"<div class="alert alert--error" role="alert" data-testid="review-error">{}</div>"#,
            text(message)
        )
    } else if query.iter().any(|(k, v)| k == "review" && v == "saved") {
        r#"<div class="alert alert--success" role="status" data-testid="review-saved">Thank you: your review is saved.</div>"#.to_owned()
    } else {
        String::new()
    };
    let (current, body) = mine.clone().unwrap_or((0, String::new()));
    let stars: String = (1..=5u8)
        .rev()
        .map(|n| {
            format!(
                r#"<input type="radio" id="rating-{n}" name="rating" value="{n}"{checked}/><label for="rating-{n}" title="{n} star{s}">★<span class="visually-hidden">{n} star{s}</span></label>"#,
                checked = if n == current { " checked" } else { "" },
                s = if n == 1 { "" } else { "s" },
            )
        })
        .collect();
    Ok(format!(
        r#"<form method="post" action="/fn/learning/review" class="review-form panel" data-testid="review-form">
{note}<h3>{heading}</h3>
<input type="hidden" name="course" value="{course}"/>
<fieldset class="star-input"><legend>Your rating</legend><div class="star-input__stars">{stars}</div></fieldset>
<div class="field"><label for="review-body">Your review <span class="muted">(optional)</span></label>
<textarea id="review-body" name="body" rows="4" maxlength="{max}">{body}</textarea></div>
<button type="submit" class="button" data-testid="save-review">{button}</button>
</form>"#,
        heading = if mine.is_some() {
            "Your review"
        } else {
            "Rate this course"
        },
        course = attr(&course.to_string()),
        max = lyceum::catalog::review::BODY_MAX,
        body = text(&body),
        button = if mine.is_some() {
            "Update your review"
        } else {
            "Post your review"
        },
    ))
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
