//! The catalog's routes: the public catalog and course pages (organization
//! portals only), and the instructors' and admins' pages.

use super::pages::catalog::CatalogPage;
use super::pages::categories::CategoriesPage;
use super::pages::course::CoursePage;
use super::pages::profile::{InstructorPublicPage, ProfilePage};
use super::pages::teaching::{CourseEditorPage, TeachingPage};
use crate::ui::routing::guarded_page;
use crate::ui::{use_shell, NotFound};
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};
use lyceum::navigation::{allows, Access};
use lyceum::Permission;

/// Every catalog route, as one nested route (`into_any_nested_route`):
/// with type-erased components a route component must return a single
/// route, not a list (leptos-rs/leptos#3939).
#[component(transparent)]
pub fn CatalogRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        // Async: the whole page is rendered before the status line is
        // sent, so 404 and 301 answers are real HTTP statuses.
        <Route path=path!("/courses") view=|| view! { <CatalogGate><CatalogPage/></CatalogGate> } ssr=SsrMode::Async/>
        // Not lazy: a course's page is where most visits from search
        // engines and shared links land (as a chunk it would add 30 KB to
        // those first visits to save 14 KB on the catalog's).
        <Route path=path!("/courses/:slug") view=|| view! { <CatalogGate><CoursePage/></CatalogGate> } ssr=SsrMode::Async/>
        <Route path=path!("/categories/:slug") view=|| view! { <CatalogGate><CatalogPage category_page=true/></CatalogGate> } ssr=SsrMode::Async/>
        // Staff pages: chunks that only instructors and admins download.
        <Route path=path!("/instructor") ssr=SsrMode::Async view={Lazy::<TeachingRoute>::new()}/>
        <Route path=path!("/instructor/courses/new") ssr=SsrMode::Async view={Lazy::<NewCourseRoute>::new()}/>
        <Route path=path!("/instructor/courses/:id") ssr=SsrMode::Async view={Lazy::<EditCourseRoute>::new()}/>
        <Route path=path!("/instructor/profile") ssr=SsrMode::Async view={Lazy::<ProfileRoute>::new()}/>
        <Route path=path!("/instructors/:id") ssr=SsrMode::Async view={Lazy::<InstructorRoute>::new()}/>
        <Route path=path!("/admin/categories") ssr=SsrMode::Async view={Lazy::<CategoriesRoute>::new()}/>
    }
    .into_inner()
    .into_any_nested_route()
}

/// The catalog exists on organization portals (for anonymous visitors too),
/// not on the platform's own site.
#[component]
fn CatalogGate(children: ChildrenFn) -> impl IntoView {
    let shell = use_shell();
    if allows(
        Access::Permission(Permission::CatalogRead),
        shell.persona(),
        shell.tenant.kind,
    ) {
        children().into_any()
    } else {
        view! { <NotFound/> }.into_any()
    }
}

guarded_page!(
    TeachingRoute,
    Access::Permission(Permission::CourseCreate),
    view! { <TeachingPage/> }
);
guarded_page!(
    NewCourseRoute,
    Access::Permission(Permission::CourseCreate),
    view! { <CourseEditorPage new=true/> }
);
guarded_page!(
    EditCourseRoute,
    Access::Permission(Permission::CourseUpdateOwn),
    view! { <CourseEditorPage/> }
);
guarded_page!(
    CategoriesRoute,
    Access::Permission(Permission::CategoryManage),
    view! { <CategoriesPage/> }
);
guarded_page!(
    ProfileRoute,
    Access::Permission(Permission::CourseCreate),
    view! { <ProfilePage/> }
);
crate::ui::routing::lazy_page!(
    InstructorRoute,
    view! { <CatalogGate><InstructorPublicPage/></CatalogGate> }
);
