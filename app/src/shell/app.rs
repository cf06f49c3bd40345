//! The document shell and the router.

use super::dashboard::DashboardPage;
use super::data::ShellData;
use super::guard::Guarded;
use super::layout::{Footer, Header};
use super::navigation::Access;
use super::pages::{HomePage, LearningPage, NotFound, PortalsPage};
use crate::admin::users::AdminPage;
use crate::catalog::pages::catalog::CatalogPage;
use crate::catalog::pages::categories::CategoriesPage;
use crate::catalog::pages::course::CoursePage;
use crate::catalog::pages::teaching::{CourseEditorPage, TeachingPage};
use crate::identity::pages::{LoginPage, RegisterPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};
use lyceum::Permission;

/// The stylesheet's URL (content-hashed in release builds).
fn stylesheet() -> &'static str {
    #[cfg(feature = "ssr")]
    {
        crate::assets::stylesheet()
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/pkg/lyceum.css"
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The CSP header (set by the server middleware) admits scripts carrying this nonce.
    #[cfg(feature = "ssr")]
    if let Some(ctx) = crate::request::try_request_ctx() {
        provide_context(leptos::nonce::Nonce::from_value(ctx.nonce));
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                // Static per document, so written here (server-only) rather than
                // by leptos_meta components that would also ship in the WASM.
                <link rel="stylesheet" id="leptos" href=stylesheet()/>
                <link rel="stylesheet" href="/brand.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

fn current_shell() -> ShellData {
    #[cfg(feature = "ssr")]
    {
        crate::request::try_request_ctx()
            .map(|c| c.shell_data())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        ShellData::default()
    }
}

/// The catalog exists on organization portals (for anonymous visitors too),
/// not on the platform's own site.
#[component]
fn CatalogGate(children: ChildrenFn) -> impl IntoView {
    let shell = super::data::use_shell();
    if super::navigation::allows(
        Access::Permission(Permission::CatalogRead),
        shell.persona(),
        shell.tenant.kind,
    ) {
        children().into_any()
    } else {
        view! { <NotFound/> }.into_any()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let shell = SharedValue::new(current_shell).into_inner();
    let tenant_name = shell.tenant.name.clone();
    provide_context(shell);

    // A marker for tests and scripts: the page is live.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=move |page: String| {
            let full = if page.is_empty() { tenant_name.clone() } else { format!("{page} · {tenant_name}") };
            // leptos_meta writes the server-rendered <title> unescaped.
            crate::ui::raw_text(full)
        }/>
        <Router>
            // The first stop of the Tab key: past the header's links.
            // (The router would treat the click as a navigation and leave
            // the focus where it was: it moves the focus itself.)
            <a class="skip-link" href="#main" on:click=move |ev| {
                ev.prevent_default();
                if let Some(main) = document().get_element_by_id("main") {
                    use leptos::wasm_bindgen::JsCast;
                    if let Ok(main) = main.dyn_into::<leptos::web_sys::HtmlElement>() {
                        let _ = main.focus();
                    }
                }
            }>"Skip to main content"</a>
            <Header/>
            <main class="page" id="main" tabindex="-1">
                // In-order streaming: pages with data arrive complete, so they
                // work before the WebAssembly loads (and without JavaScript).
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder/>
                    // Lazy too (their code is a chunk of its own): most visits
                    // are to the catalog, and the main chunk is what every
                    // visitor downloads first.
                    <Route path=path!("/login") ssr=SsrMode::Async view={Lazy::<LoginRoute>::new()}/>
                    <Route path=path!("/register") ssr=SsrMode::Async view={Lazy::<RegisterRoute>::new()}/>
                    // Async: the whole page is rendered before the status line
                    // is sent, so 404 and 301 answers are real HTTP statuses.
                    <Route path=path!("/courses") view=|| view! { <CatalogGate><CatalogPage/></CatalogGate> } ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug") view=|| view! { <CatalogGate><CoursePage/></CatalogGate> } ssr=SsrMode::Async/>
                    <Route path=path!("/categories/:slug") view=|| view! { <CatalogGate><CatalogPage category_page=true/></CatalogGate> } ssr=SsrMode::Async/>
                    // Pages behind a guard render completely before their
                    // status line (Async): an anonymous visitor gets a real
                    // 303 to the login page, not a 200 and a Location header.
                    <Route path=path!("/dashboard") ssr=SsrMode::Async view={Lazy::<DashboardRoute>::new()}/>
                    <Route path=path!("/learning") ssr=SsrMode::Async view={Lazy::<LearningRoute>::new()}/>
                    // Staff pages are lazy routes: their code is a separate
                    // WASM chunk (`cargo leptos build --split`) that only
                    // instructors and admins ever download.
                    <Route path=path!("/instructor") ssr=SsrMode::Async view={Lazy::<TeachingRoute>::new()}/>
                    <Route path=path!("/instructor/courses/new") ssr=SsrMode::Async view={Lazy::<NewCourseRoute>::new()}/>
                    <Route path=path!("/instructor/courses/:id") ssr=SsrMode::Async view={Lazy::<EditCourseRoute>::new()}/>
                    <Route path=path!("/admin/categories") ssr=SsrMode::Async view={Lazy::<CategoriesRoute>::new()}/>
                    <Route path=path!("/admin") ssr=SsrMode::Async view={Lazy::<AdminRoute>::new()}/>
                    <Route path=path!("/portals") ssr=SsrMode::Async view={Lazy::<PortalsRoute>::new()}/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// Pages as lazy routes. They load their data inside (guards and
/// resources), so `data` carries nothing; `view` is the split point.
macro_rules! lazy_page {
    ($route:ident, $page:expr) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page.into_any()
            }
        }
    };
}

/// A lazy page behind a guard (see `guard.rs`).
macro_rules! staff_route {
    ($route:ident, $access:expr, $page:expr) => {
        lazy_page!($route, view! { <Guarded access=$access>{$page}</Guarded> });
    };
}

lazy_page!(LoginRoute, view! { <LoginPage/> });
lazy_page!(RegisterRoute, view! { <RegisterPage/> });
staff_route!(DashboardRoute, Access::SignedIn, view! { <DashboardPage/> });
staff_route!(
    LearningRoute,
    Access::Permission(Permission::ProgressRead),
    view! { <LearningPage/> }
);

staff_route!(
    TeachingRoute,
    Access::Permission(Permission::CourseCreate),
    view! { <TeachingPage/> }
);
staff_route!(
    NewCourseRoute,
    Access::Permission(Permission::CourseCreate),
    view! { <CourseEditorPage new=true/> }
);
staff_route!(
    EditCourseRoute,
    Access::Permission(Permission::CourseUpdateOwn),
    view! { <CourseEditorPage/> }
);
staff_route!(
    CategoriesRoute,
    Access::Permission(Permission::CategoryManage),
    view! { <CategoriesPage/> }
);
staff_route!(
    AdminRoute,
    Access::Permission(Permission::UserManage),
    view! { <AdminPage/> }
);
staff_route!(
    PortalsRoute,
    Access::Permission(Permission::PlatformTenantsManage),
    view! { <PortalsPage/> }
);
