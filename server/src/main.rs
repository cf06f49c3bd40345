//! `lyceum-server [serve|migrate|seed]`: wiring only; the work is in the library.

use lyceum_server::{config::Settings, seed, startup, telemetry};

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
