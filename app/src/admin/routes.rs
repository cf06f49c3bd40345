//! Administration's routes.

use super::users::AdminPage;
use crate::ui::routing::guarded_page;
use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};
use lyceum::navigation::Access;
use lyceum::Permission;

/// Every administration route (a single one, so already one nested route).
#[component(transparent)]
pub fn AdminRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/admin") ssr=SsrMode::Async view={Lazy::<AdminRoute>::new()}/>
    }
    .into_inner()
}

guarded_page!(
    AdminRoute,
    Access::Permission(Permission::UserManage),
    view! { <AdminPage/> }
);
