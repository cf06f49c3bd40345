//! Learning's routes: "My learning" and the player, lazy chunks only
//! signed-in learners download.

use super::pages::certificate::{CertificatesPage, VerifyPage};
use super::pages::mine::MyLearningPage;
use super::pages::player::{PlayerPage, ResumePage};
use crate::ui::routing::{guarded_page, lazy_page};
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
        <Route path=path!("/verify/:code") ssr=SsrMode::Async view={Lazy::<VerifyRoute>::new()}/>
        <Route path=path!("/admin/certificates") ssr=SsrMode::Async view={Lazy::<CertificatesRoute>::new()}/>
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
// Public: anyone holding the link may check a certificate.
lazy_page!(VerifyRoute, view! { <VerifyPage/> });
guarded_page!(
    CertificatesRoute,
    Access::Permission(Permission::ContentModerate),
    view! { <CertificatesPage/> }
);
