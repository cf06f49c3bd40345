//! Certificates: issued by the background job when a course is completed
//! (never in the completing request), signed with the portal's own key,
//! verified, revoked by admins only, isolated per portal; the job queue's
//! retries; and the public endpoints over HTTP, the JWT checked against
//! the published JWK Set by an independent RSA implementation (`ring`).

use super::fixtures::Fixture;
use crate::helpers::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lyceum::learning::certificate::CertificateCode;
use lyceum::Actor;
use lyceum_app::error::AppError;
use lyceum_app::learning::certificates::{self, Certificate, Revocation, Signature};
use lyceum_app::learning::{enrollments, signing};

/// Enrolls and completes the course for `who`, runs the jobs, and returns
/// the certificate.
async fn certified(f: &Fixture, who: Actor) -> Certificate {
    f.enroll(who).await;
    f.complete_course(who).await;
    f.run_jobs().await;
    let mut tx = f.tx(who).await;
    let list = certificates::of_learner(&mut tx, who.id).await.unwrap();
    drop(tx);
    assert_eq!(list.len(), 1, "one certificate");
    list.into_iter().next().unwrap()
}

#[tokio::test]
async fn completing_a_course_queues_one_certificate_which_the_job_signs() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    f.enroll(f.learner).await;
    f.complete_course(f.learner).await;

    // The completing transaction only queued the job.
    let mut tx = f.tx(f.learner).await;
    let enrollment = enrollments::find(&mut tx, f.learner.id, f.course)
        .await
        .unwrap()
        .unwrap();
    let queued: (String, String) =
        sqlx::query_as("select kind, dedupe_key from job where tenant_id = current_tenant_id()")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    assert_eq!(
        queued,
        ("certificate.issue".into(), enrollment.id.to_string())
    );
    drop(tx);

    f.run_jobs().await;
    let mut tx = f.tx(f.learner).await;
    let cert = certificates::of_enrollment(&mut tx, enrollment.id)
        .await
        .unwrap()
        .expect("issued");
    assert_eq!(cert.learner, f.learner.id);
    assert_eq!(cert.course_title, "Learning Rust");
    assert_eq!(cert.code.as_str().len(), 26);
    assert_eq!(
        certificates::check(&mut tx, &cert).await.unwrap(),
        Signature::Valid
    );
    let done: bool = sqlx::query_scalar(
        "select done_at is not null from job where tenant_id = current_tenant_id()",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert!(done);
    drop(tx);

    // Running the job again, or a second run at once, issues nothing new.
    let job = f.job_env();
    let mut tx = f.tx(f.learner).await;
    let again = certificates::issue(&job, &mut tx, enrollment.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.code, cert.code);
    let count: i64 = sqlx::query_scalar("select count(*) from certificate")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(count, 1);
    drop(tx);

    // The claims are the Open Badges credential; the header only alg and kid.
    let parts: Vec<&str> = cert.credential_jwt.split('.').collect();
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header.as_object().unwrap().len(), 2, "{header}");
    assert_eq!(header["kid"], cert.key_id.as_str());
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["type"][1], "OpenBadgeCredential");
    assert_eq!(claims["id"], format!("urn:uuid:{}", cert.id));
    assert_eq!(claims["credentialStatus"]["type"], "1EdTechRevocationList");
    assert_eq!(
        claims["credentialSubject"]["achievement"]["name"],
        "Learning Rust"
    );
    f.cleanup().await;
}

#[tokio::test]
async fn a_changed_byte_or_another_portals_key_does_not_verify() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    let cert = certified(&f, f.learner).await;
    let mut tx = f.tx(f.learner).await;
    let key = signing::public_key(&mut tx, &cert.key_id)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    assert!(signing::verify(&cert.credential_jwt, &key, &cert.issuer_url).is_ok());

    // One byte of the payload changed: the signature fails.
    let parts: Vec<&str> = cert.credential_jwt.split('.').collect();
    let mut payload = URL_SAFE_NO_PAD.decode(parts[1]).unwrap();
    let at = payload.windows(8).position(|w| w == b"Learning").unwrap();
    payload[at] = b'l';
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(&payload),
        parts[2]
    );
    assert!(signing::verify(&forged, &key, &cert.issuer_url).is_err());
    let mut tampered = cert.clone();
    tampered.credential_jwt = forged;
    let mut tx = f.tx(f.learner).await;
    assert_eq!(
        certificates::check(&mut tx, &tampered).await.unwrap(),
        Signature::Invalid
    );
    drop(tx);

    // The record changed after signing (by hand, or a bug): no longer valid.
    sqlx::query("update certificate set course_title = 'Rust Mastery' where certificate_id = $1")
        .bind(cert.id)
        .execute(&f.base.owner)
        .await
        .unwrap();
    let mut tx = f.tx(f.learner).await;
    let edited = certificates::by_code(&mut tx, &cert.code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        certificates::check(&mut tx, &edited).await.unwrap(),
        Signature::Invalid
    );
    drop(tx);
    sqlx::query("update certificate set course_title = $2 where certificate_id = $1")
        .bind(cert.id)
        .bind(&cert.course_title)
        .execute(&f.base.owner)
        .await
        .unwrap();

    // The same claims signed by portal B's key, even naming A's key id.
    let mut tx_b = f.base.tx(&f.base.b, f.learner_b).await;
    let key_b = signing::current_or_create(&mut tx_b).await.unwrap();
    assert_ne!(key_b.key_id, cert.key_id);
    let claims: lyceum::learning::certificate::CredentialClaims =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    let by_b = signing::sign(&key_b, &claims).await.unwrap();
    // Its header named A's key: still B's signature.
    let relabelled = {
        let b_parts: Vec<&str> = by_b.split('.').collect();
        format!("{}.{}.{}", parts[0], b_parts[1], b_parts[2])
    };
    assert!(signing::verify(&relabelled, &key, &cert.issuer_url).is_err());
    tx_b.commit().await.unwrap();
    assert!(signing::verify(&by_b, &key, &cert.issuer_url).is_err());
    let mut tx = f.tx(f.learner).await;
    let mut forged = cert.clone();
    forged.credential_jwt = by_b;
    assert_eq!(
        certificates::check(&mut tx, &forged).await.unwrap(),
        Signature::Invalid
    );
    // B's key is not A's to find.
    assert!(signing::public_key(&mut tx, &key_b.key_id)
        .await
        .unwrap()
        .is_none());
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn only_admins_revoke_with_a_reason_and_other_portals_see_nothing() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    let cert = certified(&f, f.learner).await;

    // The learner, or the course's instructor, may not revoke.
    for who in [f.learner, super::fixtures::teacher_of(&f)] {
        let mut tx = f.tx(who).await;
        let err = certificates::revoke(&mut tx, who, &cert.code, "Because")
            .await
            .unwrap_err();
        assert_eq!(err, AppError::Forbidden);
    }
    // A reason is required, visible and bounded.
    let mut tx = f.tx(f.admin).await;
    for bad in ["", "   ", "a\u{202e}b", &"x".repeat(501)] {
        let err = certificates::revoke(&mut tx, f.admin, &cert.code, bad)
            .await
            .unwrap_err();
        assert!(
            err.field_errors()
                .is_some_and(|e| e.get("reason").is_some()),
            "{bad:?}: {err:?}"
        );
    }
    let unknown = CertificateCode::from_random([3; 16]);
    assert_eq!(
        certificates::revoke(&mut tx, f.admin, &unknown, "Issued in error")
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    let first = certificates::revoke(&mut tx, f.admin, &cert.code, "Issued in error")
        .await
        .unwrap();
    assert!(
        matches!(first, Revocation::Revoked(ref c) if c.revoked_reason.as_deref() == Some("Issued in error"))
    );
    // Twice: the first reason stands.
    let second = certificates::revoke(&mut tx, f.admin, &cert.code, "Another")
        .await
        .unwrap();
    assert!(
        matches!(second, Revocation::AlreadyRevoked(ref c) if c.revoked_reason.as_deref() == Some("Issued in error"))
    );
    tx.commit().await.unwrap();

    // Portal B finds neither the certificate nor A's keys.
    let mut tx_b = f.base.tx(&f.base.b, f.learner_b).await;
    assert!(certificates::by_code(&mut tx_b, &cert.code)
        .await
        .unwrap()
        .is_none());
    assert!(signing::public_keys(&mut tx_b)
        .await
        .unwrap()
        .iter()
        .all(|k| k.key_id != cert.key_id));
    let seen: i64 = sqlx::query_scalar("select count(*) from certificate")
        .fetch_one(&mut *tx_b)
        .await
        .unwrap();
    assert_eq!(seen, 0);
    drop(tx_b);
    f.cleanup().await;
}

#[tokio::test]
async fn after_a_key_rotation_old_and_new_certificates_both_verify() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    let first = certified(&f, f.learner).await;
    // What an operator runs: `lyceum-server rotate-key <subdomain>`.
    assert!(
        lyceum_server::keys::rotate(&owner_url(), &f.base.a.subdomain)
            .await
            .unwrap()
    );
    assert!(lyceum_server::keys::rotate(&owner_url(), "no-such-portal")
        .await
        .is_err());
    let second = certified(&f, f.other_learner).await;
    assert_ne!(first.key_id, second.key_id);
    let mut tx = f.tx(f.admin).await;
    let keys = signing::public_keys(&mut tx).await.unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().any(|k| k.key_id == first.key_id && k.retired));
    for cert in [&first, &second] {
        assert_eq!(
            certificates::check(&mut tx, cert).await.unwrap(),
            Signature::Valid
        );
    }
    drop(tx);
    f.cleanup().await;
}

fn failing<'a>(
    _env: &'a lyceum_app::jobs::JobEnv,
    _tx: &'a mut lyceum_app::db::TenantTx,
    _payload: &'a serde_json::Value,
) -> futures_util::future::BoxFuture<'a, Result<(), anyhow::Error>> {
    Box::pin(async { Err(anyhow::anyhow!("the mail server said no")) })
}

#[tokio::test]
async fn a_failing_job_is_retried_later_then_given_up_and_enqueued_once() {
    let f = Fixture::new().await;
    let kind = format!("test.fail{}", uuid::Uuid::new_v4().simple());
    let mut tx = f.tx(f.admin).await;
    assert!(
        lyceum_app::jobs::enqueue(&mut tx, &kind, "one", serde_json::json!({}))
            .await
            .unwrap()
    );
    assert!(
        !lyceum_app::jobs::enqueue(&mut tx, &kind, "one", serde_json::json!({}))
            .await
            .unwrap()
    );
    sqlx::query("update job set max_attempts = 2 where kind = $1")
        .bind(&kind)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let kind: &'static str = Box::leak(kind.into_boxed_str());
    let handlers = lyceum_app::jobs::Handlers::default().with(kind, failing);
    let env = f.job_env();
    let run = || lyceum_app::jobs::run_due(&f.base.db, &env, &handlers);
    assert_eq!(run().await.unwrap(), 0);
    let state = || async {
        sqlx::query_as::<_, (i32, Option<String>, bool, bool)>(
            "select attempts, last_error, run_at > now() + interval '3 seconds', failed_at is not null
               from job where kind = $1",
        )
        .bind(kind)
        .fetch_one(&f.base.owner)
        .await
        .unwrap()
    };
    let (attempts, error, later, failed) = state().await;
    assert_eq!((attempts, later, failed), (1, true, false));
    assert_eq!(error.as_deref(), Some("the mail server said no"));
    // Not due yet: nothing runs.
    run().await.unwrap();
    assert_eq!(state().await.0, 1);
    // Due again: the second failure is the last.
    sqlx::query("update job set run_at = now() where kind = $1")
        .bind(kind)
        .execute(&f.base.owner)
        .await
        .unwrap();
    run().await.unwrap();
    let (attempts, _, _, failed) = state().await;
    assert_eq!((attempts, failed), (2, true));
    f.cleanup().await;
}

fn steals_its_claim<'a>(
    _env: &'a lyceum_app::jobs::JobEnv,
    tx: &'a mut lyceum_app::db::TenantTx,
    payload: &'a serde_json::Value,
) -> futures_util::future::BoxFuture<'a, Result<(), anyhow::Error>> {
    Box::pin(async move {
        // As if its lease ran out and another worker claimed the job.
        sqlx::query("update job set locked_by = gen_random_uuid() where kind = $1")
            .bind(payload["kind"].as_str().unwrap())
            .execute(&mut **tx)
            .await?;
        Ok(())
    })
}

#[tokio::test]
async fn a_worker_whose_claim_was_taken_records_nothing() {
    let f = Fixture::new().await;
    let kind: &'static str =
        Box::leak(format!("test.slow{}", uuid::Uuid::new_v4().simple()).into_boxed_str());
    let mut tx = f.tx(f.admin).await;
    lyceum_app::jobs::enqueue(&mut tx, kind, "one", serde_json::json!({ "kind": kind }))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let handlers = lyceum_app::jobs::Handlers::default().with(kind, steals_its_claim);
    let done = lyceum_app::jobs::run_due(&f.base.db, &f.job_env(), &handlers)
        .await
        .unwrap();
    assert_eq!(done, 0);
    let (finished, attempts): (bool, i32) =
        sqlx::query_as("select done_at is not null, attempts from job where kind = $1")
            .bind(kind)
            .fetch_one(&f.base.owner)
            .await
            .unwrap();
    assert_eq!((finished, attempts), (false, 1));
    f.cleanup().await;
}

/// Verifies an RS256 JWT with `ring` (not the `rsa` crate that signed it)
/// and the JWK the portal publishes.
fn ring_verifies(jwt: &str, jwk: &serde_json::Value) -> bool {
    let (signed, signature) = jwt.rsplit_once('.').unwrap();
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    let e = URL_SAFE_NO_PAD.decode(jwk["e"].as_str().unwrap()).unwrap();
    let key = ring::signature::RsaPublicKeyComponents { n: &n, e: &e };
    let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    key.verify(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        signed.as_bytes(),
        &signature,
    )
    .is_ok()
}

#[tokio::test]
async fn the_public_endpoints_verify_and_the_jwks_checks_out_independently() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    let cert = certified(&f, f.learner).await;
    let app = TestApp::spawn().await;
    // The app serves the fixture's portals too (same database).
    let host = app.host_of(&f.base.a);
    let code = cert.code.as_str();

    // The JWK Set names the key by the JWT's kid; ring verifies with it.
    let jwks = app.get(&host, "/credentials/jwks.json", None).await;
    assert_eq!(jwks.status, 200);
    assert!(jwks.header("cache-control").unwrap().starts_with("public"));
    let set: serde_json::Value = serde_json::from_str(&jwks.body).unwrap();
    let kid = {
        let header = cert.credential_jwt.split('.').next().unwrap();
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
        header["kid"].as_str().unwrap().to_owned()
    };
    let jwk = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .expect("the kid is in the set")
        .clone();
    assert_eq!(jwk["alg"], "RS256");
    assert!(
        jwk.get("d").is_none() && jwk.get("p").is_none(),
        "no private part"
    );
    assert!(ring_verifies(&cert.credential_jwt, &jwk));
    let mut bytes = cert.credential_jwt.clone().into_bytes();
    let middle = bytes.len() / 2;
    bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
    assert!(!ring_verifies(&String::from_utf8(bytes).unwrap(), &jwk));
    // The key alone, by its kid.
    let one = app
        .get(&host, &format!("/credentials/keys/{kid}"), None)
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&one.body).unwrap(),
        jwk
    );

    // The credential JSON: valid, with the JWT and its claims.
    let json = app
        .get(&host, &format!("/verify/{code}/credential.json"), None)
        .await;
    assert_eq!(json.status, 200);
    let body: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(
        (body["status"].as_str(), body["signature"].as_str()),
        (Some("valid"), Some("valid"))
    );
    assert_eq!(body["jwt"], cert.credential_jwt.as_str());
    assert_eq!(
        body["credential"]["credentialSubject"]["identifier"][0]["identityHash"],
        cert.learner_name.as_str()
    );

    // Unknown and malformed codes answer alike; another portal knows nothing.
    let unknown = CertificateCode::from_random([9; 16]);
    for bad in [unknown.as_str(), "nope", "'%20or%201=1"] {
        let r = app
            .get(&host, &format!("/verify/{bad}/credential.json"), None)
            .await;
        assert_eq!(r.status, 404, "{bad}");
        assert!(r.body.contains("not_found"));
    }
    let other = app.host_of(&f.base.b);
    let r = app
        .get(&other, &format!("/verify/{code}/credential.json"), None)
        .await;
    assert_eq!(r.status, 404);
    let page = app.get(&other, &format!("/verify/{code}"), None).await;
    assert_eq!(page.status, 404);

    // The page and the PDF, for anyone.
    let page = app.get(&host, &format!("/verify/{code}"), None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Valid certificate"), "{}", page.body);
    assert!(page.body.contains(&cert.learner_name));
    assert!(!page.body.contains(r#"data-testid="revoke-form""#));
    let pdf = app
        .get(&host, &format!("/verify/{code}/certificate.pdf"), None)
        .await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(pdf.bytes.windows(26).any(|w| w == code.as_bytes()));

    // An admin sees the form and revokes with a plain form (no JavaScript).
    let admin_email = format!("adm{}@a.test", uuid::Uuid::new_v4().simple());
    create_user(
        &f.base.owner,
        &f.base.a,
        &admin_email,
        lyceum::Persona::Admin,
    )
    .await;
    let cookie = app.session_for(&f.base.a, &admin_email).await;
    let page = app
        .get(&host, &format!("/verify/{code}"), Some(&cookie))
        .await;
    assert!(page.body.contains(r#"data-testid="revoke-form""#));
    let empty = app
        .submit_html_form(
            &host,
            "/fn/learning/revoke",
            &[("code", code), ("reason", "  ")],
            Some(&cookie),
        )
        .await;
    assert_eq!(
        empty.location(),
        Some(format!("/verify/{code}?revoke_error=missing#revoke").as_str())
    );
    let page = app
        .get(
            &host,
            &format!("/verify/{code}?revoke_error=missing"),
            Some(&cookie),
        )
        .await;
    assert!(page.body.contains("Give a reason"));
    let done = app
        .submit_html_form(
            &host,
            "/fn/learning/revoke",
            &[("code", code), ("reason", "Issued in error")],
            Some(&cookie),
        )
        .await;
    assert_eq!(done.location(), Some(format!("/verify/{code}").as_str()));
    let page = app.get(&host, &format!("/verify/{code}"), None).await;
    assert!(page.body.contains("This certificate has been revoked"));
    assert!(page.body.contains("Issued in error"));
    let json = app
        .get(&host, &format!("/verify/{code}/credential.json"), None)
        .await;
    assert!(json.body.contains(r#""status":"revoked""#));
    let pdf = app
        .get(&host, &format!("/verify/{code}/certificate.pdf"), None)
        .await;
    assert_eq!(pdf.status, 410);
    // A learner's form post is refused.
    let learner = app.session_for(&f.base.a, &f.learner_email).await;
    let refused = app
        .post_form(
            &host,
            "/fn/learning/revoke",
            &[("code", code), ("reason", "x")],
            Some(&learner),
        )
        .await;
    assert_eq!(refused.status, 403);
    f.cleanup().await;
}
