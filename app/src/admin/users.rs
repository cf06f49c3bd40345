//! People of a portal and the security audit log, for its administrators.

use crate::error::AppError;
use crate::identity::records::{AuditRow, UserRow};
use crate::ui::viewer::use_shell;
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::Title;
use lyceum::Persona;

#[server(prefix = "/fn", endpoint = "admin/users", output = crate::wire::Answer)]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    crate::request::finish(server::list_users().await)
}

#[server(prefix = "/fn", endpoint = "admin/persona", output = crate::wire::Answer)]
pub async fn change_persona(user_id: String, persona: String) -> Result<(), AppError> {
    crate::request::finish(server::change_persona(user_id, persona).await)
}

#[server(prefix = "/fn", endpoint = "admin/audit", output = crate::wire::Answer)]
pub async fn security_events() -> Result<Vec<AuditRow>, AppError> {
    crate::request::finish(server::security_events().await)
}

/// Personas an admin can assign inside an organization.
pub const ASSIGNABLE: [Persona; 3] = [Persona::Learner, Persona::Instructor, Persona::Admin];

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::identity::audit::{self, AuditEntry};
    use crate::identity::records::AuditKind;
    use crate::identity::{accounts, sessions};
    use crate::request::{app_state, in_transaction, request_ctx};
    use lyceum::{FieldErrors, Permission, TenantKind};
    use serde_json::json;
    use uuid::Uuid;

    pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::UserManage)?;
        in_transaction(&ctx, async |tx| Ok(accounts::list(tx).await?)).await
    }

    pub async fn change_persona(user_id: String, persona: String) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let admin = ctx.require(Permission::UserManage)?.clone();
        let mut errors = FieldErrors::new();
        let target = errors.check(
            "user_id",
            Uuid::parse_str(user_id.trim()).map_err(|_| "is not a user id"),
        );
        let persona = errors.check(
            "persona",
            Persona::parse(&persona)
                .filter(|p| ASSIGNABLE.contains(p) && p.allowed_in(TenantKind::Organization))
                .ok_or("must be learner, instructor or admin"),
        );
        errors.into_result().map_err(AppError::Invalid)?;
        let (target, persona) = (target.expect("checked"), persona.expect("checked"));
        if target == admin.id.uuid() {
            return Err(AppError::invalid(
                "persona",
                "cannot be changed on your own account",
            ));
        }

        let mut tx = app_state().db.begin(&ctx).await?;
        let previous = accounts::set_persona(&mut tx, target, persona)
            .await?
            .ok_or(AppError::NotFound)?;
        if previous != persona {
            // Sessions carry no permissions (they are read per request), but a
            // demotion should not leave the user mid-task with stale pages.
            sessions::delete_all_for_user(&mut tx, target).await?;
            let entry = AuditEntry {
                kind: AuditKind::PersonaChanged,
                actor: Some(admin.id.uuid()),
                subject_user: Some(target),
                subject_email: None,
                detail: json!({ "from": previous.as_str(), "to": persona.as_str() }),
            };
            audit::record(&mut tx, &ctx, entry).await?;
        }
        tx.commit().await?;
        tracing::info!(tenant.id = %ctx.tenant.id, user.id = %admin.id, subject = %target,
            from = previous.as_str(), to = persona.as_str(), "persona changed");
        Ok(())
    }

    pub async fn security_events() -> Result<Vec<AuditRow>, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::AuditRead)?;
        in_transaction(&ctx, async |tx| Ok(audit::recent(tx, 50).await?)).await
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let change = ServerAction::<ChangePersona>::new();
    // Reload both lists after every persona change.
    let users = crate::wire::resource(move || change.version().get(), |_| list_users());
    let events = crate::wire::resource(move || change.version().get(), |_| security_events());
    let shell = use_shell();
    let me = shell
        .user
        .as_ref()
        .map(|u| u.email.clone())
        .unwrap_or_default();
    let change_error = move || change.value().get().and_then(Result::err);
    view! {
        <Title text="Administration"/>
        <header class="page-header page-header--split">
            <div>
                <h1>"Administration"</h1>
                <p class="muted">{shell.tenant.name.clone()}</p>
            </div>
            <div class="page-header__actions">
                <a class="button button--ghost" href="/admin/categories" data-testid="manage-categories">"Categories"</a>
                <a class="button button--ghost" href="/admin/certificates" data-testid="manage-certificates">"Certificates"</a>
            </div>
        </header>
        <section class="panel" aria-labelledby="people-heading">
            <h2 id="people-heading">"People"</h2>
            {move || change_error().map(|e| view! { <div class="alert alert--error" role="alert">{e.to_string()}
                {e.field_errors().and_then(|f| f.get("persona").map(|m| format!(" Persona {m}.")))}</div> })}
            <Transition fallback=|| view! { <p class="muted">"Loading people…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {
                        let me = me.clone();
                        move || {
                            let me = me.clone();
                            Suspend::new(async move {
                                users.await.map(|list| view! { <UsersTable users=list me action=change/> })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </section>
        <crate::admin::settings::CurrencySettings/>
        <section class="panel" id="security-events" aria-labelledby="events-heading">
            <h2 id="events-heading">"Security events"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading events…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move {
                        events.await.map(|list| view! { <AuditTable events=list/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn UsersTable(
    users: Vec<UserRow>,
    me: String,
    action: ServerAction<ChangePersona>,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="users-table">
                <thead>
                    <tr><th>"Name"</th><th>"Email"</th><th>"Joined"</th><th>"Last sign-in"</th><th>"Persona"</th></tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|u| {
                            let is_me = u.email == me;
                            let current = u.persona;
                            view! {
                                <tr data-email=u.email.clone()>
                                    <td>{u.display_name.clone()}{(!u.active).then(|| view! { <span class="tag">"inactive"</span> })}</td>
                                    <td>{u.email.clone()}</td>
                                    <td class="nowrap">{u.created_at.clone()}</td>
                                    <td class="nowrap">{u.last_login_at.clone().unwrap_or_else(|| "never".into())}</td>
                                    <td>
                                        {if is_me {
                                            view! { <span>{current.label()} " (you)"</span> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action attr:class="inline-form">
                                                    <input type="hidden" name="user_id" value=u.user_id.to_string()/>
                                                    <label class="visually-hidden" for=format!("persona-{}", u.user_id)>
                                                        {format!("Persona of {}", u.display_name)}
                                                    </label>
                                                    <select name="persona" id=format!("persona-{}", u.user_id)>
                                                        {ASSIGNABLE
                                                            .into_iter()
                                                            .map(|p| view! {
                                                                <option value=p.as_str() selected=p == current>{p.label()}</option>
                                                            })
                                                            .collect_view()}
                                                    </select>
                                                    <button type="submit" class="button button--small">"Save"</button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AuditTable(events: Vec<AuditRow>) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="muted">"No security events recorded yet."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table table--compact" data-testid="audit-table">
                <thead>
                    <tr><th>"When"</th><th>"Event"</th><th>"By"</th><th>"Concerning"</th><th>"Details"</th><th>"IP"</th></tr>
                </thead>
                <tbody>
                    {events
                        .into_iter()
                        .map(|e| view! {
                            <tr data-kind=e.kind.as_str()>
                                <td class="nowrap">{e.occurred_at}</td>
                                <td>{e.kind.label()}</td>
                                <td>{e.actor.unwrap_or_else(|| "—".into())}</td>
                                <td>{e.subject.unwrap_or_else(|| "—".into())}</td>
                                <td>{e.detail.unwrap_or_default()}</td>
                                <td>{e.ip.unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
