//! Bearer tokens for the REST API: HS256-signed JWTs carrying the seeds'
//! claims (sub, email, tenantId, persona, permissions, exp).
//!
//! The token proves who logged in and for which tenant. It is not trusted
//! for more than that: every request re-reads the account inside the tenant,
//! so a deactivated account or a changed persona takes effect at once.

use crate::state::Config;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lyceum::Persona;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    pub email: String,
    pub tenant_id: Uuid,
    pub persona: String,
    pub permissions: Vec<String>,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
}

impl Claims {
    pub fn new(
        user_id: Uuid,
        email: &str,
        tenant_id: Uuid,
        persona: Persona,
        now: i64,
        ttl_secs: i64,
    ) -> Claims {
        Claims {
            sub: user_id,
            email: email.to_owned(),
            tenant_id,
            persona: persona.as_str().to_owned(),
            permissions: persona.permissions().map(|p| p.code().to_owned()).collect(),
            iat: now,
            exp: now + ttl_secs,
        }
    }
}

/// Why a presented token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    /// Malformed, signed with another key or algorithm, or missing claims.
    Invalid,
}

pub fn issue(config: &Config, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(config.token_secret.bytes()),
    )
}

pub fn verify(config: &Config, token: &str) -> Result<Claims, TokenError> {
    // Only HS256: a token naming another algorithm ("none", RS256 with the
    // secret as a public key) is refused before any signature check.
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims(&["exp", "sub"]);
    // We issue and verify on the same clocks; no grace period is needed.
    validation.leeway = 0;
    jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(config.token_secret.bytes()),
        &validation,
    )
    .map(|data| data.claims)
    .map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
        _ => TokenError::Invalid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secret: &[u8]) -> Config {
        Config::for_tests(secret)
    }

    fn now() -> i64 {
        crate::clock::now_secs()
    }

    #[test]
    fn a_token_round_trips_with_the_seed_claims() {
        let c = config(&[7; 32]);
        let claims = Claims::new(
            Uuid::nil(),
            "ana@example.test",
            Uuid::max(),
            Persona::Instructor,
            now(),
            60,
        );
        let token = issue(&c, &claims).unwrap();
        assert_eq!(verify(&c, &token), Ok(claims.clone()));
        assert!(claims.permissions.iter().any(|p| p == "course:create"));
        let json: serde_json::Value = serde_json::to_value(&claims).unwrap();
        for key in ["sub", "email", "tenantId", "persona", "permissions", "exp"] {
            assert!(json.get(key).is_some(), "claim {key} missing");
        }
    }

    #[test]
    fn expired_forged_and_unsigned_tokens_are_refused() {
        let c = config(&[7; 32]);
        let old = Claims::new(
            Uuid::nil(),
            "a@b.test",
            Uuid::nil(),
            Persona::Learner,
            now() - 7200,
            60,
        );
        assert_eq!(
            verify(&c, &issue(&c, &old).unwrap()),
            Err(TokenError::Expired)
        );

        let fresh = Claims::new(
            Uuid::nil(),
            "a@b.test",
            Uuid::nil(),
            Persona::Admin,
            now(),
            60,
        );
        let forged = issue(&config(&[8; 32]), &fresh).unwrap();
        assert_eq!(verify(&c, &forged), Err(TokenError::Invalid));

        // alg "none": header and claims without a signature.
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let unsigned = format!(
            "{}.{}.",
            b64.encode(br#"{"alg":"none","typ":"JWT"}"#),
            b64.encode(serde_json::to_vec(&fresh).unwrap())
        );
        assert_eq!(verify(&c, &unsigned), Err(TokenError::Invalid));
        assert_eq!(verify(&c, "not a token"), Err(TokenError::Invalid));
        assert_eq!(verify(&c, ""), Err(TokenError::Invalid));
    }
}
