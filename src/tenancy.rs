//! Tenants as seen from a request: which portal does a host name belong to?

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    /// The platform itself, served on the bare base domain; home of super-admins.
    Platform,
    /// An organization's branded portal.
    Organization,
}

impl TenantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantKind::Platform => "platform",
            TenantKind::Organization => "organization",
        }
    }

    pub fn parse(raw: &str) -> Option<TenantKind> {
        match raw {
            "platform" => Some(TenantKind::Platform),
            "organization" => Some(TenantKind::Organization),
            _ => None,
        }
    }
}

/// A tenant's subdomain: one DNS label, lowercase, not reserved by the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Subdomain(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubdomainError {
    #[error("must be 1 to 63 characters")]
    Length,
    #[error("may only contain lowercase letters, digits and inner hyphens")]
    InvalidCharacters,
    #[error("is reserved")]
    Reserved,
}

const RESERVED_SUBDOMAINS: &[&str] = &[
    "www", "api", "app", "admin", "platform", "static", "assets", "media", "mail", "status", "help",
];

impl Subdomain {
    pub fn parse(raw: &str) -> Result<Subdomain, SubdomainError> {
        if raw.is_empty() || raw.len() > 63 {
            return Err(SubdomainError::Length);
        }
        let ok = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok || raw.starts_with('-') || raw.ends_with('-') {
            return Err(SubdomainError::InvalidCharacters);
        }
        if RESERVED_SUBDOMAINS.contains(&raw) {
            return Err(SubdomainError::Reserved);
        }
        Ok(Subdomain(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype!(Subdomain, SubdomainError);

/// What a request's `Host` says about the tenant, before any lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKind {
    /// The bare base domain: the platform's own pages.
    Platform,
    /// `<subdomain>.<base domain>`.
    Subdomain(Subdomain),
    /// Any other well-formed host: maybe a tenant's custom domain.
    CustomDomain(String),
    /// Not a usable host name at all (nested subdomains of the base, bad characters, ...).
    Invalid,
}

impl HostKind {
    /// Classifies a `Host` header value (port allowed) against the configured base domain.
    pub fn classify(host_header: &str, base_domain: &str) -> HostKind {
        let host = strip_port(host_header.trim()).to_ascii_lowercase();
        let host = host.strip_suffix('.').unwrap_or(&host);
        let base = base_domain.trim().to_ascii_lowercase();
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            return HostKind::Invalid;
        }
        if host == base {
            return HostKind::Platform;
        }
        if let Some(label) = host
            .strip_suffix(&base)
            .and_then(|rest| rest.strip_suffix('.'))
        {
            return match Subdomain::parse(label) {
                Ok(sub) => HostKind::Subdomain(sub),
                Err(_) => HostKind::Invalid,
            };
        }
        if host.split('.').any(str::is_empty) {
            return HostKind::Invalid;
        }
        HostKind::CustomDomain(host.to_owned())
    }
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // IPv6 literal: never a tenant host; keep it whole so it classifies as invalid.
        return host;
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(s: &str) -> HostKind {
        HostKind::Subdomain(Subdomain::parse(s).unwrap())
    }

    #[test]
    fn classify_hosts_against_the_base_domain() {
        assert_eq!(
            HostKind::classify("localhost:3000", "localhost"),
            HostKind::Platform
        );
        assert_eq!(
            HostKind::classify("LOCALHOST", "localhost"),
            HostKind::Platform
        );
        assert_eq!(
            HostKind::classify("acme.localhost:3000", "localhost"),
            sub("acme")
        );
        assert_eq!(
            HostKind::classify("acme.lyceum.example.", "lyceum.example"),
            sub("acme")
        );
        assert_eq!(
            HostKind::classify("learn.acme.com", "lyceum.example"),
            HostKind::CustomDomain("learn.acme.com".into())
        );
        assert_eq!(
            HostKind::classify("a.b.localhost", "localhost"),
            HostKind::Invalid
        );
        assert_eq!(
            HostKind::classify("www.localhost", "localhost"),
            HostKind::Invalid
        );
        assert_eq!(HostKind::classify("", "localhost"), HostKind::Invalid);
        assert_eq!(
            HostKind::classify("ev il.com", "localhost"),
            HostKind::Invalid
        );
        assert_eq!(
            HostKind::classify("[::1]:3000", "localhost"),
            HostKind::Invalid
        );
        assert_eq!(HostKind::classify("a..b", "localhost"), HostKind::Invalid);
    }

    #[test]
    fn subdomain_rules() {
        assert!(Subdomain::parse("acme").is_ok());
        assert!(Subdomain::parse("acme-2").is_ok());
        assert_eq!(Subdomain::parse(""), Err(SubdomainError::Length));
        assert_eq!(
            Subdomain::parse(&"a".repeat(64)),
            Err(SubdomainError::Length)
        );
        assert_eq!(
            Subdomain::parse("-acme"),
            Err(SubdomainError::InvalidCharacters)
        );
        assert_eq!(
            Subdomain::parse("Acme"),
            Err(SubdomainError::InvalidCharacters)
        );
        assert_eq!(Subdomain::parse("www"), Err(SubdomainError::Reserved));
    }

    #[test]
    fn tenant_kind_round_trips() {
        for kind in [TenantKind::Platform, TenantKind::Organization] {
            assert_eq!(TenantKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(TenantKind::parse("other"), None);
    }
}
