//! Authoring's routes: the curriculum editor (a lazy chunk only
//! instructors and admins download).

use super::pages::curriculum::CurriculumPage;
use super::pages::lesson::LessonEditorPage;
use super::pages::preview::LessonPreviewPage;
use crate::ui::routing::guarded_page;
use crate::ui::routing::lazy_page;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};
use lyceum::navigation::Access;
use lyceum::Permission;

/// Every authoring route, as one nested route (see `catalog/routes.rs`).
#[component(transparent)]
pub fn AuthoringRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/instructor/courses/:id/curriculum") ssr=SsrMode::Async view={Lazy::<CurriculumRoute>::new()}/>
        <Route path=path!("/instructor/courses/:id/lessons/:lesson") ssr=SsrMode::Async view={Lazy::<LessonRoute>::new()}/>
        // Free previews: Async, so an unknown or hidden lesson is a real 404.
        <Route path=path!("/courses/:slug/lessons/:lesson") ssr=SsrMode::Async view={Lazy::<PreviewRoute>::new()}/>
    }
    .into_inner()
    .into_any_nested_route()
}

guarded_page!(
    CurriculumRoute,
    Access::Permission(Permission::CourseUpdateOwn),
    view! { <CurriculumPage/> }
);
guarded_page!(
    LessonRoute,
    Access::Permission(Permission::CourseUpdateOwn),
    view! { <LessonEditorPage/> }
);

lazy_page!(PreviewRoute, view! { <LessonPreviewPage/> });
