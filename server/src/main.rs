//! `lyceum-server [serve|migrate|seed]`: wiring only; the work is in the library.

use lyceum_server::{config::Settings, seed, startup, telemetry};

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
        other => anyhow::bail!("unknown command `{other}`; expected serve, migrate or seed"),
    }
}
