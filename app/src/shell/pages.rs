//! Pages of the frame: home (platform landing or portal home) and the
//! learner area that the learning context will fill in.

use crate::identity::directory::{portal_directory, PortalDirectory};
use crate::ui::use_shell;
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
    let portals = crate::wire::blocking_resource(|| (), |_| portal_directory());
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
