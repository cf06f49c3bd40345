//! Header with the tenant's brand, persona navigation and the account menu.

use super::navigation::items_for;
use crate::identity::forms::Logout;
use crate::ui::viewer::use_shell;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let shell = use_shell();
    let items: Vec<_> = items_for(shell.persona(), shell.tenant.kind).collect();
    let logo = shell.tenant.logo.clone();
    let initial = shell.tenant.name.chars().next().unwrap_or('L').to_string();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    {match logo {
                        Some(src) => view! { <img class="brand__logo" src=src alt="" width="32" height="32"/> }.into_any(),
                        None => view! { <span class="brand__mark" aria-hidden="true">{initial}</span> }.into_any(),
                    }}
                    <span class="brand__name" data-testid="tenant-name">{shell.tenant.name.clone()}</span>
                </a>
                <nav class="main-nav" aria-label="Main">
                    <ul>
                        {items
                            .into_iter()
                            .map(|item| view! { <li><A href=item.href>{item.label}</A></li> })
                            .collect_view()}
                    </ul>
                </nav>
                <AccountMenu/>
            </div>
        </header>
    }
}

#[component]
fn AccountMenu() -> impl IntoView {
    let shell = use_shell();
    let logout = ServerAction::<Logout>::new();
    match shell.user {
        Some(user) => view! {
            <div class="account" data-testid="account">
                <span class="account__who">
                    <span class="account__name" data-testid="user-name">{user.display_name.clone()}</span>
                    <span class="account__persona">{user.persona.label()}</span>
                </span>
                <ActionForm action=logout attr:class="account__logout">
                    <button type="submit" class="button button--ghost">"Log out"</button>
                </ActionForm>
            </div>
        }
        .into_any(),
        None if shell.is_platform() => view! {
            <div class="account" data-testid="account">
                <a class="button button--ghost" href="/login">"Log in"</a>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="account" data-testid="account">
                <a class="button button--ghost" href="/login">"Log in"</a>
                <a class="button button--inverse" href="/register">"Sign up"</a>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let shell = use_shell();
    let portal = (!shell.is_platform()).then(|| {
        view! {
            <span>{shell.tenant.name.clone()}</span>
            <span class="site-footer__sep" aria-hidden="true">"·"</span>
        }
    });
    view! {
        <footer class="site-footer">
            {portal}
            <span>"Powered by Lyceum"</span>
        </footer>
    }
}
