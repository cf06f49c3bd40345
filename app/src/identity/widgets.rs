//! Identity's dashboard widgets: your account, the last day's sign-ins
//! (who may read the security log), and the portal directory (the
//! platform's super-admin). Each loads its own data; the shell shows the
//! ones the visitor's persona may see (`shell/dashboard.rs`).

use crate::error::AppError;
use crate::identity::directory::portal_directory;
use crate::identity::records::{OwnAccount, Portal};
use crate::ui::{ErrorList, Widget};
use leptos::prelude::*;
use lyceum::navigation::Access;
use lyceum::Permission;
use serde::{Deserialize, Serialize};

pub const ACCOUNT: Widget = Widget {
    access: Access::SignedIn,
    view: || view! { <AccountWidget/> }.into_any(),
};
pub const SIGN_INS: Widget = Widget {
    access: Access::Permission(Permission::AuditRead),
    view: || view! { <SignInsWidget/> }.into_any(),
};
pub const PORTALS: Widget = Widget {
    access: Access::Permission(Permission::PlatformTenantsManage),
    view: || view! { <PortalsWidget/> }.into_any(),
};

/// Sign-ins of the last 24 hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignIns {
    pub succeeded: i64,
    pub failed: i64,
}

#[server(prefix = "/fn", endpoint = "identity/account", output = crate::wire::Answer)]
pub async fn account_summary() -> Result<Option<OwnAccount>, AppError> {
    crate::request::finish(server::account_summary().await)
}

#[server(prefix = "/fn", endpoint = "identity/sign-ins", output = crate::wire::Answer)]
pub async fn sign_ins_last_day() -> Result<SignIns, AppError> {
    crate::request::finish(server::sign_ins_last_day().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::identity::{accounts, audit};
    use crate::request::{in_transaction, request_ctx};

    pub async fn account_summary() -> Result<Option<OwnAccount>, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require_user()?.id;
        in_transaction(&ctx, async |tx| Ok(accounts::own_account(tx, me).await?)).await
    }

    pub async fn sign_ins_last_day() -> Result<SignIns, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::AuditRead)?;
        in_transaction(&ctx, async |tx| {
            let (succeeded, failed) = audit::logins_last_day(tx).await?;
            Ok(SignIns { succeeded, failed })
        })
        .await
    }
}

#[component]
fn AccountWidget() -> impl IntoView {
    let account = crate::wire::resource(|| (), |_| account_summary());
    view! {
        <section class="widget">
            <h2>"Your account"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        account.await.map(|a| a.map(|a| view! {
                            <dl class="facts">
                                <dt>"Member since"</dt>
                                <dd>{a.member_since}</dd>
                                <dt>"Previous sign-in"</dt>
                                <dd>{a.previous_login.unwrap_or_else(|| "none before this one".into())}</dd>
                                <dt>"Active sessions"</dt>
                                <dd data-testid="active-sessions">{a.active_sessions}</dd>
                            </dl>
                        }))
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn SignInsWidget() -> impl IntoView {
    let summary = crate::wire::resource(|| (), |_| sign_ins_last_day());
    view! {
        <section class="widget">
            <h2>"Sign-ins, last 24 hours"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        summary.await.map(|s| view! {
                            <dl class="facts facts--numbers">
                                <dt>"Successful"</dt>
                                <dd>{s.succeeded}</dd>
                                <dt>"Failed"</dt>
                                <dd class=("warn", s.failed > 0)>{s.failed}</dd>
                            </dl>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
            <p><a href="/admin#security-events">"Security events"</a></p>
        </section>
    }
}

#[component]
fn PortalsWidget() -> impl IntoView {
    let portals = crate::wire::resource(|| (), |_| portal_directory());
    view! {
        <section class="widget widget--wide">
            <h2>"Portals"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        portals.await.map(|p| view! { <PortalCards portals=p/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// The portals as cards: logo (or a swatch of the brand colour), name, host.
#[component]
pub fn PortalCards(portals: Vec<Portal>) -> impl IntoView {
    if portals.is_empty() {
        return view! { <p class="muted">"No portals have been created yet."</p> }.into_any();
    }
    view! {
        <ul class="card-grid">
            {portals
                .into_iter()
                .map(|p| {
                    let swatch = p.primary_color.clone();
                    view! {
                        <li class="card portal-card">
                            <a href=p.url.clone() class="portal-card__link">
                                {match p.logo.clone() {
                                    Some(src) => view! { <img src=src alt="" width="40" height="40"/> }.into_any(),
                                    None => view! {
                                        <svg width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">
                                            <rect width="40" height="40" rx="8" fill=swatch/>
                                        </svg>
                                    }.into_any(),
                                }}
                                <span class="portal-card__name">{p.name.clone()}</span>
                            </a>
                            <span class="portal-card__host muted">{p.url.trim_end_matches('/').replace("http://", "").replace("https://", "")}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
