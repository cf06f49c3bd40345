//! Application state shared by routes, middleware and server functions.

use crate::db::Db;
use crate::identity::throttle::ThrottleStore;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use std::time::Duration;

/// Settings read once at start-up (see `server/src/config.rs`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Hosts `<subdomain>.<base_domain>` are tenant portals; the bare base domain is the platform.
    pub base_domain: String,
    /// Served over https: cookies get `Secure` and the `__Host-` prefix, HSTS is sent.
    pub https: bool,
    /// The port in portal URLs made outside any request (a certificate's
    /// issuer id, made by a background job): `PUBLIC_PORT`, else, when not
    /// served over https, the port the server listens on; `None`: the
    /// scheme's default.
    pub public_port: Option<u16>,
    pub session_ttl: Duration,
    /// Signs the REST API's bearer tokens (HS256).
    pub token_secret: TokenSecret,
    /// How long an API bearer token is valid.
    pub token_ttl: Duration,
    /// Peers whose `Forwarded` / `X-Forwarded-For` name the client
    /// (`TRUSTED_PROXIES`); from anyone else those headers are ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The header those proxies write (`FORWARDED_HEADER`).
    pub forwarded_header: ForwardedHeader,
    /// How long catalog counts and pages are served from the cache
    /// (`CATALOG_CACHE_TTL_SECS`, 60; see `catalog/cache.rs`).
    pub catalog_cache_ttl: Duration,
    /// How long a page or server function may take to start answering, and
    /// a streamed page between two parts (`RENDER_DEADLINE_SECS`, 10; see
    /// `server/src/middleware/deadline.rs`).
    pub render_deadline: Duration,
    /// Where media is stored and how its URLs are signed (`media/store.rs`).
    pub media: crate::media::store::MediaConfig,
}

/// Which header trusted proxies record the client's address in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For` (nginx, HAProxy, most load balancers).
    XForwardedFor,
    /// `Forwarded`, RFC 7239.
    Forwarded,
}

impl ForwardedHeader {
    pub fn name(self) -> &'static str {
        match self {
            ForwardedHeader::XForwardedFor => "x-forwarded-for",
            ForwardedHeader::Forwarded => "forwarded",
        }
    }

    pub fn parse(raw: &str) -> Option<ForwardedHeader> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Some(ForwardedHeader::XForwardedFor),
            "forwarded" => Some(ForwardedHeader::Forwarded),
            _ => None,
        }
    }
}

/// The key that signs API tokens. Its `Debug` never prints it.
#[derive(Clone)]
pub struct TokenSecret(Arc<[u8]>);

impl TokenSecret {
    /// The shortest secret accepted: 256 bits, the HS256 key size.
    pub const MIN_BYTES: usize = 32;

    pub fn new(bytes: &[u8]) -> Result<TokenSecret, String> {
        if bytes.len() < Self::MIN_BYTES {
            return Err(format!(
                "the token secret must be at least {} bytes",
                Self::MIN_BYTES
            ));
        }
        Ok(TokenSecret(bytes.into()))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSecret(..)")
    }
}

impl Config {
    /// Settings for unit tests: plain http, short lives, this signing key.
    #[cfg(all(test, feature = "ssr"))]
    pub fn for_tests(secret: &[u8]) -> Config {
        Config {
            base_domain: "localhost".into(),
            https: false,
            public_port: None,
            session_ttl: Duration::from_secs(60),
            token_secret: TokenSecret::new(secret).expect("a long enough test key"),
            token_ttl: Duration::from_secs(60),
            trusted_proxies: Vec::new(),
            forwarded_header: ForwardedHeader::XForwardedFor,
            catalog_cache_ttl: crate::cache::TTL,
            render_deadline: Duration::from_secs(10),
            media: crate::media::store::MediaConfig::local(
                std::env::temp_dir().join("lyceum-unit-media"),
                TokenSecret::new(&[9; 32]).expect("32 bytes"),
            ),
        }
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-lyceum_session"
        } else {
            "lyceum_session"
        }
    }
}

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub throttle: Arc<ThrottleStore>,
    /// Facet counts per tenant and filter state (see `catalog/cache.rs`),
    /// cleared by commit notifications (`db.rs`).
    pub facets: Arc<crate::catalog::search::FacetCache>,
    /// Media storage and URL signing (`media/store.rs`).
    pub media: Arc<crate::media::store::MediaStore>,
}
