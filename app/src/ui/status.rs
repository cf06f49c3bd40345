//! The status pages every context answers with: 404 and 403, with their
//! real HTTP status on the server render.

use super::set_status;
use leptos::prelude::*;
use leptos_meta::Title;

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
