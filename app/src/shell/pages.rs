//! Pages of the frame: home (platform landing or portal home), errors, and
//! the persona areas whose content later contexts fill in.

use super::data::use_shell;
use crate::error::AppError;
use crate::identity::directory::portal_directory;
use crate::identity::records::Portal;
use crate::identity::widgets::PortalCards;
use crate::ui::{set_status, ErrorList};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    if use_shell().is_platform() {
        view! { <PlatformLanding/> }.into_any()
    } else {
        view! { <PortalHome/> }.into_any()
    }
}

#[component]
fn PlatformLanding() -> impl IntoView {
    let portals = Resource::new_blocking(|| (), |_| portal_directory());
    view! {
        <Title text=""/>
        <Meta name="description" content="Lyceum: branded course portals for organizations."/>
        <section class="hero">
            <h1>"Lyceum"</h1>
            <p class="hero__lead">
                "Course portals for organizations: each with its own brand, its own people and its own catalog."
            </p>
        </section>
        <section class="portal-directory" aria-labelledby="portals-heading">
            <h2 id="portals-heading">"Portals"</h2>
            <PortalDirectory portals/>
        </section>
    }
}

/// The portal list of a loading directory resource.
#[component]
fn PortalDirectory(portals: Resource<Result<Vec<Portal>, AppError>>) -> impl IntoView {
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
fn PortalHome() -> impl IntoView {
    let shell = use_shell();
    let name = shell.tenant.name.clone();
    let cta = match &shell.user {
        Some(user) => view! {
            <p>"Signed in as " <strong>{user.display_name.clone()}</strong> "."</p>
            <p><a class="button" href="/dashboard">"Go to your dashboard"</a></p>
        }
        .into_any(),
        None => view! {
            <p class="hero__actions">
                <a class="button" href="/register">"Create an account"</a>
                <a class="button button--ghost-dark" href="/login">"Log in"</a>
            </p>
        }
        .into_any(),
    };
    view! {
        <Title text=""/>
        <Meta name="description" content=format!("Courses from {name}")/>
        <section class="hero hero--portal">
            <h1>{format!("Welcome to {name}")}</h1>
            <p class="hero__lead">"Learn at your own pace with courses from our instructors."</p>
            {cta}
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page not found"/>
        <section class="notice">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. Check the link, or start again from the home page."</p>
            <p><a class="button" href="/">"Home"</a></p>
        </section>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! {
        <Title text="Access denied"/>
        <section class="notice">
            <h1>"Access denied"</h1>
            <p>"Your account does not have access to this page. If you think it should, ask an administrator of this portal."</p>
            <p><a class="button" href="/dashboard">"Back to your dashboard"</a></p>
        </section>
    }
}

/// The catalog is public on an organization's portal; courses arrive with
/// the catalog context.
#[component]
pub fn LearningPage() -> impl IntoView {
    view! {
        <Title text="My learning"/>
        <header class="page-header"><h1>"My learning"</h1></header>
        <section class="empty-state">
            <h2>"You are not enrolled in any course"</h2>
            <p>"Courses you enrol in will appear here with your progress."</p>
            <p><a class="button" href="/courses">"Browse the catalog"</a></p>
        </section>
    }
}

#[component]
pub fn PortalsPage() -> impl IntoView {
    let portals = Resource::new(|| (), |_| portal_directory());
    view! {
        <Title text="Portals"/>
        <header class="page-header"><h1>"Portals"</h1></header>
        <PortalDirectory portals/>
    }
}
