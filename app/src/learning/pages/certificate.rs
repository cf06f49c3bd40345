//! `/verify/{code}`: a certificate's public verification page (no login),
//! with "Revoke" for the portal's admins; and `/admin/certificates`, the
//! admins' list.

use crate::learning::functions::{portal_certificates, verify_certificate, RevokeCertificate};
use crate::learning::records::{CertificateCheck, CertificateRow, VerifiedCertificate};
use crate::ui::{action_error, ErrorList};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::learning::certificate::{ReasonError, REASON_MAX};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let revoke = ServerAction::<RevokeCertificate>::new();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    // Loaded again once a revocation succeeds (not after a refusal, which
    // would redraw the form and lose what the admin typed).
    let revoked = move || revoke.value().with(|v| matches!(v, Some(Ok(()))));
    let check = crate::wire::resource(
        move || (code(), revoked()),
        |(code, _)| verify_certificate(code),
    );
    view! {
        <Meta name="robots" content="noindex"/>
        <Transition fallback=|| view! { <p class="muted">"Checking the certificate…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    check.await.map(|c| match c {
                        CertificateCheck::NotFound => view! { <Unknown/> }.into_any(),
                        CertificateCheck::Found(c) => view! { <Verified c=*c revoke/> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Unknown() -> impl IntoView {
    crate::ui::set_status(404);
    view! {
        <Title text="Certificate not found"/>
        <section class="notice verify verify--unknown" data-testid="verify-status" data-status="not-found">
            <h1>"No certificate with this code"</h1>
            <p>"This portal has issued no certificate with the code in this address. Check that the link or the code was copied in full: a code is 26 letters and digits."</p>
        </section>
    }
}

#[component]
fn Verified(c: VerifiedCertificate, revoke: ServerAction<RevokeCertificate>) -> impl IntoView {
    let trusted = c.signature_valid && c.revoked.is_none();
    let status = if c.revoked.is_some() {
        "revoked"
    } else if c.signature_valid {
        "valid"
    } else {
        "invalid"
    };
    let (headline, class) = match status {
        "valid" => ("Valid certificate", "verify__status verify__status--valid"),
        "revoked" => (
            "This certificate has been revoked",
            "verify__status verify__status--revoked",
        ),
        _ => (
            "This certificate cannot be verified",
            "verify__status verify__status--revoked",
        ),
    };
    let json = format!("/verify/{}/credential.json", c.code);
    let pdf = format!("/verify/{}/certificate.pdf", c.code);
    view! {
        <Title text=format!("Certificate: {} — {}", c.course_title, c.learner_name)/>
        <article class="verify" data-testid="verify-status" data-status=status>
            <header class=class>
                <span class="verify__mark" aria-hidden="true">{if status == "valid" { "✓" } else { "!" }}</span>
                <div>
                    <h1>{headline}</h1>
                    <p class="small">{match status {
                        "valid" => format!("Issued by {} and signed with its published key.", c.issuer_name),
                        "revoked" => format!("{} withdrew it. It no longer certifies anything.", c.issuer_name),
                        _ => "Its signature does not match what this portal published. Do not rely on it.".to_owned(),
                    }}</p>
                </div>
            </header>
            {c.revoked.clone().map(|(on, reason)| view! {
                <div class="alert alert--warning" role="status" data-testid="revoked-note">
                    <p><strong>{format!("Revoked on {on}. ")}</strong>"Reason: "{reason}</p>
                </div>
            })}
            <section class="panel verify__card">
                <p class="verify__eyebrow">{c.issuer_name.clone()}" · Certificate of completion"</p>
                <p class="verify__name" data-testid="verify-learner">{c.learner_name.clone()}</p>
                <p class="muted">"completed the course"</p>
                <p class="verify__course" data-testid="verify-course">{c.course_title.clone()}</p>
                <dl class="facts verify__facts">
                    <dt>"Instructor"</dt><dd>{c.instructor_name.clone()}</dd>
                    <dt>"Completed on"</dt><dd>{c.completed_on.clone()}</dd>
                    <dt>"Issued by"</dt><dd><a href=c.issuer_url.clone()>{c.issuer_name.clone()}</a></dd>
                    <dt>"Certificate code"</dt><dd><code data-testid="verify-code">{c.code.clone()}</code></dd>
                    <dt>"Signature"</dt><dd data-testid="verify-signature">{if c.signature_valid { "Verified (RS256)" } else { "Does not verify" }}</dd>
                </dl>
                <div class="verify__actions">
                    {trusted.then(|| view! { <a class="button" href=pdf.clone() download="" data-testid="certificate-pdf">"Download PDF"</a> })}
                    <a class="button button--quiet" href=json.clone() data-testid="credential-json">"Signed credential (JSON)"</a>
                </div>
            </section>
            <section class="panel verify__how">
                <h2>"Checking it yourself"</h2>
                <p class="small">"The credential is an Open Badges 3.0 "<code>"OpenBadgeCredential"</code>", signed as a VC-JWT (RS256). Its JSON holds the token; the portal's public keys are at "
                    <a href="/credentials/jwks.json">"/credentials/jwks.json"</a>", and the token's "<code>"kid"</code>" names the one that signed it."</p>
            </section>
            {(c.can_revoke && c.revoked.is_none()).then(|| view! { <RevokeForm code=c.code.clone() revoke/> })}
        </article>
    }
}

#[component]
fn RevokeForm(code: String, revoke: ServerAction<RevokeCertificate>) -> impl IntoView {
    let query = use_query_map();
    let error = action_error(revoke);
    let message = move || {
        error
            .get()
            .map(|e| {
                e.field_errors()
                    .and_then(|f| f.get("reason").map(str::to_owned))
                    .unwrap_or_else(|| e.to_string())
            })
            .or_else(|| {
                query.with(|q| {
                    q.get("revoke_error")
                        .and_then(|c| ReasonError::from_code(&c))
                        .map(|e| e.to_string())
                })
            })
    };
    view! {
        <section class="panel verify__revoke" id="revoke" aria-labelledby="revoke-heading">
            <h2 id="revoke-heading">"Revoke this certificate"</h2>
            <p class="small muted">"Anyone who checks it will see that it was revoked, when, and your reason. This cannot be undone."</p>
            <ActionForm action=revoke attr:class="form" attr:novalidate=true attr:data-testid="revoke-form">
                <input type="hidden" name="code" value=code/>
                <div class="field">
                    <label for="reason">"Reason"</label>
                    <input id="reason" name="reason" maxlength=REASON_MAX.to_string() required=true
                        aria-invalid=move || message().is_some().to_string()
                        aria-describedby=move || message().is_some().then_some("reason-error")/>
                    {move || message().map(|m| view! { <p class="field-error" id="reason-error" role="alert">{m}</p> })}
                </div>
                <button type="submit" class="button button--danger" data-testid="revoke">"Revoke"</button>
            </ActionForm>
        </section>
    }
}

/// The admins' list of the portal's certificates.
#[component]
pub fn CertificatesPage() -> impl IntoView {
    let list = crate::wire::resource(|| (), |()| portal_certificates());
    view! {
        <Title text="Certificates"/>
        <header class="page-header">
            <h1>"Certificates"</h1>
            <p class="muted">"Issued when a learner completes a course. Open one to see its public page, or to revoke it."</p>
        </header>
        <Suspense fallback=|| view! { <p class="muted">"Loading certificates…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { list.await.map(|rows| view! { <CertificateTable rows/> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn CertificateTable(rows: Vec<CertificateRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <section class="empty-state"><h2>"No certificates yet"</h2>
                <p>"A certificate is issued when a learner completes every lesson of a course."</p></section>
        }
        .into_any();
    }
    view! {
        <div class="panel table-scroll">
            <table class="table" data-testid="certificates">
                <thead><tr><th scope="col">"Learner"</th><th scope="col">"Course"</th><th scope="col">"Issued"</th><th scope="col">"Status"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=format!("/verify/{}", r.code)>{r.learner_name}</a></td>
                            <td>{r.course_title}</td>
                            <td class="nowrap">{r.issued_on}</td>
                            <td>{if r.revoked { view! { <span class="badge badge--revoked">"Revoked"</span> }.into_any() } else { view! { <span class="badge badge--valid">"Valid"</span> }.into_any() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
