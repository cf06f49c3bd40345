//! The per-persona dashboard: a greeting, then every context's widgets
//! (`WIDGETS`) that the visitor's persona may see. Each widget loads its
//! own data and shows only real figures; later contexts add theirs here.

use super::navigation::allows;
use crate::ui::viewer::use_shell;
use crate::ui::Widget;
use leptos::prelude::*;
use leptos_meta::Title;

/// The dashboard's widgets, in display order.
const WIDGETS: &[Widget] = &[
    crate::learning::widgets::CURRENT_COURSES,
    crate::learning::widgets::PROGRESS_TRACKER,
    crate::learning::widgets::RECOMMENDATIONS,
    crate::learning::widgets::ACHIEVEMENTS,
    crate::identity::widgets::ACCOUNT,
    crate::admin::widgets::PEOPLE,
    crate::identity::widgets::SIGN_INS,
    crate::identity::widgets::PORTALS,
];

#[component]
pub fn DashboardPage() -> impl IntoView {
    let shell = use_shell();
    let first_name = shell
        .user
        .as_ref()
        .map(|u| u.first_name().to_owned())
        .unwrap_or_default();
    let persona = shell.persona();
    let widgets = WIDGETS
        .iter()
        .filter(|w| allows(w.access, persona, shell.tenant.kind))
        .map(|w| (w.view)())
        .collect_view();
    view! {
        <Title text="Dashboard"/>
        <header class="page-header">
            <h1>{format!("Welcome, {first_name}")}</h1>
            <p class="muted">{shell.user.as_ref().map(|u| format!("{} · {}", u.persona.label(), shell.tenant.name))}</p>
        </header>
        <div class="widgets">{widgets}</div>
    }
}
