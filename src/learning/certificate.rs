//! Certificates of completion: the public code that names one, the reason
//! given when one is revoked, and the Open Badges 3.0 credential it carries.
//!
//! The credential is an `OpenBadgeCredential` in the shape of the W3C
//! Verifiable Credentials Data Model 2.0, secured as a VC-JWT (1EdTech Open
//! Badges Specification 3.0, §8.2 "JSON Web Token Proof Format"): the JWT's
//! claims are the credential itself plus `iss` (the issuer's id), `jti`
//! (the credential's id) and `nbf` (`validFrom` in seconds); its header is
//! only `alg` and `kid` (§8.2.3 forbids other JOSE headers). The credential
//! subject has no `id` (our learners have no DID), so there is no `sub`
//! claim; the learner is named by an `IdentityObject` instead.
//!
//! The credential's id is `urn:uuid:<certificate id>`, not its public page:
//! its `credentialStatus` points at the portal's 1EdTech Revocation List,
//! which names revoked credentials by id, and a list of public codes would
//! let anyone look up whose certificates were revoked.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The public code of a certificate: 128 random bits as 26 lowercase
/// base32 letters (RFC 4648 alphabet, no padding), e.g.
/// `k7x2m9q4r8t1v6w3y5z0a2b4c6` — too many to guess, so codes cannot be
/// enumerated. Parsed before any lookup.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CertificateCode(String);

/// Characters in a code.
pub const CODE_LEN: usize = 26;

impl CertificateCode {
    /// The code of 16 random bytes (the caller draws them from a CSPRNG).
    pub fn from_random(bytes: [u8; 16]) -> CertificateCode {
        let encoded = data_encoding::BASE32_NOPAD.encode(&bytes);
        CertificateCode(encoded.to_ascii_lowercase())
    }

    /// A code as typed or linked: surrounding spaces and case are forgiven;
    /// anything else that is not 26 base32 letters is `None`.
    pub fn parse(raw: &str) -> Option<CertificateCode> {
        let code = raw.trim().to_ascii_lowercase();
        let ok = code.len() == CODE_LEN
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b));
        ok.then_some(CertificateCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CertificateCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Longest revocation reason, in characters.
pub const REASON_MAX: usize = 500;

/// Why a revocation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("Give a reason: the verification page shows it.")]
    Missing,
    #[error("Keep the reason under {REASON_MAX} characters.")]
    TooLong,
    #[error("The reason contains characters that cannot be shown.")]
    Invisible,
}

impl ReasonError {
    const ALL: [ReasonError; 3] = [
        ReasonError::Missing,
        ReasonError::TooLong,
        ReasonError::Invisible,
    ];

    /// A short code for a URL (`?revoke_error=`), when a form without
    /// JavaScript is sent back.
    pub fn code(&self) -> &'static str {
        match self {
            ReasonError::Missing => "missing",
            ReasonError::TooLong => "too_long",
            ReasonError::Invisible => "invisible",
        }
    }

    pub fn from_code(code: &str) -> Option<ReasonError> {
        ReasonError::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// A revocation reason: visible text (`text::visible_text`, which also
/// refuses bidirectional controls), at most [`REASON_MAX`] characters.
pub fn revocation_reason(raw: &str) -> Result<String, ReasonError> {
    use crate::text::TextError;
    crate::text::visible_text(raw, REASON_MAX).map_err(|e| match e {
        TextError::Empty => ReasonError::Missing,
        TextError::TooLong(_) => ReasonError::TooLong,
        _ => ReasonError::Invisible,
    })
}

/// What a certificate states, as issued.
#[derive(Debug, Clone)]
pub struct CertificateFacts<'a> {
    /// The certificate's own id (the credential is `urn:uuid:<id>`).
    pub id: uuid::Uuid,
    pub code: &'a CertificateCode,
    pub learner_name: &'a str,
    pub course_title: &'a str,
    /// The course page's absolute URL: the achievement's id.
    pub course_url: &'a str,
    pub course_summary: &'a str,
    pub instructor_name: &'a str,
    /// The instructor's public page, the achievement creator's id.
    pub instructor_url: &'a str,
    pub issuer_name: &'a str,
    /// The portal's origin, `scheme://host[:port]`: the issuer's id.
    pub issuer_url: &'a str,
    pub completed_at: OffsetDateTime,
}

/// `urn:uuid:<certificate id>`: the credential's id and `jti`.
pub fn credential_id(certificate: uuid::Uuid) -> String {
    format!("urn:uuid:{}", certificate.hyphenated())
}

/// The portal's revocation list (1EdTech Revocation List Status Method).
pub fn revocation_list_url(issuer_url: &str) -> String {
    format!("{issuer_url}/credentials/revocations.json")
}

/// `{issuer_url}/verify/{code}`.
pub fn verify_url(issuer_url: &str, code: &CertificateCode) -> String {
    format!("{issuer_url}/verify/{code}")
}

/// The JSON-LD contexts an `OpenBadgeCredential` names, in this order
/// (OB 3.0 §B.1.1: the VC 2.0 context first, then the OB 3.0 context).
pub const CONTEXTS: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The JWT claims of an Open Badges 3.0 VC-JWT: the credential's own
/// properties at the top level, plus `iss`, `jti` and `nbf` (OB 3.0 §8.2.4.1).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CredentialClaims {
    #[serde(rename = "@context")]
    pub context: Vec<String>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub issuer: Issuer,
    #[serde(rename = "validFrom")]
    pub valid_from: String,
    pub name: String,
    #[serde(rename = "credentialSubject")]
    pub credential_subject: Subject,
    #[serde(rename = "credentialStatus")]
    pub credential_status: CredentialStatus,
    pub iss: String,
    pub jti: String,
    /// Seconds since the Unix epoch.
    pub nbf: i64,
}

/// Where to learn whether the credential was revoked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CredentialStatus {
    pub id: String,
    /// `1EdTechRevocationList`.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Issuer {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Subject {
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    /// OB 3.0 §B.1.5: an AchievementSubject without an `id` names its
    /// holder by `identifier`.
    pub identifier: Vec<Identity>,
    pub achievement: Achievement,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Identity {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "identityHash")]
    pub identity_hash: String,
    #[serde(rename = "identityType")]
    pub identity_type: String,
    pub hashed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Achievement {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    #[serde(rename = "achievementType")]
    pub achievement_type: String,
    pub name: String,
    pub description: String,
    pub criteria: Criteria,
    pub creator: Creator,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Criteria {
    pub narrative: String,
}

/// Who made the achievement: the course's instructor, on the issuer's
/// portal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Creator {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub name: String,
}

/// RFC 3339 in UTC to the second, as VC 2.0's `validFrom` wants it.
fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The claims of the certificate's credential.
pub fn credential_claims(facts: &CertificateFacts<'_>) -> CredentialClaims {
    let id = credential_id(facts.id);
    let summary = facts.course_summary.trim();
    CredentialClaims {
        context: CONTEXTS.iter().map(|c| (*c).to_owned()).collect(),
        id: id.clone(),
        kind: vec!["VerifiableCredential".into(), "OpenBadgeCredential".into()],
        issuer: Issuer {
            id: facts.issuer_url.to_owned(),
            kind: vec!["Profile".into()],
            name: facts.issuer_name.to_owned(),
            url: facts.issuer_url.to_owned(),
        },
        valid_from: rfc3339(facts.completed_at),
        name: format!("Certificate of completion: {}", facts.course_title),
        credential_subject: Subject {
            kind: vec!["AchievementSubject".into()],
            identifier: vec![Identity {
                kind: "IdentityObject".into(),
                identity_hash: facts.learner_name.to_owned(),
                identity_type: "name".into(),
                hashed: false,
            }],
            achievement: Achievement {
                id: facts.course_url.to_owned(),
                kind: vec!["Achievement".into()],
                achievement_type: "Course".into(),
                name: facts.course_title.to_owned(),
                description: if summary.is_empty() {
                    format!("The course {}.", facts.course_title)
                } else {
                    summary.to_owned()
                },
                criteria: Criteria {
                    narrative:
                        "Completed every lesson of the course, and passed each of its quizzes."
                            .into(),
                },
                creator: Creator {
                    id: facts.instructor_url.to_owned(),
                    kind: vec!["Profile".into()],
                    name: facts.instructor_name.to_owned(),
                },
            },
        },
        credential_status: CredentialStatus {
            id: revocation_list_url(facts.issuer_url),
            kind: "1EdTechRevocationList".into(),
        },
        iss: facts.issuer_url.to_owned(),
        jti: id,
        nbf: facts.completed_at.unix_timestamp(),
    }
}

/// What a stored certificate says, to hold its verified claims against.
#[derive(Debug, Clone)]
pub struct Stated<'a> {
    pub id: uuid::Uuid,
    pub issuer_url: &'a str,
    pub issuer_name: &'a str,
    pub learner_name: &'a str,
    pub course_title: &'a str,
    pub instructor_name: &'a str,
    pub completed_at: OffsetDateTime,
}

/// Whether verified claims say everything the certificate's record says:
/// its id, issuer, learner, course, instructor and completion time. A
/// record changed after signing (by a bug, or by hand) no longer matches.
pub fn claims_match(claims: &CredentialClaims, stated: &Stated<'_>) -> bool {
    let id = credential_id(stated.id);
    let achievement = &claims.credential_subject.achievement;
    claims.id == id
        && claims.jti == id
        && claims.iss == stated.issuer_url
        && claims.issuer.id == stated.issuer_url
        && claims.issuer.name == stated.issuer_name
        && achievement.name == stated.course_title
        && achievement.creator.name == stated.instructor_name
        && claims.nbf == stated.completed_at.unix_timestamp()
        && claims.valid_from == rfc3339(stated.completed_at)
        && claims.credential_subject.identifier.iter().any(|i| {
            i.identity_type == "name" && !i.hashed && i.identity_hash == stated.learner_name
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_26_base32_letters_of_the_random_bytes() {
        let code = CertificateCode::from_random([0xff; 16]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert_eq!(code.as_str(), "77777777777777777777777774");
        let other = CertificateCode::from_random([0; 16]);
        assert_eq!(other.as_str(), "aaaaaaaaaaaaaaaaaaaaaaaaaa");
        assert_ne!(code, other);
    }

    #[test]
    fn parsing_forgives_case_and_spaces_only() {
        let code = CertificateCode::from_random([7; 16]);
        let upper = format!("  {}\n", code.as_str().to_ascii_uppercase());
        assert_eq!(CertificateCode::parse(&upper), Some(code.clone()));
        for bad in [
            "",
            "abc",
            &code.as_str()[1..],
            &format!("{}a", code.as_str()),
            "aaaaaaaaaaaaaaaaaaaaaaaaa1",
            "aaaaaaaaaaaaaaaaaaaaaaaa/.",
            "aaaaaaaaaaaaaaaaaaaaaaaaa\u{202e}",
            "' or 1=1 --aaaaaaaaaaaaaaa",
        ] {
            assert_eq!(CertificateCode::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reasons_are_visible_bounded_text() {
        assert_eq!(
            revocation_reason("  Issued in error "),
            Ok("Issued in error".into())
        );
        assert_eq!(revocation_reason("   "), Err(ReasonError::Missing));
        assert_eq!(
            revocation_reason(&"x".repeat(501)),
            Err(ReasonError::TooLong)
        );
        assert_eq!(
            revocation_reason(&"x".repeat(500)).map(|r| r.len()),
            Ok(500)
        );
        assert_eq!(revocation_reason("a\u{202e}b"), Err(ReasonError::Invisible));
        for e in ReasonError::ALL {
            assert_eq!(ReasonError::from_code(e.code()), Some(e));
        }
        assert_eq!(ReasonError::from_code("other"), None);
    }

    const ID: uuid::Uuid = uuid::Uuid::from_u128(7);

    fn facts(code: &CertificateCode) -> CertificateFacts<'_> {
        CertificateFacts {
            id: ID,
            code,
            learner_name: "Lena Learner",
            course_title: "Rust Fundamentals",
            course_url: "https://acme.example/courses/rust-fundamentals",
            course_summary: "",
            instructor_name: "Ivan Instructor",
            instructor_url: "https://acme.example/instructors/1",
            issuer_name: "Acme Academy",
            issuer_url: "https://acme.example",
            completed_at: time::macros::datetime!(2026-11-30 07:15:55.5 +01:00),
        }
    }

    #[test]
    fn the_credential_has_the_open_badges_shape() {
        let code = CertificateCode::from_random([1; 16]);
        let f = facts(&code);
        let claims = credential_claims(&f);
        let id = "urn:uuid:00000000-0000-0000-0000-000000000007";
        assert_eq!(claims.id, id);
        assert_eq!(claims.jti, id);
        assert_eq!(claims.iss, "https://acme.example");
        assert_eq!(claims.context[0], "https://www.w3.org/ns/credentials/v2");
        assert_eq!(claims.kind, ["VerifiableCredential", "OpenBadgeCredential"]);
        // UTC, whole seconds; nbf is the same instant.
        assert_eq!(claims.valid_from, "2026-11-30T06:15:55Z");
        assert_eq!(claims.nbf, 1_796_019_355);
        assert_eq!(claims.credential_subject.kind, ["AchievementSubject"]);
        assert_eq!(
            claims.credential_subject.achievement.description,
            "The course Rust Fundamentals."
        );
        assert_eq!(
            claims.credential_subject.achievement.creator.id,
            "https://acme.example/instructors/1"
        );
        assert_eq!(
            claims.credential_status.id,
            "https://acme.example/credentials/revocations.json"
        );
        assert_eq!(claims.credential_status.kind, "1EdTechRevocationList");
        let stated = Stated {
            id: ID,
            issuer_url: f.issuer_url,
            issuer_name: f.issuer_name,
            learner_name: f.learner_name,
            course_title: f.course_title,
            instructor_name: f.instructor_name,
            completed_at: f.completed_at,
        };
        assert!(claims_match(&claims, &stated));
        // Any stated fact changed after signing: no match.
        let changed = [
            Stated {
                id: uuid::Uuid::from_u128(8),
                ..stated.clone()
            },
            Stated {
                issuer_url: "https://other.example",
                ..stated.clone()
            },
            Stated {
                issuer_name: "Other",
                ..stated.clone()
            },
            Stated {
                learner_name: "Mallory",
                ..stated.clone()
            },
            Stated {
                course_title: "Rust Mastery",
                ..stated.clone()
            },
            Stated {
                instructor_name: "Someone",
                ..stated.clone()
            },
            Stated {
                completed_at: f.completed_at - time::Duration::days(1),
                ..stated.clone()
            },
        ];
        for s in changed {
            assert!(!claims_match(&claims, &s), "{s:?}");
        }
    }
}
