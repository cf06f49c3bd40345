//! Learning: enrollments, the course player, lesson progress, quiz
//! attempts and grades. The rules are in `lyceum::learning`; courses come
//! from the catalog (`catalog::enrollable`) and lessons from authoring
//! (`authoring::lessons::for_player`, `quiz_for_attempt`), never from their
//! tables.

use lyceum::navigation::{Access, NavItem};
use lyceum::Permission;

pub mod functions;
pub mod pages;
pub mod records;
pub mod routes;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod attempts;
#[cfg(feature = "ssr")]
pub mod certificate_pdf;
#[cfg(feature = "ssr")]
pub mod certificates;
#[cfg(feature = "ssr")]
pub mod credentials;
#[cfg(feature = "ssr")]
pub mod enrollments;
#[cfg(feature = "ssr")]
pub mod offer;
#[cfg(feature = "ssr")]
pub mod player;
#[cfg(feature = "ssr")]
pub mod progress;
#[cfg(feature = "ssr")]
pub mod quiz_form;
#[cfg(feature = "ssr")]
pub mod recommendations;
#[cfg(feature = "ssr")]
pub mod signing;
#[cfg(feature = "ssr")]
pub mod statistics;
#[cfg(feature = "ssr")]
pub mod tracker;
#[cfg(feature = "ssr")]
pub mod verify_page;

/// Learning's items in the main navigation.
pub const NAVIGATION: &[NavItem] = &[NavItem {
    label: "My learning",
    href: "/learning",
    access: Access::Permission(Permission::ProgressRead),
}];

/// Learning's background jobs: issuing a completed course's certificate.
#[cfg(feature = "ssr")]
pub fn jobs(handlers: crate::jobs::Handlers) -> crate::jobs::Handlers {
    handlers.with(certificates::ISSUE_JOB, certificates::issue_job)
}

/// The message for `?enroll_error=<code>` on a course page
/// (`offer::error_code` makes the codes).
#[cfg(feature = "ssr")]
pub fn enroll_error_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "full" => "This portal's plan has no room for another student. Ask the portal's administrators to raise the limit.",
        "revoked" => "Your enrollment in this course was withdrawn. Ask the portal's administrators if you think it should not have been.",
        "not_for_sale" => "This course is not for sale yet: it can be bought once this portal takes payments.",
        "busy" => "Many people are enrolling right now. Please try again in a moment.",
        "failed" => "Enrolling did not work. Please try again.",
        _ => return None,
    })
}

/// The message for `?quiz_error=<code>` in the player
/// (`quiz_form::error_code` makes the codes).
pub fn quiz_error_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "bad_answers" => "Your answers could not be read: an answer named a question or option that is not in this attempt. Nothing was submitted.",
        "already_submitted" => "This attempt was already submitted; it counts once.",
        "time_up" => "The time for this attempt is up.",
        "forbidden" => "Only learners enrolled in this course can take its quizzes.",
        "not_found" => "That attempt does not exist.",
        "busy" => "This attempt is being saved right now. Please try again in a moment.",
        "refused" | "failed" => "The quiz could not be submitted. Please try again.",
        _ => return None,
    })
}
