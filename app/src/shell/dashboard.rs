//! The per-persona dashboard. Each widget appears when the persona holds the
//! permission behind it and shows only real figures; later contexts add theirs.

use super::data::use_shell;
use super::pages::PortalCards;
use crate::error::AppError;
use crate::identity::records::{OwnAccount, Portal};
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::Title;
use lyceum::Persona;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleCounts {
    pub by_persona: Vec<(Persona, i64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecuritySummary {
    pub logins_24h: i64,
    pub failed_24h: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub account: Option<OwnAccount>,
    pub people: Option<PeopleCounts>,
    pub security: Option<SecuritySummary>,
    pub portals: Option<Vec<Portal>>,
}

#[server(prefix = "/fn", endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    crate::request::finish(server::dashboard().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::identity::accounts;
    use crate::request::{app_state, request_ctx};
    use lyceum::Permission;

    pub async fn dashboard() -> Result<Dashboard, AppError> {
        let ctx = request_ctx()?;
        let user = ctx.require_user()?.clone();
        let state = app_state();
        let mut tx = state.db.begin(&ctx).await?;
        let account = accounts::own_account(&mut tx, user.id).await?;
        let people = if user.persona.can(Permission::UserManage) {
            Some(PeopleCounts {
                by_persona: accounts::count_by_persona(&mut tx).await?,
            })
        } else {
            None
        };
        let security = if user.persona.can(Permission::AuditRead) {
            let (logins, failed) = crate::identity::audit::logins_last_day(&mut tx).await?;
            Some(SecuritySummary {
                logins_24h: logins,
                failed_24h: failed,
            })
        } else {
            None
        };
        tx.commit().await?;
        let portals = if user.persona.can(Permission::PlatformTenantsManage) {
            Some(crate::identity::directory::portal_directory().await?)
        } else {
            None
        };
        Ok(Dashboard {
            account,
            people,
            security,
            portals,
        })
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let shell = use_shell();
    let first_name = shell
        .user
        .as_ref()
        .map(|u| u.first_name().to_owned())
        .unwrap_or_default();
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <Title text="Dashboard"/>
        <header class="page-header">
            <h1>{format!("Welcome, {first_name}")}</h1>
            <p class="muted">{shell.user.as_ref().map(|u| format!("{} · {}", u.persona.label(), shell.tenant.name))}</p>
        </header>
        <Suspense fallback=|| view! { <p class="muted">"Loading your dashboard…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|d| view! { <Widgets data=d/> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Widgets(data: Dashboard) -> impl IntoView {
    view! {
        <div class="widgets">
            {data.account.map(|a| view! { <AccountWidget account=a/> })}
            {data.people.map(|p| view! { <PeopleWidget people=p/> })}
            {data.security.map(|s| view! { <SecurityWidget summary=s/> })}
            {data.portals.map(|p| view! {
                <section class="widget widget--wide">
                    <h2>"Portals"</h2>
                    <PortalCards portals=p/>
                </section>
            })}
        </div>
    }
}

#[component]
fn AccountWidget(account: OwnAccount) -> impl IntoView {
    view! {
        <section class="widget">
            <h2>"Your account"</h2>
            <dl class="facts">
                <dt>"Member since"</dt>
                <dd>{account.member_since}</dd>
                <dt>"Previous sign-in"</dt>
                <dd>{account.previous_login.unwrap_or_else(|| "none before this one".into())}</dd>
                <dt>"Active sessions"</dt>
                <dd data-testid="active-sessions">{account.active_sessions}</dd>
            </dl>
        </section>
    }
}

#[component]
fn PeopleWidget(people: PeopleCounts) -> impl IntoView {
    let count = |p: Persona| {
        people
            .by_persona
            .iter()
            .find(|(q, _)| *q == p)
            .map_or(0, |(_, n)| *n)
    };
    let rows = [
        (Persona::Learner, "Learners"),
        (Persona::Instructor, "Instructors"),
        (Persona::Admin, "Administrators"),
    ];
    view! {
        <section class="widget">
            <h2>"People"</h2>
            <dl class="facts facts--numbers">
                {rows
                    .into_iter()
                    .map(|(p, label)| {
                        view! {
                            <dt>{label}</dt>
                            <dd data-testid=format!("count-{}", p.as_str())>{count(p)}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p><a href="/admin">"Manage people"</a></p>
        </section>
    }
}

#[component]
fn SecurityWidget(summary: SecuritySummary) -> impl IntoView {
    view! {
        <section class="widget">
            <h2>"Sign-ins, last 24 hours"</h2>
            <dl class="facts facts--numbers">
                <dt>"Successful"</dt>
                <dd>{summary.logins_24h}</dd>
                <dt>"Failed"</dt>
                <dd class=("warn", summary.failed_24h > 0)>{summary.failed_24h}</dd>
            </dl>
            <p><a href="/admin#security-events">"Security events"</a></p>
        </section>
    }
}
