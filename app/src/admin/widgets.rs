//! Administration's dashboard widget: how many people the portal has, per
//! persona.

use crate::error::AppError;
use crate::ui::{ErrorList, Widget};
use leptos::prelude::*;
use lyceum::navigation::Access;
use lyceum::{Permission, Persona};

pub const PEOPLE: Widget = Widget {
    access: Access::Permission(Permission::UserManage),
    view: || view! { <PeopleWidget/> }.into_any(),
};

/// People per persona (personas without anyone are absent).
#[server(prefix = "/fn", endpoint = "admin/people", output = crate::wire::Answer)]
pub async fn people_counts() -> Result<Vec<(Persona, i64)>, AppError> {
    crate::request::finish(server::people_counts().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::identity::accounts;
    use crate::request::{in_transaction, request_ctx};

    pub async fn people_counts() -> Result<Vec<(Persona, i64)>, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::UserManage)?;
        in_transaction(&ctx, async |tx| Ok(accounts::count_by_persona(tx).await?)).await
    }
}

#[component]
fn PeopleWidget() -> impl IntoView {
    let counts = crate::wire::resource(|| (), |_| people_counts());
    let rows = [
        (Persona::Learner, "Learners"),
        (Persona::Instructor, "Instructors"),
        (Persona::Admin, "Administrators"),
    ];
    view! {
        <section class="widget">
            <h2>"People"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors inline=true/> }>
                    {move || Suspend::new(async move {
                        counts.await.map(|counts| {
                            let count = |p: Persona| {
                                counts.iter().find(|(q, _)| *q == p).map_or(0, |(_, n)| *n)
                            };
                            view! {
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
                            }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
            <p><a href="/admin">"Manage people"</a></p>
        </section>
    }
}
