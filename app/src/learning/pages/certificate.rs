//! `/verify/{code}`: a certificate's public verification page (no login),
//! with "Revoke" for the portal's admins; and `/admin/certificates`, the
//! admins' list.

use crate::learning::functions::{portal_certificates, verify_certificate};
use crate::learning::records::CertificateRow;
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.with(|p| p.get("code").unwrap_or_default()),
            query.with(|q| q.get("revoke_error").unwrap_or_default()),
        )
    };
    let page = crate::wire::resource(key, |(code, error)| verify_certificate(code, error));
    view! {
        <Meta name="robots" content="noindex"/>
        <Transition fallback=|| view! { <p class="muted">"Checking the certificate…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    page.await.map(|p| {
                        if !p.found {
                            crate::ui::set_status(404);
                        }
                        // Made and escaped on the server (learning::verify_page).
                        view! { <Title text=p.title/><div inner_html=p.html></div> }
                    })
                })}
            </ErrorBoundary>
        </Transition>
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
