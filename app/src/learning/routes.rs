//! Learning's routes: "My learning" and the player, lazy chunks only
//! signed-in learners download.

use super::pages::mine::MyLearningPage;
use super::pages::player::{PlayerPage, ResumePage};
use crate::ui::routing::guarded_page;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};
use lyceum::navigation::Access;
use lyceum::Permission;

/// Every learning route, as one nested route (see `catalog/routes.rs`).
#[component(transparent)]
pub fn LearningRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/learning") ssr=SsrMode::Async view={Lazy::<MyLearningRoute>::new()}/>
        <Route path=path!("/learn/:course") ssr=SsrMode::Async view={Lazy::<ResumeRoute>::new()}/>
        <Route path=path!("/learn/:course/:lesson") ssr=SsrMode::Async view={Lazy::<PlayerRoute>::new()}/>
    }
    .into_inner()
    .into_any_nested_route()
}

guarded_page!(
    MyLearningRoute,
    Access::Permission(Permission::ProgressRead),
    view! { <MyLearningPage/> }
);
guarded_page!(
    ResumeRoute,
    Access::Permission(Permission::ProgressRead),
    view! { <ResumePage/> }
);
guarded_page!(
    PlayerRoute,
    Access::Permission(Permission::ProgressRead),
    view! { <PlayerPage/> }
);
