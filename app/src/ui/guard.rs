//! Route guards. The server render sets the HTTP status (403) or redirects
//! anonymous visitors to the login page; the data behind each page is
//! checked again by its server functions.

use super::status::Forbidden;
use super::viewer::use_shell;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lyceum::navigation::{allows, Access};

/// Renders `children` only for visitors that `access` admits. An anonymous
/// visitor is sent to the login page (303, `next` = this page); a
/// signed-in one without the permission gets a real 403 page.
#[component]
pub fn Guarded(access: Access, children: ChildrenFn) -> impl IntoView {
    let shell = use_shell();
    if shell.user.is_none() {
        let location = use_location();
        let mut next = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        if !search.is_empty() {
            next.push('?');
            next.push_str(search.trim_start_matches('?'));
        }
        let target = format!("/login?next={}", lyceum::url::encode_path_value(&next));
        return view! { <SignInFirst target/> }.into_any();
    }
    if !allows(access, shell.persona(), shell.tenant.kind) {
        return view! { <Forbidden/> }.into_any();
    }
    children().into_any()
}

/// 303 See Other to the login page (the routes behind `Guarded` render
/// completely before their status line, `SsrMode::Async`), with a link for
/// anything that does not follow redirects.
#[component]
fn SignInFirst(target: String) -> impl IntoView {
    crate::ui::redirect(303, &target);
    view! {
        <section class="notice">
            <h1>"Please log in"</h1>
            <p>"This page is for signed-in members of this portal."</p>
            <p><a class="button" href=target>"Log in"</a></p>
        </section>
    }
}
