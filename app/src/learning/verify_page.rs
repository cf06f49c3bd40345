//! The body of `/verify/{code}` as HTML made on the server, escaped
//! throughout. Made here rather than as a view: the same page drawn by
//! components cost the main WebAssembly chunk 28 KB (brotli), although it
//! sits in a lazy route (measured; see docs/building.md), and the page has
//! nothing interactive but the admins' plain revoke form.

use super::records::CertificatePage;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use lyceum::learning::certificate::{ReasonError, REASON_MAX};

/// What the page shows of a certificate.
pub struct Shown<'a> {
    pub code: &'a str,
    pub learner_name: &'a str,
    pub course_title: &'a str,
    pub instructor_name: &'a str,
    pub issuer_name: &'a str,
    pub issuer_url: &'a str,
    pub completed_on: &'a str,
    /// When and why.
    pub revoked: Option<(&'a str, &'a str)>,
    pub signature_valid: bool,
    /// The viewer is an admin of the portal: the revoke form.
    pub can_revoke: bool,
    /// `?revoke_error=<code>` of a refused revocation.
    pub revoke_error: Option<ReasonError>,
}

/// The page for an unknown (or malformed) code.
pub fn not_found() -> CertificatePage {
    CertificatePage {
        found: false,
        title: "Certificate not found".into(),
        html: r#"<section class="notice verify verify--unknown" data-testid="verify-status" data-status="not-found">
<h1>No certificate with this code</h1>
<p>This portal has issued no certificate with the code in this address. Check that the link or the code was copied in full: a code is 26 letters and digits.</p>
</section>"#
            .into(),
    }
}

/// The page for a certificate.
pub fn page(c: &Shown<'_>) -> CertificatePage {
    let status = match (c.revoked.is_some(), c.signature_valid) {
        (true, _) => "revoked",
        (false, true) => "valid",
        (false, false) => "invalid",
    };
    let (headline, modifier, mark, line) = match status {
        "valid" => (
            "Valid certificate",
            "valid",
            "✓",
            format!(
                "Issued by {} and signed with its published key.",
                c.issuer_name
            ),
        ),
        "revoked" => (
            "This certificate has been revoked",
            "revoked",
            "!",
            format!(
                "{} withdrew it. It no longer certifies anything.",
                c.issuer_name
            ),
        ),
        _ => (
            "This certificate cannot be verified",
            "revoked",
            "!",
            "Its signature does not match what this portal published. Do not rely on it."
                .to_owned(),
        ),
    };
    let mut html = format!(
        r#"<article class="verify" data-testid="verify-status" data-status="{status}">
<header class="verify__status verify__status--{modifier}"><span class="verify__mark" aria-hidden="true">{mark}</span><div><h1>{headline}</h1><p class="small">{line}</p></div></header>"#,
        line = text(&line),
    );
    if let Some((on, reason)) = c.revoked {
        html.push_str(&format!(
            r#"<div class="alert alert--warning" role="status" data-testid="revoked-note"><p><strong>Revoked on {}. </strong>Reason: {}</p></div>"#,
            text(on),
            text(reason)
        ));
    }
    let code = text(c.code);
    let actions = if status == "valid" {
        format!(
            r#"<a class="button" href="/verify/{code}/certificate.pdf" download="" data-testid="certificate-pdf">Download PDF</a> "#
        )
    } else {
        String::new()
    };
    html.push_str(&format!(
        r#"<section class="panel verify__card">
<p class="verify__eyebrow">{issuer} · Certificate of completion</p>
<p class="verify__name" data-testid="verify-learner">{learner}</p>
<p class="muted">completed the course</p>
<p class="verify__course" data-testid="verify-course">{course}</p>
<dl class="facts verify__facts">
<dt>Instructor</dt><dd>{instructor}</dd>
<dt>Completed on</dt><dd>{completed}</dd>
<dt>Issued by</dt><dd><a href="{issuer_url}">{issuer}</a></dd>
<dt>Certificate code</dt><dd><code data-testid="verify-code">{code}</code></dd>
<dt>Signature</dt><dd data-testid="verify-signature">{signature}</dd>
</dl>
<div class="verify__actions">{actions}<a class="button button--quiet" href="/verify/{code}/credential.json" data-testid="credential-json">Signed credential (JSON)</a></div>
</section>
<section class="panel verify__how"><h2>Checking it yourself</h2>
<p class="small">The credential is an Open Badges 3.0 <code>OpenBadgeCredential</code>, signed as a VC-JWT (RS256). Its JSON holds the token; the portal's public keys are at <a href="/credentials/jwks.json">/credentials/jwks.json</a>, and the token's <code>kid</code> names the one that signed it. Revoked credentials are listed at <a href="/credentials/revocations.json">/credentials/revocations.json</a>.</p></section>"#,
        issuer = text(c.issuer_name),
        issuer_url = attr(c.issuer_url),
        learner = text(c.learner_name),
        course = text(c.course_title),
        instructor = text(c.instructor_name),
        completed = text(c.completed_on),
        signature = if c.signature_valid { "Verified (RS256)" } else { "Does not verify" },
    ));
    if c.can_revoke && c.revoked.is_none() {
        // A plain form, with or without JavaScript (a rare admin action:
        // the page reloads). A refusal comes back as `?revoke_error=`.
        let error = c.revoke_error.as_ref().map(|e| {
            format!(
                r#"<p class="field-error" id="reason-error" role="alert">{}</p>"#,
                text(&e.to_string())
            )
        });
        html.push_str(&format!(
            r#"<section class="panel verify__revoke" id="revoke" aria-labelledby="revoke-heading"><h2 id="revoke-heading">Revoke this certificate</h2>
<p class="small muted">Anyone who checks it will see that it was revoked, when, and your reason. This cannot be undone.</p>
<form method="post" action="/fn/learning/revoke" class="form" novalidate data-testid="revoke-form">
<input type="hidden" name="code" value="{code_attr}"/>
<div class="field"><label for="reason">Reason</label>
<input id="reason" name="reason" maxlength="{REASON_MAX}" required aria-invalid="{invalid}"{described}/>{error}</div>
<button type="submit" class="button button--danger" data-testid="revoke">Revoke</button>
</form></section>"#,
            code_attr = attr(c.code),
            invalid = error.is_some(),
            described = if error.is_some() { r#" aria-describedby="reason-error""# } else { "" },
            error = error.unwrap_or_default(),
        ));
    }
    html.push_str("</article>");
    CertificatePage {
        found: true,
        title: format!("Certificate: {} — {}", c.course_title, c.learner_name),
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown<'a>() -> Shown<'a> {
        Shown {
            code: "aaaaaaaaaaaaaaaaaaaaaaaaaa",
            learner_name: "<script>alert(1)</script>",
            course_title: "Rust & \"friends\"",
            instructor_name: "Ines",
            issuer_name: "Acme",
            issuer_url: "http://acme.localhost\" onmouseover=\"x",
            completed_on: "30 Nov 2026",
            revoked: None,
            signature_valid: true,
            can_revoke: true,
            revoke_error: Some(ReasonError::Missing),
        }
    }

    #[test]
    fn everything_people_wrote_is_escaped() {
        let page = page(&shown());
        assert!(!page.html.contains("<script>"));
        assert!(page.html.contains("&lt;script&gt;"));
        assert!(!page.html.contains("\" onmouseover=\"x"));
        assert!(page.html.contains(r#"data-status="valid""#));
        assert!(page.html.contains("Give a reason"));
        assert!(page.html.contains(r#"aria-describedby="reason-error""#));
    }

    #[test]
    fn revoked_and_unverifiable_certificates_offer_no_pdf_or_form() {
        let revoked = page(&Shown {
            revoked: Some(("1 Dec 2026", "Shared account")),
            ..shown()
        });
        assert!(revoked.html.contains(r#"data-status="revoked""#));
        assert!(!revoked.html.contains("certificate.pdf"));
        assert!(!revoked.html.contains("revoke-form"));
        let forged = page(&Shown {
            signature_valid: false,
            ..shown()
        });
        assert!(forged.html.contains(r#"data-status="invalid""#));
        assert!(!forged.html.contains("certificate.pdf"));
        assert!(!not_found().found);
    }
}
