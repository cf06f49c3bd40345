//! The document shell and the router.

use super::dashboard::DashboardPage;
use super::layout::{Footer, Header};
use super::pages::HomePage;
use crate::admin::routes::AdminRoutes;
use crate::authoring::routes::AuthoringRoutes;
use crate::catalog::routes::CatalogRoutes;
use crate::identity::routes::IdentityRoutes;
use crate::learning::routes::LearningRoutes;
use crate::ui::routing::guarded_page;
use crate::ui::viewer::ShellData;
use crate::ui::NotFound;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};
use lyceum::navigation::Access;

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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let shell = crate::wire::shared(current_shell);
    let tenant_name = shell.tenant.name.clone();
    provide_context(shell);

    // A marker for tests and scripts: the page is live.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    // The title the server wrote stays at the bottom of leptos_meta's stack
    // while the page hydrates. Hydration registers this formatter before a
    // page's own <Title> (often inside a Suspense, hydrated later), and
    // leptos_meta 0.8 writes "" for an empty stack: the tab title blanked for
    // a moment after every load, and a check made then found no title.
    #[cfg(not(feature = "ssr"))]
    let server_title = document().title();
    #[cfg(feature = "ssr")]
    let server_title = String::new();
    let bottom_title = server_title.clone();
    view! {
        <Title text=bottom_title formatter=move |page: String| {
            if !server_title.is_empty() && page == server_title {
                return page;
            }
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
                    // Pages behind a guard render completely before their
                    // status line (Async): an anonymous visitor gets a real
                    // 303 to the login page, not a 200 and a Location header.
                    <Route path=path!("/dashboard") ssr=SsrMode::Async view={Lazy::<DashboardRoute>::new()}/>
                    // Each context's routes (its `routes.rs`).
                    <IdentityRoutes/>
                    <CatalogRoutes/>
                    <AuthoringRoutes/>
                    <LearningRoutes/>
                    <AdminRoutes/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

guarded_page!(DashboardRoute, Access::SignedIn, view! { <DashboardPage/> });
