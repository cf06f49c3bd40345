//! Settings from the environment, read once at start-up.

use anyhow::Context;
use lyceum_app::state::{Config, TokenSecret};
use std::time::Duration;

pub struct Settings {
    /// The runtime role's URL (APP_DATABASE_URL): RLS applies to it.
    pub app_database_url: String,
    pub max_connections: u32,
    pub app: Config,
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Settings> {
        let app_database_url = std::env::var("APP_DATABASE_URL")
            .context("APP_DATABASE_URL (the runtime role's connection string) is not set; `make run` sets it")?;
        let max_connections = std::env::var("DATABASE_MAX_CONNECTIONS")
            .ok()
            .map(|v| {
                v.parse()
                    .context("DATABASE_MAX_CONNECTIONS must be a number")
            })
            .transpose()?
            .unwrap_or(16);
        let session_days: u64 = std::env::var("SESSION_TTL_DAYS")
            .ok()
            .map(|v| v.parse().context("SESSION_TTL_DAYS must be a number"))
            .transpose()?
            .unwrap_or(14);
        let token_secret = match std::env::var("JWT_SECRET") {
            Ok(secret) => TokenSecret::new(secret.as_bytes())
                .map_err(anyhow::Error::msg)
                .context("JWT_SECRET")?,
            Err(_) => {
                // Without a configured secret, tokens are signed with a key
                // that lives as long as this process: they stop working on
                // restart and are not shared between processes.
                tracing::warn!("JWT_SECRET is not set: API tokens end when the server restarts");
                let mut bytes = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
                TokenSecret::new(&bytes).expect("32 bytes")
            }
        };
        let token_minutes: u64 = std::env::var("JWT_TTL_MINUTES")
            .ok()
            .map(|v| v.parse().context("JWT_TTL_MINUTES must be a number"))
            .transpose()?
            .unwrap_or(60);
        let trusted_proxies = std::env::var("TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .with_context(|| {
                        format!("TRUSTED_PROXIES: `{s}` is not an IP address or CIDR range")
                    })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let forwarded_header = match std::env::var("FORWARDED_HEADER") {
            Err(_) => lyceum_app::state::ForwardedHeader::XForwardedFor,
            Ok(raw) => lyceum_app::state::ForwardedHeader::parse(&raw).with_context(|| {
                format!("FORWARDED_HEADER: `{raw}` must be x-forwarded-for or forwarded")
            })?,
        };
        let cache_secs: u64 = std::env::var("CATALOG_CACHE_TTL_SECS")
            .ok()
            .map(|v| v.parse().context("CATALOG_CACHE_TTL_SECS must be a number"))
            .transpose()?
            .unwrap_or(lyceum_app::cache::TTL.as_secs())
            .max(1);
        let deadline_secs: u64 = std::env::var("RENDER_DEADLINE_SECS")
            .ok()
            .map(|v| v.parse().context("RENDER_DEADLINE_SECS must be a number"))
            .transpose()?
            .unwrap_or(10)
            .clamp(1, 300);
        let media = media_config()?;
        let https = std::env::var("PUBLIC_HTTPS").is_ok_and(|v| v == "1" || v == "true");
        let public_port = match std::env::var("PUBLIC_PORT") {
            Ok(raw) => Some(
                raw.parse::<u16>()
                    .with_context(|| format!("PUBLIC_PORT: `{raw}` is not a port"))?,
            ),
            Err(_) if https => None,
            Err(_) => std::env::var("LEPTOS_SITE_ADDR")
                .ok()
                .and_then(|a| a.parse::<std::net::SocketAddr>().ok())
                .map(|a| a.port()),
        }
        .filter(|p| !matches!((https, p), (true, 443) | (false, 80)));
        Ok(Settings {
            app_database_url,
            max_connections,
            app: Config {
                base_domain: std::env::var("BASE_DOMAIN").unwrap_or_else(|_| "localhost".into()),
                https,
                public_port,
                session_ttl: Duration::from_secs(session_days * 24 * 3600),
                token_secret,
                token_ttl: Duration::from_secs(token_minutes * 60),
                trusted_proxies,
                forwarded_header,
                catalog_cache_ttl: Duration::from_secs(cache_secs),
                render_deadline: Duration::from_secs(deadline_secs),
                media,
            },
        })
    }

    /// The owner role's URL (DATABASE_URL): migrations and demo data only.
    pub fn owner_url() -> anyhow::Result<String> {
        std::env::var("DATABASE_URL")
            .context("DATABASE_URL (the schema owner's connection string) is not set")
    }
}

/// Media storage (`MEDIA_STORE`: `local`, the default, in `MEDIA_DIR`,
/// `var/media` by default; or `s3` with the `s3` feature and the `AWS_*`
/// variables) and the key that signs media URLs (`MEDIA_SIGNING_KEY`, at
/// least 32 bytes; without it a key per process, so signed URLs stop
/// working on restart). See `docs/media.md`.
pub fn media_config() -> anyhow::Result<lyceum_app::media::store::MediaConfig> {
    use lyceum_app::media::store::{Backend, MediaConfig};
    let backend = match std::env::var("MEDIA_STORE").as_deref() {
        Err(_) | Ok("local") | Ok("") => Backend::Local(
            std::env::var("MEDIA_DIR")
                .unwrap_or_else(|_| "var/media".into())
                .into(),
        ),
        #[cfg(feature = "s3")]
        Ok("s3") => Backend::S3,
        Ok(other) => anyhow::bail!(
            "MEDIA_STORE: `{other}` is not a media store (local{})",
            if cfg!(feature = "s3") {
                ", s3"
            } else {
                "; s3 needs the `s3` feature"
            }
        ),
    };
    let https = std::env::var("PUBLIC_HTTPS").is_ok_and(|v| v == "1" || v == "true");
    let signing_key = match std::env::var("MEDIA_SIGNING_KEY") {
        Ok(secret) => TokenSecret::new(secret.as_bytes())
            .map_err(anyhow::Error::msg)
            .context("MEDIA_SIGNING_KEY")?,
        // In production (served over https) each process would sign with a
        // key of its own, and links would fail at random behind a load
        // balancer and after every restart.
        Err(_) if https => anyhow::bail!(
            "MEDIA_SIGNING_KEY is not set: every process serving media must share it (at least 32 bytes)"
        ),
        Err(_) => {
            tracing::warn!(
                "MEDIA_SIGNING_KEY is not set: signed media URLs end when the server restarts"
            );
            let mut bytes = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
            TokenSecret::new(&bytes).expect("32 bytes")
        }
    };
    let ttl: u64 = std::env::var("MEDIA_URL_TTL_SECS")
        .ok()
        .map(|v| v.parse().context("MEDIA_URL_TTL_SECS must be a number"))
        .transpose()?
        .unwrap_or(3600)
        .clamp(60, 7 * 24 * 3600);
    Ok(MediaConfig {
        backend,
        signing_key,
        signed_url_ttl: Duration::from_secs(ttl),
    })
}
