//! Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device
//! Cookies"): after a successful sign-in the browser gets a cookie that
//! proves "this account signed in here before". Login attempts that carry a
//! valid one for the account being tried are throttled in a bucket of their
//! own (`throttle.rs`), so an attacker guessing at the account, or at other
//! accounts behind the same school network address, cannot lock its owner
//! out.
//!
//! The cookie is `v1.<nonce>.<mac>`: 16 random bytes, and an HMAC-SHA256
//! (RFC 2104) over the tenant, the email and the nonce, keyed with the
//! server's token secret. It names no account (the email is only inside the
//! MAC), so it is checked against the email a login attempt names. Signing
//! with the token secret means a restart without `JWT_SECRET` invalidates
//! every device cookie: those browsers are then throttled like any other.

use crate::state::Config;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use lyceum::{Email, TenantId};
use rand::RngCore;
use sha2::Sha256;

/// How long a browser stays known: a year.
const MAX_AGE_SECS: u64 = 365 * 24 * 3600;

fn cookie_name(config: &Config) -> &'static str {
    if config.https {
        "__Host-lyceum_device"
    } else {
        "lyceum_device"
    }
}

fn mac(config: &Config, tenant: TenantId, email: &Email, nonce: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(config.token_secret.bytes())
        .expect("HMAC takes a key of any length");
    for part in [
        b"lyceum-device-v1".as_slice(),
        tenant.uuid().as_bytes(),
        email.as_str().as_bytes(),
        nonce.as_bytes(),
    ] {
        // Length-prefixed, so no two different inputs concatenate alike.
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac
}

/// A new device cookie for `email` in `tenant`, as a `Set-Cookie` value.
pub fn issue(config: &Config, tenant: TenantId, email: &Email) -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = URL_SAFE_NO_PAD.encode(bytes);
    let tag = URL_SAFE_NO_PAD.encode(mac(config, tenant, email, &nonce).finalize().into_bytes());
    let secure = if config.https { "; Secure" } else { "" };
    format!(
        "{}=v1.{nonce}.{tag}; Path=/; HttpOnly; SameSite=Lax; Max-Age={MAX_AGE_SECS}{secure}",
        cookie_name(config)
    )
}

/// The id of the device cookie in `headers`, if there is one and it was
/// issued for `email` in `tenant` (constant-time comparison).
pub fn recognised(
    config: &Config,
    headers: &http::HeaderMap,
    tenant: TenantId,
    email: &Email,
) -> Option<String> {
    let name = cookie_name(config);
    crate::request::cookies(headers)
        .filter(|(k, _)| *k == name)
        .find_map(|(_, value)| {
            let rest = value.strip_prefix("v1.")?;
            let (nonce, tag) = rest.split_once('.')?;
            if nonce.len() > 32 || tag.len() > 64 {
                return None;
            }
            let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
            mac(config, tenant, email, nonce)
                .verify_slice(&tag)
                .ok()
                .map(|()| nonce.to_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn config(secret: &[u8]) -> Config {
        Config::for_tests(secret)
    }

    fn headers_with(set_cookie: &str) -> http::HeaderMap {
        let pair = set_cookie.split(';').next().unwrap();
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            format!("other=1; {pair}").parse().unwrap(),
        );
        h
    }

    #[test]
    fn a_device_cookie_is_recognised_only_for_its_account() {
        let config = config(&[7; 32]);
        let (tenant, lena) = (
            TenantId::new(Uuid::new_v4()),
            Email::parse("lena@acme.test").unwrap(),
        );
        let cookie = issue(&config, tenant, &lena);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        let headers = headers_with(&cookie);
        assert!(recognised(&config, &headers, tenant, &lena).is_some());
        let liam = Email::parse("liam@acme.test").unwrap();
        assert!(recognised(&config, &headers, tenant, &liam).is_none());
        assert!(recognised(&config, &headers, TenantId::new(Uuid::new_v4()), &lena).is_none());
        // Another server key (a restart without JWT_SECRET) forgets it.
        assert!(recognised(&super::tests::config(&[8; 32]), &headers, tenant, &lena).is_none());
        // A forged or altered cookie is nothing.
        let forged = cookie.replacen("v1.", "v1.A", 1);
        assert!(recognised(&config, &headers_with(&forged), tenant, &lena).is_none());
        assert!(recognised(
            &config,
            &headers_with("lyceum_device=v1.x.y"),
            tenant,
            &lena
        )
        .is_none());
    }
}
