//! Each portal's RS256 key pairs for signing its certificates' Open Badges
//! credentials (the `signing_key` table), and the JWK Set that publishes
//! their public halves.
//!
//! - A portal's first key is generated when its first certificate is
//!   signed (RSA 2048, e = 65537). The newest unretired key signs;
//!   [`retire_current`] retires it (the next signature makes a new one),
//!   and retired keys stay published, so what they signed still verifies.
//! - A key is named by its RFC 7638 JWK thumbprint, which is a JWT's `kid`
//!   and the key's `kid` in the portal's JWK Set (`{portal}/credentials/
//!   jwks.json`; one key alone at `/credentials/keys/{kid}`). A thumbprint,
//!   not a URL: it names the key whatever host or port the portal is
//!   reached on, and a verifier matches it against the set as JOSE
//!   libraries do.
//! - The private key is read only here, by the background job that signs
//!   (`certificates::issue_job`), and is never serialised into anything
//!   that leaves the server.
//!
//! **RUSTSEC-2023-0071** (the Marvin attack): the `rsa` crate's private-key
//! operations leak timing. An attacker would need to time many signatures
//! made on demand. So signing happens once per certificate, in a job off
//! any request path, at a pace no visitor controls; verifying (a public-key
//! operation, not affected) is all that requests do.

use crate::db::TenantTx;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::jwk::{Jwk, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lyceum::learning::certificate::CredentialClaims;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;

/// Bits in a generated key (NIST SP 800-57: 2048 is good through 2030).
const KEY_BITS: usize = 2048;

/// A portal's key that signs.
pub struct SigningKey {
    pub key_id: String,
    private_key_der: Vec<u8>,
}

/// A published key.
#[derive(Debug, Clone)]
pub struct PublicKey {
    pub key_id: String,
    /// `{"kty":"RSA","n":…,"e":…}`.
    pub jwk: serde_json::Value,
    pub retired: bool,
}

/// A key id as found in a URL or a JWT header, if it has the shape of one
/// (43 base64url characters: a SHA-256 thumbprint).
pub fn key_id_of(kid: &str) -> Option<&str> {
    (kid.len() == 43
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(kid)
}

/// The public JWK of `key` as published: with `use`, `alg` and `kid`.
pub fn published_jwk(key: &PublicKey) -> serde_json::Value {
    let mut jwk = key.jwk.clone();
    if let Some(map) = jwk.as_object_mut() {
        map.insert("use".into(), "sig".into());
        map.insert("alg".into(), "RS256".into());
        map.insert("kid".into(), key.key_id.clone().into());
    }
    jwk
}

/// The portal's key that signs, made now if it has none. Runs in a job:
/// generating a key takes a few hundred milliseconds of CPU.
pub async fn current_or_create(tx: &mut TenantTx) -> Result<SigningKey, anyhow::Error> {
    if let Some(key) = current(tx).await? {
        return Ok(key);
    }
    let (key_id, jwk, der) = tokio::task::spawn_blocking(generate).await??;
    // Another worker may have made one meanwhile: the unique index on the
    // current key lets one in, and everyone signs with that one.
    sqlx::query!(
        "insert into signing_key (tenant_id, key_id, public_jwk, private_key_der)
         values (current_tenant_id(), $1, $2, $3)
         on conflict do nothing",
        key_id,
        jwk,
        der
    )
    .execute(&mut **tx)
    .await?;
    current(tx)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no signing key after creating one"))
}

async fn current(tx: &mut TenantTx) -> Result<Option<SigningKey>, sqlx::Error> {
    let row = sqlx::query!(
        "select key_id, private_key_der from signing_key
          where tenant_id = current_tenant_id() and retired_at is null"
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| SigningKey {
        key_id: r.key_id,
        private_key_der: r.private_key_der,
    }))
}

/// Retires the signing key (rotation): the next signature makes a new
/// one; this one stays published. Returns whether there was one.
pub async fn retire_current(tx: &mut TenantTx) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update signing_key set retired_at = now()
          where tenant_id = current_tenant_id() and retired_at is null"
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Every key of the portal, newest first (the JWK Set).
pub async fn public_keys(tx: &mut TenantTx) -> Result<Vec<PublicKey>, sqlx::Error> {
    let rows = sqlx::query!(
        "select key_id, public_jwk, retired_at is not null as \"retired!\" from signing_key
          where tenant_id = current_tenant_id()
          order by created_at desc, key_id"
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PublicKey {
            key_id: r.key_id,
            jwk: r.public_jwk,
            retired: r.retired,
        })
        .collect())
}

/// One key of the portal.
pub async fn public_key(tx: &mut TenantTx, key_id: &str) -> Result<Option<PublicKey>, sqlx::Error> {
    let row = sqlx::query!(
        "select key_id, public_jwk, retired_at is not null as \"retired!\" from signing_key
          where tenant_id = current_tenant_id() and key_id = $1",
        key_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| PublicKey {
        key_id: r.key_id,
        jwk: r.public_jwk,
        retired: r.retired,
    }))
}

/// A new key pair: (thumbprint, public JWK, PKCS#1 DER of the private key).
fn generate() -> Result<(String, serde_json::Value, Vec<u8>), anyhow::Error> {
    let private = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)?;
    let jwk = serde_json::json!({
        "kty": "RSA",
        "n": URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
    });
    let parsed: Jwk = serde_json::from_value(jwk.clone())?;
    let key_id = parsed.thumbprint(ThumbprintHash::SHA256)?;
    let der = private.to_pkcs1_der()?.as_bytes().to_vec();
    Ok((key_id, jwk, der))
}

/// Signs `claims` as a VC-JWT: header `{"alg":"RS256","kid":<key id>}`
/// and nothing else (OB 3.0 §8.2.3). On a blocking thread; call it only
/// from a job (module docs: RUSTSEC-2023-0071).
pub async fn sign(key: &SigningKey, claims: &CredentialClaims) -> Result<String, anyhow::Error> {
    let kid = key.key_id.clone();
    let der = key.private_key_der.clone();
    let claims = claims.clone();
    tokio::task::spawn_blocking(move || {
        let mut header = Header::new(Algorithm::RS256);
        header.typ = None;
        header.kid = Some(kid);
        Ok(jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_rsa_der(&der),
        )?)
    })
    .await?
}

/// Why a credential did not verify.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("the token names no key of this portal")]
    UnknownKey,
    #[error("the signature or the token is not valid: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

/// Checks `jwt`'s RS256 signature with `key` and that `iss` is `issuer`;
/// returns the claims. A public-key operation: fine on a request.
pub fn verify(jwt: &str, key: &PublicKey, issuer: &str) -> Result<CredentialClaims, VerifyError> {
    let header = jsonwebtoken::decode_header(jwt)?;
    let named = header.kid.as_deref();
    if header.alg != Algorithm::RS256 || named != Some(key.key_id.as_str()) {
        return Err(VerifyError::UnknownKey);
    }
    let (Some(n), Some(e)) = (key.jwk["n"].as_str(), key.jwk["e"].as_str()) else {
        return Err(VerifyError::UnknownKey);
    };
    let decoding = DecodingKey::from_rsa_components(n, e)?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.required_spec_claims = ["iss".to_owned(), "nbf".to_owned()].into();
    validation.validate_exp = false;
    validation.validate_nbf = true;
    validation.leeway = 300;
    validation.set_issuer(&[issuer]);
    Ok(jsonwebtoken::decode::<CredentialClaims>(jwt, &decoding, &validation)?.claims)
}
