//! The directory of portals: on the platform's landing page (public) and
//! the super-admin's Portals page.

use crate::error::AppError;
use crate::identity::records::Portal;
use crate::identity::widgets::PortalCards;
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(prefix = "/fn", endpoint = "portals", output = crate::wire::Answer)]
pub async fn portal_directory() -> Result<Vec<Portal>, AppError> {
    crate::request::finish(server::portal_directory().await)
}

/// The portal list of a loading directory resource.
#[component]
pub fn PortalDirectory(
    portals: Resource<Result<Vec<Portal>, AppError>, crate::wire::Wire>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading portals…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    portals.await.map(|list| view! { <PortalCards portals=list/> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn PortalsPage() -> impl IntoView {
    let portals = crate::wire::resource(|| (), |_| portal_directory());
    view! {
        <Title text="Portals"/>
        <header class="page-header"><h1>"Portals"</h1></header>
        <PortalDirectory portals/>
    }
}

#[cfg(feature = "ssr")]
mod server {
    use crate::error::AppError;
    use crate::identity::records::Portal;
    use crate::identity::tenants;
    use crate::request::{app_state, request_ctx};
    use lyceum::TenantKind;

    pub async fn portal_directory() -> Result<Vec<Portal>, AppError> {
        let ctx = request_ctx()?;
        if ctx.tenant.kind != TenantKind::Platform {
            return Err(AppError::NotFound);
        }
        let state = app_state();
        // Portal links keep the port the platform was reached on (e.g. :3000 locally).
        let port = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .map(str::to_owned)
            })
            .and_then(|host| host.rsplit_once(':').map(|(_, port)| format!(":{port}")))
            .unwrap_or_default();
        let scheme = if state.config.https { "https" } else { "http" };
        let mut portals = tenants::list_portals(&state.db).await?;
        for portal in &mut portals {
            portal.url = format!(
                "{scheme}://{}.{}{port}/",
                portal.subdomain, state.config.base_domain
            );
        }
        Ok(portals)
    }
}
