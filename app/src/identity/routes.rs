//! Identity's routes: signing in and up, and the platform's portal list.

use super::directory::PortalsPage;
use super::pages::{LoginPage, RegisterPage};
use crate::ui::routing::{guarded_page, lazy_page};
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};
use lyceum::navigation::Access;
use lyceum::Permission;

/// Every identity route, as one nested route (see `catalog::routes`).
#[component(transparent)]
pub fn IdentityRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        // Lazy (their code is a chunk of its own): most visits are to
        // the catalog, and the main chunk is what every visitor
        // downloads first.
        <Route path=path!("/login") ssr=SsrMode::Async view={Lazy::<LoginRoute>::new()}/>
        <Route path=path!("/register") ssr=SsrMode::Async view={Lazy::<RegisterRoute>::new()}/>
        <Route path=path!("/portals") ssr=SsrMode::Async view={Lazy::<PortalsRoute>::new()}/>
    }
    .into_inner()
    .into_any_nested_route()
}

lazy_page!(LoginRoute, view! { <LoginPage/> });
lazy_page!(RegisterRoute, view! { <RegisterPage/> });
guarded_page!(
    PortalsRoute,
    Access::Permission(Permission::PlatformTenantsManage),
    view! { <PortalsPage/> }
);
