//! `lyceum-server [serve|migrate|seed|rotate-key <subdomain>]`: wiring
//! only; the work is in the library.

use lyceum_server::{config::Settings, keys, seed, startup, telemetry};

/// mimalloc instead of glibc's allocator: rendering a page allocates and
/// frees many small strings, and under load glibc's malloc and free took a
/// third of the server's CPU (`perf` on `make bench-catalog`'s catalog
/// page). With mimalloc the catalog page went from 1,057 to 1,425 req/s at
/// 32 connections, p95 52 → 40 ms (`make bench-catalog`, 100k courses).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "serve" => startup::serve(Settings::from_env()?).await,
        "migrate" => startup::migrate(&Settings::owner_url()?).await,
        "seed" => seed::load_demo(&Settings::owner_url()?).await,
        "rotate-key" => {
            let subdomain = std::env::args()
                .nth(2)
                .ok_or_else(|| anyhow::anyhow!("usage: lyceum-server rotate-key <subdomain>"))?;
            let retired = keys::rotate(&Settings::owner_url()?, &subdomain).await?;
            println!(
                "{}",
                if retired {
                    "retired the portal's signing key; the next certificate makes a new one"
                } else {
                    "the portal has no signing key yet; nothing to retire"
                }
            );
            Ok(())
        }
        other => anyhow::bail!(
            "unknown command `{other}`; expected serve, migrate, seed or rotate-key <subdomain>"
        ),
    }
}
