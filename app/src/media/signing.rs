//! Signed media URLs: `?expires={unix seconds}&sig={base64url}`, where
//! `sig` is HMAC-SHA256 (RFC 2104) over the tenant, the asset and the
//! expiry. A signature is checked in constant time; an expired or
//! tampered one, or one made for another tenant or asset, is refused (403).
//! Issued to whoever may see the asset when the page is rendered (the
//! course's instructor, admins; enrolled learners once learning exists).

use crate::state::TokenSecret;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use lyceum::{AssetId, TenantId};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &TokenSecret, tenant: TenantId, asset: AssetId, expires: i64) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key.bytes()).expect("HMAC takes any key length");
    mac.update(format!("lyceum-media\n{tenant}\n{asset}\n{expires}").as_bytes());
    mac
}

/// The query string (`expires=…&sig=…`) that opens `asset` of `tenant`
/// until `expires` (unix seconds).
pub fn query(key: &TokenSecret, tenant: TenantId, asset: AssetId, expires: i64) -> String {
    let sig = URL_SAFE_NO_PAD.encode(mac(key, tenant, asset, expires).finalize().into_bytes());
    format!("expires={expires}&sig={sig}")
}

/// Why a signed URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Expired,
    Invalid,
}

/// Checks `expires` and `sig` (as they came in the query) at `now` (unix
/// seconds).
pub fn verify(
    key: &TokenSecret,
    tenant: TenantId,
    asset: AssetId,
    expires: Option<&str>,
    sig: Option<&str>,
    now: i64,
) -> Result<(), Refused> {
    let (Some(expires), Some(sig)) = (expires, sig) else {
        return Err(Refused::Missing);
    };
    let expires: i64 = expires.parse().map_err(|_| Refused::Invalid)?;
    let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| Refused::Invalid)?;
    mac(key, tenant, asset, expires)
        .verify_slice(&sig)
        .map_err(|_| Refused::Invalid)?;
    if expires <= now {
        return Err(Refused::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn ids() -> (TenantId, AssetId) {
        (Uuid::new_v4().into(), Uuid::new_v4().into())
    }

    fn parts(q: &str) -> (String, String) {
        let mut expires = String::new();
        let mut sig = String::new();
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap();
            match k {
                "expires" => expires = v.into(),
                _ => sig = v.into(),
            }
        }
        (expires, sig)
    }

    #[test]
    fn a_signature_opens_its_own_asset_until_it_expires() {
        let key = TokenSecret::new(&[7; 32]).unwrap();
        let (tenant, asset) = ids();
        let (expires, sig) = parts(&query(&key, tenant, asset, 1_000));
        let check = |t, a, e: &str, s: &str, now| verify(&key, t, a, Some(e), Some(s), now);
        assert_eq!(check(tenant, asset, &expires, &sig, 999), Ok(()));
        assert_eq!(
            check(tenant, asset, &expires, &sig, 1_000),
            Err(Refused::Expired)
        );
        // Another asset, another tenant, a later expiry, a changed signature.
        let (other_tenant, other_asset) = ids();
        assert_eq!(
            check(tenant, other_asset, &expires, &sig, 0),
            Err(Refused::Invalid)
        );
        assert_eq!(
            check(other_tenant, asset, &expires, &sig, 0),
            Err(Refused::Invalid)
        );
        assert_eq!(
            check(tenant, asset, "99999", &sig, 0),
            Err(Refused::Invalid)
        );
        let mut tampered = sig.clone().into_bytes();
        tampered[3] = if tampered[3] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            check(tenant, asset, &expires, &tampered, 0),
            Err(Refused::Invalid)
        );
        assert_eq!(
            check(tenant, asset, &expires, "!!", 0),
            Err(Refused::Invalid)
        );
        assert_eq!(
            verify(&key, tenant, asset, None, Some(&sig), 0),
            Err(Refused::Missing)
        );
        // Another key.
        let other_key = TokenSecret::new(&[8; 32]).unwrap();
        assert_eq!(
            verify(&other_key, tenant, asset, Some(&expires), Some(&sig), 0),
            Err(Refused::Invalid)
        );
    }
}
